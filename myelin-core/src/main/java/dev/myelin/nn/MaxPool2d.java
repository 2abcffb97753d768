package dev.myelin.nn;

import dev.myelin.nn.functional.ConvOptions;
import dev.myelin.nn.functional.F;
import dev.myelin.tensor.Tensor;

/**
 * Max pooling over windows of an image: x (N, C, H, W) or (C, H, W) gives (N, C, H', W') with
 * H' = ⌊(H + 2·padding - dilation·(k - 1) - 1) / stride⌋ + 1 (rounded up with ceilMode).
 * PyTorch's {@code nn.MaxPool2d}; {@link F#maxPool2d} as a function.
 *
 * <pre>{@code
 * new MaxPool2d(2).forward(x);             // (8, 16, 28, 28) -> (8, 16, 14, 14)
 * }</pre>
 */
public final class MaxPool2d extends Module {
    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final int[] dilation;
    private final boolean ceilMode;

    /** Square windows with stride equal to the kernel. */
    public MaxPool2d(int kernel) {
        this(new int[] {kernel}, null, new int[] {0}, new int[] {1}, false);
    }

    /** Square windows with the given stride. */
    public MaxPool2d(int kernel, int stride) {
        this(new int[] {kernel}, new int[] {stride}, new int[] {0}, new int[] {1}, false);
    }

    /** Square windows with the given stride and padding (at most half the kernel). */
    public MaxPool2d(int kernel, int stride, int padding) {
        this(new int[] {kernel}, new int[] {stride}, new int[] {padding}, new int[] {1}, false);
    }

    /** Each size one value or (h, w); a null stride is the kernel size. */
    public MaxPool2d(int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        this.kernel = Pool.pair(kernel);
        this.stride = Pool.pair(stride);
        this.padding = Pool.pair(padding);
        this.dilation = Pool.pair(dilation);
        this.ceilMode = ceilMode;
    }

    @Override
    public Tensor forward(Tensor x) {
        return hooked(Pool.apply(this, x, 4, "(N, C, H, W) or (C, H, W)",
                t -> F.maxPool2d(t, kernel, stride, padding, dilation, ceilMode)));
    }

    @Override
    protected String extraRepr() {
        return "kernel=" + ConvOptions.tuple(kernel) + ", stride=" + ConvOptions.tuple(stride == null ? kernel : stride)
                + ", padding=" + ConvOptions.tuple(padding) + ", dilation=" + ConvOptions.tuple(dilation)
                + (ceilMode ? ", ceilMode=true" : "");
    }
}
