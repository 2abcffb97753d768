package dev.myelin.kernels;

/**
 * Reads, writes and copies single elements of a storage array of any type, converting between
 * types as a C cast would (floating to integer truncates toward zero; anything non-zero is true).
 * For the cold paths (indexing, conversions between unusual types); hot loops use typed arrays.
 */
public final class Elements {
    private Elements() {}

    /** The element at {@code i} as a double. */
    public static double getDouble(Object array, int i) {
        return switch (array) {
            case float[] a -> a[i];
            case double[] a -> a[i];
            case int[] a -> a[i];
            case long[] a -> a[i];
            case boolean[] a -> a[i] ? 1 : 0;
            default -> throw unknown(array);
        };
    }

    /** The element at {@code i} as a long. */
    public static long getLong(Object array, int i) {
        return switch (array) {
            case float[] a -> (long) a[i];
            case double[] a -> (long) a[i];
            case int[] a -> a[i];
            case long[] a -> a[i];
            case boolean[] a -> a[i] ? 1 : 0;
            default -> throw unknown(array);
        };
    }

    /** Stores {@code v} at {@code i}, converted to the array's type. */
    public static void setDouble(Object array, int i, double v) {
        switch (array) {
            case float[] a -> a[i] = (float) v;
            case double[] a -> a[i] = v;
            case int[] a -> a[i] = (int) v;
            case long[] a -> a[i] = (long) v;
            case boolean[] a -> a[i] = v != 0;
            default -> throw unknown(array);
        }
    }

    /** Stores {@code v} at {@code i}, converted to the array's type. */
    public static void setLong(Object array, int i, long v) {
        switch (array) {
            case float[] a -> a[i] = v;
            case double[] a -> a[i] = v;
            case int[] a -> a[i] = (int) v;
            case long[] a -> a[i] = v;
            case boolean[] a -> a[i] = v != 0;
            default -> throw unknown(array);
        }
    }

    /** Copies one element between arrays of the same type. */
    public static void copy(Object src, int si, Object dst, int di) {
        switch (dst) {
            case float[] d -> d[di] = ((float[]) src)[si];
            case double[] d -> d[di] = ((double[]) src)[si];
            case int[] d -> d[di] = ((int[]) src)[si];
            case long[] d -> d[di] = ((long[]) src)[si];
            case boolean[] d -> d[di] = ((boolean[]) src)[si];
            default -> throw unknown(dst);
        }
    }

    /**
     * Copies a strided row between arrays, converting the type if they differ: the kernel of
     * {@code contiguous()}, {@code to(dtype)} and in-place copies.
     */
    public static void copyRow(Object src, int so, int ss, Object dst, int dO, int ds, int n) {
        if (src.getClass() == dst.getClass()) {
            if (ss == 1 && ds == 1) {
                System.arraycopy(src, so, dst, dO, n);
                return;
            }
            switch (dst) {
                case float[] d -> {
                    float[] s = (float[]) src;
                    for (int i = 0; i < n; i++) {
                        d[dO + i * ds] = s[so + i * ss];
                    }
                }
                case double[] d -> {
                    double[] s = (double[]) src;
                    for (int i = 0; i < n; i++) {
                        d[dO + i * ds] = s[so + i * ss];
                    }
                }
                default -> {
                    for (int i = 0; i < n; i++) {
                        copy(src, so + i * ss, dst, dO + i * ds);
                    }
                }
            }
            return;
        }
        if (src instanceof float[] s && dst instanceof double[] d) {
            for (int i = 0; i < n; i++) {
                d[dO + i * ds] = s[so + i * ss];
            }
        } else if (src instanceof double[] s && dst instanceof float[] d) {
            for (int i = 0; i < n; i++) {
                d[dO + i * ds] = (float) s[so + i * ss];
            }
        } else if (src instanceof boolean[] s && dst instanceof float[] d) {
            for (int i = 0; i < n; i++) {
                d[dO + i * ds] = s[so + i * ss] ? 1f : 0f;
            }
        } else if (dst instanceof float[] || dst instanceof double[]) {
            for (int i = 0; i < n; i++) {
                setDouble(dst, dO + i * ds, getDouble(src, so + i * ss));
            }
        } else if (dst instanceof boolean[] d) {
            for (int i = 0; i < n; i++) {
                d[dO + i * ds] = getDouble(src, so + i * ss) != 0;
            }
        } else {
            for (int i = 0; i < n; i++) {
                setLong(dst, dO + i * ds, getLong(src, so + i * ss));
            }
        }
    }

    private static IllegalArgumentException unknown(Object array) {
        return new IllegalArgumentException("not a storage array: " + array.getClass().getName());
    }
}
