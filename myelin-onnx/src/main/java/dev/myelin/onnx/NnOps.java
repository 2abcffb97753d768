package dev.myelin.onnx;

import static dev.myelin.onnx.OpSupport.axis;
import static dev.myelin.onnx.OpSupport.one;
import static dev.myelin.onnx.OpSupport.t;

import dev.myelin.tensor.Convolution;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Fused;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Pooling;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.util.Arrays;

/**
 * Neural-network operators: matrix products (MatMul, Gemm), convolutions, pooling,
 * normalisations, LRN and Dropout. Convolutions and pools of one or two spatial dimensions map to
 * Myelin's 2-D kernels (a 1-D input gets a height of 1); asymmetric or "SAME" padding is applied
 * to the input first.
 */
final class NnOps {
    private NnOps() {}

    static void register(OpSupport.Registry r) {
        r.add("MatMul", OpSupport.binary(Tensor::matmul));
        r.add("MatMulInteger", node -> in -> {
            Tensor a = t(in[0]).to(DType.FLOAT64);
            Tensor b = t(in[1]).to(DType.FLOAT64);
            if (in.length > 2 && in[2] != null) {
                a = a.sub(t(in[2]).to(DType.FLOAT64));
            }
            if (in.length > 3 && in[3] != null) {
                b = b.sub(t(in[3]).to(DType.FLOAT64));
            }
            return one(a.matmul(b).to(DType.INT32));
        });
        r.add("Gemm", NnOps::gemm);
        r.add("Conv", NnOps::conv);
        r.add("ConvInteger", node -> {
            Kernel conv = conv(node);
            return in -> {
                Tensor x = t(in[0]).to(DType.FLOAT32);
                Tensor w = t(in[1]).to(DType.FLOAT32);
                if (in.length > 2 && in[2] != null) {
                    x = x.sub(t(in[2]).to(DType.FLOAT32));
                }
                if (in.length > 3 && in[3] != null) {
                    w = w.sub(t(in[3]).to(DType.FLOAT32));
                }
                return one(t(conv.run(new Object[] {x, w})[0]).round().to(DType.INT32));
            };
        });
        r.add("ConvTranspose", NnOps::convTranspose);
        r.add("MaxPool", NnOps::maxPool);
        r.add("AveragePool", NnOps::averagePool);
        r.add("GlobalAveragePool", node -> in -> one(t(in[0]).mean(spatialDims(t(in[0])), true)));
        r.add("GlobalMaxPool", node -> in -> one(t(in[0]).amax(spatialDims(t(in[0])), true)));
        r.add("GlobalLpPool", node -> {
            double p = node.i("p", 2);
            return in -> one(t(in[0]).norm(p, spatialDims(t(in[0])), true));
        });
        r.add("BatchNormalization", NnOps::batchNorm);
        r.add("InstanceNormalization", node -> {
            double eps = node.f("epsilon", 1e-5f);
            return in -> {
                Tensor x = t(in[0]);
                int[] dims = spatialDims(x);
                Tensor mean = x.mean(dims, true);
                Tensor centered = x.sub(mean);
                Tensor var = centered.square().mean(dims, true);
                return one(centered.mul(var.add(eps).rsqrt()).mul(channel(t(in[1]), x)).add(channel(t(in[2]), x)));
            };
        });
        r.add("LayerNormalization", NnOps::layerNorm);
        r.add("MeanVarianceNormalization", node -> {
            long[] axes = node.ints("axes");
            return in -> {
                Tensor x = t(in[0]);
                int[] dims = axes == null ? new int[] {0, 2, 3} : OpSupport.axes(node, axes, x.dim());
                Tensor mean = x.mean(dims, true);
                Tensor var = x.square().mean(dims, true).sub(mean.square());
                return one(x.sub(mean).div(var.sqrt().add(1e-9)));
            };
        });
        r.add("LRN", node -> {
            int size = (int) node.i("size");
            double alpha = node.f("alpha", 1e-4f);
            double beta = node.f("beta", 0.75f);
            double bias = node.f("bias", 1f);
            return in -> {
                Tensor x = t(in[0]);
                int c = x.size(1);
                int lo = (size - 1) / 2;
                int hi = size - 1 - lo;
                long[] before = new long[x.dim()];
                long[] after = new long[x.dim()];
                before[1] = lo;
                after[1] = hi;
                Tensor sq = ShapeOps.padTensor(node, x.square(), before, after, "constant", 0);
                Tensor sum = sq.narrow(1, 0, c);
                for (int j = 1; j < size; j++) {
                    sum = sum.add(sq.narrow(1, j, c));
                }
                return one(x.div(sum.mul(alpha / size).add(bias).pow(beta)));
            };
        });
        r.add("Dropout", NnOps::dropout);
    }

    /** Dimensions 2, 3, ... of an (N, C, ...) tensor. */
    static int[] spatialDims(Tensor x) {
        int[] dims = new int[Math.max(0, x.dim() - 2)];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = i + 2;
        }
        return dims;
    }

    /** A per-channel vector (C) shaped to broadcast against an (N, C, ...) tensor. */
    static Tensor channel(Tensor v, Tensor x) {
        int[] shape = new int[x.dim()];
        Arrays.fill(shape, 1);
        shape[1] = v.numel();
        return v.reshape(shape);
    }

    private static Kernel gemm(Node node) {
        double alpha = node.f("alpha", 1f);
        double beta = node.f("beta", 1f);
        boolean transA = node.i("transA", 0) != 0;
        boolean transB = node.i("transB", 0) != 0;
        return in -> {
            Tensor a = transA ? t(in[0]).t() : t(in[0]);
            Tensor weight = transB ? t(in[1]) : t(in[1]).t();          // (N, K), as a dense layer's weight
            Tensor c = in.length > 2 && in[2] != null ? t(in[2]) : null;
            boolean biasFits = c != null && beta == 1 && c.dim() == 1 && c.size(0) == weight.size(0);
            Tensor y = Fused.linear(a, weight, biasFits ? c : null, false);
            if (alpha != 1) {
                y = y.mul(alpha);
            }
            if (c != null && !biasFits) {
                y = y.add(beta == 1 ? c : c.mul(beta));
            }
            return one(y);
        };
    }

    /** Strides, dilations, kernel and (begin, end) pads of a convolution or pool over 1 or 2 dimensions. */
    record Window(int[] kernel, int[] strides, int[] dilations, int[] padBegin, int[] padEnd) {
        boolean symmetric() {
            return Arrays.equals(padBegin, padEnd);
        }
    }

    /**
     * The window of a node over {@code spatial} input sizes: explicit pads, or the pads that
     * auto_pad SAME_UPPER / SAME_LOWER implies (output = ceil(input / stride)).
     */
    static Window window(Node node, int[] kernel, int[] spatial) {
        int nd = spatial.length;
        int[] ones = new int[nd];
        Arrays.fill(ones, 1);
        int[] strides = node.intArray("strides", ones);
        int[] dilations = node.intArray("dilations", ones);
        int[] pads = node.intArray("pads", new int[2 * nd]);
        if (strides.length != nd || dilations.length != nd || pads.length != 2 * nd) {
            throw node.fail("strides, dilations and pads must match " + nd + " spatial dimensions");
        }
        String autoPad = node.s("auto_pad", "NOTSET");
        int[] begin = Arrays.copyOfRange(pads, 0, nd);
        int[] end = Arrays.copyOfRange(pads, nd, 2 * nd);
        if (autoPad.startsWith("SAME")) {
            for (int i = 0; i < nd; i++) {
                int out = (spatial[i] + strides[i] - 1) / strides[i];
                int total = Math.max(0, (out - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1 - spatial[i]);
                int small = total / 2;
                begin[i] = autoPad.equals("SAME_UPPER") ? small : total - small;
                end[i] = total - begin[i];
            }
        } else if (autoPad.equals("VALID")) {
            Arrays.fill(begin, 0);
            Arrays.fill(end, 0);
        } else if (!autoPad.equals("NOTSET")) {
            throw node.fail("auto_pad must be NOTSET, SAME_UPPER, SAME_LOWER or VALID, got '" + autoPad + "'");
        }
        return new Window(kernel, strides, dilations, begin, end);
    }

    private static int[] spatialSizes(Node node, Tensor x) {
        if (x.dim() != 3 && x.dim() != 4) {
            throw new UnsupportedOperationException(node.describe() + ": only 1-D and 2-D "
                    + "spatial inputs (N, C, L) or (N, C, H, W) are supported, got shape " + x.shape());
        }
        return Arrays.copyOfRange(x.shape().toArray(), 2, x.dim());
    }

    /** Two spatial values from one or two ({@code fill} first for 1-D). */
    private static int[] two(int[] v, int fill) {
        return v.length == 2 ? v : new int[] {fill, v[0]};
    }

    /** (N, C, L) as (N, C, 1, L); 4-D as is. */
    private static Tensor as2d(Tensor x) {
        return x.dim() == 3 ? x.unsqueeze(2) : x;
    }

    /** x with its spatial dimensions padded (value) by before/after. */
    private static Tensor padSpatial(Node node, Tensor x, int[] before, int[] after, double value) {
        long[] b = new long[x.dim()];
        long[] a = new long[x.dim()];
        for (int i = 0; i < before.length; i++) {
            b[x.dim() - before.length + i] = before[i];
            a[x.dim() - before.length + i] = after[i];
        }
        return ShapeOps.padTensor(node, x, b, a, "constant", value);
    }

    static Kernel conv(Node node) {
        int group = (int) node.i("group", 1);
        int[] kernelAttr = node.intArray("kernel_shape", null);
        return in -> {
            Tensor x = t(in[0]);
            Tensor w = t(in[1]);
            Tensor b = in.length > 2 && in[2] != null ? t(in[2]) : null;
            int[] spatial = spatialSizes(node, x);
            int[] kernel = kernelAttr != null ? kernelAttr : Arrays.copyOfRange(w.shape().toArray(), 2, w.dim());
            Window win = window(node, kernel, spatial);
            boolean oneD = x.dim() == 3;
            Tensor x2 = as2d(x);
            int[] padding = two(win.padBegin(), 0);
            if (!win.symmetric()) {
                x2 = padSpatial(node, x2, two(win.padBegin(), 0), two(win.padEnd(), 0), 0);
                padding = new int[] {0, 0};
            }
            Tensor y = Convolution.conv2d(x2, as2d(w), b, two(win.strides(), 1), padding, two(win.dilations(), 1), group);
            return one(oneD ? y.squeeze(2) : y);
        };
    }

    private static Kernel convTranspose(Node node) {
        int group = (int) node.i("group", 1);
        int[] kernelAttr = node.intArray("kernel_shape", null);
        int[] outputShape = node.intArray("output_shape", null);
        String autoPad = node.s("auto_pad", "NOTSET");
        return in -> {
            Tensor x = t(in[0]);
            Tensor w = t(in[1]);
            Tensor b = in.length > 2 && in[2] != null ? t(in[2]) : null;
            int[] spatial = spatialSizes(node, x);
            int nd = spatial.length;
            int[] kernel = kernelAttr != null ? kernelAttr : Arrays.copyOfRange(w.shape().toArray(), 2, w.dim());
            int[] ones = new int[nd];
            Arrays.fill(ones, 1);
            int[] s = node.intArray("strides", ones);
            int[] d = node.intArray("dilations", ones);
            int[] outPad = node.intArray("output_padding", new int[nd]);
            int[] pads = node.intArray("pads", new int[2 * nd]);
            int[] begin = Arrays.copyOfRange(pads, 0, nd);
            int[] end = Arrays.copyOfRange(pads, nd, 2 * nd);
            int[] target = outputShape == null ? null
                    : Arrays.copyOfRange(outputShape, outputShape.length - nd, outputShape.length);
            if (target == null && autoPad.startsWith("SAME")) {
                target = new int[nd];
                for (int i = 0; i < nd; i++) {
                    target[i] = spatial[i] * s[i];
                }
            }
            if (target != null) {
                for (int i = 0; i < nd; i++) {
                    int total = s[i] * (spatial[i] - 1) + outPad[i] + (kernel[i] - 1) * d[i] + 1 - target[i];
                    boolean upper = autoPad.equals("SAME_UPPER");
                    begin[i] = upper ? Math.floorDiv(total, 2) : total - Math.floorDiv(total, 2);
                    end[i] = total - begin[i];
                }
            }
            Tensor y = Convolution.convTranspose2d(as2d(x), as2d(w), null, two(s, 1), new int[] {0, 0},
                    new int[] {0, 0}, two(d, 1), group);
            // The full output, then output_padding zeros at the end, then the pads cropped away.
            int[] b2 = two(begin, 0);
            int[] e2 = two(end, 0);
            int[] op2 = two(outPad, 0);
            long[] before = new long[4];
            long[] after = new long[4];
            for (int i = 0; i < 2; i++) {
                before[2 + i] = -b2[i];
                after[2 + i] = op2[i] - e2[i];
            }
            y = ShapeOps.padTensor(node, y, before, after, "constant", 0);
            if (b != null) {
                y = y.add(channel(b, y));
            }
            return one(x.dim() == 3 ? y.squeeze(2) : y);
        };
    }

    /** Output size of a pool along one dimension, by ONNX's formula (floor or ceil). */
    private static int poolOutput(int in, int k, int s, int d, int pb, int pe, boolean ceil) {
        int span = in + pb + pe - ((k - 1) * d + 1);
        int out = (ceil ? Math.floorDiv(span + s - 1, s) : Math.floorDiv(span, s)) + 1;
        if (ceil && (out - 1) * s >= in + pb) {
            out--;   // the last window must start inside the input or its left padding
        }
        return out;
    }

    /**
     * How much to pad after the input so that a plain (padding-free, floor-mode) pool gives ONNX's
     * output size: the explicit end pads, adjusted for the ceil mode's last window (negative: crop).
     */
    private static int[] poolPadAfter(Node node, Tensor x2, Window w, boolean ceil) {
        int[] k = two(w.kernel(), 1);
        int[] s = two(w.strides(), 1);
        int[] d = two(w.dilations(), 1);
        int[] pb = two(w.padBegin(), 0);
        int[] pe = two(w.padEnd(), 0);
        int[] after = new int[2];
        for (int i = 0; i < 2; i++) {
            int in = x2.size(2 + i);
            int out = poolOutput(in, k[i], s[i], d[i], pb[i], pe[i], ceil);
            if (out < 1) {
                throw node.fail("the input " + x2.shape() + " is too small for the pool window");
            }
            after[i] = (out - 1) * s[i] + (k[i] - 1) * d[i] + 1 - in - pb[i];
        }
        return after;
    }

    private static Kernel maxPool(Node node) {
        int[] kernel = node.intArray("kernel_shape", null);
        boolean ceil = node.i("ceil_mode", 0) != 0;
        boolean columnMajor = node.i("storage_order", 0) != 0;
        if (kernel == null) {
            throw node.fail("attribute 'kernel_shape' is required");
        }
        return in -> {
            Tensor x = t(in[0]);
            int[] spatial = spatialSizes(node, x);
            Window w = window(node, kernel, spatial);
            Tensor x2 = as2d(x.dtype().isFloatingPoint() ? x : x.to(DType.FLOAT64));
            double low = Double.NEGATIVE_INFINITY;
            Tensor padded = padSpatial(node, x2, two(w.padBegin(), 0), poolPadAfter(node, x2, w, ceil), low);
            Tensor.ValuesIndices vi = Pooling.maxPool2dWithIndices(padded, two(kernel, 1), two(w.strides(), 1),
                    new int[] {0, 0}, two(w.dilations(), 1), false);
            Tensor y = vi.values().to(x.dtype());
            Object indices = null;
            if (node.wants(1)) {
                indices = onnxIndices(vi.indices(), x2, padded, two(w.padBegin(), 0), columnMajor);
            }
            if (x.dim() == 3) {
                y = y.squeeze(2);
                indices = indices == null ? null : t(indices).squeeze(2);
            }
            return new Object[] {y, indices};
        };
    }

    /** Myelin's per-plane indices into the padded input as ONNX's flat indices into the original tensor. */
    private static Tensor onnxIndices(Tensor idx, Tensor x, Tensor padded, int[] padBegin, boolean columnMajor) {
        long[] v = idx.toLongArray();
        int c = x.size(1);
        int h = x.size(2);
        int wd = x.size(3);
        int pw = padded.size(3);
        int plane = idx.size(2) * idx.size(3);
        for (int i = 0; i < v.length; i++) {
            long nc = i / plane;
            long iy = v[i] / pw - padBegin[0];
            long ix = v[i] % pw - padBegin[1];
            v[i] = nc * h * wd + (columnMajor ? ix * h + iy : iy * wd + ix);
        }
        return Tensor.fromArray(v, idx.shape().toArray());
    }

    private static Kernel averagePool(Node node) {
        int[] kernel = node.intArray("kernel_shape", null);
        boolean ceil = node.i("ceil_mode", 0) != 0;
        boolean includePad = node.i("count_include_pad", 0) != 0;
        if (kernel == null) {
            throw node.fail("attribute 'kernel_shape' is required");
        }
        return in -> {
            Tensor x = t(in[0]);
            int[] spatial = spatialSizes(node, x);
            Window w = window(node, kernel, spatial);
            if (Arrays.stream(w.dilations()).anyMatch(v -> v != 1)) {
                throw new UnsupportedOperationException(node.describe() + ": dilated average pooling is not supported");
            }
            Tensor x2 = as2d(x);
            int[] k = two(kernel, 1);
            int[] s = two(w.strides(), 1);
            int[] zero = {0, 0};
            int[] before = two(w.padBegin(), 0);
            int[] after = poolPadAfter(node, x2, w, ceil);
            Tensor sum = Pooling.avgPool2d(padSpatial(node, x2, before, after, 0), k, s, zero, false, true);
            // Divide by the number of counted elements: the input only, or the input and the explicit pads.
            int[] end = two(w.padEnd(), 0);
            int[] extra = {after[0] - end[0], after[1] - end[1]};
            Tensor mask = Tensor.ones(Shape.of(1, 1, x2.size(2), x2.size(3)), x.dtype());
            mask = padSpatial(node, mask, before, end, includePad ? 1 : 0);
            mask = padSpatial(node, mask, zero, extra, 0);
            Tensor count = Pooling.avgPool2d(mask, k, s, zero, false, true);
            Tensor y = sum.div(count);
            return one(x.dim() == 3 ? y.squeeze(2) : y);
        };
    }

    private static Kernel batchNorm(Node node) {
        double eps = node.f("epsilon", 1e-5f);
        double momentum = node.f("momentum", 0.9f);
        boolean training = node.i("training_mode", 0) != 0;
        return in -> {
            Tensor x = t(in[0]);
            Tensor scale = channel(t(in[1]), x);
            Tensor bias = channel(t(in[2]), x);
            Tensor mean = t(in[3]);
            Tensor var = t(in[4]);
            if (!training) {
                Tensor inv = channel(var, x).add(eps).rsqrt();
                return one(x.sub(channel(mean, x)).mul(inv).mul(scale).add(bias));
            }
            int[] dims = new int[x.dim() - 1];
            for (int i = 0, j = 0; i < x.dim(); i++) {
                if (i != 1) {
                    dims[j++] = i;
                }
            }
            Tensor batchMean = x.mean(dims, true);
            Tensor batchVar = x.var(dims, 0, true);
            Tensor y = x.sub(batchMean).mul(batchVar.add(eps).rsqrt()).mul(scale).add(bias);
            Tensor runMean = mean.mul(momentum).add(batchMean.reshape(-1).mul(1 - momentum));
            Tensor runVar = var.mul(momentum).add(batchVar.reshape(-1).mul(1 - momentum));
            return new Object[] {y, runMean, runVar};
        };
    }

    private static Kernel layerNorm(Node node) {
        long axis = node.i("axis", -1);
        double eps = node.f("epsilon", 1e-5f);
        return in -> {
            Tensor x = t(in[0]);
            Tensor scale = t(in[1]);
            Tensor bias = in.length > 2 && in[2] != null ? t(in[2]) : null;
            int a = axis(node, axis, x.dim());
            boolean lastOnly = a == x.dim() - 1 && scale.dim() == 1 && (bias == null || bias.dim() == 1);
            if (lastOnly && !node.wants(1) && !node.wants(2)) {
                return one(Fused.layerNorm(x, scale, bias, eps));
            }
            int[] dims = new int[x.dim() - a];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = a + i;
            }
            Tensor mean = x.mean(dims, true);
            Tensor centered = x.sub(mean);
            Tensor inv = centered.square().mean(dims, true).add(eps).rsqrt();
            Tensor y = centered.mul(inv).mul(scale);
            if (bias != null) {
                y = y.add(bias);
            }
            return new Object[] {y, mean, inv};
        };
    }

    private static Kernel dropout(Node node) {
        double ratioAttr = node.f("ratio", 0.5f);
        Long seed = node.hasAttr("seed") ? node.i("seed") : null;
        return in -> {
            Tensor x = t(in[0]);
            double ratio = node.opset() >= 12 && in.length > 1 && in[1] != null ? t(in[1]).item() : ratioAttr;
            boolean training = in.length > 2 && in[2] != null && t(in[2]).item() != 0;
            if (!training || ratio == 0) {
                return new Object[] {x, Tensor.ones(x.shape(), DType.BOOL)};
            }
            Generator g = seed == null ? Generator.defaultGenerator() : new Generator(seed);
            Tensor keep = Tensor.full(x.shape(), 1 - ratio, x.dtype()).bernoulli(g);
            return new Object[] {x.mul(keep).div(1 - ratio), keep.to(DType.BOOL)};
        };
    }
}
