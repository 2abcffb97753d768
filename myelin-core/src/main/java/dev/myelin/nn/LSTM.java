package dev.myelin.nn;

import dev.myelin.autograd.Grad;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * A long short-term memory layer: PyTorch's {@code nn.LSTM}. With gates i, f, g, o from
 * x_t·W_ihᵀ + b_ih + h_{t-1}·W_hhᵀ + b_hh (in that order), c_t = f·c_{t-1} + i·g and
 * h_t = o·tanh(c_t), with i, f, o sigmoids and g a tanh. The gate arithmetic runs as one fused
 * kernel. See {@link Recurrent} for layers, directions, lengths and shapes.
 *
 * <pre>{@code
 * LSTM lstm = new LSTM(64, 256);
 * RnnOutput out = lstm.forward(x, null, lengths);   // x (T, B, 64): out.output() (T, B, 256)
 * }</pre>
 */
public final class LSTM extends Recurrent {
    /** One layer from {@code inputSize} features to a hidden state of {@code hiddenSize}. */
    public LSTM(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, Options.defaults());
    }

    /** A layer stack with the given options. */
    public LSTM(int inputSize, int hiddenSize, Options options) {
        super("LSTM", 4, inputSize, hiddenSize, options);
    }

    /** PyTorch's defaults: one layer, biases, time-major, one direction. */
    public static Options defaults() {
        return Options.defaults();
    }

    /**
     * Chrono initialisation (Tallec and Ollivier, "Can recurrent neural networks warp time?",
     * 2018) for dependencies up to {@code maxLag} steps: every layer's forget-gate bias is
     * log(u), u uniform in [1, maxLag - 1], the input-gate bias its negative, and the hidden
     * biases of both gates zero. The gates then start open to remembering and closed to new input,
     * which lets gradients reach far back; PyTorch's default biases forget half of the cell state
     * each step. Returns this layer.
     */
    public LSTM chronoInit(int maxLag, Generator generator) {
        if (maxLag < 3) {
            throw new IllegalArgumentException(describe() + ": chronoInit needs maxLag >= 3, got " + maxLag);
        }
        int h = hiddenSize();
        try (var off = Grad.off()) {
            for (var entry : namedParameters().entrySet()) {
                Tensor b = entry.getValue();
                if (entry.getKey().startsWith("bias_ih")) {
                    Tensor forget = Tensor.rand(Shape.of(h), b.dtype(), generator).mul(maxLag - 2.0).add(1.0).log();
                    b.narrow(0, h, h).copyInPlace(forget);
                    b.narrow(0, 0, h).copyInPlace(forget.neg());
                } else if (entry.getKey().startsWith("bias_hh")) {
                    b.narrow(0, 0, 2 * h).zeroInPlace();
                }
            }
        }
        return this;
    }

    @Override
    RnnState step(Tensor xp, RnnState state, Tensor whh, Tensor bhh) {
        Tensor[] hc = RecurrentSteps.lstm(xp, state.h(), state.c(), whh, bhh);
        return RnnState.of(hc[0], hc[1]);
    }

    @Override
    boolean foldsHiddenBias() {
        return true;
    }

    @Override
    boolean needsCell() {
        return true;
    }
}
