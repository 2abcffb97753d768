package dev.myelin.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Attention softmax(Q·Kᵀ·scale + mask)·V computed block by block, never holding more than one
 * block of the score matrix (the FlashAttention algorithm of Dao et al., 2022-2023), forward and
 * backward, in float.
 *
 * <p>Layout: {@code heads} independent problems, each Q (L x E), K (S x E), V (S x Ev), O (L x Ev),
 * and their gradients dO, dQ, dK, dV, addressed through {@link Rows}: each row contiguous, rows
 * and heads anywhere (so that the heads of a (B, T, H·E) projection are read where they are, and
 * the gradients can be written in the same layout). The optional additive mask is addressed through
 * {@link Mask} (strides of 0 broadcast it); {@code causal} masks key j &gt; i.
 *
 * <p>Forward: for each block of query rows, a running row maximum m and sum l rescale the partial
 * output as key blocks go by (an online softmax); the row's log-sum-exp L = m + log l is kept for
 * the backward pass. Backward: per block pair, P = exp(S - L) is recomputed, then
 * dV += Pᵀ·dO, dP = dO·Vᵀ, dS = P∘(dP - D) with D = rowsum(dO∘O), dQ += dS·K·scale and
 * dK += dSᵀ·Q·scale. A row that no key may attend gives NaN, as PyTorch's softmax does; with no
 * keys at all, outputs and query gradients are zeros (the plain formula's empty sums).
 */
public final class FlashAttention {
    private static final int BLOCK = 64;
    /**
     * The forward pass's block without a causal mask (queries and keys): per-block work (the
     * products' calls, the rescaling of the partial output) is paid half as often, and the score
     * block, 128 x 128, still fits in L2. MiniLM's attention (12 heads, 128 tokens, head size 32)
     * took 540 µs with 64 x 64 blocks, 480 with 128 x 128; a causal one (W5: 64 heads, head size
     * 64) is faster with 64 (3.9 against 4.2 ms), whose blocks above the diagonal it skips.
     */
    private static final int WIDE_BLOCK = 128;
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private FlashAttention() {}

    /** The shapes of one call: heads problems of L queries, S keys, head size E, value size Ev. */
    public record Dims(int heads, int l, int s, int e, int ev) {}

    /**
     * An operand's rows: row i of head h starts at {@code data[headOffsets[h] + i·rowStride]}, its
     * elements contiguous.
     */
    public record Rows(float[] data, int[] headOffsets, int rowStride) {
        int at(int h, int i) {
            return headOffsets[h] + i * rowStride;
        }
    }

    /**
     * The additive mask (null values: none): head h's element (i, j) is at
     * {@code values[headOffsets[h] + i·rowStride + j·colStride]}; {@code causal} adds -inf above
     * the diagonal.
     */
    public record Mask(float[] values, int[] headOffsets, int rowStride, int colStride, boolean causal) {
        /** No additive mask, causal or not. */
        public static Mask none(boolean causal) {
            return new Mask(null, null, 0, 0, causal);
        }
    }

    /** O = attention(Q, K, V); fills lse (heads x L) with each row's log-sum-exp for the backward pass. */
    public static void forward(Dims d, Rows q, Rows k, Rows v, Mask mask, float scale, Rows o, float[] lse) {
        if (d.s() == 0) {
            // no keys: every output row is an empty sum, as the plain formula gives
            fillRows(d.heads(), d.l(), d.ev(), o, 0f);
            Arrays.fill(lse, 0, d.heads() * d.l(), Float.NEGATIVE_INFINITY);
            return;
        }
        int block = mask.causal() ? BLOCK : WIDE_BLOCK;
        int blocks = (d.l() + block - 1) / block;
        Parallel.forEach(d.heads() * blocks, (from, to) -> {
            float[] scores = new float[block * block];
            float[] acc = new float[block * d.ev()];
            float[] m = new float[block];
            float[] l = new float[block];
            for (int task = from; task < to; task++) {
                int h = task / blocks;
                int i0 = (task % blocks) * block;
                int br = Math.min(block, d.l() - i0);
                Arrays.fill(m, Float.NEGATIVE_INFINITY);
                Arrays.fill(l, 0f);
                Arrays.fill(acc, 0f);
                int qo = q.at(h, i0);
                for (int j0 = 0; j0 < d.s(); j0 += block) {
                    if (mask.causal() && j0 > i0 + br - 1) {
                        break;
                    }
                    int bc = Math.min(block, d.s() - j0);
                    // scores (br x bc) = Q_i · K_jᵀ
                    Gemm.gemm(br, bc, d.e(), q.data(), qo, q.rowStride(), 1, k.data(), k.at(h, j0), 1, k.rowStride(),
                            scores, 0, bc, false);
                    for (int r = 0; r < br; r++) {
                        float rowMax = scaleAndMaskRow(scores, r * bc, bc, scale, mask, h, i0 + r, j0, m[r]);
                        if (rowMax == Float.NEGATIVE_INFINITY) {
                            // No key of this block (nor any before) is open to this row: nothing changes.
                            Arrays.fill(scores, r * bc, r * bc + bc, 0f);
                            continue;
                        }
                        float correction = (float) Math.exp(m[r] - rowMax);
                        double sum = VectorPointwise.expShiftedSum(scores, r * bc, scores, r * bc, bc, rowMax, true);
                        l[r] = l[r] * correction + (float) sum;
                        m[r] = rowMax;
                        if (correction != 1f) {
                            scaleRow(acc, r * d.ev(), d.ev(), correction);
                        }
                    }
                    // acc (br x ev) += P · V_j
                    Gemm.gemm(br, d.ev(), bc, scores, 0, bc, 1, v.data(), v.at(h, j0), v.rowStride(), 1, acc, 0, d.ev(),
                            true);
                }
                for (int r = 0; r < br; r++) {
                    scaleRow(acc, r * d.ev(), d.ev(), 1 / l[r]);
                    System.arraycopy(acc, r * d.ev(), o.data(), o.at(h, i0 + r), d.ev());
                    lse[h * d.l() + i0 + r] = m[r] + (float) Math.log(l[r]);
                }
            }
        });
    }

    /** dQ, dK, dV (overwritten) from dO, given Q, K, V, O and the forward pass's row log-sum-exps. */
    public static void backward(Dims d, Rows q, Rows k, Rows v, Mask mask, float scale, Rows o, float[] lse,
            Rows dO, Rows dQ, Rows dK, Rows dV) {
        if (d.s() == 0) {
            // no key block to overwrite dQ with (and no rows of dK and dV)
            fillRows(d.heads(), d.l(), d.e(), dQ, 0f);
            return;
        }
        Parallel.forEach(d.heads(), (from, to) -> {
            float[] p = new float[BLOCK * BLOCK];
            float[] dp = new float[BLOCK * BLOCK];
            float[] rowDot = new float[d.l()];
            for (int h = from; h < to; h++) {
                for (int i = 0; i < d.l(); i++) {
                    rowDot[i] = VectorPointwise.dot(dO.data(), dO.at(h, i), o.data(), o.at(h, i), d.ev());
                }
                // Each block of dQ, dK and dV is overwritten by its first product and added to by the
                // rest (no pass of zeros first): dQ_i first meets j0 = 0, which no mask skips.
                for (int j0 = 0; j0 < d.s(); j0 += BLOCK) {
                    int bc = Math.min(BLOCK, d.s() - j0);
                    boolean keysWritten = false;
                    for (int i0 = mask.causal() ? (j0 / BLOCK) * BLOCK : 0; i0 < d.l(); i0 += BLOCK) {
                        int br = Math.min(BLOCK, d.l() - i0);
                        if (mask.causal() && j0 > i0 + br - 1) {
                            continue;
                        }
                        boolean addToKeys = keysWritten;
                        keysWritten = true;
                        int qo = q.at(h, i0);
                        int ko = k.at(h, j0);
                        Gemm.gemm(br, bc, d.e(), q.data(), qo, q.rowStride(), 1, k.data(), ko, 1, k.rowStride(), p, 0, bc,
                                false);
                        for (int r = 0; r < br; r++) {
                            scaleAndMaskRow(p, r * bc, bc, scale, mask, h, i0 + r, j0, Float.NEGATIVE_INFINITY);
                            VectorPointwise.scaledExpShifted(p, r * bc, p, r * bc, bc, lse[h * d.l() + i0 + r], 1, 0);
                        }
                        // dV_j (bc x ev) += Pᵀ · dO_i
                        Gemm.gemm(bc, d.ev(), br, p, 0, 1, bc, dO.data(), dO.at(h, i0), dO.rowStride(), 1, dV.data(),
                                dV.at(h, j0), dV.rowStride(), addToKeys);
                        // dP (br x bc) = dO_i · V_jᵀ
                        Gemm.gemm(br, bc, d.ev(), dO.data(), dO.at(h, i0), dO.rowStride(), 1, v.data(), v.at(h, j0), 1,
                                v.rowStride(), dp, 0, bc, false);
                        for (int r = 0; r < br; r++) {
                            softmaxGradientRow(p, dp, r * bc, bc, rowDot[i0 + r], scale);
                        }
                        // dQ_i (br x e) += dS · K_j ; dK_j (bc x e) += dSᵀ · Q_i (dS already scaled)
                        Gemm.gemm(br, d.e(), bc, dp, 0, bc, 1, k.data(), ko, k.rowStride(), 1, dQ.data(), dQ.at(h, i0),
                                dQ.rowStride(), j0 > 0);
                        Gemm.gemm(bc, d.e(), br, dp, 0, 1, bc, q.data(), qo, q.rowStride(), 1, dK.data(), dK.at(h, j0),
                                dK.rowStride(), addToKeys);
                    }
                    for (int j = j0; !keysWritten && j < j0 + bc; j++) {
                        // keys past every query of a causal mask get no gradient
                        Arrays.fill(dK.data(), dK.at(h, j), dK.at(h, j) + d.e(), 0f);
                        Arrays.fill(dV.data(), dV.at(h, j), dV.at(h, j) + d.ev(), 0f);
                    }
                }
            }
        });
    }

    /**
     * One row of a block of scores, query i against keys j0.., made s·scale + mask, with -inf past
     * the diagonal when causal; returns the larger of {@code floor} and the row's maximum.
     */
    private static float scaleAndMaskRow(float[] s, int so, int bc, float scale, Mask mask, int h, int i, int j0,
            float floor) {
        int open = mask.causal() ? Math.clamp(i - j0 + 1, 0, bc) : bc;
        Arrays.fill(s, so + open, so + bc, Float.NEGATIVE_INFINITY);
        float[] mv = mask.values();
        int mo = mv == null ? 0 : mask.headOffsets()[h] + i * mask.rowStride() + j0 * mask.colStride();
        int cs = mask.colStride();
        FloatVector max = FloatVector.broadcast(S, floor);
        int c = 0;
        if (mv == null || cs <= 1) {
            for (int bound = S.loopBound(open); c < bound; c += L) {
                FloatVector v = FloatVector.fromArray(S, s, so + c).mul(scale);
                if (mv != null) {
                    v = v.add(cs == 0 ? FloatVector.broadcast(S, mv[mo]) : FloatVector.fromArray(S, mv, mo + c));
                }
                v.intoArray(s, so + c);
                max = max.max(v);
            }
        }
        float rowMax = max.reduceLanes(VectorOperators.MAX);
        for (; c < open; c++) {
            float v = s[so + c] * scale + (mv == null ? 0f : mv[mo + c * cs]);
            s[so + c] = v;
            rowMax = Math.max(rowMax, v);
        }
        return rowMax;
    }

    /** Rows [0, rows) of every head of {@code x}, {@code width} elements each, set to {@code value}. */
    private static void fillRows(int heads, int rows, int width, Rows x, float value) {
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < rows; i++) {
                Arrays.fill(x.data(), x.at(h, i), x.at(h, i) + width, value);
            }
        }
    }

    /** x[o .. o+n) *= factor. */
    private static void scaleRow(float[] x, int o, int n, float factor) {
        int c = 0;
        for (int bound = S.loopBound(n); c < bound; c += L) {
            FloatVector.fromArray(S, x, o + c).mul(factor).intoArray(x, o + c);
        }
        for (; c < n; c++) {
            x[o + c] *= factor;
        }
    }

    /** dS = P∘(dP - D)·scale over one row, written over dP. */
    private static void softmaxGradientRow(float[] p, float[] dp, int o, int n, float dot, float scale) {
        int c = 0;
        for (int bound = S.loopBound(n); c < bound; c += L) {
            FloatVector.fromArray(S, p, o + c).mul(FloatVector.fromArray(S, dp, o + c).sub(dot)).mul(scale)
                    .intoArray(dp, o + c);
        }
        for (; c < n; c++) {
            dp[o + c] = p[o + c] * (dp[o + c] - dot) * scale;
        }
    }
}
