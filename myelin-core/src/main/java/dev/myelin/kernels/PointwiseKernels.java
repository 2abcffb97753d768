package dev.myelin.kernels;

/**
 * Row kernels of the elementwise ops: {@code n} elements of each operand, each at its own
 * offset and stride (a stride of 0 broadcasts one element). Output rows never alias inputs.
 *
 * <p>One kernel per dtype family (float, double, long); the tensor layer converts int32 and
 * bool operands to int64 before calling them. Float rows that are contiguous or broadcast go
 * through the Vector API first ({@code VectorPointwise}); the loops here are the reference and
 * finish what it leaves.
 */
public final class PointwiseKernels {
    private PointwiseKernels() {}

    /** y = op(x) over one row of floats. */
    public static void unary(UnaryOp op, double p, double q, float[] x, int xo, int xs, float[] y, int yo, int ys, int n) {
        int done = VectorSupport.AVAILABLE && xs == 1 && ys == 1 ? VectorPointwise.unary(op, p, q, x, xo, y, yo, n) : 0;
        for (int i = done; i < n; i++) {
            y[yo + i * ys] = (float) UnaryOp.apply(op, x[xo + i * xs], p, q);
        }
    }

    /** y = op(x) over one row of doubles. */
    public static void unary(UnaryOp op, double p, double q, double[] x, int xo, int xs, double[] y, int yo, int ys, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i * ys] = UnaryOp.apply(op, x[xo + i * xs], p, q);
        }
    }

    /** y = op(x) over one row of longs, for the ops that keep integer types. */
    public static void unary(UnaryOp op, long[] x, int xo, int xs, long[] y, int yo, int ys, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i * ys] = UnaryOp.applyLong(op, x[xo + i * xs]);
        }
    }

    /** y = a op b over one row of floats. */
    public static void binary(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs,
            float[] y, int yo, int ys, int n) {
        int done = VectorSupport.AVAILABLE && ys == 1 ? VectorPointwise.binary(op, a, ao, as, b, bo, bs, y, yo, n) : 0;
        for (int i = done; i < n; i++) {
            y[yo + i * ys] = (float) BinaryOp.apply(op, a[ao + i * as], b[bo + i * bs]);
        }
    }

    /** y = a op b over one row of doubles. */
    public static void binary(BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs,
            double[] y, int yo, int ys, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i * ys] = BinaryOp.apply(op, a[ao + i * as], b[bo + i * bs]);
        }
    }

    /** y = a op b over one row of longs. */
    public static void binary(BinaryOp op, long[] a, int ao, int as, long[] b, int bo, int bs,
            long[] y, int yo, int ys, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i * ys] = BinaryOp.applyLong(op, a[ao + i * as], b[bo + i * bs]);
        }
    }

    /** y = (a op b) for a predicate op, over one row of operands of any one numeric type. */
    public static void predicate(BinaryOp op, Object a, int ao, int as, Object b, int bo, int bs,
            boolean[] y, int yo, int ys, int n) {
        switch (a) {
            case float[] fa -> {
                float[] fb = (float[]) b;
                int done = VectorSupport.AVAILABLE && ys == 1
                        ? VectorPointwise.predicate(op, fa, ao, as, fb, bo, bs, y, yo, n) : 0;
                for (int i = done; i < n; i++) {
                    y[yo + i * ys] = BinaryOp.test(op, fa[ao + i * as], fb[bo + i * bs]);
                }
            }
            case double[] da -> {
                double[] db = (double[]) b;
                for (int i = 0; i < n; i++) {
                    y[yo + i * ys] = BinaryOp.test(op, da[ao + i * as], db[bo + i * bs]);
                }
            }
            case long[] la -> {
                long[] lb = (long[]) b;
                for (int i = 0; i < n; i++) {
                    y[yo + i * ys] = BinaryOp.testLong(op, la[ao + i * as], lb[bo + i * bs]);
                }
            }
            default -> throw new IllegalArgumentException("predicate: unsupported array " + a.getClass().getSimpleName());
        }
    }

    /** y = cond ? a : b over one row; a, b and y are arrays of the same type. */
    public static void where(boolean[] c, int co, int cs, Object a, int ao, int as, Object b, int bo, int bs,
            Object y, int yo, int ys, int n) {
        switch (y) {
            case float[] fy -> {
                float[] fa = (float[]) a;
                float[] fb = (float[]) b;
                for (int i = 0; i < n; i++) {
                    fy[yo + i * ys] = c[co + i * cs] ? fa[ao + i * as] : fb[bo + i * bs];
                }
            }
            case double[] dy -> {
                double[] da = (double[]) a;
                double[] db = (double[]) b;
                for (int i = 0; i < n; i++) {
                    dy[yo + i * ys] = c[co + i * cs] ? da[ao + i * as] : db[bo + i * bs];
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    Elements.copy(c[co + i * cs] ? a : b, c[co + i * cs] ? ao + i * as : bo + i * bs, y, yo + i * ys);
                }
            }
        }
    }
}
