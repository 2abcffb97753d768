package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.nn.init.Init;
import dev.myelin.tensor.Attention;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.util.List;

/**
 * Multi-head attention: PyTorch's {@code nn.MultiheadAttention}, with its parameter layout
 * ({@code in_proj_weight} (3E, E) holding the query, key and value projections, {@code in_proj_bias},
 * {@code out_proj}), initialisation (Xavier-uniform projections, zero biases) and mask
 * conventions.
 *
 * <p>Shapes: query (L, B, E) and key, value (S, B, E), or (B, L, E) and (B, S, E) with
 * {@code batchFirst}. Masks follow PyTorch's {@code nn.MultiheadAttention}: the key padding mask
 * (B, S) is true at keys to ignore; a bool attention mask (L, S) or (B·H, L, S) is true where
 * attending is not allowed, a float one is added to the scores. Without attention weights the
 * fused attention kernel runs; with them (or with dropout in training) the scores are formed.
 *
 * <pre>{@code
 * MultiheadAttention attn = new MultiheadAttention(256, 4, MultiheadAttention.defaults().batchFirst(true));
 * Tensor y = attn.forward(x, x, x, padding, null, false).output();     // x (B, T, 256)
 * }</pre>
 */
public final class MultiheadAttention extends Module {
    private final int embedDim;
    private final int numHeads;
    private final double dropout;
    private final boolean batchFirst;
    private final Linear outProj;

    /** The settings of a multi-head attention layer; start from {@link #defaults()}. */
    public record Options(double dropout, boolean bias, boolean batchFirst) {
        /** These options with attention-weight dropout {@code p} (in training). */
        public Options dropout(double p) {
            return new Options(p, bias, batchFirst);
        }

        /** These options with or without projection biases. */
        public Options bias(boolean bias) {
            return new Options(dropout, bias, batchFirst);
        }

        /** These options with batch-first (B, T, E) inputs and outputs. */
        public Options batchFirst(boolean batchFirst) {
            return new Options(dropout, bias, batchFirst);
        }
    }

    /** PyTorch's defaults: no dropout, biases, sequence-first. */
    public static Options defaults() {
        return new Options(0, true, false);
    }

    /** What the layer returns: the attended values, and the attention weights (null unless asked for). */
    public record Output(Tensor output, Tensor weights) {}

    /** Attention over {@code embedDim} features split into {@code numHeads} heads. */
    public MultiheadAttention(int embedDim, int numHeads) {
        this(embedDim, numHeads, defaults());
    }

    /** Attention with the given options. */
    public MultiheadAttention(int embedDim, int numHeads, Options options) {
        Layers.positive("MultiheadAttention", "embedDim", embedDim);
        Layers.positive("MultiheadAttention", "numHeads", numHeads);
        Layers.probability("MultiheadAttention", options.dropout());
        if (embedDim % numHeads != 0) {
            throw new IllegalArgumentException("MultiheadAttention: embedDim " + embedDim
                    + " must be divisible by numHeads " + numHeads);
        }
        this.embedDim = embedDim;
        this.numHeads = numHeads;
        this.dropout = options.dropout();
        this.batchFirst = options.batchFirst();
        Linear out = new Linear(embedDim, embedDim, options.bias());   // drawn first, as in PyTorch
        registerParameter("in_proj_weight", Init.xavierUniform(Tensor.zeros(3 * embedDim, embedDim), 1));
        registerParameter("in_proj_bias", options.bias() ? Tensor.zeros(3 * embedDim) : null);
        outProj = register("out_proj", out);
        if (options.bias()) {
            try (var off = dev.myelin.autograd.Grad.off()) {
                outProj.parameter("bias").zeroInPlace();
            }
        }
    }

    /** Self-attention of x without masks: {@code forward(x, x, x, null, null, false).output()}. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, x, x, null, null, false).output();
    }

    /**
     * Attends from {@code query} to {@code key}/{@code value}.
     *
     * @param keyPaddingMask (B, S) bool, true at keys to ignore; or null
     * @param attnMask (L, S) or (B·H, L, S): bool, true where not allowed; or float, added; or null
     * @param needWeights also return the attention weights, averaged over the heads: (B, L, S)
     */
    public Output forward(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, Tensor attnMask,
            boolean needWeights) {
        if (query.dim() != 3 || key.dim() != 3 || value.dim() != 3 || query.size(2) != embedDim
                || key.size(2) != embedDim || value.size(2) != embedDim) {
            throw new IllegalArgumentException(describe() + ": expected query, key and value of shape "
                    + (batchFirst ? "(B, T, " : "(T, B, ") + embedDim + "), got " + query.shape() + ", " + key.shape()
                    + " and " + value.shape());
        }
        Tensor q = batchFirst ? query : query.transpose(0, 1);
        Tensor k = batchFirst ? key : key.transpose(0, 1);
        Tensor v = batchFirst ? value : value.transpose(0, 1);
        int batch = q.size(0);
        int l = q.size(1);
        int s = k.size(1);
        Tensor[] qkv = project(q, k, v);
        Tensor qh = heads(qkv[0], batch, l);
        Tensor kh = heads(qkv[1], batch, s);
        Tensor vh = heads(qkv[2], batch, s);
        Tensor mask = combinedMask(keyPaddingMask, attnMask, batch, l, s);
        double scale = 1 / Math.sqrt(embedDim / (double) numHeads);
        Tensor attended;
        Tensor weights = null;
        if (needWeights || (dropout > 0 && isTraining())) {
            Tensor scores = qh.matmul(kh.mT()).mul(scale);
            if (mask != null) {
                scores = mask.dtype() == DType.BOOL ? scores.maskedFill(mask.logicalNot(), Double.NEGATIVE_INFINITY)
                        : scores.add(mask);
            }
            Tensor probabilities = scores.softmax(-1);
            attended = F.dropout(probabilities, dropout, isTraining()).matmul(vh);
            weights = needWeights ? probabilities.mean(1) : null;
        } else {
            attended = Attention.scaledDotProduct(qh, kh, vh, mask, false, scale);
        }
        Tensor merged = attended.transpose(1, 2).reshape(batch, l, embedDim);
        Tensor out = outProj.forward(merged);
        return new Output(batchFirst ? out : out.transpose(0, 1), weights);
    }

    /** The query, key and value projections: one matrix product when all three inputs are the same tensor. */
    private Tensor[] project(Tensor q, Tensor k, Tensor v) {
        Tensor w = parameter("in_proj_weight");
        Tensor b = parameter("in_proj_bias");
        if (q == k && k == v) {
            List<Tensor> parts = F.linear(q, w, b).chunk(3, -1);
            return new Tensor[] {parts.get(0), parts.get(1), parts.get(2)};
        }
        List<Tensor> ws = w.chunk(3, 0);
        List<Tensor> bs = b == null ? null : b.chunk(3, 0);
        Tensor[] in = {q, k, v};
        Tensor[] out = new Tensor[3];
        for (int i = 0; i < 3; i++) {
            out[i] = F.linear(in[i], ws.get(i), bs == null ? null : bs.get(i));
        }
        return out;
    }

    /** (B, T, E) to (B, H, T, E/H). */
    private Tensor heads(Tensor x, int batch, int length) {
        return x.reshape(batch, length, numHeads, embedDim / numHeads).transpose(1, 2);
    }

    /**
     * The key padding and attention masks in the attention op's convention (bool true = may
     * attend, or additive float), shaped to broadcast against (B, H, L, S); null if none.
     */
    private Tensor combinedMask(Tensor keyPadding, Tensor attn, int batch, int l, int s) {
        Tensor padding = null;
        if (keyPadding != null) {
            if (!keyPadding.shape().equals(Shape.of(batch, s))) {
                throw new IllegalArgumentException(describe() + ": the key padding mask must have shape (" + batch + ", "
                        + s + "), got " + keyPadding.shape());
            }
            Tensor open = keyPadding.dtype() == DType.BOOL ? keyPadding.logicalNot() : keyPadding;
            padding = open.reshape(batch, 1, 1, s);
        }
        Tensor attention = null;
        if (attn != null) {
            boolean perHead = attn.dim() == 3;
            Shape expected = perHead ? Shape.of(batch * numHeads, l, s) : Shape.of(l, s);
            if (!attn.shape().equals(expected)) {
                throw new IllegalArgumentException(describe() + ": the attention mask must have shape (" + l + ", " + s
                        + ") or (" + batch * numHeads + ", " + l + ", " + s + "), got " + attn.shape());
            }
            Tensor shaped = perHead ? attn.reshape(batch, numHeads, l, s) : attn;
            attention = attn.dtype() == DType.BOOL ? shaped.logicalNot() : shaped;
        }
        if (padding == null || attention == null) {
            return padding != null ? padding : attention;
        }
        if (padding.dtype() == DType.BOOL && attention.dtype() == DType.BOOL) {
            return padding.logicalAnd(attention);
        }
        return additive(padding).add(additive(attention));
    }

    private static Tensor additive(Tensor mask) {
        return mask.dtype() == DType.BOOL
                ? Tensor.where(mask, Tensor.scalar(0.0), Tensor.scalar(Double.NEGATIVE_INFINITY)) : mask;
    }

    @Override
    protected String extraRepr() {
        return "embed_dim=" + embedDim + ", num_heads=" + numHeads + (dropout > 0 ? ", dropout=" + dropout : "")
                + (batchFirst ? ", batch_first=True" : "");
    }
}
