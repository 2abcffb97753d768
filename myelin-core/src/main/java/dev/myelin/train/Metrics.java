package dev.myelin.train;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Tensor;
import java.util.Arrays;

/**
 * Evaluation measures computed from a model's outputs and the targets, as plain functions over
 * whole tensors (scikit-learn's {@code sklearn.metrics} in spirit). {@link Metric} wraps them for
 * the {@link Trainer}.
 *
 * <p>Classification: {@code outputs} are scores (N, C) (logits or probabilities: only their order
 * matters) and {@code targets} class indices (N) in 0..C-1. Regression: outputs and targets of
 * the same number of elements.
 *
 * <pre>{@code
 * double acc = Metrics.accuracy(logits, labels);              // (N, C), (N)
 * long[][] cm = Metrics.confusionMatrix(logits, labels);      // cm[true][predicted]
 * double[] f1 = Metrics.f1(cm);                               // per class
 * double auc = Metrics.rocAuc(scores, binaryLabels);          // (N), (N) of 0/1
 * }</pre>
 */
public final class Metrics {
    private Metrics() {}

    /** The fraction of rows whose highest score is at the target class. */
    public static double accuracy(Tensor outputs, Tensor targets) {
        return topKAccuracy(outputs, targets, 1);
    }

    /** The fraction of rows whose target class is among the {@code k} highest scores (ties count against). */
    public static double topKAccuracy(Tensor outputs, Tensor targets, int k) {
        Scores s = Scores.of("topKAccuracy", outputs, targets);
        if (k < 1) {
            throw new IllegalArgumentException("topKAccuracy: k must be at least 1, got " + k);
        }
        long hits = 0;
        for (int i = 0; i < s.n; i++) {
            int t = s.labels[i];
            float target = s.scores[i * s.classes + t];
            int higher = 0;
            for (int c = 0; c < s.classes; c++) {
                float v = s.scores[i * s.classes + c];
                if (v > target || (v == target && c < t)) {
                    higher++;
                }
            }
            hits += higher < k ? 1 : 0;
        }
        return s.n == 0 ? Double.NaN : (double) hits / s.n;
    }

    /** The predicted class of each row: the index of its highest score (the first one on ties), (N) int64. */
    public static Tensor predictedClasses(Tensor outputs) {
        if (outputs.dim() != 2) {
            throw new IllegalArgumentException("predictedClasses: expected scores (N, C), got shape " + outputs.shape());
        }
        return outputs.argmax(1, false);
    }

    /** {@code cm[true][predicted]}: how many rows of each true class were predicted as each class; C × C. */
    public static long[][] confusionMatrix(Tensor outputs, Tensor targets) {
        Scores s = Scores.of("confusionMatrix", outputs, targets);
        long[][] cm = new long[s.classes][s.classes];
        for (int i = 0; i < s.n; i++) {
            cm[s.labels[i]][s.predicted(i)]++;
        }
        return cm;
    }

    /** Per class: true positives / predicted positives (0 for a class never predicted). */
    public static double[] precision(long[][] cm) {
        double[] out = new double[cm.length];
        for (int c = 0; c < cm.length; c++) {
            long predicted = 0;
            for (long[] row : cm) {
                predicted += row[c];
            }
            out[c] = predicted == 0 ? 0 : (double) cm[c][c] / predicted;
        }
        return out;
    }

    /** Per class: true positives / actual positives (0 for a class absent from the targets). */
    public static double[] recall(long[][] cm) {
        double[] out = new double[cm.length];
        for (int c = 0; c < cm.length; c++) {
            long actual = Arrays.stream(cm[c]).sum();
            out[c] = actual == 0 ? 0 : (double) cm[c][c] / actual;
        }
        return out;
    }

    /** Per class: the harmonic mean of precision and recall, 2PR / (P + R) (0 when both are 0). */
    public static double[] f1(long[][] cm) {
        double[] p = precision(cm);
        double[] r = recall(cm);
        double[] out = new double[cm.length];
        for (int c = 0; c < cm.length; c++) {
            out[c] = p[c] + r[c] == 0 ? 0 : 2 * p[c] * r[c] / (p[c] + r[c]);
        }
        return out;
    }

    /** The unweighted mean over classes ("macro" averaging) of per-class values. */
    public static double macro(double[] perClass) {
        return Arrays.stream(perClass).average().orElse(Double.NaN);
    }

    /** Mean absolute error: mean |output - target| over all elements. */
    public static double mae(Tensor outputs, Tensor targets) {
        double[][] v = regression("mae", outputs, targets);
        double sum = 0;
        for (int i = 0; i < v[0].length; i++) {
            sum += Math.abs(v[0][i] - v[1][i]);
        }
        return sum / v[0].length;
    }

    /** Root mean squared error: sqrt(mean (output - target)²) over all elements. */
    public static double rmse(Tensor outputs, Tensor targets) {
        double[][] v = regression("rmse", outputs, targets);
        double sum = 0;
        for (int i = 0; i < v[0].length; i++) {
            double d = v[0][i] - v[1][i];
            sum += d * d;
        }
        return Math.sqrt(sum / v[0].length);
    }

    /**
     * The area under the ROC curve of a binary problem: the probability that a random positive
     * scores higher than a random negative, ties counting one half (the Mann-Whitney U statistic).
     *
     * @param scores (N) or (N, 1): higher means more likely positive
     * @param labels (N): 0 or 1
     * @throws IllegalArgumentException if a label is not 0/1 or one class is absent
     */
    public static double rocAuc(Tensor scores, Tensor labels) {
        if (scores.numel() != labels.numel() || labels.dim() != 1) {
            throw new IllegalArgumentException("rocAuc: expected scores (N) and labels (N), got shapes " + scores.shape()
                    + " and " + labels.shape());
        }
        double[] s = scores.to(DType.FLOAT64).toDoubleArray();
        long[] y = labels.to(DType.INT64).toLongArray();
        return binaryAuc(s, y, 1);
    }

    /**
     * Multi-class ROC-AUC: the mean over classes of the one-vs-rest AUC of each class's score
     * (scikit-learn's {@code roc_auc_score(multi_class="ovr", average="macro")} on softmax
     * probabilities). Classes absent from the targets are skipped.
     */
    public static double rocAucOvr(Tensor outputs, Tensor targets) {
        Scores s = Scores.of("rocAucOvr", outputs, targets);
        double[] prob = outputs.to(DType.FLOAT64).softmax(1).contiguous().toDoubleArray();
        double total = 0;
        int counted = 0;
        double[] column = new double[s.n];
        long[] isClass = new long[s.n];
        for (int c = 0; c < s.classes; c++) {
            int positives = 0;
            for (int i = 0; i < s.n; i++) {
                column[i] = prob[i * s.classes + c];
                isClass[i] = s.labels[i] == c ? 1 : 0;
                positives += (int) isClass[i];
            }
            if (positives == 0 || positives == s.n) {
                continue;
            }
            total += binaryAuc(column, isClass, c);
            counted++;
        }
        if (counted == 0) {
            throw new IllegalArgumentException("rocAucOvr: needs at least two classes present in the targets");
        }
        return total / counted;
    }

    /** AUC by ranks: (sum of positive ranks - P(P+1)/2) / (P·N), average ranks for ties. */
    private static double binaryAuc(double[] scores, long[] labels, int what) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        long positives = 0;
        for (int i = 0; i < n; i++) {
            order[i] = i;
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("rocAuc: labels must be 0 or 1, got " + labels[i] + " at " + i);
            }
            positives += labels[i];
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("rocAuc: needs both positive and negative labels, got " + positives
                    + " positive and " + negatives + " negative (class " + what + ")");
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double rankSum = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;     // the average 1-based rank of the tie group
            for (int k = i; k <= j; k++) {
                rankSum += labels[order[k]] * rank;
            }
            i = j + 1;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    private static double[][] regression(String op, Tensor outputs, Tensor targets) {
        if (outputs.numel() != targets.numel() || outputs.numel() == 0) {
            throw new IllegalArgumentException(op + ": outputs and targets need the same non-zero number of elements, got"
                    + " shapes " + outputs.shape() + " and " + targets.shape());
        }
        return new double[][] {outputs.to(DType.FLOAT64).contiguous().toDoubleArray(),
            targets.to(DType.FLOAT64).contiguous().toDoubleArray()};
    }

    /** Scores (N, C) as floats and labels (N) as ints, checked. */
    private record Scores(float[] scores, int[] labels, int n, int classes) {
        static Scores of(String op, Tensor outputs, Tensor targets) {
            if (outputs.dim() != 2 || targets.dim() != 1 || outputs.size(0) != targets.size(0)) {
                throw new IllegalArgumentException(op + ": expected scores (N, C) and class indices (N), got shapes "
                        + outputs.shape() + " and " + targets.shape());
            }
            if (targets.dtype().isFloatingPoint()) {
                throw new IllegalArgumentException(op + ": the targets must be class indices (int32 or int64), got "
                        + targets.dtype());
            }
            int classes = outputs.size(1);
            int[] labels = targets.to(DType.INT32).contiguous().toIntArray();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0 || labels[i] >= classes) {
                    throw new IllegalArgumentException(op + ": target " + labels[i] + " at row " + i + " is outside 0.."
                            + (classes - 1));
                }
            }
            return new Scores(outputs.to(DType.FLOAT32).contiguous().toFloatArray(), labels, labels.length, classes);
        }

        int predicted(int i) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (scores[i * classes + c] > scores[i * classes + best]) {
                    best = c;
                }
            }
            return best;
        }
    }
}
