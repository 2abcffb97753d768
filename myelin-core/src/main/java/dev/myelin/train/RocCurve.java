package dev.myelin.train;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Tensor;
import java.util.Arrays;

/**
 * The receiver operating characteristic of a binary scorer: for every distinct score taken as the
 * threshold (from the highest down), the share of negatives scored at or above it (false-positive
 * rate) and the share of positives (true-positive rate). scikit-learn's {@code roc_curve} without
 * dropping intermediate points; the curve starts at (0, 0) with threshold +∞ and ends at (1, 1).
 * The area under it by the trapezoid rule equals {@link Metrics#rocAuc} (ties count one half).
 *
 * <pre>{@code
 * RocCurve roc = RocCurve.of(reconstructionErrors, isAnomaly);     // (N), (N) of 0/1
 * plot.line("ROC", roc.falsePositiveRate(), roc.truePositiveRate());
 * double auc = roc.auc();
 * }</pre>
 *
 * @param falsePositiveRate non-decreasing, from 0 to 1
 * @param truePositiveRate non-decreasing, from 0 to 1
 * @param thresholds the score at each point, decreasing, +∞ first
 */
public record RocCurve(double[] falsePositiveRate, double[] truePositiveRate, double[] thresholds) {
    /**
     * The curve of {@code scores} (N), higher meaning more likely positive, against {@code labels} (N) of 0 and 1.
     *
     * @throws IllegalArgumentException if the shapes differ, a label is not 0/1 or one class is absent
     */
    public static RocCurve of(Tensor scores, Tensor labels) {
        if (scores.numel() != labels.numel() || labels.dim() != 1) {
            throw new IllegalArgumentException("RocCurve: expected scores (N) and labels (N), got shapes " + scores.shape()
                    + " and " + labels.shape());
        }
        double[] s = scores.to(DType.FLOAT64).contiguous().toDoubleArray();
        long[] y = labels.to(DType.INT64).toLongArray();
        int n = s.length;
        long positives = 0;
        for (int i = 0; i < n; i++) {
            if (y[i] != 0 && y[i] != 1) {
                throw new IllegalArgumentException("RocCurve: labels must be 0 or 1, got " + y[i] + " at " + i);
            }
            positives += y[i];
        }
        if (positives == 0 || positives == n) {
            throw new IllegalArgumentException("RocCurve: needs both positive and negative labels, got " + positives
                    + " positive and " + (n - positives) + " negative");
        }
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(s[b], s[a]));
        double[] fpr = new double[n + 1];
        double[] tpr = new double[n + 1];
        double[] thresholds = new double[n + 1];
        thresholds[0] = Double.POSITIVE_INFINITY;
        int points = 1;
        long tp = 0;
        long fp = 0;
        for (int i = 0; i < n; i++) {
            int idx = order[i];
            tp += y[idx];
            fp += 1 - y[idx];
            if (i == n - 1 || s[order[i + 1]] != s[idx]) {
                fpr[points] = (double) fp / (n - positives);
                tpr[points] = (double) tp / positives;
                thresholds[points++] = s[idx];
            }
        }
        return new RocCurve(Arrays.copyOf(fpr, points), Arrays.copyOf(tpr, points), Arrays.copyOf(thresholds, points));
    }

    /** The area under the curve by the trapezoid rule. */
    public double auc() {
        double area = 0;
        for (int i = 1; i < falsePositiveRate.length; i++) {
            area += (falsePositiveRate[i] - falsePositiveRate[i - 1]) * (truePositiveRate[i] + truePositiveRate[i - 1]) / 2;
        }
        return area;
    }
}
