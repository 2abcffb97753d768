package dev.myelin.kernels;

import java.util.Arrays;

/**
 * One direction of an LSTM layer over T steps, forward and backward. It keeps what the backward
 * pass needs, indexed by time: the activated gates of every step, the hidden states and the T + 1
 * cell states. A reverse direction runs from step T - 1 down to 0 with the same layout; its
 * initial cell state sits in slot T and its final one in slot 0.
 */
public final class LstmSequence {
    /** The gradients of an LSTM layer's inputs, as {@link LstmSequence#backward} computes them. */
    public record Gradients(float[] projected, float[] h0, float[] c0, float[] whh) {}

    private final int steps;
    private final int batch;
    private final int h;
    private final boolean reverse;
    private final float[] act;
    private final float[] cells;
    private final float[] hidden;

    /** Buffers for T steps of a batch of B with hidden size H, run forward or in reverse. */
    public LstmSequence(int steps, int batch, int h, boolean reverse) {
        this.steps = steps;
        this.batch = batch;
        this.h = h;
        this.reverse = reverse;
        act = new float[steps * batch * 4 * h];
        cells = new float[(steps + 1) * batch * h];
        hidden = new float[steps * batch * h];
    }

    /** The time of the i-th step run. */
    private int time(int i) {
        return reverse ? steps - 1 - i : i;
    }

    /** The cell-state slot read by the step at time t; it writes the other end of its pair. */
    private int cellBefore(int t) {
        return reverse ? t + 1 : t;
    }

    private int cellAfter(int t) {
        return reverse ? t : t + 1;
    }

    /**
     * Runs the steps: gates_t = projected_t + h_prev·W_hhᵀ, then the cell. {@code projected}
     * (T x B x 4H) is overwritten with the gates' pre-activations; {@code whhT} is W_hhᵀ packed.
     */
    public void forward(float[] projected, float[] h0, float[] c0, Gemm.Packed whhT) {
        int bh = batch * h;
        int g4 = batch * 4 * h;
        System.arraycopy(c0, 0, cells, cellBefore(time(0)) * bh, bh);
        for (int i = 0; i < steps; i++) {
            int t = time(i);
            float[] prev = i == 0 ? h0 : hidden;
            int prevOffset = i == 0 ? 0 : time(i - 1) * bh;
            Gemm.gemm(batch, 4 * h, h, prev, prevOffset, h, 1, whhT, projected, t * g4, 4 * h, true);
            FusedKernels.lstmCellForward(projected, t * g4, cells, cellBefore(t) * bh, batch, h, act, t * g4,
                    hidden, t * bh, cells, cellAfter(t) * bh);
        }
    }

    /** The outputs h_t of every time step (T, B, H). */
    public float[] hiddenStates() {
        return hidden;
    }

    /** The final hidden state (B, H): the last step's output. */
    public float[] lastHidden() {
        int bh = batch * h;
        int t = time(steps - 1);
        return Arrays.copyOfRange(hidden, t * bh, (t + 1) * bh);
    }

    /** The final cell state (B, H). */
    public float[] lastCell() {
        int bh = batch * h;
        int slot = cellAfter(time(steps - 1));
        return Arrays.copyOfRange(cells, slot * bh, (slot + 1) * bh);
    }

    /**
     * The gradients from those of the outputs (T, B, H) and of the final h and c (B, H), given
     * W_hh (4H x H, row-major from {@code wo}) and h_0.
     */
    public Gradients backward(float[] dOutputs, float[] dhLast, float[] dcLast, float[] whh, int wo, float[] h0) {
        int bh = batch * h;
        int g4 = batch * 4 * h;
        float[] dProjected = new float[steps * g4];
        float[] dh = dhLast.clone();
        float[] dc = dcLast.clone();
        float[] dhTotal = new float[bh];
        float[] dcPrev = new float[bh];
        Gemm.Packed whhPacked = Gemm.pack(4 * h, h, whh, wo, h, 1);
        for (int i = steps - 1; i >= 0; i--) {
            int t = time(i);
            PointwiseKernels.binary(BinaryOp.ADD, dh, 0, 1, dOutputs, t * bh, 1, dhTotal, 0, 1, bh);
            FusedKernels.lstmCellBackward(act, t * g4, cells, cellBefore(t) * bh, cells, cellAfter(t) * bh, dhTotal, 0,
                    dc, 0, batch, h, dProjected, t * g4, dcPrev);
            Gemm.gemm(batch, h, 4 * h, dProjected, t * g4, 4 * h, 1, whhPacked, dh, 0, h, false); // dh_prev
            float[] swap = dc;
            dc = dcPrev;
            dcPrev = swap;
        }
        // dW_hh = Σ_t dGates_tᵀ · h_prev(t): one product over all T·B rows.
        float[] previous = new float[steps * bh];
        for (int i = 0; i < steps; i++) {
            System.arraycopy(i == 0 ? h0 : hidden, i == 0 ? 0 : time(i - 1) * bh, previous, time(i) * bh, bh);
        }
        float[] dWhh = new float[4 * h * h];
        Gemm.gemm(4 * h, h, steps * batch, dProjected, 0, 1, 4 * h, previous, 0, h, 1, dWhh, 0, h, false);
        return new Gradients(dProjected, dh, dc, dWhh);
    }
}
