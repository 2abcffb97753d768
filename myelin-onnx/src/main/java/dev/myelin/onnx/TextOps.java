package dev.myelin.onnx;

import static dev.myelin.onnx.OpSupport.one;
import static dev.myelin.onnx.OpSupport.t;

import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * TfIdfVectorizer over integer token ids: counts of the pool's n-grams (with skips) per row, as
 * term frequencies, inverse-document-frequency weights or both. String pools need string
 * tensors, which Myelin does not have.
 */
final class TextOps {
    private TextOps() {}

    static void register(OpSupport.Registry r) {
        r.add("TfIdfVectorizer", node -> {
            long[] pool = node.ints("pool_int64s");
            if (pool == null) {
                throw new UnsupportedOperationException(node.describe() + ": string pools are not supported"
                        + " (Myelin has no string tensors)");
            }
            int minGram = (int) node.i("min_gram_length");
            int maxGram = (int) node.i("max_gram_length");
            int maxSkip = (int) node.i("max_skip_count");
            String mode = node.s("mode", "TF");
            long[] counts = node.ints("ngram_counts");
            long[] indexes = node.ints("ngram_indexes");
            float[] weights = node.floats("weights");
            int outputSize = (int) Arrays.stream(indexes).max().orElse(-1) + 1;
            // Each populated n-gram (a size in [min, max]) maps to its output column; its prefixes are kept to stop early.
            Map<List<Long>, Integer> grams = new HashMap<>();
            Set<List<Long>> prefixes = new HashSet<>();
            int id = 0;
            for (int i = 0; i < counts.length; i++) {
                int size = i + 1;
                int start = (int) counts[i];
                int end = i + 1 < counts.length ? (int) counts[i + 1] : pool.length;
                for (int g = start; g + size <= end; g += size) {
                    List<Long> gram = new ArrayList<>();
                    for (int k = 0; k < size; k++) {
                        gram.add(pool[g + k]);
                    }
                    if (size >= minGram && size <= maxGram) {
                        grams.put(gram, (int) indexes[id]);
                        for (int k = 1; k <= size; k++) {
                            prefixes.add(List.copyOf(gram.subList(0, k)));
                        }
                    }
                    id++;
                }
            }
            return in -> {
                Tensor x = t(in[0]);
                int rows = x.dim() == 2 ? x.size(0) : 1;
                int cols = x.dim() == 0 ? 1 : x.size(-1);
                long[] v = x.toLongArray();
                double[] out = new double[rows * outputSize];
                for (int row = 0; row < rows; row++) {
                    count(v, row * cols, cols, minGram, maxGram, maxSkip, grams, prefixes, out, row * outputSize);
                }
                for (int i = 0; i < out.length; i++) {
                    double w = weights == null ? 1 : weights[i % outputSize];
                    out[i] = switch (mode) {
                        case "IDF" -> out[i] > 0 ? w : 0;
                        case "TFIDF" -> out[i] * w;
                        default -> out[i];
                    };
                }
                Tensor y = Tensor.fromArray(out, rows, outputSize);
                return one((x.dim() == 2 ? y : y.reshape(outputSize)).to(dev.myelin.tensor.DType.FLOAT32));
            };
        });
    }

    /** Adds one row's n-gram counts: unigrams once, longer grams once per skip distance. */
    private static void count(long[] v, int from, int length, int minGram, int maxGram, int maxSkip,
            Map<List<Long>, Integer> grams, Set<List<Long>> prefixes, double[] out, int outAt) {
        int startSize = minGram;
        for (int skip = 1; skip <= maxSkip + 1; skip++) {
            for (int start = 0; start < length; start++) {
                if (start + skip * (startSize - 1) >= length) {
                    break;
                }
                List<Long> gram = new ArrayList<>();
                for (int item = start; gram.size() < maxGram && item < length; item += skip) {
                    gram.add(v[from + item]);
                    if (!prefixes.contains(gram)) {
                        break;
                    }
                    Integer column = grams.get(gram);
                    if (gram.size() >= startSize && column != null) {
                        out[outAt + column]++;
                    }
                }
            }
            if (startSize == 1) {
                startSize++;
                if (startSize > maxGram) {
                    break;
                }
            }
        }
    }
}
