package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.tensor.Tensor;

/**
 * Max pooling over windows of a sequence: x (N, C, L) or (C, L) gives (N, C, L') with
 * L' = ⌊(L + 2·padding - dilation·(k - 1) - 1) / stride⌋ + 1. PyTorch's {@code nn.MaxPool1d};
 * {@link F#maxPool1d} as a function.
 *
 * <pre>{@code
 * new MaxPool1d(2).forward(x);             // (8, 64, 100) -> (8, 64, 50)
 * }</pre>
 */
public final class MaxPool1d extends Module {
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int dilation;
    private final boolean ceilMode;

    /** Windows of {@code kernel} with stride equal to the kernel. */
    public MaxPool1d(int kernel) {
        this(kernel, kernel, 0, 1, false);
    }

    /** Windows of {@code kernel} with the given stride. */
    public MaxPool1d(int kernel, int stride) {
        this(kernel, stride, 0, 1, false);
    }

    /** Every setting; padding is at most half the kernel. */
    public MaxPool1d(int kernel, int stride, int padding, int dilation, boolean ceilMode) {
        Layers.positive("MaxPool1d", "kernel", kernel);
        Layers.positive("MaxPool1d", "stride", stride);
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.ceilMode = ceilMode;
    }

    @Override
    public Tensor forward(Tensor x) {
        return hooked(Pool.apply(this, x, 3, "(N, C, L) or (C, L)",
                t -> F.maxPool1d(t, kernel, stride, padding, dilation, ceilMode)));
    }

    @Override
    protected String extraRepr() {
        return "kernel=" + kernel + ", stride=" + stride + ", padding=" + padding + ", dilation=" + dilation
                + (ceilMode ? ", ceilMode=true" : "");
    }
}
