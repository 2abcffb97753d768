package dev.myelin.nn;

import dev.myelin.tensor.Tensor;

/**
 * Adds a learned vector per position, as GPT-2 does: an {@link Embedding} of {@code maxLen}
 * positions (parameter {@code embedding.weight}, initialised N(0, 1) like any embedding).
 *
 * <p>Shapes: x (B, T, d) with T at most {@code maxLen}; {@link #forward(Tensor, int)} starts at
 * a position offset, for incremental decoding.
 */
public final class LearnedPositionalEmbedding extends Module {
    private final Embedding embedding;

    /** Positions 0..maxLen-1 of width {@code dModel}. */
    public LearnedPositionalEmbedding(int maxLen, int dModel) {
        embedding = register("embedding", new Embedding(maxLen, dModel));
    }

    @Override
    public Tensor forward(Tensor x) {
        return forward(x, 0);
    }

    /** x plus the embeddings of positions offset..offset+T-1. */
    public Tensor forward(Tensor x, int offset) {
        int steps = x.size(1);
        Tensor table = embedding.parameter("weight");
        if (x.dim() != 3 || x.size(2) != table.size(1) || offset < 0 || offset + steps > table.size(0)) {
            throw new IllegalArgumentException(describe() + ": expected (B, T, " + table.size(1) + ") with offset + T <= "
                    + table.size(0) + ", got " + x.shape() + " at offset " + offset);
        }
        return x.add(table.narrow(0, offset, steps));
    }

    @Override
    protected String extraRepr() {
        Tensor table = embedding.parameter("weight");
        return table.size(0) + ", " + table.size(1);
    }
}
