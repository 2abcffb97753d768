package dev.myelin.data;

import dev.myelin.data.transforms.Transform;
import dev.myelin.tensor.Generator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Batches from a dataset, epoch after epoch: PyTorch's {@code torch.utils.data.DataLoader}.
 *
 * <p>Each {@link #iterator()} walks one epoch (0, 1, 2, ... in turn). The order of an epoch comes
 * from its {@link Sampler} (sequential, or a random permutation with {@code shuffle(true)}),
 * consecutive slices of {@code batchSize} indices become batches, and {@code dropLast} drops a
 * short final batch. For a {@link TensorDataset} a batch is a {@link Batch} of contiguous tensors,
 * copied row by row with no per-sample objects; for other datasets a collate function turns the
 * list of samples into a batch (by default the list itself). Transforms
 * ({@link dev.myelin.data.transforms}) then augment {@code x} of each batch on the worker threads.
 *
 * <p><b>Determinism.</b> Epoch e's order comes from a generator derived from (seed, e), and the
 * transforms of batch i from one derived from (seed, e, i). The batches are therefore the same
 * with or without prefetch, with one worker or many, and a run resumed with
 * {@link #setEpoch} (or {@link #iterator(int, int)} mid-epoch) reproduces the original: the
 * seed and the epoch are the loader's whole random state. Without an explicit seed, the seed is
 * drawn from {@link Generator#defaultGenerator()} when the loader is built.
 *
 * <p><b>Prefetch.</b> With {@code prefetch(p)} (default 2) and {@code workers(w)} (default 1),
 * {@code w} daemon threads prepare up to {@code p × w} batches ahead of the caller, so the next
 * batch is ready when a training step ends; {@code prefetch(0)} makes batches on the caller's
 * thread. A dataset's {@code get}, the collate function and the transforms must therefore be safe
 * to call from several threads. Iterable datasets are read by one thread.
 *
 * <pre>{@code
 * DataLoader<Batch> loader = DataLoader.builder(train)      // a TensorDataset (N, 1, 28, 28)
 *         .batchSize(128).shuffle(true).seed(0)
 *         .transform(Compose.of(new RandomCrop(28, 2), new RandomHorizontalFlip(0.5)))
 *         .build();
 * for (int epoch = 0; epoch < 10; epoch++) {
 *     for (Batch b : loader) { ... b.x() (128, 1, 28, 28), b.y() (128) ... }
 * }
 * }</pre>
 *
 * <p>A loader is not safe for concurrent use by several threads; its iterators are independent.
 *
 * @param <B> the batch type: {@link Batch} for tensor datasets, else what the collate function returns
 */
public final class DataLoader<B> implements Iterable<B> {
    private final Builder<?, B> settings;
    private int epoch;

    private DataLoader(Builder<?, B> settings) {
        this.settings = settings;
    }

    /** A builder for batches of a {@link TensorDataset}: {@link Batch} records made without per-sample objects. */
    public static Builder<Batch, Batch> builder(TensorDataset dataset) {
        return new Builder<>(Objects.requireNonNull(dataset, "DataLoader: dataset is null"), null, null);
    }

    /** A builder for batches of a map-style dataset; without {@code collate}, a batch is the list of its samples. */
    public static <S> Builder<S, List<S>> builder(Dataset<S> dataset) {
        return new Builder<>(Objects.requireNonNull(dataset, "DataLoader: dataset is null"), null, ArrayList::new);
    }

    /** A builder for batches of an iterable dataset; without {@code collate}, a batch is the list of its samples. */
    public static <S> Builder<S, List<S>> builder(IterableDataset<S> dataset) {
        return new Builder<>(null, Objects.requireNonNull(dataset, "DataLoader: dataset is null"), ArrayList::new);
    }

    /** The next epoch's batches; the epoch counter then moves on by one. */
    @Override
    public BatchIterator<B> iterator() {
        return iterator(epoch, 0);
    }

    /**
     * The batches of epoch {@code epoch} from batch {@code startBatch} on, exactly as an
     * uninterrupted run would have produced them; the next {@link #iterator()} gives epoch
     * {@code epoch + 1}. This is how a run resumed from a checkpoint continues mid-epoch.
     */
    public BatchIterator<B> iterator(int epoch, int startBatch) {
        if (epoch < 0 || startBatch < 0) {
            throw new IllegalArgumentException("DataLoader.iterator: epoch and start batch must be non-negative, got "
                    + epoch + " and " + startBatch);
        }
        this.epoch = epoch + 1;
        Epoch<B> plan = settings.plan(epoch, startBatch);
        IntFunction<B> make = batch -> settings.augment(plan.make(batch), epoch, batch);
        return new BatchIterator<>(plan, make, epoch, startBatch, settings.prefetch, settings.workers);
    }

    /** The epoch the next {@link #iterator()} walks. */
    public int epoch() {
        return epoch;
    }

    /** Sets the epoch the next {@link #iterator()} walks (to resume a run at that epoch). */
    public void setEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("DataLoader.setEpoch: the epoch must be non-negative, got " + epoch);
        }
        this.epoch = epoch;
    }

    /** The seed from which every epoch's order and augmentation derive. */
    public long seed() {
        return settings.seed;
    }

    /** The batch size. */
    public int batchSize() {
        return settings.batchSize;
    }

    /**
     * The number of batches in the next epoch: PyTorch's {@code len(loader)}.
     *
     * @throws UnsupportedOperationException for an iterable dataset, whose length is unknown
     */
    public int numBatches() {
        Epoch<B> plan = settings.plan(epoch, 0);
        if (plan.batches() < 0) {
            throw new UnsupportedOperationException("DataLoader.numBatches: an iterable dataset has no known length");
        }
        return plan.batches();
    }

    /**
     * The settings of a {@link DataLoader}. Every setting is optional: by default batches of 1, in
     * order, keeping a short last batch, prefetching 2 batches on 1 background thread.
     *
     * @param <S> the sample type
     * @param <B> the batch type
     */
    public static final class Builder<S, B> {
        private final Dataset<S> dataset;
        private final IterableDataset<S> stream;
        private Function<List<S>, B> collate;    // null: the tensor dataset's own batching
        private int batchSize = 1;
        private boolean shuffle;
        private Long seed;
        private boolean dropLast;
        private Sampler sampler;
        private int prefetch = 2;
        private int workers = 1;
        private Transform transform;

        private Builder(Dataset<S> dataset, IterableDataset<S> stream, Function<List<S>, B> collate) {
            this.dataset = dataset;
            this.stream = stream;
            this.collate = collate;
        }

        /** Samples per batch (default 1). */
        public Builder<S, B> batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("DataLoader: batchSize must be at least 1, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Whether each epoch visits the samples in a fresh random order (default false). */
        public Builder<S, B> shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** The seed of the shuffling and the augmentation (default: drawn from the default generator). */
        public Builder<S, B> seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Whether to drop the last batch of an epoch when it is short (default false). */
        public Builder<S, B> dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /** Which indices each epoch visits and in which order (instead of {@code shuffle}). */
        public Builder<S, B> sampler(Sampler sampler) {
            this.sampler = Objects.requireNonNull(sampler, "DataLoader: sampler is null");
            return this;
        }

        /** Batches prepared ahead by each worker thread; 0 makes batches on the caller's thread (default 2). */
        public Builder<S, B> prefetch(int prefetch) {
            if (prefetch < 0) {
                throw new IllegalArgumentException("DataLoader: prefetch must be non-negative, got " + prefetch);
            }
            this.prefetch = prefetch;
            return this;
        }

        /** Background threads that make batches when prefetching (default 1). */
        public Builder<S, B> workers(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("DataLoader: workers must be at least 1, got " + workers);
            }
            this.workers = workers;
            return this;
        }

        /** Augmentation applied to {@code x} of every batch on the worker threads (batches must be {@link Batch}). */
        public Builder<S, B> transform(Transform transform) {
            this.transform = Objects.requireNonNull(transform, "DataLoader: transform is null");
            return this;
        }

        /** Turns the list of a batch's samples into the batch (runs on the worker threads). */
        @SuppressWarnings("unchecked")
        public <C> Builder<S, C> collate(Function<? super List<S>, ? extends C> collate) {
            Objects.requireNonNull(collate, "DataLoader: collate is null");
            Builder<S, C> self = (Builder<S, C>) this;
            self.collate = collate::apply;
            return self;
        }

        /**
         * The loader.
         *
         * @throws IllegalArgumentException if the settings contradict each other
         */
        public DataLoader<B> build() {
            if (shuffle && sampler != null) {
                throw new IllegalArgumentException("DataLoader: shuffle(true) and a sampler exclude each other;"
                        + " use Sampler.random() as the sampler");
            }
            if (stream != null && (shuffle || sampler != null)) {
                throw new IllegalArgumentException("DataLoader: an iterable dataset is read in its own order;"
                        + " shuffle and samplers need a map-style Dataset");
            }
            if (stream != null && workers > 1) {
                throw new IllegalArgumentException("DataLoader: an iterable dataset is read by one thread; got workers("
                        + workers + ")");
            }
            if (prefetch == 0 && workers > 1) {
                throw new IllegalArgumentException("DataLoader: workers(" + workers + ") need prefetch > 0;"
                        + " prefetch(0) makes batches on the caller's thread");
            }
            Builder<S, B> settings = copy();
            if (settings.seed == null) {
                settings.seed = Generator.defaultGenerator().nextLong();
            }
            if (settings.sampler == null) {
                settings.sampler = shuffle ? Sampler.random() : Sampler.sequential();
            }
            return new DataLoader<>(settings);
        }

        /** A snapshot of these settings, so that changing the builder later leaves built loaders alone. */
        private Builder<S, B> copy() {
            Builder<S, B> b = new Builder<>(dataset, stream, collate);
            b.batchSize = batchSize;
            b.shuffle = shuffle;
            b.seed = seed;
            b.dropLast = dropLast;
            b.sampler = sampler;
            b.prefetch = prefetch;
            b.workers = workers;
            b.transform = transform;
            return b;
        }

        @SuppressWarnings("unchecked")
        private Epoch<B> plan(int epoch, int startBatch) {
            if (stream != null) {
                return new Epoch.Streamed<>(stream, batchSize, dropLast, collate, startBatch);
            }
            int[] order = sampler.indices(dataset.size(), Seeds.sampler(seed, epoch));
            Function<int[], B> fetch;
            if (collate == null) {
                TensorDataset tensors = (TensorDataset) dataset;
                fetch = indices -> (B) tensors.batch(indices);
            } else {
                fetch = indices -> {
                    List<S> samples = new ArrayList<>(indices.length);
                    for (int i : indices) {
                        samples.add(dataset.get(i));
                    }
                    return collate.apply(samples);
                };
            }
            return new Epoch.Indexed<>(order, batchSize, dropLast, fetch);
        }

        @SuppressWarnings("unchecked")
        private B augment(B batch, int epoch, int index) {
            if (transform == null || batch == null) {
                return batch;
            }
            if (!(batch instanceof Batch b)) {
                throw new IllegalStateException("DataLoader: transforms apply to Batch.x, but the collate function made a "
                        + batch.getClass().getName() + "; return a Batch from collate or transform inside it");
            }
            return (B) new Batch(transform.apply(b.x(), Seeds.transform(seed, epoch, index)), b.y());
        }
    }
}
