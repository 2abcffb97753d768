package dev.myelin.testing;

import dev.myelin.optim.Clip;
import dev.myelin.optim.Optimizer;
import dev.myelin.optim.lr.LRScheduler;
import dev.myelin.optim.lr.ReduceLROnPlateau;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One optimizer (with, optionally, a learning-rate schedule and gradient clipping) as the
 * trajectory tests see it: how to build it in Myelin and in PyTorch. Declared once in
 * {@link OptimizerRegistry}; both sides then run {@link #STEPS} steps of the same problem in
 * float64 and record the parameters and learning rates after each.
 *
 * @param name a unique name
 * @param torchOptimizer a Python expression of {@code p} (the parameter list) building the optimizer
 * @param optimizer builds the Myelin optimizer on the parameters
 * @param torchScheduler a Python expression of {@code opt} and {@code S} (torch.optim.lr_scheduler), or null
 * @param scheduler builds the Myelin scheduler ({@link LRScheduler} or {@link ReduceLROnPlateau}), or null
 * @param clip "norm" or "value" clipping before each step (with {@link #CLIP_NORM} or {@link #CLIP_VALUE}), or null
 */
public record OptimizerCase(String name, String torchOptimizer, Function<List<Tensor>, Optimizer> optimizer,
        String torchScheduler, Function<Optimizer, Object> scheduler, String clip) {
    public static final int STEPS = 20;
    public static final double CLIP_NORM = 0.5;
    public static final double CLIP_VALUE = 0.05;

    /** The recorded run: parameters (flattened, concatenated) and learning rates after each step. */
    public record Trajectory(double[][] params, double[][] lrs, Optimizer optimizer) {}

    /**
     * Runs the case on the fixed problem: minimise mean((tanh(X·Wᵀ + b) - Y)²) over W and b (the
     * third parameter, u, is unused, so it has no gradient and must be skipped).
     *
     * @param problem W, b, u, X, Y in float64; the parameters are copied
     */
    public Trajectory run(List<Tensor> problem) {
        List<Tensor> params = new ArrayList<>();
        for (Tensor t : problem.subList(0, 3)) {
            params.add(t.clone().requiresGrad(true));
        }
        Tensor x = problem.get(3);
        Tensor y = problem.get(4);
        Optimizer opt = optimizer.apply(params);
        Object sched = scheduler == null ? null : scheduler.apply(opt);
        double[][] trace = new double[STEPS][];
        double[][] lrs = new double[STEPS][];
        for (int s = 0; s < STEPS; s++) {
            opt.zeroGrad();
            Tensor loss = x.linear(params.get(0), params.get(1)).tanh().sub(y).square().mean();
            loss.backward();
            if ("norm".equals(clip)) {
                Clip.gradNorm(params, CLIP_NORM);
            } else if ("value".equals(clip)) {
                Clip.gradValue(params, CLIP_VALUE);
            }
            opt.step();
            if (sched instanceof LRScheduler l) {
                l.step();
            } else if (sched instanceof ReduceLROnPlateau r) {
                r.step(loss.item());
            }
            trace[s] = Tensor.cat(params.stream().map(p -> p.detach().reshape(-1)).toList(), 0).toDoubleArray();
            lrs[s] = opt.paramGroups().stream().mapToDouble(g -> g.lr()).toArray();
        }
        return new Trajectory(trace, lrs, opt);
    }

    @Override
    public String toString() {
        return name + ": " + torchOptimizer + (torchScheduler == null ? "" : " + " + torchScheduler)
                + (clip == null ? "" : " + clip " + clip);
    }
}
