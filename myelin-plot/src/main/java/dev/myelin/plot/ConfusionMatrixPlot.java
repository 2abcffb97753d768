package dev.myelin.plot;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

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
        int side = Math.max(500, 60 * n + 200);
        HeatMapChart chart = new HeatMapChartBuilder().width(side + 80).height(side).title(title)
                .xAxisTitle("predicted class").yAxisTitle("true class").build();
        var s = chart.getStyler();
        s.setShowValue(true);
        s.setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, n > 12 ? 9 : 12));
        s.setValueFontColor(new Color(20, 20, 20));
        s.setRangeColors(new Color[] {new Color(247, 251, 255), new Color(158, 202, 225), new Color(66, 146, 198)});
        s.setLegendVisible(false);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotContentSize(1.0);
        s.setXAxisLabelRotation(45);
        s.setHeatMapValueDecimalPattern("#");
        List<String> rows = new ArrayList<>(classes).reversed();       // the first class at the top
        List<Number[]> cells = new ArrayList<>();
        long max = 1;
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < n; p++) {
                cells.add(new Number[] {p, n - 1 - t, cm[t][p]});
                max = Math.max(max, cm[t][p]);
            }
        }
        s.setMin(0);
        s.setMax(max);
        chart.addSeries("confusion", classes, rows, cells);
        return Png.of(chart);
    }

    /** Writes the heat map as a PNG file, atomically. */
    public static void save(Path file, long[][] cm, List<String> classes, String title) throws IOException {
        Png.write(file, toPng(cm, classes, title));
    }
}
