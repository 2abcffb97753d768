package dev.myelin.tensor;

import java.util.Arrays;

/**
 * The sizes of a tensor's dimensions: an immutable value, PyTorch's {@code torch.Size}.
 *
 * <p>Dimensions may be given negative, counting from the end ({@code -1} is the last), wherever
 * an op takes one. A rank-0 shape {@code ()} describes a scalar; a size may be 0 (an empty
 * tensor). The element count must fit a Java array, so it is an {@code int}.
 *
 * <pre>{@code
 * Shape s = Shape.of(2, 3, 4);
 * s.size(-1)                                   // 4
 * Shape.broadcast("add", s, Shape.of(3, 1))    // (2, 3, 4)
 * }</pre>
 */
public final class Shape {
    private static final Shape SCALAR = new Shape(new int[0]);

    private final int[] dims;
    private final int numel;

    private Shape(int[] dims) {
        this.dims = dims;
        long n = 1;
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has a negative size");
            }
            n *= d;
            if (n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims)
                        + " has more elements than a Java array can hold (2^31 - 9)");
            }
        }
        this.numel = (int) n;
    }

    /** A shape with the given sizes; no argument gives the scalar shape {@code ()}. */
    public static Shape of(int... dims) {
        return dims.length == 0 ? SCALAR : new Shape(dims.clone());
    }

    /** The scalar shape {@code ()}. */
    public static Shape scalar() {
        return SCALAR;
    }

    /** The number of dimensions. */
    public int rank() {
        return dims.length;
    }

    /** The size of dimension {@code dim}, which may be negative. */
    public int size(int dim) {
        return dims[normalize("size", dim, dims.length)];
    }

    /** The product of the sizes: how many elements a tensor of this shape holds. */
    public int numel() {
        return numel;
    }

    /** A copy of the sizes. */
    public int[] toArray() {
        return dims.clone();
    }

    /** The strides of a contiguous (row-major) tensor of this shape, in elements. */
    public int[] contiguousStrides() {
        int[] strides = new int[dims.length];
        int s = 1;
        for (int d = dims.length - 1; d >= 0; d--) {
            strides[d] = s;
            s *= Math.max(dims[d], 1);
        }
        return strides;
    }

    /** This shape with dimension {@code dim} set to {@code size}. */
    public Shape with(int dim, int size) {
        int[] d = dims.clone();
        d[normalize("with", dim, dims.length)] = size;
        return new Shape(d);
    }

    /** This shape without dimension {@code dim}. */
    public Shape remove(int dim) {
        int k = normalize("remove", dim, dims.length);
        int[] d = new int[dims.length - 1];
        System.arraycopy(dims, 0, d, 0, k);
        System.arraycopy(dims, k + 1, d, k, dims.length - k - 1);
        return new Shape(d);
    }

    /** This shape with a new dimension of {@code size} inserted at {@code dim} (0..rank, or negative). */
    public Shape insert(int dim, int size) {
        int k = normalize("insert", dim, dims.length + 1);
        int[] d = new int[dims.length + 1];
        System.arraycopy(dims, 0, d, 0, k);
        d[k] = size;
        System.arraycopy(dims, k, d, k + 1, dims.length - k);
        return new Shape(d);
    }

    /**
     * The shape two operands broadcast to, by NumPy's rule: align sizes from the right; each pair
     * must be equal or contain a 1.
     *
     * @param op the op's name, for the error message
     * @throws IllegalArgumentException naming the op, both shapes and the dimension that differs
     */
    public static Shape broadcast(String op, Shape a, Shape b) {
        if (a.equals(b)) {
            return a;
        }
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.rank() ? 1 : a.dims[i - (rank - a.rank())];
            int db = i < rank - b.rank() ? 1 : b.dims[i - (rank - b.rank())];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + a + " and " + b
                        + " cannot be broadcast: dimension " + (i - rank) + " has sizes " + da + " and " + db
                        + " (each pair must be equal or contain a 1)");
            }
            out[i] = da == 1 ? db : da;
        }
        return new Shape(out);
    }

    /** Whether a tensor of this shape can be expanded (broadcast) to {@code target}. */
    public boolean broadcastsTo(Shape target) {
        if (rank() > target.rank()) {
            return false;
        }
        int lead = target.rank() - rank();
        for (int i = 0; i < rank(); i++) {
            if (dims[i] != 1 && dims[i] != target.dims[lead + i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Turns a possibly negative dimension into an index in {@code [0, rank)}.
     *
     * @param op the op's name, for the error message
     * @throws IndexOutOfBoundsException naming the op, the dimension and the valid range
     */
    public static int normalize(String op, int dim, int rank) {
        int r = Math.max(rank, 1);
        if (dim < -r || dim >= r) {
            throw new IndexOutOfBoundsException(op + ": dimension " + dim + " is out of range for a tensor of rank "
                    + rank + " (expected " + -r + ".." + (r - 1) + ")");
        }
        return dim < 0 ? dim + r : dim;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Sizes in parentheses, as in error messages: {@code (2, 3)}; the scalar shape is {@code ()}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(dims[i]);
        }
        return sb.append(')').toString();
    }
}
