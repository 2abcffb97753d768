package dev.myelin.tensor;

/**
 * The element type of a tensor.
 *
 * <p>The constants are declared in PyTorch's promotion order (bool &lt; int32 &lt; int64 &lt;
 * float32 &lt; float64), so that {@link #promote} is the larger of two types. Float32 is the
 * default for new floating-point tensors.
 *
 * <pre>{@code
 * DType.promote(DType.INT64, DType.FLOAT32)   // FLOAT32, as in torch.promote_types
 * }</pre>
 */
public enum DType {
    BOOL("bool", 1),
    INT32("int32", 4),
    INT64("int64", 8),
    FLOAT32("float32", 4),
    FLOAT64("float64", 8);

    private final String displayName;
    private final int byteSize;

    DType(String displayName, int byteSize) {
        this.displayName = displayName;
        this.byteSize = byteSize;
    }

    /** Bytes per element in files and in the Java array that stores it (bool: one byte). */
    public int byteSize() {
        return byteSize;
    }

    /** True for float32 and float64: the types that can require gradients. */
    public boolean isFloatingPoint() {
        return this == FLOAT32 || this == FLOAT64;
    }

    /** True for int32 and int64 (bool is its own category, as in PyTorch). */
    public boolean isIntegral() {
        return this == INT32 || this == INT64;
    }

    /** The smallest type both {@code a} and {@code b} convert to without losing their category. */
    public static DType promote(DType a, DType b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    /** The type of floating-point results from this type: itself if floating, else float32. */
    public DType toFloatingPoint() {
        return isFloatingPoint() ? this : FLOAT32;
    }

    /** The name PyTorch prints, e.g. {@code float32}. */
    @Override
    public String toString() {
        return displayName;
    }
}
