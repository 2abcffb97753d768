package dev.myelin.onnx;

/**
 * What one node computes once its attributes are known: its input values to its output values.
 * Values are {@link dev.myelin.tensor.Tensor}s, {@code List}s of them (ONNX sequences), or
 * {@link Values#NONE} (an empty optional); an absent optional input is null. Kernels run Myelin
 * tensor ops, so the graph records gradients like any Myelin code.
 */
@FunctionalInterface
interface Kernel {
    Object[] run(Object[] inputs);

    /** Builds a node's kernel, checking its attributes; called once when the model loads. */
    @FunctionalInterface
    interface Factory {
        Kernel create(Node node);
    }
}
