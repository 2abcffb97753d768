package dev.myelin.nn;

import dev.myelin.tensor.Tensor;

/**
 * A gated recurrent unit layer: PyTorch's {@code nn.GRU}. With r = σ(x_r + h_r),
 * z = σ(x_z + h_z), n = tanh(x_n + r·h_n) and h_t = (1 - z)·n + z·h_{t-1}, where x_* are parts of
 * x_t·W_ihᵀ + b_ih and h_* of h_{t-1}·W_hhᵀ + b_hh (gate order r, z, n). See {@link Recurrent}
 * for layers, directions, lengths and shapes.
 *
 * <pre>{@code
 * GRU gru = new GRU(32, 64, GRU.defaults().batchFirst(true).bidirectional(true));
 * Tensor out = gru.forward(x);                  // x (B, T, 32) -> (B, T, 128)
 * }</pre>
 */
public final class GRU extends Recurrent {
    /** One layer from {@code inputSize} features to a hidden state of {@code hiddenSize}. */
    public GRU(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, Options.defaults());
    }

    /** A layer stack with the given options. */
    public GRU(int inputSize, int hiddenSize, Options options) {
        super("GRU", 3, inputSize, hiddenSize, options);
    }

    /** PyTorch's defaults: one layer, biases, time-major, one direction. */
    public static Options defaults() {
        return Options.defaults();
    }

    @Override
    RnnState step(Tensor xp, RnnState state, Tensor whh, Tensor bhh) {
        return RnnState.of(RecurrentSteps.gru(xp, state.h(), whh, bhh));
    }

    @Override
    boolean foldsHiddenBias() {
        return false;
    }

    @Override
    boolean needsCell() {
        return false;
    }
}
