package dev.myelin.data.transforms;

import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Tensor;

/**
 * Resizes every image to {@code height × width} by bilinear interpolation with half-pixel
 * centres: {@code torch.nn.functional.interpolate(x, size, mode="bilinear", align_corners=False)}
 * (no antialiasing, so strong downscaling aliases). Shapes: (B, C, H, W) to (B, C, height, width).
 *
 * <pre>{@code
 * new Resize(32, 32).apply(x, null)      // the generator is not used
 * }</pre>
 *
 * @param height the output height
 * @param width the output width
 */
public record Resize(int height, int width) implements Transform {
    /** Checks the size. */
    public Resize {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("Resize: expects a positive size, got " + height + " x " + width);
        }
    }

    @Override
    public Tensor apply(Tensor x, Generator generator) {
        Images in = Images.of("Resize", x);
        int h = in.height();
        int w = in.width();
        Tensor out = Images.blank(in.batch(), in.channels(), height, width);
        float[] dst = out.storage().floats();
        double sy = (double) h / height;
        double sx = (double) w / width;
        for (int p = 0; p < in.batch() * in.channels(); p++) {
            int plane = in.offset() + p * h * w;
            for (int r = 0; r < height; r++) {
                double y = Math.clamp((r + 0.5) * sy - 0.5, 0, h - 1);    // PyTorch clamps at the edges
                for (int q = 0; q < width; q++) {
                    double xx = Math.clamp((q + 0.5) * sx - 0.5, 0, w - 1);
                    dst[(p * height + r) * width + q] = Images.bilinear(in.data(), plane, h, w, y, xx, 0);
                }
            }
        }
        return out;
    }
}
