package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.nn.functional.Reduction;
import dev.myelin.tensor.Tensor;

/**
 * Triplet margin loss max(0, margin + d(a, p) - d(a, n)): pulls the anchor towards the positive
 * and away from the negative (Schroff et al. 2015). PyTorch's {@code nn.TripletMarginLoss};
 * {@link F#tripletMarginLoss} as a function.
 *
 * <pre>{@code
 * Tensor loss = new TripletMarginLoss().forward(anchor, positive, negative);   // each (N, D)
 * }</pre>
 */
public final class TripletMarginLoss extends Module {
    private final double margin;
    private final double p;
    private final double eps;
    private final boolean swap;
    private final Reduction reduction;

    /** Margin 1, Euclidean distance, eps 1e-6, no swap, mean. */
    public TripletMarginLoss() {
        this(1.0, 2.0, 1e-6, false, Reduction.MEAN);
    }

    /**
     * @param p the norm of the distance (2 is Euclidean)
     * @param eps added to differences before the norm
     * @param swap use the smaller of d(a, n) and d(p, n) as the negative distance
     */
    public TripletMarginLoss(double margin, double p, double eps, boolean swap, Reduction reduction) {
        if (!(margin > 0)) {
            throw new IllegalArgumentException("TripletMarginLoss: margin must be positive, got " + margin);
        }
        if (!(p > 0)) {
            throw new IllegalArgumentException("TripletMarginLoss: p must be positive, got " + p);
        }
        this.margin = margin;
        this.p = p;
        this.eps = eps;
        this.swap = swap;
        this.reduction = reduction;
    }

    /** The loss of triplets (anchor, positive, negative), each (N, D) or (D). */
    public Tensor forward(Tensor anchor, Tensor positive, Tensor negative) {
        return hooked(F.tripletMarginLoss(anchor, positive, negative, margin, p, eps, swap, reduction));
    }

    @Override
    protected String extraRepr() {
        return "margin=" + margin + ", p=" + p + ", swap=" + swap + ", reduction=" + reduction;
    }
}
