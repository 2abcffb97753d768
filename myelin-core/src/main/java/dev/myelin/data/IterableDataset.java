package dev.myelin.data;

/**
 * A dataset read as a stream: samples come in the order its iterator gives them, and the size
 * need not be known. PyTorch's {@code torch.utils.data.IterableDataset}, for data that does not
 * fit in memory or is generated on the fly.
 *
 * <p>A {@link DataLoader} over an iterable dataset calls {@link #iterator()} once per epoch and
 * reads it from one thread (the prefetch thread, when there is one), so the iterator needs no
 * synchronisation. Shuffling and samplers do not apply; shuffle inside the iterator if needed.
 *
 * <pre>{@code
 * IterableDataset<Integer> counts = () -> IntStream.range(0, 10).iterator();
 * for (List<Integer> batch : DataLoader.builder(counts).batchSize(4).build()) { ... }   // 4, 4, 2
 * }</pre>
 *
 * @param <S> the sample type
 */
@FunctionalInterface
public interface IterableDataset<S> extends Iterable<S> {}
