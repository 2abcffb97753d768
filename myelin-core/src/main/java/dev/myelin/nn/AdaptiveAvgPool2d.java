package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.tensor.Tensor;

/**
 * Average pooling to a fixed output size whatever the input size: x (N, C, H, W) or (C, H, W)
 * gives (N, C, outH, outW), with windows placed as PyTorch places them. PyTorch's
 * {@code nn.AdaptiveAvgPool2d}; {@link F#adaptiveAvgPool2d} as a function. Size 1 is global
 * average pooling, as in ResNet's head.
 *
 * <pre>{@code
 * new AdaptiveAvgPool2d(1).forward(features);   // (8, 512, 7, 7) -> (8, 512, 1, 1)
 * }</pre>
 */
public final class AdaptiveAvgPool2d extends Module {
    private final int outH;
    private final int outW;

    /** A square output of {@code size} x {@code size}. */
    public AdaptiveAvgPool2d(int size) {
        this(size, size);
    }

    /** An output of {@code outH} x {@code outW}. */
    public AdaptiveAvgPool2d(int outH, int outW) {
        Layers.positive("AdaptiveAvgPool2d", "outH", outH);
        Layers.positive("AdaptiveAvgPool2d", "outW", outW);
        this.outH = outH;
        this.outW = outW;
    }

    @Override
    public Tensor forward(Tensor x) {
        return hooked(Pool.apply(this, x, 4, "(N, C, H, W) or (C, H, W)", t -> F.adaptiveAvgPool2d(t, outH, outW)));
    }

    @Override
    protected String extraRepr() {
        return "output=(" + outH + ", " + outW + ")";
    }
}
