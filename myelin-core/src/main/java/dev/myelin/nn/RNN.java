package dev.myelin.nn;

import dev.myelin.tensor.Tensor;

/**
 * An Elman recurrent layer: h_t = tanh(x_t·W_ihᵀ + b_ih + h_{t-1}·W_hhᵀ + b_hh) (or relu):
 * PyTorch's {@code nn.RNN}. See {@link Recurrent} for layers, directions, lengths and shapes.
 *
 * <pre>{@code
 * RNN rnn = new RNN(10, 20, RNN.defaults().numLayers(2));
 * Tensor out = rnn.forward(x);                  // x (T, B, 10) -> (T, B, 20)
 * }</pre>
 */
public final class RNN extends Recurrent {
    private final boolean relu;

    /** One tanh layer from {@code inputSize} features to a hidden state of {@code hiddenSize}. */
    public RNN(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, Options.defaults(), false);
    }

    /** A tanh layer stack with the given options. */
    public RNN(int inputSize, int hiddenSize, Options options) {
        this(inputSize, hiddenSize, options, false);
    }

    /** A layer stack with the given options and ReLU instead of tanh when {@code relu}. */
    public RNN(int inputSize, int hiddenSize, Options options, boolean relu) {
        super("RNN", 1, inputSize, hiddenSize, options);
        this.relu = relu;
    }

    /** PyTorch's defaults: one layer, biases, time-major, one direction. */
    public static Options defaults() {
        return Options.defaults();
    }

    @Override
    RnnState step(Tensor xp, RnnState state, Tensor whh, Tensor bhh) {
        return RnnState.of(RecurrentSteps.rnn(xp, state.h(), whh, bhh, relu));
    }

    @Override
    boolean foldsHiddenBias() {
        return true;
    }

    @Override
    boolean needsCell() {
        return false;
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + (relu ? ", nonlinearity='relu'" : "");
    }
}
