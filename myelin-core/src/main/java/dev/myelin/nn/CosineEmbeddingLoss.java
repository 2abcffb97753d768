package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.nn.functional.Reduction;
import dev.myelin.tensor.Tensor;

/**
 * Cosine embedding loss of pairs: 1 - cos(x1, x2) for similar pairs (y = 1), max(0, cos - margin)
 * for dissimilar ones (y = -1). PyTorch's {@code nn.CosineEmbeddingLoss};
 * {@link F#cosineEmbeddingLoss} as a function.
 *
 * <pre>{@code
 * Tensor loss = new CosineEmbeddingLoss().forward(a, b, labels);   // (N, D), (N, D), (N) of ±1
 * }</pre>
 */
public final class CosineEmbeddingLoss extends Module {
    private final double margin;
    private final Reduction reduction;

    /** Margin 0, mean. */
    public CosineEmbeddingLoss() {
        this(0.0, Reduction.MEAN);
    }

    /** The given margin (in [-1, 1]; 0 to 0.5 is typical) and reduction. */
    public CosineEmbeddingLoss(double margin, Reduction reduction) {
        if (!(margin >= -1 && margin <= 1)) {
            throw new IllegalArgumentException("CosineEmbeddingLoss: margin must lie in [-1, 1], got " + margin);
        }
        this.margin = margin;
        this.reduction = reduction;
    }

    /** The loss of the pairs (x1, x2) with labels y of 1 or -1. */
    public Tensor forward(Tensor x1, Tensor x2, Tensor y) {
        return hooked(F.cosineEmbeddingLoss(x1, x2, y, margin, reduction));
    }

    @Override
    protected String extraRepr() {
        return "margin=" + margin + ", reduction=" + reduction;
    }
}
