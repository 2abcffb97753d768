package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.nn.init.Init;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Fused;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link RNN}, {@link LSTM} and {@link GRU} share: stacked layers, both directions, batch-first
 * layout, dropout between layers, initial and final states, and batches of sequences of different
 * lengths. Parameters carry PyTorch's names and layout ({@code weight_ih_l0},
 * {@code weight_hh_l0}, {@code bias_ih_l0}, {@code bias_hh_l0}, {@code ..._reverse}), so state
 * dicts load in both directions, and start as PyTorch's, U(-1/√H, 1/√H).
 *
 * <p>Each layer projects the whole sequence's inputs in one matrix product before the time loop;
 * each step then does one matrix product for all gates and the gate arithmetic (a fused kernel
 * for the LSTM). With {@code lengths}, steps past a sequence's end leave its state unchanged and
 * output zeros, and the backward direction starts at each sequence's own last step, exactly as
 * PyTorch's packed sequences behave.
 *
 * <p>Shapes: x (T, B, F), or (B, T, F) with {@code batchFirst}, or (T, F) for a single
 * sequence; state (layers·D, B, H) (D = 2 if bidirectional); lengths (B), integers in [1, T].
 */
public abstract sealed class Recurrent extends Module permits RNN, LSTM, GRU {
    private final int inputSize;
    private final int hiddenSize;
    private final int numLayers;
    private final boolean bias;
    private final boolean batchFirst;
    private final double dropout;
    private final boolean bidirectional;

    Recurrent(String name, int gates, int inputSize, int hiddenSize, Options options) {
        Layers.positive(name, "inputSize", inputSize);
        Layers.positive(name, "hiddenSize", hiddenSize);
        Layers.positive(name, "numLayers", options.numLayers());
        Layers.probability(name, options.dropout());
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.numLayers = options.numLayers();
        this.bias = options.bias();
        this.batchFirst = options.batchFirst();
        this.dropout = options.dropout();
        this.bidirectional = options.bidirectional();
        double bound = 1 / Math.sqrt(hiddenSize);
        for (int layer = 0; layer < numLayers; layer++) {
            for (int d = 0; d < directions(); d++) {
                int in = layer == 0 ? inputSize : hiddenSize * directions();
                String suffix = "_l" + layer + (d == 1 ? "_reverse" : "");
                registerParameter("weight_ih" + suffix, Init.uniform(Tensor.zeros(gates * hiddenSize, in), -bound, bound));
                registerParameter("weight_hh" + suffix,
                        Init.uniform(Tensor.zeros(gates * hiddenSize, hiddenSize), -bound, bound));
                registerParameter("bias_ih" + suffix, bias ? Init.uniform(Tensor.zeros(gates * hiddenSize), -bound, bound) : null);
                registerParameter("bias_hh" + suffix, bias ? Init.uniform(Tensor.zeros(gates * hiddenSize), -bound, bound) : null);
            }
        }
    }

    /**
     * The settings of a recurrent layer; start from {@link #defaults()}.
     *
     * @param numLayers stacked layers, each reading the one below
     * @param bias whether the layers have biases
     * @param batchFirst inputs and outputs are (B, T, F) instead of (T, B, F)
     * @param dropout dropout probability on the outputs of every layer but the last, in training
     * @param bidirectional run a second layer over the reversed sequence and concatenate
     */
    public record Options(int numLayers, boolean bias, boolean batchFirst, double dropout, boolean bidirectional) {
        /** One layer with biases, time-major, no dropout, one direction: PyTorch's defaults. */
        public static Options defaults() {
            return new Options(1, true, false, 0, false);
        }

        /** These options with {@code numLayers} stacked layers. */
        public Options numLayers(int numLayers) {
            return new Options(numLayers, bias, batchFirst, dropout, bidirectional);
        }

        /** These options with or without biases. */
        public Options bias(boolean bias) {
            return new Options(numLayers, bias, batchFirst, dropout, bidirectional);
        }

        /** These options with batch-first (B, T, F) inputs and outputs. */
        public Options batchFirst(boolean batchFirst) {
            return new Options(numLayers, bias, batchFirst, dropout, bidirectional);
        }

        /** These options with dropout between layers. */
        public Options dropout(double dropout) {
            return new Options(numLayers, bias, batchFirst, dropout, bidirectional);
        }

        /** These options with or without a reverse direction. */
        public Options bidirectional(boolean bidirectional) {
            return new Options(numLayers, bias, batchFirst, dropout, bidirectional);
        }
    }

    /** 2 if bidirectional, else 1. */
    public int directions() {
        return bidirectional ? 2 : 1;
    }

    /** The size of the hidden state. */
    public int hiddenSize() {
        return hiddenSize;
    }

    /** The number of stacked layers. */
    public int numLayers() {
        return numLayers;
    }

    /** The outputs at every step, starting from zero states: {@code forward(x, null, null).output()}. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, null, null).output();
    }

    /** Runs the layers from {@code state} (null: zeros) over sequences of full length. */
    public RnnOutput forward(Tensor x, RnnState state) {
        return forward(x, state, null);
    }

    /**
     * Runs the layers over a batch of sequences.
     *
     * @param state the initial state (null: zeros)
     * @param lengths each sequence's length (B), or null when all have length T
     */
    public RnnOutput forward(Tensor x, RnnState state, Tensor lengths) {
        boolean unbatched = x.dim() == 2;
        if (x.dim() != 3 && !unbatched) {
            throw new IllegalArgumentException(describe() + ": expected input of shape " + (batchFirst ? "(B, T, F)" : "(T, B, F)")
                    + " or (T, F), got " + x.shape());
        }
        Tensor seq = unbatched ? x.unsqueeze(1) : batchFirst ? x.transpose(0, 1) : x;
        if (seq.size(2) != inputSize) {
            throw new IllegalArgumentException(describe() + ": expected input with " + inputSize
                    + " features (last dimension), got shape " + x.shape());
        }
        int steps = seq.size(0);
        int batch = seq.size(1);
        Tensor[] masks = masks(lengths, steps, batch, x.shape());
        Tensor h0 = initial(state == null ? null : state.h(), "h", batch, x.dtype(), unbatched);
        Tensor c0 = needsCell() ? initial(state == null ? null : state.c(), "c", batch, x.dtype(), unbatched) : null;
        List<Tensor> finalH = new ArrayList<>();
        List<Tensor> finalC = new ArrayList<>();
        Tensor layerInput = seq;
        for (int layer = 0; layer < numLayers; layer++) {
            List<Tensor> outputs = new ArrayList<>();
            for (int d = 0; d < directions(); d++) {
                int index = layer * directions() + d;
                RnnState last = runDirection(layerInput, layer, d, h0.select(0, index),
                        c0 == null ? null : c0.select(0, index), masks, outputs);
                finalH.add(last.h());
                if (last.c() != null) {
                    finalC.add(last.c());
                }
            }
            layerInput = outputs.size() == 1 ? outputs.getFirst() : Tensor.cat(outputs, 2);
            if (layer < numLayers - 1 && dropout > 0) {
                layerInput = F.dropout(layerInput, dropout, isTraining());
            }
        }
        Tensor output = unbatched ? layerInput.squeeze(1) : batchFirst ? layerInput.transpose(0, 1) : layerInput;
        Tensor h = Tensor.stack(finalH, 0);
        Tensor c = finalC.isEmpty() ? null : Tensor.stack(finalC, 0);
        if (unbatched) {
            h = h.squeeze(1);
            c = c == null ? null : c.squeeze(1);
        }
        return new RnnOutput(output, new RnnState(h, c));
    }

    /** Runs one direction of one layer; appends its outputs (T, B, H) and returns its final state. */
    private RnnState runDirection(Tensor input, int layer, int d, Tensor h, Tensor c, Tensor[] masks,
            List<Tensor> outputs) {
        String suffix = "_l" + layer + (d == 1 ? "_reverse" : "");
        Tensor wih = parameter("weight_ih" + suffix);
        Tensor whh = parameter("weight_hh" + suffix);
        Tensor bih = parameter("bias_ih" + suffix);
        Tensor bhh = parameter("bias_hh" + suffix);
        boolean foldHiddenBias = bhh != null && foldsHiddenBias();
        Tensor inputBias = foldHiddenBias ? bih.add(bhh) : bih;
        Tensor projected = Fused.linear(input, wih, inputBias, false);        // (T, B, gates·H), one GEMM
        List<Tensor> perStep = projected.unbind(0);
        int steps = input.size(0);
        Tensor[] out = new Tensor[steps];
        Tensor stepBias = foldHiddenBias ? null : bhh;
        for (int i = 0; i < steps; i++) {
            int t = d == 0 ? i : steps - 1 - i;
            RnnState next = step(perStep.get(t), new RnnState(h, c), whh, stepBias);
            if (masks == null) {
                h = next.h();
                c = next.c();
                out[t] = h;
            } else {
                h = Tensor.where(masks[t], next.h(), h);
                c = c == null ? null : Tensor.where(masks[t], next.c(), c);
                out[t] = next.h().maskedFill(masks[t].logicalNot(), 0);
            }
        }
        outputs.add(Tensor.stack(java.util.Arrays.asList(out), 0));
        return new RnnState(h, c);
    }

    /** One step of this cell type from the projected input xp. */
    abstract RnnState step(Tensor xp, RnnState state, Tensor whh, Tensor bhh);

    /** Whether the cell's hidden bias can be added to the input projection once (not for GRU's n gate). */
    abstract boolean foldsHiddenBias();

    /** Whether the state includes a cell state (LSTM). */
    abstract boolean needsCell();

    /** Per step, a (B, 1) bool mask of the sequences still running; null when all have full length. */
    private Tensor[] masks(Tensor lengths, int steps, int batch, Shape inputShape) {
        if (lengths == null) {
            return null;
        }
        if (lengths.dim() != 1 || lengths.size(0) != batch || !lengths.dtype().isIntegral()) {
            throw new IllegalArgumentException(describe() + ": lengths must be " + batch + " integers (one per sequence),"
                    + " got " + lengths.dtype() + " " + lengths.shape());
        }
        for (long len : lengths.toLongArray()) {
            if (len < 1 || len > steps) {
                throw new IllegalArgumentException(describe() + ": a length of " + len + " is outside [1, " + steps
                        + "], the sequence length of input " + inputShape);
            }
        }
        Tensor column = lengths.to(DType.INT64).unsqueeze(1);
        Tensor[] masks = new Tensor[steps];
        for (int t = 0; t < steps; t++) {
            masks[t] = column.gt((double) t);
        }
        return masks;
    }

    private Tensor initial(Tensor given, String what, int batch, DType dtype, boolean unbatched) {
        Shape expected = unbatched ? Shape.of(numLayers * directions(), hiddenSize)
                : Shape.of(numLayers * directions(), batch, hiddenSize);
        if (given == null) {
            return Tensor.zeros(Shape.of(numLayers * directions(), batch, hiddenSize), dtype);
        }
        if (!given.shape().equals(expected)) {
            throw new IllegalArgumentException(describe() + ": the initial state " + what + " must have shape " + expected
                    + ", got " + given.shape());
        }
        return unbatched ? given.unsqueeze(1) : given;
    }

    @Override
    protected String extraRepr() {
        return inputSize + ", " + hiddenSize + (numLayers > 1 ? ", num_layers=" + numLayers : "")
                + (bias ? "" : ", bias=False") + (batchFirst ? ", batch_first=True" : "")
                + (dropout > 0 ? ", dropout=" + dropout : "") + (bidirectional ? ", bidirectional=True" : "");
    }
}
