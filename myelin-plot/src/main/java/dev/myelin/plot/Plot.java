package dev.myelin.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A line or scatter chart of any series, saved as PNG: the generic helper behind the training
 * curves and the demos' comparison plots, a thin layer over an XChart {@link XYChart}.
 *
 * <pre>{@code
 * Plot.of("Transfer learning", "epoch", "test accuracy")
 *     .line("frozen backbone", epochs, accFrozen)
 *     .line("fine-tuned", epochs, accFine)
 *     .scatter("points", xs, ys)
 *     .save(Path.of("transfer.png"));
 * }</pre>
 */
public final class Plot {
    private final XYChart chart;

    private Plot(XYChart chart) {
        this.chart = chart;
    }

    /** An empty 800 × 500 chart with a title and axis labels. */
    public static Plot of(String title, String xLabel, String yLabel) {
        return of(title, xLabel, yLabel, 800, 500);
    }

    /** An empty chart of the given size in pixels. */
    public static Plot of(String title, String xLabel, String yLabel, int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        var s = chart.getStyler();
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotGridLinesColor(new Color(225, 225, 225));
        s.setAntiAlias(true);
        return new Plot(chart);
    }

    /** Adds a line through the points (x[i], y[i]), with markers; non-finite y values are skipped. */
    public Plot line(String name, double[] x, double[] y) {
        XYSeries series = add(name, x, y);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        series.setMarker(SeriesMarkers.CIRCLE);
        series.setLineStyle(new BasicStroke(2f));
        return this;
    }

    /** Adds a line through (1, y[0]), (2, y[1]), ...: a value per epoch. */
    public Plot line(String name, double[] y) {
        return line(name, IntStream.rangeClosed(1, y.length).asDoubleStream().toArray(), y);
    }

    /** Adds the points (x[i], y[i]) without a line. */
    public Plot scatter(String name, double[] x, double[] y) {
        XYSeries series = add(name, x, y);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        series.setMarker(SeriesMarkers.CIRCLE);
        return this;
    }

    /** The legend's position (default: inside, top right). */
    public Plot legend(Styler.LegendPosition position) {
        chart.getStyler().setLegendPosition(position);
        return this;
    }

    /** Fixes the y axis range. */
    public Plot yRange(double min, double max) {
        chart.getStyler().setYAxisMin(min);
        chart.getStyler().setYAxisMax(max);
        return this;
    }

    /** The XChart chart, for any other styling. */
    public XYChart chart() {
        return chart;
    }

    /** The chart as PNG bytes. */
    public byte[] toPng() {
        return Png.of(chart);
    }

    /** Writes the chart as a PNG file, atomically. */
    public void save(Path file) throws IOException {
        Png.write(file, toPng());
    }

    private XYSeries add(String name, double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("Plot: series '" + name + "' has " + x.length + " x values and " + y.length
                    + " y values");
        }
        int n = (int) IntStream.range(0, y.length).filter(i -> Double.isFinite(y[i]) && Double.isFinite(x[i])).count();
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0, k = 0; i < y.length; i++) {
            if (Double.isFinite(y[i]) && Double.isFinite(x[i])) {
                xs[k] = x[i];
                ys[k++] = y[i];
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("Plot: series '" + name + "' has no finite point");
        }
        return chart.addSeries(name, xs, ys);
    }
}
