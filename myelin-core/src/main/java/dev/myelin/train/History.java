package dev.myelin.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@link Trainer#fit} measured, epoch by epoch: Keras's {@code History}. Each epoch is a map
 * from names to values: {@code loss} and the metrics on the training data, {@code val_loss} and
 * {@code val_<metric>} on the validation data, {@code lr} (the first group's learning rate at the
 * end of the epoch) and {@code seconds}.
 *
 * <pre>{@code
 * History h = trainer.fit(train, validation);
 * double[] valLoss = h.get("val_loss");        // one value per epoch
 * h.last().get("val_accuracy");
 * }</pre>
 */
public final class History {
    private final List<Map<String, Double>> epochs = new ArrayList<>();

    /** An empty history. */
    public History() {}

    /** A history holding these epochs (copied), as a checkpoint stores them. */
    public History(List<? extends Map<String, Double>> epochs) {
        for (Map<String, Double> e : epochs) {
            add(e);
        }
    }

    /** Appends one epoch's values. */
    public void add(Map<String, Double> values) {
        epochs.add(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
    }

    /** The epochs recorded, in order. */
    public List<Map<String, Double>> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** The number of epochs recorded. */
    public int size() {
        return epochs.size();
    }

    /** The last epoch's values. @throws IllegalStateException if nothing was recorded */
    public Map<String, Double> last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("History: no epoch has been recorded");
        }
        return epochs.getLast();
    }

    /** The value of {@code key} in each epoch (NaN where an epoch lacks it). */
    public double[] get(String key) {
        double[] out = new double[epochs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = epochs.get(i).getOrDefault(key, Double.NaN);
        }
        return out;
    }

    /** Whether some epoch recorded {@code key}. */
    public boolean has(String key) {
        return epochs.stream().anyMatch(e -> e.containsKey(key));
    }

    /** Every key recorded, in order of first appearance. */
    public Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        epochs.forEach(e -> keys.addAll(e.keySet()));
        return keys;
    }

    /** The history as CSV: a header {@code epoch,<keys>} and one row per epoch (epochs counted from 1). */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("epoch");
        Set<String> keys = keys();
        keys.forEach(k -> sb.append(',').append(k));
        sb.append('\n');
        for (int i = 0; i < epochs.size(); i++) {
            sb.append(i + 1);
            for (String k : keys) {
                Double v = epochs.get(i).get(k);
                sb.append(',').append(v == null ? "" : format(v));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    @Override
    public String toString() {
        return "History(" + epochs.size() + " epochs, keys " + keys() + ")";
    }
}
