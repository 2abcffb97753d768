package dev.myelin.models.cluster;

import java.util.HashMap;
import java.util.Map;

/**
 * How well a clustering matches known classes: the adjusted Rand index and the purity
 * (scikit-learn's {@code adjusted_rand_score}; purity as in Manning et al., "Introduction to
 * Information Retrieval", 16.3). Both take the labels as numbers; only which points share a label
 * matters, not the numbers themselves.
 *
 * <pre>{@code
 * ClusterScores.adjustedRandIndex(new long[] {0, 0, 1, 1}, new long[] {5, 5, 3, 3});   // 1.0
 * ClusterScores.purity(new long[] {0, 0, 1, 1}, new long[] {0, 0, 0, 0});              // 0.5
 * }</pre>
 */
public final class ClusterScores {
    private ClusterScores() {}

    /**
     * The adjusted Rand index: the share of pairs of points on which the two labelings agree (same
     * group in both, or different groups in both), corrected for chance so that random labelings
     * score about 0 and identical ones 1 (it can be negative):
     * ARI = (Σ_ij C(n_ij, 2) - E) / (½(Σ_i C(a_i, 2) + Σ_j C(b_j, 2)) - E) with
     * E = Σ_i C(a_i, 2)·Σ_j C(b_j, 2) / C(n, 2), n_ij the contingency table, a and b its row and column sums.
     *
     * @throws IllegalArgumentException if the arrays differ in length or are empty
     */
    public static double adjustedRandIndex(long[] truth, long[] predicted) {
        long[][] table = contingency("adjustedRandIndex", truth, predicted);
        double pairs = 0;
        double[] rows = new double[table.length];
        double[] cols = new double[table[0].length];
        for (int i = 0; i < table.length; i++) {
            for (int j = 0; j < table[i].length; j++) {
                pairs += pairs(table[i][j]);
                rows[i] += table[i][j];
                cols[j] += table[i][j];
            }
        }
        double a = 0;
        for (double r : rows) {
            a += pairs(r);
        }
        double b = 0;
        for (double c : cols) {
            b += pairs(c);
        }
        double expected = a * b / pairs(truth.length);
        double max = (a + b) / 2;
        return max == expected ? 1.0 : (pairs - expected) / (max - expected);
    }

    /**
     * The purity: each cluster is given its most frequent true class, and the purity is the share
     * of points whose class is their cluster's. 1 for a perfect clustering, at least the share of
     * the largest class; it rises with the number of clusters (one point per cluster scores 1).
     *
     * @throws IllegalArgumentException if the arrays differ in length or are empty
     */
    public static double purity(long[] truth, long[] predicted) {
        long[][] table = contingency("purity", truth, predicted);
        long right = 0;
        for (int j = 0; j < table[0].length; j++) {
            long most = 0;
            for (long[] row : table) {
                most = Math.max(most, row[j]);
            }
            right += most;
        }
        return (double) right / truth.length;
    }

    /** n_ij: how many points have true label i and predicted label j, labels numbered in order of appearance. */
    private static long[][] contingency(String who, long[] truth, long[] predicted) {
        if (truth.length != predicted.length || truth.length == 0) {
            throw new IllegalArgumentException(who + ": expected two non-empty labelings of the same points, got "
                    + truth.length + " and " + predicted.length + " labels");
        }
        Map<Long, Integer> rows = new HashMap<>();
        Map<Long, Integer> cols = new HashMap<>();
        int[] r = new int[truth.length];
        int[] c = new int[truth.length];
        for (int i = 0; i < truth.length; i++) {
            r[i] = rows.computeIfAbsent(truth[i], key -> rows.size());
            c[i] = cols.computeIfAbsent(predicted[i], key -> cols.size());
        }
        long[][] table = new long[rows.size()][cols.size()];
        for (int i = 0; i < truth.length; i++) {
            table[r[i]][c[i]]++;
        }
        return table;
    }

    private static double pairs(double n) {
        return n * (n - 1) / 2;
    }
}
