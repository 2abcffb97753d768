package dev.myelin.train;

import dev.myelin.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stops training when a monitored value has not improved for {@code patience} epochs, and
 * optionally puts back the weights of the best epoch when training ends: Keras's
 * {@code EarlyStopping}.
 *
 * <p>Its best value, best epoch and patience counter are saved in checkpoints; the best weights
 * themselves are not, so after a resumed run only an improvement made after the resume can be
 * restored.
 *
 * <pre>{@code
 * new EarlyStopping("val_loss", 3, true)           // stop after 3 epochs without a lower val_loss
 * new EarlyStopping(Monitor.of("val_accuracy").minDelta(0.001), 5, false)
 * }</pre>
 */
public final class EarlyStopping implements Callback {
    private final Monitor monitor;
    private final int patience;
    private final boolean restoreBest;
    private double best;
    private int bestEpoch = -1;
    private int wait;
    private int stoppedEpoch = -1;
    private Map<String, Tensor> bestWeights;

    /** Watches {@code key} with the direction of {@link Monitor#of}. */
    public EarlyStopping(String key, int patience, boolean restoreBest) {
        this(Monitor.of(key), patience, restoreBest);
    }

    /**
     * @param monitor the value to watch
     * @param patience epochs without improvement before stopping
     * @param restoreBest whether to load the best epoch's weights into the model when training ends
     */
    public EarlyStopping(Monitor monitor, int patience, boolean restoreBest) {
        if (patience < 0) {
            throw new IllegalArgumentException("EarlyStopping: patience must be non-negative, got " + patience);
        }
        this.monitor = monitor;
        this.patience = patience;
        this.restoreBest = restoreBest;
        this.best = monitor.worst();
    }

    @Override
    public void onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {
        double value = monitor.read(logs);
        if (monitor.improves(value, best)) {
            best = value;
            bestEpoch = epoch;
            wait = 0;
            if (restoreBest) {
                bestWeights = new LinkedHashMap<>();
                trainer.model().stateDict().forEach((k, v) -> bestWeights.put(k, v.clone()));
            }
        } else if (++wait > patience) {
            stoppedEpoch = epoch;
            trainer.stop();
        }
    }

    @Override
    public void onTrainEnd(Trainer trainer) {
        if (restoreBest && bestWeights != null && bestEpoch != trainer.epoch() - 1) {
            trainer.model().loadStateDict(bestWeights);
        }
    }

    /** The best value seen. */
    public double best() {
        return best;
    }

    /** The epoch (from 0) of the best value, or -1. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The epoch (from 0) at which training was stopped, or -1 if it was not. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    @Override
    public Map<String, String> state() {
        return Map.of("best", String.valueOf(best), "best_epoch", String.valueOf(bestEpoch), "wait", String.valueOf(wait));
    }

    @Override
    public void restoreState(Map<String, String> state) {
        best = Double.parseDouble(state.getOrDefault("best", String.valueOf(monitor.worst())));
        bestEpoch = Integer.parseInt(state.getOrDefault("best_epoch", "-1"));
        wait = Integer.parseInt(state.getOrDefault("wait", "0"));
    }
}
