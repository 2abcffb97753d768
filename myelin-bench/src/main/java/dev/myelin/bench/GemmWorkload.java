package dev.myelin.bench;

import dev.myelin.kernels.Gemm;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * W1 {@code gemm}: C = A·B for square float32 matrices of random normal values, as the PyTorch
 * peer does it: warm-up runs (at least 2, and 3 seconds for the JIT), then the median of at least 3 runs (enough to last about
 * {@code minSeconds}); GFLOP/s = 2N³ / seconds; the error is max |C - A·B| against a float64
 * product and must stay below 1e-3·N.
 */
public final class GemmWorkload {
    private GemmWorkload() {}

    /** Runs every size and reports {@code gflops_n{N}} and {@code max_abs_err_n{N}}. */
    public static void run(int threads, int[] sizes, double minSeconds, long seed, Report report) {
        Generator g = new Generator(seed);
        for (int n : sizes) {
            float[] a = Tensor.randn(Shape.of(n, n), DType.FLOAT32, g).toFloatArray();
            float[] b = Tensor.randn(Shape.of(n, n), DType.FLOAT32, g).toFloatArray();
            float[] c = new float[n * n];
            Runnable mm = () -> Gemm.gemm(n, n, n, a, 0, n, 1, b, 0, n, 1, c, 0, n, false);
            double warm = Timing.warmUp(mm);
            int reps = (int) Math.max(3, Math.min(1000, Math.ceil(minSeconds / warm)));
            double[] times = new double[reps];
            for (int r = 0; r < reps; r++) {
                times[r] = Timing.seconds(mm);
            }
            double seconds = Timing.median(times);
            double err = maxError(n, a, b, c);
            report.emit("gemm", threads, "gflops_n" + n, 2.0 * n * n * n / seconds / 1e9, "GFLOP/s");
            report.emit("gemm", threads, "max_abs_err_n" + n, err, "abs");
            report.check(err < 1e-3 * n, "gemm n=" + n + ": max abs error " + err + " >= " + 1e-3 * n);
        }
    }

    /** max |C - A·B| with A·B computed in float64. */
    private static double maxError(int n, float[] a, float[] b, float[] c) {
        double[] ad = new double[a.length];
        double[] bd = new double[b.length];
        for (int i = 0; i < a.length; i++) {
            ad[i] = a[i];
            bd[i] = b[i];
        }
        double[] ref = new double[n * n];
        Gemm.gemm(n, n, n, ad, 0, n, 1, bd, 0, n, 1, ref, 0, n, false);
        double err = 0;
        for (int i = 0; i < ref.length; i++) {
            err = Math.max(err, Math.abs(ref[i] - c[i]));
        }
        return err;
    }
}
