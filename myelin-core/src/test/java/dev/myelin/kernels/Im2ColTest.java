package dev.myelin.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The float unfold and fold (with the block path of same-width unit-stride convolutions) against
 * the general double-precision path, which follows the definition run by run, on geometries with
 * and without padding, stride and dilation, several images side by side.
 */
class Im2ColTest {
    @ParameterizedTest
    @CsvSource({
        // channels, h, w, kh, kw, stride, padding, dilation
        "3, 14, 14, 3, 3, 1, 1, 1",
        "2, 9, 9, 3, 3, 1, 2, 2",
        "1, 28, 28, 5, 5, 1, 2, 1",
        "2, 7, 11, 3, 1, 1, 1, 1",
        "2, 8, 8, 3, 3, 2, 1, 1",
        "3, 6, 5, 2, 3, 1, 0, 1",
        "1, 4, 4, 3, 3, 1, 3, 1",
    })
    void floatPathsEqualTheGeneralPath(int channels, int h, int w, int k1, int k2, int stride, int pad, int dil) {
        int oh = (h + 2 * pad - dil * (k1 - 1) - 1) / stride + 1;
        int ow = (w + 2 * pad - dil * (k2 - 1) - 1) / stride + 1;
        Im2Col.Geometry g = new Im2Col.Geometry(channels, h, w, k1, k2, stride, stride, pad, pad, dil, dil, oh, ow);
        int images = 3;
        int ld = images * g.cols();
        Random r = new Random(channels * 31 + h * 7 + pad);
        float[] x = new float[images * channels * h * w];
        double[] xd = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
            xd[i] = x[i];
        }
        float[] cols = new float[g.rows() * ld];
        double[] colsd = new double[cols.length];
        java.util.Arrays.fill(cols, Float.NaN);              // every entry must be written
        for (int b = 0; b < images; b++) {
            Im2Col.im2col(x, b * channels * h * w, g, cols, b * g.cols(), ld);
            Im2Col.im2col(xd, b * channels * h * w, g, colsd, b * g.cols(), ld);
        }
        for (int i = 0; i < cols.length; i++) {
            assertThat((double) cols[i]).as("column entry %d", i).isEqualTo(colsd[i]);
        }
        float[] back = new float[x.length];
        double[] backd = new double[x.length];
        for (int i = 0; i < cols.length; i++) {
            cols[i] = (float) r.nextGaussian();
            colsd[i] = cols[i];
        }
        for (int b = 0; b < images; b++) {
            Im2Col.col2im(cols, b * g.cols(), ld, g, back, b * channels * h * w);
            Im2Col.col2im(colsd, b * g.cols(), ld, g, backd, b * channels * h * w);
        }
        for (int i = 0; i < x.length; i++) {
            assertThat((double) back[i]).as("image entry %d", i).isCloseTo(backd[i],
                    org.assertj.core.data.Offset.offset(1e-5 * (1 + Math.abs(backd[i]))));
        }
    }
}
