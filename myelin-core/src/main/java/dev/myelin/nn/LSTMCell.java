package dev.myelin.nn;

import dev.myelin.tensor.Tensor;

/** One LSTM step (fused gate kernel): PyTorch's {@code nn.LSTMCell}. See {@link LSTM} and {@link RecurrentCell}. */
public final class LSTMCell extends RecurrentCell {
    /** A cell from {@code inputSize} features to hidden and cell states of {@code hiddenSize}. */
    public LSTMCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, true);
    }

    /** A cell with or without biases. */
    public LSTMCell(int inputSize, int hiddenSize, boolean bias) {
        super("LSTMCell", 4, inputSize, hiddenSize, bias);
    }

    @Override
    RnnState step(Tensor xp, RnnState state, Tensor whh, Tensor bhh) {
        Tensor[] hc = RecurrentSteps.lstm(xp, state.h(), state.c(), whh, bhh);
        return RnnState.of(hc[0], hc[1]);
    }

    @Override
    boolean hasCell() {
        return true;
    }
}
