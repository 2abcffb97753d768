package dev.myelin.data.transforms;

import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Tensor;
import java.util.Arrays;

/**
 * Pads each image with {@code padding} pixels of {@code fill} on every side, then cuts a
 * {@code height × width} window at a random position: torchvision's {@code RandomCrop} with
 * {@code padding}, the usual CIFAR / Fashion-MNIST augmentation. Each sample gets its own
 * position; all channels of a sample move together.
 *
 * <p>Shapes: (B, C, H, W) to (B, C, height, width), with height ≤ H + 2·padding and
 * width ≤ W + 2·padding.
 *
 * <pre>{@code
 * new RandomCrop(28, 2)     // shifts each 28 x 28 image by up to 2 pixels each way
 * }</pre>
 *
 * @param height the output height
 * @param width the output width
 * @param padding pixels added on each side before cropping
 * @param fill the value of the padding
 */
public record RandomCrop(int height, int width, int padding, float fill) implements Transform {
    /** Checks the sizes. */
    public RandomCrop {
        if (height < 1 || width < 1 || padding < 0) {
            throw new IllegalArgumentException("RandomCrop: expects a positive size and non-negative padding, got "
                    + height + " x " + width + " with padding " + padding);
        }
    }

    /** A square crop of {@code size} after zero padding. */
    public RandomCrop(int size, int padding) {
        this(size, size, padding, 0);
    }

    @Override
    public Tensor apply(Tensor x, Generator generator) {
        Images in = Images.of("RandomCrop", x);
        int h = in.height();
        int w = in.width();
        if (height > h + 2 * padding || width > w + 2 * padding) {
            throw new IllegalArgumentException("RandomCrop: a " + height + " x " + width + " crop does not fit images of "
                    + h + " x " + w + " padded by " + padding);
        }
        Tensor out = Images.blank(in.batch(), in.channels(), height, width);
        float[] dst = out.storage().floats();
        float[] src = in.data();
        for (int b = 0; b < in.batch(); b++) {
            int top = Images.below(generator, h + 2 * padding - height + 1) - padding;   // in image coordinates
            int left = Images.below(generator, w + 2 * padding - width + 1) - padding;
            int from = Math.max(0, -left);                    // the crop's columns that fall on the image
            int to = Math.min(width, w - left);
            for (int c = 0; c < in.channels(); c++) {
                int plane = in.offset() + (b * in.channels() + c) * h * w;
                int outPlane = (b * in.channels() + c) * height * width;
                for (int r = 0; r < height; r++) {
                    int row = outPlane + r * width;
                    int sy = top + r;
                    if (sy < 0 || sy >= h || from >= to) {
                        Arrays.fill(dst, row, row + width, fill);
                        continue;
                    }
                    Arrays.fill(dst, row, row + from, fill);
                    System.arraycopy(src, plane + sy * w + left + from, dst, row + from, to - from);
                    Arrays.fill(dst, row + to, row + width, fill);
                }
            }
        }
        return out;
    }
}
