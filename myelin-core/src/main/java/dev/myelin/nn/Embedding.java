package dev.myelin.nn;

import dev.myelin.autograd.Grad;
import dev.myelin.nn.functional.F;
import dev.myelin.nn.init.Init;
import dev.myelin.tensor.Tensor;

/**
 * A lookup table of vectors: integer indices of any shape (*) give (*, dim). PyTorch's
 * {@code nn.Embedding}. The weight (num, dim) starts N(0, 1); with a padding index, that row
 * starts at zeros and never receives a gradient.
 *
 * <pre>{@code
 * Embedding emb = new Embedding(10_000, 128, 0);     // token 0 is padding
 * Tensor vectors = emb.forward(tokens);              // tokens (B, T) int64 -> (B, T, 128)
 * }</pre>
 */
public final class Embedding extends Module {
    private final int numEmbeddings;
    private final int embeddingDim;
    private final Long paddingIdx;

    /** {@code numEmbeddings} vectors of {@code embeddingDim} values. */
    public Embedding(int numEmbeddings, int embeddingDim) {
        this(numEmbeddings, embeddingDim, null);
    }

    /** As {@link #Embedding(int, int)}, with row {@code paddingIdx} (negative counts from the end) zero and frozen. */
    public Embedding(int numEmbeddings, int embeddingDim, long paddingIdx) {
        this(numEmbeddings, embeddingDim, Long.valueOf(paddingIdx));
    }

    private Embedding(int numEmbeddings, int embeddingDim, Long paddingIdx) {
        Layers.positive("Embedding", "numEmbeddings", numEmbeddings);
        Layers.positive("Embedding", "embeddingDim", embeddingDim);
        if (paddingIdx != null && (paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings)) {
            throw new IllegalArgumentException("Embedding: paddingIdx " + paddingIdx + " is out of range for "
                    + numEmbeddings + " embeddings");
        }
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.paddingIdx = paddingIdx == null ? null : paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
        Tensor weight = Init.normal(Tensor.zeros(numEmbeddings, embeddingDim), 0, 1);
        if (this.paddingIdx != null) {
            try (var off = Grad.off()) {
                weight.select(0, (int) (long) this.paddingIdx).zeroInPlace();
            }
        }
        registerParameter("weight", weight);
    }

    /** The table (num, dim). */
    public Tensor weight() {
        return parameter("weight");
    }

    @Override
    public Tensor forward(Tensor indices) {
        if (!indices.dtype().isIntegral()) {
            throw new IllegalArgumentException(describe() + ": expected integer indices, got " + indices.dtype()
                    + " of shape " + indices.shape());
        }
        return hooked(paddingIdx == null ? F.embedding(indices, weight()) : F.embedding(indices, weight(), paddingIdx));
    }

    @Override
    protected String extraRepr() {
        return numEmbeddings + ", " + embeddingDim + (paddingIdx == null ? "" : ", paddingIdx=" + paddingIdx);
    }
}
