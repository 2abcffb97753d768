package dev.myelin.data;

import java.util.List;

/**
 * A map-style dataset: a fixed number of samples, each fetched by its index. PyTorch's
 * {@code torch.utils.data.Dataset}.
 *
 * <p>Implement it for any sample type and give the {@link DataLoader} a collate function that
 * turns a list of samples into a batch. A {@link DataLoader} calls {@link #get} from its worker
 * threads, so {@code get} must be safe to call concurrently (reading immutable data is). For
 * examples that are tensors, {@link TensorDataset} is faster: it makes whole batches without
 * per-sample objects.
 *
 * <pre>{@code
 * Dataset<String> lines = Dataset.of(List.of("a", "bb", "ccc"));
 * DataLoader<List<String>> loader = DataLoader.builder(lines).batchSize(2).build();
 * }</pre>
 *
 * @param <S> the sample type
 */
public interface Dataset<S> {
    /** The number of samples. */
    int size();

    /**
     * The sample at {@code index}, in {@code [0, size())}.
     *
     * @throws IndexOutOfBoundsException if the index is out of range
     */
    S get(int index);

    /**
     * A view of the samples at {@code indices} (in that order): sample i of the result is sample
     * {@code indices[i]} of this dataset. PyTorch's {@code Subset}.
     *
     * @throws IndexOutOfBoundsException if an index is out of range
     */
    default Dataset<S> subset(int[] indices) {
        int[] rows = Datasets.checkIndices("subset", indices, size());
        Dataset<S> base = this;
        return new Dataset<>() {
            @Override
            public int size() {
                return rows.length;
            }

            @Override
            public S get(int index) {
                return base.get(rows[Datasets.checkIndex("get", index, rows.length)]);
            }
        };
    }

    /** A dataset over a list's elements (the list is copied). */
    static <S> Dataset<S> of(List<S> samples) {
        List<S> copy = List.copyOf(samples);
        return new Dataset<>() {
            @Override
            public int size() {
                return copy.size();
            }

            @Override
            public S get(int index) {
                return copy.get(Datasets.checkIndex("get", index, copy.size()));
            }
        };
    }
}
