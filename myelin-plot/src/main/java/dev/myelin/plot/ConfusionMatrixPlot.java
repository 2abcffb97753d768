package dev.myelin.plot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A confusion matrix as a heat map with the count in every cell: true classes down the side
 * (the first at the top), predicted classes along the bottom, darker for more examples.
 *
 * <pre>{@code
 * long[][] cm = Metrics.confusionMatrix(logits, labels);
 * ConfusionMatrixPlot.save(runDir.resolve("confusion.png"), cm, FashionMnist.CLASSES, "Test set");
 * }</pre>
 */
public final class ConfusionMatrixPlot {
    private ConfusionMatrixPlot() {}

    /** The PNG of {@code cm[true][predicted]} with class names. */
    public static byte[] toPng(long[][] cm, List<String> classes, String title) {
        int n = cm.length;
        if (n == 0 || classes.size() != n) {
            throw new IllegalArgumentException("ConfusionMatrixPlot: " + classes.size() + " class names for a " + n + " x "
                    + n + " matrix");
        }
        double[][] counts = new double[n][];
        for (int t = 0; t < n; t++) {
            counts[t] = java.util.Arrays.stream(cm[t]).asDoubleStream().toArray();
        }
        return HeatMap.toPng(counts, classes, classes, title, "predicted class", "true class", "#");
    }

    /** Writes the heat map as a PNG file, atomically. */
    public static void save(Path file, long[][] cm, List<String> classes, String title) throws IOException {
        Png.write(file, toPng(cm, classes, title));
    }
}
