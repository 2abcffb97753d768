package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.nn.functional.Reduction;
import dev.myelin.tensor.Tensor;

/**
 * The multi-class hinge loss Σ_{j≠y} max(0, margin - x_y + x_j)^p / C. PyTorch's {@code
 * nn.MultiMarginLoss}; {@link F#multiMarginLoss} as a function.
 *
 * <pre>{@code
 * Tensor loss = new MultiMarginLoss().forward(scores, labels);   // (N, C) and int64 (N)
 * }</pre>
 */
public final class MultiMarginLoss extends Loss {
    private final int p;
    private final double margin;

    /** p 1, margin 1, no weights, mean. */
    public MultiMarginLoss() {
        this(1, 1.0, null, Reduction.MEAN);
    }

    /**
     * @param p 1 or 2
     * @param weight per class (C), or {@code null}
     */
    public MultiMarginLoss(int p, double margin, Tensor weight, Reduction reduction) {
        super(reduction);
        if (p != 1 && p != 2) {
            throw new IllegalArgumentException("MultiMarginLoss: p must be 1 or 2, got " + p);
        }
        this.p = p;
        this.margin = margin;
        registerBuffer("weight", weight);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return hooked(F.multiMarginLoss(input, target, p, margin, buffer("weight"), reduction()));
    }

    @Override
    protected String extraRepr() {
        return "p=" + p + ", margin=" + margin + (super.extraRepr().isEmpty() ? "" : ", " + super.extraRepr());
    }
}
