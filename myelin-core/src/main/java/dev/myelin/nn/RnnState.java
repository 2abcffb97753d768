package dev.myelin.nn;

import dev.myelin.tensor.Tensor;

/**
 * The state a recurrent layer or cell carries from step to step: the hidden state h and, for an
 * LSTM, the cell state c (null otherwise). For a layer both are (layers·directions, B, H); for a
 * cell (B, H).
 *
 * <pre>{@code
 * RnnOutput out = lstm.forward(x, RnnState.of(h0, c0), null);
 * RnnState next = out.state().detach();       // carry it into the next chunk (truncated BPTT)
 * }</pre>
 */
public record RnnState(Tensor h, Tensor c) {
    /** A hidden state without a cell state (RNN, GRU). */
    public static RnnState of(Tensor h) {
        return new RnnState(h, null);
    }

    /** A hidden and a cell state (LSTM). */
    public static RnnState of(Tensor h, Tensor c) {
        return new RnnState(h, c);
    }

    /** The same values cut off from the graph: where truncated backpropagation through time stops. */
    public RnnState detach() {
        return new RnnState(h.detach(), c == null ? null : c.detach());
    }
}
