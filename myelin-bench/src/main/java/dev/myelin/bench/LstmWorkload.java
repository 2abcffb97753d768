package dev.myelin.bench;

import dev.myelin.nn.Embedding;
import dev.myelin.nn.LSTM;
import dev.myelin.nn.Linear;
import dev.myelin.nn.Module;
import dev.myelin.optim.Adam;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
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
        Tensor random = Tensor.randint(0, VOCAB, Shape.of(1 << 20), new Generator(seed));
        LanguageModelTraining.Run timed = LanguageModelTraining.train(CharLstm::new, m -> new Adam(m.parameters(), 2e-3),
                random, VOCAB, BATCH, SEQ, steps, seed, true);
        report.emit("lstm", threads, "tokens_per_second", BATCH * SEQ / LanguageModelTraining.medianSeconds(timed),
                "tokens/s");
        if (checkSteps > 0) {
            long[] text = new long[TEXT.length() * 1000];
            for (int i = 0; i < text.length; i++) {
                text[i] = TEXT.charAt(i % TEXT.length()) - 32;
            }
            List<Double> losses = LanguageModelTraining.train(CharLstm::new, m -> new Adam(m.parameters(), 2e-3),
                    Tensor.fromArray(text, text.length), VOCAB, BATCH, SEQ, checkSteps, seed, false).losses();
            double ratio = losses.getLast() / losses.getFirst();
            report.emit("lstm", threads, "loss_ratio_" + checkSteps + "steps", ratio, "ratio");
            report.check(ratio < 0.5, String.format("lstm loss %.3f -> %.3f, not below half", losses.getFirst(),
                    losses.getLast()));
        }
    }
}
