package dev.myelin.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/** The vector math functions against double-precision references, at special values and over wide ranges. */
class VectorMathTest {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    @Test
    void expIsWithinTwoUlpAndHandlesTheEdges() {
        assertWithinUlp(VectorMath::exp, Math::exp, -86.5f, 88.7f, 2);
        assertThat(apply(VectorMath::exp, 0f, -0f, 1f, 89f, -88f, -200f, Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, Float.NaN))
                .containsExactly(1f, 1f, (float) Math.E, Float.POSITIVE_INFINITY, 0f, 0f, Float.POSITIVE_INFINITY,
                        0f, Float.NaN);
    }

    @Test
    void logIsWithinTwoUlpIncludingSubnormalsAndHandlesTheEdges() {
        assertWithinUlp(VectorMath::log, Math::log, 1e-30f, 1e30f, 2);
        assertWithinUlp(VectorMath::log, Math::log, 0.5f, 2f, 2);
        assertWithinUlp(VectorMath::log, Math::log, Float.MIN_VALUE * 10, Float.MIN_NORMAL, 2);
        assertThat(apply(VectorMath::log, 1f, 0f, -1f, Float.POSITIVE_INFINITY, Float.NaN))
                .containsExactly(0f, Float.NEGATIVE_INFINITY, Float.NaN, Float.POSITIVE_INFINITY, Float.NaN);
    }

    @Test
    void tanhSigmoidLog1pAndExpm1AreAccurate() {
        assertWithinUlp(VectorMath::tanh, Math::tanh, -12f, 12f, 4);
        assertWithinUlp(VectorMath::tanh, Math::tanh, -1e-3f, 1e-3f, 2);
        assertWithinUlp(VectorMath::sigmoid, x -> 1 / (1 + Math.exp(-x)), -80f, 30f, 4);
        assertWithinUlp(VectorMath::log1p, Math::log1p, -0.999f, 1e6f, 4);
        assertWithinUlp(VectorMath::log1p, Math::log1p, -1e-5f, 1e-5f, 4);
        assertWithinUlp(VectorMath::expm1, Math::expm1, -20f, 80f, 4);
        assertWithinUlp(VectorMath::expm1, Math::expm1, -1e-5f, 1e-5f, 4);
        assertThat(apply(VectorMath::tanh, 0f, 30f, -30f, Float.POSITIVE_INFINITY, Float.NaN))
                .containsExactly(0f, 1f, -1f, 1f, Float.NaN);
        assertThat(apply(VectorMath::log1p, -1f, Float.POSITIVE_INFINITY, 0f))
                .containsExactly(Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, 0f);
        assertThat(apply(VectorMath::expm1, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, 0f))
                .containsExactly(-1f, Float.POSITIVE_INFINITY, 0f);
    }

    /** f on a grid of 100,000 points, log-spaced when the range allows, within {@code ulps} of the reference. */
    private static void assertWithinUlp(UnaryOperator<FloatVector> f, DoubleUnaryOperator reference, float from, float to,
            int ulps) {
        int n = 100_000 / S.length() * S.length();
        float[] x = new float[n];
        boolean logSpaced = from > 0 && (double) to / from > 100;
        for (int i = 0; i < n; i++) {
            double t = (double) i / (n - 1);
            x[i] = (float) (logSpaced ? from * Math.pow((double) to / from, t) : from + ((double) to - from) * t);
        }
        float[] y = new float[n];
        for (int i = 0; i < n; i += S.length()) {
            f.apply(FloatVector.fromArray(S, x, i)).intoArray(y, i);
        }
        for (int i = 0; i < n; i++) {
            float expected = (float) reference.applyAsDouble(x[i]);
            assertThat(Math.abs(y[i] - expected))
                    .as("f(%s) = %s, expected %s", x[i], y[i], expected)
                    .isLessThanOrEqualTo(ulps * Math.ulp(expected));
        }
    }

    private static float[] apply(UnaryOperator<FloatVector> f, float... values) {
        float[] padded = new float[(values.length + S.length() - 1) / S.length() * S.length()];
        System.arraycopy(values, 0, padded, 0, values.length);
        float[] out = new float[padded.length];
        for (int i = 0; i < padded.length; i += S.length()) {
            f.apply(FloatVector.fromArray(S, padded, i)).intoArray(out, i);
        }
        return java.util.Arrays.copyOf(out, values.length);
    }
}
