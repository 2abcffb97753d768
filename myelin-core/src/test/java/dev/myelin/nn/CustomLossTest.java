package dev.myelin.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.myelin.autograd.GradCheck;
import dev.myelin.nn.functional.F;
import dev.myelin.nn.functional.Reduction;
import dev.myelin.optim.Adam;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A custom loss is ordinary tensor code: the focal loss of the README (Lin et al. 2017), written
 * with tensor ops, gets its gradient from autograd, and plugs into the loss modules.
 */
class CustomLossTest {
    /** Focal loss: mean of -(1 - p_t)^γ·log p_t, which down-weights easy examples. */
    static Tensor focalLoss(Tensor logits, Tensor target, double gamma) {
        Tensor logPt = logits.logSoftmax(1).gather(1, target.unsqueeze(1)).squeeze(1);   // (N)
        Tensor weight = logPt.exp().neg().add(1.0).pow(gamma);
        return weight.mul(logPt).neg().mean();
    }

    /** The same loss as a module. */
    static final class FocalLoss extends Loss {
        private final double gamma;

        FocalLoss(double gamma) {
            super(Reduction.MEAN);
            this.gamma = gamma;
        }

        @Override
        public Tensor forward(Tensor input, Tensor target) {
            return focalLoss(input, target, gamma);
        }
    }

    private static final Generator G = new Generator(21);

    @Test
    void withGammaZeroItIsCrossEntropy() {
        Tensor logits = Tensor.randn(Shape.of(6, 4), DType.FLOAT32, G);
        Tensor target = Tensor.randint(0, 4, Shape.of(6), G);
        assertThat(focalLoss(logits, target, 0).item()).isCloseTo(F.crossEntropy(logits, target).item(), within(1e-6));
        assertThat(focalLoss(logits, target, 2).item()).isLessThan(F.crossEntropy(logits, target).item());
    }

    @Test
    void itsGradientIsRight() {
        Tensor logits = Tensor.randn(Shape.of(5, 3), DType.FLOAT64, G).requiresGrad(true);
        Tensor target = Tensor.randint(0, 3, Shape.of(5), G);
        GradCheck.check(in -> focalLoss(in.get(0), target, 2), List.of(logits));
    }

    @Test
    void itTrainsAClassifier() {
        Generator.seedDefault(22);
        Tensor[] data = TrainingTest.twoMoons(100, 0.1, new Generator(8));
        Module model = new Sequential(new Linear(2, 32), new Tanh(), new Linear(32, 2));
        Loss criterion = new FocalLoss(2);
        var opt = new Adam(model.parameters(), 0.03);
        double first = criterion.forward(model.forward(data[0]), data[1]).item();
        for (int i = 0; i < 200; i++) {
            Tensor loss = criterion.forward(model.forward(data[0]), data[1]);
            opt.zeroGrad();
            loss.backward();
            opt.step();
        }
        assertThat(criterion.forward(model.forward(data[0]), data[1]).item()).isLessThan(first / 10);
    }
}
