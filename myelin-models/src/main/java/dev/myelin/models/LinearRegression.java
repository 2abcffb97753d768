package dev.myelin.models;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Tensor;

/**
 * Linear least squares, ŷ = x·w + b, solved in closed form: the linear baseline a learned model
 * must beat (scikit-learn's {@code Ridge}). The weights minimise
 * Σ_i (y_i - x_i·w - b)² + λ·|w|², from the normal equations (XᵀX + λI) w = Xᵀy (centred, so
 * the intercept is not penalised), solved by a Cholesky factorisation in float64.
 *
 * <p>Shapes: x (N, D), y (N), any floating type; {@link #predict} gives (N) float32.
 *
 * <pre>{@code
 * LinearRegression linear = LinearRegression.fit(train.x().flatten(1), train.y(), 1e-3);
 * Tensor forecast = linear.predict(test.x().flatten(1));
 * }</pre>
 */
public final class LinearRegression {
    private final Tensor weight;        // (D) float64
    private final double bias;

    private LinearRegression(Tensor weight, double bias) {
        this.weight = weight;
        this.bias = bias;
    }

    /**
     * The least-squares fit of y (N) on x (N, D) with ridge penalty {@code ridge} on the weights.
     *
     * @throws IllegalArgumentException if the shapes do not fit, ridge is negative, or the equations are singular
     *     (collinear features with ridge 0)
     */
    public static LinearRegression fit(Tensor x, Tensor y, double ridge) {
        if (x.dim() != 2 || y.dim() != 1 || y.size(0) != x.size(0) || x.size(0) == 0) {
            throw new IllegalArgumentException("LinearRegression.fit: expected x (N, D) and y (N) with N >= 1, got "
                    + x.shape() + " and " + y.shape());
        }
        if (!(ridge >= 0)) {
            throw new IllegalArgumentException("LinearRegression.fit: ridge must be >= 0, got " + ridge);
        }
        Tensor xd = x.to(DType.FLOAT64);
        Tensor yd = y.to(DType.FLOAT64);
        Tensor xMean = xd.mean(0);
        double yMean = yd.mean().item();
        Tensor xc = xd.sub(xMean);
        int d = x.size(1);
        double[] gram = xc.t().matmul(xc).contiguous().toDoubleArray();          // (D, D)
        double[] rhs = xc.t().matmul(yd.sub(yMean)).contiguous().toDoubleArray(); // (D)
        for (int i = 0; i < d; i++) {
            gram[i * d + i] += ridge;
        }
        double[] w = solveSymmetric(gram, rhs, d);
        Tensor weight = Tensor.fromArray(w, d);
        return new LinearRegression(weight, yMean - xMean.mul(weight).sum().item());
    }

    /**
     * The predictions (N) float32 for x (N, D).
     *
     * @throws IllegalArgumentException if x does not have D features
     */
    public Tensor predict(Tensor x) {
        if (x.dim() != 2 || x.size(1) != weight.size(0)) {
            throw new IllegalArgumentException("LinearRegression.predict: expected x (N, " + weight.size(0) + "), got "
                    + x.shape());
        }
        return x.to(DType.FLOAT64).matmul(weight).add(bias).to(DType.FLOAT32);
    }

    /** The weights (D) float64. */
    public Tensor weight() {
        return weight;
    }

    /** The intercept. */
    public double bias() {
        return bias;
    }

    /** Solves A z = b for a symmetric positive definite A (d, d) row-major, by Cholesky: A = L·Lᵀ. */
    static double[] solveSymmetric(double[] a, double[] b, int d) {
        double[] l = new double[d * d];
        for (int j = 0; j < d; j++) {
            double diagonal = a[j * d + j];
            for (int k = 0; k < j; k++) {
                diagonal -= l[j * d + k] * l[j * d + k];
            }
            if (!(diagonal > 1e-12 * Math.max(1, Math.abs(a[j * d + j])))) {
                throw new IllegalArgumentException("LinearRegression.fit: the normal equations are singular (feature " + j
                        + " is a linear combination of others); use a ridge > 0");
            }
            double root = Math.sqrt(diagonal);
            l[j * d + j] = root;
            for (int i = j + 1; i < d; i++) {
                double s = a[i * d + j];
                for (int k = 0; k < j; k++) {
                    s -= l[i * d + k] * l[j * d + k];
                }
                l[i * d + j] = s / root;
            }
        }
        double[] z = new double[d];
        for (int i = 0; i < d; i++) {                       // L z = b
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i * d + k] * z[k];
            }
            z[i] = s / l[i * d + i];
        }
        for (int i = d - 1; i >= 0; i--) {                  // Lᵀ w = z
            double s = z[i];
            for (int k = i + 1; k < d; k++) {
                s -= l[k * d + i] * z[k];
            }
            z[i] = s / l[i * d + i];
        }
        return z;
    }
}
