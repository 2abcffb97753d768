package dev.myelin.train;

import dev.myelin.optim.ParamGroup;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Records the learning rate of every parameter group after every training batch (the schedule as
 * it really ran: warm-up, decay, plateau cuts) and optionally prints each change at the end of an
 * epoch: Lightning's {@code LearningRateMonitor}. The epoch's rate of the first group is in the
 * history as {@code lr} in any case.
 *
 * <pre>{@code
 * LrMonitor lrs = new LrMonitor(System.out);
 * ... fit ...
 * lrs.values();          // one double[] (a rate per group) per batch
 * }</pre>
 */
public final class LrMonitor implements Callback {
    private final PrintStream out;
    private final List<double[]> values = new ArrayList<>();
    private double[] lastPrinted;

    /** Records without printing. */
    public LrMonitor() {
        this(null);
    }

    /** Records and prints changes of the rates to {@code out} (null: never prints). */
    public LrMonitor(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onBatchEnd(Trainer trainer, BatchProgress progress) {
        values.add(trainer.optimizer().paramGroups().stream().mapToDouble(ParamGroup::lr).toArray());
    }

    @Override
    public void onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {
        double[] now = trainer.optimizer().paramGroups().stream().mapToDouble(ParamGroup::lr).toArray();
        if (out != null && (lastPrinted == null || !java.util.Arrays.equals(now, lastPrinted))) {
            StringBuilder sb = new StringBuilder("learning rate after epoch " + (epoch + 1) + ":");
            for (double lr : now) {
                sb.append(String.format(" %.3e", lr));
            }
            out.println(sb);
        }
        lastPrinted = now;
    }

    /** The rates of every group after each batch, in order. */
    public List<double[]> values() {
        return Collections.unmodifiableList(values);
    }
}
