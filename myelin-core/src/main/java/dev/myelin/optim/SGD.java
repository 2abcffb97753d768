package dev.myelin.optim;

import dev.myelin.tensor.Tensor;
import java.util.List;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and (coupled,
 * L2) weight decay: PyTorch's {@code torch.optim.SGD}, same update and state
 * ({@code momentum_buffer}).
 *
 * <pre>
 * g ← ∇ + weight_decay·p
 * b ← momentum·b + (1 - dampening)·g         (b = g at the first step)
 * g ← g + momentum·b if nesterov, else b
 * p ← p - lr·g
 * </pre>
 *
 * <pre>{@code
 * var opt = new SGD(model.parameters(), SGD.options(0.1).momentum(0.9).nesterov(true).weightDecay(5e-4));
 * }</pre>
 */
public final class SGD extends Optimizer {
    private final boolean nesterov;

    /**
     * SGD's settings; start from {@link SGD#options(double)}.
     *
     * @param nesterov Nesterov momentum (needs momentum &gt; 0 and no dampening)
     */
    public record Options(double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        /** These options with momentum (0 disables it). */
        public Options momentum(double momentum) {
            return new Options(lr, momentum, dampening, weightDecay, nesterov);
        }

        /** These options with dampening of the momentum. */
        public Options dampening(double dampening) {
            return new Options(lr, momentum, dampening, weightDecay, nesterov);
        }

        /** These options with (L2) weight decay. */
        public Options weightDecay(double weightDecay) {
            return new Options(lr, momentum, dampening, weightDecay, nesterov);
        }

        /** These options with or without Nesterov momentum. */
        public Options nesterov(boolean nesterov) {
            return new Options(lr, momentum, dampening, weightDecay, nesterov);
        }
    }

    /** Plain SGD at learning rate {@code lr}: no momentum, no weight decay. */
    public static Options options(double lr) {
        return new Options(lr, 0, 0, 0, false);
    }

    /** Plain SGD on {@code params} at learning rate {@code lr}. */
    public SGD(Iterable<Tensor> params, double lr) {
        this(single(params), options(lr));
    }

    /** SGD on {@code params} with {@code options}. */
    public SGD(Iterable<Tensor> params, Options options) {
        this(single(params), options);
    }

    /** SGD on parameter groups, which may override the learning rate and weight decay of {@code options}. */
    public SGD(List<ParamGroup> groups, Options options) {
        super(groups, hyperParameters("lr", options.lr(), "momentum", options.momentum(), "dampening",
                options.dampening(), "weight_decay", options.weightDecay()));
        if (options.nesterov() && (options.momentum() <= 0 || options.dampening() != 0)) {
            throw new IllegalArgumentException("SGD: Nesterov momentum needs momentum > 0 and zero dampening, got"
                    + " momentum " + options.momentum() + " and dampening " + options.dampening());
        }
        this.nesterov = options.nesterov();
    }

    @Override
    protected void update(ParamGroup group, Tensor p, Tensor grad, ParamState state) {
        double weightDecay = group.get("weight_decay");
        double momentum = group.get("momentum");
        Tensor d = weightDecay != 0 ? grad.add(p, weightDecay) : grad;
        if (momentum != 0) {
            Tensor buf = state.get("momentum_buffer");
            if (buf == null) {
                buf = d.clone();
                state.put("momentum_buffer", buf);
            } else {
                buf.mulInPlace(momentum).addInPlace(d, 1 - group.get("dampening"));
            }
            d = nesterov ? d.add(buf, momentum) : buf;
        }
        p.addInPlace(d, -group.lr());
    }
}
