package dev.myelin.models;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Tensor;

/** Checks of token-id inputs (B, T), with messages that name the model, the shape and the bad id. */
final class TokenIds {
    private TokenIds() {}

    /**
     * Checks that {@code ids} is (B, T) of an integer type with every id in [0, vocab).
     *
     * @param what the model and input, for messages: "Gpt", "Seq2SeqTransformer: src"
     */
    static void check(String what, Tensor ids, int vocab) {
        if (ids.dim() != 2 || ids.dtype().isFloatingPoint() || ids.dtype() == DType.BOOL) {
            throw new IllegalArgumentException(what + ": expected token ids (B, T) of an integer type, got shape "
                    + ids.shape() + " " + ids.dtype());
        }
        long[] values = ids.toLongArray();
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] >= vocab) {
                throw new IllegalArgumentException(what + ": token id " + values[i] + " at (" + i / ids.size(1) + ", "
                        + i % ids.size(1) + ") is outside the vocabulary [0, " + vocab + ")");
            }
        }
    }
}
