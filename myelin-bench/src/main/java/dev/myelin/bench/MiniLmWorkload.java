package dev.myelin.bench;

import dev.myelin.autograd.Grad;
import dev.myelin.onnx.MiniLm;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * W6 {@code minilm}: inference of the pretrained all-MiniLM-L6-v2 (mean-pooled, normalised
 * sentence embeddings) on random token ids from a fixed seed: latency of one sequence of 128
 * tokens ({@code latency_b1_t128}, ms) and throughput of batches of 32 such sequences
 * ({@code throughput_b32_t128}, sequences/s); a warm-up of at least 2 runs and
 * {@link #WARMUP_SECONDS}, then the median of the timed runs. The peer, ONNX Runtime, runs the
 * same measurement through {@link #measure} (bench/compare.sh W6).
 */
public final class MiniLmWorkload {
    /** Sequence length and the two batch sizes of WORKLOADS.md. */
    public static final int TOKENS = 128;
    public static final int LATENCY_BATCH = 1;
    public static final int THROUGHPUT_BATCH = 32;
    /**
     * Warm-up per batch size. The imported graph has many small methods, and C2 was still
     * compiling them several seconds in (-XX:+PrintCompilation): after Timing's 3 seconds the
     * two-thread latency was 20-27 ms, after 10 seconds 17 ms, run after run.
     */
    static final double WARMUP_SECONDS = 10;

    private MiniLmWorkload() {}

    /** Runs W6 in Myelin. */
    public static void run(int threads, double minSeconds, long seed, Report report) throws Exception {
        MiniLm minilm = MiniLm.load();
        measure(threads, minSeconds, seed, report, ids -> {
            try (var off = Grad.off()) {
                return minilm.embedIds(ids).toFloatArray();
            }
        });
    }

    /**
     * Times {@code embed} (token id lists to embeddings, B x 384 row-major) at both batch sizes
     * and reports both metrics.
     */
    public static void measure(int threads, double minSeconds, long seed, Report report,
            Function<List<int[]>, float[]> embed) {
        for (int batch : new int[] {LATENCY_BATCH, THROUGHPUT_BATCH}) {
            List<int[]> ids = tokens(batch, seed);
            Runnable once = () -> embed.apply(ids);
            double warm = Timing.warmUp(once, WARMUP_SECONDS);
            int reps = (int) Math.max(3, Math.min(200, Math.ceil(minSeconds / warm)));
            double[] times = new double[reps];
            for (int r = 0; r < reps; r++) {
                times[r] = Timing.seconds(once);
            }
            double seconds = Timing.median(times);
            if (batch == LATENCY_BATCH) {
                report.emit("minilm", threads, "latency_b1_t128", seconds * 1e3, "ms");
            } else {
                report.emit("minilm", threads, "throughput_b32_t128", batch / seconds, "sequences/s");
            }
        }
    }

    /** {@code batch} sequences of [CLS], 126 random word-piece ids and [SEP], from {@code seed}. */
    public static List<int[]> tokens(int batch, long seed) {
        Random r = new Random(seed);
        List<int[]> out = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            int[] ids = new int[TOKENS];
            ids[0] = 101;
            ids[TOKENS - 1] = 102;
            for (int i = 1; i < TOKENS - 1; i++) {
                ids[i] = 1999 + r.nextInt(28000);
            }
            out.add(ids);
        }
        return out;
    }
}
