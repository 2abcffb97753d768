package dev.myelin.models;

import dev.myelin.autograd.Grad;
import dev.myelin.nn.Embedding;
import dev.myelin.nn.LSTM;
import dev.myelin.nn.Linear;
import dev.myelin.nn.Module;
import dev.myelin.nn.RnnOutput;
import dev.myelin.nn.RnnState;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Tensor;
import dev.myelin.text.TokenSampler;
import java.util.Arrays;

/**
 * A character-level language model (Karpathy's char-rnn): token embeddings, stacked LSTM layers and
 * a linear read-out giving, at every step, the logits of the next token.
 *
 * <p>Shapes: ids (B, T) int64 in [0, vocabSize) give logits (B, T, vocabSize). Trained with
 * cross-entropy against the ids shifted by one ({@link dev.myelin.text.TextWindows}); the mean
 * loss per character L gives the perplexity exp(L). {@link #generate} samples a continuation.
 * Submodules {@code embedding}, {@code lstm}, {@code head}.
 *
 * <pre>{@code
 * CharLstm lm = new CharLstm(tok.vocabSize(), 64, 256, 1, 0.0);
 * Tensor logits = lm.forward(x);                                   // x (B, T) -> (B, T, V)
 * Tensor loss = F.crossEntropy(logits.flatten(0, 1), y.flatten());
 * int[] text = lm.generate(tok.encode("The ").ids(), 200, TokenSampler.of(0.8), new Generator(0));
 * }</pre>
 */
public final class CharLstm extends Module {
    private final int vocabSize;
    private final Embedding embedding;
    private final LSTM lstm;
    private final Linear head;

    /**
     * A model over {@code vocabSize} tokens.
     *
     * @param embeddingDim the width of a token's vector
     * @param hiddenSize the LSTM's hidden size
     * @param numLayers stacked LSTM layers
     * @param dropout dropout between LSTM layers (training only)
     */
    public CharLstm(int vocabSize, int embeddingDim, int hiddenSize, int numLayers, double dropout) {
        this.vocabSize = vocabSize;
        embedding = register("embedding", new Embedding(vocabSize, embeddingDim));
        lstm = register("lstm", new LSTM(embeddingDim, hiddenSize,
                LSTM.defaults().numLayers(numLayers).dropout(dropout).batchFirst(true)));
        head = register("head", new Linear(hiddenSize, vocabSize));
    }

    /** Next-token logits (B, T, V) for ids (B, T), from zero states. */
    @Override
    public Tensor forward(Tensor ids) {
        return forward(ids, null).output();
    }

    /**
     * Next-token logits (B, T, V) for ids (B, T) from {@code state} (null: zeros), with the state after the last step:
     * what carries a sequence on from one call to the next.
     *
     * @throws IllegalArgumentException if ids is not a (B, T) integer tensor
     */
    public RnnOutput forward(Tensor ids, RnnState state) {
        if (ids.dim() != 2 || !ids.dtype().isIntegral()) {
            throw new IllegalArgumentException(describe() + ": expected token ids (B, T) of an integer type, got "
                    + ids.dtype() + " " + ids.shape());
        }
        RnnOutput out = lstm.forward(embedding.forward(ids), state);
        return new RnnOutput(hooked(head.forward(out.output())), out.state());
    }

    /**
     * The prompt followed by {@code length} sampled tokens: the prompt is read in one pass, then each token is drawn from
     * the logits of the one before by {@code sampler}. Runs in evaluation mode without recording gradients and restores
     * the training mode afterwards.
     *
     * @throws IllegalArgumentException if the prompt is empty, an id is out of range or the length is negative
     */
    public int[] generate(int[] prompt, int length, TokenSampler sampler, Generator generator) {
        if (prompt.length == 0 || length < 0) {
            throw new IllegalArgumentException(describe() + ".generate: expected a non-empty prompt and a length >= 0, got "
                    + prompt.length + " prompt tokens and length " + length);
        }
        for (int id : prompt) {
            if (id < 0 || id >= vocabSize) {
                throw new IllegalArgumentException(describe() + ".generate: prompt token " + id + " is outside [0, "
                        + vocabSize + ")");
            }
        }
        boolean training = isTraining();
        eval();
        int[] out = Arrays.copyOf(prompt, prompt.length + length);
        try (var off = Grad.off()) {
            Tensor ids = Tensor.fromArray(Arrays.stream(prompt).asLongStream().toArray(), 1, prompt.length);
            RnnState state = null;
            for (int i = prompt.length; i < out.length; i++) {
                RnnOutput step = forward(ids, state);
                state = step.state();
                Tensor last = step.output().select(1, step.output().size(1) - 1);     // (1, V)
                out[i] = (int) sampler.sample(last, generator).toLongArray()[0];
                ids = Tensor.fromArray(new long[] {out[i]}, 1, 1);
            }
        } finally {
            train(training);
        }
        return out;
    }

    @Override
    protected String extraRepr() {
        return "vocabSize=" + vocabSize;
    }
}
