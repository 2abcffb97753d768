package dev.myelin.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of the float row kernels in {@link PointwiseKernels}, for rows whose
 * operands are contiguous (stride 1) or broadcast (stride 0). Each elementwise method processes
 * whole vectors and returns how many elements it did; the caller finishes the tail (and any op or
 * layout handled here by nobody) with the reference kernel. The row reductions and fused rows
 * (sums, dot products, softmax, log-sum-exp, layer norm's variance, cross-entropy's gradient)
 * finish their own tails, and add lanes in a fixed order ({@code sumLanes}).
 *
 * <p>Cheap ops are switched on inside one loop: the branch is perfectly predicted and C2 keeps the
 * vectors in registers across it. Ops built on {@link VectorMath} have a loop each (see
 * {@code TRANSCENDENTAL}); GELU and its gradient run in stages (see {@code GELU_STAGES}).
 * Vectors never cross a call that might not be inlined, for the reason
 * given in {@code VectorGemm}.
 */
final class VectorPointwise {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Lane i takes lane i + k (wrapping): the steps of {@link #sumLanes}. */
    private static final VectorShuffle<Float> PLUS_8 = VectorShuffle.iota(S, 8, 1, true);
    private static final VectorShuffle<Float> PLUS_4 = VectorShuffle.iota(S, 4, 1, true);
    private static final VectorShuffle<Float> PLUS_2 = VectorShuffle.iota(S, 2, 1, true);
    private static final VectorShuffle<Float> PLUS_1 = VectorShuffle.iota(S, 1, 1, true);
    private static final float SQRT_HALF = (float) Math.sqrt(0.5);
    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2 / Math.PI);
    private static final float TWO_OVER_SQRT_PI = (float) (2 / Math.sqrt(Math.PI));
    private static final float INV_SQRT_2PI = (float) (1 / Math.sqrt(2 * Math.PI));

    private VectorPointwise() {}

    /** A row loop over {@code bound} elements (a multiple of the vector length), p and q the op's parameters. */
    @FunctionalInterface
    private interface RowLoop {
        void run(float[] x, int xo, float[] y, int yo, int bound, float p, float q);
    }

    /**
     * The row loops of the ops built from {@link VectorMath}'s functions, each its own compilation
     * root. Inlined all together into one switch, their vector calls passed C2's node budget
     * (NodeCountInliningCutoff) and those left over ran as the Java fallback of the Vector API,
     * tens of times slower; called through this table (a call site with many receivers, which C2
     * does not inline) each loop is compiled alone and keeps every vector in registers.
     */
    private static final RowLoop[] TRANSCENDENTAL = new RowLoop[UnaryOp.values().length];

    static {
        for (UnaryOp op : UnaryOp.values()) {
            TRANSCENDENTAL[op.ordinal()] = transcendental(op);
        }
    }

    /**
     * One pass of a loop split in stages: reads x and z (from their offsets) and the scratch row e
     * (from 0), writes e or y, over n elements (a multiple of the vector length).
     */
    @FunctionalInterface
    private interface Stage {
        void run(float[] x, int xo, float[] z, int zo, float[] e, float[] y, int yo, int n);
    }

    /** Elements per chunk of a staged loop: its scratch row and operands stay in L1 between stages. */
    private static final int CHUNK = 512;
    /** The widest range of columns sumColumns sums in registers rather than row after row. */
    private static final int COLUMN_STRIPS = 768;

    private static final Stage NEG_HALF_SQUARE = (x, xo, z, zo, e, y, yo, n) -> {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.mul(v).mul(-0.5f).intoArray(e, i);
        }
    };

    private static final Stage EXP_IN_PLACE = (x, xo, z, zo, e, y, yo, n) -> {
        for (int i = 0; i < n; i += L) {
            VectorMath.exp(FloatVector.fromArray(S, e, i)).intoArray(e, i);
        }
    };

    /**
     * GELU, x·Φ(x), and its gradient, z·(Φ(x) + x·φ(x)), in three stages: e = -x²/2, e = e^e, then
     * the rest. In one loop (as in one compilation), C2 stopped inlining at its node budget
     * (NodeCountInliningCutoff) before the erfc polynomial, whose vector calls then ran as the
     * Java fallback (2 ns per element instead of a fraction). The stages are called from one call
     * site with more receivers than C2 inlines, so each is compiled alone.
     */
    private static final Stage[] GELU_STAGES = {NEG_HALF_SQUARE, EXP_IN_PLACE, (x, xo, z, zo, e, y, yo, n) -> {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.mul(normalCdf(v, FloatVector.fromArray(S, e, i))).intoArray(y, yo + i);
        }
    }};

    private static final Stage[] GELU_GRAD_STAGES = {NEG_HALF_SQUARE, EXP_IN_PLACE, (x, xo, z, zo, e, y, yo, n) -> {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector ev = FloatVector.fromArray(S, e, i);
            FloatVector.fromArray(S, z, zo + i).mul(normalCdf(v, ev).add(v.mul(ev).mul(INV_SQRT_2PI)))
                    .intoArray(y, yo + i);
        }
    }};

    /** Runs the stages over [0, bound) chunk by chunk. */
    private static void staged(Stage[] stages, float[] x, int xo, float[] z, int zo, float[] y, int yo, int bound) {
        float[] e = new float[Math.min(CHUNK, bound)];
        for (int c = 0; c < bound; c += CHUNK) {
            int n = Math.min(CHUNK, bound - c);
            for (Stage stage : stages) {
                stage.run(x, xo + c, z, zo + c, e, y, yo + c, n);
            }
        }
    }

    private static RowLoop transcendental(UnaryOp op) {
        return switch (op) {
            case EXP -> (x, xo, y, yo, bound, p, q) -> {
                for (int i = 0; i < bound; i += L) {
                    VectorMath.exp(FloatVector.fromArray(S, x, xo + i)).intoArray(y, yo + i);
                }
            };
            case LOG -> (x, xo, y, yo, bound, p, q) -> {
                for (int i = 0; i < bound; i += L) {
                    VectorMath.log(FloatVector.fromArray(S, x, xo + i)).intoArray(y, yo + i);
                }
            };
            case LOG1P -> (x, xo, y, yo, bound, p, q) -> {
                for (int i = 0; i < bound; i += L) {
                    VectorMath.log1p(FloatVector.fromArray(S, x, xo + i)).intoArray(y, yo + i);
                }
            };
            case EXPM1 -> (x, xo, y, yo, bound, p, q) -> {
                for (int i = 0; i < bound; i += L) {
                    VectorMath.expm1(FloatVector.fromArray(S, x, xo + i)).intoArray(y, yo + i);
                }
            };
            case TANH -> (x, xo, y, yo, bound, p, q) -> {
                for (int i = 0; i < bound; i += L) {
                    VectorMath.tanh(FloatVector.fromArray(S, x, xo + i)).intoArray(y, yo + i);
                }
            };
            case SIGMOID -> (x, xo, y, yo, bound, p, q) -> {
                for (int i = 0; i < bound; i += L) {
                    VectorMath.sigmoid(FloatVector.fromArray(S, x, xo + i)).intoArray(y, yo + i);
                }
            };
            case ERF -> (x, xo, y, yo, bound, p, q) -> {
                for (int i = 0; i < bound; i += L) {
                    erf(FloatVector.fromArray(S, x, xo + i)).intoArray(y, yo + i);
                }
            };
            case GELU_TANH -> (x, xo, y, yo, bound, p, q) -> {
                for (int i = 0; i < bound; i += L) {
                    FloatVector v = FloatVector.fromArray(S, x, xo + i);
                    FloatVector u = v.mul(v).mul(v).mul(0.044715f).add(v).mul(SQRT_2_OVER_PI);
                    v.mul(0.5f).mul(VectorMath.tanh(u).add(1f)).intoArray(y, yo + i);
                }
            };
            case SILU -> (x, xo, y, yo, bound, p, q) -> {
                for (int i = 0; i < bound; i += L) {
                    FloatVector v = FloatVector.fromArray(S, x, xo + i);
                    v.mul(VectorMath.sigmoid(v)).intoArray(y, yo + i);
                }
            };
            case SOFTPLUS -> (x, xo, y, yo, bound, p, q) -> {
                for (int i = 0; i < bound; i += L) {
                    FloatVector v = FloatVector.fromArray(S, x, xo + i);
                    VectorMath.log1p(VectorMath.exp(v.mul(p))).div(p)
                            .blend(v, v.mul(p).compare(VectorOperators.GT, q)).intoArray(y, yo + i);
                }
            };
            default -> null;
        };
    }

    /** y = op(x) over contiguous rows; returns the count of leading elements done. */
    static int unary(UnaryOp op, double p, double q, float[] x, int xo, float[] y, int yo, int n) {
        int bound = S.loopBound(n);
        if (op == UnaryOp.GELU) {
            staged(GELU_STAGES, x, xo, x, xo, y, yo, bound);
            return bound;
        }
        RowLoop loop = TRANSCENDENTAL[op.ordinal()];
        if (loop != null) {
            loop.run(x, xo, y, yo, bound, (float) p, (float) q);
            return bound;
        }
        if (op == UnaryOp.FLOOR || op == UnaryOp.CEIL || op == UnaryOp.ROUND) {
            return 0;
        }
        float fp = (float) p;
        float fq = (float) q;
        for (int i = 0; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector r = switch (op) {
                case NEG -> v.neg();
                case ABS -> v.abs();
                case SIGN -> v.blend(1f, v.compare(VectorOperators.GT, 0f)).blend(-1f, v.compare(VectorOperators.LT, 0f));
                case SQUARE -> v.mul(v);
                case SQRT -> v.sqrt();
                case RSQRT -> FloatVector.broadcast(S, 1f).div(v.sqrt());
                case RECIPROCAL -> FloatVector.broadcast(S, 1f).div(v);
                case SIN -> v.lanewise(VectorOperators.SIN);
                case COS -> v.lanewise(VectorOperators.COS);
                case RELU -> v.max(0f);
                case CLAMP -> v.max(fp).min(fq);
                case POW_SCALAR -> fp == 2f ? v.mul(v) : v.lanewise(VectorOperators.POW, fp);
                default -> throw new IllegalStateException(op + " has a loop of its own");
            };
            r.intoArray(y, yo + i);
        }
        return bound;
    }

    /** Abramowitz and Stegun's 7.1.26 polynomial: erfc(a) ≈ (a1 t + ... + a5 t⁵) e^(-a²), t = 1 / (1 + 0.3275911 a). */
    private static FloatVector erfcPolynomial(FloatVector t) {
        return t.fma(1.061405429f, -1.453152027f)
                .fma(t, FloatVector.broadcast(S, 1.421413741f))
                .fma(t, FloatVector.broadcast(S, -0.284496736f))
                .fma(t, FloatVector.broadcast(S, 0.254829592f))
                .mul(t);
    }

    /**
     * erf to about 1.5e-7 absolute: its Maclaurin series below |x| = 0.5, Abramowitz and Stegun's
     * 7.1.26 above.
     */
    private static FloatVector erf(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector t = FloatVector.broadcast(S, 1f).div(a.mul(0.3275911f).add(1f));
        FloatVector far = FloatVector.broadcast(S, 1f).sub(erfcPolynomial(t).mul(VectorMath.exp(a.mul(a).neg())));
        far = far.blend(far.neg(), x.compare(VectorOperators.LT, 0f));
        FloatVector x2 = x.mul(x);
        FloatVector near = x2.mul(-1f / 1320).add(1f / 216).mul(x2).add(-1f / 42).mul(x2).add(1f / 10).mul(x2)
                .add(-1f / 3).mul(x2).add(1f).mul(x).mul(TWO_OVER_SQRT_PI);
        return far.blend(near, a.compare(VectorOperators.LT, 0.5f));
    }

    /**
     * Φ(x), the standard normal distribution function, given {@code e} = e^(-x²/2): Φ(-|x|) =
     * erfc(|x|/√2) / 2 from 7.1.26 with no cancellation in the lower tail, to about 1e-7 absolute.
     * GELU and its gradient share the one exponential.
     */
    private static FloatVector normalCdf(FloatVector x, FloatVector e) {
        FloatVector t = FloatVector.broadcast(S, 1f).div(x.abs().mul(0.3275911f * SQRT_HALF).add(1f));
        FloatVector lower = erfcPolynomial(t).mul(e).mul(0.5f);
        return lower.blend(FloatVector.broadcast(S, 1f).sub(lower), x.compare(VectorOperators.GE, 0f));
    }

    /** y = a op b for an arithmetic op, operands contiguous or broadcast (stride 0), y contiguous. */
    static int binary(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int n) {
        if (as > 1 || bs > 1 || as < 0 || bs < 0 || op.isPredicate()) {
            return 0;
        }
        if (op == BinaryOp.GELU_GRAD) {
            return geluGrad(a, ao, as, b, bo, bs, y, yo, n);
        }
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += L) {
            FloatVector va = as == 0 ? FloatVector.broadcast(S, a[ao]) : FloatVector.fromArray(S, a, ao + i);
            FloatVector vb = bs == 0 ? FloatVector.broadcast(S, b[bo]) : FloatVector.fromArray(S, b, bo + i);
            FloatVector r = switch (op) {
                case ADD -> va.add(vb);
                case SUB -> va.sub(vb);
                case MUL -> va.mul(vb);
                case DIV -> va.div(vb);
                case POW -> va.lanewise(VectorOperators.POW, vb);
                case MAXIMUM -> va.max(vb);
                case MINIMUM -> va.min(vb);
                case RELU_GRAD -> FloatVector.zero(S).blend(va, vb.compare(VectorOperators.GT, 0f));
                default -> throw new IllegalStateException();
            };
            r.intoArray(y, yo + i);
        }
        return bound;
    }

    /** y = a · (Φ(b) + b·φ(b)), the gradient of exact GELU, for contiguous a and b (else none done). */
    private static int geluGrad(float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int n) {
        if (as != 1 || bs != 1) {
            return 0;
        }
        int bound = S.loopBound(n);
        staged(GELU_GRAD_STAGES, b, bo, a, ao, y, yo, bound);
        return bound;
    }

    /** y = (a op b) for a comparison or logical op, operands contiguous or broadcast, y contiguous. */
    static int predicate(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, boolean[] y, int yo, int n) {
        if (as > 1 || bs > 1 || as < 0 || bs < 0) {
            return 0;
        }
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += L) {
            FloatVector va = as == 0 ? FloatVector.broadcast(S, a[ao]) : FloatVector.fromArray(S, a, ao + i);
            FloatVector vb = bs == 0 ? FloatVector.broadcast(S, b[bo]) : FloatVector.fromArray(S, b, bo + i);
            VectorMask<Float> m = switch (op) {
                case EQ -> va.compare(VectorOperators.EQ, vb);
                case NE -> va.compare(VectorOperators.NE, vb);
                case LT -> va.compare(VectorOperators.LT, vb);
                case LE -> va.compare(VectorOperators.LE, vb);
                case GT -> va.compare(VectorOperators.GT, vb);
                case GE -> va.compare(VectorOperators.GE, vb);
                case LOGICAL_AND -> va.compare(VectorOperators.NE, 0f).and(vb.compare(VectorOperators.NE, 0f));
                case LOGICAL_OR -> va.compare(VectorOperators.NE, 0f).or(vb.compare(VectorOperators.NE, 0f));
                case LOGICAL_XOR -> va.compare(VectorOperators.NE, 0f).eq(vb.compare(VectorOperators.NE, 0f)).not();
                default -> throw new IllegalStateException();
            };
            m.intoArray(y, yo + i);
        }
        return bound;
    }

    /**
     * Softmax (or log-softmax) of a contiguous row: the maximum, then exp(x - max) with its sum,
     * then one scaling pass.
     */
    static void softmaxRow(float[] x, int xo, float[] y, int yo, int n, boolean log) {
        int bound = S.loopBound(n);
        float max = rowMax(x, xo, n);
        if (max == Float.NEGATIVE_INFINITY || Float.isNaN(max)) {
            max = Float.isNaN(max) ? max : 0f;
        }
        double sum = expShiftedSum(x, xo, y, yo, n, max, !log);
        if (log) {
            float shift = max + (float) Math.log(sum);
            int i = 0;
            for (; i < bound; i += L) {
                FloatVector.fromArray(S, x, xo + i).sub(shift).intoArray(y, yo + i);
            }
            for (; i < n; i++) {
                y[yo + i] = x[xo + i] - shift;
            }
        } else {
            float scale = (float) (1 / sum);
            int i = 0;
            for (; i < bound; i += L) {
                FloatVector.fromArray(S, y, yo + i).mul(scale).intoArray(y, yo + i);
            }
            for (; i < n; i++) {
                y[yo + i] *= scale;
            }
        }
    }

    /** The largest element of a contiguous row: NaN if one is NaN, -inf if the row is empty. */
    static float rowMax(float[] x, int xo, int n) {
        int bound = S.loopBound(n);
        FloatVector maxV = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i < bound; i += L) {
            maxV = maxV.max(FloatVector.fromArray(S, x, xo + i));
        }
        float max = maxV.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            max = Math.max(max, x[xo + i]);
        }
        return max;
    }

    /** log Σ e^x over a contiguous row, shifted by the row's maximum (an infinite or NaN maximum is the result). */
    static double logSumExp(float[] x, int xo, int n) {
        float max = rowMax(x, xo, n);
        if (Float.isInfinite(max) || Float.isNaN(max)) {
            return max;
        }
        return max + Math.log(expShiftedSum(x, xo, null, 0, n, max, false));
    }

    /** y = a·e^(x - shift) - b over a contiguous row. */
    static void scaledExpShifted(float[] x, int xo, float[] y, int yo, int n, float shift, float a, float b) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            VectorMath.exp(FloatVector.fromArray(S, x, xo + i).sub(shift)).mul(a).sub(b).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] = a * (float) Math.exp(x[xo + i] - shift) - b;
        }
    }

    /** e^(x - shift) over a contiguous row, written to y when {@code store}; returns the sum. */
    static double expShiftedSum(float[] x, int xo, float[] y, int yo, int n, float shift, boolean store) {
        int bound = S.loopBound(n);
        FloatVector sumV = FloatVector.zero(S);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector e = VectorMath.exp(FloatVector.fromArray(S, x, xo + i).sub(shift));
            sumV = sumV.add(e);
            if (store) {
                e.intoArray(y, yo + i);
            }
        }
        double sum = sumLanes(sumV);
        for (; i < n; i++) {
            float e = (float) Math.exp(x[xo + i] - shift);
            sum += e;
            if (store) {
                y[yo + i] = e;
            }
        }
        return sum;
    }

    /**
     * The Adam update of {@code FusedKernels.adamStep} on n contiguous elements, with the same
     * float operations in the same order (so the same bits as its scalar loop); returns how many
     * leading elements it did.
     */
    static int adamRange(float[] p, int po, float[] g, int go, float[] m, int mo, float[] v, int vo, int n,
            float b1, float b2, float stepSize, float bc2Sqrt, float e) {
        int bound = S.loopBound(n);
        float oneMinusB1 = 1 - b1;
        float oneMinusB2 = 1 - b2;
        for (int i = 0; i < bound; i += L) {
            FloatVector gi = FloatVector.fromArray(S, g, go + i);
            FloatVector mOld = FloatVector.fromArray(S, m, mo + i);
            FloatVector mi = mOld.add(gi.sub(mOld).mul(oneMinusB1));
            FloatVector vi = FloatVector.fromArray(S, v, vo + i).mul(b2).add(gi.mul(oneMinusB2).mul(gi));
            mi.intoArray(m, mo + i);
            vi.intoArray(v, vo + i);
            FloatVector denominator = vi.sqrt().div(bc2Sqrt).add(e);
            FloatVector.fromArray(S, p, po + i).sub(mi.div(denominator).mul(stepSize)).intoArray(p, po + i);
        }
        return bound;
    }

    /**
     * One batch row of the LSTM cell (see {@code FusedKernels.lstmCellForward}): gates at
     * {@code g[go..]} (i, f, g, o, each h long), c at {@code c[co..]}; writes the activated gates
     * to {@code act[ao..]} and the new h and c; returns how many leading elements of the row it did.
     */
    static int lstmForwardRow(float[] g, int go, float[] c, int co, int h, float[] act, int ao, float[] hOut,
            int ho, float[] cOut, int cno) {
        int bound = S.loopBound(h);
        for (int j = 0; j < bound; j += L) {
            FloatVector i = VectorMath.sigmoid(FloatVector.fromArray(S, g, go + j));
            FloatVector f = VectorMath.sigmoid(FloatVector.fromArray(S, g, go + h + j));
            FloatVector cand = VectorMath.tanh(FloatVector.fromArray(S, g, go + 2 * h + j));
            FloatVector o = VectorMath.sigmoid(FloatVector.fromArray(S, g, go + 3 * h + j));
            i.intoArray(act, ao + j);
            f.intoArray(act, ao + h + j);
            cand.intoArray(act, ao + 2 * h + j);
            o.intoArray(act, ao + 3 * h + j);
            FloatVector cn = f.mul(FloatVector.fromArray(S, c, co + j)).add(i.mul(cand));
            cn.intoArray(cOut, cno + j);
            o.mul(VectorMath.tanh(cn)).intoArray(hOut, ho + j);
        }
        return bound;
    }

    /** The backward of one batch row of the LSTM cell (see {@code FusedKernels.lstmCellBackward}). */
    static int lstmBackwardRow(float[] act, int ao, float[] c, int co, float[] cOut, int oo, float[] gh, int gho,
            float[] gc, int gco, int h, float[] dGates, int dgo, float[] dc, int dco) {
        int bound = S.loopBound(h);
        for (int j = 0; j < bound; j += L) {
            FloatVector i = FloatVector.fromArray(S, act, ao + j);
            FloatVector f = FloatVector.fromArray(S, act, ao + h + j);
            FloatVector cand = FloatVector.fromArray(S, act, ao + 2 * h + j);
            FloatVector o = FloatVector.fromArray(S, act, ao + 3 * h + j);
            FloatVector tc = VectorMath.tanh(FloatVector.fromArray(S, cOut, oo + j));
            FloatVector dh = FloatVector.fromArray(S, gh, gho + j);
            FloatVector dcTotal = FloatVector.fromArray(S, gc, gco + j)
                    .add(dh.mul(o).mul(tc.mul(tc).neg().add(1f)));
            dcTotal.mul(cand).mul(i).mul(i.neg().add(1f)).intoArray(dGates, dgo + j);
            dcTotal.mul(FloatVector.fromArray(S, c, co + j)).mul(f).mul(f.neg().add(1f)).intoArray(dGates, dgo + h + j);
            dcTotal.mul(i).mul(cand.mul(cand).neg().add(1f)).intoArray(dGates, dgo + 2 * h + j);
            dh.mul(tc).mul(o).mul(o.neg().add(1f)).intoArray(dGates, dgo + 3 * h + j);
            dcTotal.mul(f).intoArray(dc, dco + j);
        }
        return bound;
    }

    /**
     * out[j] = Σ over r of x[xo + r·cols + j] for j in [from, to), adding the rows in order (the
     * same sums, bit for bit, as adding row after row into out). A range of up to
     * {@link #COLUMN_STRIPS} columns is summed in strips of four vectors down all the rows, in
     * registers; a wider one row after row into out, so that rows are read whole (strips of a
     * wide matrix read it with a stride the caches handle badly: 2048 x 1024 took twice as long).
     * Returns the first column it did not do (the scalar tail is the caller's).
     */
    static int sumColumns(float[] x, int xo, int rows, int cols, int from, int to, float[] out) {
        if (to - from > COLUMN_STRIPS) {
            int bound = from + S.loopBound(to - from);
            java.util.Arrays.fill(out, from, bound, 0f);
            for (int r = 0; r < rows; r++) {
                int o = xo + r * cols;
                for (int j = from; j < bound; j += L) {
                    FloatVector.fromArray(S, out, j).add(FloatVector.fromArray(S, x, o + j)).intoArray(out, j);
                }
            }
            return bound;
        }
        int j = from;
        for (; j + 4 * L <= to; j += 4 * L) {
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = s0;
            FloatVector s2 = s0;
            FloatVector s3 = s0;
            for (int r = 0, o = xo + j; r < rows; r++, o += cols) {
                s0 = s0.add(FloatVector.fromArray(S, x, o));
                s1 = s1.add(FloatVector.fromArray(S, x, o + L));
                s2 = s2.add(FloatVector.fromArray(S, x, o + 2 * L));
                s3 = s3.add(FloatVector.fromArray(S, x, o + 3 * L));
            }
            s0.intoArray(out, j);
            s1.intoArray(out, j + L);
            s2.intoArray(out, j + 2 * L);
            s3.intoArray(out, j + 3 * L);
        }
        for (; j + L <= to; j += L) {
            FloatVector s0 = FloatVector.zero(S);
            for (int r = 0, o = xo + j; r < rows; r++, o += cols) {
                s0 = s0.add(FloatVector.fromArray(S, x, o));
            }
            s0.intoArray(out, j);
        }
        return j;
    }

    /** The sum of a contiguous float lane, in four vector accumulators. */
    static double sum(float[] x, int off, int n) {
        int bound = S.loopBound(n);
        int bound4 = n - n % (4 * L);
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int i = 0;
        for (; i < bound4; i += 4 * L) {
            s0 = s0.add(FloatVector.fromArray(S, x, off + i));
            s1 = s1.add(FloatVector.fromArray(S, x, off + i + L));
            s2 = s2.add(FloatVector.fromArray(S, x, off + i + 2 * L));
            s3 = s3.add(FloatVector.fromArray(S, x, off + i + 3 * L));
        }
        for (; i < bound; i += L) {
            s0 = s0.add(FloatVector.fromArray(S, x, off + i));
        }
        double total = sumLanes(s0.add(s1).add(s2.add(s3)));
        for (; i < n; i++) {
            total += x[off + i];
        }
        return total;
    }

    /**
     * The sum of a vector's lanes in a fixed order (halves added pairwise, in registers):
     * reduceLanes(ADD) may add them in any order, and does so differently once compiled, which
     * would make a sum change its last bits mid-run.
     */
    private static float sumLanes(FloatVector v) {
        if (L >= 16) {
            v = v.add(v.rearrange(PLUS_8));
        }
        if (L >= 8) {
            v = v.add(v.rearrange(PLUS_4));
        }
        if (L >= 4) {
            v = v.add(v.rearrange(PLUS_2));
        }
        if (L >= 2) {
            v = v.add(v.rearrange(PLUS_1));
        }
        return v.lane(0);
    }

    /** Σ x·y over two contiguous rows. */
    static float dot(float[] x, int xo, float[] y, int yo, int n) {
        int bound = S.loopBound(n);
        FloatVector sum = FloatVector.zero(S);
        int i = 0;
        for (; i < bound; i += L) {
            sum = FloatVector.fromArray(S, x, xo + i).fma(FloatVector.fromArray(S, y, yo + i), sum);
        }
        float total = sumLanes(sum);
        for (; i < n; i++) {
            total += x[xo + i] * y[yo + i];
        }
        return total;
    }

    /** Σ (x - mu)² over a contiguous row. */
    static double squaredDeviationSum(float[] x, int off, int n, float mu) {
        int bound = S.loopBound(n);
        FloatVector s0 = FloatVector.zero(S);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector c = FloatVector.fromArray(S, x, off + i).sub(mu);
            s0 = c.fma(c, s0);
        }
        double total = sumLanes(s0);
        for (; i < n; i++) {
            float c = x[off + i] - mu;
            total += c * c;
        }
        return total;
    }

    /** y = (x - mu)·inv·w + b over whole vectors of a row (w, b may be null); returns how many elements it did. */
    static int normalizeRow(float[] x, int xo, int n, float mu, float inv, float[] w, float[] b, float[] y, int yo) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i).sub(mu).mul(inv);
            if (w != null) {
                v = v.mul(FloatVector.fromArray(S, w, i));
            }
            if (b != null) {
                v = v.add(FloatVector.fromArray(S, b, i));
            }
            v.intoArray(y, yo + i);
        }
        return bound;
    }

    /**
     * The sums of one row of layer normalisation's backward pass (see
     * {@code FusedKernels.layerNormBackward}) over whole vectors: adds Σ gw and Σ gw·x̂ (gw = g·w,
     * x̂ = (x - mu)·rstd) to sums[0] and sums[1], g·x̂ to dw and g to db (either may be null);
     * returns how many elements it did.
     */
    static int layerNormBackwardSums(float[] g, int go, float[] x, int xo, int n, float[] w, float mu, float rstd,
            float[] dw, float[] db, double[] sums) {
        int bound = S.loopBound(n);
        FloatVector sumG = FloatVector.zero(S);
        FloatVector sumGx = sumG;
        for (int i = 0; i < bound; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, go + i);
            FloatVector xhat = FloatVector.fromArray(S, x, xo + i).sub(mu).mul(rstd);
            FloatVector gw = w == null ? gv : gv.mul(FloatVector.fromArray(S, w, i));
            sumG = sumG.add(gw);
            sumGx = gw.fma(xhat, sumGx);
            if (dw != null) {
                gv.fma(xhat, FloatVector.fromArray(S, dw, i)).intoArray(dw, i);
            }
            if (db != null) {
                gv.add(FloatVector.fromArray(S, db, i)).intoArray(db, i);
            }
        }
        sums[0] += sumLanes(sumG);
        sums[1] += sumLanes(sumGx);
        return bound;
    }

    /**
     * dx = rstd·(gw - meanG - x̂·meanGx) over whole vectors of one row of layer normalisation's
     * backward pass; returns how many elements it did.
     */
    static int layerNormBackwardDx(float[] g, int go, float[] x, int xo, int n, float[] w, float mu, float rstd,
            float meanG, float meanGx, float[] dx, int dxo) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += L) {
            FloatVector xhat = FloatVector.fromArray(S, x, xo + i).sub(mu).mul(rstd);
            FloatVector gv = FloatVector.fromArray(S, g, go + i);
            FloatVector gw = w == null ? gv : gv.mul(FloatVector.fromArray(S, w, i));
            gw.sub(meanG).sub(xhat.mul(meanGx)).mul(rstd).intoArray(dx, dxo + i);
        }
        return bound;
    }
}
