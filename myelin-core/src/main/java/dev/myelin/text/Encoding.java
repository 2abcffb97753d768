package dev.myelin.text;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One text after tokenization: token ids, the tokens themselves, where each token came from in the
 * text, its segment (type) id and whether it is a special token.
 *
 * <p>Offsets are UTF-16 indices into the original string, {@code [start(i), end(i))}; tokens that
 * were added rather than read from the text ({@code [CLS]}, {@code [SEP]}) have the empty range
 * (0, 0). An encoding is immutable: the constructor copies its arrays and the accessors return
 * copies. Batches of encodings become tensors through {@link PaddedBatch}.
 *
 * <pre>{@code
 * Encoding e = tokenizer.encode("Hello, world!");
 * e.ids();            // [101, 7592, 1010, 2088, 999, 102]
 * e.tokens();         // [[CLS], hello, ",", world, !, [SEP]]
 * e.start(1);         // 0: "hello" is text.substring(e.start(1), e.end(1)), before lowercasing
 * }</pre>
 */
public final class Encoding {
    final int[] ids;
    final String[] tokens;
    final int[] offsets;        // start, end per token
    final int[] typeIds;
    final boolean[] special;

    /**
     * An encoding of {@code ids.length} tokens.
     *
     * @param ids the token ids
     * @param tokens the tokens, one per id
     * @param offsets {@code 2 * ids.length} numbers: the start and end of each token in the text
     * @param typeIds the segment id of each token (0 for a single text)
     * @param special whether each token is a special token
     * @throws IllegalArgumentException if the lengths disagree or an offset range is invalid
     */
    public Encoding(int[] ids, List<String> tokens, int[] offsets, int[] typeIds, boolean[] special) {
        int n = ids.length;
        if (tokens.size() != n || offsets.length != 2 * n || typeIds.length != n || special.length != n) {
            throw new IllegalArgumentException("Encoding: expected " + n + " tokens, " + 2 * n + " offsets, " + n
                    + " type ids and " + n + " special flags for " + n + " ids, got " + tokens.size() + ", "
                    + offsets.length + ", " + typeIds.length + " and " + special.length);
        }
        for (int i = 0; i < n; i++) {
            if (offsets[2 * i] < 0 || offsets[2 * i + 1] < offsets[2 * i]) {
                throw new IllegalArgumentException("Encoding: token " + i + " has the invalid offsets ["
                        + offsets[2 * i] + ", " + offsets[2 * i + 1] + ")");
            }
        }
        this.ids = ids.clone();
        this.tokens = tokens.toArray(String[]::new);
        this.offsets = offsets.clone();
        this.typeIds = typeIds.clone();
        this.special = special.clone();
    }

    /** The number of tokens. */
    public int length() {
        return ids.length;
    }

    /** The token ids. */
    public int[] ids() {
        return ids.clone();
    }

    /** The id of token {@code i}. */
    public int id(int i) {
        return ids[i];
    }

    /** The tokens (vocabulary entries such as {@code "##ing"} or {@code "Ġthe"}), one per id. */
    public List<String> tokens() {
        return List.of(tokens);
    }

    /** Where token {@code i} starts in the original text (a UTF-16 index). */
    public int start(int i) {
        return offsets[2 * Objects.checkIndex(i, ids.length)];
    }

    /** Where token {@code i} ends in the original text (exclusive). */
    public int end(int i) {
        return offsets[2 * Objects.checkIndex(i, ids.length) + 1];
    }

    /** The segment id of each token: 0 for the first text, 1 for the second of a pair. */
    public int[] typeIds() {
        return typeIds.clone();
    }

    /** Whether each token is special (added by the tokenizer, such as {@code [CLS]}, or a special token in the text). */
    public boolean[] specialTokensMask() {
        return special.clone();
    }

    /**
     * At most {@code maxLength} tokens, cutting from {@code side}: {@link Side#RIGHT} keeps the
     * first tokens, {@link Side#LEFT} the last. Returns this encoding when it is short enough.
     */
    public Encoding truncate(int maxLength, Side side) {
        if (maxLength < 0) {
            throw new IllegalArgumentException("Encoding.truncate: maxLength must be >= 0, got " + maxLength);
        }
        if (maxLength >= ids.length) {
            return this;
        }
        int from = side == Side.LEFT ? ids.length - maxLength : 0;
        int to = from + maxLength;
        return new Encoding(Arrays.copyOfRange(ids, from, to), Arrays.asList(tokens).subList(from, to),
                Arrays.copyOfRange(offsets, 2 * from, 2 * to), Arrays.copyOfRange(typeIds, from, to),
                Arrays.copyOfRange(special, from, to));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Encoding e && Arrays.equals(ids, e.ids) && Arrays.equals(tokens, e.tokens)
                && Arrays.equals(offsets, e.offsets) && Arrays.equals(typeIds, e.typeIds)
                && Arrays.equals(special, e.special);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ids) * 31 + Arrays.hashCode(tokens);
    }

    @Override
    public String toString() {
        return "Encoding(ids=" + Arrays.toString(ids) + ", tokens=" + Arrays.toString(tokens) + ")";
    }
}
