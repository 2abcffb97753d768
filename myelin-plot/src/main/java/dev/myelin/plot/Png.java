package dev.myelin.plot;

import dev.myelin.io.AtomicFiles;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.internal.chartpart.Chart;

/** Renders charts to PNG bytes (headless: no display needed) and writes them atomically. */
final class Png {
    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Png() {}

    /** The PNG of one chart. */
    static byte[] of(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The PNG of charts laid out in a grid of {@code rows} × {@code cols}, row by row, each cell the
     * size of the first chart; cells after the last chart stay white.
     */
    static <C extends Chart<?, ?>> byte[] grid(List<C> charts, int rows, int cols) {
        if (charts.isEmpty() || charts.size() > rows * cols) {
            throw new IllegalArgumentException("Png.grid: " + charts.size() + " charts do not fit " + rows + " x " + cols);
        }
        int w = charts.getFirst().getWidth();
        int h = charts.getFirst().getHeight();
        BufferedImage sheet = new BufferedImage(cols * w, rows * h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
            for (int i = 0; i < charts.size(); i++) {
                g.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), i % cols * w, i / cols * h, null);
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(sheet, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes PNG bytes to {@code file} atomically. */
    static void write(Path file, byte[] png) throws IOException {
        AtomicFiles.write(file, out -> out.write(png));
    }
}
