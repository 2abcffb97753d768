package dev.myelin.onnx;

import dev.myelin.tensor.Tensor;
import java.util.List;

/** The kinds of runtime values of an ONNX graph, and conversions operator code needs. */
final class Values {
    /** An optional without a value (ONNX's {@code Optional} type). */
    static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "none";
        }
    };

    private Values() {}

    /** The value as a tensor, or an exception naming what it was. */
    static Tensor tensor(Object value) {
        if (value instanceof Tensor t) {
            return t;
        }
        throw new IllegalArgumentException("expected a tensor, got " + describe(value));
    }

    /** The value as a sequence of tensors. */
    @SuppressWarnings("unchecked")
    static List<Object> sequence(Object value) {
        if (value instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw new IllegalArgumentException("expected a sequence, got " + describe(value));
    }

    static String describe(Object value) {
        return switch (value) {
            case null -> "nothing";
            case Tensor t -> "a tensor of shape " + t.shape() + " (" + t.dtype() + ")";
            case List<?> l -> "a sequence of " + l.size() + " values";
            default -> value == NONE ? "an empty optional" : value.getClass().getSimpleName();
        };
    }

    /** The integers of a 0-d or 1-d integer tensor (shapes, axes, indices given as inputs). */
    static long[] longs(Object value) {
        Tensor t = tensor(value);
        if (t.dim() > 1) {
            throw new IllegalArgumentException("expected a scalar or a 1-D list of integers, got shape " + t.shape());
        }
        return t.toLongArray();
    }
}
