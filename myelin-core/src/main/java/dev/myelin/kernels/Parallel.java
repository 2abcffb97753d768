package dev.myelin.kernels;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * The intra-op thread pool that kernels share: one pool for the process, sized to the machine
 * (or to {@code MYELIN_NUM_THREADS}), settable at run time like {@code torch.set_num_threads}.
 *
 * <p>Work is split into at most one chunk per thread; the calling thread runs one chunk itself.
 * A kernel called from inside a pool thread runs sequentially, so nested parallel loops never
 * oversubscribe the machine.
 *
 * <pre>{@code
 * Parallel.setThreads(1);                       // deterministic single-threaded runs
 * Parallel.forRange(rows, 64, (from, to) -> { for (int r = from; r < to; r++) ... });
 * }</pre>
 */
public final class Parallel {
    private static volatile int threads = initialThreads();
    private static volatile ForkJoinPool pool;

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
            ForkJoinPool old = pool;
            pool = null;
            if (old != null) {
                old.shutdown();
            }
        }
    }

    private static ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null) {
                    p = new ForkJoinPool(Math.max(1, threads - 1), fj -> {
                        ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(fj);
                        t.setName("myelin-kernel-" + t.getPoolIndex());
                        t.setDaemon(true);
                        return t;
                    }, null, false);
                    pool = p;
                }
            }
        }
        return p;
    }

    /** Whether the current thread is one of the pool's workers. */
    private static boolean inPool() {
        return Thread.currentThread() instanceof ForkJoinWorkerThread w && w.getPool() == pool;
    }

    /**
     * Runs {@code body} over {@code [0, n)}, split into contiguous chunks of at least {@code grain}
     * indices run in parallel; sequential when one thread is set, the range is small, or the
     * caller is itself a pool thread.
     */
    public static void forRange(int n, int grain, Range body) {
        int t = threads;
        int chunks = (int) Math.min(t, (n + (long) Math.max(grain, 1) - 1) / Math.max(grain, 1));
        if (chunks <= 1 || inPool()) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        ForkJoinPool p = pool();
        @SuppressWarnings("unchecked")
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[chunks - 1];
        for (int c = 1; c < chunks; c++) {
            int from = (int) ((long) n * c / chunks);
            int to = (int) ((long) n * (c + 1) / chunks);
            tasks[c - 1] = p.submit(() -> body.run(from, to));
        }
        Throwable failure = null;
        try {
            body.run(0, (int) ((long) n / chunks));
        } catch (Throwable e) {
            failure = e;
        }
        for (ForkJoinTask<?> task : tasks) {
            try {
                task.join();
            } catch (Throwable e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
    }
}
