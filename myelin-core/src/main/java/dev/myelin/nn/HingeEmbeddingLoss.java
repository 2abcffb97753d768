package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.nn.functional.Reduction;
import dev.myelin.tensor.Tensor;

/**
 * x where y = 1, max(0, margin - x) where y = -1. PyTorch's {@code nn.HingeEmbeddingLoss}; {@link
 * F#hingeEmbeddingLoss} as a function.
 *
 * <pre>{@code
 * Tensor loss = new HingeEmbeddingLoss().forward(distances, labels);
 * }</pre>
 */
public final class HingeEmbeddingLoss extends Loss {
    private final double margin;

    /** Margin 1, mean. */
    public HingeEmbeddingLoss() {
        this(1.0, Reduction.MEAN);
    }

    /** The given margin and reduction. */
    public HingeEmbeddingLoss(double margin, Reduction reduction) {
        super(reduction);
        this.margin = margin;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return hooked(F.hingeEmbeddingLoss(input, target, margin, reduction()));
    }

    @Override
    protected String extraRepr() {
        return "margin=" + margin + (super.extraRepr().isEmpty() ? "" : ", " + super.extraRepr());
    }
}
