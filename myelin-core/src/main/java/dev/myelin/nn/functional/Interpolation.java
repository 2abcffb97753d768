package dev.myelin.nn.functional;

/**
 * How {@link F#interpolate} computes resized values: PyTorch's {@code mode}.
 *
 * <pre>{@code
 * F.interpolate(x, 56, 56, Interpolation.BILINEAR, false)
 * }</pre>
 */
public enum Interpolation {
    /** Each output pixel copies the input pixel its position falls in. */
    NEAREST,
    /** Each output pixel blends the four nearest input pixels linearly. */
    BILINEAR
}
