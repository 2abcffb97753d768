package dev.myelin.optim;

import dev.myelin.tensor.Tensor;
import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter 2019): PyTorch's
 * {@code torch.optim.AdamW}. The decay shrinks the parameters directly, p ← p·(1 - lr·wd), instead
 * of adding wd·p to the gradient, so it is not rescaled by Adam's adaptive denominator; then the
 * {@link Adam} step. Same state as Adam.
 *
 * <pre>{@code
 * var opt = new AdamW(model.parameters(), AdamW.options(3e-4).weightDecay(0.1).betas(0.9, 0.95));
 * }</pre>
 */
public final class AdamW extends Optimizer {
    private final boolean amsgrad;

    /** PyTorch's defaults at learning rate {@code lr}: betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
    public static Adam.Options options(double lr) {
        return new Adam.Options(lr, 0.9, 0.999, 1e-8, 1e-2, false);
    }

    /** AdamW on {@code params} at learning rate {@code lr} with the default settings. */
    public AdamW(Iterable<Tensor> params, double lr) {
        this(single(params), options(lr));
    }

    /** AdamW on {@code params} with {@code options}. */
    public AdamW(Iterable<Tensor> params, Adam.Options options) {
        this(single(params), options);
    }

    /** AdamW on parameter groups, which may override the learning rate and weight decay of {@code options}. */
    public AdamW(List<ParamGroup> groups, Adam.Options options) {
        super(groups, Adam.defaults(options));
        this.amsgrad = options.amsgrad();
    }

    @Override
    protected void update(ParamGroup group, Tensor p, Tensor grad, ParamState state) {
        p.mulInPlace(1 - group.lr() * group.get("weight_decay"));
        Adam.adamStep(group, p, grad, state, amsgrad);
    }
}
