package dev.myelin.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.myelin.optim.Adam;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The VAE's loss terms against hand-computed values, the reparameterisation trick's gradients, and training. */
class VaeTest {
    private static Tensor rows(double[][] values) {
        double[] flat = java.util.Arrays.stream(values).flatMapToDouble(java.util.Arrays::stream).toArray();
        return Tensor.fromArray(flat, values.length, values[0].length);
    }

    @Test
    void klTermIsTheClosedFormPerExample() {
        // KL(N(μ, σ²) ‖ N(0, 1)) = ½(σ² + μ² - 1 - ln σ²) per dimension.
        Tensor mean = rows(new double[][] {{0, 0}, {1, 2}});
        Tensor logVar = rows(new double[][] {{0, 0}, {0, Math.log(4)}});
        double[] kl = new Vae.Posterior(mean, logVar).kl().toDoubleArray();
        assertThat(kl[0]).isEqualTo(0);
        assertThat(kl[1]).isCloseTo(0.5 * (1 + 1 - 1 - 0) + 0.5 * (4 + 4 - 1 - Math.log(4)), within(1e-12));
    }

    @Test
    void reconstructionTermIsTheBinaryCrossEntropySummedOverPixels() {
        Tensor logits = Tensor.randn(Shape.of(2, 1, 28, 28), DType.FLOAT64, new Generator(0)).mul(3);
        Tensor x = Tensor.rand(Shape.of(2, 1, 28, 28), DType.FLOAT64, new Generator(1));
        double[] l = logits.toDoubleArray();
        double[] t = x.toDoubleArray();
        double[] expected = new double[2];
        for (int i = 0; i < l.length; i++) {
            double p = 1 / (1 + Math.exp(-l[i]));
            expected[i / 784] -= t[i] * Math.log(p) + (1 - t[i]) * Math.log(1 - p);
        }
        double[] got = Vae.reconstructionLoss(logits, x).toDoubleArray();
        assertThat(got[0]).isCloseTo(expected[0], within(1e-9));
        assertThat(got[1]).isCloseTo(expected[1], within(1e-9));

        Tensor mean = Tensor.randn(Shape.of(2, 3), DType.FLOAT64, new Generator(2));
        Tensor logVar = Tensor.randn(Shape.of(2, 3), DType.FLOAT64, new Generator(3));
        Vae.Posterior q = new Vae.Posterior(mean, logVar);
        Vae.Loss loss = Vae.loss(new Vae.Output(logits, q), x, 4.0);
        double reconstruction = (expected[0] + expected[1]) / 2;
        double kl = q.kl().mean().item();
        assertThat(loss.reconstruction().item()).isCloseTo(reconstruction, within(1e-9));
        assertThat(loss.kl().item()).isCloseTo(kl, within(1e-12));
        assertThat(loss.total().item()).isCloseTo(reconstruction + 4 * kl, within(1e-9));
        assertThat(loss.elbo()).isCloseTo(-(reconstruction + kl), within(1e-9));
        assertThatThrownBy(() -> Vae.loss(new Vae.Output(logits, q), x, -1))
                .hasMessage("Vae.loss: beta must be finite and non-negative, got -1.0");
    }

    @Test
    void reparameterisationIsDifferentiableInMeanAndLogVariance() {
        Tensor mean = Tensor.fromArray(new double[] {0.5, -1, 2}, 1, 3).requiresGrad(true);
        Tensor logVar = Tensor.fromArray(new double[] {0, 1, -2}, 1, 3).requiresGrad(true);
        Tensor z = new Vae.Posterior(mean, logVar).sample(new Generator(7));
        Tensor eps = Tensor.randn(Shape.of(1, 3), DType.FLOAT64, new Generator(7));
        double[] e = eps.toDoubleArray();
        double[] lv = {0, 1, -2};
        double[] zs = z.toDoubleArray();
        z.sum().backward();
        for (int j = 0; j < 3; j++) {
            double sigma = Math.exp(lv[j] / 2);
            assertThat(zs[j]).isCloseTo(mean.get(0, j) + sigma * e[j], within(1e-12));
            assertThat(mean.grad().get(0, j)).isEqualTo(1.0);
            assertThat(logVar.grad().get(0, j)).isCloseTo(0.5 * sigma * e[j], within(1e-12));
        }
        assertThatThrownBy(() -> new Vae.Posterior(Tensor.zeros(2, 3), Tensor.zeros(2, 4)))
                .hasMessage("Vae.Posterior: expected mean and logVar (B, D) of one shape, got (2, 3) and (2, 4)");
    }

    @Test
    void shapesOfAPassAndOfSamples() {
        Generator.seedDefault(0);
        Vae vae = new Vae(5);
        Tensor x = Squares.images(4, 3);
        Vae.Output out = vae.forward(x, new Generator(0));
        assertThat(out.logits().shape()).isEqualTo(Shape.of(4, 1, 28, 28));
        assertThat(out.posterior().mean().shape()).isEqualTo(Shape.of(4, 5));
        assertThat(out.posterior().logVar().shape()).isEqualTo(Shape.of(4, 5));
        assertThat(vae.forward(x).shape()).isEqualTo(Shape.of(4, 1, 28, 28));
        Tensor samples = vae.sample(6, new Generator(1));
        assertThat(samples.shape()).isEqualTo(Shape.of(6, 1, 28, 28));
        assertThat(samples.allClose(vae.sample(6, new Generator(1)), 0, 0)).isTrue();
    }

    @Test
    void aFewStepsLowerBothTermsTogether() {
        Generator.seedDefault(2);
        Vae vae = new Vae(4);
        Tensor x = Squares.images(16, 4);
        var opt = new Adam(vae.parameters(), 3e-3);
        Vae.Loss first = null;
        Vae.Loss last = null;
        for (int step = 0; step < 15; step++) {
            last = Vae.loss(vae.forward(x, new Generator(step)), x, 1.0);
            opt.zeroGrad();
            last.total().backward();
            opt.step();
            first = first == null ? last : first;
        }
        assertThat(last.total().item()).isLessThan(0.7 * first.total().item());
        assertThat(last.elbo()).isGreaterThan(first.elbo());
    }
}
