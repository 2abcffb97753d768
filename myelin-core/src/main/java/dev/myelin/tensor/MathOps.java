package dev.myelin.tensor;

import dev.myelin.autograd.Autograd;
import dev.myelin.autograd.Backward;
import dev.myelin.kernels.BinaryOp;
import dev.myelin.kernels.UnaryOp;

/**
 * The elementwise ops with their gradient rules: one line of chain rule per op, written with
 * tensor ops so that the rules can be differentiated again (higher-order gradients).
 *
 * <p>In the rules, {@code g} is the gradient of the loss with respect to the output {@code y},
 * and {@code x}, {@code a}, {@code b} are the inputs.
 */
final class MathOps {
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

    private MathOps() {}

    static Tensor unary(UnaryOp op, Tensor x) {
        return unary(op, 0, 0, x);
    }

    static Tensor unary(UnaryOp op, double p, double q, Tensor x) {
        Tensor y = Pointwise.unary(op, p, q, x);
        String name = Pointwise.name(op);
        return switch (op) {
            case NEG -> shapeOnly(name, y, x, g -> g.neg());
            case ABS -> saving(name, y, x, g -> g.mul(x.sign()));
            case SIGN, FLOOR, CEIL, ROUND -> shapeOnly(name, y, x, g -> g.mul(0.0));
            case SQUARE -> saving(name, y, x, g -> g.mul(x).mul(2.0));
            case EXP -> shapeOnly(name, y, x, g -> g.mul(y));
            case LOG -> saving(name, y, x, g -> g.div(x));
            case LOG1P -> saving(name, y, x, g -> g.div(x.add(1.0)));
            case EXPM1 -> shapeOnly(name, y, x, g -> g.mul(y.add(1.0)));
            case SQRT -> shapeOnly(name, y, x, g -> g.div(y.mul(2.0)));
            case RSQRT -> shapeOnly(name, y, x, g -> g.mul(y.pow(3)).mul(-0.5));
            case RECIPROCAL -> shapeOnly(name, y, x, g -> g.mul(y.square()).neg());
            case SIN -> saving(name, y, x, g -> g.mul(x.cos()));
            case COS -> saving(name, y, x, g -> g.mul(x.sin()).neg());
            case TANH -> shapeOnly(name, y, x, g -> g.mul(y.square().neg().add(1.0)));
            case SIGMOID -> shapeOnly(name, y, x, g -> g.mul(y.mul(y.neg().add(1.0))));
            case ERF -> saving(name, y, x, g -> g.mul(x.square().neg().exp()).mul(TWO_OVER_SQRT_PI));
            case RELU -> shapeOnly(name, y, x, g -> reluGrad(g, y));
            case GELU -> saving(name, y, x, g -> geluGrad(g, x));
            case GELU_TANH -> saving(name, y, x, g -> g.mul(geluTanhDerivative(x)));
            case SILU -> saving(name, y, x, g -> {
                Tensor s = x.sigmoid();
                return g.mul(s.mul(x.mul(s.neg().add(1.0)).add(1.0)));
            });
            case SOFTPLUS -> saving(name, y, x, g -> Tensor.where(x.mul(p).gt(q), g, g.mul(x.mul(p).sigmoid())));
            case CLAMP -> saving(name, y, x, g -> g.mul(x.ge(p).logicalAnd(x.le(q))));
            case POW_SCALAR -> saving(name, y, x, g -> p == 0 ? g.mul(0.0) : g.mul(x.pow(p - 1)).mul(p));
        };
    }

    /** g where y &gt; 0, else 0, in one pass; its own gradient in g is the same gate (and 0 in y). */
    static Tensor reluGrad(Tensor g, Tensor y) {
        Tensor out = Pointwise.binary(BinaryOp.RELU_GRAD, g, y, TypePromotion.resultType(g, y));
        return Autograd.recordShapeOnly("reluGrad", out, (gg, n) -> grads(n[0] ? reluGrad(gg, y) : null, null), g, y);
    }

    /**
     * g · GELU'(x) = g · (Φ(x) + x·φ(x)) in one pass. Its own gradients: the same gate in g, and
     * g · GELU''(x) = g · φ(x)·(2 - x²) in x.
     */
    static Tensor geluGrad(Tensor g, Tensor x) {
        Tensor out = Pointwise.binary(BinaryOp.GELU_GRAD, g, x, TypePromotion.resultType(g, x));
        return Autograd.record("geluGrad", out, (gg, n) -> grads(
                n[0] ? geluGrad(gg, x) : null,
                n[1] ? gg.mul(g).mul(x.square().mul(-0.5).exp().mul(INV_SQRT_2PI)).mul(x.square().neg().add(2.0)) : null),
                g, x);
    }

    /** d/dx of 0.5·x·(1 + tanh(u)), u = sqrt(2/π)(x + 0.044715x³). */
    private static Tensor geluTanhDerivative(Tensor x) {
        Tensor t = x.add(x.pow(3).mul(0.044715)).mul(SQRT_2_OVER_PI).tanh();
        Tensor du = x.square().mul(3 * 0.044715).add(1.0).mul(SQRT_2_OVER_PI);
        return t.add(1.0).mul(0.5).add(x.mul(0.5).mul(t.square().neg().add(1.0)).mul(du));
    }

    static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        Tensor y = Pointwise.binary(op, a, b, Pointwise.arithmeticType(op, a, b));
        String name = Pointwise.name(op);
        return switch (op) {
            case ADD -> Autograd.recordShapeOnly(name, y, (g, n) -> grads(g, g), a, b);
            case SUB -> Autograd.recordShapeOnly(name, y, (g, n) -> grads(g, n[1] ? g.neg() : null), a, b);
            case MUL -> Autograd.record(name, y, (g, n) -> grads(n[0] ? g.mul(b) : null, n[1] ? g.mul(a) : null), a, b);
            case DIV -> Autograd.record(name, y, (g, n) ->
                    grads(n[0] ? g.div(b) : null, n[1] ? g.mul(a).div(b.square()).neg() : null), a, b);
            case POW -> Autograd.record(name, y, (g, n) -> grads(
                    n[0] ? g.mul(b).mul(a.pow(b.sub(1.0))) : null,
                    n[1] ? g.mul(y).mul(a.log()).maskedFill(a.eq(0.0).logicalAnd(b.ge(0.0)), 0) : null), a, b);
            case MAXIMUM, MINIMUM -> Autograd.record(name, y, (g, n) -> {
                Tensor half = g.mul(a.eq(b)).mul(0.5);
                Tensor aWins = op == BinaryOp.MAXIMUM ? a.gt(b) : a.lt(b);
                Tensor bWins = op == BinaryOp.MAXIMUM ? a.lt(b) : a.gt(b);
                return grads(n[0] ? g.mul(aWins).add(half) : null, n[1] ? g.mul(bWins).add(half) : null);
            }, a, b);
            default -> throw new IllegalArgumentException(name + " is not an arithmetic op");
        };
    }

    /** x · alpha without recording (a helper for in-place updates). */
    static Tensor scaled(Tensor x, double alpha) {
        return Pointwise.binary(BinaryOp.MUL, x, Tensor.wrap(alpha), x.dtype());
    }

    static Tensor predicate(BinaryOp op, Tensor a, Tensor b) {
        return Pointwise.predicate(op, a, b);
    }

    static Tensor where(Tensor condition, Tensor a, Tensor b) {
        Tensor y = Pointwise.where(condition, a, b);
        return Autograd.recordShapeOnly("where", y, (g, n) -> grads(null,
                n[1] ? g.maskedFill(condition.logicalNot(), 0) : null,
                n[2] ? g.maskedFill(condition, 0) : null), condition, a, b);
    }

    static Tensor maskedFill(Tensor x, Tensor mask, double value) {
        if (mask.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("maskedFill: the mask must be bool, got " + mask.dtype()
                    + " of shape " + mask.shape());
        }
        if (!mask.shape().broadcastsTo(x.shape())) {
            throw new IllegalArgumentException("maskedFill: mask of shape " + mask.shape()
                    + " does not broadcast to the tensor's shape " + x.shape());
        }
        Tensor fill = Conversion.to(Tensor.wrap(value), x.dtype());
        Tensor y = Pointwise.where(mask, fill, x.detach());
        return Autograd.recordShapeOnly("maskedFill", y, (g, n) -> grads(g.maskedFill(mask, 0)), x);
    }

    private static Tensor[] grads(Tensor... grads) {
        return grads;
    }

    private static Tensor saving(String name, Tensor y, Tensor x, java.util.function.UnaryOperator<Tensor> rule) {
        Backward b = (g, n) -> grads(rule.apply(g));
        return Autograd.record(name, y, b, x);
    }

    private static Tensor shapeOnly(String name, Tensor y, Tensor x, java.util.function.UnaryOperator<Tensor> rule) {
        Backward b = (g, n) -> grads(rule.apply(g));
        return Autograd.recordShapeOnly(name, y, b, x);
    }
}
