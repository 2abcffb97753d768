package dev.myelin.autograd;

import dev.myelin.tensor.Tensor;

/**
 * The gradient rule of a single-output op: given the gradient of the loss with respect to the
 * op's output, returns the gradients with respect to its inputs (the chain rule).
 *
 * <p>Rules are written with tensor ops, so that they can themselves be differentiated when a
 * backward pass runs with {@code createGraph}. A rule may return {@code null} for an input whose
 * {@code needsGrad} entry is false, and should skip computing it.
 */
@FunctionalInterface
public interface Backward {
    /**
     * @param grad the gradient with respect to the output, of the output's shape
     * @param needsGrad for each input, whether its gradient is wanted
     * @return one gradient per input, in input order; a gradient of a broadcast input may keep the
     *     broadcast shape (the engine sums it back)
     */
    Tensor[] apply(Tensor grad, boolean[] needsGrad);
}
