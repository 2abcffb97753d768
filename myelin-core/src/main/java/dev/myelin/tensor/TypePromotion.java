package dev.myelin.tensor;

/**
 * PyTorch's type-promotion rules for ops with several operands.
 *
 * <p>Operands fall into three tiers: tensors with dimensions, 0-dim tensors, and wrapped Java
 * numbers. Each tier promotes within itself; then a lower tier changes the result only if its
 * category (bool &lt; integer &lt; floating point) is higher. So {@code float32 tensor + double
 * scalar} stays float32 and {@code int32 tensor + 2.5} becomes float32. A wrapped floating
 * number counts as the default float32.
 */
final class TypePromotion {
    private TypePromotion() {}

    static DType resultType(Tensor... operands) {
        DType dims = null;
        DType zeroDim = null;
        DType wrapped = null;
        for (Tensor t : operands) {
            DType d = t.dtype();
            if (t.isWrappedNumber()) {
                wrapped = promote(wrapped, d.isFloatingPoint() ? DType.FLOAT32 : d);
            } else if (t.dim() == 0) {
                zeroDim = promote(zeroDim, d);
            } else {
                dims = promote(dims, d);
            }
        }
        return combine(dims, combine(zeroDim, wrapped));
    }

    private static DType promote(DType a, DType b) {
        return a == null ? b : DType.promote(a, b);
    }

    private static DType combine(DType higher, DType lower) {
        if (higher == null) {
            return lower;
        }
        if (lower == null || higher.isFloatingPoint()) {
            return higher;
        }
        if (higher == DType.BOOL || lower.isFloatingPoint()) {
            return DType.promote(higher, lower);
        }
        return higher;
    }
}
