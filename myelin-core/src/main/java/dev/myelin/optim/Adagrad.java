package dev.myelin.optim;

import dev.myelin.tensor.Tensor;
import java.util.List;

/**
 * Adagrad (Duchi et al. 2011): per-element learning rates that shrink with the sum of squared
 * gradients. PyTorch's {@code torch.optim.Adagrad}, same update and state ({@code step},
 * {@code sum}).
 *
 * <pre>
 * g ← ∇ + weight_decay·p;   lr_t = lr / (1 + (t - 1)·lr_decay)
 * s ← s + g²;               p ← p - lr_t·g / (√s + eps)
 * </pre>
 *
 * <pre>{@code
 * var opt = new Adagrad(model.parameters(), 1e-2);
 * }</pre>
 */
public final class Adagrad extends Optimizer {
    /** Adagrad's settings; start from {@link Adagrad#options(double)}. */
    public record Options(double lr, double lrDecay, double weightDecay, double initialAccumulatorValue,
            double eps) {
        /** These options with a learning-rate decay per step. */
        public Options lrDecay(double lrDecay) {
            return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, eps);
        }

        /** These options with (L2) weight decay. */
        public Options weightDecay(double weightDecay) {
            return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, eps);
        }

        /** These options with another starting value of the sum of squares. */
        public Options initialAccumulatorValue(double value) {
            return new Options(lr, lrDecay, weightDecay, value, eps);
        }

        /** These options with another denominator term. */
        public Options eps(double eps) {
            return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, eps);
        }
    }

    /** PyTorch's defaults at learning rate {@code lr}: no decay, accumulator 0, eps 1e-10. */
    public static Options options(double lr) {
        return new Options(lr, 0, 0, 0, 1e-10);
    }

    /** Adagrad on {@code params} at learning rate {@code lr} with the default settings. */
    public Adagrad(Iterable<Tensor> params, double lr) {
        this(single(params), options(lr));
    }

    /** Adagrad on {@code params} with {@code options}. */
    public Adagrad(Iterable<Tensor> params, Options options) {
        this(single(params), options);
    }

    /** Adagrad on parameter groups, which may override the learning rate and weight decay of {@code options}. */
    public Adagrad(List<ParamGroup> groups, Options o) {
        super(groups, hyperParameters("lr", o.lr(), "lr_decay", o.lrDecay(), "weight_decay", o.weightDecay(),
                "initial_accumulator_value", o.initialAccumulatorValue(), "eps", o.eps()));
        // PyTorch creates Adagrad's state up front, so that it is in the state dict before the first step.
        for (ParamGroup g : paramGroups()) {
            for (Tensor p : g.params()) {
                initState(g, p, state(p));
            }
        }
    }

    private static Tensor initState(ParamGroup group, Tensor p, ParamState state) {
        Tensor sum = state.get("sum");
        if (sum == null) {
            state.scalar("step", 0);
            sum = Tensor.fullLike(p, group.get("initial_accumulator_value"));
            state.put("sum", sum);
        }
        return sum;
    }

    @Override
    protected void update(ParamGroup group, Tensor p, Tensor grad, ParamState state) {
        double weightDecay = group.get("weight_decay");
        Tensor sum = initState(group, p, state);
        double step = state.increment("step");
        Tensor g = weightDecay != 0 ? grad.add(p, weightDecay) : grad;
        double lr = group.lr() / (1 + (step - 1) * group.get("lr_decay"));
        sum.addInPlace(g.square());
        Tensor std = sum.sqrt().add(group.get("eps"));
        p.subInPlace(g.div(std).mulInPlace(lr));
    }
}
