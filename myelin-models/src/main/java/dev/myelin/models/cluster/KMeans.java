package dev.myelin.models.cluster;

import dev.myelin.autograd.Grad;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Tensor;

/**
 * k-means clustering (Lloyd's algorithm with k-means++ seeding), scikit-learn's {@code KMeans}:
 * finds k centroids that minimise the inertia, the sum of squared distances of the points to
 * their nearest centroid. Each of {@code nInit} runs seeds its centroids by k-means++ (each new
 * one drawn with probability proportional to the squared distance to the nearest one chosen),
 * then alternates assigning points to their nearest centroid and moving each centroid to the mean
 * of its points, until no point changes cluster, the centroids move less than {@code tol} (relative
 * to the data's mean variance, as scikit-learn) or {@code maxIter} is reached; the run with the
 * lowest inertia wins. A cluster left empty takes the point farthest from its centroid.
 *
 * <pre>{@code
 * KMeans.Clustering c = KMeans.of(10).fit(features, new Generator(0));    // features (N, D)
 * long[] cluster = c.labels();                                           // N labels in 0..9
 * double ari = ClusterScores.adjustedRandIndex(trueLabels, cluster);
 * }</pre>
 *
 * @param k the number of clusters
 * @param nInit the number of runs from different seeds
 * @param maxIter the most assignment rounds of a run
 * @param tol the relative centroid movement at which a run has converged
 */
public record KMeans(int k, int nInit, int maxIter, double tol) {
    /** Checks the settings. */
    public KMeans {
        if (k < 1 || nInit < 1 || maxIter < 1) {
            throw new IllegalArgumentException("KMeans: k, nInit and maxIter must be at least 1, got k " + k + ", nInit "
                    + nInit + ", maxIter " + maxIter);
        }
        if (!(tol >= 0) || Double.isInfinite(tol)) {
            throw new IllegalArgumentException("KMeans: tol must be finite and non-negative, got " + tol);
        }
    }

    /** k clusters with scikit-learn's defaults otherwise: 10 runs of at most 300 rounds, tol 1e-4. */
    public static KMeans of(int k) {
        return new KMeans(k, 10, 300, 1e-4);
    }

    /** These settings with {@code nInit} runs. */
    public KMeans nInit(int runs) {
        return new KMeans(k, runs, maxIter, tol);
    }

    /** These settings with at most {@code rounds} rounds per run. */
    public KMeans maxIter(int rounds) {
        return new KMeans(k, nInit, rounds, tol);
    }

    /**
     * The result of a fit.
     *
     * @param centroids (k, D), of the points' dtype
     * @param labels the cluster of each point, in 0..k-1
     * @param inertia the sum of squared distances of the points to their centroids
     * @param iterations the rounds the best run took
     */
    public record Clustering(Tensor centroids, long[] labels, double inertia, int iterations) {
        /** The nearest centroid of each point of {@code x} (M, D). */
        public long[] predict(Tensor x) {
            return nearest(squaredDistances(check("KMeans.predict", x, centroids.size(1)), centroids)).indices()
                    .toLongArray();
        }
    }

    /**
     * Clusters the rows of {@code x} (N, D), drawing the seeds from {@code generator}.
     *
     * @throws IllegalArgumentException if x is not 2-dimensional, has fewer rows than k, or holds a NaN or infinity
     */
    public Clustering fit(Tensor x, Generator generator) {
        try (var off = Grad.off()) {
            Tensor points = check("KMeans.fit", x, -1).contiguous();
            if (points.size(0) < k) {
                throw new IllegalArgumentException("KMeans.fit: " + points.size(0) + " points cannot make " + k + " clusters");
            }
            for (double v : points.toDoubleArray()) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("KMeans.fit: the points hold " + v);
                }
            }
            double threshold = tol * points.to(DType.FLOAT64).var(new int[] {0}, 0, false).mean().item();
            Clustering best = null;
            for (int run = 0; run < nInit; run++) {
                Clustering c = lloyd(points, seeds(points, generator), threshold);
                if (best == null || c.inertia() < best.inertia()) {
                    best = c;
                }
            }
            return best;
        }
    }

    private Clustering lloyd(Tensor points, Tensor centroids, double threshold) {
        long[] labels = null;
        int round = 0;
        while (round < maxIter) {
            round++;
            Tensor.ValuesIndices near = nearest(squaredDistances(points, centroids));
            long[] next = near.indices().toLongArray();
            boolean same = java.util.Arrays.equals(next, labels);
            labels = next;
            if (same) {
                break;
            }
            Tensor moved = means(points, near, centroids);
            double shift = moved.sub(centroids).to(DType.FLOAT64).square().sum().item();
            centroids = moved;
            if (shift <= threshold) {
                break;
            }
        }
        Tensor.ValuesIndices near = nearest(squaredDistances(points, centroids));
        return new Clustering(centroids, near.indices().toLongArray(), near.values().to(DType.FLOAT64).sum().item(), round);
    }

    /** The mean of each cluster's points; an empty cluster takes the point farthest from its centroid. */
    private Tensor means(Tensor points, Tensor.ValuesIndices near, Tensor centroids) {
        Tensor oneHot = near.indices().oneHot(k).to(points.dtype());            // (N, k)
        Tensor counts = oneHot.sum(0);                                           // (k)
        Tensor sums = oneHot.t().matmul(points);                                 // (k, D)
        Tensor means = sums.div(counts.clamp(1, Double.MAX_VALUE).unsqueeze(1));
        double[] count = counts.toDoubleArray();
        if (java.util.Arrays.stream(count).allMatch(c -> c > 0)) {
            return means;
        }
        int d = points.size(1);
        double[] values = means.contiguous().toDoubleArray();
        double[] distance = near.values().toDoubleArray();
        for (int c = 0; c < k; c++) {
            if (count[c] == 0) {
                int far = argmax(distance);
                distance[far] = -1;
                System.arraycopy(points.select(0, far).toDoubleArray(), 0, values, c * d, d);
            }
        }
        means = Tensor.fromArray(values, k, d).to(points.dtype());
        return means;
    }

    /** k-means++: the first seed uniformly, each next one with probability proportional to the squared distance. */
    private Tensor seeds(Tensor points, Generator generator) {
        int n = points.size(0);
        int[] chosen = new int[k];
        chosen[0] = (int) (generator.nextDouble() * n);
        double[] d2 = squaredDistances(points, points.select(0, chosen[0]).unsqueeze(0)).squeeze(1).toDoubleArray();
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (double d : d2) {
                total += d;
            }
            double r = generator.nextDouble() * total;
            int pick = n - 1;
            for (int i = 0; i < n; i++) {
                r -= d2[i];
                if (r < 0) {
                    pick = i;
                    break;
                }
            }
            chosen[c] = pick;
            double[] next = squaredDistances(points, points.select(0, pick).unsqueeze(0)).squeeze(1).toDoubleArray();
            for (int i = 0; i < n; i++) {
                d2[i] = Math.min(d2[i], next[i]);
            }
        }
        return points.indexSelect(0, Tensor.fromArray(chosen, k)).contiguous();
    }

    /** ‖x_i - c_j‖² for points (N, D) and centroids (k, D): (N, k), never negative. */
    private static Tensor squaredDistances(Tensor points, Tensor centroids) {
        Tensor x = points.to(centroids.dtype());
        Tensor xx = x.square().sum(1, true);                                    // (N, 1)
        Tensor cc = centroids.square().sum(1, true).t();                        // (1, k)
        return xx.add(cc).sub(x.matmul(centroids.t()).mul(2.0)).clamp(0, Double.MAX_VALUE);
    }

    private static Tensor.ValuesIndices nearest(Tensor distances) {
        return distances.min(1, false);
    }

    private static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static Tensor check(String who, Tensor x, int features) {
        if (x.dim() != 2 || (features >= 0 && x.size(1) != features)) {
            throw new IllegalArgumentException(who + ": expected points (N, " + (features >= 0 ? features : "D")
                    + "), got shape " + x.shape());
        }
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(who + ": expected floating-point points, got " + x.dtype());
        }
        return x;
    }
}
