package dev.myelin.models.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** k-means finds separated blobs, is reproducible from its seed and refuses bad input; the scores match scikit-learn. */
class KMeansTest {
    private static final double[][] CENTRES = {{0, 0}, {10, 0}, {0, 10}};

    /** 3 × 50 points around CENTRES (standard deviation 1), blob by blob; labels the blob of each. */
    private static Tensor blobs(long[] labels) {
        Tensor noise = Tensor.randn(Shape.of(150, 2), DType.FLOAT32, new Generator(0));
        double[] points = new double[300];
        for (int i = 0; i < 150; i++) {
            labels[i] = i / 50;
            points[2 * i] = CENTRES[i / 50][0] + noise.get(i, 0);
            points[2 * i + 1] = CENTRES[i / 50][1] + noise.get(i, 1);
        }
        return Tensor.fromArray(points, 150, 2).to(DType.FLOAT32);
    }

    @Test
    void findsSeparatedBlobsAndTheirCentres() {
        long[] truth = new long[150];
        Tensor x = blobs(truth);
        KMeans.Clustering c = KMeans.of(3).fit(x, new Generator(1));
        assertThat(ClusterScores.adjustedRandIndex(truth, c.labels())).isEqualTo(1.0);
        assertThat(ClusterScores.purity(truth, c.labels())).isEqualTo(1.0);
        for (int blob = 0; blob < 3; blob++) {
            int cluster = (int) c.labels()[blob * 50];
            assertThat(c.centroids().get(cluster, 0)).isCloseTo(CENTRES[blob][0], within(0.5));
            assertThat(c.centroids().get(cluster, 1)).isCloseTo(CENTRES[blob][1], within(0.5));
        }
        // The inertia is the sum of squared distances to the assigned centroids.
        double inertia = 0;
        for (int i = 0; i < 150; i++) {
            for (int j = 0; j < 2; j++) {
                double d = x.get(i, j) - c.centroids().get((int) c.labels()[i], j);
                inertia += d * d;
            }
        }
        assertThat(c.inertia()).isCloseTo(inertia, within(1e-3));
        assertThat(c.predict(Tensor.fromArray(new float[] {9, 1, 1, 9}, 2, 2)))
                .containsExactly(c.labels()[50], c.labels()[100]);
    }

    @Test
    void theSameSeedGivesTheSameClusteringAndIdenticalPointsDoNotBreakIt() {
        Tensor x = Tensor.rand(Shape.of(60, 5), DType.FLOAT32, new Generator(2));
        KMeans kMeans = KMeans.of(4).nInit(2).maxIter(50);
        assertThat(kMeans.fit(x, new Generator(3)).labels()).containsExactly(kMeans.fit(x, new Generator(3)).labels());
        KMeans.Clustering same = KMeans.of(2).fit(Tensor.ones(5, 3), new Generator(0));
        assertThat(same.inertia()).isEqualTo(0);
        assertThat(same.labels()).hasSize(5);
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> KMeans.of(5).fit(Tensor.zeros(4, 2), new Generator(0)))
                .hasMessage("KMeans.fit: 4 points cannot make 5 clusters");
        assertThatThrownBy(() -> KMeans.of(2).fit(Tensor.zeros(4), new Generator(0)))
                .hasMessage("KMeans.fit: expected points (N, D), got shape (4)");
        assertThatThrownBy(() -> KMeans.of(2).fit(Tensor.of(1f, Float.NaN).reshape(2, 1), new Generator(0)))
                .hasMessage("KMeans.fit: the points hold NaN");
        assertThatThrownBy(() -> KMeans.of(0)).hasMessage("KMeans: k, nInit and maxIter must be at least 1, got k 0,"
                + " nInit 10, maxIter 300");
    }

    @Test
    void scoresMatchScikitLearn() {
        // sklearn.metrics.adjusted_rand_score
        assertThat(ClusterScores.adjustedRandIndex(new long[] {0, 0, 1, 1}, new long[] {0, 0, 1, 2}))
                .isCloseTo(0.5714285714285715, within(1e-15));
        assertThat(ClusterScores.adjustedRandIndex(new long[] {0, 0, 1, 1}, new long[] {0, 1, 0, 1}))
                .isCloseTo(-0.5, within(1e-15));
        assertThat(ClusterScores.adjustedRandIndex(new long[] {0, 0, 1, 1}, new long[] {7, 7, 3, 3})).isEqualTo(1.0);
        assertThat(ClusterScores.adjustedRandIndex(new long[] {2, 2, 2}, new long[] {0, 0, 0})).isEqualTo(1.0);
        // Clusters {0, 0, 1} and {1, 2, 2}: two points of each agree with its majority class.
        assertThat(ClusterScores.purity(new long[] {0, 0, 1, 1, 2, 2}, new long[] {0, 0, 0, 1, 1, 1})).isEqualTo(4.0 / 6);
        assertThatThrownBy(() -> ClusterScores.purity(new long[] {0}, new long[] {0, 1}))
                .hasMessage("purity: expected two non-empty labelings of the same points, got 1 and 2 labels");
    }
}
