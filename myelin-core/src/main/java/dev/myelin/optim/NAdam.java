package dev.myelin.optim;

import dev.myelin.tensor.Tensor;
import java.util.List;

/**
 * Adam with Nesterov momentum (Dozat 2016): PyTorch's {@code torch.optim.NAdam}, with the
 * momentum schedule μ_t = β1·(1 - 0.5·0.96^(t·momentum_decay)) and state {@code step},
 * {@code mu_product}, {@code exp_avg}, {@code exp_avg_sq}.
 *
 * <pre>
 * g ← ∇ + weight_decay·p;   m ← β1·m + (1 - β1)·g;   v ← β2·v + (1 - β2)·g²
 * d = √(v / (1 - β2ᵗ)) + eps
 * p ← p - lr·(1 - μ_t) / (1 - ∏_{i≤t} μ_i) · g / d - lr·μ_{t+1} / (1 - ∏_{i≤t+1} μ_i) · m / d
 * </pre>
 *
 * <p>This is the update of PyTorch 2.0 and later; PyTorch 1.13 multiplied one μ_t too many into
 * the second denominator (fixed in pytorch/pytorch#92699).
 *
 * <pre>{@code
 * var opt = new NAdam(model.parameters(), 2e-3);
 * }</pre>
 */
public final class NAdam extends Optimizer {
    /** NAdam's settings; start from {@link NAdam#options(double)}. */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay,
            double momentumDecay) {
        /** These options with other moment decay rates, each in [0, 1). */
        public Options betas(double beta1, double beta2) {
            return new Options(lr, beta1, beta2, eps, weightDecay, momentumDecay);
        }

        /** These options with another denominator term. */
        public Options eps(double eps) {
            return new Options(lr, beta1, beta2, eps, weightDecay, momentumDecay);
        }

        /** These options with (L2) weight decay. */
        public Options weightDecay(double weightDecay) {
            return new Options(lr, beta1, beta2, eps, weightDecay, momentumDecay);
        }

        /** These options with another momentum decay (PyTorch's default 0.004). */
        public Options momentumDecay(double momentumDecay) {
            return new Options(lr, beta1, beta2, eps, weightDecay, momentumDecay);
        }
    }

    /** PyTorch's defaults at learning rate {@code lr}: betas (0.9, 0.999), eps 1e-8, momentum decay 0.004. */
    public static Options options(double lr) {
        return new Options(lr, 0.9, 0.999, 1e-8, 0, 4e-3);
    }

    /** NAdam on {@code params} at learning rate {@code lr} with the default settings. */
    public NAdam(Iterable<Tensor> params, double lr) {
        this(single(params), options(lr));
    }

    /** NAdam on {@code params} with {@code options}. */
    public NAdam(Iterable<Tensor> params, Options options) {
        this(single(params), options);
    }

    /** NAdam on parameter groups, which may override the learning rate and weight decay of {@code options}. */
    public NAdam(List<ParamGroup> groups, Options o) {
        super(groups, hyperParameters("lr", o.lr(), "beta1", o.beta1(), "beta2", o.beta2(), "eps", o.eps(),
                "weight_decay", o.weightDecay(), "momentum_decay", o.momentumDecay()));
    }

    @Override
    protected void update(ParamGroup group, Tensor p, Tensor grad, ParamState state) {
        double beta1 = group.get("beta1");
        double beta2 = group.get("beta2");
        double momentumDecay = group.get("momentum_decay");
        double weightDecay = group.get("weight_decay");
        double lr = group.lr();
        double step = state.increment("step");
        double muProduct = state.scalar("mu_product", 1);
        Tensor m = state.zerosLike("exp_avg", p);
        Tensor v = state.zerosLike("exp_avg_sq", p);
        Tensor g = weightDecay != 0 ? grad.add(p, weightDecay) : grad;
        double mu = beta1 * (1 - 0.5 * Math.pow(0.96, step * momentumDecay));
        double muNext = beta1 * (1 - 0.5 * Math.pow(0.96, (step + 1) * momentumDecay));
        muProduct *= mu;
        state.setScalar("mu_product", muProduct);
        m.mulInPlace(beta1).addInPlace(g, 1 - beta1);
        v.mulInPlace(beta2).addInPlace(g.square().mulInPlace(1 - beta2));
        Tensor denom = v.div(1 - Math.pow(beta2, step)).sqrt().add(group.get("eps"));
        p.subInPlace(g.div(denom).mulInPlace(lr * (1 - mu) / (1 - muProduct)));
        p.subInPlace(m.div(denom).mulInPlace(lr * muNext / (1 - muProduct * muNext)));
    }
}
