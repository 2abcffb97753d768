package dev.myelin.train;

import dev.myelin.io.SafeTensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Saves the model during training: Keras's {@code ModelCheckpoint}. Either the weights alone (a
 * safetensors file of the state dict, with the trainer's {@link Trainer#info()} as metadata,
 * which PyTorch loads too) or a full {@link dev.myelin.io.Checkpoint} to resume from; either
 * after every {@code every} epochs, or only when a monitored value improves. Files are written
 * atomically; {@code {epoch}} in the file name becomes the epoch number (from 1).
 *
 * <pre>{@code
 * ModelCheckpoint.bestWeights(dir.resolve("model.safetensors"), "val_accuracy")
 * ModelCheckpoint.everyEpochs(dir.resolve("checkpoint.safetensors"), 1)           // resumable
 * ModelCheckpoint.everyEpochs(dir.resolve("epoch-{epoch}.safetensors"), 5)
 * }</pre>
 */
public final class ModelCheckpoint implements Callback {
    private final Path file;
    private final Monitor monitor;
    private final int every;
    private final boolean full;
    private double best;

    /**
     * @param file where to write ({@code {epoch}} is replaced by the epoch number)
     * @param monitor the value whose improvement triggers a save, or null to save every {@code every} epochs
     * @param every with no monitor, save after every {@code every}-th epoch
     * @param full whether to write a full resumable checkpoint rather than the weights alone
     */
    public ModelCheckpoint(Path file, Monitor monitor, int every, boolean full) {
        if (every < 1) {
            throw new IllegalArgumentException("ModelCheckpoint: every must be at least 1, got " + every);
        }
        this.file = file;
        this.monitor = monitor;
        this.every = every;
        this.full = full;
        this.best = monitor == null ? 0 : monitor.worst();
    }

    /** The weights of the best epoch so far by {@code key}, overwritten at each improvement. */
    public static ModelCheckpoint bestWeights(Path file, String key) {
        return new ModelCheckpoint(file, Monitor.of(key), 1, false);
    }

    /** A full resumable checkpoint after every {@code n} epochs. */
    public static ModelCheckpoint everyEpochs(Path file, int n) {
        return new ModelCheckpoint(file, null, n, true);
    }

    @Override
    public void onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {
        boolean save;
        if (monitor != null) {
            double value = monitor.read(logs);
            save = monitor.improves(value, best);
            if (save) {
                best = value;
            }
        } else {
            save = (epoch + 1) % every == 0;
        }
        if (save) {
            Path target = Path.of(file.toString().replace("{epoch}", String.valueOf(epoch + 1)));
            try {
                if (full) {
                    trainer.saveCheckpoint(target);
                } else {
                    SafeTensors.save(target, trainer.model().stateDict(), trainer.info());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("ModelCheckpoint: could not write " + target + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public Map<String, String> state() {
        return monitor == null ? Map.of() : Map.of("best", String.valueOf(best));
    }

    @Override
    public void restoreState(Map<String, String> state) {
        if (monitor != null && state.containsKey("best")) {
            best = Double.parseDouble(state.get("best"));
        }
    }
}
