package dev.myelin.kernels;

/**
 * The elementwise functions of one tensor, with their reference definitions in double (and, for
 * those that keep integer types, in long). Fast kernels are tested against these.
 *
 * <p>Some take parameters {@code p} and {@code q}: the bounds of {@link #CLAMP}, the exponent of
 * {@link #POW_SCALAR}, the beta and threshold of {@link #SOFTPLUS}.
 */
public enum UnaryOp {
    NEG, ABS, SIGN, SQUARE,
    EXP, LOG, LOG1P, EXPM1, SQRT, RSQRT, RECIPROCAL,
    SIN, COS, TANH, SIGMOID, ERF,
    RELU, GELU, GELU_TANH, SILU, SOFTPLUS,
    FLOOR, CEIL, ROUND, CLAMP, POW_SCALAR;

    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    /** Whether an integer input keeps its integer type (neg, abs, ...); others compute in float. */
    public boolean keepsIntegers() {
        return switch (this) {
            case NEG, ABS, SIGN, SQUARE, RELU, FLOOR, CEIL, ROUND -> true;
            default -> false;
        };
    }

    /** The reference value of this function at {@code x}. */
    public static double apply(UnaryOp op, double x, double p, double q) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> Math.signum(x);
            case SQUARE -> x * x;
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case LOG1P -> Math.log1p(x);
            case EXPM1 -> Math.expm1(x);
            case SQRT -> Math.sqrt(x);
            case RSQRT -> 1 / Math.sqrt(x);
            case RECIPROCAL -> 1 / x;
            case SIN -> Math.sin(x);
            case COS -> Math.cos(x);
            case TANH -> Math.tanh(x);
            case SIGMOID -> sigmoid(x);
            case ERF -> erf(x);
            case RELU -> x <= 0 ? 0 : x;
            case GELU -> 0.5 * x * (1 + erf(x * SQRT_HALF));
            case GELU_TANH -> 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)));
            case SILU -> x * sigmoid(x);
            case SOFTPLUS -> x * p > q ? x : Math.log1p(Math.exp(p * x)) / p;
            case FLOOR -> Math.floor(x);
            case CEIL -> Math.ceil(x);
            case ROUND -> Math.rint(x);
            case CLAMP -> Math.min(Math.max(x, p), q);
            case POW_SCALAR -> Math.pow(x, p);
        };
    }

    /** The reference value for integer inputs of the ops that {@link #keepsIntegers()}. */
    public static long applyLong(UnaryOp op, long x) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> Long.signum(x);
            case SQUARE -> x * x;
            case RELU -> Math.max(x, 0);
            case FLOOR, CEIL, ROUND -> x;
            default -> throw new IllegalArgumentException(op + " has no integer form");
        };
    }

    /** The logistic function 1 / (1 + e^-x), computed without overflow for either sign. */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    /**
     * The error function to about 1e-15: its Maclaurin series below |x| = 2, and above it the
     * continued fraction of erfc, evaluated from the tail.
     */
    public static double erf(double x) {
        double a = Math.abs(x);
        if (Double.isNaN(x)) {
            return x;
        }
        if (a < 2) {
            double x2 = x * x;
            double term = x;
            double sum = x;
            for (int n = 1; n < 100; n++) {
                term *= -x2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
                    break;
                }
            }
            return TWO_OVER_SQRT_PI * sum;
        }
        if (a > 6.5) {
            return Math.signum(x);
        }
        // erfc(a) = exp(-a^2) / sqrt(pi) / (a + (1/2) / (a + 1 / (a + (3/2) / (a + ...))))
        double f = a;
        for (int k = 80; k >= 1; k--) {
            f = a + (k / 2.0) / f;
        }
        double erfc = Math.exp(-a * a) / Math.sqrt(Math.PI) / f;
        return Math.signum(x) * (1 - erfc);
    }
}
