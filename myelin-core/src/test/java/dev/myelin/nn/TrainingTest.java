package dev.myelin.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.autograd.Grad;
import dev.myelin.nn.functional.F;
import dev.myelin.optim.Adam;
import dev.myelin.optim.Optimizer;
import dev.myelin.optim.SGD;
import dev.myelin.optim.lr.CosineAnnealingLR;
import dev.myelin.optim.lr.LinearLR;
import dev.myelin.optim.lr.SequentialLR;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** End to end: small networks trained with the plain loop reach 100% training accuracy. */
class TrainingTest {
    /** A two-layer perceptron: Linear, tanh, Linear. */
    static final class TwoLayer extends Module {
        private final Linear hidden;
        private final Linear out;

        TwoLayer(int in, int width, int classes) {
            hidden = register("hidden", new Linear(in, width));
            out = register("out", new Linear(width, classes));
        }

        @Override
        public Tensor forward(Tensor x) {
            return out.forward(hidden.forward(x).tanh());
        }
    }

    @Test
    void twoLayerPerceptronLearnsXor() {
        Generator.seedDefault(11);
        Tensor x = Tensor.of(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
        Tensor y = Tensor.of(0L, 1L, 1L, 0L);
        TwoLayer model = new TwoLayer(2, 8, 2);
        Optimizer opt = new Adam(model.parameters(), 0.05);
        double accuracy = train(model, opt, x, y, 500);
        assertThat(accuracy).isEqualTo(1.0);
    }

    @Test
    void twoLayerPerceptronSeparatesTwoMoons() {
        Generator.seedDefault(12);
        Tensor[] data = twoMoons(200, 0.1, new Generator(3));
        TwoLayer model = new TwoLayer(2, 32, 2);
        var opt = new Adam(model.parameters(), 0.02);
        double accuracy = train(model, opt, data[0], data[1], 3000);
        assertThat(accuracy).isEqualTo(1.0);
    }

    @Test
    void aLinearModelCannotSeparateTwoMoons() {
        Generator.seedDefault(12);
        Tensor[] data = twoMoons(200, 0.1, new Generator(3));
        Linear linear = new Linear(2, 2);
        double accuracy = train(linear, new Adam(linear.parameters(), 0.02), data[0], data[1], 1000);
        assertThat(accuracy).isBetween(0.75, 0.95);   // the control: the hidden layer is what makes 100% possible
    }

    @Test
    void sgdWithWarmupAndCosineScheduleLearnsTwoMoons() {
        Generator.seedDefault(13);
        Tensor[] data = twoMoons(200, 0.1, new Generator(4));
        Module model = new Sequential(new Linear(2, 64), new ReLU(), new Linear(64, 64), new ReLU(), new Linear(64, 2));
        var opt = new SGD(model.parameters(), SGD.options(0.2).momentum(0.9));
        var schedule = new SequentialLR(opt, List.of(new LinearLR(opt, 0.1, 1, 50), new CosineAnnealingLR(opt, 1950, 0)),
                50);
        double accuracy = 0;
        for (int step = 0; step < 2000 && accuracy < 1; step++) {
            Tensor loss = F.crossEntropy(model.forward(data[0]), data[1]);
            opt.zeroGrad();
            loss.backward();
            opt.step();
            schedule.step();
            accuracy = accuracy(model, data[0], data[1]);
        }
        assertThat(accuracy).isEqualTo(1.0);
    }

    /** The textbook loop; returns the training accuracy reached (stops early at 100%). */
    private static double train(Module model, Optimizer opt, Tensor x, Tensor y, int steps) {
        double accuracy = 0;
        for (int step = 0; step < steps && accuracy < 1; step++) {
            Tensor loss = F.crossEntropy(model.forward(x), y);
            opt.zeroGrad();
            loss.backward();
            opt.step();
            if (step % 10 == 9) {
                accuracy = accuracy(model, x, y);
            }
        }
        return accuracy;
    }

    private static double accuracy(Module model, Tensor x, Tensor y) {
        try (var off = Grad.off()) {
            return model.forward(x).argmax(1, false).eq(y).to(DType.FLOAT32).mean().item();
        }
    }

    /** scikit-learn's make_moons: two interleaved half circles with Gaussian noise; labels 0 and 1. */
    static Tensor[] twoMoons(int n, double noise, Generator g) {
        int half = n / 2;
        float[] xs = new float[n * 2];
        long[] labels = new long[n];
        double[] jitter = Tensor.randn(Shape.of(n * 2), DType.FLOAT64, g).toDoubleArray();
        for (int i = 0; i < n; i++) {
            boolean inner = i >= half;
            double t = Math.PI * (inner ? i - half : i) / (half - 1);
            double px = inner ? 1 - Math.cos(t) : Math.cos(t);
            double py = inner ? 0.5 - Math.sin(t) : Math.sin(t);
            xs[2 * i] = (float) (px + noise * jitter[2 * i]);
            xs[2 * i + 1] = (float) (py + noise * jitter[2 * i + 1]);
            labels[i] = inner ? 1 : 0;
        }
        return new Tensor[] {Tensor.fromArray(xs, n, 2), Tensor.fromArray(labels, n)};
    }
}
