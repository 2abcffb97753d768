package dev.myelin.nn;

import dev.myelin.tensor.Tensor;
import java.util.function.Supplier;

/**
 * A stack of decoder layers with an optional final layer norm: PyTorch's
 * {@code nn.TransformerDecoder}; state-dict keys {@code layers.0...}, {@code norm...}.
 */
public final class TransformerDecoder extends Module {
    private final ModuleList layers;
    private final LayerNorm norm;

    /** {@code numLayers} layers made by {@code layer} (copies of the first: equal weights at the start, as in PyTorch), then {@code norm} (or null). */
    public TransformerDecoder(Supplier<TransformerDecoderLayer> layer, int numLayers, LayerNorm norm) {
        Layers.positive("TransformerDecoder", "numLayers", numLayers);
        layers = register("layers", ModuleList.clones(numLayers, layer));
        this.norm = norm == null ? null : register("norm", norm);
    }

    /** The stack over {@code tgt} attending to {@code memory}; masks as in {@link TransformerDecoderLayer}. */
    public Tensor forward(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask,
            Tensor memoryKeyPaddingMask) {
        Tensor x = tgt;
        for (Module layer : layers) {
            x = ((TransformerDecoderLayer) layer).forward(x, memory, tgtMask, memoryMask, tgtKeyPaddingMask,
                    memoryKeyPaddingMask);
        }
        return norm == null ? x : norm.forward(x);
    }
}
