package dev.myelin.tensor;

import dev.myelin.autograd.Autograd;
import dev.myelin.kernels.MaxPool;
import dev.myelin.kernels.SeparableResample;
import dev.myelin.kernels.SeparableResample.Map1d;
import java.util.ArrayList;
import java.util.List;

/**
 * Pooling over the last two dimensions of (N, C, H, W) tensors, with PyTorch's arguments:
 * max pooling (with the positions of the maxima), average pooling, and adaptive average pooling
 * to a fixed output size. A {@code stride} of null means the kernel size.
 *
 * <p>Average pools are separable linear maps ({@link SeparableResample}); their gradient is the
 * transposed map. Max pooling sends each output's gradient to the position of its maximum.
 */
public final class Pooling {
    private Pooling() {}

    /** Max pooling of x (N, C, H, W) over windows of {@code kernel}. */
    public static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        return maxPool(x, kernel, stride, padding, dilation, ceilMode).values;
    }

    /** Max pooling that also returns where each maximum was: a flat index iy·W + ix within its plane (int64). */
    public static Tensor.ValuesIndices maxPool2dWithIndices(Tensor x, int[] kernel, int[] stride, int[] padding,
            int[] dilation, boolean ceilMode) {
        Pooled p = maxPool(x, kernel, stride, padding, dilation, ceilMode);
        return new Tensor.ValuesIndices(p.values, indexTensor(p.indices, p.values.shape()));
    }

    /** Pooled values, and where each came from as flat indices within its plane (kept as ints). */
    private record Pooled(Tensor values, int[] indices) {}

    private static Tensor indexTensor(int[] indices, Shape shape) {
        return Tensor.fromArray(indices, shape.toArray()).to(DType.INT64);
    }

    private static Pooled maxPool(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation,
            boolean ceilMode) {
        String op = "maxPool2d";
        Convolution.requireRank(op, "input", x, 4, "(N, C, H, W)");
        int[] k = Convolution.pair(op, "kernel", kernel, 1);
        int[] s = stride == null || stride.length == 0 ? k : Convolution.pair(op, "stride", stride, 1);
        int[] p = Convolution.pair(op, "padding", padding, 0);
        int[] d = Convolution.pair(op, "dilation", dilation, 1);
        if (p[0] > k[0] / 2 || p[1] > k[1] / 2) {
            throw new IllegalArgumentException(op + ": padding " + java.util.Arrays.toString(padding)
                    + " must be at most half the kernel " + java.util.Arrays.toString(kernel));
        }
        int h = x.size(2);
        int w = x.size(3);
        int oh = outputSize(op, x, h, k[0], s[0], p[0], d[0], ceilMode);
        int ow = outputSize(op, x, w, k[1], s[1], p[1], d[1], ceilMode);
        MaxPool.Window window = new MaxPool.Window(h, w, k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1], oh, ow);
        Tensor in = x.contiguous().detach();
        int planes = x.size(0) * x.size(1);
        Shape outShape = Shape.of(x.size(0), x.size(1), oh, ow);
        Tensor values = Tensor.empty(outShape, x.dtype());
        int[] indices = new int[outShape.numel()];
        MaxPool.forward(in.array(), planes, window, values.array(), indices);
        Shape inShape = x.shape();
        values = Autograd.recordShapeOnly(op, values, (g, needs) -> new Tensor[] {scatterToMax(g, indices, inShape)}, x);
        return new Pooled(values, indices);
    }

    /** Sends each gradient to the position its max came from; the gradient of that is a gather. */
    private static Tensor scatterToMax(Tensor g, int[] indices, Shape inShape) {
        Tensor gc = g.contiguous().detach();
        Tensor dx = Tensor.empty(inShape, g.dtype());
        int planes = inShape.size(0) * inShape.size(1);
        MaxPool.backward(gc.array(), indices, planes, inShape.size(2) * inShape.size(3), g.size(2) * g.size(3),
                dx.array());
        int[] outShape = g.shape().toArray();
        return Autograd.recordShapeOnly("maxPool2dBackward", dx, (gg, needs) -> new Tensor[] {
                gg.flatten(2).gather(2, indexTensor(indices, g.shape()).flatten(2)).reshape(outShape)}, g);
    }

    /** Max pooling of x (N, C, L) over windows of {@code kernel}. */
    public static Tensor maxPool1d(Tensor x, int kernel, int stride, int padding, int dilation, boolean ceilMode) {
        Convolution.requireRank("maxPool1d", "input", x, 3, "(N, C, L)");
        return maxPool2d(x.unsqueeze(2), new int[] {1, kernel}, new int[] {1, stride <= 0 ? kernel : stride},
                new int[] {0, padding}, new int[] {1, dilation}, ceilMode).squeeze(2);
    }

    /**
     * Average pooling of x (N, C, H, W). {@code countIncludePad} divides by the whole window
     * (padding included) rather than by the elements inside the image.
     */
    public static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode,
            boolean countIncludePad) {
        String op = "avgPool2d";
        Convolution.requireRank(op, "input", x, 4, "(N, C, H, W)");
        int[] k = Convolution.pair(op, "kernel", kernel, 1);
        int[] s = stride == null || stride.length == 0 ? k : Convolution.pair(op, "stride", stride, 1);
        int[] p = Convolution.pair(op, "padding", padding, 0);
        if (p[0] > k[0] / 2 || p[1] > k[1] / 2) {
            throw new IllegalArgumentException(op + ": padding " + java.util.Arrays.toString(padding)
                    + " must be at most half the kernel " + java.util.Arrays.toString(kernel));
        }
        Map1d rows = averageMap(x.size(2), outputSize(op, x, x.size(2), k[0], s[0], p[0], 1, ceilMode), k[0], s[0], p[0],
                countIncludePad);
        Map1d cols = averageMap(x.size(3), outputSize(op, x, x.size(3), k[1], s[1], p[1], 1, ceilMode), k[1], s[1], p[1],
                countIncludePad);
        return resample(op, x, rows, cols);
    }

    /** Average pooling of x (N, C, H, W) to exactly (outH, outW), with windows as PyTorch places them. */
    public static Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) {
        String op = "adaptiveAvgPool2d";
        Convolution.requireRank(op, "input", x, 4, "(N, C, H, W)");
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException(op + ": the output size must be positive, got (" + outH + ", " + outW + ")");
        }
        return resample(op, x, adaptiveMap(x.size(2), outH), adaptiveMap(x.size(3), outW));
    }

    /** out = rows · x · colsᵀ per plane; its gradient is the same with both maps transposed. */
    static Tensor resample(String op, Tensor x, Map1d rows, Map1d cols) {
        Tensor in = x.contiguous().detach();
        Shape outShape = Shape.of(x.size(0), x.size(1), rows.outSize(), cols.outSize());
        Tensor out = Tensor.empty(outShape, x.dtype());
        SeparableResample.apply(in.array(), x.size(0) * x.size(1), rows, cols, out.array());
        return Autograd.recordShapeOnly(op, out, (g, needs) -> new Tensor[] {
                resample(op + "Backward", g, rows.transpose(), cols.transpose())}, x);
    }

    private static Map1d averageMap(int in, int out, int k, int s, int p, boolean countIncludePad) {
        List<List<double[]>> rows = new ArrayList<>();
        for (int o = 0; o < out; o++) {
            int start = o * s - p;
            int end = Math.min(start + k, in + p);
            int poolSize = end - start;
            start = Math.max(start, 0);
            end = Math.min(end, in);
            double weight = 1.0 / (countIncludePad ? poolSize : Math.max(1, end - start));
            List<double[]> entries = new ArrayList<>();
            for (int i = start; i < end; i++) {
                entries.add(new double[] {i, weight});
            }
            rows.add(entries);
        }
        return Map1d.build(out, in, rows);
    }

    private static Map1d adaptiveMap(int in, int out) {
        List<List<double[]>> rows = new ArrayList<>();
        for (int o = 0; o < out; o++) {
            int start = (int) Math.floor((double) o * in / out);
            int end = (int) Math.ceil((double) (o + 1) * in / out);
            List<double[]> entries = new ArrayList<>();
            for (int i = start; i < end; i++) {
                entries.add(new double[] {i, 1.0 / (end - start)});
            }
            rows.add(entries);
        }
        return Map1d.build(out, in, rows);
    }

    /** PyTorch's pooling output size, with ceil mode's rule that the last window must start inside. */
    private static int outputSize(String op, Tensor x, int in, int k, int s, int p, int d, boolean ceilMode) {
        int span = in + 2 * p - d * (k - 1) - 1;
        int out = Math.floorDiv(span + (ceilMode ? s - 1 : 0), s) + 1;
        if (ceilMode && (out - 1) * s >= in + p) {
            out--;
        }
        if (span < 0 || out < 1) {
            throw new IllegalArgumentException(op + ": the input " + x.shape() + " is too small for a window of " + k
                    + " with padding " + p + " and dilation " + d);
        }
        return out;
    }
}
