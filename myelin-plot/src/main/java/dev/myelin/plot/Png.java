package dev.myelin.plot;

import dev.myelin.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
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

    /** The PNG of charts laid out in a grid of {@code rows} × {@code cols}, row by row. */
    static <C extends Chart<?, ?>> byte[] grid(List<C> charts, int rows, int cols) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            BitmapEncoder.saveBitmap(charts, rows, cols, out, BitmapFormat.PNG);
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
