package dev.myelin.testing;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.util.Arrays;

/**
 * How to make one input of an op sample: its shape, its kind of values, and whether it is a
 * non-contiguous view. Floating inputs take the dtype under test and require grad.
 *
 * @param kind the kind of values
 * @param shape the sizes
 * @param nonContiguous make it a permuted (rank >= 2) or strided (rank 1) view of a larger tensor
 * @param bound for indices, the exclusive upper bound; for unique indices also the dimension
 * @param dim for unique indices, the dimension along which indices do not repeat
 */
public record InputSpec(Kind kind, int[] shape, boolean nonContiguous, int bound, int dim) {

    /** The kinds of values an input can hold. */
    public enum Kind {
        /** Standard normal floats. */
        NORMAL,
        /** Floats uniform in [0.5, 2]: for logarithms, roots and powers. */
        POSITIVE,
        /** int64 indices uniform in [0, bound). */
        INDEX,
        /** int64 indices in [0, bound) that never repeat along {@code dim} (for scatter). */
        UNIQUE_INDEX,
        /** Random bools. */
        MASK
    }

    /** This input as a non-contiguous view. */
    public InputSpec asView() {
        return new InputSpec(kind, shape, true, bound, dim);
    }

    public boolean isFloating() {
        return kind == Kind.NORMAL || kind == Kind.POSITIVE;
    }

    /** Makes the input: deterministic for a given generator state. */
    public Tensor make(DType floatType, Generator g) {
        Shape s = Shape.of(shape);
        Tensor t = switch (kind) {
            case NORMAL -> layout(Tensor.randn(storageShape(), floatType, g));
            case POSITIVE -> layout(Tensor.rand(storageShape(), floatType, g).mul(1.5).add(0.5));
            case INDEX -> Tensor.randint(0, bound, s, g);
            case UNIQUE_INDEX -> uniqueIndices(g);
            case MASK -> Tensor.rand(s, DType.FLOAT32, g).gt(0.5);
        };
        if (isFloating()) {
            t = t.detach().requiresGrad(true);
        }
        return t;
    }

    private Shape storageShape() {
        if (!nonContiguous) {
            return Shape.of(shape);
        }
        if (shape.length == 1) {
            return Shape.of(shape[0] * 2);
        }
        int[] reversed = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            reversed[i] = shape[shape.length - 1 - i];
        }
        return Shape.of(reversed);
    }

    private Tensor layout(Tensor base) {
        if (!nonContiguous) {
            return base;
        }
        if (shape.length == 1) {
            return base.slice(0, 0, shape[0] * 2, 2);
        }
        int[] perm = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            perm[i] = shape.length - 1 - i;
        }
        return base.permute(perm);
    }

    private Tensor uniqueIndices(Generator g) {
        // Along dim, each lane is the first shape[dim] entries of a random permutation of [0, bound).
        Shape s = Shape.of(shape);
        long[] out = new long[s.numel()];
        int lanes = s.numel() / Math.max(1, shape[dim]);
        int inner = 1;
        for (int d = dim + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        for (int lane = 0; lane < lanes; lane++) {
            long[] perm = Tensor.randint(0, 1L << 40, Shape.of(bound), g).toLongArray();
            Integer[] order = new Integer[bound];
            for (int i = 0; i < bound; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Long.compare(perm[a], perm[b]));
            int outer = lane / inner;
            int in = lane % inner;
            for (int j = 0; j < shape[dim]; j++) {
                out[(outer * shape[dim] + j) * inner + in] = order[j];
            }
        }
        return Tensor.fromArray(out, shape);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase() + Arrays.toString(shape) + (nonContiguous ? "(view)" : "");
    }
}
