package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.nn.functional.Reduction;
import dev.myelin.tensor.Tensor;

/**
 * The binary hinge (SVM) loss max(0, margin - y·x) for targets y of -1 or 1. {@link F#hingeLoss}
 * as a function.
 *
 * <pre>{@code
 * Tensor loss = new HingeLoss().forward(scores, labels);     // labels -1 or 1
 * }</pre>
 */
public final class HingeLoss extends Loss {
    private final double margin;

    /** Margin 1, mean. */
    public HingeLoss() {
        this(1.0, Reduction.MEAN);
    }

    /** The given margin and reduction. */
    public HingeLoss(double margin, Reduction reduction) {
        super(reduction);
        this.margin = margin;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return hooked(F.hingeLoss(input, target, margin, reduction()));
    }

    @Override
    protected String extraRepr() {
        return "margin=" + margin + (super.extraRepr().isEmpty() ? "" : ", " + super.extraRepr());
    }
}
