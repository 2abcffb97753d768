package dev.myelin.data.transforms;

import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Tensor;

/**
 * Mirrors each image left to right with probability {@code p}: torchvision's
 * {@code RandomHorizontalFlip}. Shapes: (B, C, H, W) in and out.
 *
 * <pre>{@code
 * new RandomHorizontalFlip(0.5)
 * }</pre>
 *
 * @param p the probability that a sample is flipped
 */
public record RandomHorizontalFlip(double p) implements Transform {
    /** Checks the probability. */
    public RandomHorizontalFlip {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("RandomHorizontalFlip: p must be in [0, 1], got " + p);
        }
    }

    @Override
    public Tensor apply(Tensor x, Generator generator) {
        Images in = Images.of("RandomHorizontalFlip", x);
        Tensor out = in.copy();
        float[] dst = out.storage().floats();
        int w = in.width();
        int rows = in.channels() * in.height();
        for (int b = 0; b < in.batch(); b++) {
            if (generator.nextDouble() >= p) {
                continue;
            }
            for (int r = 0; r < rows; r++) {
                int row = (b * rows + r) * w;
                for (int i = 0, j = w - 1; i < j; i++, j--) {
                    float t = dst[row + i];
                    dst[row + i] = dst[row + j];
                    dst[row + j] = t;
                }
            }
        }
        return out;
    }
}
