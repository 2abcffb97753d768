package dev.myelin.nn;

import dev.myelin.tensor.Tensor;

/** One tanh (or relu) recurrent step: PyTorch's {@code nn.RNNCell}. See {@link RecurrentCell}. */
public final class RNNCell extends RecurrentCell {
    private final boolean relu;

    /** A tanh cell from {@code inputSize} features to a hidden state of {@code hiddenSize}. */
    public RNNCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, true, false);
    }

    /** A cell with or without biases, using ReLU instead of tanh when {@code relu}. */
    public RNNCell(int inputSize, int hiddenSize, boolean bias, boolean relu) {
        super("RNNCell", 1, inputSize, hiddenSize, bias);
        this.relu = relu;
    }

    @Override
    RnnState step(Tensor xp, RnnState state, Tensor whh, Tensor bhh) {
        return RnnState.of(RecurrentSteps.rnn(xp, state.h(), whh, bhh, relu));
    }

    @Override
    boolean hasCell() {
        return false;
    }
}
