package dev.myelin.nn;

import dev.myelin.nn.init.Init;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * The encoder-decoder Transformer of "Attention is all you need": PyTorch's {@code nn.Transformer},
 * an encoder stack and a decoder stack, each ending in a layer norm; state-dict keys
 * {@code encoder.layers.0...}, {@code encoder.norm...}, {@code decoder...}. Embeddings and the
 * output projection are the model's own (see the translation demo). As in PyTorch, every matrix
 * starts Xavier-uniform.
 *
 * <pre>{@code
 * var t = new Transformer(128, 4, 2, 2, TransformerOptions.defaults().dimFeedforward(256).batchFirst(true));
 * Tensor y = t.forward(src, tgt, null, Transformer.causalMask(tgt.size(1)), null, srcPad, tgtPad, srcPad);
 * }</pre>
 */
public final class Transformer extends Module {
    private final TransformerEncoder encoder;
    private final TransformerDecoder decoder;

    /** A model of width {@code dModel}, {@code nhead} heads, and the given numbers of encoder and decoder layers. */
    public Transformer(int dModel, int nhead, int encoderLayers, int decoderLayers, TransformerOptions options) {
        encoder = register("encoder", new TransformerEncoder(() -> new TransformerEncoderLayer(dModel, nhead, options),
                encoderLayers, new LayerNorm(new int[] {dModel}, options.layerNormEps(), true)));
        decoder = register("decoder", new TransformerDecoder(() -> new TransformerDecoderLayer(dModel, nhead, options),
                decoderLayers, new LayerNorm(new int[] {dModel}, options.layerNormEps(), true)));
        for (Tensor p : parameters()) {
            if (p.dim() > 1) {
                Init.xavierUniform(p, 1);   // PyTorch's nn.Transformer re-draws every matrix
            }
        }
    }

    /** The encoder stack. */
    public TransformerEncoder encoder() {
        return encoder;
    }

    /** The decoder stack. */
    public TransformerDecoder decoder() {
        return decoder;
    }

    /** Encodes {@code src}, then decodes {@code tgt} attending to it; masks as in the layers (null for none). */
    public Tensor forward(Tensor src, Tensor tgt, Tensor srcMask, Tensor tgtMask, Tensor memoryMask,
            Tensor srcKeyPaddingMask, Tensor tgtKeyPaddingMask, Tensor memoryKeyPaddingMask) {
        Tensor memory = encoder.forward(src, srcMask, srcKeyPaddingMask);
        return decoder.forward(tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask);
    }

    /**
     * The float mask that keeps each position from attending later ones: 0 on and below the
     * diagonal, -inf above; PyTorch's {@code generate_square_subsequent_mask}.
     */
    public static Tensor causalMask(int size) {
        Tensor above = Tensor.arange(size).unsqueeze(0).gt(Tensor.arange(size).unsqueeze(1));
        return Tensor.zeros(Shape.of(size, size), dev.myelin.tensor.DType.FLOAT32).maskedFill(above, Double.NEGATIVE_INFINITY);
    }
}
