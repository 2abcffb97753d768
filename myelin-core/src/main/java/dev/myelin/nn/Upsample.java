package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.nn.functional.Interpolation;
import dev.myelin.tensor.Tensor;

/**
 * Resizes images x (N, C, H, W) by a scale factor or to a fixed size, with nearest-neighbour or
 * bilinear interpolation. PyTorch's {@code nn.Upsample}; {@link F#interpolate} as a function.
 *
 * <p>With a scale factor the output size is ⌊H·scale⌋; positions map by the ratio of the
 * sizes, which is PyTorch's mapping for integer factors.
 *
 * <pre>{@code
 * new Upsample(2, Interpolation.NEAREST).forward(x);                 // (8, 16, 7, 7) -> (8, 16, 14, 14)
 * Upsample.toSize(32, 32, Interpolation.BILINEAR, false).forward(x);  // -> (8, 16, 32, 32)
 * }</pre>
 */
public final class Upsample extends Module {
    private final double scale;
    private final int outH;
    private final int outW;
    private final Interpolation mode;
    private final boolean alignCorners;

    /** Scales height and width by {@code scale}. */
    public Upsample(double scale, Interpolation mode) {
        this(scale, mode, false);
    }

    /**
     * Scales height and width by {@code scale}.
     *
     * @param alignCorners for bilinear: whether the corner pixels of input and output coincide
     */
    public Upsample(double scale, Interpolation mode, boolean alignCorners) {
        this(scale, 0, 0, mode, alignCorners);
        if (!(scale > 0)) {
            throw new IllegalArgumentException("Upsample: scale must be positive, got " + scale);
        }
    }

    private Upsample(double scale, int outH, int outW, Interpolation mode, boolean alignCorners) {
        this.scale = scale;
        this.outH = outH;
        this.outW = outW;
        this.mode = mode;
        this.alignCorners = alignCorners;
    }

    /** Resizes to {@code outH} x {@code outW}. */
    public static Upsample toSize(int outH, int outW, Interpolation mode, boolean alignCorners) {
        Layers.positive("Upsample", "outH", outH);
        Layers.positive("Upsample", "outW", outW);
        return new Upsample(0, outH, outW, mode, alignCorners);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 4) {
            throw new IllegalArgumentException(describe() + ": expected input of shape (N, C, H, W), got " + x.shape());
        }
        int h = scale > 0 ? (int) Math.floor(x.size(2) * scale) : outH;
        int w = scale > 0 ? (int) Math.floor(x.size(3) * scale) : outW;
        return hooked(F.interpolate(x, h, w, mode, alignCorners));
    }

    @Override
    protected String extraRepr() {
        return (scale > 0 ? "scale=" + scale : "size=(" + outH + ", " + outW + ")") + ", mode=" + mode
                + (alignCorners ? ", alignCorners=true" : "");
    }
}
