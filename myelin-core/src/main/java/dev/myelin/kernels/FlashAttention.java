package dev.myelin.kernels;

import java.util.Arrays;

/**
 * Attention softmax(Q·Kᵀ·scale + mask)·V computed block by block, never holding more than one
 * block of the score matrix (the FlashAttention algorithm of Dao et al., 2022-2023), forward and
 * backward, in float.
 *
 * <p>Layout: {@code heads} independent problems, each Q (L x E), K (S x E), V (S x Ev), O (L x Ev)
 * contiguous, problem h at offset h·rows·cols. The optional additive mask is addressed through
 * {@link Mask} (strides of 0 broadcast it); {@code causal} masks key j &gt; i.
 *
 * <p>Forward: for each block of query rows, a running row maximum m and sum l rescale the partial
 * output as key blocks go by (an online softmax); the row's log-sum-exp L = m + log l is kept for
 * the backward pass. Backward: per block pair, P = exp(S - L) is recomputed, then
 * dV += Pᵀ·dO, dP = dO·Vᵀ, dS = P∘(dP - D) with D = rowsum(dO∘O), dQ += dS·K·scale and
 * dK += dSᵀ·Q·scale. A row that no key may attend gives NaN, as PyTorch's softmax does.
 */
public final class FlashAttention {
    private static final int BLOCK = 64;

    private FlashAttention() {}

    /** The shapes of one call: heads problems of L queries, S keys, head size E, value size Ev. */
    public record Dims(int heads, int l, int s, int e, int ev) {}

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
    public static void forward(Dims d, float[] q, float[] k, float[] v, Mask mask, float scale, float[] o, float[] lse) {
        int blocks = (d.l() + BLOCK - 1) / BLOCK;
        Parallel.forRange(d.heads() * blocks, 1, (from, to) -> {
            float[] scores = new float[BLOCK * BLOCK];
            float[] acc = new float[BLOCK * d.ev()];
            float[] m = new float[BLOCK];
            float[] l = new float[BLOCK];
            for (int task = from; task < to; task++) {
                int h = task / blocks;
                int i0 = (task % blocks) * BLOCK;
                int br = Math.min(BLOCK, d.l() - i0);
                Arrays.fill(m, Float.NEGATIVE_INFINITY);
                Arrays.fill(l, 0f);
                Arrays.fill(acc, 0f);
                int qo = (h * d.l() + i0) * d.e();
                for (int j0 = 0; j0 < d.s(); j0 += BLOCK) {
                    if (mask.causal() && j0 > i0 + br - 1) {
                        break;
                    }
                    int bc = Math.min(BLOCK, d.s() - j0);
                    // scores (br x bc) = Q_i · K_jᵀ
                    Gemm.gemm(br, bc, d.e(), q, qo, d.e(), 1, k, (h * d.s() + j0) * d.e(), 1, d.e(), scores, 0, bc, false);
                    scaleAndMask(scores, br, bc, scale, mask, h, i0, j0);
                    for (int r = 0; r < br; r++) {
                        float rowMax = m[r];
                        for (int c = 0; c < bc; c++) {
                            rowMax = Math.max(rowMax, scores[r * bc + c]);
                        }
                        if (rowMax == Float.NEGATIVE_INFINITY) {
                            // No key of this block (nor any before) is open to this row: nothing changes.
                            Arrays.fill(scores, r * bc, r * bc + bc, 0f);
                            continue;
                        }
                        float correction = (float) Math.exp(m[r] - rowMax);
                        float sum = 0;
                        for (int c = 0; c < bc; c++) {
                            float p = (float) Math.exp(scores[r * bc + c] - rowMax);
                            scores[r * bc + c] = p;
                            sum += p;
                        }
                        l[r] = l[r] * correction + sum;
                        m[r] = rowMax;
                        for (int c = 0; c < d.ev(); c++) {
                            acc[r * d.ev() + c] *= correction;
                        }
                    }
                    // acc (br x ev) += P · V_j
                    Gemm.gemm(br, d.ev(), bc, scores, 0, bc, 1, v, (h * d.s() + j0) * d.ev(), d.ev(), 1, acc, 0, d.ev(), true);
                }
                int oo = (h * d.l() + i0) * d.ev();
                for (int r = 0; r < br; r++) {
                    float inv = 1 / l[r];
                    for (int c = 0; c < d.ev(); c++) {
                        o[oo + r * d.ev() + c] = acc[r * d.ev() + c] * inv;
                    }
                    lse[h * d.l() + i0 + r] = m[r] + (float) Math.log(l[r]);
                }
            }
        });
    }

    /** dQ, dK, dV from dO, given Q, K, V, O and the forward pass's row log-sum-exps. */
    public static void backward(Dims d, float[] q, float[] k, float[] v, Mask mask, float scale, float[] o, float[] lse,
            float[] dO, float[] dQ, float[] dK, float[] dV) {
        Parallel.forRange(d.heads(), 1, (from, to) -> {
            float[] p = new float[BLOCK * BLOCK];
            float[] dp = new float[BLOCK * BLOCK];
            float[] rowDot = new float[d.l()];
            for (int h = from; h < to; h++) {
                int qBase = h * d.l() * d.e();
                int oBase = h * d.l() * d.ev();
                int kBase = h * d.s() * d.e();
                int vBase = h * d.s() * d.ev();
                for (int i = 0; i < d.l(); i++) {
                    float sum = 0;
                    for (int c = 0; c < d.ev(); c++) {
                        sum += dO[oBase + i * d.ev() + c] * o[oBase + i * d.ev() + c];
                    }
                    rowDot[i] = sum;
                }
                Arrays.fill(dQ, qBase, qBase + d.l() * d.e(), 0f);
                Arrays.fill(dK, kBase, kBase + d.s() * d.e(), 0f);
                Arrays.fill(dV, vBase, vBase + d.s() * d.ev(), 0f);
                for (int j0 = 0; j0 < d.s(); j0 += BLOCK) {
                    int bc = Math.min(BLOCK, d.s() - j0);
                    for (int i0 = mask.causal() ? (j0 / BLOCK) * BLOCK : 0; i0 < d.l(); i0 += BLOCK) {
                        int br = Math.min(BLOCK, d.l() - i0);
                        if (mask.causal() && j0 > i0 + br - 1) {
                            continue;
                        }
                        int qo = qBase + i0 * d.e();
                        int oo = oBase + i0 * d.ev();
                        Gemm.gemm(br, bc, d.e(), q, qo, d.e(), 1, k, kBase + j0 * d.e(), 1, d.e(), p, 0, bc, false);
                        scaleAndMask(p, br, bc, scale, mask, h, i0, j0);
                        for (int r = 0; r < br; r++) {
                            float rowLse = lse[h * d.l() + i0 + r];
                            for (int c = 0; c < bc; c++) {
                                p[r * bc + c] = (float) Math.exp(p[r * bc + c] - rowLse);
                            }
                        }
                        // dV_j (bc x ev) += Pᵀ · dO_i
                        Gemm.gemm(bc, d.ev(), br, p, 0, 1, bc, dO, oo, d.ev(), 1, dV, vBase + j0 * d.ev(), d.ev(), true);
                        // dP (br x bc) = dO_i · V_jᵀ
                        Gemm.gemm(br, bc, d.ev(), dO, oo, d.ev(), 1, v, vBase + j0 * d.ev(), 1, d.ev(), dp, 0, bc, false);
                        for (int r = 0; r < br; r++) {
                            float dot = rowDot[i0 + r];
                            for (int c = 0; c < bc; c++) {
                                dp[r * bc + c] = p[r * bc + c] * (dp[r * bc + c] - dot) * scale;
                            }
                        }
                        // dQ_i (br x e) += dS · K_j ; dK_j (bc x e) += dSᵀ · Q_i (dS already scaled)
                        Gemm.gemm(br, d.e(), bc, dp, 0, bc, 1, k, kBase + j0 * d.e(), d.e(), 1, dQ, qo, d.e(), true);
                        Gemm.gemm(bc, d.e(), br, dp, 0, 1, bc, q, qo, d.e(), 1, dK, kBase + j0 * d.e(), d.e(), true);
                    }
                }
            }
        });
    }

    /** scores = scores·scale + mask, with -inf where the causal mask forbids. */
    private static void scaleAndMask(float[] scores, int br, int bc, float scale, Mask mask, int h, int i0, int j0) {
        for (int r = 0; r < br; r++) {
            int i = i0 + r;
            int mo = mask.values() == null ? 0 : mask.headOffsets()[h] + i * mask.rowStride() + j0 * mask.colStride();
            for (int c = 0; c < bc; c++) {
                float s = scores[r * bc + c] * scale;
                if (mask.values() != null) {
                    s += mask.values()[mo + c * mask.colStride()];
                }
                if (mask.causal() && j0 + c > i) {
                    s = Float.NEGATIVE_INFINITY;
                }
                scores[r * bc + c] = s;
            }
        }
    }
}
