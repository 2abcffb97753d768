package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * Root-mean-square normalisation (Zhang and Sennrich 2019) over the last dimensions:
 * y = x / √(mean(x²) + eps)·γ. PyTorch's {@code nn.RMSNorm} (since 2.4; used by LLaMA-style
 * models). γ ({@code weight}) starts at ones; eps defaults to the machine epsilon of the input's
 * dtype, as in PyTorch.
 *
 * <pre>{@code
 * RMSNorm norm = new RMSNorm(4096);
 * Tensor y = norm.forward(h);              // (B, T, 4096) -> (B, T, 4096)
 * }</pre>
 */
public final class RMSNorm extends Module {
    private final int[] normalizedShape;
    private final Double eps;

    /** Normalises the trailing dimensions {@code normalizedShape} with the default eps and γ. */
    public RMSNorm(int... normalizedShape) {
        this(normalizedShape, null, true);
    }

    /**
     * @param eps added to the mean square, or {@code null} for the dtype's machine epsilon
     * @param elementwiseAffine whether to learn γ
     */
    public RMSNorm(int[] normalizedShape, Double eps, boolean elementwiseAffine) {
        if (normalizedShape.length == 0) {
            throw new IllegalArgumentException("RMSNorm: normalizedShape must have at least one dimension");
        }
        for (int d : normalizedShape) {
            Layers.positive("RMSNorm", "each normalized dimension", d);
        }
        if (eps != null && !(eps >= 0)) {
            throw new IllegalArgumentException("RMSNorm: eps must be >= 0, got " + eps);
        }
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        registerParameter("weight", elementwiseAffine ? Tensor.ones(normalizedShape) : null);
    }

    /** γ, or {@code null}. */
    public Tensor weight() {
        return parameter("weight");
    }

    @Override
    public Tensor forward(Tensor x) {
        double e = eps != null ? eps : x.dtype() == DType.FLOAT64 ? Math.ulp(1.0) : Math.ulp(1.0f);
        return hooked(F.rmsNorm(x, normalizedShape, weight(), e));
    }

    @Override
    protected String extraRepr() {
        return Shape.of(normalizedShape) + (eps == null ? "" : ", eps=" + eps)
                + (weight() == null ? ", elementwiseAffine=false" : "");
    }
}
