package dev.myelin.bench;

import java.util.Arrays;

/** Timing helpers shared by the workloads: warm-up count, timing one call, medians. */
public final class Timing {
    /** Untimed iterations before anything is timed (JIT and caches), as the peers do. */
    public static final int WARMUP = 2;
    /** The JIT needs time as well as iterations (C2 settles on the GEMM kernel after a few seconds): warm up for at least this long, and WARMUP runs. */
    public static final double WARMUP_SECONDS = 3.0;

    private Timing() {}

    /** Seconds one run of {@code work} takes. */
    public static double seconds(Runnable work) {
        long t0 = System.nanoTime();
        work.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Runs {@code work} untimed at least WARMUP times and WARMUP_SECONDS long; returns the last run's seconds. */
    public static double warmUp(Runnable work) {
        return warmUp(work, WARMUP_SECONDS);
    }

    /** Runs {@code work} untimed at least WARMUP times and {@code seconds} long; returns the last run's seconds. */
    public static double warmUp(Runnable work, double seconds) {
        double last = 0;
        double total = 0;
        for (int i = 0; i < WARMUP || total < seconds; i++) {
            last = seconds(work);
            total += last;
        }
        return last;
    }

    /** The median of the values. */
    public static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
