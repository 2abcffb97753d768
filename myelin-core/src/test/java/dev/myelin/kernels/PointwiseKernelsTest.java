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
 * definitions of each op, on the odd sizes 1, 7, 17, 63, 129, on strided rows, and on special
 * values (zeros of both signs, NaN, infinities, large magnitudes).
 */
class PointwiseKernelsTest {
    private static final int[] SIZES = {1, 7, 17, 63, 129};
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
}
