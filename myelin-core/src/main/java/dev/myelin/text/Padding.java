package dev.myelin.text;

import java.util.Objects;

/**
 * How {@link PaddedBatch} pads sequences of different lengths into one (B, T) tensor, and how it
 * truncates the long ones.
 *
 * <p>Rows are padded on {@code side} with {@code padId} (type id {@code padTypeId}) up to the
 * longest row, or to {@code length} when that is larger; the width is then rounded up to a
 * multiple of {@code multipleOf}. Rows longer than {@code maxLength} lose their tokens on the same
 * side: right padding keeps the start of a text, left padding (for generation) keeps its end. This
 * cut knows nothing of special tokens; a tokenizer's own truncation (as in {@code tokenizer.json})
 * keeps {@code [SEP]} and is the better choice for encoders.
 *
 * <pre>{@code
 * Padding p = Padding.of(Side.RIGHT, 0).withMaxLength(128);   // pad with id 0, cut rows at 128
 * Padding fixed = Padding.of(Side.LEFT, eos).withLength(64);   // always at least 64 wide
 * }</pre>
 *
 * @param side where padding goes and where truncation cuts
 * @param padId the id written into padded positions
 * @param padTypeId the type id of padded positions
 * @param length the smallest width of a batch, 0 for none
 * @param maxLength the largest length of a row, 0 for no truncation
 * @param multipleOf the width is rounded up to a multiple of this (1 for none)
 */
public record Padding(Side side, int padId, int padTypeId, int length, int maxLength, int multipleOf) {
    /** Checks the settings. */
    public Padding {
        Objects.requireNonNull(side, "Padding: side is null");
        if (padId < 0 || padTypeId < 0 || length < 0 || maxLength < 0 || multipleOf < 1) {
            throw new IllegalArgumentException("Padding: expected padId, padTypeId, length and maxLength >= 0 and"
                    + " multipleOf >= 1, got " + padId + ", " + padTypeId + ", " + length + ", " + maxLength + ", "
                    + multipleOf);
        }
    }

    /** Padding on {@code side} with {@code padId} to the longest row, no truncation. */
    public static Padding of(Side side, int padId) {
        return new Padding(side, padId, 0, 0, 0, 1);
    }

    /** These settings, padding every batch to at least {@code length} (Hugging Face's fixed padding). */
    public Padding withLength(int length) {
        return new Padding(side, padId, padTypeId, length, maxLength, multipleOf);
    }

    /** These settings, truncating rows to {@code maxLength} tokens (0: no truncation). */
    public Padding withMaxLength(int maxLength) {
        return new Padding(side, padId, padTypeId, length, maxLength, multipleOf);
    }

    /** These settings, rounding the width up to a multiple of {@code multipleOf}. */
    public Padding withMultipleOf(int multipleOf) {
        return new Padding(side, padId, padTypeId, length, maxLength, multipleOf);
    }

    /** These settings, with {@code padTypeId} in padded positions of the type ids. */
    public Padding withPadTypeId(int padTypeId) {
        return new Padding(side, padId, padTypeId, length, maxLength, multipleOf);
    }
}
