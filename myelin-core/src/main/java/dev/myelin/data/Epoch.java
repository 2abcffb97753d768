package dev.myelin.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * How the batches of one epoch are made: batch i from its index alone (map-style datasets, so
 * any worker may make any batch) or from the next samples of a stream (iterable datasets, made in
 * order by one thread).
 */
interface Epoch<B> {
    /** How many batches this epoch has, or -1 when the stream's length is unknown. */
    int batches();

    /** Batch {@code batch}, or null after the last one. */
    B make(int batch);

    /** Batches of a map-style dataset: consecutive slices of the sampler's order. */
    record Indexed<B>(int[] order, int batchSize, boolean dropLast, Function<int[], B> fetch) implements Epoch<B> {
        @Override
        public int batches() {
            return dropLast ? order.length / batchSize : (order.length + batchSize - 1) / batchSize;
        }

        @Override
        public B make(int batch) {
            if (batch >= batches()) {
                return null;
            }
            int from = batch * batchSize;
            return fetch.apply(Arrays.copyOfRange(order, from, Math.min(from + batchSize, order.length)));
        }
    }

    /** Batches of an iterable dataset: the next {@code batchSize} samples, collated; calls must come in order. */
    final class Streamed<S, B> implements Epoch<B> {
        private final IterableDataset<S> dataset;
        private final int batchSize;
        private final boolean dropLast;
        private final Function<List<S>, B> collate;
        private final int skip;
        private Iterator<S> samples;

        Streamed(IterableDataset<S> dataset, int batchSize, boolean dropLast, Function<List<S>, B> collate, int startBatch) {
            this.dataset = dataset;
            this.batchSize = batchSize;
            this.dropLast = dropLast;
            this.collate = collate;
            this.skip = startBatch;
        }

        @Override
        public int batches() {
            return -1;
        }

        @Override
        public B make(int batch) {
            if (samples == null) {
                samples = dataset.iterator();
                for (long n = (long) skip * batchSize; n > 0 && samples.hasNext(); n--) {
                    samples.next();
                }
            }
            List<S> taken = new ArrayList<>(batchSize);
            while (taken.size() < batchSize && samples.hasNext()) {
                taken.add(samples.next());
            }
            if (taken.isEmpty() || (dropLast && taken.size() < batchSize)) {
                return null;
            }
            return collate.apply(taken);
        }
    }
}
