package dev.myelin.nn;

import dev.myelin.tensor.Tensor;

/**
 * Adds the fixed sinusoidal position signal of "Attention is all you need":
 * PE(p, 2i) = sin(p / 10000^(2i/d)), PE(p, 2i+1) = cos(p / 10000^(2i/d)). Nothing to learn.
 *
 * <p>Shapes: x (B, T, d) with {@code batchFirst}, else (T, B, d); T at most {@code maxLen}.
 */
public final class SinusoidalPositionalEncoding extends Module {
    private final boolean batchFirst;

    /** Encodings for up to {@code maxLen} positions of width {@code dModel} (even). */
    public SinusoidalPositionalEncoding(int dModel, int maxLen, boolean batchFirst) {
        Layers.positive("SinusoidalPositionalEncoding", "maxLen", maxLen);
        if (dModel <= 0 || dModel % 2 != 0) {
            throw new IllegalArgumentException("SinusoidalPositionalEncoding: dModel must be positive and even, got " + dModel);
        }
        this.batchFirst = batchFirst;
        double[] pe = new double[maxLen * dModel];
        for (int p = 0; p < maxLen; p++) {
            for (int i = 0; i < dModel; i += 2) {
                double angle = p / Math.pow(10000, (double) i / dModel);
                pe[p * dModel + i] = Math.sin(angle);
                pe[p * dModel + i + 1] = Math.cos(angle);
            }
        }
        registerBuffer("pe", Tensor.fromArray(pe, maxLen, dModel), false);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor pe = buffer("pe");
        int steps = x.size(batchFirst ? 1 : 0);
        if (x.dim() != 3 || x.size(2) != pe.size(1) || steps > pe.size(0)) {
            throw new IllegalArgumentException(describe() + ": expected " + (batchFirst ? "(B, T, " : "(T, B, ")
                    + pe.size(1) + ") with T <= " + pe.size(0) + ", got " + x.shape());
        }
        Tensor signal = pe.narrow(0, 0, steps).to(x.dtype());
        return x.add(batchFirst ? signal : signal.unsqueeze(1));
    }

    /** The encoding's values (maxLen, dModel). */
    public Tensor table() {
        return buffer("pe");
    }

    @Override
    protected String extraRepr() {
        return buffer("pe").size(1) + ", max_len=" + buffer("pe").size(0);
    }
}
