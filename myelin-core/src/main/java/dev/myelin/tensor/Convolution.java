package dev.myelin.tensor;

import dev.myelin.autograd.Autograd;
import dev.myelin.autograd.Grad;
import dev.myelin.kernels.Gemm;
import dev.myelin.kernels.Im2Col;
import dev.myelin.kernels.Parallel;
import dev.myelin.kernels.ReduceKernels;
import dev.myelin.kernels.Scratch;
import java.util.Arrays;

/**
 * Convolutions: conv1d, conv2d and conv-transpose 2d, with PyTorch's argument conventions and
 * weight layouts, differentiable to any order.
 *
 * <p>A 2-D convolution y = F(x, w) is computed per image and group as one matrix product of the
 * weight with the image's unfolded patches ({@link Im2Col}). Its gradient with respect to x is
 * the adjoint T(g, w) (the transposed convolution: a matrix product, then folding the columns
 * back), and with respect to w it is W(x, g) (a matrix product of the gradient with the
 * patches). F, T and W are the three faces of the trilinear form {@code <F(x, w), g>}, so each
 * one's gradients are the other two: the rules below close under differentiation.
 *
 * <p>Shapes: x (N, C, H, W), weight (O, C/groups, kH, kW), bias (O) or null, output
 * (N, O, H', W') with H' = floor((H + 2·padding - dilation·(kH - 1) - 1) / stride) + 1.
 *
 * <pre>{@code
 * Tensor y = Convolution.conv2d(x, w, b, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1);
 * }</pre>
 */
public final class Convolution {
    private Convolution() {}

    /** The validated sizes of one 2-D convolution (as computed forwards: c input channels, o output channels). */
    private record Spec(int n, int c, int o, int groups, Im2Col.Geometry geo) {
        int cg() {
            return c / groups;
        }

        int og() {
            return o / groups;
        }

        Shape input() {
            return Shape.of(n, c, geo.h(), geo.w());
        }

        Shape output() {
            return Shape.of(n, o, geo.oh(), geo.ow());
        }

        Shape weight() {
            return Shape.of(o, cg(), geo.kh(), geo.kw());
        }

        /** The geometry of one group's patches. */
        Im2Col.Geometry group() {
            Im2Col.Geometry g = geo;
            return new Im2Col.Geometry(cg(), g.h(), g.w(), g.kh(), g.kw(), g.sh(), g.sw(), g.ph(), g.pw(), g.dh(),
                    g.dw(), g.oh(), g.ow());
        }
    }

    /**
     * The 2-D convolution (cross-correlation, as in every deep-learning framework) of x (N, C, H, W)
     * with weight (O, C/groups, kH, kW), plus bias (O) if not null.
     */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
            int groups) {
        String op = "conv2d";
        requireRank(op, "input", x, 4, "(N, C, H, W)");
        requireRank(op, "weight", weight, 4, "(out_channels, in_channels / groups, kH, kW)");
        int c = x.size(1);
        int o = weight.size(0);
        checkGroups(op, x, weight, groups, c, o, weight.size(1));
        int[] s = pair(op, "stride", stride, 1);
        int[] p = pair(op, "padding", padding, 0);
        int[] d = pair(op, "dilation", dilation, 1);
        int kh = weight.size(2);
        int kw = weight.size(3);
        int oh = outputSize(op, x, x.size(2), kh, s[0], p[0], d[0]);
        int ow = outputSize(op, x, x.size(3), kw, s[1], p[1], d[1]);
        Spec spec = new Spec(x.size(0), c, o, groups,
                new Im2Col.Geometry(c, x.size(2), x.size(3), kh, kw, s[0], s[1], p[0], p[1], d[0], d[1], oh, ow));
        checkBias(op, bias, o);
        return forward(spec, x, weight, bias);
    }

    /** The 1-D convolution of x (N, C, L) with weight (O, C/groups, k), plus bias (O) if not null. */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
        requireRank("conv1d", "input", x, 3, "(N, C, L)");
        requireRank("conv1d", "weight", weight, 3, "(out_channels, in_channels / groups, k)");
        return conv2d(x.unsqueeze(2), weight.unsqueeze(2), bias, new int[] {1, stride}, new int[] {0, padding},
                new int[] {1, dilation}, groups).squeeze(2);
    }

    /**
     * The transposed 2-D convolution (the gradient of conv2d with respect to its input, used to
     * upsample) of x (N, C_in, H, W) with weight (C_in, C_out/groups, kH, kW), plus bias (C_out).
     * Output size: (H - 1)·stride - 2·padding + dilation·(kH - 1) + outputPadding + 1.
     */
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding,
            int[] outputPadding, int[] dilation, int groups) {
        String op = "convTranspose2d";
        requireRank(op, "input", x, 4, "(N, C_in, H, W)");
        requireRank(op, "weight", weight, 4, "(in_channels, out_channels / groups, kH, kW)");
        int cin = x.size(1);
        if (groups < 1 || weight.size(0) != cin || cin % groups != 0) {
            throw new IllegalArgumentException(op + ": the weight " + weight.shape() + " expects " + weight.size(0)
                    + " input channels, but the input " + x.shape() + " has " + cin + " (groups = " + groups + ")");
        }
        int cout = weight.size(1) * groups;
        int[] s = pair(op, "stride", stride, 1);
        int[] p = pair(op, "padding", padding, 0);
        int[] op2 = pair(op, "outputPadding", outputPadding, 0);
        int[] d = pair(op, "dilation", dilation, 1);
        for (int i = 0; i < 2; i++) {
            if (op2[i] >= Math.max(s[i], d[i])) {
                throw new IllegalArgumentException(op + ": outputPadding " + Arrays.toString(outputPadding)
                        + " must be smaller than the stride or the dilation");
            }
        }
        int kh = weight.size(2);
        int kw = weight.size(3);
        int h = (x.size(2) - 1) * s[0] - 2 * p[0] + d[0] * (kh - 1) + op2[0] + 1;
        int w = (x.size(3) - 1) * s[1] - 2 * p[1] + d[1] * (kw - 1) + op2[1] + 1;
        if (h <= 0 || w <= 0) {
            throw new IllegalArgumentException(op + ": input " + x.shape() + " gives an empty output (" + h + " x " + w + ")");
        }
        Spec spec = new Spec(x.size(0), cout, cin, groups,
                new Im2Col.Geometry(cout, h, w, kh, kw, s[0], s[1], p[0], p[1], d[0], d[1], x.size(2), x.size(3)));
        return withBias(op, inputGrad(spec, x, weight), bias, cout);
    }

    // ------------------------------------------------------------------ the three faces

    /** F(x, w) + b: the convolution, with the bias (or null) added as the output is written. */
    private static Tensor forward(Spec spec, Tensor x, Tensor w, Tensor b) {
        Tensor y = computeForward(spec, x.contiguous().detach(), w.contiguous().detach(),
                b == null ? null : b.contiguous().detach());
        return Autograd.record("conv2d", y, (g, needs) -> new Tensor[] {
                needs[0] ? inputGrad(spec, g, w) : null,
                needs[1] ? weightGrad(spec, x, g) : null,
                b != null && needs[2] ? biasGrad(g) : null}, x, w, b);
    }

    /**
     * The bias gradient, g (N, C, H, W) summed over N, H and W: plane by plane where the planes
     * are, rather than through a general reduction that first copies g channel-major. Recorded
     * (as a sum) when the backward pass is itself differentiated.
     */
    private static Tensor biasGrad(Tensor g) {
        if (Grad.isEnabled()) {
            return g.sum(new int[] {0, 2, 3}, false);
        }
        Tensor gc = g.contiguous().detach();
        int images = gc.size(0);
        int channels = gc.size(1);
        int plane = gc.size(2) * gc.size(3);
        double[] sums = new double[channels];
        Parallel.forRange(channels, 1, (from, to) -> {
            for (int c = from; c < to; c++) {
                double sum = 0;
                for (int i = 0; i < images; i++) {
                    sum += ReduceKernels.sum(gc.array(), gc.storageOffset() + (i * channels + c) * plane, 1, plane);
                }
                sums[c] = sum;
            }
        });
        return Tensor.fromArray(sums, channels).to(g.dtype());
    }

    /** T(g, w): the adjoint in x, a transposed convolution; its gradients are F(U, w) and W(U, g). */
    private static Tensor inputGrad(Spec spec, Tensor g, Tensor w) {
        Tensor dx = computeInputGrad(spec, g.contiguous().detach(), w.contiguous().detach());
        return Autograd.record("convTranspose2d", dx, (u, needs) -> new Tensor[] {
                needs[0] ? forward(spec, u, w, null) : null,
                needs[1] ? weightGrad(spec, u, g) : null}, g, w);
    }

    /** W(x, g): the adjoint in w; its gradients are T(g, V) and F(x, V). */
    private static Tensor weightGrad(Spec spec, Tensor x, Tensor g) {
        Tensor dw = computeWeightGrad(spec, x.contiguous().detach(), g.contiguous().detach());
        return Autograd.record("conv2dWeightGrad", dw, (v, needs) -> new Tensor[] {
                needs[0] ? inputGrad(spec, g, v) : null,
                needs[1] ? forward(spec, x, v, null) : null}, x, g);
    }

    // ------------------------------------------------------------------ kernels (contiguous operands)

    /**
     * The columns buffer of one chunk of images stays near this many elements (1 MB of floats), so
     * that the columns stay in a core's L2 cache from unfolding through packing to the product
     * (W3, 1 thread: 16 MB chunks 52 s per epoch, 1 MB 41 s, 256 KB 45 s).
     */
    private static final int COLUMNS_BUDGET = 1 << 18;

    /**
     * Images per chunk: several images are unfolded side by side so that each group runs one
     * large matrix product per chunk (the weights packed once, no half-empty tiles at the edge
     * of every image); chunks are small enough to give every thread work.
     */
    private static int chunkSize(Spec s) {
        Im2Col.Geometry geo = s.group();
        int byMemory = Math.max(1, COLUMNS_BUDGET / Math.max(1, geo.rows() * geo.cols()));
        int byThreads = (s.n + Parallel.threads() - 1) / Parallel.threads();
        return Math.max(1, Math.min(byMemory, byThreads));
    }

    /**
     * The work for images [first, first + count) and one group, with scratch for their columns and
     * channels, and the task's accumulator (or null).
     */
    @FunctionalInterface
    private interface ChunkWork {
        void run(int first, int count, int group, Object cols, Object channels, Object accumulator);
    }

    /** Runs {@code work} over chunks of images and every group, in parallel; returns one accumulator per task. */
    private static Object[] forEachChunk(Spec s, DType dtype, int accumulatorSize, ChunkWork work) {
        Im2Col.Geometry geo = s.group();
        int chunk = chunkSize(s);
        int chunks = (s.n + chunk - 1) / chunk;
        int tasks = Math.min(chunks, Parallel.threads());
        Object[] accumulators = new Object[tasks];
        Parallel.forRange(tasks, 1, (from, to) -> {
            for (int task = from; task < to; task++) {
                Object cols = scratch(dtype, Scratch.Slot.COLUMNS, geo.rows() * chunk * geo.cols());
                Object channels = scratch(dtype, Scratch.Slot.CHANNELS, s.og() * chunk * geo.cols());
                Object accumulator = accumulatorSize == 0 ? null : newArray(dtype, accumulatorSize);
                for (int c = chunks * task / tasks; c < chunks * (task + 1) / tasks; c++) {
                    int first = c * chunk;
                    for (int gi = 0; gi < s.groups; gi++) {
                        work.run(first, Math.min(chunk, s.n - first), gi, cols, channels, accumulator);
                    }
                }
                accumulators[task] = accumulator;
            }
        });
        return accumulators;
    }

    /** Unfolds images [first, first + count) of group gi side by side into cols (rows x count·plane). */
    private static void unfold(Spec s, Tensor x, int first, int count, int gi, Object cols) {
        Im2Col.Geometry geo = s.group();
        for (int j = 0; j < count; j++) {
            int xo = x.storageOffset() + ((first + j) * s.c + gi * s.cg()) * geo.h() * geo.w();
            Im2Col.im2col(x.array(), xo, geo, cols, j * geo.cols(), count * geo.cols());
        }
    }

    /**
     * Copies between an (N, O, plane) tensor's channels of group gi for images [first, first + count)
     * and a channel-major block (og x count·plane): {@code toBlock} gathers, otherwise scatters.
     */
    private static void moveChannels(Spec s, Object nchw, int offset, int first, int count, int gi, Object block,
            boolean toBlock) {
        int plane = s.geo.oh() * s.geo.ow();
        int ld = count * plane;
        for (int o = 0; o < s.og(); o++) {
            for (int j = 0; j < count; j++) {
                int t = offset + ((first + j) * s.o + gi * s.og() + o) * plane;
                if (toBlock) {
                    System.arraycopy(nchw, t, block, o * ld + j * plane, plane);
                } else {
                    System.arraycopy(block, o * ld + j * plane, nchw, t, plane);
                }
            }
        }
    }

    private static Tensor computeForward(Spec s, Tensor x, Tensor w, Tensor b) {
        Tensor y = Tensor.empty(s.output(), x.dtype());
        Im2Col.Geometry geo = s.group();
        int plane = geo.cols();
        int rows = geo.rows();
        Object wa = w.array();
        if (geo.isIdentity()) {
            Parallel.forRange(s.n, 1, (from, to) -> {
                for (int n = from; n < to; n++) {
                    for (int gi = 0; gi < s.groups; gi++) {
                        int xo = x.storageOffset() + (n * s.c + gi * s.cg()) * plane;
                        int yo = (n * s.o + gi * s.og()) * plane;
                        fillWithBias(y.array(), yo, plane, plane, b, gi * s.og(), s.og());
                        gemm(s.og(), plane, rows, wa, w.storageOffset() + gi * s.og() * rows, rows, 1, x.array(), xo,
                                plane, 1, y.array(), yo, plane, b != null);
                    }
                }
            });
            return y;
        }
        forEachChunk(s, x.dtype(), 0, (first, count, gi, cols, channels, unused) -> {
            int ld = count * plane;
            unfold(s, x, first, count, gi, cols);
            fillWithBias(channels, 0, ld, ld, b, gi * s.og(), s.og());
            gemm(s.og(), ld, rows, wa, w.storageOffset() + gi * s.og() * rows, rows, 1, cols, 0, ld, 1, channels, 0, ld,
                    b != null);
            moveChannels(s, y.array(), 0, first, count, gi, channels, false);
        });
        return y;
    }

    /** Sets {@code count} rows of {@code length} (row stride ld) to bias[first + row]; nothing without a bias. */
    private static void fillWithBias(Object rows, int offset, int length, int ld, Tensor bias, int first, int count) {
        if (bias == null) {
            return;
        }
        for (int r = 0; r < count; r++) {
            double v = bias.get(first + r);
            if (rows instanceof float[] f) {
                java.util.Arrays.fill(f, offset + r * ld, offset + r * ld + length, (float) v);
            } else {
                java.util.Arrays.fill((double[]) rows, offset + r * ld, offset + r * ld + length, v);
            }
        }
    }

    private static Tensor computeInputGrad(Spec s, Tensor g, Tensor w) {
        Tensor dx = Tensor.empty(s.input(), g.dtype());
        Im2Col.Geometry geo = s.group();
        int plane = geo.cols();
        int rows = geo.rows();
        Object wa = w.array();
        if (geo.isIdentity()) {
            Parallel.forRange(s.n, 1, (from, to) -> {
                for (int n = from; n < to; n++) {
                    for (int gi = 0; gi < s.groups; gi++) {
                        gemm(rows, plane, s.og(), wa, w.storageOffset() + gi * s.og() * rows, 1, rows, g.array(),
                                g.storageOffset() + (n * s.o + gi * s.og()) * plane, plane, 1, dx.array(),
                                (n * s.c + gi * s.cg()) * plane, plane, false);
                    }
                }
            });
            return dx;
        }
        forEachChunk(s, g.dtype(), 0, (first, count, gi, cols, channels, unused) -> {
            int ld = count * plane;
            moveChannels(s, g.array(), g.storageOffset(), first, count, gi, channels, true);
            // columns (rows x count·plane) = Wgᵀ (rows x og) · Gg (og x count·plane), then folded back per image
            gemm(rows, ld, s.og(), wa, w.storageOffset() + gi * s.og() * rows, 1, rows, channels, 0, ld, 1, cols, 0, ld,
                    false);
            for (int j = 0; j < count; j++) {
                Im2Col.col2im(cols, j * plane, ld, geo, dx.array(), ((first + j) * s.c + gi * s.cg()) * geo.h() * geo.w());
            }
        });
        return dx;
    }

    private static Tensor computeWeightGrad(Spec s, Tensor x, Tensor g) {
        Im2Col.Geometry geo = s.group();
        int plane = geo.cols();
        int rows = geo.rows();
        int weightSize = s.o * rows;
        Object[] partial;
        if (geo.isIdentity()) {
            int tasks = Math.max(1, Math.min(Parallel.threads(), s.n));
            partial = new Object[tasks];
            Parallel.forRange(tasks, 1, (from, to) -> {
                for (int task = from; task < to; task++) {
                    Object dw = newArray(x.dtype(), weightSize);
                    for (int n = s.n * task / tasks; n < s.n * (task + 1) / tasks; n++) {
                        for (int gi = 0; gi < s.groups; gi++) {
                            // dWg (og x rows) += Gg (og x plane) · Xgᵀ (plane x rows)
                            gemm(s.og(), rows, plane, g.array(), g.storageOffset() + (n * s.o + gi * s.og()) * plane,
                                    plane, 1, x.array(), x.storageOffset() + (n * s.c + gi * s.cg()) * plane, 1, plane,
                                    dw, gi * s.og() * rows, rows, true);
                        }
                    }
                    partial[task] = dw;
                }
            });
        } else {
            partial = forEachChunk(s, x.dtype(), weightSize, (first, count, gi, cols, channels, dw) -> {
                int ld = count * plane;
                unfold(s, x, first, count, gi, cols);
                moveChannels(s, g.array(), g.storageOffset(), first, count, gi, channels, true);
                // dWg (og x rows) += Gg (og x count·plane) · columnsᵀ (count·plane x rows)
                gemm(s.og(), rows, ld, channels, 0, ld, 1, cols, 0, 1, ld, dw, gi * s.og() * rows, rows, true);
            });
        }
        Tensor dw = new Tensor(new Storage(x.dtype(), partial[0]), s.weight(), s.weight().contiguousStrides(), 0);
        for (int i = 1; i < partial.length; i++) {
            Tensor part = new Tensor(new Storage(x.dtype(), partial[i]), s.weight(), s.weight().contiguousStrides(), 0);
            Pointwise.run(dev.myelin.kernels.BinaryOp.ADD, dw, dw, part);
        }
        return dw;
    }

    private static Object scratch(DType dtype, Scratch.Slot slot, int size) {
        return dtype == DType.FLOAT64 ? Scratch.doubles(slot, size) : Scratch.floats(slot, size);
    }

    private static Object newArray(DType dtype, int size) {
        return dtype == DType.FLOAT64 ? new double[size] : new float[size];
    }

    private static void gemm(int m, int n, int k, Object a, int ao, int ars, int acs, Object b, int bo, int brs, int bcs,
            Object c, int co, int ldc, boolean accumulate) {
        if (a instanceof float[] fa) {
            Gemm.gemm(m, n, k, fa, ao, ars, acs, (float[]) b, bo, brs, bcs, (float[]) c, co, ldc, accumulate);
        } else {
            Gemm.gemm(m, n, k, (double[]) a, ao, ars, acs, (double[]) b, bo, brs, bcs, (double[]) c, co, ldc, accumulate);
        }
    }

    // ------------------------------------------------------------------ checks

    private static void checkBias(String op, Tensor bias, int channels) {
        if (bias != null && (bias.dim() != 1 || bias.size(0) != channels)) {
            throw new IllegalArgumentException(op + ": the bias must have shape (" + channels + "), got " + bias.shape());
        }
    }

    private static Tensor withBias(String op, Tensor y, Tensor bias, int channels) {
        checkBias(op, bias, channels);
        return bias == null ? y : y.add(bias.reshape(1, channels, 1, 1));
    }

    static void requireRank(String op, String what, Tensor t, int rank, String layout) {
        if (t.dim() != rank) {
            throw new IllegalArgumentException(op + ": expected the " + what + " to be " + rank + "-D " + layout
                    + ", got shape " + t.shape());
        }
        if (!t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected a floating-point " + what + ", got " + t.dtype());
        }
    }

    private static void checkGroups(String op, Tensor x, Tensor w, int groups, int c, int o, int cg) {
        if (groups < 1 || c % groups != 0 || o % groups != 0) {
            throw new IllegalArgumentException(op + ": groups = " + groups + " must divide both the input's " + c
                    + " channels and the weight's " + o + " output channels");
        }
        if (cg * groups != c) {
            throw new IllegalArgumentException(op + ": the input " + x.shape() + " has " + c + " channels but the weight "
                    + w.shape() + " expects " + cg * groups + " (in_channels / groups = " + cg + ", groups = " + groups + ")");
        }
        if (x.dtype() != w.dtype()) {
            throw new IllegalArgumentException(op + ": the input is " + x.dtype() + " but the weight is " + w.dtype());
        }
    }

    /** Expands a one- or two-element argument to (height, width), checking it is at least {@code min}. */
    static int[] pair(String op, String name, int[] values, int min) {
        if (values == null || values.length < 1 || values.length > 2) {
            throw new IllegalArgumentException(op + ": " + name + " needs one or two values, got "
                    + Arrays.toString(values));
        }
        int[] out = values.length == 1 ? new int[] {values[0], values[0]} : values.clone();
        for (int v : out) {
            if (v < min) {
                throw new IllegalArgumentException(op + ": " + name + " must be at least " + min + ", got "
                        + Arrays.toString(values));
            }
        }
        return out;
    }

    private static int outputSize(String op, Tensor x, int size, int k, int stride, int padding, int dilation) {
        int out = (size + 2 * padding - dilation * (k - 1) - 1) / stride + 1;
        if (size + 2 * padding - dilation * (k - 1) - 1 < 0 || out <= 0) {
            throw new IllegalArgumentException(op + ": the input " + x.shape() + " is too small for a kernel of " + k
                    + " with padding " + padding + " and dilation " + dilation);
        }
        return out;
    }
}
