package dev.myelin.models;

import dev.myelin.nn.Dropout;
import dev.myelin.nn.Embedding;
import dev.myelin.nn.LayerNorm;
import dev.myelin.nn.LearnedPositionalEmbedding;
import dev.myelin.nn.Linear;
import dev.myelin.nn.Module;
import dev.myelin.nn.TransformerEncoder;
import dev.myelin.nn.TransformerEncoderLayer;
import dev.myelin.nn.TransformerOptions;
import dev.myelin.tensor.Tensor;

/**
 * A text classifier with a Transformer encoder: token embeddings scaled by √d plus learned
 * position embeddings, pre-LayerNorm encoder layers that ignore padding, the mean of the encoded
 * tokens over each text, and a linear layer.
 *
 * <p>Shapes: ids (B, T) int64, right-padded with id 0, T at most {@code maxLen}, give logits
 * (B, numClasses). The pooled vector is Σ_t m_t·e_t / Σ_t m_t with m_t = 1 at real tokens.
 * Submodules {@code embedding} (padding row 0), {@code positions}, {@code encoder} (with a final
 * layer norm), {@code dropout}, {@code head}.
 *
 * <pre>{@code
 * var model = new TransformerClassifier(tok.vocabSize(), 128, 64, 4, 2, 2,
 *         TransformerOptions.defaults().dimFeedforward(128).dropout(0.1));
 * Tensor logits = model.forward(batch.ids());          // (B, T <= 128) -> (B, 2)
 * }</pre>
 */
public final class TransformerClassifier extends Module {
    private final int maxLen;
    private final double scale;
    private final Embedding embedding;
    private final LearnedPositionalEmbedding positions;
    private final TransformerEncoder encoder;
    private final Dropout dropout;
    private final Linear head;

    /**
     * A classifier of texts of up to {@code maxLen} token ids from a vocabulary of {@code vocabSize}.
     *
     * @param dModel the width of the encoder
     * @param nhead attention heads (dividing dModel)
     * @param numLayers encoder layers
     * @param options the layers' feed-forward width, dropout and activation; they run batch-first and
     *     pre-LayerNorm whatever the options say
     */
    public TransformerClassifier(int vocabSize, int maxLen, int dModel, int nhead, int numLayers, int numClasses,
            TransformerOptions options) {
        this.maxLen = maxLen;
        this.scale = Math.sqrt(dModel);
        TransformerOptions layers = options.batchFirst(true).normFirst(true);
        embedding = register("embedding", new Embedding(vocabSize, dModel, PaddedIds.PAD));
        positions = register("positions", new LearnedPositionalEmbedding(maxLen, dModel));
        encoder = register("encoder", new TransformerEncoder(() -> new TransformerEncoderLayer(dModel, nhead, layers),
                numLayers, new LayerNorm(dModel)));
        dropout = register("dropout", new Dropout(options.dropout()));
        head = register("head", new Linear(dModel, numClasses));
    }

    /**
     * Logits (B, numClasses) of right-padded token ids (B, T).
     *
     * @throws IllegalArgumentException if ids is not (B, T) integers, T exceeds maxLen, a row is all padding or has a
     *     token after padding
     */
    @Override
    public Tensor forward(Tensor ids) {
        PaddedIds.lengths(ids, describe());
        if (ids.size(1) > maxLen) {
            throw new IllegalArgumentException(describe() + ": " + ids.size(1) + " tokens per row, more than maxLen "
                    + maxLen + "; truncate the texts (Padding.withMaxLength)");
        }
        Tensor padding = ids.eq(PaddedIds.PAD);                                   // (B, T) true at padding
        Tensor x = positions.forward(embedding.forward(ids).mul(scale));
        Tensor encoded = encoder.forward(x, null, padding);                       // (B, T, d)
        Tensor real = padding.logicalNot().to(encoded.dtype()).unsqueeze(2);      // (B, T, 1)
        Tensor pooled = encoded.mul(real).sum(1).div(real.sum(1));
        return hooked(head.forward(dropout.forward(pooled)));
    }

    @Override
    protected String extraRepr() {
        return "maxLen=" + maxLen;
    }
}
