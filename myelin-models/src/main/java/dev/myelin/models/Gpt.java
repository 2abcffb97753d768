package dev.myelin.models;

import dev.myelin.autograd.Grad;
import dev.myelin.nn.Embedding;
import dev.myelin.nn.LayerNorm;
import dev.myelin.nn.LearnedPositionalEmbedding;
import dev.myelin.nn.Linear;
import dev.myelin.nn.Module;
import dev.myelin.nn.ModuleList;
import dev.myelin.nn.functional.F;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Tensor;
import dev.myelin.text.TokenSampler;
import java.util.List;
import java.util.Map;

/**
 * A GPT-style decoder-only language model, as in nanoGPT: token and learned position embeddings,
 * a stack of pre-LayerNorm blocks of causal self-attention and a GELU feed-forward layer, a final
 * layer norm, and a head to vocabulary logits (its own {@code Linear} with bias, or tied to the
 * token embedding). The model of benchmark W5.
 *
 * <pre>
 * tok      Embedding(vocab, d)            (B, T) -> (B, T, d)
 * pos      LearnedPositionalEmbedding      + positions past..past+T-1
 * blocks   layers x GptBlock               (B, T, d)
 * norm     LayerNorm(d)
 * head     Linear(d, vocab), or x·tok.weightᵀ when tied     -> (B, T, vocab)
 * </pre>
 *
 * <p>{@link #forward(Tensor, KvCache)} decodes incrementally: with a {@link KvCache} each call
 * computes only its new positions and attends to the cached ones, giving the logits a full
 * forward pass over the whole prefix gives. {@link #generate} samples continuations with a
 * {@link TokenSampler} (greedy, temperature, top-k, top-p), reproducibly from a {@link Generator}.
 * Parameters and state-dict keys of each block are those of PyTorch's
 * {@code nn.TransformerEncoderLayer(norm_first=True, activation="gelu")}.
 *
 * <pre>{@code
 * Gpt gpt = new Gpt(Gpt.Config.of(65, 128).dModel(128).heads(4).layers(4).feedForward(512).dropout(0.1));
 * Tensor logits = gpt.forward(tokens);                    // (B, T) int64 -> (B, T, 65)
 * Tensor loss = F.crossEntropy(logits.reshape(-1, 65), targets.reshape(-1));
 * Tensor text = gpt.generate(prompt, 200, TokenSampler.of(0.8).withTopK(20), new Generator(0));   // (B, T0 + 200)
 * }</pre>
 */
public final class Gpt extends Module {
    private final Config config;
    private final Embedding tok;
    private final LearnedPositionalEmbedding pos;
    private final ModuleList blocks;
    private final LayerNorm norm;
    private final Linear head;

    /**
     * The sizes of a {@link Gpt}; start from {@link #of} (W5's sizes) and change what differs.
     *
     * @param vocabSize the number of token ids
     * @param contextLength the most positions a forward pass (with its cache) can see
     * @param dModel the width of the embeddings and blocks
     * @param heads attention heads per block (dividing {@code dModel})
     * @param layers the number of blocks
     * @param feedForward the width of each block's hidden feed-forward layer
     * @param dropout dropout after the embeddings, the attention and in the feed-forward blocks (training only)
     * @param tiedHead the head reuses the token embedding (no bias) instead of a {@code Linear(d, vocab)} of its own
     */
    public record Config(int vocabSize, int contextLength, int dModel, int heads, int layers, int feedForward,
            double dropout, boolean tiedHead) {
        /** Checks the sizes. */
        public Config {
            int[] sizes = {vocabSize, contextLength, dModel, heads, layers, feedForward};
            String[] names = {"vocabSize", "contextLength", "dModel", "heads", "layers", "feedForward"};
            for (int i = 0; i < sizes.length; i++) {
                if (sizes[i] <= 0) {
                    throw new IllegalArgumentException("Gpt.Config: " + names[i] + " must be positive, got " + sizes[i]);
                }
            }
            if (dModel % heads != 0) {
                throw new IllegalArgumentException("Gpt.Config: dModel " + dModel + " must be divisible by heads " + heads);
            }
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("Gpt.Config: dropout must be in [0, 1), got " + dropout);
            }
        }

        /** W5's sizes for the given vocabulary and context: d 256, 4 heads, 4 layers, feed-forward 1024, no dropout, untied head. */
        public static Config of(int vocabSize, int contextLength) {
            return new Config(vocabSize, contextLength, 256, 4, 4, 1024, 0, false);
        }

        /** This configuration with another model width. */
        public Config dModel(int dModel) {
            return new Config(vocabSize, contextLength, dModel, heads, layers, feedForward, dropout, tiedHead);
        }

        /** This configuration with another number of heads. */
        public Config heads(int heads) {
            return new Config(vocabSize, contextLength, dModel, heads, layers, feedForward, dropout, tiedHead);
        }

        /** This configuration with another number of blocks. */
        public Config layers(int layers) {
            return new Config(vocabSize, contextLength, dModel, heads, layers, feedForward, dropout, tiedHead);
        }

        /** This configuration with another feed-forward width. */
        public Config feedForward(int feedForward) {
            return new Config(vocabSize, contextLength, dModel, heads, layers, feedForward, dropout, tiedHead);
        }

        /** This configuration with another dropout probability. */
        public Config dropout(double dropout) {
            return new Config(vocabSize, contextLength, dModel, heads, layers, feedForward, dropout, tiedHead);
        }

        /** This configuration with the head tied to the token embedding (true) or its own (false). */
        public Config tiedHead(boolean tiedHead) {
            return new Config(vocabSize, contextLength, dModel, heads, layers, feedForward, dropout, tiedHead);
        }
    }

    /**
     * A model of the given sizes, initialised as PyTorch initialises its layers (embeddings
     * N(0, 1)); the blocks are copies of the first, as {@code nn.TransformerEncoder} makes them,
     * so that a seed gives the weights that W5's PyTorch model starts from.
     */
    public Gpt(Config config) {
        this.config = config;
        tok = register("tok", new Embedding(config.vocabSize(), config.dModel()));
        pos = register("pos", new LearnedPositionalEmbedding(config.contextLength(), config.dModel()));
        blocks = register("blocks", ModuleList.clones(config.layers(),
                () -> new GptBlock(config.dModel(), config.heads(), config.feedForward(), config.dropout())));
        norm = register("norm", new LayerNorm(config.dModel()));
        head = config.tiedHead() ? null : register("head", new Linear(config.dModel(), config.vocabSize()));
    }

    /**
     * The model of a zoo configuration ({@code ModelZoo.create("gpt", args)}): {@code vocab},
     * {@code context}, {@code d_model}, {@code heads}, {@code layers}, {@code feedforward},
     * {@code dropout}, {@code tied}; W5's sizes where absent.
     */
    static Gpt fromArgs(Map<String, ?> args) {
        String owner = "gpt";
        Config w5 = Config.of(1024, 128);
        return new Gpt(new Config(ModelArgs.integer(args, owner, "vocab", w5.vocabSize()),
                ModelArgs.integer(args, owner, "context", w5.contextLength()),
                ModelArgs.integer(args, owner, "d_model", w5.dModel()), ModelArgs.integer(args, owner, "heads", w5.heads()),
                ModelArgs.integer(args, owner, "layers", w5.layers()),
                ModelArgs.integer(args, owner, "feedforward", w5.feedForward()),
                ModelArgs.number(args, owner, "dropout", w5.dropout()), ModelArgs.bool(args, owner, "tied", w5.tiedHead())));
    }

    /** The sizes of this model. */
    public Config config() {
        return config;
    }

    /** An empty key/value cache for {@link #forward(Tensor, KvCache)}. */
    public KvCache newCache() {
        return new KvCache(config.layers());
    }

    /** The logits (B, T, vocab) of every position of {@code tokens} (B, T), integer ids; T at most the context length. */
    @Override
    public Tensor forward(Tensor tokens) {
        return forward(tokens, null);
    }

    /**
     * The logits (B, T, vocab) of {@code tokens} (B, T), which continue the sequences held in
     * {@code cache} (or start them: null for no cache); their keys and values are appended to it.
     *
     * @throws IllegalArgumentException if the tokens are not (B, T) integer ids in [0, vocab), if
     *     the cache and the tokens together exceed the context length, or if the cache holds
     *     another number of sequences or belongs to a model of another depth
     */
    public Tensor forward(Tensor tokens, KvCache cache) {
        int past = checkInput(tokens, cache);
        Tensor x = F.dropout(pos.forward(tok.forward(tokens), past), config.dropout(), isTraining());
        for (int i = 0; i < config.layers(); i++) {
            x = ((GptBlock) blocks.get(i)).forward(x, cache, i);
        }
        x = norm.forward(x);
        return head == null ? F.linear(x, tok.weight(), null) : head.forward(x);
    }

    /**
     * Continues each prompt row by {@code maxNewTokens} tokens drawn by {@code sampler} with
     * {@code generator}, without recording gradients; returns prompt and continuation (B, T0 + n).
     * Each step feeds one token through a {@link KvCache}. Once the sequence fills the context,
     * each step recomputes the last {@code contextLength} tokens, as nanoGPT crops its input.
     * Runs in evaluation mode (no dropout) and restores the training mode afterwards.
     *
     * @param prompt (B, T0) integer ids with 1 <= T0 <= the context length
     */
    public Tensor generate(Tensor prompt, int maxNewTokens, TokenSampler sampler, Generator generator) {
        if (maxNewTokens < 0) {
            throw new IllegalArgumentException("Gpt.generate: maxNewTokens must be >= 0, got " + maxNewTokens);
        }
        if (prompt.dim() != 2 || prompt.size(1) == 0) {
            throw new IllegalArgumentException("Gpt.generate: expected a prompt of token ids (B, T0) with T0 >= 1, got shape "
                    + prompt.shape());
        }
        boolean training = isTraining();
        eval();
        try (var off = Grad.off()) {
            KvCache cache = newCache();
            Tensor sequence = prompt.to(DType.INT64);
            Tensor logits = forward(sequence, cache);
            for (int n = 0; n < maxNewTokens; n++) {
                Tensor next = sampler.sample(logits.select(1, logits.size(1) - 1), generator).unsqueeze(1);
                sequence = Tensor.cat(List.of(sequence, next), 1);
                if (n + 1 < maxNewTokens) {
                    if (cache.length() == config.contextLength()) {
                        cache.reset();
                        int len = sequence.size(1);
                        logits = forward(sequence.narrow(1, len - config.contextLength(), config.contextLength()), cache);
                    } else {
                        logits = forward(next, cache);
                    }
                }
            }
            return sequence;
        } finally {
            train(training);
        }
    }

    /** Checks tokens (B, T) against the vocabulary, the cache and the context; returns the cached length. */
    private int checkInput(Tensor tokens, KvCache cache) {
        TokenIds.check("Gpt", tokens, config.vocabSize());
        int past = cache == null ? 0 : cache.length();
        if (cache != null && cache.layers() != config.layers()) {
            throw new IllegalArgumentException("Gpt: the cache was made for " + cache.layers() + " layers, this model has "
                    + config.layers() + "; use newCache()");
        }
        if (past > 0 && cache.batchSize() != tokens.size(0)) {
            throw new IllegalArgumentException("Gpt: the cache holds " + cache.batchSize() + " sequences, got tokens "
                    + tokens.shape());
        }
        if (past + tokens.size(1) > config.contextLength()) {
            throw new IllegalArgumentException("Gpt: " + tokens.size(1) + " tokens " + (past > 0 ? "after " + past
                    + " cached ones " : "") + "exceed the context length " + config.contextLength() + " (tokens "
                    + tokens.shape() + ")");
        }
        return past;
    }

    @Override
    protected String extraRepr() {
        return "vocab=" + config.vocabSize() + ", context=" + config.contextLength() + ", d_model=" + config.dModel()
                + ", heads=" + config.heads() + ", layers=" + config.layers() + (config.tiedHead() ? ", tied head" : "");
    }
}
