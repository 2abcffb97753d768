package dev.myelin.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float matrix multiplication with the Vector API, organised as in BLIS: for each block of KC
 * steps of the inner dimension, B is packed into panels of NR columns and A into slivers of MR
 * rows (both k-major, zero-padded at the edges), then a register-blocked micro-kernel computes
 * each MR x NR tile of C with its 16 accumulators kept in registers. Packing reads any strides,
 * so transposed operands cost nothing extra. Tiles are spread over {@link Parallel} on a grid of
 * row blocks and panel groups.
 *
 * <p>Vectors never cross a method call here: a vector handed to a method that the JIT does not
 * inline is boxed, and then the whole loop falls off the intrinsic path (measured: 7 GFLOP/s
 * instead of 114 for the micro-kernel). That is why the stores are written out by hand.
 */
final class VectorGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** A sliver's MR floats as one vector, for packing a column of A with unit row stride. */
    private static final VectorSpecies<Float> SLIVER = FloatVector.SPECIES_256;
    /** Rows of a micro-tile. */
    static final int MR = 8;
    /** Columns of a micro-tile: two vectors. */
    static final int NR = 2 * L;
    /** Inner-dimension block: a packed B panel (KC x NR) is reused by every sliver of A. */
    private static final int KC = 512;
    /** Rows per parallel task (a multiple of MR). */
    private static final int MC = 128;
    /** Columns per outer block (a multiple of NR). */
    private static final int NC = 4096;

    /** The lane indexes of the two-vector selects of transposeRows16's stages: LOW_h keeps the first row's lanes whose bit h is clear. */
    private static final FloatVector LOW_1 = selectIndexes(1, true);
    private static final FloatVector HIGH_1 = selectIndexes(1, false);
    private static final FloatVector LOW_2 = selectIndexes(2, true);
    private static final FloatVector HIGH_2 = selectIndexes(2, false);
    private static final FloatVector LOW_4 = selectIndexes(4, true);
    private static final FloatVector HIGH_4 = selectIndexes(4, false);
    private static final FloatVector LOW_8 = selectIndexes(8, true);
    private static final FloatVector HIGH_8 = selectIndexes(8, false);

    /** Floats in 4 KB: a column stride of A that is a multiple of it maps every k-step to one L1 set. */
    private static final int ALIASING_STRIDE = 1024;

    /** A zero row read with stride 0 as the C0 of a product that overwrites C. */
    private static final float[] ZEROS = new float[NR];

    /** Per-thread packing buffers {B panels, A slivers}, grown as needed and reused. */
    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[2][0]);

    private VectorGemm() {}

    /** C (m x n, row stride ldc) = A·B, or C += A·B when {@code accumulate}; see {@link Gemm}. */
    static void gemm(int m, int n, int k, float[] a, int ao, int ars, int acs, float[] b, int bo, int brs, int bcs,
            float[] c, int co, int ldc, boolean accumulate) {
        gemm(m, n, k, a, ao, ars, acs, b, bo, brs, bcs, null, null, 0, c, co, ldc, accumulate);
    }

    /** C (m x n) = bias + A·B, every row of C starting as the n values of bias at biasOffset (none if null). */
    static void gemmWithBias(int m, int n, int k, float[] a, int ao, int ars, int acs, float[] b, int bo, int brs,
            int bcs, float[] packedB, float[] bias, int biasOffset, float[] c, int co, int ldc) {
        gemm(m, n, k, a, ao, ars, acs, b, bo, brs, bcs, packedB, bias, biasOffset, c, co, ldc, false);
    }

    /** C (+)= A·B with B already packed by {@link #pack}. */
    static void gemm(int m, int n, int k, float[] a, int ao, int ars, int acs, float[] packedB, float[] c, int co,
            int ldc, boolean accumulate) {
        gemm(m, n, k, a, ao, ars, acs, null, 0, 0, 0, packedB, null, 0, c, co, ldc, accumulate);
    }

    /**
     * B (k x n) packed for every block of the product at once: the blocks (jc, pc) follow each
     * other, block (jc, pc) at jc·k + pc·roundUp(nc, NR), each laid out as {@link #packB} writes it.
     */
    static float[] pack(int k, int n, float[] b, int bo, int brs, int bcs) {
        float[] packed = new float[k * roundUp(n, NR) + NR];
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                int base = jc * k + pc * roundUp(nc, NR);
                int j0 = jc;
                int p0 = pc;
                Parallel.forRange((nc + NR - 1) / NR, Math.max(1, 4096 / kc), (from, to) ->
                        packB(b, bo, brs, bcs, p0, kc, j0, nc, packed, base, from, to));
            }
        }
        return packed;
    }

    private static void gemm(int m, int n, int k, float[] a, int ao, int ars, int acs, float[] b, int bo, int brs,
            int bcs, float[] packedB, float[] bias, int biasOffset, float[] c, int co, int ldc, boolean accumulate) {
        if (k == 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) {
                    if (bias == null) {
                        Arrays.fill(c, co + i * ldc, co + i * ldc + n, 0f);
                    } else {
                        System.arraycopy(bias, biasOffset, c, co + i * ldc, n);
                    }
                }
            }
            return;
        }
        float[][] buffers = BUFFERS.get();
        int kcMax = Math.min(KC, k);
        int slivers = (m + MR - 1) / MR;
        float[] bp = packedB != null ? packedB : grow(buffers, 0, kcMax * roundUp(Math.min(NC, n), NR));
        float[] ap = grow(buffers, 1, kcMax * slivers * MR);
        // Full slivers of an A with unit row or column stride are read where they are: packing
        // them would cost as much as the product when B has few panels. Others are packed, and so
        // is a transposed A whose k-steps lie a multiple of 4 KB apart: read in place, every step
        // of a sliver falls in the same L1 set (W5's weight gradients with 1,024 outputs, A = dYᵀ:
        // 3-5% faster packed; with 256 or 768 columns packing was 3% slower).
        int inPlace = acs == 1 || (ars == 1 && acs % ALIASING_STRIDE != 0) ? m / MR : 0;
        int threads = Parallel.threads();
        // What an overwritten tile starts from: the bias row (step 1 along the columns) or zeros.
        float[] init = bias != null ? bias : ZEROS;
        int initStep = bias != null ? 1 : 0;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            int panels = (nc + NR - 1) / NR;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean overwrite = !accumulate && pc == 0;
                int j0 = jc;
                int p0 = pc;
                int bBase = packedB != null ? jc * k + pc * roundUp(nc, NR) : 0;
                if (packedB == null) {
                    Parallel.forRange(panels, Math.max(1, 4096 / kc), (from, to) ->
                            packB(b, bo, brs, bcs, p0, kc, j0, nc, bp, 0, from, to));
                }
                Parallel.forRange(slivers - inPlace, Math.max(1, 4096 / kc), (from, to) ->
                        packA(a, ao, ars, acs, p0, kc, m, ap, inPlace + from, inPlace + to));
                int rowBlocks = (m + MC - 1) / MC;
                int groups = Math.max(1, Math.min(panels, (2 * threads + rowBlocks - 1) / rowBlocks));
                long flops = 2L * m * nc * kc;
                Parallel.Range tiles = (from, to) -> {
                    float[] edge = new float[MR * NR];
                    for (int t = from; t < to; t++) {
                        int block = t / groups;
                        int group = t % groups;
                        int firstSliver = block * (MC / MR);
                        int lastSliver = Math.min(slivers, firstSliver + MC / MR);
                        int firstPanel = (int) ((long) panels * group / groups);
                        int lastPanel = (int) ((long) panels * (group + 1) / groups);
                        for (int p = firstPanel; p < lastPanel; p++) {
                            int nr = Math.min(NR, nc - p * NR);
                            int initOffset = (biasOffset + j0 + p * NR) * initStep;
                            for (int s = firstSliver; s < lastSliver; s++) {
                                int mr = Math.min(MR, m - s * MR);
                                int cOffset = co + s * MR * ldc + j0 + p * NR;
                                if (s < inPlace) {
                                    tile(kc, a, ao + s * MR * ars + p0 * acs, ars, acs, bp, bBase + p * kc * NR, c,
                                            cOffset, ldc, mr, nr, overwrite, init, initOffset, initStep, edge);
                                } else {
                                    tile(kc, ap, s * kc * MR, 1, MR, bp, bBase + p * kc * NR, c, cOffset, ldc, mr, nr,
                                            overwrite, init, initOffset, initStep, edge);
                                }
                            }
                        }
                    }
                };
                if (flops < (1 << 20)) {
                    tiles.run(0, rowBlocks * groups);
                } else {
                    Parallel.forEach(rowBlocks * groups, tiles);
                }
            }
        }
    }

    /**
     * For the pair of rows (a, b) of a transpose stage: lane c of the new a is a[c] where bit h of c
     * is clear, else b[c - h]; of the new b, a[c + h] where it is clear, else b[c] (indexes of b
     * count from L, as selectFrom reads them).
     */
    private static FloatVector selectIndexes(int h, boolean low) {
        float[] index = new float[L];
        for (int c = 0; c < L; c++) {
            boolean clear = (c & h) == 0;
            index[c] = low ? (clear ? c : L + c - h) : (clear ? c + h : L + c);
        }
        return FloatVector.fromArray(S, index, 0);
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    private static float[] grow(float[][] buffers, int which, int size) {
        if (buffers[which].length < size) {
            buffers[which] = new float[size];
        }
        return buffers[which];
    }

    /** Packs panels [from, to) of B's block (kc x nc at (pc, jc)) k-major, NR columns wide, zero-padded, at bp[base..]. */
    private static void packB(float[] b, int bo, int brs, int bcs, int pc, int kc, int jc, int nc, float[] bp, int base,
            int from, int to) {
        // Where each of a panel's columns starts, relative to the first, for the gathers below.
        int[] columns = new int[NR];
        for (int j = 0; j < NR; j++) {
            columns[j] = j * bcs;
        }
        for (int p = from; p < to; p++) {
            int nr = Math.min(NR, nc - p * NR);
            int dst = base + p * kc * NR;
            int src = bo + pc * brs + (jc + p * NR) * bcs;
            if (nr < NR) {
                Arrays.fill(bp, dst, dst + kc * NR, 0f);
            }
            if (bcs == 1 && nr == NR) {
                // Two vector copies per row: a call of System.arraycopy per 32 floats costs more.
                for (int kk = 0; kk < kc; kk++) {
                    FloatVector.fromArray(S, b, src + kk * brs).intoArray(bp, dst + kk * NR);
                    FloatVector.fromArray(S, b, src + kk * brs + L).intoArray(bp, dst + kk * NR + L);
                }
            } else if (bcs == 1) {
                for (int kk = 0; kk < kc; kk++) {
                    System.arraycopy(b, src + kk * brs, bp, dst + kk * NR, nr);
                }
            } else if (brs == 1 && nr == NR) {
                // B's columns are contiguous: 16 rows at a time transposed in registers, the rest
                // gathered, each packed row one element of each column.
                int kk = 0;
                if (L == 16) {
                    for (; kk + L <= kc; kk += L) {
                        transposeRows16(b, src, bcs, kk, bp, dst);
                    }
                }
                for (; kk < kc; kk++) {
                    FloatVector.fromArray(S, b, src + kk, columns, 0).intoArray(bp, dst + kk * NR);
                    FloatVector.fromArray(S, b, src + kk, columns, L).intoArray(bp, dst + kk * NR + L);
                }
            } else {
                for (int j = 0; j < nr; j++) {
                    int s = src + j * bcs;
                    for (int kk = 0; kk < kc; kk++) {
                        bp[dst + kk * NR + j] = b[s + kk * brs];
                    }
                }
            }
        }
    }

    /**
     * Packs rows [k0, k0 + 16) of a full panel whose columns are contiguous runs of k (brs = 1),
     * 16-lane vectors only: each half of the panel is a 16 x 16 block transposed in registers, in
     * four stages that swap its off-diagonal h x h blocks (h = 1, 2, 4, 8) with two-vector selects.
     */
    private static void transposeRows16(float[] b, int src, int bcs, int k0, float[] bp, int dst) {
        for (int half = 0; half < NR; half += L) {
            int s = src + half * bcs + k0;
            FloatVector r0 = FloatVector.fromArray(S, b, s);
            FloatVector r1 = FloatVector.fromArray(S, b, s + 1 * bcs);
            FloatVector r2 = FloatVector.fromArray(S, b, s + 2 * bcs);
            FloatVector r3 = FloatVector.fromArray(S, b, s + 3 * bcs);
            FloatVector r4 = FloatVector.fromArray(S, b, s + 4 * bcs);
            FloatVector r5 = FloatVector.fromArray(S, b, s + 5 * bcs);
            FloatVector r6 = FloatVector.fromArray(S, b, s + 6 * bcs);
            FloatVector r7 = FloatVector.fromArray(S, b, s + 7 * bcs);
            FloatVector r8 = FloatVector.fromArray(S, b, s + 8 * bcs);
            FloatVector r9 = FloatVector.fromArray(S, b, s + 9 * bcs);
            FloatVector r10 = FloatVector.fromArray(S, b, s + 10 * bcs);
            FloatVector r11 = FloatVector.fromArray(S, b, s + 11 * bcs);
            FloatVector r12 = FloatVector.fromArray(S, b, s + 12 * bcs);
            FloatVector r13 = FloatVector.fromArray(S, b, s + 13 * bcs);
            FloatVector r14 = FloatVector.fromArray(S, b, s + 14 * bcs);
            FloatVector r15 = FloatVector.fromArray(S, b, s + 15 * bcs);
            FloatVector t;
            t = LOW_1.selectFrom(r0, r1);
            r1 = HIGH_1.selectFrom(r0, r1);
            r0 = t;
            t = LOW_1.selectFrom(r2, r3);
            r3 = HIGH_1.selectFrom(r2, r3);
            r2 = t;
            t = LOW_1.selectFrom(r4, r5);
            r5 = HIGH_1.selectFrom(r4, r5);
            r4 = t;
            t = LOW_1.selectFrom(r6, r7);
            r7 = HIGH_1.selectFrom(r6, r7);
            r6 = t;
            t = LOW_1.selectFrom(r8, r9);
            r9 = HIGH_1.selectFrom(r8, r9);
            r8 = t;
            t = LOW_1.selectFrom(r10, r11);
            r11 = HIGH_1.selectFrom(r10, r11);
            r10 = t;
            t = LOW_1.selectFrom(r12, r13);
            r13 = HIGH_1.selectFrom(r12, r13);
            r12 = t;
            t = LOW_1.selectFrom(r14, r15);
            r15 = HIGH_1.selectFrom(r14, r15);
            r14 = t;
            t = LOW_2.selectFrom(r0, r2);
            r2 = HIGH_2.selectFrom(r0, r2);
            r0 = t;
            t = LOW_2.selectFrom(r1, r3);
            r3 = HIGH_2.selectFrom(r1, r3);
            r1 = t;
            t = LOW_2.selectFrom(r4, r6);
            r6 = HIGH_2.selectFrom(r4, r6);
            r4 = t;
            t = LOW_2.selectFrom(r5, r7);
            r7 = HIGH_2.selectFrom(r5, r7);
            r5 = t;
            t = LOW_2.selectFrom(r8, r10);
            r10 = HIGH_2.selectFrom(r8, r10);
            r8 = t;
            t = LOW_2.selectFrom(r9, r11);
            r11 = HIGH_2.selectFrom(r9, r11);
            r9 = t;
            t = LOW_2.selectFrom(r12, r14);
            r14 = HIGH_2.selectFrom(r12, r14);
            r12 = t;
            t = LOW_2.selectFrom(r13, r15);
            r15 = HIGH_2.selectFrom(r13, r15);
            r13 = t;
            t = LOW_4.selectFrom(r0, r4);
            r4 = HIGH_4.selectFrom(r0, r4);
            r0 = t;
            t = LOW_4.selectFrom(r1, r5);
            r5 = HIGH_4.selectFrom(r1, r5);
            r1 = t;
            t = LOW_4.selectFrom(r2, r6);
            r6 = HIGH_4.selectFrom(r2, r6);
            r2 = t;
            t = LOW_4.selectFrom(r3, r7);
            r7 = HIGH_4.selectFrom(r3, r7);
            r3 = t;
            t = LOW_4.selectFrom(r8, r12);
            r12 = HIGH_4.selectFrom(r8, r12);
            r8 = t;
            t = LOW_4.selectFrom(r9, r13);
            r13 = HIGH_4.selectFrom(r9, r13);
            r9 = t;
            t = LOW_4.selectFrom(r10, r14);
            r14 = HIGH_4.selectFrom(r10, r14);
            r10 = t;
            t = LOW_4.selectFrom(r11, r15);
            r15 = HIGH_4.selectFrom(r11, r15);
            r11 = t;
            t = LOW_8.selectFrom(r0, r8);
            r8 = HIGH_8.selectFrom(r0, r8);
            r0 = t;
            t = LOW_8.selectFrom(r1, r9);
            r9 = HIGH_8.selectFrom(r1, r9);
            r1 = t;
            t = LOW_8.selectFrom(r2, r10);
            r10 = HIGH_8.selectFrom(r2, r10);
            r2 = t;
            t = LOW_8.selectFrom(r3, r11);
            r11 = HIGH_8.selectFrom(r3, r11);
            r3 = t;
            t = LOW_8.selectFrom(r4, r12);
            r12 = HIGH_8.selectFrom(r4, r12);
            r4 = t;
            t = LOW_8.selectFrom(r5, r13);
            r13 = HIGH_8.selectFrom(r5, r13);
            r5 = t;
            t = LOW_8.selectFrom(r6, r14);
            r14 = HIGH_8.selectFrom(r6, r14);
            r6 = t;
            t = LOW_8.selectFrom(r7, r15);
            r15 = HIGH_8.selectFrom(r7, r15);
            r7 = t;
            r0.intoArray(bp, dst + (k0 + 0) * NR + half);
            r1.intoArray(bp, dst + (k0 + 1) * NR + half);
            r2.intoArray(bp, dst + (k0 + 2) * NR + half);
            r3.intoArray(bp, dst + (k0 + 3) * NR + half);
            r4.intoArray(bp, dst + (k0 + 4) * NR + half);
            r5.intoArray(bp, dst + (k0 + 5) * NR + half);
            r6.intoArray(bp, dst + (k0 + 6) * NR + half);
            r7.intoArray(bp, dst + (k0 + 7) * NR + half);
            r8.intoArray(bp, dst + (k0 + 8) * NR + half);
            r9.intoArray(bp, dst + (k0 + 9) * NR + half);
            r10.intoArray(bp, dst + (k0 + 10) * NR + half);
            r11.intoArray(bp, dst + (k0 + 11) * NR + half);
            r12.intoArray(bp, dst + (k0 + 12) * NR + half);
            r13.intoArray(bp, dst + (k0 + 13) * NR + half);
            r14.intoArray(bp, dst + (k0 + 14) * NR + half);
            r15.intoArray(bp, dst + (k0 + 15) * NR + half);
        }
    }

    /** Packs slivers [from, to) of A's block (m x kc at column pc) k-major, MR rows high, zero-padded. */
    private static void packA(float[] a, int ao, int ars, int acs, int pc, int kc, int m, float[] ap, int from, int to) {
        for (int s = from; s < to; s++) {
            int mr = Math.min(MR, m - s * MR);
            int dst = s * kc * MR;
            int src = ao + s * MR * ars + pc * acs;
            if (mr < MR) {
                Arrays.fill(ap, dst, dst + kc * MR, 0f);
            }
            if (ars == 1 && mr == MR && L >= MR) {
                for (int kk = 0; kk < kc; kk++) {
                    FloatVector.fromArray(SLIVER, a, src + kk * acs).intoArray(ap, dst + kk * MR);
                }
            } else if (ars == 1) {
                for (int kk = 0; kk < kc; kk++) {
                    for (int i = 0; i < mr; i++) {
                        ap[dst + kk * MR + i] = a[src + kk * acs + i];
                    }
                }
            } else {
                for (int i = 0; i < mr; i++) {
                    int r = src + i * ars;
                    for (int kk = 0; kk < kc; kk++) {
                        ap[dst + kk * MR + i] = a[r + kk * acs];
                    }
                }
            }
        }
    }

    /**
     * One tile of C, mr x nr: a full tile straight from the micro-kernel; an edge tile through
     * {@code edge} (MR x NR), so that the micro-kernel needs no masks and no per-row branches
     * (each a chance for its compiled code to be thrown away when first taken late, and for a
     * vector operation to be compiled as a call that boxes its operands). An overwritten tile
     * starts from the row {@code init[initOffset + j·initStep]} (a bias, or zeros with step 0).
     */
    private static void tile(int kc, float[] a, int ao, int ars, int acs, float[] bp, int bo, float[] c, int co, int ldc,
            int mr, int nr, boolean overwrite, float[] init, int initOffset, int initStep, float[] edge) {
        if (mr == MR && nr == NR) {
            if (overwrite) {
                kernel(kc, a, ao, ars, acs, bp, bo, init, initOffset, 0, c, co, ldc);
            } else {
                kernel(kc, a, ao, ars, acs, bp, bo, c, co, ldc, c, co, ldc);
            }
            return;
        }
        kernel(kc, a, ao, ars, acs, bp, bo, ZEROS, 0, 0, edge, 0, NR);
        for (int i = 0; i < mr; i++) {
            int row = co + i * ldc;
            for (int j = 0; j < nr; j++) {
                c[row + j] = (overwrite ? init[initOffset + j * initStep] : c[row + j]) + edge[i * NR + j];
            }
        }
    }

    /**
     * A full MR x NR tile: C = C0 + A·Bp over kc steps, with A's element (i, kk) at
     * {@code a[ao + i*ars + kk*acs]} (a packed sliver: ars 1, acs MR; or A in place) and C0 read
     * from {@code c0} with row stride {@code ldc0}: C itself to accumulate, or {@link #ZEROS} with
     * stride 0 to overwrite. Without a branch on the mode, the compiled kernel never meets a path
     * its profile has not seen (a deoptimisation there left it recompiled at 88 instead of 98
     * GFLOP/s when small products had come first).
     */
    private static void kernel(int kc, float[] a, int ao, int ars, int acs, float[] bp, int bo, float[] c0, int co0,
            int ldc0, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        FloatVector c60 = c00;
        FloatVector c61 = c00;
        FloatVector c70 = c00;
        FloatVector c71 = c00;
        for (int kk = 0; kk < kc; kk++) {
            int bb = bo + kk * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bb);
            FloatVector b1 = FloatVector.fromArray(S, bp, bb + L);
            int aa = ao + kk * acs;
            FloatVector x = FloatVector.broadcast(S, a[aa]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, a[aa + 1 * ars]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, a[aa + 2 * ars]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, a[aa + 3 * ars]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(S, a[aa + 4 * ars]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(S, a[aa + 5 * ars]);
            c50 = b0.fma(x, c50);
            c51 = b1.fma(x, c51);
            x = FloatVector.broadcast(S, a[aa + 6 * ars]);
            c60 = b0.fma(x, c60);
            c61 = b1.fma(x, c61);
            x = FloatVector.broadcast(S, a[aa + 7 * ars]);
            c70 = b0.fma(x, c70);
            c71 = b1.fma(x, c71);
        }
        // Row by row, written out: see the class comment.
        c00.add(FloatVector.fromArray(S, c0, co0)).intoArray(c, co);
        c01.add(FloatVector.fromArray(S, c0, co0 + L)).intoArray(c, co + L);
        c10.add(FloatVector.fromArray(S, c0, co0 + 1 * ldc0)).intoArray(c, co + 1 * ldc);
        c11.add(FloatVector.fromArray(S, c0, co0 + 1 * ldc0 + L)).intoArray(c, co + 1 * ldc + L);
        c20.add(FloatVector.fromArray(S, c0, co0 + 2 * ldc0)).intoArray(c, co + 2 * ldc);
        c21.add(FloatVector.fromArray(S, c0, co0 + 2 * ldc0 + L)).intoArray(c, co + 2 * ldc + L);
        c30.add(FloatVector.fromArray(S, c0, co0 + 3 * ldc0)).intoArray(c, co + 3 * ldc);
        c31.add(FloatVector.fromArray(S, c0, co0 + 3 * ldc0 + L)).intoArray(c, co + 3 * ldc + L);
        c40.add(FloatVector.fromArray(S, c0, co0 + 4 * ldc0)).intoArray(c, co + 4 * ldc);
        c41.add(FloatVector.fromArray(S, c0, co0 + 4 * ldc0 + L)).intoArray(c, co + 4 * ldc + L);
        c50.add(FloatVector.fromArray(S, c0, co0 + 5 * ldc0)).intoArray(c, co + 5 * ldc);
        c51.add(FloatVector.fromArray(S, c0, co0 + 5 * ldc0 + L)).intoArray(c, co + 5 * ldc + L);
        c60.add(FloatVector.fromArray(S, c0, co0 + 6 * ldc0)).intoArray(c, co + 6 * ldc);
        c61.add(FloatVector.fromArray(S, c0, co0 + 6 * ldc0 + L)).intoArray(c, co + 6 * ldc + L);
        c70.add(FloatVector.fromArray(S, c0, co0 + 7 * ldc0)).intoArray(c, co + 7 * ldc);
        c71.add(FloatVector.fromArray(S, c0, co0 + 7 * ldc0 + L)).intoArray(c, co + 7 * ldc + L);
    }
}
