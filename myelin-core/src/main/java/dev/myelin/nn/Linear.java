package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.tensor.Tensor;

/**
 * A fully connected layer: y = x·Wᵀ + b. PyTorch's {@code nn.Linear}.
 *
 * <p>Shapes: x (*, in) gives (*, out). Weight (out, in) and bias (out) start as PyTorch's,
 * U(-1/√in, 1/√in).
 *
 * <pre>{@code
 * Linear fc = new Linear(784, 10);
 * Tensor logits = fc.forward(x);          // x (32, 784) -> (32, 10)
 * }</pre>
 */
public final class Linear extends Module {
    private final int inFeatures;
    private final int outFeatures;

    /** A layer from {@code in} to {@code out} features, with bias. */
    public Linear(int in, int out) {
        this(in, out, true);
    }

    /** A layer from {@code in} to {@code out} features, with or without bias. */
    public Linear(int in, int out, boolean bias) {
        Layers.positive("Linear", "in", in);
        Layers.positive("Linear", "out", out);
        this.inFeatures = in;
        this.outFeatures = out;
        registerParameter("weight", Layers.kaimingWeight(out, in));
        registerParameter("bias", bias ? Layers.fanInUniform(out, in) : null);
    }

    /** The weight (out, in). */
    public Tensor weight() {
        return parameter("weight");
    }

    /** The bias (out), or {@code null}. */
    public Tensor bias() {
        return parameter("bias");
    }

    public int inFeatures() {
        return inFeatures;
    }

    public int outFeatures() {
        return outFeatures;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() == 0 || x.size(-1) != inFeatures) {
            throw new IllegalArgumentException(describe() + ": expected input with " + inFeatures
                    + " features (last dimension), got shape " + x.shape());
        }
        return hooked(F.linear(x, weight(), bias()));
    }

    @Override
    protected String extraRepr() {
        return "in=" + inFeatures + ", out=" + outFeatures + (bias() == null ? ", bias=false" : "");
    }
}
