package dev.myelin.optim.lr;

import dev.myelin.optim.Optimizer;
import dev.myelin.optim.ParamGroup;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cuts the learning rate by {@code factor} when a metric (a validation loss, an accuracy) has not
 * improved for {@code patience} epochs. PyTorch's {@code ReduceLROnPlateau}: same rules for
 * "improved" (relative or absolute threshold), cooldown and minimum rate.
 *
 * <pre>{@code
 * var plateau = new ReduceLROnPlateau(opt, ReduceLROnPlateau.options().patience(5));
 * for (int epoch = 0; epoch < 100; epoch++) {
 *     train(...);
 *     plateau.step(validationLoss);
 * }
 * }</pre>
 */
public final class ReduceLROnPlateau {
    private final Optimizer optimizer;
    private final Options options;
    private double best;
    private int badEpochs;
    private int cooldownCounter;
    private int lastEpoch;

    /** Whether a smaller or a larger metric is better. */
    public enum Mode { MIN, MAX }

    /** Whether the threshold is relative (best·(1 ∓ threshold)) or absolute (best ∓ threshold). */
    public enum ThresholdMode { REL, ABS }

    /**
     * The settings; start from {@link ReduceLROnPlateau#options()}.
     *
     * @param factor the new rate is rate·factor, in [0, 1)
     * @param patience epochs without improvement to tolerate before cutting
     * @param threshold how much better a value must be to count as an improvement
     * @param cooldown epochs to wait after a cut before counting again
     * @param minLr the floor of the rate
     * @param eps cuts smaller than this are skipped
     */
    public record Options(Mode mode, double factor, int patience, double threshold, ThresholdMode thresholdMode,
            int cooldown, double minLr, double eps) {
        public Options mode(Mode mode) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
        }

        public Options factor(double factor) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
        }

        public Options patience(int patience) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
        }

        public Options threshold(double threshold, ThresholdMode thresholdMode) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
        }

        public Options cooldown(int cooldown) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
        }

        public Options minLr(double minLr) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
        }
    }

    /** PyTorch's defaults: MIN, factor 0.1, patience 10, relative threshold 1e-4, no cooldown, min rate 0. */
    public static Options options() {
        return new Options(Mode.MIN, 0.1, 10, 1e-4, ThresholdMode.REL, 0, 0, 1e-8);
    }

    /** Watches a metric to minimise, with the default settings. */
    public ReduceLROnPlateau(Optimizer optimizer) {
        this(optimizer, options());
    }

    public ReduceLROnPlateau(Optimizer optimizer, Options options) {
        LRScheduler.check(options.factor() >= 0 && options.factor() < 1,
                "ReduceLROnPlateau: factor must lie in [0, 1), got " + options.factor());
        LRScheduler.check(options.patience() >= 0 && options.cooldown() >= 0,
                "ReduceLROnPlateau: patience and cooldown must be >= 0");
        this.optimizer = optimizer;
        this.options = options;
        this.best = worst();
    }

    private double worst() {
        return options.mode() == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /** Records the metric of the epoch that ended, and cuts the rate if it has stalled. */
    public void step(double metric) {
        lastEpoch++;
        if (isBetter(metric)) {
            best = metric;
            badEpochs = 0;
        } else {
            badEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            badEpochs = 0;
        }
        if (badEpochs > options.patience()) {
            for (ParamGroup g : optimizer.paramGroups()) {
                double old = g.lr();
                double cut = Math.max(old * options.factor(), options.minLr());
                if (old - cut > options.eps()) {
                    g.lr(cut);
                }
            }
            cooldownCounter = options.cooldown();
            badEpochs = 0;
        }
    }

    private boolean isBetter(double a) {
        boolean rel = options.thresholdMode() == ThresholdMode.REL;
        double t = options.threshold();
        return options.mode() == Mode.MIN
                ? a < (rel ? best * (1 - t) : best - t)
                : a > (rel ? best * (1 + t) : best + t);
    }

    /** The learning rate of each group now. */
    public double[] lastLr() {
        return optimizer.paramGroups().stream().mapToDouble(ParamGroup::lr).toArray();
    }

    /** The best metric so far, the epochs without improvement, the cooldown left and the epoch count. */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("best", Tensor.full(Shape.scalar(), best, DType.FLOAT64));
        out.put("num_bad_epochs", Tensor.full(Shape.scalar(), badEpochs, DType.INT64));
        out.put("cooldown_counter", Tensor.full(Shape.scalar(), cooldownCounter, DType.INT64));
        out.put("last_epoch", Tensor.full(Shape.scalar(), lastEpoch, DType.INT64));
        return out;
    }

    /** Restores a state saved by {@link #stateDict()}. */
    public void loadStateDict(Map<String, Tensor> state) {
        for (String key : new String[] {"best", "num_bad_epochs", "cooldown_counter", "last_epoch"}) {
            LRScheduler.check(state.containsKey(key), "ReduceLROnPlateau.loadStateDict: missing key '" + key + "'");
        }
        best = state.get("best").item();
        badEpochs = (int) state.get("num_bad_epochs").itemLong();
        cooldownCounter = (int) state.get("cooldown_counter").itemLong();
        lastEpoch = (int) state.get("last_epoch").itemLong();
    }
}
