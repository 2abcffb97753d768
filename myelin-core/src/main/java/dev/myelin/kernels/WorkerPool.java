package dev.myelin.kernels;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads behind {@link Parallel}. After a parallel loop each worker spins for a short while
 * waiting for the next one before it sleeps, as OpenMP runtimes do, so that the many short loops
 * of a training step (a recurrent step's small matrix products, a row-wise kernel) do not each
 * pay for waking a thread. The calling thread takes chunks as well, so a loop never waits on a
 * worker that is slow to start: at worst the caller runs every chunk itself.
 *
 * <p>One loop runs at a time; a loop started while another is running (from a second
 * application thread, or from inside a chunk) runs its chunks on the calling thread.
 */
final class WorkerPool {
    /** How long an idle worker spins before sleeping, and the caller before yielding. */
    private static final long SPIN_NANOS = 200_000;

    /** A pool thread; loops started on one run sequentially. */
    private static final class Worker extends Thread {
        private final WorkerPool pool;
        private volatile boolean sleeping;

        Worker(WorkerPool pool, int index) {
            super("myelin-kernel-" + index);
            this.pool = pool;
            setDaemon(true);
        }

        @Override
        public void run() {
            pool.serve(this);
        }
    }

    /** One parallel loop: chunks are claimed in order by whichever thread is free. */
    private static final class Loop {
        private final Parallel.Range body;
        private final int n;
        private final int chunks;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger finished = new AtomicInteger();
        private volatile Throwable failure;

        Loop(Parallel.Range body, int n, int chunks) {
            this.body = body;
            this.n = n;
            this.chunks = chunks;
        }

        /** Runs chunks until none is left unclaimed. */
        void work() {
            for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                try {
                    body.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
                } catch (Throwable e) {
                    if (failure == null) {
                        failure = e;
                    }
                } finally {
                    finished.incrementAndGet();
                }
            }
        }

        boolean done() {
            return finished.get() == chunks;
        }
    }

    private final Worker[] workers;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile Loop current;
    private volatile boolean shutDown;

    /** A pool of {@code size} worker threads besides the callers. */
    WorkerPool(int size) {
        workers = new Worker[size];
        for (int i = 0; i < size; i++) {
            workers[i] = new Worker(this, i);
            workers[i].start();
        }
    }

    /** Whether the current thread is one of this pool's workers. */
    boolean ownsCurrentThread() {
        return Thread.currentThread() instanceof Worker w && w.pool == this;
    }

    /** Runs the body over [0, n) in {@code chunks} contiguous chunks, the caller taking part. */
    void run(int n, int chunks, Parallel.Range body) {
        Loop loop = new Loop(body, n, chunks);
        if (!busy.compareAndSet(false, true)) {
            loop.work();
        } else {
            try {
                current = loop;
                for (Worker w : workers) {
                    if (w.sleeping) {
                        LockSupport.unpark(w);
                    }
                }
                loop.work();
                awaitOthers(loop);
            } finally {
                current = null;
                busy.set(false);
            }
        }
        rethrow(loop.failure);
    }

    private static void awaitOthers(Loop loop) {
        long start = System.nanoTime();
        while (!loop.done()) {
            if (System.nanoTime() - start < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    private static void rethrow(Throwable failure) {
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    /** A worker's life: run each new loop's chunks, spin a while, then sleep until woken. */
    private void serve(Worker self) {
        Loop seen = null;
        long idleSince = System.nanoTime();
        while (!shutDown) {
            Loop loop = current;
            if (loop != null && loop != seen) {
                seen = loop;
                loop.work();
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                self.sleeping = true;
                Loop now = current;
                if ((now == null || now == seen) && !shutDown) {
                    LockSupport.park(this);
                }
                self.sleeping = false;
                idleSince = System.nanoTime();
            }
        }
    }

    /** Stops the workers once they finish what they are running. */
    void shutDown() {
        shutDown = true;
        for (Worker w : workers) {
            LockSupport.unpark(w);
        }
    }
}
