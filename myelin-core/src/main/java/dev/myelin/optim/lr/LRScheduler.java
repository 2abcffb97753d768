package dev.myelin.optim.lr;

import dev.myelin.optim.Optimizer;
import dev.myelin.optim.ParamGroup;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The base of the epoch-driven learning-rate schedules: PyTorch's {@code LRScheduler}. A
 * schedule is a function of the epoch (the number of {@link #step()} calls) and each group's base
 * learning rate, the {@code initial_lr} the first scheduler of an optimizer records. Creating a
 * scheduler sets epoch 0's rate; call {@code step()} after {@code optimizer.step()}, once per
 * epoch or once per batch as the schedule intends.
 *
 * <pre>{@code
 * var opt = new SGD(model.parameters(), SGD.options(0.1).momentum(0.9));
 * var schedule = new StepLR(opt, 30, 0.1);
 * for (int epoch = 0; epoch < 90; epoch++) {
 *     trainOneEpoch(model, opt);
 *     schedule.step();
 * }
 * }</pre>
 */
public abstract class LRScheduler {
    private final Optimizer optimizer;
    private final double[] baseLrs;
    private int lastEpoch = -1;

    /** Records each group's {@code initial_lr} (once per optimizer) and takes the base rates from it; does not step. */
    protected LRScheduler(Optimizer optimizer) {
        this.optimizer = optimizer;
        List<ParamGroup> groups = optimizer.paramGroups();
        this.baseLrs = new double[groups.size()];
        for (int i = 0; i < baseLrs.length; i++) {
            ParamGroup g = groups.get(i);
            if (!g.has("initial_lr")) {
                g.set("initial_lr", g.lr());
            }
            baseLrs[i] = g.get("initial_lr");
        }
    }

    /** Sets epoch 0's learning rates; every subclass constructor ends with it. */
    protected final void start() {
        step();
    }

    /** The learning rate of group {@code group} with base rate {@code baseLr} at {@code epoch} (0, 1, ...). */
    protected abstract double lr(int group, double baseLr, int epoch);

    /** Advances to the next epoch and sets its learning rates. */
    public void step() {
        stepTo(lastEpoch + 1);
    }

    /** Moves to {@code epoch} and applies it; {@link SequentialLR} drives its schedules this way. */
    void stepTo(int epoch) {
        lastEpoch = epoch;
        apply(epoch);
    }

    /** Sets the optimizer's hyper-parameters for {@code epoch}: by default each group's learning rate. */
    protected void apply(int epoch) {
        List<ParamGroup> groups = optimizer.paramGroups();
        for (int i = 0; i < groups.size(); i++) {
            groups.get(i).lr(lr(i, baseLrs[i], epoch));
        }
    }

    /** The optimizer whose learning rates this schedule sets. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** The number of steps taken (0 right after creation). */
    public int lastEpoch() {
        return lastEpoch;
    }

    /** The learning rate of each group now. */
    public double[] lastLr() {
        return optimizer.paramGroups().stream().mapToDouble(ParamGroup::lr).toArray();
    }

    /** The base learning rate of each group. */
    public double[] baseLrs() {
        return baseLrs.clone();
    }

    /**
     * The schedule's position, to checkpoint with the optimizer: {@code last_epoch} and
     * {@code base_lrs} (the learning rates themselves are in the optimizer's state dict).
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("last_epoch", Tensor.full(Shape.scalar(), lastEpoch, DType.INT64));
        out.put("base_lrs", Tensor.fromArray(baseLrs.clone(), baseLrs.length));
        return out;
    }

    /** Restores a position saved by {@link #stateDict()}. */
    public void loadStateDict(Map<String, Tensor> state) {
        Tensor epoch = state.get("last_epoch");
        Tensor bases = state.get("base_lrs");
        if (epoch == null || bases == null || bases.numel() != baseLrs.length) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".loadStateDict: expected last_epoch and "
                    + baseLrs.length + " base_lrs, got keys " + state.keySet());
        }
        lastEpoch = (int) epoch.itemLong();
        System.arraycopy(bases.toDoubleArray(), 0, baseLrs, 0, baseLrs.length);
    }

    static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
