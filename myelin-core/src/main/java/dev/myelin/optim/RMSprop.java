package dev.myelin.optim;

import dev.myelin.tensor.Tensor;
import java.util.List;

/**
 * RMSprop (Hinton's lecture 6e), optionally centred and with momentum: PyTorch's
 * {@code torch.optim.RMSprop}, same update and state ({@code step}, {@code square_avg},
 * {@code momentum_buffer}, {@code grad_avg}).
 *
 * <pre>
 * g ← ∇ + weight_decay·p;   s ← α·s + (1 - α)·g²
 * d = √(s - ḡ²) + eps with ḡ ← α·ḡ + (1 - α)·g if centred, else √s + eps
 * b ← momentum·b + g / d;  p ← p - lr·b       (momentum &gt; 0)
 * p ← p - lr·g / d                            (otherwise)
 * </pre>
 *
 * <pre>{@code
 * var opt = new RMSprop(model.parameters(), RMSprop.options(1e-3).momentum(0.9).centered(true));
 * }</pre>
 */
public final class RMSprop extends Optimizer {
    private final boolean centered;

    /**
     * RMSprop's settings; start from {@link RMSprop#options(double)}.
     *
     * @param alpha the decay of the running mean of squared gradients
     * @param centered normalise by the variance rather than the second moment of the gradient
     */
    public record Options(double lr, double alpha, double eps, double weightDecay, double momentum,
            boolean centered) {
        /** These options with another smoothing constant alpha. */
        public Options alpha(double alpha) {
            return new Options(lr, alpha, eps, weightDecay, momentum, centered);
        }

        /** These options with another denominator term. */
        public Options eps(double eps) {
            return new Options(lr, alpha, eps, weightDecay, momentum, centered);
        }

        /** These options with (L2) weight decay. */
        public Options weightDecay(double weightDecay) {
            return new Options(lr, alpha, eps, weightDecay, momentum, centered);
        }

        /** These options with momentum (0 disables it). */
        public Options momentum(double momentum) {
            return new Options(lr, alpha, eps, weightDecay, momentum, centered);
        }

        /** These options centred or not. */
        public Options centered(boolean centered) {
            return new Options(lr, alpha, eps, weightDecay, momentum, centered);
        }
    }

    /** PyTorch's defaults at learning rate {@code lr}: alpha 0.99, eps 1e-8, no momentum, not centred. */
    public static Options options(double lr) {
        return new Options(lr, 0.99, 1e-8, 0, 0, false);
    }

    /** RMSprop on {@code params} at learning rate {@code lr} with the default settings. */
    public RMSprop(Iterable<Tensor> params, double lr) {
        this(single(params), options(lr));
    }

    /** RMSprop on {@code params} with {@code options}. */
    public RMSprop(Iterable<Tensor> params, Options options) {
        this(single(params), options);
    }

    /** RMSprop on parameter groups, which may override the learning rate and weight decay of {@code options}. */
    public RMSprop(List<ParamGroup> groups, Options o) {
        super(groups, hyperParameters("lr", o.lr(), "alpha", o.alpha(), "eps", o.eps(), "weight_decay",
                o.weightDecay(), "momentum", o.momentum()));
        this.centered = o.centered();
    }

    @Override
    protected void update(ParamGroup group, Tensor p, Tensor grad, ParamState state) {
        double alpha = group.get("alpha");
        double momentum = group.get("momentum");
        double weightDecay = group.get("weight_decay");
        state.increment("step");
        Tensor s = state.zerosLike("square_avg", p);
        Tensor g = weightDecay != 0 ? grad.add(p, weightDecay) : grad;
        s.mulInPlace(alpha).addInPlace(g.square().mulInPlace(1 - alpha));
        Tensor avg;
        if (centered) {
            Tensor gAvg = state.zerosLike("grad_avg", p);
            gAvg.mulInPlace(alpha).addInPlace(g, 1 - alpha);
            avg = s.sub(gAvg.square()).sqrt();
        } else {
            avg = s.sqrt();
        }
        avg = avg.add(group.get("eps"));
        if (momentum > 0) {
            Tensor buf = state.zerosLike("momentum_buffer", p);
            buf.mulInPlace(momentum).addInPlace(g.div(avg));
            p.addInPlace(buf, -group.lr());
        } else {
            p.subInPlace(g.div(avg).mulInPlace(group.lr()));
        }
    }
}
