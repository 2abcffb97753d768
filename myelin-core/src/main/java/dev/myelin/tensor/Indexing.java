package dev.myelin.tensor;

import dev.myelin.autograd.Autograd;
import dev.myelin.kernels.BinaryOp;
import dev.myelin.kernels.Elements;
import dev.myelin.kernels.Parallel;
import dev.myelin.kernels.PointwiseKernels;
import java.util.ArrayList;
import java.util.List;

/**
 * Joining tensors and picking or placing elements by integer index: cat, stack, split, chunk,
 * index_select / index_add, gather / scatter / scatter_add, one_hot and embedding lookup.
 * Every index is checked against its dimension before anything is written.
 */
final class Indexing {
    /** Elements a parallel chunk of a row-by-row copy moves at least: fewer cost more to hand over. */
    private static final int COPY_GRAIN = 1 << 15;

    private Indexing() {}

    static Tensor cat(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("cat: expected at least one tensor");
        }
        Tensor first = tensors.getFirst();
        if (first.dim() == 0) {
            throw new IllegalArgumentException("cat: 0-dim tensors cannot be joined; use stack");
        }
        int d = Shape.normalize("cat", dim, first.dim());
        int total = 0;
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (t.dim() != first.dim() || !t.shape().with(d, 1).equals(first.shape().with(d, 1))) {
                throw new IllegalArgumentException("cat: tensor " + i + " has shape " + t.shape() + " but tensor 0 has "
                        + first.shape() + "; all sizes but dimension " + dim + " must match");
            }
            total += t.size(d);
        }
        DType dtype = TypePromotion.resultType(tensors.toArray(new Tensor[0]));
        Tensor out = Tensor.empty(first.shape().with(d, total), dtype);
        int[] starts = new int[tensors.size()];
        int at = 0;
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            starts[i] = at;
            Conversion.copyInto(slice(out, d, at, t.size(d)), t);
            at += t.size(d);
        }
        return Autograd.recordShapeOnly("cat", out, (g, needs) -> {
            Tensor[] grads = new Tensor[tensors.size()];
            for (int i = 0; i < grads.length; i++) {
                if (needs[i]) {
                    grads[i] = g.narrow(d, starts[i], tensors.get(i).size(d));
                }
            }
            return grads;
        }, tensors.toArray(new Tensor[0]));
    }

    /** An unrecorded narrow view, for writing into outputs. */
    private static Tensor slice(Tensor t, int d, int start, int length) {
        int[] strides = t.stridesRef();
        return t.asStrided(t.shape().with(d, length), strides, t.storageOffset() + start * strides[d]);
    }

    static Tensor stack(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("stack: expected at least one tensor");
        }
        Shape shape = tensors.getFirst().shape();
        int d = Shape.normalize("stack", dim, shape.rank() + 1);
        List<Tensor> expanded = new ArrayList<>(tensors.size());
        for (int i = 0; i < tensors.size(); i++) {
            if (!tensors.get(i).shape().equals(shape)) {
                throw new IllegalArgumentException("stack: tensor " + i + " has shape " + tensors.get(i).shape()
                        + " but tensor 0 has " + shape + "; all must match");
            }
            expanded.add(tensors.get(i).unsqueeze(d));
        }
        return cat(expanded, d);
    }

    static List<Tensor> split(Tensor x, int splitSize, int dim) {
        int d = Shape.normalize("split", dim, x.dim());
        if (splitSize <= 0) {
            throw new IllegalArgumentException("split: the piece size must be positive, got " + splitSize);
        }
        int size = x.size(d);
        int pieces = Math.max(1, (size + splitSize - 1) / splitSize);
        int[] sizes = new int[pieces];
        for (int i = 0; i < pieces; i++) {
            sizes[i] = Math.min(splitSize, size - i * splitSize);
        }
        return split(x, sizes, dim);
    }

    /**
     * Views of consecutive pieces with the given sizes along {@code dim}, recorded as one node:
     * its gradient is the pieces' gradients joined again (missing ones as zeros), so splitting a
     * long sequence into steps costs O(T), not O(T²), in the backward pass.
     */
    static List<Tensor> split(Tensor x, int[] sizes, int dim) {
        int d = Shape.normalize("split", dim, x.dim());
        int sum = 0;
        for (int s : sizes) {
            if (s < 0) {
                throw new IllegalArgumentException("split: sizes must be non-negative, got " + java.util.Arrays.toString(sizes));
            }
            sum += s;
        }
        if (sum != x.size(d)) {
            throw new IllegalArgumentException("split: sizes " + java.util.Arrays.toString(sizes) + " sum to " + sum
                    + " but dimension " + dim + " has size " + x.size(d) + " (shape " + x.shape() + ")");
        }
        Tensor[] pieces = new Tensor[sizes.length];
        int at = 0;
        for (int i = 0; i < sizes.length; i++) {
            pieces[i] = slice(x, d, at, sizes[i]);
            at += sizes[i];
        }
        if (x.dtype().isFloatingPoint()) {
            Autograd.recordMulti("split", pieces, new Tensor[0], (grads, needs) ->
                    new Tensor[] {Tensor.cat(java.util.Arrays.asList(grads), d)}, x);
        }
        return List.of(pieces);
    }

    /** Views of every index along {@code dim}, which is removed; one node whose gradient stacks the pieces'. */
    static List<Tensor> unbind(Tensor x, int dim) {
        if (x.dim() == 0) {
            throw new IllegalArgumentException("unbind: a 0-dim tensor has no dimension to unbind");
        }
        int d = Shape.normalize("unbind", dim, x.dim());
        Shape pieceShape = x.shape().remove(d);
        int[] strides = new int[x.dim() - 1];
        for (int k = 0, j = 0; k < x.dim(); k++) {
            if (k != d) {
                strides[j++] = x.stridesRef()[k];
            }
        }
        Tensor[] pieces = new Tensor[x.size(d)];
        for (int i = 0; i < pieces.length; i++) {
            pieces[i] = x.asStrided(pieceShape, strides, x.storageOffset() + i * x.stridesRef()[d]);
        }
        if (x.dtype().isFloatingPoint() && pieces.length > 0) {
            Autograd.recordMulti("unbind", pieces, new Tensor[0], (grads, needs) ->
                    new Tensor[] {Tensor.stack(java.util.Arrays.asList(grads), d)}, x);
        }
        return List.of(pieces);
    }

    static List<Tensor> chunk(Tensor x, int chunks, int dim) {
        if (chunks <= 0) {
            throw new IllegalArgumentException("chunk: the number of chunks must be positive, got " + chunks);
        }
        int d = Shape.normalize("chunk", dim, x.dim());
        int size = x.size(d);
        return split(x, Math.max(1, (size + chunks - 1) / chunks), d);
    }

    /** The entries of an integer index tensor as ints, each checked to lie in [0, bound). */
    private static void requireIntegerIndex(String op, Tensor index) {
        if (!index.dtype().isIntegral()) {
            throw new IllegalArgumentException(op + ": the index must be an integer tensor, got " + index.dtype()
                    + " of shape " + index.shape());
        }
    }

    private static int[] checkedIndices(String op, Tensor index, int bound, int dim, Shape of) {
        requireIntegerIndex(op, index);
        long[] values = index.toLongArray();
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] >= bound) {
                throw new IndexOutOfBoundsException(op + ": index " + values[i] + " is out of range for dimension "
                        + dim + " of size " + bound + " (shape " + of + ")");
            }
            out[i] = (int) values[i];
        }
        return out;
    }

    static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        if (index.dim() > 1 || x.dim() == 0) {
            throw new IllegalArgumentException("indexSelect: expects a tensor of rank >= 1 and a 1-D index, got shapes "
                    + x.shape() + " and " + index.shape());
        }
        int d = Shape.normalize("indexSelect", dim, x.dim());
        Tensor src = x.contiguous().detach();
        int size = src.size(d);
        int[] idx = checkedIndices("indexSelect", index, size, dim, x.shape());
        int inner = src.stridesRef()[d];
        int outer = src.numel() / Math.max(1, size * inner);
        Tensor out = Tensor.empty(src.shape().with(d, idx.length), x.dtype());
        Object a = src.array();
        Object y = out.array();
        int base = src.storageOffset();
        int picked = idx.length;
        Parallel.forRange(outer * picked, Math.max(1, COPY_GRAIN / Math.max(1, inner)), (from, to) -> {
            for (int r = from; r < to; r++) {
                System.arraycopy(a, base + (r / picked * size + idx[r % picked]) * inner, y, r * inner, inner);
            }
        });
        Shape in = x.shape();
        return Autograd.recordShapeOnly("indexSelect", out, (g, needs) -> new Tensor[] {
                Tensor.zeros(in, g.dtype()).indexAdd(d, index, g), null}, x, index);
    }

    static Tensor indexAdd(Tensor x, int dim, Tensor index, Tensor source) {
        int d = Shape.normalize("indexAdd", dim, Math.max(1, x.dim()));
        if (index.dim() > 1) {
            throw new IllegalArgumentException("indexAdd: the index must be 1-D, got shape " + index.shape());
        }
        Shape expected = x.shape().with(d, index.numel());
        if (!source.shape().equals(expected)) {
            throw new IllegalArgumentException("indexAdd: source has shape " + source.shape() + " but expected "
                    + expected + " (the tensor's shape " + x.shape() + " with dimension " + dim + " of the index's length)");
        }
        int size = x.size(d);
        int[] idx = checkedIndices("indexAdd", index, size, dim, x.shape());
        Tensor out = Tensor.empty(x.shape(), x.dtype());
        Conversion.copyInto(out, x);
        Tensor src = Tensor.empty(source.shape(), x.dtype());
        Conversion.copyInto(src, source);
        int inner = out.stridesRef()[d];
        int outer = out.numel() / Math.max(1, size * inner);
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < idx.length; j++) {
                int to = (o * size + idx[j]) * inner;
                int from = (o * idx.length + j) * inner;
                addRow(out.array(), to, src.array(), from, inner);
            }
        }
        return Autograd.recordShapeOnly("indexAdd", out, (g, needs) -> new Tensor[] {
                g, null, needs[2] ? g.indexSelect(d, index) : null}, x, index, source);
    }

    private static void addRow(Object y, int yo, Object s, int so, int n) {
        switch (y) {
            case float[] f -> PointwiseKernels.binary(BinaryOp.ADD, f, yo, 1, (float[]) s, so, 1, f, yo, 1, n);
            case double[] f -> PointwiseKernels.binary(BinaryOp.ADD, f, yo, 1, (double[]) s, so, 1, f, yo, 1, n);
            default -> {
                for (int i = 0; i < n; i++) {
                    Elements.setDouble(y, yo + i, Elements.getDouble(y, yo + i) + Elements.getDouble(s, so + i));
                }
            }
        }
    }

    /** Checks that an index tensor fits gather/scatter on x along d: same rank, not larger elsewhere. */
    private static void checkGatherShapes(String op, Tensor x, int d, Tensor index, Tensor src) {
        if (index.dim() != x.dim()) {
            throw new IllegalArgumentException(op + ": the index must have the tensor's rank " + x.dim()
                    + ", got shape " + index.shape() + " for tensor shape " + x.shape());
        }
        for (int k = 0; k < x.dim(); k++) {
            if ((k != d && index.size(k) > x.size(k)) || (src != null && index.size(k) > src.size(k))) {
                throw new IllegalArgumentException(op + ": index shape " + index.shape() + " is larger than "
                        + (src != null && index.size(k) > src.size(k) ? "the source's shape " + src.shape()
                                : "the tensor's shape " + x.shape()) + " in dimension " + k);
            }
        }
    }

    static Tensor gather(Tensor x, int dim, Tensor index) {
        int d = Shape.normalize("gather", dim, Math.max(1, x.dim()));
        requireIntegerIndex("gather", index);
        checkGatherShapes("gather", x, d, index, null);
        Tensor idx = Tensor.empty(index.shape(), DType.INT64);
        Conversion.copyInto(idx, index);
        checkedIndices("gather", idx, x.dim() == 0 ? 1 : x.size(d), dim, x.shape());
        Tensor out = Tensor.empty(index.shape(), x.dtype());
        if (out.numel() > 0) {
            long[] iv = idx.storage().longs();
            Object a = x.array();
            Object y = out.array();
            int xs = x.dim() == 0 ? 0 : x.stridesRef()[d];
            Loops.forEachLane(index.shape(), d, new Tensor[] {out, idx, x}, (off, strides, n) -> {
                for (int j = 0; j < n; j++) {
                    Elements.copy(a, off[2] + (int) iv[off[1] + j * strides[1]] * xs, y, off[0] + j * strides[0]);
                }
            });
        }
        Shape in = x.shape();
        return Autograd.recordShapeOnly("gather", out, (g, needs) -> new Tensor[] {
                Tensor.zeros(in, g.dtype()).scatterAdd(d, index, g), null}, x, index);
    }

    static Tensor scatter(Tensor x, int dim, Tensor index, Tensor src, boolean accumulate) {
        String op = accumulate ? "scatterAdd" : "scatter";
        int d = Shape.normalize(op, dim, Math.max(1, x.dim()));
        if (src.dtype() != x.dtype()) {
            throw new IllegalArgumentException(op + ": the source's dtype " + src.dtype()
                    + " must match the tensor's dtype " + x.dtype());
        }
        requireIntegerIndex(op, index);
        checkGatherShapes(op, x, d, index, src);
        Tensor idx = Tensor.empty(index.shape(), DType.INT64);
        Conversion.copyInto(idx, index);
        checkedIndices(op, idx, x.dim() == 0 ? 1 : x.size(d), dim, x.shape());
        Tensor out = Tensor.empty(x.shape(), x.dtype());
        Conversion.copyInto(out, x);
        if (index.numel() > 0) {
            long[] iv = idx.storage().longs();
            Object s = src.array();
            Object y = out.array();
            int ys = out.dim() == 0 ? 0 : out.stridesRef()[d];
            // out is iterated over the index's shape with its own strides; the lane step comes from the index.
            Tensor outOverIndex = out.asStrided(index.shape(), out.stridesRef(), 0);
            Loops.forEachLane(index.shape(), d, new Tensor[] {outOverIndex, idx, src}, (off, strides, n) -> {
                for (int j = 0; j < n; j++) {
                    int to = off[0] + (int) iv[off[1] + j * strides[1]] * ys;
                    double v = Elements.getDouble(s, off[2] + j * strides[2]);
                    Elements.setDouble(y, to, accumulate ? Elements.getDouble(y, to) + v : v);
                }
            });
        }
        return Autograd.recordShapeOnly(op, out, (g, needs) -> new Tensor[] {
                needs[0] ? (accumulate ? g : g.scatter(d, index, 0.0)) : null,
                null,
                needs[2] ? g.gather(d, index) : null}, x, index, src);
    }

    static Tensor oneHot(Tensor indices, int numClasses) {
        if (numClasses < 0) {
            numClasses = (int) indices.max().itemLong() + 1;
        }
        int[] idx = checkedIndices("oneHot", indices, numClasses, -1, indices.shape());
        Tensor out = Tensor.empty(indices.shape().insert(indices.dim(), numClasses), DType.INT64);
        long[] y = out.storage().longs();
        for (int i = 0; i < idx.length; i++) {
            y[i * numClasses + idx[i]] = 1;
        }
        return out;
    }

    static Tensor embedding(Tensor indices, Tensor weight) {
        if (weight.dim() != 2) {
            throw new IllegalArgumentException("embedding: the weight must be 2-D (num_embeddings, dim), got shape "
                    + weight.shape());
        }
        Tensor rows = weight.indexSelect(0, indices.reshape(-1));
        return rows.reshape(indices.shape().insert(indices.dim(), weight.size(1)).toArray());
    }
}
