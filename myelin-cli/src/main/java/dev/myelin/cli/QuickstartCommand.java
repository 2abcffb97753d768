package dev.myelin.cli;

import dev.myelin.autograd.Grad;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The main job. Until the training loop lands it fits a two-layer network with plain autograd to
 * a synthetic two-moons classification problem and prints the loss as it falls.
 */
@Command(name = "quickstart", description = "Train a small network end to end and watch the loss fall.")
final class QuickstartCommand implements Runnable {
    @Option(names = "--steps", description = "Gradient steps (default: ${DEFAULT-VALUE}).", defaultValue = "400")
    private int steps;

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    private long seed;

    @Override
    public void run() {
        Generator g = new Generator(seed);
        TwoMoons data = TwoMoons.sample(400, 0.1, g);
        // A 2-32-2 network with a tanh hidden layer, parameters as plain tensors.
        Tensor w1 = Tensor.randn(Shape.of(2, 32), DType.FLOAT32, g).mul(0.7).requiresGrad(true);
        Tensor b1 = Tensor.zeros(32).requiresGrad(true);
        Tensor w2 = Tensor.randn(Shape.of(32, 2), DType.FLOAT32, g).mul(0.3).requiresGrad(true);
        Tensor b2 = Tensor.zeros(2).requiresGrad(true);
        List<Tensor> params = List.of(w1, b1, w2, b2);
        double lr = 0.5;
        System.out.printf("Two moons: %d points, network 2-32-2 (tanh), full-batch gradient descent, lr %.1f%n",
                data.x().size(0), lr);
        long start = System.nanoTime();
        for (int step = 1; step <= steps; step++) {
            Tensor logits = data.x().matmul(w1).add(b1).tanh().matmul(w2).add(b2);
            Tensor loss = logits.logSoftmax(1).gather(1, data.y().unsqueeze(1)).mean().neg();
            for (Tensor p : params) {
                p.setGrad(null);
            }
            loss.backward();
            try (var off = Grad.off()) {
                for (Tensor p : params) {
                    p.subInPlace(p.grad().mul(lr));
                }
            }
            if (step == 1 || step % 50 == 0) {
                System.out.printf("step %4d   loss %.4f   accuracy %.3f%n", step, loss.item(),
                        accuracy(logits, data.y()));
            }
        }
        System.out.printf("done in %.2f s%n", (System.nanoTime() - start) / 1e9);
    }

    private static double accuracy(Tensor logits, Tensor labels) {
        return logits.argmax(1, false).eq(labels).to(DType.FLOAT32).mean().item();
    }

    /** Two interleaved half circles with Gaussian noise: points x (n, 2) and labels y (n). */
    record TwoMoons(Tensor x, Tensor y) {
        static TwoMoons sample(int n, double noise, Generator g) {
            double[] t = Tensor.rand(Shape.of(n), DType.FLOAT64, g).mul(Math.PI).toDoubleArray();
            double[] eps = Tensor.randn(Shape.of(n, 2), DType.FLOAT64, g).mul(noise).toDoubleArray();
            float[] xs = new float[n * 2];
            long[] ys = new long[n];
            for (int i = 0; i < n; i++) {
                boolean upper = i % 2 == 0;
                xs[2 * i] = (float) ((upper ? Math.cos(t[i]) : 1 - Math.cos(t[i])) + eps[2 * i]);
                xs[2 * i + 1] = (float) ((upper ? Math.sin(t[i]) : 0.5 - Math.sin(t[i])) + eps[2 * i + 1]);
                ys[i] = upper ? 0 : 1;
            }
            return new TwoMoons(Tensor.fromArray(xs, n, 2), Tensor.fromArray(ys, n));
        }
    }
}
