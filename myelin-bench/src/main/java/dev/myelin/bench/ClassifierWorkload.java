package dev.myelin.bench;

import dev.myelin.autograd.Grad;
import dev.myelin.data.FashionMnist;
import dev.myelin.data.Sampler;
import dev.myelin.io.InvalidFileException;
import dev.myelin.models.FashionCnn;
import dev.myelin.models.Mlp;
import dev.myelin.nn.Module;
import dev.myelin.nn.functional.F;
import dev.myelin.optim.Adam;
import dev.myelin.optim.Optimizer;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * W2 {@code mlp} and W3 {@code cnn}: Fashion-MNIST classifiers trained exactly as the PyTorch peer
 * ({@code shared/bench/pytorch/common.py}) trains them. Adam lr 1e-3, cross-entropy, batch 128;
 * one epoch = 469 steps over a fresh random permutation of the 60,000 training images (468
 * batches of 128 and one of 96), inputs scaled to [0, 1]. The generator being PyTorch's, the
 * same seed gives the model the peer's initial weights and the epochs the peer's permutations. The
 * warm-up steps run on a throwaway model, so the measured model trains exactly {@code epochs}
 * epochs; each epoch is timed (the batch copy is inside the timing, data decoding outside), and
 * {@code epoch_seconds} is the median of the first {@code timedEpochs}. The test accuracy is on
 * all 10,000 test images after {@code epochs} epochs.
 */
public final class ClassifierWorkload {
    /** The two workloads. */
    public enum Kind {
        /** W2: MLP 784-512-256-10. */
        MLP("mlp", 5, 0.86, () -> new Mlp(784, 512, 256, 10)),
        /** W3: the two-convolution CNN. */
        CNN("cnn", 3, 0.88, FashionCnn::new);

        final String workload;
        final int defaultEpochs;
        final double minAccuracy;
        final Supplier<Module> model;

        Kind(String workload, int defaultEpochs, double minAccuracy, Supplier<Module> model) {
            this.workload = workload;
            this.defaultEpochs = defaultEpochs;
            this.minAccuracy = minAccuracy;
            this.model = model;
        }

        /** The epochs after which the quality check runs by default (W2: 5, W3: 3). */
        public int defaultEpochs() {
            return defaultEpochs;
        }

        /** The accuracy the quality check requires (W2: 0.86, W3: 0.88). */
        public double minAccuracy() {
            return minAccuracy;
        }
    }

    private static final int BATCH = 128;
    /**
     * Warm-up steps run this long (on a model of their own) before the timed epochs: C2 compiles
     * a training step's methods for several seconds (-XX:+PrintCompilation), and after the two
     * steps of Timing.WARMUP the first two of five W2 epochs took 1.6-2.3 s instead of 1.2.
     */
    static final double WARMUP_SECONDS = 6;

    private ClassifierWorkload() {}

    /**
     * Runs the workload and reports {@code epoch_seconds} and {@code test_accuracy_{E}ep}.
     *
     * @param epochs training epochs before the accuracy check (0: timing only)
     * @param timedEpochs epochs whose median time is reported (the run is extended to this many if larger)
     * @param minAccuracy the accuracy the check requires
     * @throws InvalidFileException if the full Fashion-MNIST set is not installed
     */
    public static void run(Kind kind, int threads, int epochs, int timedEpochs, double minAccuracy, long seed, Report report)
            throws IOException {
        if (!Files.isDirectory(Path.of(FashionMnist.DEBIAN_DIR))) {
            throw new InvalidFileException("bench " + kind.workload + " needs the full Fashion-MNIST set in "
                    + FashionMnist.DEBIAN_DIR + " (Debian package dataset-fashion-mnist: apt-get install"
                    + " dataset-fashion-mnist); the embedded subset is too small to compare with the peer");
        }
        FashionMnist data = FashionMnist.fromDirectory(Path.of(FashionMnist.DEBIAN_DIR));
        Tensor trainX = data.train().x();
        Tensor trainY = data.train().y();
        Generator.seedDefault(seed);
        Module warm = kind.model.get();
        Optimizer warmOpt = new Adam(warm.parameters(), 1e-3);
        int batches = trainX.size(0) / BATCH;
        int[] steps = {0};
        Timing.warmUp(() -> {
            int i = steps[0]++ % batches;
            step(warm, warmOpt, trainX, trainY, Tensor.arange(i * BATCH, (i + 1) * BATCH, 1));
        }, WARMUP_SECONDS);
        Generator.seedDefault(seed);
        Module model = kind.model.get();
        Optimizer opt = new Adam(model.parameters(), 1e-3);
        Generator order = new Generator(seed);
        int n = trainX.size(0);
        double[] times = new double[Math.max(epochs, timedEpochs)];
        double accuracy = Double.NaN;
        for (int e = 0; e < times.length; e++) {
            times[e] = Timing.seconds(() -> {
                model.train();
                int[] perm = Sampler.random().indices(n, order);
                for (int from = 0; from < n; from += BATCH) {
                    int[] idx = java.util.Arrays.copyOfRange(perm, from, Math.min(from + BATCH, n));
                    step(model, opt, trainX, trainY, Tensor.fromArray(idx, idx.length));
                }
            });
            if (e + 1 == epochs) {
                accuracy = testAccuracy(model, data.test().x(), data.test().y());
                report.check(accuracy >= minAccuracy, kind.workload + " test accuracy " + String.format("%.4f", accuracy)
                        + " < " + minAccuracy);
            }
        }
        if (timedEpochs > 0) {
            report.emit(kind.workload, threads, "epoch_seconds", Timing.median(java.util.Arrays.copyOf(times, timedEpochs)),
                    "s");
        }
        if (epochs > 0) {
            report.emit(kind.workload, threads, "test_accuracy_" + epochs + "ep", accuracy, "fraction");
        }
    }

    /** One Adam step on the rows {@code idx}; the batch copy is part of the step, as in the peer. */
    private static void step(Module model, Optimizer opt, Tensor x, Tensor y, Tensor idx) {
        Tensor loss = F.crossEntropy(model.forward(x.indexSelect(0, idx)), y.indexSelect(0, idx));
        opt.zeroGrad();
        loss.backward();
        opt.step();
    }

    private static double testAccuracy(Module model, Tensor x, Tensor y) {
        model.eval();
        try (var off = Grad.off()) {
            long right = 0;
            for (int from = 0; from < x.size(0); from += 1000) {
                int len = Math.min(1000, x.size(0) - from);
                Tensor pred = model.forward(x.narrow(0, from, len)).argmax(1, false);
                right += pred.eq(y.narrow(0, from, len)).to(DType.INT64).sum().itemLong();
            }
            return (double) right / x.size(0);
        }
    }
}
