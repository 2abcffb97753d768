package dev.myelin.models;

import dev.myelin.autograd.Grad;
import dev.myelin.nn.Embedding;
import dev.myelin.nn.LayerNorm;
import dev.myelin.nn.Linear;
import dev.myelin.nn.Module;
import dev.myelin.nn.MultiheadAttention;
import dev.myelin.nn.SinusoidalPositionalEncoding;
import dev.myelin.nn.Transformer;
import dev.myelin.nn.TransformerDecoderLayer;
import dev.myelin.nn.TransformerOptions;
import dev.myelin.nn.functional.F;
import dev.myelin.tensor.Tensor;
import java.util.Arrays;

/**
 * An encoder-decoder Transformer for sequence-to-sequence tasks such as translation, as in
 * PyTorch's "Language translation with nn.Transformer" tutorial: source and target token
 * embeddings plus sinusoidal positions, {@link Transformer}, and a linear generator to
 * target-vocabulary logits. Batch-first throughout. The embeddings are initialised N(0, 1) like
 * every {@link Embedding}, so they are not scaled by √d (which would drown the positions, whose
 * values lie in [-1, 1]).
 *
 * <p>Shapes: src (B, S) and tgt (B, T) int64 ids; the source padding mask (B, S) bool is true at
 * padding (or null). The decoder attends causally to the target and to the unpadded source.
 *
 * <pre>{@code
 * var model = new Seq2SeqTransformer(srcVocab, tgtVocab, 32, 128, 4, 2, 2,
 *         TransformerOptions.defaults().dimFeedforward(256).dropout(0.1));
 * Tensor logits = model.forward(src, tgtIn, srcPadding);             // (B, T, tgtVocab), teacher forcing
 * Tensor out = model.greedyDecode(src, srcPadding, bos, eos, 8);     // (B, 8) ids after BOS
 * Tensor w = model.crossAttention(src, srcPadding, tgtIn);           // (B, T, S) for a heat map
 * }</pre>
 */
public final class Seq2SeqTransformer extends Module {
    private final int srcVocab;
    private final int tgtVocab;
    private final TransformerOptions options;
    private final Embedding srcEmbed;
    private final Embedding tgtEmbed;
    private final SinusoidalPositionalEncoding positions;
    private final Transformer transformer;
    private final Linear generator;

    /**
     * A model over the given vocabularies for sequences of at most {@code maxLen} tokens, of width
     * {@code dModel} with {@code heads} heads and the given numbers of encoder and decoder layers;
     * {@code options} (feed-forward width, dropout, activation, pre- or post-norm) apply to every layer.
     */
    public Seq2SeqTransformer(int srcVocab, int tgtVocab, int maxLen, int dModel, int heads, int encoderLayers,
            int decoderLayers, TransformerOptions options) {
        this.srcVocab = srcVocab;
        this.tgtVocab = tgtVocab;
        this.options = options.batchFirst(true);
        srcEmbed = register("src_embed", new Embedding(srcVocab, dModel));
        tgtEmbed = register("tgt_embed", new Embedding(tgtVocab, dModel));
        positions = register("positions", new SinusoidalPositionalEncoding(dModel, maxLen, true));
        transformer = register("transformer", new Transformer(dModel, heads, encoderLayers, decoderLayers, this.options));
        generator = register("generator", new Linear(dModel, tgtVocab));
    }

    /** The encoder's output (B, S, d) for src (B, S); {@code srcPadding} (B, S) true at padding, or null. */
    public Tensor encode(Tensor src, Tensor srcPadding) {
        TokenIds.check("Seq2SeqTransformer: src", src, srcVocab);
        return transformer.encoder().forward(embed(srcEmbed, src), null, srcPadding);
    }

    /** The logits (B, T, tgtVocab) of the target tokens tgt (B, T) attending causally to themselves and to {@code memory}. */
    public Tensor decode(Tensor tgt, Tensor memory, Tensor srcPadding) {
        TokenIds.check("Seq2SeqTransformer: tgt", tgt, tgtVocab);
        Tensor x = transformer.decoder().forward(embed(tgtEmbed, tgt), memory, Transformer.causalMask(tgt.size(1)), null,
                null, srcPadding);
        return generator.forward(x);
    }

    /** Teacher forcing: the logits (B, T, tgtVocab) of the next token after each position of {@code tgt}. */
    public Tensor forward(Tensor src, Tensor tgt, Tensor srcPadding) {
        return decode(tgt, encode(src, srcPadding), srcPadding);
    }

    /**
     * Greedy decoding without recording gradients: starting from {@code bos}, the most likely next
     * token, {@code maxLen} times (fewer once every row has produced {@code eos}); returns the
     * tokens after BOS (B, maxLen), {@code eos} after a row's end. Call {@link #eval()} first.
     * Step i decodes the i + 1 tokens so far.
     */
    public Tensor greedyDecode(Tensor src, Tensor srcPadding, int bos, int eos, int maxLen) {
        if (maxLen < 1 || bos < 0 || bos >= tgtVocab || eos < 0 || eos >= tgtVocab) {
            throw new IllegalArgumentException("Seq2SeqTransformer.greedyDecode: expected maxLen >= 1 and BOS and EOS"
                    + " in [0, " + tgtVocab + "), got maxLen " + maxLen + ", BOS " + bos + ", EOS " + eos);
        }
        int batch = src.size(0);
        try (var off = Grad.off()) {
            Tensor memory = encode(src, srcPadding);
            long[] buffer = new long[batch * maxLen];
            Arrays.fill(buffer, eos);
            for (int r = 0; r < batch; r++) {
                buffer[r * maxLen] = bos;
            }
            long[] out = new long[batch * maxLen];
            Arrays.fill(out, eos);
            boolean[] ended = new boolean[batch];
            int endedRows = 0;
            for (int i = 0; i < maxLen && endedRows < batch; i++) {
                Tensor logits = decode(Tensor.fromArray(buffer, batch, maxLen).narrow(1, 0, i + 1), memory, srcPadding);
                long[] next = logits.select(1, i).argmax(-1, false).toLongArray();
                for (int r = 0; r < batch; r++) {
                    if (ended[r]) {
                        continue;
                    }
                    out[r * maxLen + i] = next[r];
                    if (i + 1 < maxLen) {
                        buffer[r * maxLen + i + 1] = next[r];
                    }
                    if (next[r] == eos) {
                        ended[r] = true;
                        endedRows++;
                    }
                }
            }
            return Tensor.fromArray(out, batch, maxLen);
        }
    }

    /**
     * The attention weights (B, T, S) of the last decoder layer from each target position of
     * {@code tgt} (B, T) to each source position, averaged over the heads: what the heat map of a
     * translation shows. Replays that layer up to its attention to the source, asking for weights
     * (the layer's forward does not return them); no gradients are recorded. Call {@link #eval()} first.
     */
    public Tensor crossAttention(Tensor src, Tensor srcPadding, Tensor tgt) {
        try (var off = Grad.off()) {
            Tensor memory = encode(src, srcPadding);
            Tensor causal = Transformer.causalMask(tgt.size(1));
            Module layers = transformer.decoder().submodule("layers");
            int last = layers.namedChildren().size() - 1;
            Tensor x = embed(tgtEmbed, tgt);
            for (int i = 0; i < last; i++) {
                x = ((TransformerDecoderLayer) layers.submodule(Integer.toString(i))).forward(x, memory, causal, null, null,
                        srcPadding);
            }
            Module layer = layers.submodule(Integer.toString(last));
            var self = (MultiheadAttention) layer.submodule("self_attn");
            var norm1 = (LayerNorm) layer.submodule("norm1");
            Tensor query;
            if (options.normFirst()) {
                Tensor h = norm1.forward(x);
                query = ((LayerNorm) layer.submodule("norm2")).forward(x.add(self.forward(h, h, h, null, causal, false)
                        .output()));
            } else {
                query = norm1.forward(x.add(self.forward(x, x, x, null, causal, false).output()));
            }
            var cross = (MultiheadAttention) layer.submodule("multihead_attn");
            return cross.forward(query, memory, memory, srcPadding, null, true).weights();
        }
    }

    /** Token embeddings plus positions, then dropout. */
    private Tensor embed(Embedding table, Tensor ids) {
        Tensor x = positions.forward(table.forward(ids));
        return F.dropout(x, options.dropout(), isTraining());
    }
}
