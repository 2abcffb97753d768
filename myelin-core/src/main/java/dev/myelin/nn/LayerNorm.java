package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * Layer normalisation (Ba et al. 2016) over the last dimensions of the input:
 * y = (x - mean) / √(var + eps)·γ + β, with mean and (biased) var of each sample's last
 * dimensions. PyTorch's {@code nn.LayerNorm}; γ ({@code weight}) starts at ones, β ({@code bias})
 * at zeros, both of the normalised shape.
 *
 * <pre>{@code
 * LayerNorm ln = new LayerNorm(512);
 * Tensor y = ln.forward(x);                // (B, T, 512) -> (B, T, 512)
 * }</pre>
 */
public final class LayerNorm extends Module {
    private final int[] normalizedShape;
    private final double eps;

    /** Normalises the trailing dimensions {@code normalizedShape} with eps 1e-5 and affine parameters. */
    public LayerNorm(int... normalizedShape) {
        this(normalizedShape, 1e-5, true);
    }

    /** Normalises the trailing dimensions {@code normalizedShape}, with or without γ and β. */
    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine) {
        if (normalizedShape.length == 0) {
            throw new IllegalArgumentException("LayerNorm: normalizedShape must have at least one dimension");
        }
        for (int d : normalizedShape) {
            Layers.positive("LayerNorm", "each normalized dimension", d);
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("LayerNorm: eps must be positive, got " + eps);
        }
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        registerParameter("weight", elementwiseAffine ? Tensor.ones(normalizedShape) : null);
        registerParameter("bias", elementwiseAffine ? Tensor.zeros(normalizedShape) : null);
    }

    /** γ, or {@code null}. */
    public Tensor weight() {
        return parameter("weight");
    }

    /** β, or {@code null}. */
    public Tensor bias() {
        return parameter("bias");
    }

    @Override
    public Tensor forward(Tensor x) {
        return hooked(F.layerNorm(x, normalizedShape, weight(), bias(), eps));
    }

    @Override
    protected String extraRepr() {
        return Shape.of(normalizedShape) + ", eps=" + eps + (weight() == null ? ", elementwiseAffine=false" : "");
    }
}
