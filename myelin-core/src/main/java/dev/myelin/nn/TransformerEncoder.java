package dev.myelin.nn;

import dev.myelin.tensor.Tensor;
import java.util.function.Supplier;

/**
 * A stack of encoder layers, each reading the one below, with an optional final layer norm
 * (needed after pre-LayerNorm layers): PyTorch's {@code nn.TransformerEncoder}; state-dict keys
 * {@code layers.0...}, {@code norm...}.
 *
 * <pre>{@code
 * var encoder = new TransformerEncoder(() -> new TransformerEncoderLayer(256, 4, options), 4, new LayerNorm(256));
 * }</pre>
 */
public final class TransformerEncoder extends Module {
    private final ModuleList layers;
    private final LayerNorm norm;

    /** {@code numLayers} layers made by {@code layer} (copies of the first: equal weights at the start, as in PyTorch), then {@code norm} (or null). */
    public TransformerEncoder(Supplier<TransformerEncoderLayer> layer, int numLayers, LayerNorm norm) {
        Layers.positive("TransformerEncoder", "numLayers", numLayers);
        layers = register("layers", ModuleList.clones(numLayers, layer));
        this.norm = norm == null ? null : register("norm", norm);
    }

    @Override
    public Tensor forward(Tensor src) {
        return forward(src, null, null);
    }

    /** The stack over {@code src} with the same masks for every layer (see {@link TransformerEncoderLayer}). */
    public Tensor forward(Tensor src, Tensor mask, Tensor keyPaddingMask) {
        Tensor x = src;
        for (Module layer : layers) {
            x = ((TransformerEncoderLayer) layer).forward(x, mask, keyPaddingMask);
        }
        return norm == null ? x : norm.forward(x);
    }
}
