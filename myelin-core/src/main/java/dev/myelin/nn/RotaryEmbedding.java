package dev.myelin.nn;

import dev.myelin.tensor.Tensor;

/**
 * Rotary position embedding (RoPE, Su et al. 2021): rotates each pair of features of queries and
 * keys by an angle proportional to the position, so that their dot product depends on the
 * distance between positions. Features i and i + D/2 form a pair (the rotate-half layout of
 * GPT-NeoX and Llama), rotated by position·base^(-2i/D). Nothing to learn; the angles are kept in
 * float64 and used in the input's dtype.
 *
 * <pre>{@code
 * RotaryEmbedding rope = new RotaryEmbedding(64, 2048);
 * q = rope.apply(q, 0);        // q (B, H, T, 64)
 * k = rope.apply(k, 0);
 * }</pre>
 */
public final class RotaryEmbedding extends Module {
    private final int dim;

    /** Rotations of a head of {@code dim} features (even) for up to {@code maxLen} positions, base 10000. */
    public RotaryEmbedding(int dim, int maxLen) {
        this(dim, maxLen, 10000);
    }

    /** Rotations with the given frequency base. */
    public RotaryEmbedding(int dim, int maxLen, double base) {
        if (dim <= 0 || dim % 2 != 0) {
            throw new IllegalArgumentException("RotaryEmbedding: dim must be positive and even, got " + dim);
        }
        Layers.positive("RotaryEmbedding", "maxLen", maxLen);
        this.dim = dim;
        double[] cos = new double[maxLen * dim];
        double[] sin = new double[maxLen * dim];
        for (int p = 0; p < maxLen; p++) {
            for (int i = 0; i < dim / 2; i++) {
                double angle = p * Math.pow(base, -2.0 * i / dim);
                cos[p * dim + i] = cos[p * dim + i + dim / 2] = Math.cos(angle);
                sin[p * dim + i] = sin[p * dim + i + dim / 2] = Math.sin(angle);
            }
        }
        registerBuffer("cos", Tensor.fromArray(cos, maxLen, dim), false);
        registerBuffer("sin", Tensor.fromArray(sin, maxLen, dim), false);
    }

    /** x rotated for positions offset..offset+T-1: x·cos + rotateHalf(x)·sin, for x (..., T, dim). */
    public Tensor apply(Tensor x, int offset) {
        Tensor cos = buffer("cos");
        int steps = x.size(-2);
        if (x.size(-1) != dim || offset < 0 || offset + steps > cos.size(0)) {
            throw new IllegalArgumentException(describe() + ": expected (..., T, " + dim + ") with offset + T <= "
                    + cos.size(0) + ", got " + x.shape() + " at offset " + offset);
        }
        Tensor c = cos.narrow(0, offset, steps).to(x.dtype());
        Tensor s = buffer("sin").narrow(0, offset, steps).to(x.dtype());
        Tensor first = x.narrow(-1, 0, dim / 2);
        Tensor second = x.narrow(-1, dim / 2, dim / 2);
        Tensor rotated = Tensor.cat(java.util.List.of(second.neg(), first), -1);
        return x.mul(c).add(rotated.mul(s));
    }

    /** Rotation needs no input of its own: call {@link #apply(Tensor, int)}. */
    @Override
    public Tensor forward(Tensor x) {
        return apply(x, 0);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim + ", max_len=" + buffer("cos").size(0);
    }
}
