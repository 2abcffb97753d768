package dev.myelin.tensor;

import dev.myelin.autograd.Grad;
import dev.myelin.kernels.BinaryOp;

/**
 * In-place writes, for what training needs (optimizer updates, fills, gradient accumulation).
 * Each is refused on a tensor that requires grad while grad mode is on, and bumps the storage's
 * version so that the backward pass detects a tensor it saved being overwritten.
 */
final class InPlace {
    private InPlace() {}

    private static void check(String op, Tensor t) {
        if (Grad.isEnabled() && t.requiresGrad()) {
            throw new IllegalStateException(op + ": in-place write to a tensor that requires grad (shape " + t.shape()
                    + ", " + t.dtype() + "); autograd may still need its value. Write inside Grad.off()"
                    + " (as optimizer updates do) or to a detached copy");
        }
    }

    static Tensor fill(Tensor t, double value) {
        check("fillInPlace", t);
        Conversion.copyInto(t, Conversion.to(Tensor.wrap(value), t.dtype()));
        t.storage().bumpVersion();
        return t;
    }

    static Tensor copy(Tensor dst, Tensor src) {
        check("copyInPlace", dst);
        if (!src.shape().broadcastsTo(dst.shape())) {
            throw new IllegalArgumentException("copyInPlace: source of shape " + src.shape()
                    + " does not broadcast to the destination's shape " + dst.shape());
        }
        Conversion.copyInto(dst, src);
        dst.storage().bumpVersion();
        return dst;
    }

    static Tensor apply(BinaryOp op, Tensor t, Tensor other, String name) {
        check(name, t);
        DType result = Pointwise.arithmeticType(op, t, other);
        if (result != t.dtype() && !(t.dtype().isFloatingPoint() && result.isFloatingPoint())) {
            throw new IllegalArgumentException(name + ": the result type " + result + " cannot be stored in a "
                    + t.dtype() + " tensor (shapes " + t.shape() + " and " + other.shape() + ")");
        }
        if (!other.shape().broadcastsTo(t.shape())) {
            throw new IllegalArgumentException(name + ": operand of shape " + other.shape()
                    + " does not broadcast to the tensor's shape " + t.shape());
        }
        if (t.dtype().isFloatingPoint()) {
            Pointwise.run(op, t, t, Conversion.to(other.detach(), t.dtype()));
        } else {
            Conversion.copyInto(t, Pointwise.binary(op, t.detach(), other.detach(), t.dtype()));
        }
        t.storage().bumpVersion();
        return t;
    }
}
