package dev.myelin.nn;

import dev.myelin.tensor.Tensor;
import java.util.function.UnaryOperator;

/** Shared by the pooling and resizing layers: checking the input and accepting a single unbatched example. */
final class Pool {
    private Pool() {}

    /**
     * Applies {@code op} to a batched input of {@code rank} dimensions, or to a single example of
     * one dimension fewer (adding and removing the batch dimension).
     */
    static Tensor apply(Module layer, Tensor x, int rank, String layout, UnaryOperator<Tensor> op) {
        if (x.dim() == rank) {
            return op.apply(x);
        }
        if (x.dim() == rank - 1) {
            return op.apply(x.unsqueeze(0)).squeeze(0);
        }
        throw new IllegalArgumentException(layer.describe() + ": expected input of shape " + layout + ", got "
                + x.shape());
    }

    static int[] pair(int[] values) {
        return values == null ? null : values.length == 1 ? new int[] {values[0], values[0]} : values.clone();
    }
}
