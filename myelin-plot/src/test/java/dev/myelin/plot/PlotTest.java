package dev.myelin.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import dev.myelin.train.History;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Every picture renders to a valid PNG of the expected size. The files are also written to
 * target/test-pictures/ so that a person can look at them.
 */
class PlotTest {
    static final Path OUT = Path.of("target/test-pictures");
    static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
            "Sneaker", "Bag", "Ankle boot");

    private static BufferedImage decode(byte[] png) throws IOException {
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    @Test
    void trainingCurvesHaveOnePanelPerMeasure() throws IOException {
        History h = new History();
        for (int e = 0; e < 8; e++) {
            h.add(Map.of("loss", 1.0 / (e + 1), "accuracy", 0.6 + 0.04 * e, "val_loss", 1.1 / (e + 1) + 0.05,
                    "val_accuracy", 0.58 + 0.035 * e, "lr", 1e-3, "seconds", 2.0));
        }
        TrainingCurves.save(OUT.resolve("curves.png"), h, "Test run");
        BufferedImage img = decode(Files.readAllBytes(OUT.resolve("curves.png")));
        assertThat(img.getWidth()).isEqualTo(2 * 560);
        assertThat(img.getHeight()).isEqualTo(400);
        // Four measures: three panels on the first row, one on the second.
        History four = new History();
        for (int e = 0; e < 3; e++) {
            four.add(Map.of("loss", 1.0 - 0.1 * e, "accuracy", 0.5 + 0.1 * e, "f1", 0.4 + 0.1 * e, "top3_accuracy", 0.9));
        }
        BufferedImage wrapped = decode(TrainingCurves.toPng(four, "four"));
        assertThat(wrapped.getWidth()).isEqualTo(3 * 560);
        assertThat(wrapped.getHeight()).isEqualTo(2 * 400);
        assertThatThrownBy(() -> TrainingCurves.toPng(new History(), "x")).hasMessageContaining("history is empty");
    }

    @Test
    void confusionMatrixIsAHeatMap() throws IOException {
        long[][] cm = new long[10][10];
        for (int t = 0; t < 10; t++) {
            for (int p = 0; p < 10; p++) {
                cm[t][p] = t == p ? 150 + 10 * t : (t + p) % 7 == 0 ? 25 : 2;
            }
        }
        ConfusionMatrixPlot.save(OUT.resolve("confusion.png"), cm, CLASSES, "Confusion matrix");
        BufferedImage img = decode(Files.readAllBytes(OUT.resolve("confusion.png")));
        assertThat(img.getWidth()).isGreaterThan(500);
        assertThatThrownBy(() -> ConfusionMatrixPlot.toPng(cm, List.of("a"), "x")).hasMessageContaining("1 class names");
    }

    @Test
    void heatMapsHaveACellPerValueAndCheckTheirLabels() throws IOException {
        double[][] w = {{0.7, 0.2, 0.1}, {0.05, 0.9, 0.05}};
        HeatMap.save(OUT.resolve("heat-map.png"), w, List.of("un", "chat"), List.of("a", "cat", "<eos>"), "Attention",
                "source token", "output token", "0.00");
        BufferedImage img = decode(Files.readAllBytes(OUT.resolve("heat-map.png")));
        assertThat(img.getWidth()).isEqualTo(580);
        assertThat(img.getHeight()).isEqualTo(500);
        assertThat(decode(HeatMap.toPng(new double[14][20], java.util.Collections.nCopies(14, "r"),
                java.util.Collections.nCopies(20, "c"), "big", "x", "y", "#")).getWidth()).isEqualTo(60 * 20 + 200 + 80);
        assertThatThrownBy(() -> HeatMap.toPng(w, List.of("un"), List.of("a", "cat", "<eos>"), "x", "x", "y", "#"))
                .hasMessage("HeatMap: 1 row and 3 column labels for a 2 x 3 matrix");
        assertThatThrownBy(() -> HeatMap.toPng(new double[][] {{1, 2}, {3}}, List.of("a", "b"), List.of("c", "d"), "x",
                "x", "y", "#")).hasMessage("HeatMap: row 1 has 1 values, row 0 2");
    }

    @Test
    void imageGridShowsEveryImage() throws IOException {
        // Synthetic images: a bright disc of growing radius.
        int n = 8;
        float[] px = new float[n * 28 * 28];
        for (int k = 0; k < n; k++) {
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    double d = Math.hypot(r - 13.5, c - 13.5);
                    px[(k * 28 + r) * 28 + c] = d < 3 + k ? (float) (1 - d / 20) : 0;
                }
            }
        }
        Tensor images = Tensor.fromArray(px, n, 1, 28, 28);
        long[] truth = {0, 1, 2, 3, 4, 5, 6, 7};
        long[] predicted = {0, 1, 2, 6, 4, 5, 6, 9};
        ImageGrid.save(OUT.resolve("samples.png"), images, predicted, truth, CLASSES, 3);
        BufferedImage img = decode(Files.readAllBytes(OUT.resolve("samples.png")));
        assertThat(img.getWidth()).isEqualTo(3 * 190);
        assertThat(img.getHeight()).isEqualTo(3 * 200);                  // 8 images: the last row has two
        assertThatThrownBy(() -> ImageGrid.toPng(images, new long[3], truth, CLASSES, 4)).hasMessageContaining("3 predicted and 8 true labels");
    }

    @Test
    void titledImageGridDrawsItsOwnTitles() throws IOException {
        Tensor images = Tensor.rand(Shape.of(5, 1, 28, 28), DType.FLOAT32, new Generator(0));
        List<String> titles = List.of("noisy", "denoised", "clean", "", "sample");
        ImageGrid.save(OUT.resolve("titled.png"), images, titles, 2);
        BufferedImage img = decode(Files.readAllBytes(OUT.resolve("titled.png")));
        assertThat(img.getWidth()).isEqualTo(2 * 190);
        assertThat(img.getHeight()).isEqualTo(3 * 200);
        assertThatThrownBy(() -> ImageGrid.toPng(images, List.of("a"), 2)).hasMessage("ImageGrid: expected N > 0 grey"
                + " images (N, 1, H, W) with N titles and at least one column, got shape (5, 1, 28, 28), 1 titles and 2 columns");
    }

    @Test
    void genericLinesAndScatter() throws IOException {
        Tensor x = Tensor.randn(Shape.of(50), DType.FLOAT64, new Generator(0));
        double[] xs = x.toDoubleArray();
        double[] ys = x.mul(2).add(Tensor.randn(Shape.of(50), DType.FLOAT64, new Generator(1)).mul(0.3)).toDoubleArray();
        Plot p = Plot.of("Scatter and line", "x", "y").scatter("data", xs, ys).line("fit", new double[] {-3, 3},
                new double[] {-6, 6});
        p.save(OUT.resolve("plot.png"));
        assertThat(decode(p.toPng()).getWidth()).isEqualTo(800);
        assertThatThrownBy(() -> Plot.of("t", "x", "y").line("bad", new double[] {1}, new double[] {1, 2}))
                .hasMessageContaining("1 x values and 2 y values");
    }
}
