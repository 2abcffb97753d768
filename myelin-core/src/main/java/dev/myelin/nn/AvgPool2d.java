package dev.myelin.nn;

import dev.myelin.nn.functional.ConvOptions;
import dev.myelin.nn.functional.F;
import dev.myelin.tensor.Tensor;

/**
 * Average pooling over windows of an image: x (N, C, H, W) or (C, H, W) gives (N, C, H', W') with
 * H' = ⌊(H + 2·padding - k) / stride⌋ + 1. PyTorch's {@code nn.AvgPool2d}; {@link F#avgPool2d}
 * as a function. By default padded positions count in the average, as in PyTorch.
 *
 * <pre>{@code
 * new AvgPool2d(2).forward(x);             // (8, 16, 28, 28) -> (8, 16, 14, 14)
 * }</pre>
 */
public final class AvgPool2d extends Module {
    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final boolean ceilMode;
    private final boolean countIncludePad;

    /** Square windows with stride equal to the kernel. */
    public AvgPool2d(int kernel) {
        this(new int[] {kernel}, null, new int[] {0}, false, true);
    }

    /** Square windows with the given stride. */
    public AvgPool2d(int kernel, int stride) {
        this(new int[] {kernel}, new int[] {stride}, new int[] {0}, false, true);
    }

    /** Square windows with the given stride and padding (at most half the kernel). */
    public AvgPool2d(int kernel, int stride, int padding) {
        this(new int[] {kernel}, new int[] {stride}, new int[] {padding}, false, true);
    }

    /**
     * Each size one value or (h, w); a null stride is the kernel size.
     *
     * @param countIncludePad whether padded positions count in the divisor
     */
    public AvgPool2d(int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad) {
        this.kernel = Pool.pair(kernel);
        this.stride = Pool.pair(stride);
        this.padding = Pool.pair(padding);
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
    }

    @Override
    public Tensor forward(Tensor x) {
        return hooked(Pool.apply(this, x, 4, "(N, C, H, W) or (C, H, W)",
                t -> F.avgPool2d(t, kernel, stride, padding, ceilMode, countIncludePad)));
    }

    @Override
    protected String extraRepr() {
        return "kernel=" + ConvOptions.tuple(kernel) + ", stride=" + ConvOptions.tuple(stride == null ? kernel : stride)
                + ", padding=" + ConvOptions.tuple(padding) + (ceilMode ? ", ceilMode=true" : "")
                + (countIncludePad ? "" : ", countIncludePad=false");
    }
}
