package dev.myelin.onnx;

import dev.myelin.autograd.Grad;
import dev.myelin.nn.Dropout;
import dev.myelin.nn.Linear;
import dev.myelin.nn.Module;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A text classifier on the pretrained MiniLM: the imported network as the backbone, the mean of
 * its last hidden states over the real tokens (the sentence embedding before normalisation), and
 * a new linear head. Freeze the backbone ({@code backbone().freeze()}) to train the head alone, or
 * fine-tune it all.
 *
 * <p>Shapes: word-piece ids (B, T) int64 as {@link #encode} makes them ([CLS] ... [SEP], right-padded
 * with [PAD] = 0) give logits (B, numClasses); {@link #pooled} gives the features (B, 384).
 * Submodules {@code backbone} (the {@link OnnxModel}), {@code dropout}, {@code head}.
 *
 * <pre>{@code
 * MiniLm minilm = MiniLm.load();
 * var model = new MiniLmClassifier(minilm, 2, 0.1);
 * Tensor ids = MiniLmClassifier.encode(minilm, texts, 64);       // (B, 64)
 * Tensor logits = model.forward(ids);                             // (B, 2)
 * }</pre>
 */
public final class MiniLmClassifier extends Module {
    private final MiniLm minilm;
    private final Dropout dropout;
    private final Linear head;

    /** A new head of {@code numClasses} outputs on {@code minilm}, with dropout on the pooled features. */
    public MiniLmClassifier(MiniLm minilm, int numClasses, double dropout) {
        this.minilm = minilm;
        register("backbone", minilm.model());
        this.dropout = register("dropout", new Dropout(dropout));
        head = register("head", new Linear(MiniLm.DIM, numClasses));
    }

    /** The imported network. */
    public OnnxModel backbone() {
        return minilm.model();
    }

    /**
     * Logits (B, numClasses) of word-piece ids (B, T).
     *
     * @throws IllegalArgumentException if ids is not a (B, T) integer tensor
     */
    @Override
    public Tensor forward(Tensor ids) {
        return hooked(head.forward(dropout.forward(pooled(ids))));
    }

    /**
     * The mean of the backbone's last hidden states over the real tokens of ids (B, T): (B, 384).
     *
     * @throws IllegalArgumentException if ids is not a (B, T) integer tensor
     */
    public Tensor pooled(Tensor ids) {
        if (ids.dim() != 2 || !ids.dtype().isIntegral()) {
            throw new IllegalArgumentException(describe() + ": expected word-piece ids (B, T) of an integer type, got "
                    + ids.dtype() + " " + ids.shape());
        }
        Tensor mask = ids.ne(0).to(DType.INT64);
        return MiniLm.meanPool(minilm.hidden(ids.to(DType.INT64), mask), mask);
    }

    /** The pooled features (N, 384) of ids (N, T), {@code batchSize} rows at a time, without recording gradients. */
    public Tensor pooledFeatures(Tensor ids, int batchSize) {
        boolean training = isTraining();
        eval();
        List<Tensor> parts = new ArrayList<>();
        try (var off = Grad.off()) {
            for (int start = 0; start < ids.size(0); start += batchSize) {
                parts.add(pooled(ids.narrow(0, start, Math.min(batchSize, ids.size(0) - start))));
            }
        } finally {
            train(training);
        }
        return Tensor.cat(parts, 0);
    }

    /**
     * The texts as word-piece ids (N, maxTokens) int64: [CLS], the first word pieces, [SEP], then [PAD] = 0.
     *
     * @throws IllegalArgumentException if maxTokens is below 3
     */
    public static Tensor encode(MiniLm minilm, List<String> texts, int maxTokens) {
        if (maxTokens < 3) {
            throw new IllegalArgumentException("MiniLmClassifier.encode: maxTokens must be >= 3 ([CLS], a word piece,"
                    + " [SEP]), got " + maxTokens);
        }
        long[] ids = new long[texts.size() * maxTokens];
        for (int i = 0; i < texts.size(); i++) {
            int[] pieces = minilm.tokenize(texts.get(i));
            int n = Math.min(pieces.length, maxTokens);
            for (int t = 0; t < n; t++) {
                ids[i * maxTokens + t] = pieces[t];
            }
            ids[i * maxTokens + n - 1] = pieces[pieces.length - 1];     // keep [SEP] at the end of a cut text
        }
        return Tensor.fromArray(ids, texts.size(), maxTokens);
    }

    @Override
    protected String extraRepr() {
        return "numClasses=" + head.weight().size(0);
    }
}
