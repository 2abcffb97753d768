package dev.myelin.optim.lr;

import dev.myelin.optim.Optimizer;
import dev.myelin.optim.ParamGroup;
import java.util.List;

/**
 * The one-cycle policy (Smith and Topin 2018), stepped once per batch: the learning rate rises
 * from maxLr / divFactor to maxLr over the first {@code pctStart} of {@code totalSteps}, then
 * anneals to maxLr / (divFactor·finalDivFactor); momentum (or Adam's β1) moves the opposite way
 * between maxMomentum and baseMomentum. PyTorch's {@code OneCycleLR}, including its
 * three-phase variant.
 *
 * <pre>{@code
 * var schedule = new OneCycleLR(opt, 0.1, epochs * batchesPerEpoch);
 * var custom = new OneCycleLR(opt, 0.1, 1000, OneCycleLR.options().pctStart(0.25).cycleMomentum(false));
 * }</pre>
 */
public final class OneCycleLR extends LRScheduler {
    private final int totalSteps;
    private final Options options;
    private final double[][] phases;   // {end step, start lr, end lr, start momentum, end momentum} as selectors
    private final String momentumKey;

    /** How a phase moves from its start value to its end value. */
    public enum Anneal { COS, LINEAR }

    /**
     * OneCycleLR's settings; start from {@link OneCycleLR#options()}.
     *
     * @param pctStart the share of steps spent raising the rate
     * @param cycleMomentum whether to cycle momentum (SGD, RMSprop) or β1 (Adam family)
     * @param threePhase rise, fall back to the initial rate, then anneal to the minimum (fastai's
     *     schedule) instead of rise and anneal
     */
    public record Options(double pctStart, Anneal anneal, boolean cycleMomentum, double baseMomentum,
            double maxMomentum, double divFactor, double finalDivFactor, boolean threePhase) {
        public Options pctStart(double pctStart) {
            return new Options(pctStart, anneal, cycleMomentum, baseMomentum, maxMomentum, divFactor, finalDivFactor,
                    threePhase);
        }

        public Options anneal(Anneal anneal) {
            return new Options(pctStart, anneal, cycleMomentum, baseMomentum, maxMomentum, divFactor, finalDivFactor,
                    threePhase);
        }

        public Options cycleMomentum(boolean cycleMomentum) {
            return new Options(pctStart, anneal, cycleMomentum, baseMomentum, maxMomentum, divFactor, finalDivFactor,
                    threePhase);
        }

        /** These options with momentum cycling between {@code base} (at the peak rate) and {@code max}. */
        public Options momentum(double base, double max) {
            return new Options(pctStart, anneal, cycleMomentum, base, max, divFactor, finalDivFactor, threePhase);
        }

        /** These options with initial rate maxLr / divFactor and final rate initial / finalDivFactor. */
        public Options divFactors(double divFactor, double finalDivFactor) {
            return new Options(pctStart, anneal, cycleMomentum, baseMomentum, maxMomentum, divFactor, finalDivFactor,
                    threePhase);
        }

        public Options threePhase(boolean threePhase) {
            return new Options(pctStart, anneal, cycleMomentum, baseMomentum, maxMomentum, divFactor, finalDivFactor,
                    threePhase);
        }
    }

    /** PyTorch's defaults: pctStart 0.3, cosine, momentum 0.85-0.95, divFactor 25, finalDivFactor 1e4, two phases. */
    public static Options options() {
        return new Options(0.3, Anneal.COS, true, 0.85, 0.95, 25, 1e4, false);
    }

    /** The one-cycle schedule with PyTorch's defaults, peaking at {@code maxLr}. */
    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps) {
        this(optimizer, maxLr, totalSteps, options());
    }

    /** The one-cycle schedule peaking at {@code maxLr} over {@code totalSteps} batches. */
    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps, Options options) {
        super(prepare(optimizer, maxLr, totalSteps, options));
        this.totalSteps = totalSteps;
        this.options = options;
        double s = options.pctStart() * totalSteps;
        // Each phase: end step, then indices into {initial, max, min} for the rate and {max, base} for momentum.
        this.phases = options.threePhase()
                ? new double[][] {{s - 1, 0, 1, 0, 1}, {2 * s - 2, 1, 0, 1, 0}, {totalSteps - 1, 0, 2, 0, 0}}
                : new double[][] {{s - 1, 0, 1, 0, 1}, {totalSteps - 1, 1, 2, 1, 0}};
        this.momentumKey = !options.cycleMomentum() ? null
                : optimizer.paramGroups().get(0).has("beta1") ? "beta1" : "momentum";
        start();
    }

    /** Checks the settings and sets initial_lr (and the starting momentum) before the base class reads them. */
    private static Optimizer prepare(Optimizer optimizer, double maxLr, int totalSteps, Options o) {
        check(totalSteps > 0, "OneCycleLR: totalSteps must be positive, got " + totalSteps);
        check(o.pctStart() >= 0 && o.pctStart() <= 1, "OneCycleLR: pctStart must lie in [0, 1], got " + o.pctStart());
        check(maxLr > 0, "OneCycleLR: maxLr must be positive, got " + maxLr);
        check(o.divFactor() > 0 && o.finalDivFactor() > 0, "OneCycleLR: divFactor and finalDivFactor must be positive");
        List<ParamGroup> groups = optimizer.paramGroups();
        for (ParamGroup g : groups) {
            g.set("initial_lr", maxLr / o.divFactor());
            g.set("max_lr", maxLr);
            g.set("min_lr", maxLr / o.divFactor() / o.finalDivFactor());
            if (o.cycleMomentum()) {
                check(g.has("momentum") || g.has("beta1"), "OneCycleLR: cycleMomentum needs an optimizer with"
                        + " momentum or beta1; pass options().cycleMomentum(false)");
                g.set(g.has("beta1") ? "beta1" : "momentum", o.maxMomentum());
            }
        }
        return optimizer;
    }

    @Override
    protected void apply(int epoch) {
        check(epoch <= totalSteps, "OneCycleLR: stepped " + (epoch + 1) + " times, but totalSteps is " + totalSteps);
        super.apply(epoch);
        if (momentumKey != null) {
            for (ParamGroup g : optimizer().paramGroups()) {
                double[] phase = phase(epoch);
                double[] momenta = {options.maxMomentum(), options.baseMomentum()};
                g.set(momentumKey, anneal(momenta[(int) phase[3]], momenta[(int) phase[4]], phase[5]));
            }
        }
    }

    @Override
    protected double lr(int group, double baseLr, int epoch) {
        ParamGroup g = optimizer().paramGroups().get(group);
        double[] rates = {g.get("initial_lr"), g.get("max_lr"), g.get("min_lr")};
        double[] phase = phase(epoch);
        return anneal(rates[(int) phase[1]], rates[(int) phase[2]], phase[5]);
    }

    /** The phase of {@code step} with its progress appended. */
    private double[] phase(int step) {
        double start = 0;
        for (int i = 0; i < phases.length; i++) {
            double end = phases[i][0];
            if (step <= end || i == phases.length - 1) {
                double[] p = java.util.Arrays.copyOf(phases[i], 6);
                p[5] = (step - start) / (end - start);
                return p;
            }
            start = end;
        }
        throw new AssertionError();
    }

    private double anneal(double from, double to, double pct) {
        return options.anneal() == Anneal.COS ? to + (from - to) / 2 * (Math.cos(Math.PI * pct) + 1)
                : (to - from) * pct + from;
    }
}
