package dev.myelin.autograd;

import dev.myelin.tensor.Tensor;

/**
 * The gradient rule of an op with several differentiable outputs, such as a fused LSTM cell
 * that returns both its hidden and its cell state.
 */
@FunctionalInterface
public interface MultiBackward {
    /**
     * @param grads one gradient per output; an output that received no gradient gets zeros
     * @param needsGrad for each input, whether its gradient is wanted
     * @return one gradient per input, in input order ({@code null} where not wanted)
     */
    Tensor[] apply(Tensor[] grads, boolean[] needsGrad);
}
