package dev.myelin.data;

import dev.myelin.tensor.Tensor;

/**
 * N examples held as two tensors: inputs {@code x} (N, ...) and targets {@code y} (N, ...).
 * PyTorch's {@code TensorDataset}, made for the hot path: a batch is the selected rows copied
 * into one contiguous tensor ({@link #batch}), with no object per sample.
 *
 * <p>A dataset of N images is one float32 tensor (N, C, H, W) with labels (N) int64. Subsets
 * ({@link #subset}, {@link Split}) share the tensors and keep a list of row numbers, so a split
 * copies nothing. The tensors are detached from any autograd graph and must not be modified
 * while the dataset is in use.
 *
 * <pre>{@code
 * TensorDataset train = new TensorDataset(images, labels);   // (60000, 1, 28, 28), (60000)
 * Batch b = train.batch(new int[] {4, 0, 7});                // x (3, 1, 28, 28), y (3)
 * }</pre>
 */
public final class TensorDataset implements Dataset<Batch> {
    private final Tensor x;
    private final Tensor y;
    private final int[] rows;   // the rows of x and y this dataset shows, or null for all of them

    /**
     * A dataset of {@code x.size(0)} examples.
     *
     * @throws IllegalArgumentException if a tensor is 0-dim or their first dimensions differ
     */
    public TensorDataset(Tensor x, Tensor y) {
        if (x.dim() == 0 || y.dim() == 0 || x.size(0) != y.size(0)) {
            throw new IllegalArgumentException("TensorDataset: x and y need the same first dimension (the number of"
                    + " examples), got shapes " + x.shape() + " and " + y.shape());
        }
        this.x = x.contiguous().detach();
        this.y = y.contiguous().detach();
        this.rows = null;
    }

    private TensorDataset(Tensor x, Tensor y, int[] rows) {
        this.x = x;
        this.y = y;
        this.rows = rows;
    }

    @Override
    public int size() {
        return rows == null ? x.size(0) : rows.length;
    }

    /** Example {@code index}: x and y without the first dimension (views, not copies). */
    @Override
    public Batch get(int index) {
        int row = row(Datasets.checkIndex("TensorDataset.get", index, size()));
        return new Batch(x.select(0, row), y.select(0, row));
    }

    /**
     * The examples at {@code indices}, copied into one contiguous batch: x (B, ...) and y (B, ...)
     * with B = {@code indices.length}.
     *
     * @throws IndexOutOfBoundsException if an index is out of range
     */
    public Batch batch(int[] indices) {
        int[] picked = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            picked[i] = row(Datasets.checkIndex("TensorDataset.batch", indices[i], size()));
        }
        Tensor index = Tensor.fromArray(picked, picked.length);
        return new Batch(x.indexSelect(0, index), y.indexSelect(0, index));
    }

    /** The examples at {@code indices}, sharing this dataset's tensors. */
    @Override
    public TensorDataset subset(int[] indices) {
        int[] picked = Datasets.checkIndices("TensorDataset.subset", indices, size());
        for (int i = 0; i < picked.length; i++) {
            picked[i] = row(picked[i]);
        }
        return new TensorDataset(x, y, picked);
    }

    /** All inputs (N, ...): the tensor itself, or for a subset a copy of its rows. */
    public Tensor x() {
        return shown(x);
    }

    /** All targets (N, ...): the tensor itself, or for a subset a copy of its rows. */
    public Tensor y() {
        return shown(y);
    }

    private Tensor shown(Tensor t) {
        return rows == null ? t : t.indexSelect(0, Tensor.fromArray(rows, rows.length));
    }

    private int row(int index) {
        return rows == null ? index : rows[index];
    }

    @Override
    public String toString() {
        return "TensorDataset(" + size() + " examples, x " + x.shape().with(0, size()) + " " + x.dtype()
                + ", y " + y.shape().with(0, size()) + " " + y.dtype() + ")";
    }
}
