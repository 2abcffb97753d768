package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.tensor.Tensor;

/**
 * log(softmax(x)) along a dimension, computed stably. PyTorch's {@code nn.LogSoftmax}; {@link
 * F#logSoftmax} as a function.
 *
 * <pre>{@code
 * new LogSoftmax(1).forward(logits);        // log-probabilities for NLLLoss
 * }</pre>
 */
public final class LogSoftmax extends Module {
    private final int dim;

    /** Log-softmax along {@code dim} (negative counts from the end). */
    public LogSoftmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor x) {
        return hooked(F.logSoftmax(x, dim));
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}
