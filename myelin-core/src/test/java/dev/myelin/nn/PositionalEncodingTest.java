package dev.myelin.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Sinusoidal, learned and rotary position encodings, checked against their definitions. */
class PositionalEncodingTest {
    @Test
    void sinusoidalValuesFollowTheFormula() {
        SinusoidalPositionalEncoding pe = new SinusoidalPositionalEncoding(8, 20, true);
        Tensor x = Tensor.zeros(2, 5, 8);
        Tensor y = pe.forward(x);
        for (int p = 0; p < 5; p++) {
            for (int i = 0; i < 8; i += 2) {
                double angle = p / Math.pow(10000, i / 8.0);
                assertThat(y.get(1, p, i)).isCloseTo(Math.sin(angle), Offset.offset(1e-6));
                assertThat(y.get(1, p, i + 1)).isCloseTo(Math.cos(angle), Offset.offset(1e-6));
            }
        }
        Tensor seqFirst = new SinusoidalPositionalEncoding(8, 20, false).forward(Tensor.zeros(5, 2, 8));
        assertThat(seqFirst.transpose(0, 1).allClose(y, 0, 0)).isTrue();
        assertThatThrownBy(() -> pe.forward(Tensor.zeros(1, 21, 8))).hasMessageContaining("T <= 20");
    }

    @Test
    void rotaryDotProductsDependOnlyOnTheDistance() {
        RotaryEmbedding rope = new RotaryEmbedding(16, 64);
        Generator g = new Generator(5);
        Tensor q = Tensor.randn(Shape.of(1, 16), DType.FLOAT64, g);
        Tensor k = Tensor.randn(Shape.of(1, 16), DType.FLOAT64, g);
        double near = rope.apply(q, 10).mul(rope.apply(k, 7)).sum().item();      // distance 3
        double far = rope.apply(q, 40).mul(rope.apply(k, 37)).sum().item();      // distance 3
        double other = rope.apply(q, 40).mul(rope.apply(k, 30)).sum().item();    // distance 10
        assertThat(far).isCloseTo(near, Offset.offset(1e-9));
        assertThat(Math.abs(other - near)).isGreaterThan(1e-3);
        assertThat(rope.apply(q, 0).allClose(q, 0, 1e-12)).as("position 0 is the identity").isTrue();
        assertThat(rope.apply(q, 23).norm().item()).as("a rotation keeps the norm").isCloseTo(q.norm().item(),
                Offset.offset(1e-9));
    }

    @Test
    void learnedPositionsAreAnEmbeddingAddedAtAnOffset() {
        LearnedPositionalEmbedding pos = new LearnedPositionalEmbedding(10, 4);
        Tensor table = pos.parameter("embedding.weight");
        Tensor y = pos.forward(Tensor.zeros(2, 3, 4), 5);
        assertThat(y.select(0, 1).allClose(table.narrow(0, 5, 3), 0, 0)).isTrue();
        y.sum().backward();
        assertThat(table.grad().narrow(0, 5, 3).sum().item()).isEqualTo(2 * 3 * 4);
        assertThat(table.grad().narrow(0, 0, 5).sum().item()).isZero();
    }
}
