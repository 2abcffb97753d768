package dev.myelin.train;

import java.util.Map;

/**
 * Code the {@link Trainer} calls at the edges of training, epochs and batches: Keras's
 * {@code Callback}. Every method has an empty default; implement the ones you need. A callback
 * may read the trainer (its model, optimizer, history) and ask it to {@link Trainer#stop()}.
 *
 * <p>A callback with state that must survive a resumed run (a best value, a patience counter)
 * returns it from {@link #state()}; the trainer saves it in its checkpoints and hands it back to
 * {@link #restoreState} when a run resumes.
 *
 * <pre>{@code
 * Callback printer = new Callback() {
 *     @Override public void onEpochEnd(Trainer t, int epoch, Map<String, Double> logs) {
 *         System.out.println(epoch + ": " + logs);
 *     }
 * };
 * }</pre>
 */
public interface Callback {
    /** Before the first epoch of {@link Trainer#fit} (also when it resumes). */
    default void onTrainBegin(Trainer trainer) {}

    /** Before epoch {@code epoch} (counted from 0). */
    default void onEpochBegin(Trainer trainer, int epoch) {}

    /** After each training batch. */
    default void onBatchEnd(Trainer trainer, BatchProgress progress) {}

    /**
     * After epoch {@code epoch} (counted from 0) with its values (the entry just added to the
     * history): {@code loss}, the metrics, {@code val_*}, {@code lr}, {@code seconds}.
     */
    default void onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {}

    /** After the last epoch, or after an epoch at which training was stopped. */
    default void onTrainEnd(Trainer trainer) {}

    /** State to save in checkpoints (empty by default). */
    default Map<String, String> state() {
        return Map.of();
    }

    /** Restores what {@link #state()} returned, when a run resumes from a checkpoint. */
    default void restoreState(Map<String, String> state) {}

    /**
     * Where an epoch stands after a training batch.
     *
     * @param epoch the epoch, from 0
     * @param epochs the number of epochs of the run
     * @param batch the batches done in this epoch (1 after the first)
     * @param batches the batches in this epoch
     * @param samples the examples seen in this epoch
     * @param seconds the time since the epoch began
     * @param running the running means of the loss and of the per-sample metrics over this epoch
     */
    record BatchProgress(int epoch, int epochs, int batch, int batches, long samples, double seconds,
            Map<String, Double> running) {}
}
