package dev.myelin.text;

import dev.myelin.data.TensorDataset;
import dev.myelin.tensor.Tensor;

/**
 * Language-modelling examples from one long sequence of token ids: windows of {@code seqLen}
 * inputs, each with the same window shifted by one as its targets.
 *
 * <p>Window {@code i} starts at {@code i * stride}: inputs {@code ids[s, s + seqLen)}, targets
 * {@code ids[s + 1, s + seqLen + 1)}. There are {@code (n - seqLen - 1) / stride + 1} windows for
 * {@code n} ids; a tail too short for a full window is dropped. Both tensors are (N, seqLen) int64
 * in a {@link TensorDataset}, ready for a {@link dev.myelin.data.DataLoader}.
 *
 * <pre>{@code
 * CharTokenizer tok = CharTokenizer.fromCorpus(text);
 * TensorDataset data = TextWindows.of(tok.encode(text).ids(), 128);   // x, y (N, 128) int64
 * // y[i][t] = x[i][t + 1]: predict each next character
 * }</pre>
 */
public final class TextWindows {
    private TextWindows() {}

    /** Non-overlapping windows: {@code of(ids, seqLen, seqLen)}. */
    public static TensorDataset of(int[] ids, int seqLen) {
        return of(ids, seqLen, seqLen);
    }

    /**
     * Windows of {@code seqLen} tokens starting every {@code stride} tokens.
     *
     * @throws IllegalArgumentException if seqLen or stride is not positive, or there are fewer than
     *     {@code seqLen + 1} ids
     */
    public static TensorDataset of(int[] ids, int seqLen, int stride) {
        if (seqLen < 1 || stride < 1) {
            throw new IllegalArgumentException("TextWindows.of: seqLen and stride must be >= 1, got " + seqLen
                    + " and " + stride);
        }
        if (ids.length < seqLen + 1) {
            throw new IllegalArgumentException("TextWindows.of: " + ids.length + " ids are too few for one window of "
                    + seqLen + " inputs and its shifted targets (need " + (seqLen + 1) + ")");
        }
        int n = (ids.length - seqLen - 1) / stride + 1;
        int[] starts = new int[n];
        for (int w = 0; w < n; w++) {
            starts[w] = w * stride;
        }
        Tensor[] xy = at(ids, seqLen, starts);
        return new TensorDataset(xy[0], xy[1]);
    }

    /**
     * The windows starting at the given positions (random windows for a training step, say): inputs
     * and targets, each (starts.length, seqLen) int64.
     *
     * @throws IllegalArgumentException if a window with its shifted targets does not fit in the ids
     */
    public static Tensor[] at(int[] ids, int seqLen, int[] starts) {
        long[] x = new long[starts.length * seqLen];
        long[] y = new long[starts.length * seqLen];
        for (int w = 0; w < starts.length; w++) {
            int s = starts[w];
            if (s < 0 || s + seqLen + 1 > ids.length) {
                throw new IllegalArgumentException("TextWindows.at: a window of " + seqLen + " inputs and its targets"
                        + " starting at " + s + " does not fit in " + ids.length + " ids");
            }
            for (int t = 0; t < seqLen; t++) {
                x[w * seqLen + t] = ids[s + t];
                y[w * seqLen + t] = ids[s + t + 1];
            }
        }
        return new Tensor[] {Tensor.fromArray(x, starts.length, seqLen), Tensor.fromArray(y, starts.length, seqLen)};
    }
}
