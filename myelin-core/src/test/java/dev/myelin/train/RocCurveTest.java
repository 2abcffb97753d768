package dev.myelin.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The ROC curve against scikit-learn's points and against the rank-based AUC. */
class RocCurveTest {
    @Test
    void pointsMatchScikitLearn() {
        // sklearn.metrics.roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], drop_intermediate=False)
        RocCurve roc = RocCurve.of(Tensor.of(0.1f, 0.4f, 0.35f, 0.8f), Tensor.of(0L, 0L, 1L, 1L));
        assertThat(roc.falsePositiveRate()).containsExactly(0, 0, 0.5, 0.5, 1);
        assertThat(roc.truePositiveRate()).containsExactly(0, 0.5, 0.5, 1, 1);
        assertThat(roc.thresholds()[0]).isInfinite();
        assertThat(roc.thresholds()[1]).isEqualTo(0.8f);
        assertThat(roc.auc()).isEqualTo(0.75);
    }

    @Test
    void tiedScoresMakeOneDiagonalStepAndTheAreaIsTheRankAuc() {
        RocCurve ties = RocCurve.of(Tensor.of(0.5f, 0.5f, 0.5f, 0.9f), Tensor.of(0L, 1L, 0L, 1L));
        assertThat(ties.falsePositiveRate()).containsExactly(0, 0, 1);
        assertThat(ties.truePositiveRate()).containsExactly(0, 0.5, 1);
        assertThat(ties.auc()).isEqualTo(0.75);
        // Random scores rounded to make many ties: the trapezoid area equals the Mann-Whitney AUC.
        Generator g = new Generator(3);
        Tensor scores = Tensor.rand(Shape.of(300), DType.FLOAT64, g).mul(20).floor();
        Tensor labels = Tensor.rand(Shape.of(300), DType.FLOAT64, g).add(scores.div(40)).gt(0.7).to(DType.INT64);
        assertThat(RocCurve.of(scores, labels).auc()).isCloseTo(Metrics.rocAuc(scores, labels), within(1e-12));
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> RocCurve.of(Tensor.of(0.1f, 0.2f), Tensor.of(1L, 1L)))
                .hasMessage("RocCurve: needs both positive and negative labels, got 2 positive and 0 negative");
        assertThatThrownBy(() -> RocCurve.of(Tensor.of(0.1f, 0.2f), Tensor.of(0L, 2L)))
                .hasMessage("RocCurve: labels must be 0 or 1, got 2 at 1");
        assertThatThrownBy(() -> RocCurve.of(Tensor.of(0.1f), Tensor.of(0L, 1L)))
                .hasMessage("RocCurve: expected scores (N) and labels (N), got shapes (1) and (2)");
    }
}
