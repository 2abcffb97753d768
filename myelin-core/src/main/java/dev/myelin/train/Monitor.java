package dev.myelin.train;

import java.util.Map;

/**
 * A value of the history that a callback watches (such as {@code val_loss}) and which direction
 * counts as better; shared by {@link EarlyStopping} and {@link ModelCheckpoint}.
 *
 * @param key the history key
 * @param higherIsBetter whether larger values are improvements
 * @param minDelta how much a value must beat the best to count as an improvement
 */
public record Monitor(String key, boolean higherIsBetter, double minDelta) {
    /**
     * Watches {@code key}, with the direction Keras's "auto" mode infers: higher is better for
     * accuracies, precision, recall, F1 and AUC, lower for losses and errors.
     */
    public static Monitor of(String key) {
        String k = key.startsWith("val_") ? key.substring(4) : key;
        boolean higher = k.contains("accuracy") || k.equals("precision") || k.equals("recall") || k.equals("f1")
                || k.equals("roc_auc");
        return new Monitor(key, higher, 0);
    }

    /** The same monitor with a minimum improvement. */
    public Monitor minDelta(double delta) {
        return new Monitor(key, higherIsBetter, delta);
    }

    /** The worst possible value, to start from. */
    public double worst() {
        return higherIsBetter ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    /** Whether {@code value} improves on {@code best} by more than {@code minDelta}. */
    public boolean improves(double value, double best) {
        return higherIsBetter ? value > best + minDelta : value < best - minDelta;
    }

    /**
     * The watched value of an epoch.
     *
     * @throws IllegalStateException naming the recorded keys if the epoch lacks it
     */
    public double read(Map<String, Double> logs) {
        Double v = logs.get(key);
        if (v == null) {
            throw new IllegalStateException("the monitored value '" + key + "' is not recorded; the epochs record "
                    + logs.keySet() + (key.startsWith("val_") ? " (give fit a validation loader)" : ""));
        }
        return v;
    }
}
