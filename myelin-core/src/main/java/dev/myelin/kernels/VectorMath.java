package dev.myelin.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp, log, tanh, sigmoid, log1p and expm1 on float vectors, written with additions,
 * multiplications, divisions and bit operations only, so that they give the same bits whether
 * the JIT has compiled them or not. {@code VectorOperators.EXP} and its kin do not: C2 calls a
 * vector math library while the interpreter goes lane by lane through {@code Math}, so a softmax
 * changed its last bits after a few hundred calls and two runs with the same seed drifted apart.
 *
 * <p>Accuracy: a few ulp (Cephes' polynomials after range reduction by ln 2); exp flushes results
 * below about 2^-125 (x below -86.6) to zero, where PyTorch returns subnormals. Each method is small
 * enough for C2 to inline into its hot caller (a vector passed to a call that is not inlined is
 * boxed; see {@code VectorGemm}). Polynomials are evaluated with fma, one vector op where mul and
 * add are two: each op of the Vector API costs C2 hundreds of parse nodes, and past its node budget
 * (NodeCountInliningCutoff) C2 stops inlining and the rest of the loop runs the API's Java fallback.
 * fma rounds once, in compiled and interpreted code alike, so results stay reproducible.
 */
final class VectorMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5·2^23: adding it rounds a float below 2^22 in magnitude to an integer held in its low bits. */
    private static final float ROUNDER = 12582912f;
    private static final FloatVector MINUS_LN2_HI = FloatVector.broadcast(S, -LN2_HI);
    private static final FloatVector MINUS_LN2_LO = FloatVector.broadcast(S, -LN2_LO);
    private static final float SQRT_HALF = 0.70710678118654752f;

    private VectorMath() {}

    /**
     * e^x = 2^n · e^r with n = round(x / ln 2): a degree-6 polynomial for e^r, computed doubled
     * (exactly: its coefficients doubled) and scaled by 2^(n-1) from exponent bits, so that n = 128
     * just below the overflow bound needs no special case. Out-of-range x are clamped to values
     * whose scale underflows to 0 or whose product overflows to infinity; NaN passes through.
     */
    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(-88f).min(89f);
        FloatVector biased = xc.fma(LOG2E, ROUNDER);                            // round(x / ln 2) + ROUNDER
        FloatVector n = biased.sub(ROUNDER);
        FloatVector r = n.fma(MINUS_LN2_LO, n.fma(MINUS_LN2_HI, xc));           // |r| <= ln 2 / 2
        FloatVector twoP = r.fma(2 * 1.9875691500E-4f, 2 * 1.3981999507E-3f)
                .fma(r, FloatVector.broadcast(S, 2 * 8.3334519073E-3f))
                .fma(r, FloatVector.broadcast(S, 2 * 4.1665795894E-2f))
                .fma(r, FloatVector.broadcast(S, 2 * 1.6666665459E-1f))
                .fma(r, FloatVector.broadcast(S, 2 * 5.0000001201E-1f))
                .fma(r.mul(r), r.fma(2f, 2f));
        // 2^(n-1) from exponent bits: n - 1 in [-128, 128]; -127 and below give 0, 128 gives infinity.
        IntVector exponent = biased.reinterpretAsInts().sub(Float.floatToRawIntBits(ROUNDER) - 126);
        IntVector scale = exponent.max(0).lanewise(VectorOperators.LSHL, 23);
        return twoP.mul(scale.reinterpretAsFloats());
    }

    /** The natural logarithm: -inf at 0, NaN below 0. */
    static FloatVector log(FloatVector x) {
        VectorMask<Float> tiny = x.compare(VectorOperators.LT, Float.MIN_NORMAL);   // subnormals: scale by 2^23
        IntVector bits = x.blend(x.mul(8388608f), tiny).reinterpretAsInts();
        // x = m·2^e with m in [0.5, 1); below sqrt(1/2) use 2m and e - 1, so that f = m - 1 is small.
        FloatVector e = ((FloatVector) bits.lanewise(VectorOperators.LSHR, 23).sub(126)
                .convert(VectorOperators.I2F, 0));
        FloatVector m = bits.and(0x007FFFFF).or(0x3F000000).reinterpretAsFloats();
        VectorMask<Float> low = m.compare(VectorOperators.LT, SQRT_HALF);
        e = e.sub(FloatVector.zero(S).blend(1f, low)).sub(FloatVector.zero(S).blend(23f, tiny));
        FloatVector f = m.blend(m.add(m), low).sub(1f);
        FloatVector z = f.mul(f);
        FloatVector y = f.mul(7.0376836292E-2f).add(-1.1514610310E-1f).mul(f).add(1.1676998740E-1f).mul(f)
                .add(-1.2420140846E-1f).mul(f).add(1.4249322787E-1f).mul(f).add(-1.6668057665E-1f).mul(f)
                .add(2.0000714765E-1f).mul(f).add(-2.4999993993E-1f).mul(f).add(3.3333331174E-1f).mul(f).mul(z);
        y = y.add(e.mul(LN2_LO)).sub(z.mul(0.5f));
        FloatVector result = f.add(y).add(e.mul(LN2_HI));
        result = result.blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f));
        result = result.blend(Float.NaN, x.compare(VectorOperators.LT, 0f));
        result = result.blend(x, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
        return result.blend(x, x.compare(VectorOperators.NE, x));
    }

    /** tanh: Cephes' odd polynomial below |x| = 0.625, 1 - 2 / (e^2|x| + 1) above. */
    static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector z = x.mul(x);
        FloatVector near = z.mul(-5.70498872745E-3f).add(2.06390887954E-2f).mul(z).add(-5.37397155531E-2f).mul(z)
                .add(1.33314422036E-1f).mul(z).add(-3.33332819422E-1f).mul(z).mul(x).add(x);
        FloatVector far = FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(exp(a.add(a)).add(1f)));
        far = far.blend(far.neg(), x.compare(VectorOperators.LT, 0f));
        return far.blend(near, a.compare(VectorOperators.LT, 0.625f));
    }

    /** 1 / (1 + e^-x). */
    static FloatVector sigmoid(FloatVector x) {
        return FloatVector.broadcast(S, 1f).div(exp(x.neg()).add(1f));
    }

    /** log(1 + x), accurate for small x: log(u)·x / (u - 1) with u = 1 + x (Goldberg's trick). */
    static FloatVector log1p(FloatVector x) {
        FloatVector u = x.add(1f);
        FloatVector y = log(u).mul(x.div(u.sub(1f)));
        y = y.blend(x, u.compare(VectorOperators.EQ, 1f));
        return y.blend(x, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
    }

    /** e^x - 1, accurate for small x: (u - 1)·x / log(u) with u = e^x (Kahan's trick). */
    static FloatVector expm1(FloatVector x) {
        FloatVector u = exp(x);
        FloatVector um1 = u.sub(1f);
        FloatVector y = um1.mul(x.div(log(u)));
        y = y.blend(x, u.compare(VectorOperators.EQ, 1f));
        y = y.blend(-1f, um1.compare(VectorOperators.EQ, -1f));
        return y.blend(u, u.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
    }
}
