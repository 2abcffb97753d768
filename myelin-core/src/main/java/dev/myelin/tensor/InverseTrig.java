package dev.myelin.tensor;

import dev.myelin.autograd.Autograd;
import java.util.function.DoubleUnaryOperator;

/**
 * The inverse trigonometric functions, elementwise: asin, acos (domain [-1, 1]) and atan, in
 * radians, with their gradients 1/√(1 - x²), -1/√(1 - x²) and 1/(1 + x²) written as tensor ops
 * (so they differentiate again). Integer inputs give float32, as in PyTorch.
 *
 * <pre>{@code
 * Tensor angle = InverseTrig.atan(Tensor.of(1f));   // π/4
 * }</pre>
 */
public final class InverseTrig {
    private InverseTrig() {}

    /** The arcsine, in [-π/2, π/2]; NaN outside [-1, 1]. */
    public static Tensor asin(Tensor x) {
        Tensor y = map(x, Math::asin);
        return Autograd.record("asin", y, (g, needs) -> new Tensor[] {g.mul(x.square().neg().add(1.0).rsqrt())}, x);
    }

    /** The arccosine, in [0, π]; NaN outside [-1, 1]. */
    public static Tensor acos(Tensor x) {
        Tensor y = map(x, Math::acos);
        return Autograd.record("acos", y, (g, needs) -> new Tensor[] {
            g.mul(x.square().neg().add(1.0).rsqrt()).neg()}, x);
    }

    /** The arctangent, in (-π/2, π/2). */
    public static Tensor atan(Tensor x) {
        Tensor y = map(x, Math::atan);
        return Autograd.record("atan", y, (g, needs) -> new Tensor[] {g.div(x.square().add(1.0))}, x);
    }

    /** f applied to every element in double precision, the result in x's floating-point dtype. */
    private static Tensor map(Tensor x, DoubleUnaryOperator f) {
        DType dtype = x.dtype().toFloatingPoint();
        double[] v = x.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = f.applyAsDouble(v[i]);
        }
        Tensor out = Tensor.empty(x.shape(), dtype);
        Conversion.copyInto(out, Tensor.fromArray(v, x.shape().toArray()));
        return out;
    }
}
