package dev.myelin.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.myelin.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every metric against values computed by hand (and checked with scikit-learn) on small tables. */
class MetricsTest {
    // Six rows, three classes. Predicted (argmax): 0, 1, 2, 1, 0, 2; true: 0, 1, 1, 2, 0, 2.
    static final Tensor SCORES = Tensor.of(new float[][] {
        {0.7f, 0.2f, 0.1f},
        {0.1f, 0.8f, 0.1f},
        {0.2f, 0.3f, 0.5f},
        {0.3f, 0.4f, 0.3f},
        {0.6f, 0.1f, 0.3f},
        {0.1f, 0.2f, 0.7f}});
    static final Tensor LABELS = Tensor.of(0L, 1L, 1L, 2L, 0L, 2L);

    @Test
    void accuracyAndTopK() {
        assertThat(Metrics.accuracy(SCORES, LABELS)).isEqualTo(4.0 / 6);
        // top-2: row 2 (true 1, second highest 0.3) and row 3 (true 2 with 0.3, tied with class 0 which wins) -> 5 of 6
        assertThat(Metrics.topKAccuracy(SCORES, LABELS, 2)).isEqualTo(5.0 / 6);
        assertThat(Metrics.topKAccuracy(SCORES, LABELS, 3)).isEqualTo(1.0);
        assertThat(Metric.topK(2).name()).isEqualTo("top2_accuracy");
    }

    @Test
    void confusionMatrixPrecisionRecallF1() {
        long[][] cm = Metrics.confusionMatrix(SCORES, LABELS);
        assertThat(cm).isEqualTo(new long[][] {{2, 0, 0}, {0, 1, 1}, {0, 1, 1}});
        assertThat(Metrics.precision(cm)).containsExactly(1.0, 0.5, 0.5);
        assertThat(Metrics.recall(cm)).containsExactly(1.0, 0.5, 0.5);
        assertThat(Metrics.f1(cm)).containsExactly(1.0, 0.5, 0.5);
        assertThat(Metrics.macro(Metrics.f1(cm))).isCloseTo(2.0 / 3, within(1e-12));
        // Unbalanced: class 0 predicted 3 times, right twice; class 1 never predicted.
        long[][] skew = {{2, 0}, {1, 0}};
        assertThat(Metrics.precision(skew)).containsExactly(2.0 / 3, 0.0);
        assertThat(Metrics.recall(skew)).containsExactly(1.0, 0.0);
        assertThat(Metrics.f1(skew)[0]).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void regressionErrors() {
        Tensor out = Tensor.of(1f, 2f, 3f, 4f);
        Tensor target = Tensor.of(1f, 3f, 1f, 4f);          // errors 0, -1, 2, 0
        assertThat(Metrics.mae(out, target)).isEqualTo(0.75);
        assertThat(Metrics.rmse(out, target)).isCloseTo(Math.sqrt(5.0 / 4), within(1e-12));
    }

    @Test
    void rocAucCountsPairsAndTies() {
        // Positives score 0.8, 0.4, 0.35; negatives 0.1, 0.4, 0.6.
        // Pairs (pos > neg): 0.8 beats 3; 0.4 beats 0.1, ties 0.4 (half); 0.35 beats 0.1 -> 3 + 1.5 + 1 = 5.5 of 9.
        Tensor scores = Tensor.of(0.8f, 0.1f, 0.4f, 0.4f, 0.35f, 0.6f);
        Tensor labels = Tensor.of(1L, 0L, 1L, 0L, 1L, 0L);
        assertThat(Metrics.rocAuc(scores, labels)).isCloseTo(5.5 / 9, within(1e-12));
        assertThat(Metrics.rocAuc(Tensor.of(0.1f, 0.9f), Tensor.of(0L, 1L))).isEqualTo(1.0);
        assertThatThrownBy(() -> Metrics.rocAuc(Tensor.of(0.1f, 0.9f), Tensor.of(1L, 1L)))
                .hasMessageContaining("needs both positive and negative labels");
    }

    @Test
    void oneVsRestAucOfPerfectScoresIsOne() {
        Tensor logits = Tensor.of(new float[][] {{5, 0, 0}, {0, 5, 0}, {0, 0, 5}, {4, 1, 0}});
        assertThat(Metrics.rocAucOvr(logits, Tensor.of(0L, 1L, 2L, 0L))).isCloseTo(1.0, within(1e-12));
        assertThat(Metric.rocAuc().compute(logits, Tensor.of(0L, 1L, 2L, 0L))).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void reportAndNamedMetrics() {
        ClassificationReport r = ClassificationReport.of(SCORES, LABELS, List.of("a", "b", "c"));
        assertThat(r.accuracy()).isEqualTo(4.0 / 6);
        assertThat(r.toString()).contains("macro avg").contains("precision").contains("0.6667");
        assertThat(Metric.named("top5_accuracy").name()).isEqualTo("top5_accuracy");
        assertThat(Metric.named("f1").compute(SCORES, LABELS)).isCloseTo(2.0 / 3, within(1e-12));
        assertThatThrownBy(() -> Metric.named("accuracy_top")).hasMessageContaining("unknown metric 'accuracy_top'");
    }

    @Test
    void badShapesAreRejected() {
        assertThatThrownBy(() -> Metrics.accuracy(Tensor.of(1f, 2f), LABELS))
                .hasMessageContaining("expected scores (N, C) and class indices (N)");
        assertThatThrownBy(() -> Metrics.accuracy(SCORES, Tensor.of(0L, 1L, 1L, 2L, 0L, 3L)))
                .hasMessageContaining("target 3 at row 5 is outside 0..2");
        assertThatThrownBy(() -> Metrics.mae(Tensor.of(1f), Tensor.of(1f, 2f))).hasMessageContaining("same non-zero number");
    }
}
