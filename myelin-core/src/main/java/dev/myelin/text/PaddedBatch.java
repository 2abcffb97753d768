package dev.myelin.text;

import dev.myelin.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Sequences of different lengths as rectangular tensors: token ids, an attention mask, type ids and
 * the lengths, ready for an embedding layer or an imported encoder.
 *
 * <p>Shapes: {@code ids} (B, T) int64, {@code attentionMask} (B, T) int64 with 1 at real tokens and
 * 0 at padding (the {@code attention_mask} of Hugging Face models), {@code typeIds} (B, T) int64
 * (BERT's {@code token_type_ids}), {@code lengths} (B) int64, the real tokens per row. T is set by
 * the {@link Padding}. The tensors are filled straight from the encodings' id arrays.
 *
 * <pre>{@code
 * PaddedBatch b = PaddedBatch.of(tok.encodeBatch(texts), Padding.of(Side.RIGHT, 0).withMaxLength(128));
 * Tensor x = Tensor.embedding(b.ids(), weight);            // (B, T, D)
 * Tensor keyPadding = b.paddingMask();                     // (B, T) bool, true at padding
 * }</pre>
 *
 * @param ids token ids (B, T) int64
 * @param attentionMask 1 at tokens, 0 at padding (B, T) int64
 * @param typeIds segment ids (B, T) int64
 * @param lengths tokens per row after truncation (B) int64
 */
public record PaddedBatch(Tensor ids, Tensor attentionMask, Tensor typeIds, Tensor lengths) {
    /** Checks that no tensor is null. */
    public PaddedBatch {
        Objects.requireNonNull(ids, "PaddedBatch: ids is null");
        Objects.requireNonNull(attentionMask, "PaddedBatch: attentionMask is null");
        Objects.requireNonNull(typeIds, "PaddedBatch: typeIds is null");
        Objects.requireNonNull(lengths, "PaddedBatch: lengths is null");
    }

    /**
     * The encodings padded (and truncated) as {@code padding} says.
     *
     * @throws IllegalArgumentException if the list is empty
     */
    public static PaddedBatch of(List<Encoding> encodings, Padding padding) {
        int[][] ids = new int[encodings.size()][];
        int[][] types = new int[encodings.size()][];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = encodings.get(i).ids;
            types[i] = encodings.get(i).typeIds;
        }
        return pad("PaddedBatch.of", ids, types, padding);
    }

    /**
     * Id sequences padded (and truncated) as {@code padding} says, with type ids 0: for sequences
     * that did not come from a tokenizer, such as generated ids.
     *
     * @throws IllegalArgumentException if the list is empty or an id is negative
     */
    public static PaddedBatch ofIds(List<int[]> sequences, Padding padding) {
        int[][] ids = sequences.toArray(int[][]::new);
        for (int r = 0; r < ids.length; r++) {
            for (int t = 0; t < ids[r].length; t++) {
                if (ids[r][t] < 0) {
                    throw new IllegalArgumentException("PaddedBatch.ofIds: sequence " + r + " has the negative id "
                            + ids[r][t] + " at position " + t);
                }
            }
        }
        return pad("PaddedBatch.ofIds", ids, null, padding);
    }

    private static PaddedBatch pad(String op, int[][] ids, int[][] types, Padding padding) {
        Objects.requireNonNull(padding, op + ": padding is null");
        int b = ids.length;
        if (b == 0) {
            throw new IllegalArgumentException(op + ": expected at least one sequence");
        }
        int[] lengths = new int[b];
        int width = padding.length();
        for (int r = 0; r < b; r++) {
            lengths[r] = padding.maxLength() > 0 ? Math.min(ids[r].length, padding.maxLength()) : ids[r].length;
            width = Math.max(width, lengths[r]);
        }
        width = Math.ceilDiv(width, padding.multipleOf()) * padding.multipleOf();
        long[] outIds = new long[b * width];
        long[] mask = new long[b * width];
        long[] outTypes = new long[b * width];
        long[] outLengths = new long[b];
        Arrays.fill(outIds, padding.padId());
        Arrays.fill(outTypes, padding.padTypeId());
        boolean left = padding.side() == Side.LEFT;
        for (int r = 0; r < b; r++) {
            int n = lengths[r];
            int from = left ? ids[r].length - n : 0;            // truncation cuts on the padding side
            int at = r * width + (left ? width - n : 0);
            for (int t = 0; t < n; t++) {
                outIds[at + t] = ids[r][from + t];
                mask[at + t] = 1;
                outTypes[at + t] = types == null ? 0 : types[r][from + t];
            }
            outLengths[r] = n;
        }
        return new PaddedBatch(Tensor.fromArray(outIds, b, width), Tensor.fromArray(mask, b, width),
                Tensor.fromArray(outTypes, b, width), Tensor.fromArray(outLengths, b));
    }

    /** The number of rows B. */
    public int batchSize() {
        return ids.size(0);
    }

    /** The width T. */
    public int sequenceLength() {
        return ids.size(1);
    }

    /** True at padding, false at tokens (B, T) bool: the {@code key_padding_mask} convention of PyTorch attention. */
    public Tensor paddingMask() {
        return attentionMask.eq(0);
    }
}
