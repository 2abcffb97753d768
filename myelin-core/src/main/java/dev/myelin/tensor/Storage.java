package dev.myelin.tensor;

/**
 * The flat Java array behind one or more tensors (a tensor and its views share one storage).
 *
 * <p>The array's type follows the dtype: {@code float[]} for float32, {@code double[]} for
 * float64, {@code int[]} for int32, {@code long[]} for int64 and {@code boolean[]} for bool.
 * The version counter goes up with every in-place write, so that autograd can tell when a
 * tensor it saved for the backward pass has since been overwritten.
 */
public final class Storage {
    private final Object array;
    private final DType dtype;
    private int version;

    Storage(DType dtype, Object array) {
        this.dtype = dtype;
        this.array = array;
    }

    /** A zero-filled storage of {@code length} elements. */
    static Storage allocate(DType dtype, int length) {
        return new Storage(dtype, switch (dtype) {
            case FLOAT32 -> new float[length];
            case FLOAT64 -> new double[length];
            case INT32 -> new int[length];
            case INT64 -> new long[length];
            case BOOL -> new boolean[length];
        });
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** The number of elements the array holds. */
    public int length() {
        return switch (array) {
            case float[] a -> a.length;
            case double[] a -> a.length;
            case int[] a -> a.length;
            case long[] a -> a.length;
            case boolean[] a -> a.length;
            default -> throw new IllegalStateException("storage of unknown array " + array.getClass());
        };
    }

    /** How many in-place writes this storage has seen. */
    public int version() {
        return version;
    }

    void bumpVersion() {
        version++;
    }

    /** The array of a float32 storage. */
    public float[] floats() {
        return (float[]) array;
    }

    /** The array of a float64 storage. */
    public double[] doubles() {
        return (double[]) array;
    }

    /** The array of an int32 storage. */
    public int[] ints() {
        return (int[]) array;
    }

    /** The array of an int64 storage. */
    public long[] longs() {
        return (long[]) array;
    }

    /** The array of a bool storage. */
    public boolean[] bools() {
        return (boolean[]) array;
    }

    /** The array itself, whatever its type. */
    public Object array() {
        return array;
    }
}
