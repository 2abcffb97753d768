package dev.myelin.nn;

import dev.myelin.tensor.Tensor;
import java.util.Arrays;

/**
 * Splits dimension {@code dim} into {@code sizes} (one may be -1). PyTorch's {@code nn.Unflatten}.
 *
 * <pre>{@code
 * new Unflatten(1, 1, 28, 28).forward(x);   // (32, 784) -> (32, 1, 28, 28)
 * }</pre>
 */
public final class Unflatten extends Module {
    private final int dim;
    private final int[] sizes;

    /** Splits dimension {@code dim} into {@code sizes}. */
    public Unflatten(int dim, int... sizes) {
        if (sizes.length == 0) {
            throw new IllegalArgumentException("Unflatten: needs at least one size");
        }
        this.dim = dim;
        this.sizes = sizes.clone();
    }

    @Override
    public Tensor forward(Tensor x) {
        return hooked(x.unflatten(dim, sizes));
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim + ", sizes=" + Arrays.toString(sizes);
    }
}
