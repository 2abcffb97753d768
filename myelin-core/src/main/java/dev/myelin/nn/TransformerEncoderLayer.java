package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.tensor.Tensor;

/**
 * One Transformer encoder layer: self-attention, then a two-layer feed-forward block, each with
 * a residual connection, dropout and layer normalisation (after, or with {@code normFirst} before,
 * the block): PyTorch's {@code nn.TransformerEncoderLayer} with the same submodule names
 * ({@code self_attn}, {@code linear1}, {@code linear2}, {@code norm1}, {@code norm2}), so state
 * dicts interoperate.
 *
 * <pre>{@code
 * var layer = new TransformerEncoderLayer(256, 4, TransformerOptions.defaults().dimFeedforward(1024)
 *         .dropout(0).gelu(true).normFirst(true).batchFirst(true));
 * Tensor y = layer.forward(x, causalMask, null);          // x (B, T, 256)
 * }</pre>
 */
public final class TransformerEncoderLayer extends Module {
    private final TransformerOptions options;
    private final MultiheadAttention selfAttn;
    private final Linear linear1;
    private final Linear linear2;
    private final LayerNorm norm1;
    private final LayerNorm norm2;

    /** A layer of width {@code dModel} with {@code nhead} heads and PyTorch's default options. */
    public TransformerEncoderLayer(int dModel, int nhead) {
        this(dModel, nhead, TransformerOptions.defaults());
    }

    /** A layer with the given options. */
    public TransformerEncoderLayer(int dModel, int nhead, TransformerOptions options) {
        this.options = options;
        selfAttn = register("self_attn", new MultiheadAttention(dModel, nhead, options.attention()));
        linear1 = register("linear1", new Linear(dModel, options.dimFeedforward()));
        linear2 = register("linear2", new Linear(options.dimFeedforward(), dModel));
        norm1 = register("norm1", new LayerNorm(new int[] {dModel}, options.layerNormEps(), true));
        norm2 = register("norm2", new LayerNorm(new int[] {dModel}, options.layerNormEps(), true));
    }

    /** The layer without masks. */
    @Override
    public Tensor forward(Tensor src) {
        return forward(src, null, null);
    }

    /**
     * The layer over {@code src}.
     *
     * @param mask (T, T) attention mask (bool: true = not allowed; float: added), or null
     * @param keyPaddingMask (B, T) bool, true at padding, or null
     */
    public Tensor forward(Tensor src, Tensor mask, Tensor keyPaddingMask) {
        Tensor x = src;
        if (options.normFirst()) {
            x = x.add(attend(norm1.forward(x), mask, keyPaddingMask));
            return x.add(feedForward(norm2.forward(x)));
        }
        x = norm1.forward(x.add(attend(x, mask, keyPaddingMask)));
        return norm2.forward(x.add(feedForward(x)));
    }

    private Tensor attend(Tensor x, Tensor mask, Tensor keyPaddingMask) {
        Tensor y = selfAttn.forward(x, x, x, keyPaddingMask, mask, false).output();
        return F.dropout(y, options.dropout(), isTraining());
    }

    private Tensor feedForward(Tensor x) {
        return feedForward(x, linear1, linear2, options, isTraining());
    }

    /** linear2(dropout(activation(linear1(x)))), then dropout: the feed-forward block of both layer kinds. */
    static Tensor feedForward(Tensor x, Linear linear1, Linear linear2, TransformerOptions options, boolean training) {
        Tensor h = options.gelu() ? F.gelu(linear1.forward(x)) : F.relu(linear1.forward(x));
        return F.dropout(linear2.forward(F.dropout(h, options.dropout(), training)), options.dropout(), training);
    }
}
