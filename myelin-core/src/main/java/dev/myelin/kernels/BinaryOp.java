package dev.myelin.kernels;

/**
 * The elementwise functions of two tensors, with their reference definitions. Arithmetic ops
 * produce the operands' promoted type; comparisons and logical ops produce bool.
 */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM,
    /** a where b &gt; 0, else 0: the gradient of ReLU (a the incoming gradient, b the output). */
    RELU_GRAD,
    /** a · GELU'(b) = a · (Φ(b) + b·φ(b)): the gradient of exact GELU (a the incoming gradient, b the input). */
    GELU_GRAD,
    EQ, NE, LT, LE, GT, GE,
    LOGICAL_AND, LOGICAL_OR, LOGICAL_XOR;

    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    /** Whether the result is bool whatever the operands' type. */
    public boolean isPredicate() {
        return ordinal() >= EQ.ordinal();
    }

    /** The reference value of an arithmetic op in double. */
    public static double apply(BinaryOp op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> Math.pow(a, b);
            case MAXIMUM -> Math.max(a, b);
            case MINIMUM -> Math.min(a, b);
            case RELU_GRAD -> b > 0 ? a : 0;
            case GELU_GRAD -> a * (0.5 * (1 + UnaryOp.erf(b * SQRT_HALF)) + b * Math.exp(-0.5 * b * b) * INV_SQRT_2PI);
            default -> throw new IllegalArgumentException(op + " is a predicate");
        };
    }

    /** The reference value of an arithmetic op in long (integer division is not one of them). */
    public static long applyLong(BinaryOp op, long a, long b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case POW -> powLong(a, b);
            case MAXIMUM -> Math.max(a, b);
            case MINIMUM -> Math.min(a, b);
            case RELU_GRAD -> b > 0 ? a : 0;
            default -> throw new IllegalArgumentException(op + " has no integer form");
        };
    }

    /** The reference value of a predicate on doubles. */
    public static boolean test(BinaryOp op, double a, double b) {
        return switch (op) {
            case EQ -> a == b;
            case NE -> a != b;
            case LT -> a < b;
            case LE -> a <= b;
            case GT -> a > b;
            case GE -> a >= b;
            case LOGICAL_AND -> a != 0 && b != 0;
            case LOGICAL_OR -> a != 0 || b != 0;
            case LOGICAL_XOR -> (a != 0) != (b != 0);
            default -> throw new IllegalArgumentException(op + " is not a predicate");
        };
    }

    /** The reference value of a predicate on longs. */
    public static boolean testLong(BinaryOp op, long a, long b) {
        return switch (op) {
            case EQ -> a == b;
            case NE -> a != b;
            case LT -> a < b;
            case LE -> a <= b;
            case GT -> a > b;
            case GE -> a >= b;
            case LOGICAL_AND -> a != 0 && b != 0;
            case LOGICAL_OR -> a != 0 || b != 0;
            case LOGICAL_XOR -> (a != 0) != (b != 0);
            default -> throw new IllegalArgumentException(op + " is not a predicate");
        };
    }

    private static long powLong(long base, long exp) {
        if (exp < 0) {
            throw new ArithmeticException("pow: integers cannot be raised to a negative power (" + exp + ")");
        }
        long result = 1;
        while (exp > 0) {
            if ((exp & 1) == 1) {
                result *= base;
            }
            base *= base;
            exp >>= 1;
        }
        return result;
    }
}
