package dev.myelin.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.myelin.nn.Module;
import dev.myelin.nn.TransformerOptions;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import dev.myelin.text.TokenSampler;
import org.junit.jupiter.api.Test;

/**
 * The sequence models of the demos: shapes, padding semantics, the closed-form baselines and the
 * errors on bad input.
 */
class SequenceModelsTest {
    private static final Tensor IDS = Tensor.fromArray(new long[] {5, 3, 7, 0, 0, 2, 9, 4, 8, 1}, 2, 5);

    @Test
    void recurrentAndTransformerClassifiersGiveLogitsPerTextAndIgnorePadding() {
        Generator.seedDefault(1);
        var gru = new RecurrentClassifier(RecurrentClassifier.Cell.GRU, 10, 8, 6, 3, 0.0).eval();
        var lstm = new RecurrentClassifier(RecurrentClassifier.Cell.LSTM, 10, 8, 6, 3, 0.0).eval();
        var transformer = new TransformerClassifier(10, 8, 8, 2, 1, 3,
                TransformerOptions.defaults().dimFeedforward(16).dropout(0.0)).eval();
        for (var model : new Module[] {gru, lstm, transformer}) {
            Tensor logits = model.forward(IDS);
            assertThat(logits.shape()).isEqualTo(Shape.of(2, 3));
            // more padding after a text changes nothing of its logits
            Tensor longer = Tensor.fromArray(new long[] {5, 3, 7, 0, 0, 0, 0}, 1, 7);
            assertThat(model.forward(longer).allClose(logits.narrow(0, 0, 1), 1e-5, 1e-5))
                    .as(model.describe()).isTrue();
        }
    }

    @Test
    void classifiersRejectBadIds() {
        var model = new RecurrentClassifier(RecurrentClassifier.Cell.GRU, 10, 4, 4, 2, 0.0);
        assertThatThrownBy(() -> model.forward(Tensor.fromArray(new long[] {0, 0, 3}, 1, 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token after padding");
        assertThatThrownBy(() -> model.forward(Tensor.fromArray(new long[] {0, 0}, 1, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("all padding");
        assertThatThrownBy(() -> model.forward(Tensor.zeros(2, 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("integer type");
        var transformer = new TransformerClassifier(10, 4, 8, 2, 1, 2, TransformerOptions.defaults().dimFeedforward(8));
        assertThatThrownBy(() -> transformer.forward(IDS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than maxLen 4");
    }

    @Test
    void charLstmGivesNextTokenLogitsAndGeneratesFromAPrompt() {
        Generator.seedDefault(2);
        var lm = new CharLstm(10, 4, 8, 2, 0.0);
        assertThat(lm.forward(IDS).shape()).isEqualTo(Shape.of(2, 5, 10));
        int[] text = lm.generate(new int[] {1, 2}, 6, TokenSampler.of(1.0), new Generator(0));
        assertThat(text).hasSize(8).startsWith(1, 2);
        assertThat(java.util.Arrays.stream(text).allMatch(id -> id >= 0 && id < 10)).isTrue();
        assertThatThrownBy(() -> lm.generate(new int[] {10}, 1, TokenSampler.of(1.0), new Generator(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside [0, 10)");
    }

    @Test
    void lstmForecasterReadsWindows() {
        var model = new LstmForecaster(3, 5, 2);
        assertThat(model.forward(Tensor.zeros(4, 7, 3)).shape()).isEqualTo(Shape.of(4));
        assertThatThrownBy(() -> model.forward(Tensor.zeros(4, 7, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(B, W, 3)");
    }

    @Test
    void linearRegressionRecoversAnExactLinearRelation() {
        double[] x = {1, 0, 0, 1, 1, 1, 2, 1, 3, 5};
        double[] y = new double[5];
        for (int i = 0; i < 5; i++) {
            y[i] = 2 * x[2 * i] - 3 * x[2 * i + 1] + 0.5;
        }
        var fit = LinearRegression.fit(Tensor.fromArray(x, 5, 2), Tensor.fromArray(y, 5), 0);
        assertThat(fit.weight().toDoubleArray()).containsExactly(new double[] {2, -3}, offset(1e-9));
        assertThat(fit.bias()).isCloseTo(0.5, offset(1e-9));
        assertThat(fit.predict(Tensor.fromArray(new double[] {1, 1}, 1, 2)).item()).isCloseTo(-0.5,
                offset(1e-6));
        assertThatThrownBy(() -> LinearRegression.fit(Tensor.fromArray(new double[] {1, 2, 2, 4}, 2, 2),
                Tensor.fromArray(new double[] {1, 2}, 2), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("singular");
    }

    @Test
    void seasonalNaiveRepeatsTheLastSeason() {
        double[] series = {1, 2, 3, 4, 5, 6};
        assertThat(new SeasonalNaive(2).forecast(series, 3, 6)).containsExactly(2, 3, 4);
        assertThatThrownBy(() -> new SeasonalNaive(4).forecast(series, 3, 6))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 <= from");
        assertThatThrownBy(() -> new SeasonalNaive(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
