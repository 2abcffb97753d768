package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.tensor.Tensor;

/**
 * One Transformer decoder layer: masked self-attention over the target, attention to the
 * encoder's output (the memory), then a feed-forward block, each with a residual connection,
 * dropout and layer normalisation (after, or with {@code normFirst} before, the block): PyTorch's
 * {@code nn.TransformerDecoderLayer} with the same submodule names ({@code self_attn},
 * {@code multihead_attn}, {@code linear1}, {@code linear2}, {@code norm1..3}).
 */
public final class TransformerDecoderLayer extends Module {
    private final TransformerOptions options;
    private final MultiheadAttention selfAttn;
    private final MultiheadAttention crossAttn;
    private final Linear linear1;
    private final Linear linear2;
    private final LayerNorm norm1;
    private final LayerNorm norm2;
    private final LayerNorm norm3;

    /** A layer of width {@code dModel} with {@code nhead} heads and PyTorch's default options. */
    public TransformerDecoderLayer(int dModel, int nhead) {
        this(dModel, nhead, TransformerOptions.defaults());
    }

    /** A layer with the given options. */
    public TransformerDecoderLayer(int dModel, int nhead, TransformerOptions options) {
        this.options = options;
        selfAttn = register("self_attn", new MultiheadAttention(dModel, nhead, options.attention()));
        crossAttn = register("multihead_attn", new MultiheadAttention(dModel, nhead, options.attention()));
        linear1 = register("linear1", new Linear(dModel, options.dimFeedforward()));
        linear2 = register("linear2", new Linear(options.dimFeedforward(), dModel));
        norm1 = register("norm1", new LayerNorm(new int[] {dModel}, options.layerNormEps(), true));
        norm2 = register("norm2", new LayerNorm(new int[] {dModel}, options.layerNormEps(), true));
        norm3 = register("norm3", new LayerNorm(new int[] {dModel}, options.layerNormEps(), true));
    }

    /**
     * The layer over the target {@code tgt}, attending to {@code memory}.
     *
     * @param tgtMask (T, T) mask of the self-attention (usually causal), or null
     * @param memoryMask (T, S) mask of the attention to memory, or null
     * @param tgtKeyPaddingMask (B, T) bool, true at target padding, or null
     * @param memoryKeyPaddingMask (B, S) bool, true at memory padding, or null
     */
    public Tensor forward(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask,
            Tensor memoryKeyPaddingMask) {
        Tensor x = tgt;
        if (options.normFirst()) {
            x = x.add(selfBlock(norm1.forward(x), tgtMask, tgtKeyPaddingMask));
            x = x.add(crossBlock(norm2.forward(x), memory, memoryMask, memoryKeyPaddingMask));
            return x.add(feedForward(norm3.forward(x)));
        }
        x = norm1.forward(x.add(selfBlock(x, tgtMask, tgtKeyPaddingMask)));
        x = norm2.forward(x.add(crossBlock(x, memory, memoryMask, memoryKeyPaddingMask)));
        return norm3.forward(x.add(feedForward(x)));
    }

    private Tensor selfBlock(Tensor x, Tensor mask, Tensor padding) {
        return F.dropout(selfAttn.forward(x, x, x, padding, mask, false).output(), options.dropout(), isTraining());
    }

    private Tensor crossBlock(Tensor x, Tensor memory, Tensor mask, Tensor padding) {
        return F.dropout(crossAttn.forward(x, memory, memory, padding, mask, false).output(), options.dropout(),
                isTraining());
    }

    private Tensor feedForward(Tensor x) {
        return TransformerEncoderLayer.feedForward(x, linear1, linear2, options, isTraining());
    }
}
