package dev.myelin.optim;

import dev.myelin.tensor.Tensor;
import java.util.List;

/**
 * Adadelta (Zeiler 2012): steps scaled by the ratio of running RMS of past updates and of
 * gradients. PyTorch's {@code torch.optim.Adadelta}, same update and state ({@code step},
 * {@code square_avg}, {@code acc_delta}).
 *
 * <pre>
 * g ← ∇ + weight_decay·p;   s ← ρ·s + (1 - ρ)·g²
 * Δ = √(a + eps) / √(s + eps) · g;   a ← ρ·a + (1 - ρ)·Δ²;   p ← p - lr·Δ
 * </pre>
 *
 * <pre>{@code
 * var opt = new Adadelta(model.parameters(), 1.0);
 * }</pre>
 */
public final class Adadelta extends Optimizer {
    /** Adadelta's settings; start from {@link Adadelta#options(double)}. */
    public record Options(double lr, double rho, double eps, double weightDecay) {
        /** These options with another decay rho in [0, 1]. */
        public Options rho(double rho) {
            return new Options(lr, rho, eps, weightDecay);
        }

        /** These options with another eps. */
        public Options eps(double eps) {
            return new Options(lr, rho, eps, weightDecay);
        }

        /** These options with (L2) weight decay. */
        public Options weightDecay(double weightDecay) {
            return new Options(lr, rho, eps, weightDecay);
        }
    }

    /** PyTorch's defaults at learning rate {@code lr} (PyTorch's default lr is 1): rho 0.9, eps 1e-6. */
    public static Options options(double lr) {
        return new Options(lr, 0.9, 1e-6, 0);
    }

    /** Adadelta on {@code params} at learning rate {@code lr} with the default settings. */
    public Adadelta(Iterable<Tensor> params, double lr) {
        this(single(params), options(lr));
    }

    /** Adadelta on {@code params} with {@code options}. */
    public Adadelta(Iterable<Tensor> params, Options options) {
        this(single(params), options);
    }

    /** Adadelta on parameter groups, which may override the learning rate and weight decay of {@code options}. */
    public Adadelta(List<ParamGroup> groups, Options o) {
        super(groups, hyperParameters("lr", o.lr(), "rho", o.rho(), "eps", o.eps(), "weight_decay", o.weightDecay()));
    }

    @Override
    protected void update(ParamGroup group, Tensor p, Tensor grad, ParamState state) {
        double rho = group.get("rho");
        double eps = group.get("eps");
        double weightDecay = group.get("weight_decay");
        state.increment("step");
        Tensor s = state.zerosLike("square_avg", p);
        Tensor acc = state.zerosLike("acc_delta", p);
        Tensor g = weightDecay != 0 ? grad.add(p, weightDecay) : grad;
        s.mulInPlace(rho).addInPlace(g.square().mulInPlace(1 - rho));
        Tensor delta = acc.add(eps).sqrt().div(s.add(eps).sqrt()).mulInPlace(g);
        acc.mulInPlace(rho).addInPlace(delta.square().mulInPlace(1 - rho));
        p.addInPlace(delta, -group.lr());
    }
}
