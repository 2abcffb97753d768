package dev.myelin.tensor;

import dev.myelin.autograd.Autograd;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Ops that return a view of their input's storage: a new shape, strides and offset, no copy.
 * Their gradients reshape, permute or sum the incoming gradient back; the gradient of a slice
 * or a select is the incoming gradient embedded in zeros of the input's shape.
 */
final class Views {
    private Views() {}

    static Tensor reshape(Tensor x, int[] sizes, boolean mustView) {
        String op = mustView ? "view" : "reshape";
        Shape shape = inferShape(op, x, sizes);
        int[] strides = viewStrides(x.shape(), x.stridesRef(), shape);
        Tensor y;
        if (strides != null) {
            y = x.asStrided(shape, strides, x.storageOffset());
        } else if (mustView) {
            throw new IllegalArgumentException("view: shape " + shape + " is not compatible with the input's shape "
                    + x.shape() + " and strides " + Arrays.toString(x.stridesRef())
                    + " without a copy; use reshape(), or contiguous() first");
        } else {
            Tensor c = Tensor.uninitialized(x.shape(), x.dtype());
            Conversion.copyInto(c, x);
            y = c.asStrided(shape, shape.contiguousStrides(), 0);
        }
        Shape in = x.shape();
        return Autograd.recordShapeOnly(op, y, (g, n) -> new Tensor[] {g.reshape(in.toArray())}, x);
    }

    private static Shape inferShape(String op, Tensor x, int[] sizes) {
        int infer = -1;
        long known = 1;
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException(op + ": only one size may be -1, got " + Arrays.toString(sizes));
                }
                infer = i;
            } else if (sizes[i] < 0) {
                throw new IllegalArgumentException(op + ": invalid size " + sizes[i] + " in " + Arrays.toString(sizes));
            } else {
                known *= sizes[i];
            }
        }
        int[] out = sizes.clone();
        if (infer >= 0) {
            if (known == 0 || x.numel() % known != 0) {
                throw new IllegalArgumentException(op + ": shape " + Arrays.toString(sizes) + " is invalid for a tensor of "
                        + x.numel() + " elements (shape " + x.shape() + ")");
            }
            out[infer] = (int) (x.numel() / known);
        } else if (known != x.numel()) {
            throw new IllegalArgumentException(op + ": shape " + Arrays.toString(sizes) + " is invalid for a tensor of "
                    + x.numel() + " elements (shape " + x.shape() + ")");
        }
        return Shape.of(out);
    }

    /**
     * The strides under which a tensor of {@code shape} and {@code strides} can be seen as
     * {@code target} without copying, or null: each run of merged or split dimensions must be
     * contiguous within itself (PyTorch's rule).
     */
    static int[] viewStrides(Shape shape, int[] strides, Shape target) {
        int[] newStrides = new int[target.rank()];
        if (shape.numel() == 0 || target.rank() == 0) {
            return shape.numel() == 0 ? target.contiguousStrides() : newStrides;
        }
        int[] oldSizes = shape.rank() == 0 ? new int[] {1} : shape.toArray();
        int[] oldStrides = shape.rank() == 0 ? new int[] {1} : strides;
        int viewD = target.rank() - 1;
        long chunkBaseStride = oldStrides[oldStrides.length - 1];
        long tensorNumel = 1;
        long viewNumel = 1;
        for (int d = oldSizes.length - 1; d >= 0; d--) {
            tensorNumel *= oldSizes[d];
            if (d == 0 || (oldSizes[d - 1] != 1 && oldStrides[d - 1] != tensorNumel * chunkBaseStride)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || target.size(viewD) == 1)) {
                    newStrides[viewD] = (int) (viewNumel * chunkBaseStride);
                    viewNumel *= target.size(viewD);
                    viewD--;
                }
                if (viewNumel != tensorNumel) {
                    return null;
                }
                if (d > 0) {
                    chunkBaseStride = oldStrides[d - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewD == -1 ? newStrides : null;
    }

    static Tensor permute(Tensor x, int[] dims) {
        Tensor y = permuteRaw(x, dims);
        int[] inverse = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            inverse[Shape.normalize("permute", dims[i], x.dim())] = i;
        }
        return Autograd.recordShapeOnly("permute", y, (g, n) -> new Tensor[] {g.permute(inverse)}, x);
    }

    /** The permuted view without recording it. */
    static Tensor permuteRaw(Tensor x, int[] dims) {
        if (dims.length != x.dim()) {
            throw new IllegalArgumentException("permute: " + dims.length + " dimensions given for a tensor of rank "
                    + x.dim() + " (shape " + x.shape() + ")");
        }
        boolean[] seen = new boolean[dims.length];
        int[] sizes = new int[dims.length];
        int[] strides = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            int d = Shape.normalize("permute", dims[i], x.dim());
            if (seen[d]) {
                throw new IllegalArgumentException("permute: dimension " + dims[i] + " repeats in " + Arrays.toString(dims));
            }
            seen[d] = true;
            sizes[i] = x.size(d);
            strides[i] = x.stridesRef()[d];
        }
        return x.asStrided(Shape.of(sizes), strides, x.storageOffset());
    }

    static Tensor transpose(Tensor x, int dim0, int dim1) {
        int[] perm = new int[x.dim()];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        if (x.dim() == 0) {
            Shape.normalize("transpose", dim0, 0);
            Shape.normalize("transpose", dim1, 0);
            return x;
        }
        int a = Shape.normalize("transpose", dim0, x.dim());
        int b = Shape.normalize("transpose", dim1, x.dim());
        perm[a] = b;
        perm[b] = a;
        return permute(x, perm);
    }

    static Tensor expand(Tensor x, int[] sizes) {
        if (sizes.length < x.dim()) {
            throw new IllegalArgumentException("expand: the target " + Arrays.toString(sizes)
                    + " has fewer dimensions than the tensor's shape " + x.shape());
        }
        int lead = sizes.length - x.dim();
        int[] out = new int[sizes.length];
        int[] strides = new int[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            int own = i < lead ? 1 : x.size(i - lead);
            int want = sizes[i] == -1 && i >= lead ? own : sizes[i];
            if (want < 0) {
                throw new IllegalArgumentException("expand: size -1 is only allowed for existing dimensions, got "
                        + Arrays.toString(sizes) + " for shape " + x.shape());
            }
            if (own != want && own != 1) {
                throw new IllegalArgumentException("expand: cannot expand shape " + x.shape() + " to "
                        + Arrays.toString(sizes) + ": dimension " + i + " has size " + own + " (only size 1 expands)");
            }
            out[i] = want;
            strides[i] = i < lead || (own == 1 && want != 1) ? 0 : x.stridesRef()[i - lead];
        }
        Shape shape = Shape.of(out);
        if (shape.equals(x.shape())) {
            return x;
        }
        Shape in = x.shape();
        Tensor y = x.asStrided(shape, strides, x.storageOffset());
        return Autograd.recordShapeOnly("expand", y, (g, n) -> new Tensor[] {g.sumTo(in)}, x);
    }

    static Tensor slice(Tensor x, int dim, int start, int end, int step, String op) {
        if (x.dim() == 0) {
            throw new IllegalArgumentException(op + ": cannot slice a 0-dim tensor");
        }
        int d = Shape.normalize(op, dim, x.dim());
        int size = x.size(d);
        if (step <= 0) {
            throw new IllegalArgumentException(op + ": step must be positive, got " + step);
        }
        int from;
        int to;
        if (op.equals("narrow")) {
            from = start < 0 ? start + size : start;
            int length = end - start;
            if (from < 0 || from > size || length < 0 || from + length > size) {
                throw new IndexOutOfBoundsException("narrow: start " + start + " and length " + length
                        + " do not fit dimension " + dim + " of size " + size + " (shape " + x.shape() + ")");
            }
            to = from + length;
        } else {
            from = clampIndex(start, size);
            to = Math.max(from, clampIndex(end, size));
        }
        int length = (to - from + step - 1) / step;
        int[] strides = x.stridesRef().clone();
        strides[d] *= step;
        Tensor y = x.asStrided(x.shape().with(d, length), strides, x.storageOffset() + from * x.stridesRef()[d]);
        int f = from;
        int t = to;
        return Autograd.recordShapeOnly(op, y, (g, n) -> new Tensor[] {
                embed(op, g, x.shape(), z -> z.slice(d, f, t, step))}, x);
    }

    private static int clampIndex(int i, int size) {
        int k = i < 0 ? i + size : i;
        return Math.min(Math.max(k, 0), size);
    }

    static Tensor select(Tensor x, int dim, int index) {
        if (x.dim() == 0) {
            throw new IllegalArgumentException("select: cannot select from a 0-dim tensor");
        }
        int d = Shape.normalize("select", dim, x.dim());
        int size = x.size(d);
        if (index < -size || index >= size) {
            throw new IndexOutOfBoundsException("select: index " + index + " is out of range for dimension " + dim
                    + " of size " + size + " (shape " + x.shape() + ")");
        }
        int i = index < 0 ? index + size : index;
        int[] strides = new int[x.dim() - 1];
        for (int k = 0, j = 0; k < x.dim(); k++) {
            if (k != d) {
                strides[j++] = x.stridesRef()[k];
            }
        }
        Tensor y = x.asStrided(x.shape().remove(d), strides, x.storageOffset() + i * x.stridesRef()[d]);
        return Autograd.recordShapeOnly("select", y, (g, n) -> new Tensor[] {
                embed("select", g, x.shape(), z -> z.select(d, i))}, x);
    }

    /** Zeros of {@code shape} with {@code g} written into {@code view} of them; differentiable in g. */
    private static Tensor embed(String op, Tensor g, Shape shape, UnaryOperator<Tensor> view) {
        Tensor z = Tensor.empty(shape, g.dtype());
        Conversion.copyInto(view.apply(z), g.detach());
        return Autograd.recordShapeOnly(op + "Backward", z, (gg, n) -> new Tensor[] {view.apply(gg)}, g);
    }

    /**
     * x surrounded by {@code value}: pads[0], pads[1] before and after the last dimension, pads[2],
     * pads[3] around the one before it, and so on (PyTorch's F.pad order). The gradient crops.
     */
    static Tensor pad(Tensor x, int[] pads, double value) {
        if (pads.length % 2 != 0 || pads.length / 2 > x.dim()) {
            throw new IllegalArgumentException("pad: expected an even number of pads, at most two per dimension of "
                    + x.shape() + ", got " + Arrays.toString(pads));
        }
        int[] sizes = x.shape().toArray();
        int[] before = new int[x.dim()];
        for (int i = 0; i < pads.length; i++) {
            if (pads[i] < 0) {
                throw new IllegalArgumentException("pad: pads must be non-negative, got " + Arrays.toString(pads));
            }
            int d = x.dim() - 1 - i / 2;
            sizes[d] += pads[i];
            if (i % 2 == 0) {
                before[d] = pads[i];
            }
        }
        Tensor out = Creation.full(Shape.of(sizes), value, x.dtype());
        Tensor interior = out;
        for (int d = 0; d < x.dim(); d++) {
            int[] strides = interior.stridesRef();
            interior = interior.asStrided(interior.shape().with(d, x.size(d)), strides,
                    interior.storageOffset() + before[d] * strides[d]);
        }
        Conversion.copyInto(interior, x);
        return Autograd.recordShapeOnly("pad", out, (g, n) -> {
            Tensor crop = g;
            for (int d = 0; d < x.dim(); d++) {
                crop = crop.narrow(d, before[d], x.size(d));
            }
            return new Tensor[] {crop};
        }, x);
    }

    static Tensor squeeze(Tensor x, Integer dim) {
        int[] sizes = x.shape().toArray();
        if (dim != null) {
            if (x.dim() == 0) {
                Shape.normalize("squeeze", dim, 0);
                return x;
            }
            int d = Shape.normalize("squeeze", dim, x.dim());
            return sizes[d] == 1 ? reshapeView("squeeze", x, x.shape().remove(d)) : x;
        }
        return reshapeView("squeeze", x, Shape.of(Arrays.stream(sizes).filter(s -> s != 1).toArray()));
    }

    static Tensor unsqueeze(Tensor x, int dim) {
        int d = Shape.normalize("unsqueeze", dim, x.dim() + 1);
        return reshapeView("unsqueeze", x, x.shape().insert(d, 1));
    }

    /** A reshape that is always possible as a view (only size-1 dimensions change). */
    private static Tensor reshapeView(String op, Tensor x, Shape shape) {
        int[] strides = viewStrides(x.shape(), x.stridesRef(), shape);
        Tensor y = x.asStrided(shape, strides, x.storageOffset());
        Shape in = x.shape();
        return Autograd.recordShapeOnly(op, y, (g, n) -> new Tensor[] {g.reshape(in.toArray())}, x);
    }

    static Tensor flatten(Tensor x, int startDim, int endDim) {
        if (x.dim() == 0) {
            return x.reshape(1);
        }
        int s = Shape.normalize("flatten", startDim, x.dim());
        int e = Shape.normalize("flatten", endDim, x.dim());
        if (s > e) {
            throw new IllegalArgumentException("flatten: startDim " + startDim + " comes after endDim " + endDim
                    + " for shape " + x.shape());
        }
        int[] sizes = new int[x.dim() - (e - s)];
        int merged = 1;
        for (int d = s; d <= e; d++) {
            merged *= x.size(d);
        }
        for (int d = 0, j = 0; d < x.dim(); d++) {
            if (d < s || d > e) {
                sizes[j++] = x.size(d);
            } else if (d == s) {
                sizes[j++] = merged;
            }
        }
        return x.reshape(sizes);
    }

    static Tensor unflatten(Tensor x, int dim, int[] sizes) {
        int d = Shape.normalize("unflatten", dim, x.dim());
        int known = 1;
        int infer = -1;
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] == -1) {
                infer = i;
            } else {
                known *= sizes[i];
            }
        }
        int[] split = sizes.clone();
        if (infer >= 0 && known != 0) {
            split[infer] = x.size(d) / known;
        }
        int product = 1;
        for (int v : split) {
            product *= v;
        }
        if (product != x.size(d)) {
            throw new IllegalArgumentException("unflatten: sizes " + Arrays.toString(sizes) + " do not multiply to "
                    + x.size(d) + ", the size of dimension " + dim + " of shape " + x.shape());
        }
        int[] shape = new int[x.dim() - 1 + split.length];
        for (int i = 0, j = 0; i < x.dim(); i++) {
            if (i == d) {
                for (int v : split) {
                    shape[j++] = v;
                }
            } else {
                shape[j++] = x.size(i);
            }
        }
        return x.reshape(shape);
    }
}
