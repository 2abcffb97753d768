package dev.myelin.optim;

import dev.myelin.autograd.Grad;
import dev.myelin.tensor.Tensor;

/**
 * Gradient clipping, applied between {@code backward()} and {@code step()}: PyTorch's
 * {@code clip_grad_norm_} and {@code clip_grad_value_}. Both change the gradients in place and
 * skip parameters without a gradient.
 *
 * <pre>{@code
 * loss.backward();
 * double norm = Clip.gradNorm(model.parameters(), 1.0);   // the norm before clipping
 * opt.step();
 * }</pre>
 */
public final class Clip {
    private Clip() {}

    /** {@link #gradNorm(Iterable, double, double)} with the Euclidean norm. */
    public static double gradNorm(Iterable<Tensor> params, double maxNorm) {
        return gradNorm(params, maxNorm, 2);
    }

    /**
     * Scales all gradients together so that their global p-norm (the norm of the per-parameter
     * norms) is at most {@code maxNorm}: each is multiplied by min(1, maxNorm / (norm + 1e-6)).
     *
     * @param normType p, which may be {@code Double.POSITIVE_INFINITY} for the largest magnitude
     * @return the global norm before clipping (may be infinite or NaN if a gradient is)
     */
    public static double gradNorm(Iterable<Tensor> params, double maxNorm, double normType) {
        if (!(maxNorm >= 0)) {
            throw new IllegalArgumentException("Clip.gradNorm: maxNorm must be >= 0, got " + maxNorm);
        }
        if (!(normType > 0)) {
            throw new IllegalArgumentException("Clip.gradNorm: normType must be positive, got " + normType);
        }
        try (var off = Grad.off()) {
            double total = 0;
            int count = 0;
            for (Tensor p : params) {
                if (p.grad() != null) {
                    double n = p.grad().norm(normType, null, false).item();
                    total = Double.isInfinite(normType) ? Math.max(total, n) : total + Math.pow(n, normType);
                    count++;
                }
            }
            if (count == 0) {
                return 0;
            }
            double norm = Double.isInfinite(normType) ? total : Math.pow(total, 1 / normType);
            double coef = Math.min(1, maxNorm / (norm + 1e-6));
            for (Tensor p : params) {
                if (p.grad() != null) {
                    p.grad().mulInPlace(coef);
                }
            }
            return norm;
        }
    }

    /** Limits every gradient element to [-clipValue, clipValue]. */
    public static void gradValue(Iterable<Tensor> params, double clipValue) {
        if (!(clipValue >= 0)) {
            throw new IllegalArgumentException("Clip.gradValue: clipValue must be >= 0, got " + clipValue);
        }
        try (var off = Grad.off()) {
            for (Tensor p : params) {
                Tensor g = p.grad();
                if (g != null) {
                    g.copyInPlace(g.clamp(-clipValue, clipValue));
                }
            }
        }
    }
}
