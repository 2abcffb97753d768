package dev.myelin.models;

import dev.myelin.tensor.Tensor;

/** Checks of right-padded token ids (B, T), shared by the text classifiers: padding is id {@value #PAD}. */
final class PaddedIds {
    /** The padding id: {@code <pad>} of {@link dev.myelin.text.WordTokenizer}'s vocabularies and BERT's {@code [PAD]}. */
    static final int PAD = 0;

    private PaddedIds() {}

    /**
     * The number of real tokens of each row (B) int64, after checking that ids is a (B, T) integer tensor whose rows
     * each hold at least one token and are padded on the right only.
     *
     * @param who the module, for error messages
     */
    static Tensor lengths(Tensor ids, String who) {
        if (ids.dim() != 2 || !ids.dtype().isIntegral() || ids.size(1) == 0) {
            throw new IllegalArgumentException(who + ": expected token ids (B, T) of an integer type with T >= 1, got "
                    + ids.dtype() + " " + ids.shape());
        }
        int steps = ids.size(1);
        long[] values = ids.contiguous().toLongArray();
        long[] lengths = new long[ids.size(0)];
        for (int b = 0; b < lengths.length; b++) {
            int length = 0;
            while (length < steps && values[b * steps + length] != PAD) {
                length++;
            }
            for (int t = length; t < steps; t++) {
                if (values[b * steps + t] != PAD) {
                    throw new IllegalArgumentException(who + ": row " + b + " has a token after padding (id " + PAD
                            + " at position " + length + "); pad on the right");
                }
            }
            if (length == 0) {
                throw new IllegalArgumentException(who + ": row " + b + " is all padding; every text needs a token");
            }
            lengths[b] = length;
        }
        return Tensor.fromArray(lengths, lengths.length);
    }
}
