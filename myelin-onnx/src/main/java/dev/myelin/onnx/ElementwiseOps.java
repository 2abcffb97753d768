package dev.myelin.onnx;

import static dev.myelin.onnx.OpSupport.binary;
import static dev.myelin.onnx.OpSupport.integerBinary;
import static dev.myelin.onnx.OpSupport.one;
import static dev.myelin.onnx.OpSupport.t;
import static dev.myelin.onnx.OpSupport.unary;

import dev.myelin.onnx.proto.OnnxProto.AttributeProto;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.InverseTrig;
import dev.myelin.tensor.Tensor;
import java.util.function.BinaryOperator;

/**
 * Elementwise operators: arithmetic, math functions, activations, comparisons, logic, Where,
 * Clip, Cast. Floating-point ones are Myelin tensor ops (or compositions of them), so they are
 * differentiable; integer-only ones (BitShift, integer Mod) run on the host.
 */
final class ElementwiseOps {
    private ElementwiseOps() {}

    static void register(OpSupport.Registry r) {
        r.add("Identity", node -> in -> one(in[0]));
        r.add("Abs", unary(Tensor::abs));
        r.add("Neg", unary(Tensor::neg));
        r.add("Sign", unary(Tensor::sign));
        r.add("Exp", unary(Tensor::exp));
        r.add("Log", unary(Tensor::log));
        r.add("Sqrt", unary(Tensor::sqrt));
        r.add("Reciprocal", unary(Tensor::reciprocal));
        r.add("Sin", unary(Tensor::sin));
        r.add("Cos", unary(Tensor::cos));
        r.add("Tan", unary(x -> x.sin().div(x.cos())));
        r.add("Sinh", unary(x -> x.exp().sub(x.neg().exp()).mul(0.5)));
        r.add("Cosh", unary(x -> x.exp().add(x.neg().exp()).mul(0.5)));
        r.add("Asinh", unary(x -> x.add(x.square().add(1.0).sqrt()).log()));
        r.add("Acosh", unary(x -> x.add(x.square().sub(1.0).sqrt()).log()));
        r.add("Atanh", unary(x -> x.add(1.0).div(x.neg().add(1.0)).log().mul(0.5)));
        r.add("Asin", unary(InverseTrig::asin));
        r.add("Acos", unary(InverseTrig::acos));
        r.add("Atan", unary(InverseTrig::atan));
        r.add("Tanh", unary(Tensor::tanh));
        r.add("Sigmoid", unary(Tensor::sigmoid));
        r.add("Erf", unary(Tensor::erf));
        r.add("Relu", unary(Tensor::relu));
        r.add("Floor", unary(Tensor::floor));
        r.add("Ceil", unary(Tensor::ceil));
        r.add("Round", unary(Tensor::round));
        r.add("Softsign", unary(x -> x.div(x.abs().add(1.0))));
        r.add("Softplus", unary(x -> x.softplus()));
        r.add("IsNaN", unary(x -> x.ne(x)));
        r.add("Not", unary(Tensor::logicalNot));
        r.add("HardSwish", unary(x -> x.mul(x.div(6.0).add(0.5).clamp(0, 1))));
        r.add("Mish", unary(x -> x.mul(x.softplus().tanh())));
        r.add("IsInf", node -> {
            boolean negative = node.i("detect_negative", 1) != 0;
            boolean positive = node.i("detect_positive", 1) != 0;
            return in -> {
                Tensor x = t(in[0]);
                Tensor pos = x.eq(Double.POSITIVE_INFINITY);
                Tensor neg = x.eq(Double.NEGATIVE_INFINITY);
                Tensor none = x.ne(x).logicalAnd(x.eq(x));
                return one((positive ? pos : none).logicalOr(negative ? neg : none));
            };
        });
        activations(r);
        arithmetic(r);
        comparisons(r);
        r.add("Where", node -> in -> one(Tensor.where(t(in[0]).to(DType.BOOL), t(in[1]), t(in[2]))));
        r.add("Clip", node -> {
            double lo = node.opset() < 11 ? node.f("min", Float.NEGATIVE_INFINITY) : Double.NEGATIVE_INFINITY;
            double hi = node.opset() < 11 ? node.f("max", Float.POSITIVE_INFINITY) : Double.POSITIVE_INFINITY;
            return in -> {
                Tensor x = t(in[0]);
                double min = in.length > 1 && in[1] != null ? t(in[1]).item() : lo;
                double max = in.length > 2 && in[2] != null ? t(in[2]).item() : hi;
                return one(x.clamp(min, max).to(x.dtype()));
            };
        });
        r.add("Cast", node -> {
            ElementType to = castTarget(node);
            return in -> one(to.narrow(t(in[0])));
        });
        r.add("CastLike", node -> in -> one(t(in[0]).to(t(in[1]).dtype())));
    }

    private static ElementType castTarget(Node node) {
        AttributeProto a = node.raw("to");
        if (a == null) {
            throw node.fail("attribute 'to' is required");
        }
        if (a.getType() == AttributeProto.AttributeType.STRING) {   // opset 1 to 5 name the type
            return ElementType.valueOf(a.getS().toStringUtf8().toUpperCase(java.util.Locale.ROOT));
        }
        ElementType to = ElementType.of((int) a.getI());
        to.requireDType("Cast");
        return to;
    }

    private static void activations(OpSupport.Registry r) {
        r.add("Elu", node -> {
            double alpha = node.f("alpha", 1f);
            return in -> {
                Tensor x = t(in[0]);
                return one(Tensor.where(x.gt(0.0), x, x.expm1().mul(alpha)));
            };
        });
        r.add("Selu", node -> {
            double alpha = node.f("alpha", 1.67326319217681884765625f);
            double gamma = node.f("gamma", 1.05070102214813232421875f);
            return in -> {
                Tensor x = t(in[0]);
                return one(Tensor.where(x.gt(0.0), x, x.expm1().mul(alpha)).mul(gamma));
            };
        });
        r.add("Celu", node -> {
            double alpha = node.f("alpha", 1f);
            return in -> {
                Tensor x = t(in[0]);
                return one(x.relu().add(x.div(alpha).expm1().mul(alpha).clamp(Double.NEGATIVE_INFINITY, 0)));
            };
        });
        r.add("LeakyRelu", node -> {
            double alpha = node.f("alpha", 0.01f);
            return in -> {
                Tensor x = t(in[0]);
                return one(Tensor.where(x.ge(0.0), x, x.mul(alpha)));
            };
        });
        r.add("ThresholdedRelu", node -> {
            double alpha = node.f("alpha", 1f);
            return in -> {
                Tensor x = t(in[0]);
                return one(Tensor.where(x.gt(alpha), x, Tensor.zerosLike(x)));
            };
        });
        r.add("HardSigmoid", node -> {
            double alpha = node.f("alpha", 0.2f);
            double beta = node.f("beta", 0.5f);
            return in -> one(t(in[0]).mul(alpha).add(beta).clamp(0, 1));
        });
        r.add("Shrink", node -> {
            double bias = node.f("bias", 0f);
            double lambd = node.f("lambd", 0.5f);
            return in -> {
                Tensor x = t(in[0]);
                Tensor zero = Tensor.zerosLike(x);
                Tensor y = Tensor.where(x.lt(-lambd), x.add(bias), Tensor.where(x.gt(lambd), x.sub(bias), zero));
                return one(y.to(x.dtype()));
            };
        });
        r.add("PRelu", node -> in -> {
            Tensor x = t(in[0]);
            return one(Tensor.where(x.lt(0.0), x.mul(t(in[1])), x));
        });
        r.add("Gelu", node -> {
            boolean tanh = node.s("approximate", "none").equals("tanh");
            return in -> one(tanh ? t(in[0]).geluTanh() : t(in[0]).gelu());
        });
    }

    private static void arithmetic(OpSupport.Registry r) {
        r.add("Add", binary(Tensor::add));
        r.add("Sub", binary(Tensor::sub));
        r.add("Mul", binary(Tensor::mul));
        r.add("Div", binary(ElementwiseOps::divide));
        r.add("Pow", node -> in -> one(power(t(in[0]), t(in[1]))));
        r.add("Max", variadic(Tensor::maximum));
        r.add("Min", variadic(Tensor::minimum));
        r.add("Sum", variadic(Tensor::add));
        r.add("Mean", node -> in -> {
            Tensor s = t(in[0]);
            for (int i = 1; i < in.length; i++) {
                s = s.add(t(in[i]));
            }
            return one(s.div((double) in.length));
        });
        r.add("Mod", node -> {
            boolean fmod = node.i("fmod", 0) != 0;
            return in -> one(mod(t(in[0]), t(in[1]), fmod));
        });
        r.add("BitShift", node -> {
            String direction = node.s("direction", "");
            boolean left = direction.equals("LEFT");
            if (!left && !direction.equals("RIGHT")) {
                throw node.fail("direction must be LEFT or RIGHT, got '" + direction + "'");
            }
            return in -> one(integerBinary("BitShift", t(in[0]), t(in[1]),
                    left ? (a, b) -> b >= 64 ? 0 : a << b : (a, b) -> b >= 64 ? 0 : a >>> b));
        });
        r.add("BitwiseAnd", binary((a, b) -> integerBinary("BitwiseAnd", a, b, (x, y) -> x & y)));
        r.add("BitwiseOr", binary((a, b) -> integerBinary("BitwiseOr", a, b, (x, y) -> x | y)));
        r.add("BitwiseXor", binary((a, b) -> integerBinary("BitwiseXor", a, b, (x, y) -> x ^ y)));
    }

    /** x^y with the result in x's dtype; a scalar exponent takes the elementwise fast paths (x², √x, x^c). */
    static Tensor power(Tensor x, Tensor y) {
        if (y.numel() == 1 && y.dim() <= x.dim() && x.dtype().isFloatingPoint()) {
            double e = y.reshape(-1).get(0);
            Tensor r = e == 2 ? x.square() : e == 1 ? x : e == 0.5 ? x.sqrt() : x.pow(e);
            return r.to(x.dtype());
        }
        return x.pow(y).to(x.dtype());
    }

    /** ONNX division: true division for floats, truncation towards zero for integers. */
    static Tensor divide(Tensor a, Tensor b) {
        if (a.dtype().isFloatingPoint() || b.dtype().isFloatingPoint()) {
            return a.div(b);
        }
        return integerBinary("Div", a, b, (x, y) -> y == 0 ? 0 : x / y);
    }

    private static Tensor mod(Tensor a, Tensor b, boolean fmod) {
        if (a.dtype().isFloatingPoint() || b.dtype().isFloatingPoint()) {
            Tensor q = a.div(b);
            Tensor trunc = fmod ? q.sign().mul(q.abs().floor()) : q.floor();
            return a.sub(trunc.mul(b));
        }
        return integerBinary("Mod", a, b, fmod ? (x, y) -> y == 0 ? 0 : x % y : (x, y) -> y == 0 ? 0 : Math.floorMod(x, y));
    }

    private static Kernel.Factory variadic(BinaryOperator<Tensor> f) {
        return node -> in -> {
            Tensor acc = t(in[0]);
            for (int i = 1; i < in.length; i++) {
                acc = f.apply(acc, t(in[i]));
            }
            return one(acc);
        };
    }

    private static void comparisons(OpSupport.Registry r) {
        r.add("Equal", binary(Tensor::eq));
        r.add("Greater", binary(Tensor::gt));
        r.add("Less", binary(Tensor::lt));
        r.add("GreaterOrEqual", binary(Tensor::ge));
        r.add("LessOrEqual", binary(Tensor::le));
        r.add("And", binary(Tensor::logicalAnd));
        r.add("Or", binary(Tensor::logicalOr));
        r.add("Xor", binary(Tensor::logicalXor));
        r.add("BitwiseNot", OpSupport.unary(x -> {
            long[] v = x.toLongArray();
            for (int i = 0; i < v.length; i++) {
                v[i] = ~v[i];
            }
            return Tensor.fromArray(v, x.shape().toArray()).to(x.dtype());
        }));
    }
}
