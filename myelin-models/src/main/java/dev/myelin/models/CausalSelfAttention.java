package dev.myelin.models;

import dev.myelin.autograd.Grad;
import dev.myelin.nn.Linear;
import dev.myelin.nn.Module;
import dev.myelin.nn.functional.F;
import dev.myelin.nn.init.Init;
import dev.myelin.tensor.Attention;
import dev.myelin.tensor.Tensor;
import java.util.List;

/**
 * Multi-head causal self-attention that can extend a {@link KvCache}: each position attends to
 * itself and the positions before it, including those cached by earlier calls.
 *
 * <p>Parameters and initialisation are those of PyTorch's {@code nn.MultiheadAttention}
 * ({@code in_proj_weight} (3E, E) Xavier-uniform, {@code in_proj_bias} (3E) zero,
 * {@code out_proj} with a zero bias), so its state dict is interchangeable with that layer's.
 * Shapes: x (B, T, E) to (B, T, E).
 */
final class CausalSelfAttention extends Module {
    private final int dModel;
    private final int heads;
    private final Linear outProj;

    CausalSelfAttention(int dModel, int heads) {
        this.dModel = dModel;
        this.heads = heads;
        Linear out = new Linear(dModel, dModel);   // drawn first, as in PyTorch
        registerParameter("in_proj_weight", Init.xavierUniform(Tensor.zeros(3 * dModel, dModel), 1));
        registerParameter("in_proj_bias", Tensor.zeros(3 * dModel));
        outProj = register("out_proj", out);
        try (var off = Grad.off()) {
            outProj.bias().zeroInPlace();
        }
    }

    /**
     * Attends over the cached positions (if {@code cache} is not null) and those of {@code x};
     * appends this call's keys and values to layer {@code layer} of the cache.
     */
    Tensor forward(Tensor x, KvCache cache, int layer) {
        int batch = x.size(0);
        int t = x.size(1);
        List<Tensor> qkv = F.linear(x, parameter("in_proj_weight"), parameter("in_proj_bias")).chunk(3, -1);
        Tensor q = splitHeads(qkv.get(0));
        Tensor[] kv = {splitHeads(qkv.get(1)), splitHeads(qkv.get(2))};
        if (cache != null) {
            kv = cache.append(layer, kv[0], kv[1]);
        }
        int past = kv[0].size(2) - t;
        // With nothing cached the kernel's causal flag does it; one new query may see every key;
        // several new queries after a cached past need the causal mask shifted by the past.
        Tensor mask = past > 0 && t > 1 ? shiftedCausalMask(t, past) : null;
        double scale = 1 / Math.sqrt(dModel / (double) heads);
        Tensor y = Attention.scaledDotProduct(q, kv[0], kv[1], mask, past == 0, scale);
        return outProj.forward(y.transpose(1, 2).reshape(batch, t, dModel));
    }

    /** (B, T, E) to (B, H, T, E/H). */
    private Tensor splitHeads(Tensor x) {
        return x.reshape(x.size(0), x.size(1), heads, dModel / heads).transpose(1, 2);
    }

    /** (T, past + T) bool, true where query i (at position past + i) may attend key j: j <= past + i. */
    private static Tensor shiftedCausalMask(int t, int past) {
        return Tensor.arange(past + t).unsqueeze(0).le(Tensor.arange(t).add(past).unsqueeze(1));
    }

    @Override
    protected String extraRepr() {
        return "embed_dim=" + dModel + ", num_heads=" + heads + ", causal=True";
    }
}
