package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.tensor.Tensor;

/**
 * A bilinear layer: y_k = x1ᵀ·W_k·x2 + b_k. PyTorch's {@code nn.Bilinear}.
 *
 * <p>Shapes: x1 (*, in1) and x2 (*, in2) give (*, out). Weight (out, in1, in2) and bias (out)
 * start U(-1/√in1, 1/√in1), as in PyTorch.
 *
 * <pre>{@code
 * Bilinear b = new Bilinear(5, 4, 3);
 * Tensor y = b.forward(x1, x2);           // (N, 5), (N, 4) -> (N, 3)
 * }</pre>
 */
public final class Bilinear extends Module {
    private final int in1;
    private final int in2;
    private final int out;

    /** A layer of two inputs of {@code in1} and {@code in2} features to {@code out}, with bias. */
    public Bilinear(int in1, int in2, int out) {
        this(in1, in2, out, true);
    }

    /** A layer of two inputs of {@code in1} and {@code in2} features to {@code out}. */
    public Bilinear(int in1, int in2, int out, boolean bias) {
        Layers.positive("Bilinear", "in1", in1);
        Layers.positive("Bilinear", "in2", in2);
        Layers.positive("Bilinear", "out", out);
        this.in1 = in1;
        this.in2 = in2;
        this.out = out;
        double bound = 1 / Math.sqrt(in1);
        registerParameter("weight", dev.myelin.nn.init.Init.uniform(Tensor.zeros(out, in1, in2), -bound, bound));
        registerParameter("bias", bias ? Layers.fanInUniform(out, in1) : null);
    }

    /** The weight (out, in1, in2). */
    public Tensor weight() {
        return parameter("weight");
    }

    /** The bias (out), or {@code null}. */
    public Tensor bias() {
        return parameter("bias");
    }

    /** The output for x1 (*, in1) and x2 (*, in2). */
    public Tensor forward(Tensor x1, Tensor x2) {
        if (x1.dim() == 0 || x2.dim() == 0 || x1.size(-1) != in1 || x2.size(-1) != in2) {
            throw new IllegalArgumentException(describe() + ": expected inputs with " + in1 + " and " + in2
                    + " features (last dimension), got shapes " + x1.shape() + " and " + x2.shape());
        }
        return hooked(F.bilinear(x1, x2, weight(), bias()));
    }

    @Override
    protected String extraRepr() {
        return "in1=" + in1 + ", in2=" + in2 + ", out=" + out + (bias() == null ? ", bias=false" : "");
    }
}
