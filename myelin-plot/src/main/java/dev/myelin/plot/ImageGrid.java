package dev.myelin.plot;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Tensor;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/**
 * Sample images with their predicted and true labels, in a grid: each image is drawn as a grey
 * heat map (XChart), titled with the predicted class ("Shirt (true: Dress)" when wrong), green when right and red when wrong.
 *
 * <pre>{@code
 * ImageGrid.save(runDir.resolve("samples.png"), images, predicted, labels, FashionMnist.CLASSES, 6);
 * }</pre>
 */
public final class ImageGrid {
    private static final int CELL = 190;

    private ImageGrid() {}

    /**
     * The PNG of the images.
     *
     * @param images (N, 1, H, W) or (N, H, W), values in [0, 1], drawn from white (0) to black (1)
     * @param predicted N predicted labels
     * @param truth N true labels
     * @param classes the class names by label
     * @param columns images per row
     */
    public static byte[] toPng(Tensor images, long[] predicted, long[] truth, List<String> classes, int columns) {
        if (images.dim() == 4 && images.size(1) == 1) {
            images = images.squeeze(1);
        }
        if (images.dim() != 3 || predicted.length != images.size(0) || truth.length != images.size(0) || columns < 1) {
            throw new IllegalArgumentException("ImageGrid: expected grey images (N, 1, H, W) with N predicted and N true"
                    + " labels, got shape " + images.shape() + " with " + predicted.length + " predicted and " + truth.length
                    + " true labels");
        }
        int n = images.size(0);
        int h = images.size(1);
        int w = images.size(2);
        float[] px = images.to(DType.FLOAT32).contiguous().toFloatArray();
        List<Integer> xs = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        for (int i = 0; i < w; i++) {
            xs.add(i);
        }
        for (int i = 0; i < h; i++) {
            ys.add(i);
        }
        List<HeatMapChart> charts = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            boolean right = predicted[k] == truth[k];
            String title = name(classes, predicted[k]) + (right ? "" : " (true: " + name(classes, truth[k]) + ")");
            HeatMapChart chart = new HeatMapChartBuilder().width(CELL).height(CELL + 10).title(title).build();
            var s = chart.getStyler();
            s.setLegendVisible(false);
            s.setAxisTicksVisible(false);
            s.setAxisTitlesVisible(false);
            s.setPlotGridLinesVisible(false);
            s.setPlotBorderVisible(false);
            s.setChartTitleBoxVisible(false);
            s.setChartBackgroundColor(Color.WHITE);
            s.setChartFontColor(right ? new Color(0, 120, 0) : new Color(200, 0, 0));
            s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
            s.setDrawBorder(false);
            s.setAntiAlias(false);                   // no seams between the pixels' rectangles
            s.setChartPadding(4);
            s.setPlotContentSize(1.0);
            s.setRangeColors(new Color[] {Color.WHITE, Color.BLACK});
            s.setMin(0);
            s.setMax(1);
            List<Number[]> cells = new ArrayList<>(h * w);
            for (int r = 0; r < h; r++) {
                for (int c = 0; c < w; c++) {
                    cells.add(new Number[] {c, h - 1 - r, Math.clamp(px[(k * h + r) * w + c], 0f, 1f)});
                }
            }
            chart.addSeries("image", xs, ys, cells);
            charts.add(chart);
        }
        int rows = (n + columns - 1) / columns;
        return Png.grid(charts, rows, Math.min(columns, n));
    }

    /** Writes the grid as a PNG file, atomically. */
    public static void save(Path file, Tensor images, long[] predicted, long[] truth, List<String> classes, int columns)
            throws IOException {
        Png.write(file, toPng(images, predicted, truth, classes, columns));
    }

    private static String name(List<String> classes, long label) {
        return label >= 0 && label < classes.size() ? classes.get((int) label) : String.valueOf(label);
    }
}
