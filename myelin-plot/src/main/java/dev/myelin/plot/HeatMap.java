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
 * A matrix as a heat map with its value in every cell, darker for larger values: the first row at
 * the top, the first column at the left. Attention weights (query tokens down the side, key tokens
 * along the bottom) are the typical use; {@link ConfusionMatrixPlot} is one too.
 *
 * <pre>{@code
 * double[][] w = {{0.9, 0.1}, {0.2, 0.8}};                       // w[output token][input token]
 * HeatMap.save(dir.resolve("attention.png"), w, List.of("un", "chat"), List.of("a", "cat"),
 *         "Cross-attention", "source token", "output token", "0.00");
 * }</pre>
 */
public final class HeatMap {
    private HeatMap() {}

    /**
     * The PNG of {@code values[row][column]} with row and column labels.
     *
     * @param valuePattern how cell values are written ({@link java.text.DecimalFormat}): "#", "0.00"
     */
    public static byte[] toPng(double[][] values, List<String> rows, List<String> columns, String title, String xTitle,
            String yTitle, String valuePattern) {
        int n = values.length;
        int m = n == 0 ? 0 : values[0].length;
        if (n == 0 || m == 0 || rows.size() != n || columns.size() != m) {
            throw new IllegalArgumentException("HeatMap: " + rows.size() + " row and " + columns.size()
                    + " column labels for a " + n + " x " + m + " matrix");
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(Math.max(500, 60 * m + 200) + 80)
                .height(Math.max(500, 60 * n + 200)).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        var s = chart.getStyler();
        s.setShowValue(true);
        s.setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(n, m) > 12 ? 9 : 12));
        s.setValueFontColor(new Color(20, 20, 20));
        s.setRangeColors(new Color[] {new Color(247, 251, 255), new Color(158, 202, 225), new Color(66, 146, 198)});
        s.setLegendVisible(false);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotContentSize(1.0);
        s.setXAxisLabelRotation(45);
        s.setHeatMapValueDecimalPattern(valuePattern);
        List<Number[]> cells = new ArrayList<>();
        double max = 0;
        for (int r = 0; r < n; r++) {
            if (values[r].length != m) {
                throw new IllegalArgumentException("HeatMap: row " + r + " has " + values[r].length + " values, row 0 " + m);
            }
            for (int c = 0; c < m; c++) {
                cells.add(new Number[] {c, n - 1 - r, values[r][c]});
                max = Math.max(max, values[r][c]);
            }
        }
        s.setMin(0);
        s.setMax(max > 0 ? max : 1);
        chart.addSeries("heat map", columns, new ArrayList<>(rows).reversed(), cells);   // the first row at the top
        return Png.of(chart);
    }

    /** Writes the heat map as a PNG file, atomically. */
    public static void save(Path file, double[][] values, List<String> rows, List<String> columns, String title,
            String xTitle, String yTitle, String valuePattern) throws IOException {
        Png.write(file, toPng(values, rows, columns, title, xTitle, yTitle, valuePattern));
    }
}
