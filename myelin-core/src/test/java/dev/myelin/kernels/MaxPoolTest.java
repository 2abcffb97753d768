package dev.myelin.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The 2x2 stride-2 fast path of max pooling against a naive reference, with ties and NaNs. */
class MaxPoolTest {
    @Test
    void fastPathPicksTheSameValueAndPositionAsTheDefinition() {
        Random r = new Random(4);
        int planes = 3;
        int h = 8;
        int w = 6;
        float[] x = new float[planes * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = switch (r.nextInt(6)) {
                case 0 -> Float.NaN;
                case 1 -> 1f;                       // ties
                default -> (float) r.nextGaussian();
            };
        }
        MaxPool.Window window = new MaxPool.Window(h, w, 2, 2, 2, 2, 0, 0, 1, 1, h / 2, w / 2);
        float[] out = new float[planes * h * w / 4];
        int[] indices = new int[out.length];
        MaxPool.forward(x, planes, window, out, indices);
        for (int p = 0; p < planes; p++) {
            for (int oy = 0; oy < h / 2; oy++) {
                for (int ox = 0; ox < w / 2; ox++) {
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
                    int o = (p * h / 2 + oy) * (w / 2) + ox;
                    assertThat(indices[o]).as("plane %d, output (%d, %d)", p, oy, ox).isEqualTo(bestAt);
                    assertThat(Float.floatToIntBits(out[o])).isEqualTo(Float.floatToIntBits(x[p * h * w + bestAt]));
                }
            }
        }
    }
}
