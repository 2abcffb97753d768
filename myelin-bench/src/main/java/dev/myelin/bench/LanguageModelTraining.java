package dev.myelin.bench;

import dev.myelin.nn.Module;
import dev.myelin.nn.functional.F;
import dev.myelin.optim.Optimizer;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The training loop of the language-model workloads (W4, W5), as the peers' {@code lm_train}:
 * a fresh model and optimizer from the seed, batches of windows at random offsets of a token
 * stream (inputs and targets shifted by one), cross-entropy over every position; each step's
 * time covers sampling, forward, backward and the optimizer step.
 */
final class LanguageModelTraining {
    /**
     * Warm-up steps run this long before the timed ones. C2 goes on compiling a step's less
     * frequent methods for several seconds, on one of the cores the step runs on: W5 with two
     * threads, the median of ten steps after 3 s of warm-up was 324-347 ms in four runs, after
     * 8 s 299-303 in three (a step takes 285-300 ms once the JIT is done).
     */
    static final double WARMUP_SECONDS = 8;

    private LanguageModelTraining() {}

    /** Per-step seconds and losses of one run. */
    record Run(List<Double> times, List<Double> losses) {}

    /** {@code batch} x (seq + 1) windows at random offsets of a 1-D int64 token tensor. */
    static Tensor sample(long[] ids, int batch, int seq, Generator g) {
        long[] starts = Tensor.randint(0, ids.length - seq, Shape.of(batch), g).toLongArray();
        long[] out = new long[batch * (seq + 1)];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(ids, (int) starts[b], out, b * (seq + 1), seq + 1);
        }
        return Tensor.fromArray(out, batch, seq + 1);
    }

    /**
     * Trains a fresh model for {@code steps} steps; with {@code warmUp}, untimed steps first (at
     * least two, and {@link #WARMUP_SECONDS}, for the JIT) on the same model, as the peers' warm-up does.
     */
    static Run train(Supplier<Module> model, Function<Module, Optimizer> optimizer, Tensor corpus, int vocab, int batch,
            int seq, int steps, long seed, boolean warmUp) {
        Generator.seedDefault(seed);
        Generator windows = new Generator(seed);
        Module m = model.get();
        Optimizer opt = optimizer.apply(m);
        long[] ids = corpus.toLongArray();
        List<Double> losses = new ArrayList<>();
        Runnable step = () -> {
            Tensor tokens = sample(ids, batch, seq, windows);
            Tensor logits = m.forward(tokens.narrow(1, 0, seq));
            Tensor loss = F.crossEntropy(logits.reshape(-1, vocab), tokens.narrow(1, 1, seq).reshape(-1));
            opt.zeroGrad();
            loss.backward();
            opt.step();
            losses.add(loss.item());
        };
        if (warmUp) {
            Timing.warmUp(step, WARMUP_SECONDS);
            losses.clear();
        }
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            times.add(Timing.seconds(step));
        }
        return new Run(times, losses);
    }

    /** The median of a run's step times. */
    static double medianSeconds(Run run) {
        return Timing.median(run.times().stream().mapToDouble(Double::doubleValue).toArray());
    }
}
