package dev.myelin.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The float row kernels (vectorised where they can be) against the double-precision reference
 * definitions of each op, on the odd sizes 1, 7, 17, 63, 129 and 1100 (more than two chunks of a
 * staged loop), on strided rows, and on special values (zeros of both signs, NaN, infinities,
 * large magnitudes).
 */
class PointwiseKernelsTest {
    private static final int[] SIZES = {1, 7, 17, 63, 129, 1100};
    private static final float[] SPECIAL = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        1e30f, -1e30f, 88f, -88f, 1e-30f};

    private static boolean positiveDomain(UnaryOp op) {
        return switch (op) {
            case LOG, LOG1P, SQRT, RSQRT, RECIPROCAL, POW_SCALAR -> true;
            default -> false;
        };
    }

    private static float[] inputs(Random r, int n, boolean positive, boolean special) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double v = r.nextGaussian() * 3;
            x[i] = (float) (positive ? Math.abs(v) + 1e-3 : v);
        }
        if (special) {
            for (int i = 0; i < Math.min(n, SPECIAL.length); i++) {
                x[i * 3 % n] = SPECIAL[i];
            }
        }
        return x;
    }

    /** Within float accuracy of the reference: 1e-5 relative plus a little absolute (erf is good to 1.5e-7). */
    private static void assertClose(String what, float got, double expected) {
        if (Double.isNaN(expected)) {
            assertThat(Float.isNaN(got)).as("%s: expected NaN, got %s", what, got).isTrue();
        } else if (Double.isInfinite(expected) || Math.abs(expected) > Float.MAX_VALUE) {
            assertThat((double) got).as(what).isEqualTo((double) (float) expected);
        } else {
            assertThat(Math.abs(got - expected)).as("%s: got %s, expected %s", what, got, expected)
                    .isLessThanOrEqualTo(1e-5 * Math.abs(expected) + 4e-7);
        }
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryOpsMatchTheirReference(UnaryOp op) {
        Random r = new Random(op.ordinal());
        double p = switch (op) {
            case CLAMP -> -0.75;
            case SOFTPLUS -> 1.5;
            case POW_SCALAR -> 1.7;
            default -> 0;
        };
        double q = switch (op) {
            case CLAMP -> 2.5;
            case SOFTPLUS -> 20;
            default -> 0;
        };
        for (int n : SIZES) {
            for (boolean special : new boolean[] {false, true}) {
                if (special && positiveDomain(op)) {
                    continue;
                }
                float[] x = inputs(r, 2 * n + 1, positiveDomain(op), special);
                for (int stride : new int[] {1, 2}) {
                    float[] y = new float[2 * n + 1];
                    PointwiseKernels.unary(op, p, q, x, 1, stride, y, 0, stride, n);
                    for (int i = 0; i < n; i++) {
                        double e = UnaryOp.apply(op, x[1 + i * stride], p, q);
                        if (op == UnaryOp.ERF || op == UnaryOp.GELU) {
                            e = Math.abs(e) < 1e-30 ? 0 : e;
                        }
                        assertClose(op + " n=" + n + " stride=" + stride + " x=" + x[1 + i * stride], y[i * stride], e);
                    }
                }
            }
        }
    }

    static Stream<Arguments> binaryCases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (BinaryOp op : BinaryOp.values()) {
            for (int[] strides : new int[][] {{1, 1}, {1, 0}, {0, 1}, {2, 1}, {1, 3}}) {
                b.add(Arguments.of(op, strides[0], strides[1]));
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} strides {1},{2}")
    @MethodSource("binaryCases")
    void binaryOpsMatchTheirReference(BinaryOp op, int as, int bs) {
        Random r = new Random(op.ordinal() * 7 + as * 3 + bs);
        for (int n : SIZES) {
            float[] a = inputs(r, 3 * n + 2, op == BinaryOp.POW, op != BinaryOp.POW);
            float[] b = inputs(r, 3 * n + 2, false, op != BinaryOp.POW);
            if (op.isPredicate()) {
                b[0] = a[0];                          // at least one tie for the comparisons
                boolean[] y = new boolean[n];
                PointwiseKernels.predicate(op, a, 0, as, b, 0, bs, y, 0, 1, n);
                for (int i = 0; i < n; i++) {
                    assertThat(y[i]).as("%s n=%d i=%d a=%s b=%s", op, n, i, a[i * as], b[i * bs])
                            .isEqualTo(BinaryOp.test(op, a[i * as], b[i * bs]));
                }
            } else {
                float[] y = new float[n];
                PointwiseKernels.binary(op, a, 0, as, b, 0, bs, y, 0, 1, n);
                for (int i = 0; i < n; i++) {
                    assertClose(op + " n=" + n + " a=" + a[i * as] + " b=" + b[i * bs], y[i],
                            BinaryOp.apply(op, a[i * as], b[i * bs]));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 17, 63, 129, 4099})
    void sumsMatchADoubleAccumulation(int n) {
        Random r = new Random(n);
        float[] x = inputs(r, n + 3, false, false);
        double expected = 0;
        for (int i = 0; i < n; i++) {
            expected += x[3 + i];
        }
        assertThat(ReduceKernels.sum(x, 3, 1, n)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-4 * Math.sqrt(n)));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 17, 63, 129})
    void softmaxRowsMatchTheReference(int n) {
        Random r = new Random(n);
        for (boolean log : new boolean[] {false, true}) {
            for (int variant = 0; variant < 3; variant++) {
                float[] x = inputs(r, n + 2, false, false);
                if (variant == 1) {
                    x[2] = Float.NEGATIVE_INFINITY;             // a masked position
                } else if (variant == 2) {
                    java.util.Arrays.fill(x, Float.NEGATIVE_INFINITY);   // everything masked
                }
                float[] y = new float[n];
                ReduceKernels.softmax(x, 2, 1, y, 0, 1, n, log);
                double[] expected = new double[n];
                double[] xd = new double[n + 2];
                for (int i = 0; i < xd.length; i++) {
                    xd[i] = x[i];
                }
                ReduceKernels.softmax(xd, 2, 1, expected, 0, 1, n, log);
                for (int i = 0; i < n; i++) {
                    assertClose("softmax log=" + log + " n=" + n + " variant " + variant, y[i], expected[i]);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 17, 63, 129, 300, 1000})
    void columnSumsMatchTheReference(int cols) {
        Random r = new Random(cols);
        int rows = 37;
        float[] x = inputs(r, 5 + rows * cols, false, false);
        float[] out = new float[cols];
        ReduceKernels.sumColumns(x, 5, rows, cols, out);
        for (int j = 0; j < cols; j++) {
            double e = 0;
            double magnitude = 0;
            float inOrder = 0;
            for (int i = 0; i < rows; i++) {
                e += x[5 + i * cols + j];
                magnitude += Math.abs(x[5 + i * cols + j]);
                inOrder += x[5 + i * cols + j];
            }
            // rows added in order, whatever path and split: the same float as the plain loop
            assertThat(out[j]).as("column %d", j).isEqualTo(inOrder);
            // float summation error grows with the sum of |terms|, not with the (cancelled) result
            assertThat(Math.abs(out[j] - e)).as("column %d", j).isLessThanOrEqualTo(1e-6 * magnitude);
        }
    }
}
