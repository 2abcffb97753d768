package dev.myelin.optim;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Fused;
import dev.myelin.tensor.Tensor;
import java.util.List;

/**
 * Adam (Kingma and Ba 2015) with optional AMSGrad and coupled (L2) weight decay: PyTorch's
 * {@code torch.optim.Adam}, same update and state ({@code step}, {@code exp_avg},
 * {@code exp_avg_sq}, {@code max_exp_avg_sq}). For decoupled weight decay use {@link AdamW}.
 *
 * <pre>
 * g ← ∇ + weight_decay·p
 * m ← β1·m + (1 - β1)·g          v ← β2·v + (1 - β2)·g²       (v̂ = max(v̂, v) with AMSGrad)
 * p ← p - lr / (1 - β1ᵗ) · m / (√v / √(1 - β2ᵗ) + eps)
 * </pre>
 *
 * <pre>{@code
 * var opt = new Adam(model.parameters(), 1e-3);
 * var tuned = new Adam(model.parameters(), Adam.options(3e-4).betas(0.9, 0.98).amsgrad(true));
 * }</pre>
 */
public final class Adam extends Optimizer {
    private final boolean amsgrad;

    /**
     * The settings of Adam and AdamW; start from {@link Adam#options(double)} or
     * {@link AdamW#options(double)}.
     *
     * @param amsgrad keep the maximum of the second moments (Reddi et al. 2018)
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {
        /** These options with other moment decay rates, each in [0, 1). */
        public Options betas(double beta1, double beta2) {
            return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad);
        }

        /** These options with another denominator term. */
        public Options eps(double eps) {
            return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad);
        }

        /** These options with another weight decay. */
        public Options weightDecay(double weightDecay) {
            return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad);
        }

        /** These options with or without AMSGrad. */
        public Options amsgrad(boolean amsgrad) {
            return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad);
        }
    }

    /** PyTorch's defaults at learning rate {@code lr}: betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public static Options options(double lr) {
        return new Options(lr, 0.9, 0.999, 1e-8, 0, false);
    }

    /** Adam on {@code params} at learning rate {@code lr} with the default settings. */
    public Adam(Iterable<Tensor> params, double lr) {
        this(single(params), options(lr));
    }

    /** Adam on {@code params} with {@code options}. */
    public Adam(Iterable<Tensor> params, Options options) {
        this(single(params), options);
    }

    /** Adam on parameter groups, which may override the learning rate and weight decay of {@code options}. */
    public Adam(List<ParamGroup> groups, Options options) {
        super(groups, defaults(options));
        this.amsgrad = options.amsgrad();
    }

    static java.util.Map<String, Double> defaults(Options o) {
        return hyperParameters("lr", o.lr(), "beta1", o.beta1(), "beta2", o.beta2(), "eps", o.eps(), "weight_decay",
                o.weightDecay());
    }

    @Override
    protected void update(ParamGroup group, Tensor p, Tensor grad, ParamState state) {
        double weightDecay = group.get("weight_decay");
        adamStep(group, p, weightDecay != 0 ? grad.add(p, weightDecay) : grad, state, amsgrad);
    }

    /** The Adam step that Adam and AdamW share, on a gradient that already includes any coupled decay. */
    static void adamStep(ParamGroup group, Tensor p, Tensor g, ParamState state, boolean amsgrad) {
        double beta1 = group.get("beta1");
        double beta2 = group.get("beta2");
        double step = state.increment("step");
        Tensor m = state.zerosLike("exp_avg", p);
        Tensor v = state.zerosLike("exp_avg_sq", p);
        if (!amsgrad && p.dtype() == DType.FLOAT32 && p.isContiguous() && m.isContiguous() && v.isContiguous()) {
            Fused.adamStep(p, g, m, v, group.lr(), beta1, beta2, group.get("eps"), (long) step);
            return;
        }
        m.mulInPlace(beta1).addInPlace(g, 1 - beta1);
        v.mulInPlace(beta2).addInPlace(g.square().mulInPlace(1 - beta2));
        if (amsgrad) {
            Tensor vMax = state.zerosLike("max_exp_avg_sq", p);
            v = vMax.copyInPlace(vMax.maximum(v));
        }
        double stepSize = group.lr() / (1 - Math.pow(beta1, step));
        Tensor denom = v.sqrt().mulInPlace(1 / Math.sqrt(1 - Math.pow(beta2, step))).add(group.get("eps"));
        p.subInPlace(m.div(denom).mulInPlace(stepSize));
    }
}
