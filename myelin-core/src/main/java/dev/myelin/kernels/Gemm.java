package dev.myelin.kernels;

/**
 * General matrix multiplication over strided operands: C = A·B, or C += A·B when
 * {@code accumulate}. A's element (i, p) is at {@code a[ao + i*ars + p*acs]} and B's (p, j) at
 * {@code b[bo + p*brs + j*bcs]}, so transposed operands (as backward passes use them) need no
 * copy. C is row-major with row stride {@code ldc}.
 *
 * <p>Float products use the packed Vector API kernel ({@code VectorGemm}) when the module is
 * present and the problem is big enough to repay packing; otherwise, and for doubles, the
 * reference {@link ScalarGemm}.
 *
 * <pre>{@code
 * // C (m x n) = Aᵀ·B with A stored (k x m) row-major: swap A's strides
 * Gemm.gemm(m, n, k, a, 0, 1, m, b, 0, n, 1, c, 0, n, false);
 * }</pre>
 */
public final class Gemm {
    /** Below this many multiply-adds packing costs more than it saves. */
    private static final long PACKING_PAYS = 8 * 8 * 32;

    private Gemm() {}

    /** C (m x n) (+)= A (m x k) · B (k x n) in float. */
    public static void gemm(int m, int n, int k, float[] a, int ao, int ars, int acs,
            float[] b, int bo, int brs, int bcs, float[] c, int co, int ldc, boolean accumulate) {
        if (VectorSupport.AVAILABLE && (long) m * n * k >= PACKING_PAYS) {
            VectorGemm.gemm(m, n, k, a, ao, ars, acs, b, bo, brs, bcs, c, co, ldc, accumulate);
        } else {
            ScalarGemm.gemm(m, n, k, a, ao, ars, acs, b, bo, brs, bcs, c, co, ldc, accumulate);
        }
    }

    /**
     * A right-hand operand packed once for many products with it, such as a layer's weight used at
     * every step of a recurrent layer. It is a copy: it does not follow later changes to B.
     */
    public static final class Packed {
        private final int k;
        private final int n;
        private final float[] panels;   // VectorGemm's layout, or null without the Vector API
        private final float[] rowMajor; // B copied row-major, for the scalar kernel

        private Packed(int k, int n, float[] panels, float[] rowMajor) {
            this.k = k;
            this.n = n;
            this.panels = panels;
            this.rowMajor = rowMajor;
        }

        /** The number of rows of B. */
        public int k() {
            return k;
        }

        /** The number of columns of B. */
        public int n() {
            return n;
        }
    }

    /** Packs B (k x n), element (p, j) at {@code b[bo + p*brs + j*bcs]}, for {@link #gemm(int, int, int, float[], int, int, int, Packed, float[], int, int, boolean)}. */
    public static Packed pack(int k, int n, float[] b, int bo, int brs, int bcs) {
        if (VectorSupport.AVAILABLE) {
            return new Packed(k, n, VectorGemm.pack(k, n, b, bo, brs, bcs), null);
        }
        float[] copy = new float[k * n];
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                copy[p * n + j] = b[bo + p * brs + j * bcs];
            }
        }
        return new Packed(k, n, null, copy);
    }

    /** C (m x n) (+)= A (m x k) · B, with B packed by {@link #pack}. */
    public static void gemm(int m, int n, int k, float[] a, int ao, int ars, int acs, Packed b, float[] c, int co,
            int ldc, boolean accumulate) {
        checkPacked(b, k, n);
        if (b.panels != null) {
            VectorGemm.gemm(m, n, k, a, ao, ars, acs, b.panels, c, co, ldc, accumulate);
        } else {
            ScalarGemm.gemm(m, n, k, a, ao, ars, acs, b.rowMajor, 0, n, 1, c, co, ldc, accumulate);
        }
    }

    /**
     * C (m x n) = bias + A (m x k) · B (k x n): every row of C starts as the n values of
     * {@code bias} from {@code biasOffset} (a dense layer's bias, added by the product's own
     * first pass over C rather than by a pass of its own); a null bias gives C = A·B.
     */
    public static void gemmWithBias(int m, int n, int k, float[] a, int ao, int ars, int acs, float[] b, int bo,
            int brs, int bcs, float[] bias, int biasOffset, float[] c, int co, int ldc) {
        if (VectorSupport.AVAILABLE && (long) m * n * k >= PACKING_PAYS) {
            VectorGemm.gemmWithBias(m, n, k, a, ao, ars, acs, b, bo, brs, bcs, null, bias, biasOffset, c, co, ldc);
        } else {
            fillRows(m, n, bias, biasOffset, c, co, ldc);
            ScalarGemm.gemm(m, n, k, a, ao, ars, acs, b, bo, brs, bcs, c, co, ldc, bias != null);
        }
    }

    /** C (m x n) = bias + A (m x k) · B, with B packed by {@link #pack}; see the unpacked form. */
    public static void gemmWithBias(int m, int n, int k, float[] a, int ao, int ars, int acs, Packed b, float[] bias,
            int biasOffset, float[] c, int co, int ldc) {
        checkPacked(b, k, n);
        if (b.panels != null) {
            VectorGemm.gemmWithBias(m, n, k, a, ao, ars, acs, null, 0, 0, 0, b.panels, bias, biasOffset, c, co, ldc);
        } else {
            fillRows(m, n, bias, biasOffset, c, co, ldc);
            ScalarGemm.gemm(m, n, k, a, ao, ars, acs, b.rowMajor, 0, n, 1, c, co, ldc, bias != null);
        }
    }

    /** Each of C's m rows = the n values of row (nothing if row is null). */
    private static void fillRows(int m, int n, float[] row, int rowOffset, float[] c, int co, int ldc) {
        for (int i = 0; row != null && i < m; i++) {
            System.arraycopy(row, rowOffset, c, co + i * ldc, n);
        }
    }

    private static void checkPacked(Packed b, int k, int n) {
        if (b.k != k || b.n != n) {
            throw new IllegalArgumentException("gemm: the packed operand is " + b.k + " x " + b.n + ", expected " + k
                    + " x " + n);
        }
    }

    /** C (m x n) (+)= A (m x k) · B (k x n) in double (the reference kernel). */
    public static void gemm(int m, int n, int k, double[] a, int ao, int ars, int acs,
            double[] b, int bo, int brs, int bcs, double[] c, int co, int ldc, boolean accumulate) {
        ScalarGemm.gemm(m, n, k, a, ao, ars, acs, b, bo, brs, bcs, c, co, ldc, accumulate);
    }
}
