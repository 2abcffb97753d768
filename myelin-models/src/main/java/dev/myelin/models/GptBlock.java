package dev.myelin.models;

import dev.myelin.nn.LayerNorm;
import dev.myelin.nn.Linear;
import dev.myelin.nn.Module;
import dev.myelin.nn.functional.F;
import dev.myelin.tensor.Tensor;

/**
 * One pre-LayerNorm decoder block of a {@link Gpt}: x + attention(norm1(x)), then
 * x + linear2(GELU(linear1(norm2(x)))), with dropout after the attention, inside and after the
 * feed-forward block (training only).
 *
 * <p>Submodule names, shapes and initialisation are those of PyTorch's
 * {@code nn.TransformerEncoderLayer(norm_first=True, activation="gelu")} ({@code self_attn},
 * {@code linear1}, {@code linear2}, {@code norm1}, {@code norm2}): under a causal mask the two
 * compute the same, and their state dicts load into each other. Shapes: (B, T, E) to (B, T, E).
 */
final class GptBlock extends Module {
    private final CausalSelfAttention selfAttn;
    private final Linear linear1;
    private final Linear linear2;
    private final LayerNorm norm1;
    private final LayerNorm norm2;
    private final double dropout;

    GptBlock(int dModel, int heads, int feedForward, double dropout) {
        selfAttn = register("self_attn", new CausalSelfAttention(dModel, heads));
        linear1 = register("linear1", new Linear(dModel, feedForward));
        linear2 = register("linear2", new Linear(feedForward, dModel));
        norm1 = register("norm1", new LayerNorm(dModel));
        norm2 = register("norm2", new LayerNorm(dModel));
        this.dropout = dropout;
    }

    /** The block over x (B, T, E), extending layer {@code layer} of {@code cache} (or none: null). */
    Tensor forward(Tensor x, KvCache cache, int layer) {
        boolean training = isTraining();
        Tensor h = x.add(F.dropout(selfAttn.forward(norm1.forward(x), cache, layer), dropout, training));
        Tensor inner = F.dropout(F.gelu(linear1.forward(norm2.forward(h))), dropout, training);
        return h.add(F.dropout(linear2.forward(inner), dropout, training));
    }
}
