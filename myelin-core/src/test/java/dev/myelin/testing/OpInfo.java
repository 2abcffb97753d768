package dev.myelin.testing;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * One op as the tests see it: how to call it in Myelin and in PyTorch, the samples to call it
 * on, and which checks apply. Declared once in {@link OpRegistry}.
 *
 * @param name a unique name
 * @param torch a Python expression of {@code a} (the list of input tensors), {@code kw} (the
 *     sample's arguments), {@code torch} and {@code F} computing the same op
 * @param fn the Myelin call
 * @param samples the inputs to try
 * @param differentiable whether gradients are checked
 * @param secondOrder whether second derivatives (createGraph) are checked too
 */
public record OpInfo(String name, String torch, OpFunction fn, List<Sample> samples, boolean differentiable,
        boolean secondOrder) {

    /** The Myelin side of an op. */
    @FunctionalInterface
    public interface OpFunction {
        Tensor apply(List<Tensor> inputs, Kwargs kwargs);
    }

    /** One set of inputs and arguments. */
    public record Sample(List<InputSpec> inputs, Kwargs kwargs) {
        /** Makes the inputs for a float dtype, deterministically from the op name and sample index. */
        public List<Tensor> make(DType floatType, String op, int index) {
            Generator g = new Generator(op.hashCode() * 31L + index);
            List<Tensor> out = new ArrayList<>();
            for (InputSpec spec : inputs) {
                out.add(spec.make(floatType, g));
            }
            return out;
        }

        @Override
        public String toString() {
            return inputs + (kwargs.values().isEmpty() ? "" : " " + kwargs.toJson());
        }
    }

    /** A copy with second-order checks switched on. */
    public OpInfo withSecondOrder() {
        return new OpInfo(name, torch, fn, samples, differentiable, true);
    }

    /** A copy whose gradients are not checked (ops with integer or bool outputs). */
    public OpInfo notDifferentiable() {
        return new OpInfo(name, torch, fn, samples, false, false);
    }
}
