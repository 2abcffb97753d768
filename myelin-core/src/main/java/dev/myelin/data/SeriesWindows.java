package dev.myelin.data;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Tensor;

/**
 * Forecasting examples from a time series: for each target step t, the features of the
 * {@code window} steps before it as the input and the series' value at t as the target, the
 * series counterpart of {@link dev.myelin.text.TextWindows}.
 *
 * <p>For features (T, F) and a target (T), the example of step t ∈ [from, to) is
 * x = features[t - window, t) (window, F) and y = target[t]; the dataset holds x (N, window, F)
 * and y (N) float32 with N = to - from. What goes into the features (past values, the calendar of
 * the day ahead) is the caller's choice; only rows before t are read, so nothing of step t leaks
 * in unless the caller put it into an earlier row.
 *
 * <pre>{@code
 * Tensor features = ...;                                   // (5479, 51): births and calendar per day
 * TensorDataset test = SeriesWindows.of(features, births, 28, 5114, 5479);   // x (365, 28, 51), y (365)
 * }</pre>
 */
public final class SeriesWindows {
    private SeriesWindows() {}

    /**
     * The windows before steps {@code from} to {@code to} (excluded).
     *
     * @throws IllegalArgumentException if features is not (T, F), target not (T), or not window <= from < to <= T
     */
    public static TensorDataset of(Tensor features, Tensor target, int window, int from, int to) {
        if (features.dim() != 2 || target.dim() != 1 || target.size(0) != features.size(0)) {
            throw new IllegalArgumentException("SeriesWindows.of: expected features (T, F) and target (T), got "
                    + features.shape() + " and " + target.shape());
        }
        int steps = features.size(0);
        if (window < 1 || from < window || from >= to || to > steps) {
            throw new IllegalArgumentException("SeriesWindows.of: windows of " + window + " steps before steps [" + from
                    + ", " + to + ") of a series of " + steps + " need 1 <= window <= from < to <= " + steps);
        }
        int width = features.size(1);
        float[] f = features.to(DType.FLOAT32).contiguous().toFloatArray();
        float[] y = target.to(DType.FLOAT32).contiguous().toFloatArray();
        int n = to - from;
        float[] x = new float[n * window * width];
        float[] targets = new float[n];
        for (int i = 0; i < n; i++) {
            int start = from + i - window;
            System.arraycopy(f, start * width, x, i * window * width, window * width);
            targets[i] = y[from + i];
        }
        return new TensorDataset(Tensor.fromArray(x, n, window, width), Tensor.fromArray(targets, n));
    }
}
