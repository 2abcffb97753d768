package dev.myelin.text;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Tensor;
import java.util.Arrays;

/**
 * Picks the next token from a language model's logits: greedy, or sampled with temperature, top-k
 * and top-p (nucleus) filtering, in that order, as Hugging Face's {@code generate} does.
 *
 * <p>With temperature T, top-k k and top-p p, the logits {@code z} of one row become
 * {@code z / T}; then every logit below the k-th largest is removed (ties with it stay); then, of
 * the remaining softmax probabilities, the smallest set of largest ones whose sum reaches p is kept
 * (ties with its smallest member stay). A token is drawn from the softmax of what remains, with one
 * uniform number per row from the {@link Generator}, so a seed fixes the result. Temperature 0 is
 * greedy decoding: the argmax, first index on ties. k = 0 and p = 1 switch their filters off.
 *
 * <p>Logits are (V) or (B, V), any floating type; {@code -inf} entries (banned tokens) are never
 * drawn. NaN logits, or a row with no finite logit, are rejected.
 *
 * <pre>{@code
 * TokenSampler sampler = TokenSampler.of(0.8).withTopK(50).withTopP(0.95);
 * Generator g = new Generator(42);
 * Tensor next = sampler.sample(logits, g);            // logits (B, V) -> ids (B) int64
 * Tensor argmax = TokenSampler.greedy().sample(logits, g);
 * }</pre>
 *
 * @param temperature divides the logits; 0 for greedy decoding
 * @param topK keeps the k most likely tokens; 0 keeps all
 * @param topP keeps the smallest set of most likely tokens whose probability reaches p; 1 keeps all
 */
public record TokenSampler(double temperature, int topK, double topP) {
    /** Checks the settings. */
    public TokenSampler {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("TokenSampler: temperature must be finite and >= 0 (0 is greedy), got "
                    + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("TokenSampler: topK must be >= 0 (0 keeps every token), got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("TokenSampler: topP must be in (0, 1] (1 keeps every token), got " + topP);
        }
    }

    /** Greedy decoding: always the most likely token. */
    public static TokenSampler greedy() {
        return new TokenSampler(0, 0, 1);
    }

    /** Sampling from the softmax of {@code logits / temperature}, with no filtering. */
    public static TokenSampler of(double temperature) {
        return new TokenSampler(temperature, 0, 1);
    }

    /** These settings with top-k filtering. */
    public TokenSampler withTopK(int k) {
        return new TokenSampler(temperature, k, topP);
    }

    /** These settings with top-p (nucleus) filtering. */
    public TokenSampler withTopP(double p) {
        return new TokenSampler(temperature, topK, p);
    }

    /** Whether this sampler is greedy (temperature 0). */
    public boolean isGreedy() {
        return temperature == 0;
    }

    /**
     * The next token of each row: ids (B) int64 for logits (B, V), a 0-dim int64 tensor for (V).
     *
     * @throws IllegalArgumentException for logits that are not 1-d or 2-d floating point, contain
     *     NaN, or have a row with no finite value
     */
    public Tensor sample(Tensor logits, Generator generator) {
        int v = checkLogits("sample", logits);
        double[] z = logits.toDoubleArray();
        int rows = z.length / v;
        long[] out = new long[rows];
        double[] row = new double[v];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(z, r * v, row, 0, v);
            if (isGreedy()) {
                out[r] = argmax(row);
            } else {
                filter(row);
                out[r] = draw(row, generator.nextDouble());
            }
        }
        return logits.dim() == 1 ? Tensor.scalar(out[0], DType.INT64) : Tensor.fromArray(out, rows);
    }

    /**
     * The logits after temperature, top-k and top-p, with removed tokens at {@code -inf}, in the
     * dtype and shape of {@code logits}: Hugging Face's logits warpers. For a greedy sampler, every
     * token but the argmax is removed.
     */
    public Tensor warp(Tensor logits) {
        int v = checkLogits("warp", logits);
        double[] z = logits.toDoubleArray();
        double[] row = new double[v];
        for (int r = 0; r < z.length / v; r++) {
            System.arraycopy(z, r * v, row, 0, v);
            if (isGreedy()) {
                int best = argmax(row);
                Arrays.fill(row, Double.NEGATIVE_INFINITY);
                row[best] = 0;
            } else {
                filter(row);
            }
            System.arraycopy(row, 0, z, r * v, v);
        }
        return Tensor.fromArray(z, logits.shape().toArray()).to(logits.dtype());
    }

    /** The probabilities a token is drawn with: the softmax of {@link #warp}, shape and dtype of {@code logits}. */
    public Tensor probabilities(Tensor logits) {
        return warp(logits).softmax(-1);
    }

    private static int checkLogits(String op, Tensor logits) {
        if ((logits.dim() != 1 && logits.dim() != 2) || !logits.dtype().isFloatingPoint() || logits.numel() == 0) {
            throw new IllegalArgumentException("TokenSampler." + op + ": expected non-empty floating-point logits (V)"
                    + " or (B, V), got shape " + logits.shape() + " " + logits.dtype());
        }
        return logits.size(-1);
    }

    /** Applies temperature, top-k and top-p to one row in place, removed entries to -inf. */
    private void filter(double[] row) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < row.length; i++) {
            if (Double.isNaN(row[i])) {
                throw new IllegalArgumentException("TokenSampler: the logits contain NaN at index " + i);
            }
            row[i] /= temperature;
            max = Math.max(max, row[i]);
        }
        if (max == Double.NEGATIVE_INFINITY || max == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("TokenSampler: a row of logits has no finite maximum (all -inf, or +inf)");
        }
        if (topK > 0 && topK < row.length) {
            double[] sorted = row.clone();
            Arrays.sort(sorted);
            removeBelow(row, sorted[row.length - topK]);
        }
        if (topP < 1) {
            double[] p = new double[row.length];
            double sum = 0;
            for (int i = 0; i < row.length; i++) {
                p[i] = Math.exp(row[i] - max);
                sum += p[i];
            }
            double[] sorted = p.clone();
            Arrays.sort(sorted);
            double mass = 0;
            double threshold = sorted[sorted.length - 1];
            for (int i = sorted.length - 1; i >= 0 && mass < topP * sum; i--) {
                mass += sorted[i];
                threshold = sorted[i];
            }
            for (int i = 0; i < row.length; i++) {
                if (p[i] < threshold) {
                    row[i] = Double.NEGATIVE_INFINITY;
                }
            }
        }
    }

    private static void removeBelow(double[] row, double threshold) {
        for (int i = 0; i < row.length; i++) {
            if (row[i] < threshold) {
                row[i] = Double.NEGATIVE_INFINITY;
            }
        }
    }

    private static int argmax(double[] row) {
        int best = -1;
        for (int i = 0; i < row.length; i++) {
            if (Double.isNaN(row[i])) {
                throw new IllegalArgumentException("TokenSampler: the logits contain NaN at index " + i);
            }
            if (best < 0 || row[i] > row[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Inverse-CDF draw from softmax(row) with the uniform number u in [0, 1). */
    private static int draw(double[] row, double u) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : row) {
            max = Math.max(max, x);
        }
        double sum = 0;
        for (int i = 0; i < row.length; i++) {
            row[i] = Math.exp(row[i] - max);
            sum += row[i];
        }
        double target = u * sum;
        double acc = 0;
        int last = -1;
        for (int i = 0; i < row.length; i++) {
            if (row[i] > 0) {
                acc += row[i];
                last = i;
                if (target < acc) {
                    return i;
                }
            }
        }
        return last;   // rounding: u * sum landed past the accumulated total
    }
}
