package dev.myelin.kernels;

/**
 * The intra-op thread pool that kernels share: one pool for the process, sized to the machine
 * (or to {@code MYELIN_NUM_THREADS}), settable at run time like {@code torch.set_num_threads}.
 *
 * <p>Work is split into up to {@value #CHUNKS_PER_THREAD} chunks per thread, claimed by whichever
 * thread is free; the calling thread takes chunks too (see {@link WorkerPool} for how the workers
 * wait). A kernel called from inside a chunk runs sequentially, so nested parallel loops never
 * oversubscribe the machine.
 *
 * <pre>{@code
 * Parallel.setThreads(1);                       // deterministic single-threaded runs
 * Parallel.forRange(rows, 64, (from, to) -> { for (int r = from; r < to; r++) ... });
 * }</pre>
 */
public final class Parallel {
    private static volatile int threads = initialThreads();
    private static volatile WorkerPool pool;

    /**
     * Chunks per thread when more than one runs. With one chunk each, a thread that the OS
     * deschedules for a few milliseconds (for the JIT, the collector, another process) holds up
     * the whole loop while the other waits; with several, the other claims what is left. W5 with
     * two threads, 40 steps, three runs each: median step 302-328 ms with one chunk per thread,
     * 299-305 with four (slowest step 399-576 against 337-359).
     */
    static final int CHUNKS_PER_THREAD = 4;

    private Parallel() {}

    /** A body of work over the index range {@code [from, to)}. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    private static int initialThreads() {
        String env = System.getenv("MYELIN_NUM_THREADS");
        if (env != null && !env.isBlank()) {
            try {
                int n = Integer.parseInt(env.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // fall through to the machine's size
            }
            System.err.println("myelin: ignoring MYELIN_NUM_THREADS=" + env + " (expected a positive integer)");
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** How many threads kernels use. */
    public static int threads() {
        return threads;
    }

    /** Sets how many threads kernels use (at least 1). */
    public static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("setThreads: the thread count must be at least 1, got " + n);
        }
        if (n != threads) {
            threads = n;
            WorkerPool old = pool;
            pool = null;
            if (old != null) {
                old.shutDown();
            }
        }
    }

    private static WorkerPool pool() {
        WorkerPool p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null) {
                    p = new WorkerPool(Math.max(1, threads - 1));
                    pool = p;
                }
            }
        }
        return p;
    }

    /**
     * Runs {@code body} over {@code [0, n)}, split into contiguous chunks of at least {@code grain}
     * indices run in parallel; sequential when one thread is set, the range is small, or the
     * caller is itself a pool thread.
     */
    public static void forRange(int n, int grain, Range body) {
        int t = threads;
        long most = t == 1 ? 1 : (long) t * CHUNKS_PER_THREAD;
        int chunks = (int) Math.min(most, (n + (long) Math.max(grain, 1) - 1) / Math.max(grain, 1));
        WorkerPool p = pool;
        if (chunks <= 1 || (p != null && p.ownsCurrentThread())) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        pool().run(n, chunks, body);
    }

    /**
     * Runs {@code body} over {@code [0, n)} one index at a time, each index claimed by whichever
     * thread is free: for a few coarse tasks of similar size, such as a matrix product's tiles,
     * where chunks of several tasks would leave one thread waiting for the other's last chunk.
     * Sequential as {@link #forRange} is.
     */
    public static void forEach(int n, Range body) {
        WorkerPool p = pool;
        if (threads == 1 || n <= 1 || (p != null && p.ownsCurrentThread())) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        pool().run(n, n, body);
    }
}
