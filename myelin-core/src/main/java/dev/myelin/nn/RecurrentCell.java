package dev.myelin.nn;

import dev.myelin.nn.init.Init;
import dev.myelin.tensor.Fused;
import dev.myelin.tensor.Tensor;

/**
 * One step of a recurrent layer as a module, for loops written by hand: {@link RNNCell},
 * {@link LSTMCell} and {@link GRUCell}, PyTorch's cells with the same parameter names
 * ({@code weight_ih}, {@code weight_hh}, {@code bias_ih}, {@code bias_hh}) and initialisation.
 *
 * <p>Shapes: x (B, F) or (F); state (B, H) or (H).
 */
public abstract sealed class RecurrentCell extends Module permits RNNCell, LSTMCell, GRUCell {
    private final int inputSize;
    private final int hiddenSize;

    RecurrentCell(String name, int gates, int inputSize, int hiddenSize, boolean bias) {
        Layers.positive(name, "inputSize", inputSize);
        Layers.positive(name, "hiddenSize", hiddenSize);
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        double bound = 1 / Math.sqrt(hiddenSize);
        registerParameter("weight_ih", Init.uniform(Tensor.zeros(gates * hiddenSize, inputSize), -bound, bound));
        registerParameter("weight_hh", Init.uniform(Tensor.zeros(gates * hiddenSize, hiddenSize), -bound, bound));
        registerParameter("bias_ih", bias ? Init.uniform(Tensor.zeros(gates * hiddenSize), -bound, bound) : null);
        registerParameter("bias_hh", bias ? Init.uniform(Tensor.zeros(gates * hiddenSize), -bound, bound) : null);
    }

    /** The next hidden state from a zero state. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, null).h();
    }

    /** The next state from {@code state} (null: zeros). */
    public RnnState forward(Tensor x, RnnState state) {
        boolean single = x.dim() == 1;
        Tensor in = single ? x.unsqueeze(0) : x;
        if (in.dim() != 2 || in.size(1) != inputSize) {
            throw new IllegalArgumentException(describe() + ": expected input (B, " + inputSize + ") or (" + inputSize
                    + "), got shape " + x.shape());
        }
        RnnState s = state == null ? zeros(in.size(0), in) : single ? batched(state) : state;
        Tensor xp = Fused.linear(in, parameter("weight_ih"), parameter("bias_ih"), false);
        RnnState next = step(xp, s, parameter("weight_hh"), parameter("bias_hh"));
        return single ? new RnnState(next.h().squeeze(0), next.c() == null ? null : next.c().squeeze(0)) : next;
    }

    private RnnState zeros(int batch, Tensor like) {
        Tensor z = Tensor.zeros(dev.myelin.tensor.Shape.of(batch, hiddenSize), like.dtype());
        return new RnnState(z, hasCell() ? z : null);
    }

    private static RnnState batched(RnnState s) {
        return new RnnState(s.h().unsqueeze(0), s.c() == null ? null : s.c().unsqueeze(0));
    }

    abstract RnnState step(Tensor xp, RnnState state, Tensor whh, Tensor bhh);

    abstract boolean hasCell();

    @Override
    protected String extraRepr() {
        return inputSize + ", " + hiddenSize + (parameter("bias_ih") == null ? ", bias=False" : "");
    }
}
