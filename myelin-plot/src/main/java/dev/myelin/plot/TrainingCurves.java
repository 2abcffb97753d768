package dev.myelin.plot;

import dev.myelin.train.History;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.XYChart;

/**
 * The curves of a training run: one panel for the loss and one per metric, each with the training
 * value and (when recorded) the validation value per epoch, side by side in one PNG (three panels
 * per row).
 *
 * <pre>{@code
 * TrainingCurves.save(runDir.resolve("curves.png"), history, "Fashion-MNIST CNN");
 * }</pre>
 */
public final class TrainingCurves {
    private static final Set<String> NOT_CURVES = Set.of("lr", "seconds");

    private TrainingCurves() {}

    /** The PNG of the curves. */
    public static byte[] toPng(History history, String title) {
        if (history.size() == 0) {
            throw new IllegalArgumentException("TrainingCurves: the history is empty");
        }
        List<XYChart> panels = new ArrayList<>();
        for (String key : history.keys()) {
            if (key.startsWith("val_") || NOT_CURVES.contains(key)) {
                continue;
            }
            String label = key.replace('_', ' ');
            Plot p = Plot.of(panels.isEmpty() ? title + ": " + label : label, "epoch", label, 560, 400)
                    .line("training", history.get(key));
            if (history.has("val_" + key)) {
                p.line("validation", history.get("val_" + key));
            }
            if (!key.contains("loss")) {
                p.legend(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
            }
            p.chart().getStyler().setXAxisDecimalPattern("0");
            panels.add(p.chart());
        }
        int cols = Math.min(3, panels.size());
        return Png.grid(panels, (panels.size() + cols - 1) / cols, cols);
    }

    /** Writes the curves as a PNG file, atomically. */
    public static void save(Path file, History history, String title) throws IOException {
        Png.write(file, toPng(history, title));
    }
}
