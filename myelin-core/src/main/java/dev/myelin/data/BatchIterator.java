package dev.myelin.data;

import java.lang.ref.Cleaner;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * One epoch of a {@link DataLoader}: the batches in order, prepared ahead on background threads
 * when the loader prefetches.
 *
 * <p>With prefetch, up to {@code prefetch × workers} batches are being made or waiting while the
 * caller works on the current one; they are handed out in batch order, so the sequence is the
 * one a loader without prefetch gives. The worker threads are daemons, belong to this iterator
 * alone (not to the kernels' pool), and stop when the epoch is exhausted, when {@link #close()}
 * is called, or, for an iterator abandoned half way, about a second after their last batch.
 * An exception while making a batch is rethrown here as a {@link DataLoaderException} whose
 * cause is the original, and ends the epoch.
 *
 * <pre>{@code
 * try (BatchIterator<Batch> it = loader.iterator()) {   // closes the workers on early exit
 *     while (it.hasNext()) {
 *         Batch b = it.next();
 *         if (done(b)) break;
 *     }
 * }
 * }</pre>
 *
 * @param <B> the batch type
 */
public final class BatchIterator<B> implements Iterator<B>, AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create(daemonThreads("myelin-loader-cleaner"));
    private static final long IDLE_SECONDS = 1;

    private final Epoch<B> epoch;
    private final IntFunction<B> make;   // makes batch i and applies the transforms, or returns null at the end
    private final int epochNumber;
    private final int window;
    private final ArrayDeque<Future<B>> inFlight = new ArrayDeque<>();
    private final ThreadPoolExecutor workers;     // null when batches are made on the caller's thread
    private final Cleaner.Cleanable cleanable;
    private int next;            // the batch next() returns
    private int submitted;       // the first batch not yet handed to a worker
    private B peeked;
    private boolean finished;

    BatchIterator(Epoch<B> epoch, IntFunction<B> make, int epochNumber, int startBatch, int prefetch, int workerCount) {
        this.epoch = epoch;
        this.make = make;
        this.epochNumber = epochNumber;
        this.next = startBatch;
        this.submitted = startBatch;
        this.window = prefetch * workerCount;
        if (prefetch == 0) {
            workers = null;
            cleanable = null;
        } else {
            workers = new ThreadPoolExecutor(workerCount, workerCount, IDLE_SECONDS, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), daemonThreads("myelin-loader"));
            workers.allowCoreThreadTimeOut(true);
            ThreadPoolExecutor pool = workers;    // the cleaning action must not refer to this iterator
            cleanable = CLEANER.register(this, pool::shutdownNow);
            fill();
        }
    }

    /** The epoch this iterator walks. */
    public int epoch() {
        return epochNumber;
    }

    /** The index within the epoch of the batch {@link #next()} returns next (to resume mid-epoch). */
    public int batchIndex() {
        return next;
    }

    @Override
    public boolean hasNext() {
        if (peeked != null) {
            return true;
        }
        if (finished || (epoch.batches() >= 0 && next >= epoch.batches())) {
            close();
            return false;
        }
        peeked = workers == null ? makeHere() : takeFromWorkers();
        if (peeked == null) {
            close();
            return false;
        }
        return true;
    }

    @Override
    public B next() {
        if (!hasNext()) {
            throw new NoSuchElementException("DataLoader: epoch " + epochNumber + " has no batch " + next);
        }
        B b = peeked;
        peeked = null;
        next++;
        return b;
    }

    /** Stops the workers and drops the batches they prepared; the iterator then has no more batches. */
    @Override
    public void close() {
        finished = true;
        peeked = null;
        for (Future<B> f : inFlight) {
            f.cancel(true);
        }
        inFlight.clear();
        if (cleanable != null) {
            cleanable.clean();
        }
    }

    private B makeHere() {
        try {
            return make.apply(next);
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    private B takeFromWorkers() {
        Future<B> head = inFlight.poll();
        fill();
        try {
            return head.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error error) {
                close();
                throw error;
            }
            throw failed(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(e);
        } catch (CancellationException e) {
            throw failed(e);
        }
    }

    /** Hands batches to the workers until the window is full or the epoch has no more. */
    private void fill() {
        int total = epoch.batches();
        while (inFlight.size() < window && (total < 0 || submitted < total)) {
            int batch = submitted++;
            IntFunction<B> task = make;      // the task must not refer to this iterator either
            inFlight.add(workers.submit(() -> task.apply(batch)));
        }
    }

    private DataLoaderException failed(Throwable cause) {
        close();
        return new DataLoaderException("DataLoader: batch " + next + " of epoch " + epochNumber + " failed: " + cause,
                cause);
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
