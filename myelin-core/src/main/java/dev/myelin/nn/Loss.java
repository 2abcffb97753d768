package dev.myelin.nn;

import dev.myelin.nn.functional.Reduction;
import dev.myelin.tensor.Tensor;

/**
 * A loss of a prediction and a target, as a module: PyTorch's {@code _Loss}. Each loss is a thin
 * shell over its function in {@link dev.myelin.nn.functional.F}; class weights and similar
 * settings are buffers, so they follow {@link Module#to}.
 *
 * <pre>{@code
 * Loss criterion = new CrossEntropyLoss();
 * Tensor loss = criterion.forward(model.forward(x), y);
 * }</pre>
 */
public abstract class Loss extends Module {
    private final Reduction reduction;

    protected Loss(Reduction reduction) {
        if (reduction == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": reduction must not be null");
        }
        this.reduction = reduction;
    }

    /** How per-element losses are combined. */
    public Reduction reduction() {
        return reduction;
    }

    /** The loss of {@code input} (the prediction) against {@code target}. */
    public abstract Tensor forward(Tensor input, Tensor target);

    @Override
    protected String extraRepr() {
        return reduction == Reduction.MEAN ? "" : "reduction=" + reduction;
    }
}
