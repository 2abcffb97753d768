package dev.myelin.kernels;

/**
 * The reference matrix multiplication, C = A·B (or C += A·B) over strided operands, in float and
 * double: what {@link Gemm} falls back to without the Vector API, what float64 always uses, and
 * what the fast kernel is tested against.
 *
 * <p>B is packed row-major when it is not already, then each row of C is built as a sum of scaled
 * rows of B (an axpy the JIT vectorises); rows are split across {@link Parallel}.
 */
public final class ScalarGemm {
    private static final long PARALLEL_FLOPS = 1L << 18;

    private ScalarGemm() {}

    /** C (m x n) = A (m x k) · B (k x n) in float, or C += A·B when {@code accumulate}. */
    public static void gemm(int m, int n, int k, float[] a, int ao, int ars, int acs,
            float[] b, int bo, int brs, int bcs, float[] c, int co, int ldc, boolean accumulate) {
        float[] bp = b;
        int bpo = bo;
        int bpr = brs;
        if (bcs != 1 && n > 1) {
            bp = new float[k * n];
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < n; j++) {
                    bp[p * n + j] = b[bo + p * brs + j * bcs];
                }
            }
            bpo = 0;
            bpr = n;
        }
        float[] bb = bp;
        int bOff = bpo;
        int bRow = bpr;
        int grain = (int) Math.max(1, PARALLEL_FLOPS / Math.max(1L, (long) n * k));
        Parallel.forRange(m, grain, (from, to) -> {
            for (int i = from; i < to; i++) {
                int cr = co + i * ldc;
                for (int j = 0; j < n && !accumulate; j++) {
                    c[cr + j] = 0;
                }
                for (int p = 0; p < k; p++) {
                    float aip = a[ao + i * ars + p * acs];
                    int br = bOff + p * bRow;
                    for (int j = 0; j < n; j++) {
                        c[cr + j] += aip * bb[br + j];
                    }
                }
            }
        });
    }

    /** C (m x n) = A (m x k) · B (k x n) in double, or C += A·B when {@code accumulate}. */
    public static void gemm(int m, int n, int k, double[] a, int ao, int ars, int acs,
            double[] b, int bo, int brs, int bcs, double[] c, int co, int ldc, boolean accumulate) {
        int grain = (int) Math.max(1, PARALLEL_FLOPS / Math.max(1L, (long) n * k));
        Parallel.forRange(m, grain, (from, to) -> {
            for (int i = from; i < to; i++) {
                int cr = co + i * ldc;
                for (int j = 0; j < n && !accumulate; j++) {
                    c[cr + j] = 0;
                }
                for (int p = 0; p < k; p++) {
                    double aip = a[ao + i * ars + p * acs];
                    int br = bo + p * brs;
                    for (int j = 0; j < n; j++) {
                        c[cr + j] += aip * b[br + j * bcs];
                    }
                }
            }
        });
    }
}
