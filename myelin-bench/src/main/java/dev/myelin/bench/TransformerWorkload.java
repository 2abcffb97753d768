package dev.myelin.bench;

import dev.myelin.models.Gpt;
import dev.myelin.optim.AdamW;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.util.List;

/**
 * W5 {@code transformer}, as the PyTorch peer runs it: a GPT-style decoder (token and learned
 * position embeddings, 4 pre-LayerNorm encoder layers of width 256 with 4 heads, feed-forward
 * 1024, GELU, no dropout, causal attention, a final layer norm, an untied 256 -> 1024 head)
 * trained with AdamW (lr 3e-4, PyTorch's defaults otherwise) on batches of 16 windows of 129
 * tokens. The model is the zoo's {@link Gpt}, whose blocks have the layout, initialisation and
 * parameter count of the peer's {@code nn.TransformerEncoderLayer}s; where the peer adds a -inf
 * mask above the diagonal, it sets the attention kernel's causal flag (the same function).
 * Timed on random ids: training steps per second. The check trains a fresh model on a fixed
 * random 64-token sequence repeated and requires the loss to fall.
 */
public final class TransformerWorkload {
    static final int VOCAB = 1024;
    static final int D = 256;
    static final int HEADS = 4;
    static final int LAYERS = 4;
    static final int FF = 1024;
    static final int SEQ = 128;
    static final int BATCH = 16;

    private TransformerWorkload() {}

    /** The peer's GPT: the zoo's, at W5's sizes (same layers, initialisation and parameter count as the peer's). */
    static Gpt model() {
        return new Gpt(Gpt.Config.of(VOCAB, SEQ).dModel(D).heads(HEADS).layers(LAYERS).feedForward(FF).dropout(0));
    }

    /** Runs the timing and, unless {@code checkSteps} is 0, the loss check. */
    public static void run(int threads, int steps, int checkSteps, long seed, Report report) {
        Tensor random = Tensor.randint(0, VOCAB, Shape.of(1 << 20), new Generator(seed));
        LanguageModelTraining.Run timed = LanguageModelTraining.train(TransformerWorkload::model,
                m -> new AdamW(m.parameters(), AdamW.options(3e-4)), random, VOCAB, BATCH, SEQ, steps, seed, true);
        report.emit("transformer", threads, "steps_per_second", 1 / LanguageModelTraining.medianSeconds(timed), "steps/s");
        if (checkSteps > 0) {
            Tensor period = Tensor.randint(0, VOCAB, Shape.of(64), new Generator(seed + 1));
            Tensor repeated = period.unsqueeze(0).expand(1000, 64).reshape(-1);
            List<Double> losses = LanguageModelTraining.train(TransformerWorkload::model,
                    m -> new AdamW(m.parameters(), AdamW.options(3e-4)), repeated, VOCAB, BATCH, SEQ, checkSteps, seed,
                    false).losses();
            double ratio = losses.getLast() / losses.getFirst();
            report.emit("transformer", threads, "loss_ratio_" + checkSteps + "steps", ratio, "ratio");
            report.check(ratio < 1, String.format("transformer loss %.3f -> %.3f, did not fall", losses.getFirst(),
                    losses.getLast()));
        }
    }
}
