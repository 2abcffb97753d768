package dev.myelin.nn;

import dev.myelin.tensor.Tensor;

/** One GRU step: PyTorch's {@code nn.GRUCell}. See {@link GRU} and {@link RecurrentCell}. */
public final class GRUCell extends RecurrentCell {
    /** A cell from {@code inputSize} features to a hidden state of {@code hiddenSize}. */
    public GRUCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, true);
    }

    /** A cell with or without biases. */
    public GRUCell(int inputSize, int hiddenSize, boolean bias) {
        super("GRUCell", 3, inputSize, hiddenSize, bias);
    }

    @Override
    RnnState step(Tensor xp, RnnState state, Tensor whh, Tensor bhh) {
        return RnnState.of(RecurrentSteps.gru(xp, state.h(), whh, bhh));
    }

    @Override
    boolean hasCell() {
        return false;
    }
}
