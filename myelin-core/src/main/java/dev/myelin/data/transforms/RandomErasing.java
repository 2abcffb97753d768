package dev.myelin.data.transforms;

import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Tensor;
import java.util.Arrays;

/**
 * With probability {@code p}, sets a random rectangle of each image (all channels) to
 * {@code value}: torchvision's {@code RandomErasing} (Zhong et al., 2017), a cutout-style
 * regulariser. The rectangle covers a fraction of the area uniform in [minScale, maxScale] with an
 * aspect ratio (height / width) log-uniform in [minRatio, maxRatio]; as in torchvision, up to 10
 * draws are tried to find one that fits, else the image is left alone. Shapes: (B, C, H, W) in
 * and out.
 *
 * <pre>{@code
 * new RandomErasing()                              // p 0.5, scale 0.02-0.33, ratio 0.3-3.3, value 0
 * }</pre>
 *
 * @param p the probability that a sample is erased
 * @param minScale the smallest erased fraction of the image
 * @param maxScale the largest erased fraction
 * @param minRatio the smallest aspect ratio
 * @param maxRatio the largest aspect ratio
 * @param value what the rectangle is set to
 */
public record RandomErasing(double p, double minScale, double maxScale, double minRatio, double maxRatio, float value)
        implements Transform {
    private static final int ATTEMPTS = 10;

    /** Checks the ranges. */
    public RandomErasing {
        if (!(p >= 0 && p <= 1) || !(minScale > 0 && minScale <= maxScale && maxScale <= 1)
                || !(minRatio > 0 && minRatio <= maxRatio) || Double.isInfinite(maxRatio)) {
            throw new IllegalArgumentException("RandomErasing: expects p in [0, 1], 0 < minScale <= maxScale <= 1 and"
                    + " 0 < minRatio <= maxRatio, got " + p + ", " + minScale + ", " + maxScale + ", " + minRatio + ", "
                    + maxRatio);
        }
    }

    /** torchvision's defaults: p 0.5, scale 0.02 to 0.33, ratio 0.3 to 3.3, value 0. */
    public RandomErasing() {
        this(0.5, 0.02, 0.33, 0.3, 3.3, 0);
    }

    @Override
    public Tensor apply(Tensor x, Generator generator) {
        Images in = Images.of("RandomErasing", x);
        Tensor out = in.copy();
        float[] dst = out.storage().floats();
        int h = in.height();
        int w = in.width();
        for (int b = 0; b < in.batch(); b++) {
            if (generator.nextDouble() >= p) {
                continue;
            }
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                double area = h * w * Images.uniform(generator, minScale, maxScale);
                double ratio = Math.exp(Images.uniform(generator, Math.log(minRatio), Math.log(maxRatio)));
                int eh = (int) Math.round(Math.sqrt(area * ratio));
                int ew = (int) Math.round(Math.sqrt(area / ratio));
                if (eh < 1 || ew < 1 || eh >= h || ew >= w) {
                    continue;
                }
                int top = Images.below(generator, h - eh + 1);
                int left = Images.below(generator, w - ew + 1);
                for (int c = 0; c < in.channels(); c++) {
                    int plane = (b * in.channels() + c) * h * w;
                    for (int r = top; r < top + eh; r++) {
                        Arrays.fill(dst, plane + r * w + left, plane + r * w + left + ew, value);
                    }
                }
                break;
            }
        }
        return out;
    }
}
