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
 * Images with titles of one's own (reconstructions, generated samples) are drawn the same way with black titles.
 *
 * <pre>{@code
 * ImageGrid.save(runDir.resolve("samples.png"), images, predicted, labels, FashionMnist.CLASSES, 6);
 * ImageGrid.save(runDir.resolve("generated.png"), fakes, titles, 8);
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
        int n = images.dim() > 0 ? images.size(0) : 0;
        if (predicted.length != n || truth.length != n) {
            throw new IllegalArgumentException("ImageGrid: expected grey images (N, 1, H, W) with N predicted and N true"
                    + " labels, got shape " + images.shape() + " with " + predicted.length + " predicted and " + truth.length
                    + " true labels");
        }
        List<String> titles = new ArrayList<>(n);
        List<Color> colors = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            boolean right = predicted[k] == truth[k];
            titles.add(name(classes, predicted[k]) + (right ? "" : " (true: " + name(classes, truth[k]) + ")"));
            colors.add(right ? new Color(0, 120, 0) : new Color(200, 0, 0));
        }
        return render(images, titles, colors, columns);
    }

    /**
     * The PNG of images with a title each, in black (an empty title for none): reconstructions,
     * a generative model's samples.
     *
     * @param images (N, 1, H, W) or (N, H, W), values in [0, 1], drawn from white (0) to black (1)
     * @param titles N titles
     * @param columns images per row
     */
    public static byte[] toPng(Tensor images, List<String> titles, int columns) {
        return render(images, titles, java.util.Collections.nCopies(titles.size(), Color.BLACK), columns);
    }

    /** Writes the titled grid ({@link #toPng(Tensor, List, int)}) as a PNG file, atomically. */
    public static void save(Path file, Tensor images, List<String> titles, int columns) throws IOException {
        Png.write(file, toPng(images, titles, columns));
    }

    private static byte[] render(Tensor images, List<String> titles, List<Color> colors, int columns) {
        Tensor grey = images.dim() == 4 && images.size(1) == 1 ? images.squeeze(1) : images;
        if (grey.dim() != 3 || titles.size() != grey.size(0) || grey.size(0) == 0 || columns < 1) {
            throw new IllegalArgumentException("ImageGrid: expected N > 0 grey images (N, 1, H, W) with N titles and at least"
                    + " one column, got shape " + images.shape() + ", " + titles.size() + " titles and " + columns + " columns");
        }
        int n = grey.size(0);
        int h = grey.size(1);
        int w = grey.size(2);
        float[] px = grey.to(DType.FLOAT32).contiguous().toFloatArray();
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
            HeatMapChart chart = new HeatMapChartBuilder().width(CELL).height(CELL + 10).title(titles.get(k)).build();
            var s = chart.getStyler();
            s.setLegendVisible(false);
            s.setAxisTicksVisible(false);
            s.setAxisTitlesVisible(false);
            s.setPlotGridLinesVisible(false);
            s.setPlotBorderVisible(false);
            s.setChartTitleBoxVisible(false);
            s.setChartBackgroundColor(Color.WHITE);
            s.setChartFontColor(colors.get(k));
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
