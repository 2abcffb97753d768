package dev.myelin.nn.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.myelin.nn.BatchNorm2d;
import dev.myelin.nn.Bilinear;
import dev.myelin.nn.Conv2d;
import dev.myelin.nn.ConvTranspose2d;
import dev.myelin.nn.Embedding;
import dev.myelin.nn.LayerNorm;
import dev.myelin.nn.Linear;
import dev.myelin.nn.PReLU;
import dev.myelin.nn.functional.ConvOptions;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The initialisers and the layers' default initialisation: PyTorch's formulas. The numbers cannot
 * equal PyTorch's (another random generator), so the bounds, means and standard deviations are
 * checked on large tensors.
 */
class InitTest {
    private static final Generator G = new Generator(5);

    @Test
    void fansAndGainsFollowPyTorch() {
        Tensor conv = Tensor.zeros(16, 3, 5, 5);
        assertThat(Init.fanIn(conv)).isEqualTo(75);
        assertThat(Init.fanOut(conv)).isEqualTo(400);
        assertThat(Init.gain(Init.Nonlinearity.RELU, 0)).isEqualTo(Math.sqrt(2));
        assertThat(Init.gain(Init.Nonlinearity.TANH, 0)).isEqualTo(5.0 / 3);
        assertThat(Init.gain(Init.Nonlinearity.LEAKY_RELU, Math.sqrt(5))).isCloseTo(Math.sqrt(1.0 / 3), within(1e-15));
        assertThat(Init.gain(Init.Nonlinearity.SELU, 0)).isEqualTo(0.75);
        assertThatThrownBy(() -> Init.fanIn(Tensor.zeros(4))).hasMessageContaining("at least 2 dimensions");
    }

    @Test
    void uniformAndNormalHaveTheirMoments() {
        Tensor u = Init.uniform(Tensor.zeros(200, 500), -2, 3, G);
        assertBounds(u, -2, 3);
        assertThat(u.mean().item()).isCloseTo(0.5, within(0.02));
        Tensor n = Init.normal(Tensor.zeros(200, 500), 1.5, 0.5, G);
        assertThat(n.mean().item()).isCloseTo(1.5, within(0.005));
        assertThat(n.std().item()).isCloseTo(0.5, within(0.005));
        assertThat(Init.constant(Tensor.zeros(3), 0.25).toDoubleArray()).containsExactly(0.25, 0.25, 0.25);
        assertThat(Init.ones(Tensor.zeros(2)).toDoubleArray()).containsExactly(1, 1);
    }

    @Test
    void xavierMatchesGlorotsVariance() {
        Tensor w = Init.xavierUniform(Tensor.zeros(300, 500), 1.0, G);
        double bound = Math.sqrt(6.0 / 800);
        assertBounds(w, -bound, bound);
        assertThat(w.std().item()).isCloseTo(Math.sqrt(2.0 / 800), within(0.001));
        Tensor n = Init.xavierNormal(Tensor.zeros(300, 500), 2.0, G);
        assertThat(n.std().item()).isCloseTo(2 * Math.sqrt(2.0 / 800), within(0.001));
    }

    @Test
    void kaimingPreservesTheChosenFan() {
        Tensor w = Init.kaimingUniform(Tensor.zeros(400, 250), 0, Init.Fan.FAN_IN, Init.Nonlinearity.RELU, G);
        double std = Math.sqrt(2.0 / 250);
        assertBounds(w, -Math.sqrt(3) * std, Math.sqrt(3) * std);
        assertThat(w.std().item()).isCloseTo(std, within(std * 0.01));
        Tensor n = Init.kaimingNormal(Tensor.zeros(400, 250), 0, Init.Fan.FAN_OUT, Init.Nonlinearity.RELU, G);
        assertThat(n.std().item()).isCloseTo(Math.sqrt(2.0 / 400), within(0.001));
        assertThat(n.mean().item()).isCloseTo(0, within(0.001));
    }

    @Test
    void orthogonalGivesOrthonormalRowsOrColumns() {
        Tensor wide = Init.orthogonal(Tensor.zeros(6, 10), 1.0, G);
        assertThat(wide.matmul(wide.t()).allClose(Tensor.eye(6), 1e-5, 1e-5)).isTrue();
        Tensor tall = Init.orthogonal(Tensor.zeros(12, 5), 2.0, G);
        assertThat(tall.t().matmul(tall).allClose(Tensor.eye(5).mul(4.0), 1e-5, 1e-5)).isTrue();
        Tensor conv = Init.orthogonal(Tensor.zeros(4, 2, 3, 3), 1.0, G).reshape(4, 18);
        assertThat(conv.matmul(conv.t()).allClose(Tensor.eye(4), 1e-5, 1e-5)).isTrue();
    }

    @Test
    void theSameGeneratorSeedGivesTheSameWeights() {
        Tensor a = Init.kaimingNormal(Tensor.zeros(3, 4), 0, Init.Fan.FAN_IN, Init.Nonlinearity.RELU, new Generator(1));
        Tensor b = Init.kaimingNormal(Tensor.zeros(3, 4), 0, Init.Fan.FAN_IN, Init.Nonlinearity.RELU, new Generator(1));
        assertThat(a.toDoubleArray()).containsExactly(b.toDoubleArray());
    }

    @Test
    void linearStartsUniformInOneOverSqrtFanIn() {
        Linear fc = new Linear(400, 300);
        double bound = 1 / Math.sqrt(400);
        assertBounds(fc.weight(), -bound, bound);
        assertThat(fc.weight().std().item()).isCloseTo(bound / Math.sqrt(3), within(bound * 0.01));
        assertBounds(fc.bias(), -bound, bound);
        assertThat(fc.bias().abs().max().item()).isGreaterThan(bound * 0.9);
        Conv2d conv = new Conv2d(16, 32, 3);
        assertBounds(conv.weight(), -1 / Math.sqrt(16 * 9), 1 / Math.sqrt(16 * 9));
        assertBounds(conv.bias(), -1 / Math.sqrt(16 * 9), 1 / Math.sqrt(16 * 9));
        assertThat(conv.weight().std().item()).isCloseTo(1 / Math.sqrt(3 * 16 * 9), within(0.002));
        ConvTranspose2d up = new ConvTranspose2d(16, 8, 4, ConvOptions.defaults().groups(2));   // weight (16, 4, 4, 4)
        assertBounds(up.weight(), -1 / Math.sqrt(4 * 16), 1 / Math.sqrt(4 * 16));
        assertThat(up.weight().shape()).isEqualTo(Shape.of(16, 4, 4, 4));
        Bilinear bl = new Bilinear(50, 30, 20);
        assertBounds(bl.weight(), -1 / Math.sqrt(50), 1 / Math.sqrt(50));
    }

    @Test
    void otherLayersStartAsInPyTorch() {
        Embedding emb = new Embedding(1000, 64, 3);
        assertThat(emb.weight().std().item()).isCloseTo(1, within(0.01));
        assertThat(emb.weight().select(0, 3).abs().sum().item()).isZero();
        BatchNorm2d bn = new BatchNorm2d(4);
        assertThat(bn.weight().toDoubleArray()).containsOnly(1);
        assertThat(bn.bias().toDoubleArray()).containsOnly(0);
        assertThat(bn.runningMean().toDoubleArray()).containsOnly(0);
        assertThat(bn.runningVar().toDoubleArray()).containsOnly(1);
        assertThat(bn.buffer("num_batches_tracked").dtype()).isEqualTo(DType.INT64);
        LayerNorm ln = new LayerNorm(8);
        assertThat(ln.weight().toDoubleArray()).containsOnly(1);
        assertThat(new PReLU().weight().toDoubleArray()).containsExactly(0.25);
    }

    private static void assertBounds(Tensor t, double lo, double hi) {
        assertThat(t.min().item()).isGreaterThanOrEqualTo(lo);
        assertThat(t.max().item()).isLessThanOrEqualTo(hi);
        assertThat(t.shape()).isNotEqualTo(Shape.scalar());
    }
}
