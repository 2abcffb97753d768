package dev.myelin.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The 2x2 stride-2 fast path of max pooling (vectorised over each plane's outputs, scalar for the
 * rest) against a naive reference, with ties and NaNs, on planes with fewer outputs than a vector,
 * several vectors and a tail, and odd sizes whose last row and column no window covers.
 */
class MaxPoolTest {
    @ParameterizedTest
    @CsvSource({"8, 6", "28, 28", "14, 14", "9, 7", "34, 30"})
    void fastPathPicksTheSameValueAndPositionAsTheDefinition(int h, int w) {
        Random r = new Random(4 + h * w);
        int planes = 3;
        int oh = h / 2;
        int ow = w / 2;
        float[] x = new float[planes * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = switch (r.nextInt(6)) {
                case 0 -> Float.NaN;
                case 1 -> 1f;                       // ties
                default -> (float) r.nextGaussian();
            };
        }
        MaxPool.Window window = new MaxPool.Window(h, w, 2, 2, 2, 2, 0, 0, 1, 1, oh, ow);
        float[] out = new float[planes * oh * ow];
        int[] indices = new int[out.length];
        MaxPool.forward(x, planes, window, out, indices);
        for (int p = 0; p < planes; p++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int bestAt = -1;
                    for (int i = 0; i < 2 && (bestAt < 0 || !Float.isNaN(x[p * h * w + bestAt])); i++) {
                        for (int j = 0; j < 2; j++) {
                            int at = (2 * oy + i) * w + 2 * ox + j;
                            float v = x[p * h * w + at];
                            if (bestAt < 0 || v > x[p * h * w + bestAt] || Float.isNaN(v)) {
                                bestAt = at;
                                if (Float.isNaN(v)) {
                                    break;
                                }
                            }
                        }
                    }
                    int o = (p * oh + oy) * ow + ox;
                    assertThat(indices[o]).as("plane %d, output (%d, %d)", p, oy, ox).isEqualTo(bestAt);
                    assertThat(Float.floatToIntBits(out[o])).isEqualTo(Float.floatToIntBits(x[p * h * w + bestAt]));
                }
            }
        }
    }
}
