package dev.myelin.train;

import dev.myelin.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the history as CSV after every epoch ({@code epoch,loss,accuracy,val_loss,...}, one row
 * per epoch): Keras's {@code CSVLogger}. The whole file is rewritten atomically each time, so it is
 * always complete, also after a resumed run.
 *
 * <pre>{@code
 * new CsvLogger(runDir.resolve("history.csv"))
 * }</pre>
 */
public final class CsvLogger implements Callback {
    private final Path file;

    /** Logs to {@code file}. */
    public CsvLogger(Path file) {
        this.file = file;
    }

    @Override
    public void onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {
        byte[] csv = trainer.history().toCsv().getBytes(StandardCharsets.UTF_8);
        try {
            AtomicFiles.write(file, out -> out.write(csv));
        } catch (IOException e) {
            throw new UncheckedIOException("CsvLogger: could not write " + file + ": " + e.getMessage(), e);
        }
    }
}
