package dev.myelin.nn.init;

import dev.myelin.autograd.Grad;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * Weight initialisers: PyTorch's {@code torch.nn.init}. Each fills a tensor in place (without
 * recording gradients) and returns it; the random ones draw from a {@link Generator}, the
 * default one unless another is passed.
 *
 * <p>Fan-in and fan-out follow PyTorch: for a weight (out, in, k1, k2, ...) the receptive field
 * is k1·k2·..., fan-in = in·field and fan-out = out·field.
 *
 * <pre>{@code
 * Init.kaimingNormal(conv.weight(), 0, Init.Fan.FAN_OUT, Init.Nonlinearity.RELU);
 * Init.zeros(conv.bias());
 * Init.orthogonal(rnnWeight, 1.0, new Generator(7));
 * }</pre>
 */
public final class Init {
    private Init() {}

    /** Which fan a Kaiming initialiser preserves: the variance of activations (in) or of gradients (out). */
    public enum Fan { FAN_IN, FAN_OUT }

    /** The non-linearity that follows a layer, for {@link #gain}. */
    public enum Nonlinearity { LINEAR, SIGMOID, TANH, RELU, LEAKY_RELU, SELU }

    /**
     * The recommended gain for a non-linearity: 1 for linear and sigmoid, 5/3 for tanh, √2 for
     * ReLU, √(2 / (1 + slope²)) for leaky ReLU, 3/4 for SELU.
     *
     * @param param the negative slope for {@link Nonlinearity#LEAKY_RELU}, else ignored
     */
    public static double gain(Nonlinearity nonlinearity, double param) {
        return switch (nonlinearity) {
            case LINEAR, SIGMOID -> 1;
            case TANH -> 5.0 / 3;
            case RELU -> Math.sqrt(2);
            case LEAKY_RELU -> Math.sqrt(2 / (1 + param * param));
            case SELU -> 0.75;
        };
    }

    /** The fan-in of a weight of at least 2 dimensions: size(1)·receptive field. */
    public static int fanIn(Tensor t) {
        int field = receptiveField("fanIn", t);
        return t.size(1) * field;
    }

    /** The fan-out of a weight of at least 2 dimensions: size(0)·receptive field. */
    public static int fanOut(Tensor t) {
        int field = receptiveField("fanOut", t);
        return t.size(0) * field;
    }

    private static int receptiveField(String op, Tensor t) {
        if (t.dim() < 2) {
            throw new IllegalArgumentException(op + ": fan-in and fan-out need a tensor of at least 2 dimensions, got shape "
                    + t.shape());
        }
        int field = 1;
        for (int d = 2; d < t.dim(); d++) {
            field *= t.size(d);
        }
        return field;
    }

    // ------------------------------------------------------------------ constants

    /** Fills {@code t} with {@code value}. */
    public static Tensor constant(Tensor t, double value) {
        try (var off = Grad.off()) {
            return t.fillInPlace(value);
        }
    }

    /** Fills {@code t} with zeros. */
    public static Tensor zeros(Tensor t) {
        return constant(t, 0);
    }

    /** Fills {@code t} with ones. */
    public static Tensor ones(Tensor t) {
        return constant(t, 1);
    }

    // ------------------------------------------------------------------ plain distributions

    /** U(low, high) from the default generator. */
    public static Tensor uniform(Tensor t, double low, double high) {
        return uniform(t, low, high, Generator.defaultGenerator());
    }

    /** U(low, high). */
    public static Tensor uniform(Tensor t, double low, double high, Generator g) {
        if (!(low <= high)) {
            throw new IllegalArgumentException("uniform: low must not exceed high, got " + low + " and " + high);
        }
        return fill(t, Tensor.uniform(low, high, t.shape(), t.dtype(), g));
    }

    /** N(mean, std²) from the default generator. */
    public static Tensor normal(Tensor t, double mean, double std) {
        return normal(t, mean, std, Generator.defaultGenerator());
    }

    /** N(mean, std²). */
    public static Tensor normal(Tensor t, double mean, double std, Generator g) {
        if (!(std >= 0)) {
            throw new IllegalArgumentException("normal: std must be >= 0, got " + std);
        }
        return fill(t, Tensor.normal(mean, std, t.shape(), t.dtype(), g));
    }

    // ------------------------------------------------------------------ Xavier / Glorot

    /** Xavier (Glorot) uniform with the given gain, from the default generator. */
    public static Tensor xavierUniform(Tensor t, double gain) {
        return xavierUniform(t, gain, Generator.defaultGenerator());
    }

    /** Xavier (Glorot) uniform: U(-a, a) with a = gain·√(6 / (fan_in + fan_out)). */
    public static Tensor xavierUniform(Tensor t, double gain, Generator g) {
        double std = gain * Math.sqrt(2.0 / (fanIn(t) + fanOut(t)));
        return uniform(t, -Math.sqrt(3) * std, Math.sqrt(3) * std, g);
    }

    /** Xavier (Glorot) normal with the given gain, from the default generator. */
    public static Tensor xavierNormal(Tensor t, double gain) {
        return xavierNormal(t, gain, Generator.defaultGenerator());
    }

    /** Xavier (Glorot) normal: N(0, std²) with std = gain·√(2 / (fan_in + fan_out)). */
    public static Tensor xavierNormal(Tensor t, double gain, Generator g) {
        return normal(t, 0, gain * Math.sqrt(2.0 / (fanIn(t) + fanOut(t))), g);
    }

    // ------------------------------------------------------------------ Kaiming / He

    /** Kaiming (He) uniform with PyTorch's defaults: a = 0, fan-in, leaky ReLU (that is, ReLU's gain √2). */
    public static Tensor kaimingUniform(Tensor t) {
        return kaimingUniform(t, 0, Fan.FAN_IN, Nonlinearity.LEAKY_RELU, Generator.defaultGenerator());
    }

    /** Kaiming (He) uniform from the default generator. */
    public static Tensor kaimingUniform(Tensor t, double a, Fan mode, Nonlinearity nonlinearity) {
        return kaimingUniform(t, a, mode, nonlinearity, Generator.defaultGenerator());
    }

    /**
     * Kaiming (He) uniform: U(-b, b) with b = gain·√(3 / fan), gain from {@code nonlinearity}
     * with slope {@code a}. (PyTorch's Linear and Conv layers use a = √5, which gives
     * b = 1/√fan_in.)
     */
    public static Tensor kaimingUniform(Tensor t, double a, Fan mode, Nonlinearity nonlinearity, Generator g) {
        double bound = Math.sqrt(3) * kaimingStd(t, a, mode, nonlinearity);
        return uniform(t, -bound, bound, g);
    }

    /** Kaiming (He) normal with PyTorch's defaults: a = 0, fan-in, leaky ReLU. */
    public static Tensor kaimingNormal(Tensor t) {
        return kaimingNormal(t, 0, Fan.FAN_IN, Nonlinearity.LEAKY_RELU, Generator.defaultGenerator());
    }

    /** Kaiming (He) normal from the default generator. */
    public static Tensor kaimingNormal(Tensor t, double a, Fan mode, Nonlinearity nonlinearity) {
        return kaimingNormal(t, a, mode, nonlinearity, Generator.defaultGenerator());
    }

    /** Kaiming (He) normal: N(0, std²) with std = gain / √fan. */
    public static Tensor kaimingNormal(Tensor t, double a, Fan mode, Nonlinearity nonlinearity, Generator g) {
        return normal(t, 0, kaimingStd(t, a, mode, nonlinearity), g);
    }

    private static double kaimingStd(Tensor t, double a, Fan mode, Nonlinearity nonlinearity) {
        int fan = mode == Fan.FAN_IN ? fanIn(t) : fanOut(t);
        if (fan == 0) {
            throw new IllegalArgumentException("kaiming: cannot initialise a tensor with a zero fan, shape " + t.shape());
        }
        return gain(nonlinearity, a) / Math.sqrt(fan);
    }

    // ------------------------------------------------------------------ orthogonal

    /** A (semi-)orthogonal matrix scaled by {@code gain}, from the default generator. */
    public static Tensor orthogonal(Tensor t, double gain) {
        return orthogonal(t, gain, Generator.defaultGenerator());
    }

    /**
     * A (semi-)orthogonal matrix scaled by {@code gain} (Saxe et al. 2013): the tensor, viewed as
     * rows = size(0) by cols = the rest, gets orthonormal rows (if rows ≤ cols) or columns. Drawn
     * as the Q of a QR decomposition of a standard normal matrix, with R's diagonal made positive,
     * so that Q is uniformly distributed.
     */
    public static Tensor orthogonal(Tensor t, double gain, Generator g) {
        if (t.dim() < 2) {
            throw new IllegalArgumentException("orthogonal: needs a tensor of at least 2 dimensions, got shape "
                    + t.shape());
        }
        int rows = t.size(0);
        int cols = t.numel() / Math.max(rows, 1);
        int m = Math.max(rows, cols);   // Q is m x n with orthonormal columns
        int n = Math.min(rows, cols);
        // Drawn as PyTorch's orthogonal_ draws it (rows x cols in the tensor's dtype, transposed
        // when wide), so that a seed gives its matrix to the precision of its float32 QR.
        double[] drawn = Tensor.randn(Shape.of(rows, cols), t.dtype(), g).toDoubleArray();
        double[] a = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                a[i * n + j] = rows >= cols ? drawn[i * cols + j] : drawn[j * cols + i];
            }
        }
        orthonormalizeColumns(a, m, n);
        double[] out = new double[rows * cols];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                // Q (m x n) when rows >= cols, its transpose otherwise.
                int at = rows >= cols ? i * cols + j : j * cols + i;
                out[at] = gain * a[i * n + j];
            }
        }
        return fill(t, Tensor.fromArray(out, t.shape().toArray()));
    }

    /**
     * Gram-Schmidt applied twice ("twice is enough" for orthogonality to working precision):
     * afterwards the columns of the row-major m x n matrix are orthonormal and equal Q of A = QR
     * with a positive diagonal in R.
     */
    private static void orthonormalizeColumns(double[] a, int m, int n) {
        for (int j = 0; j < n; j++) {
            for (int pass = 0; pass < 2; pass++) {
                for (int k = 0; k < j; k++) {
                    double dot = 0;
                    for (int i = 0; i < m; i++) {
                        dot += a[i * n + k] * a[i * n + j];
                    }
                    for (int i = 0; i < m; i++) {
                        a[i * n + j] -= dot * a[i * n + k];
                    }
                }
            }
            double norm = 0;
            for (int i = 0; i < m; i++) {
                norm += a[i * n + j] * a[i * n + j];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < m; i++) {
                a[i * n + j] /= norm;
            }
        }
    }

    private static Tensor fill(Tensor t, Tensor values) {
        try (var off = Grad.off()) {
            return t.copyInPlace(values);
        }
    }
}
