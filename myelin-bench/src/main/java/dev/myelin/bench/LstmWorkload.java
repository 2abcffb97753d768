package dev.myelin.bench;

import dev.myelin.nn.Embedding;
import dev.myelin.nn.LSTM;
import dev.myelin.nn.Linear;
import dev.myelin.nn.Module;
import dev.myelin.nn.functional.F;
import dev.myelin.optim.Adam;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * W4 {@code lstm}, as the PyTorch peer runs it: a character language model (embedding 96 x 64,
 * one LSTM layer of 256, linear 256 -> 96) trained with Adam (lr 2e-3) on batches of 32 windows
 * of 65 tokens drawn at random offsets (inputs and targets shifted by one); cross-entropy on every
 * position. Timed on a stream of 2^20 random ids: tokens per second = 32·64 / median step time
 * (sampling, forward, backward, step). The check trains a fresh model on a repeated pangram and
 * reports loss(step S) / loss(step 1), which must fall below 0.5.
 */
public final class LstmWorkload {
    static final int VOCAB = 96;
    static final int SEQ = 64;
    static final int BATCH = 32;
    static final String TEXT = "The quick brown fox jumps over the lazy dog. Pack my box with five dozen liquor jugs! ";

    private LstmWorkload() {}

    /** The peer's CharLSTM. */
    static final class CharLstm extends Module {
        private final Embedding embed = register("embed", new Embedding(VOCAB, 64));
        private final LSTM lstm = register("lstm", new LSTM(64, 256, LSTM.defaults().batchFirst(true)));
        private final Linear head = register("head", new Linear(256, VOCAB));

        @Override
        public Tensor forward(Tensor tokens) {
            return head.forward(lstm.forward(embed.forward(tokens)));
        }
    }

    /** Runs the timing and, unless {@code checkSteps} is 0, the loss check. */
    public static void run(int threads, int steps, int checkSteps, long seed, Report report) {
        Generator ids = new Generator(seed);
        Tensor random = Tensor.randint(0, VOCAB, Shape.of(1 << 20), ids);
        List<Double> times = train(random, steps, seed, true).times();
        double[] t = times.stream().mapToDouble(Double::doubleValue).toArray();
        report.emit("lstm", threads, "tokens_per_second", BATCH * SEQ / Timing.median(t), "tokens/s");
        if (checkSteps > 0) {
            long[] text = new long[TEXT.length() * 1000];
            for (int i = 0; i < text.length; i++) {
                text[i] = TEXT.charAt(i % TEXT.length()) - 32;
            }
            List<Double> losses = train(Tensor.fromArray(text, text.length), checkSteps, seed, false).losses();
            double ratio = losses.getLast() / losses.getFirst();
            report.emit("lstm", threads, "loss_ratio_" + checkSteps + "steps", ratio, "ratio");
            report.check(ratio < 0.5, String.format("lstm loss %.3f -> %.3f, not below half", losses.getFirst(),
                    losses.getLast()));
        }
    }

    /** Per-step seconds and losses of a fresh model trained on windows of {@code corpus}. */
    private record Run(List<Double> times, List<Double> losses) {}

    private static Run train(Tensor corpus, int steps, long seed, boolean warmUp) {
        Generator.seedDefault(seed);
        Generator windows = new Generator(seed);
        CharLstm model = new CharLstm();
        Adam opt = new Adam(model.parameters(), 2e-3);
        Runnable[] step = new Runnable[1];
        List<Double> losses = new ArrayList<>();
        step[0] = () -> {
            Tensor tokens = LanguageModelWindows.sample(corpus, BATCH, SEQ, windows);
            Tensor logits = model.forward(tokens.narrow(1, 0, SEQ));
            Tensor loss = F.crossEntropy(logits.reshape(-1, VOCAB), tokens.narrow(1, 1, SEQ).reshape(-1));
            opt.zeroGrad();
            loss.backward();
            opt.step();
            losses.add(loss.item());
        };
        if (warmUp) {
            Timing.warmUp(step[0]);
            losses.clear();
        }
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            times.add(Timing.seconds(step[0]));
        }
        return new Run(times, losses);
    }
}
