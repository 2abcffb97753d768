package dev.myelin.onnx;

import static dev.myelin.onnx.OpSupport.longs;
import static dev.myelin.onnx.OpSupport.one;
import static dev.myelin.onnx.OpSupport.t;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Resize and Upsample over any number of dimensions: nearest, N-linear and N-cubic
 * interpolation with every coordinate transformation of the specification. Each resized axis is
 * a sparse linear map applied separately: a few gathers ({@code indexSelect}, one per tap)
 * weighted and summed, so the result is differentiable in the input.
 */
final class ResizeOps {
    private ResizeOps() {}

    /** How one resize maps output coordinates to input ones and mixes neighbours. */
    private record Mode(String interpolation, String transform, String nearest, double cubicA, boolean excludeOutside,
            double extrapolation) {}

    static void register(OpSupport.Registry r) {
        r.add("Resize", node -> {
            boolean legacy = node.opset() < 11;
            Mode mode = new Mode(node.s("mode", "nearest"),
                    legacy ? "asymmetric" : node.s("coordinate_transformation_mode", "half_pixel"),
                    legacy ? "floor" : node.s("nearest_mode", "round_prefer_floor"), node.f("cubic_coeff_a", -0.75f),
                    node.i("exclude_outside", 0) != 0, node.f("extrapolation_value", 0f));
            check(node, mode);
            return in -> {
                Tensor x = t(in[0]);
                int scalesAt = legacy ? 1 : 2;
                double[] roi = !legacy && in.length > 1 && in[1] != null && t(in[1]).numel() > 0
                        ? t(in[1]).toDoubleArray() : null;
                double[] scales = in.length > scalesAt && in[scalesAt] != null && t(in[scalesAt]).numel() > 0
                        ? t(in[scalesAt]).toDoubleArray() : null;
                long[] sizes = !legacy && in.length > 3 && in[3] != null && t(in[3]).numel() > 0
                        ? Values.longs(in[3]) : null;
                return one(resize(node, x, mode, roi, scales, sizes));
            };
        });
        r.add("Upsample", node -> {
            String interpolation = node.s("mode", "nearest");
            Mode mode = new Mode(interpolation.equals("bilinear") ? "linear" : interpolation, "asymmetric", "floor",
                    -0.75, false, 0);
            check(node, mode);
            float[] scalesAttr = node.floats("scales");
            return in -> {
                Tensor x = t(in[0]);
                double[] scales = scalesAttr != null ? toDoubles(scalesAttr) : t(in[1]).toDoubleArray();
                return one(resize(node, x, mode, null, scales, null));
            };
        });
    }

    private static double[] toDoubles(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    private static void check(Node node, Mode mode) {
        if (!List.of("nearest", "linear", "cubic").contains(mode.interpolation())) {
            throw node.fail("mode '" + mode.interpolation() + "' is not nearest, linear or cubic");
        }
        if (!List.of("half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric", "tf_half_pixel_for_nn",
                "tf_crop_and_resize", "half_pixel_symmetric").contains(mode.transform())) {
            throw node.fail("coordinate_transformation_mode '" + mode.transform() + "' is not supported");
        }
        if (!List.of("round_prefer_floor", "round_prefer_ceil", "floor", "ceil").contains(mode.nearest())) {
            throw node.fail("nearest_mode '" + mode.nearest() + "' is not supported");
        }
    }

    private static Tensor resize(Node node, Tensor x, Mode mode, double[] roi, double[] scales, long[] sizes) {
        int rank = x.dim();
        if ((scales == null) == (sizes == null)) {
            throw node.fail("exactly one of scales and sizes must be given");
        }
        if ((scales != null && scales.length != rank) || (sizes != null && sizes.length != rank)) {
            throw node.fail("scales or sizes must have one entry per dimension of " + x.shape());
        }
        Tensor y = mode.interpolation().equals("nearest") || x.dtype().isFloatingPoint() ? x : x.to(DType.FLOAT32);
        for (int d = 0; d < rank; d++) {
            int in = x.size(d);
            double start = roi == null ? 0 : roi[d];
            double end = roi == null ? 1 : roi[d + rank];
            int out;
            double scale;
            double length;   // the resized length in the coordinate formulas: not floored when scales are given
            if (sizes != null) {
                out = OpSupport.checkedSizes(node, new long[] {sizes[d]})[0];
                scale = in == 0 ? 1 : (double) out / in;
                length = out;
            } else {
                scale = scales[d];
                if (!(scale > 0)) {
                    throw node.fail("scales must be positive, got " + Arrays.toString(scales));
                }
                double size = mode.transform().equals("tf_crop_and_resize") ? in * (end - start) * scale : in * scale;
                out = OpSupport.checkedSizes(node, new long[] {(long) Math.floor(size + 1e-9)})[0];
                length = size;
            }
            boolean identity = out == in && scale == 1 && !mode.transform().equals("tf_crop_and_resize");
            if (!identity) {
                y = resizeAxis(y, d, in, out, length, scale, start, end, mode);
            }
        }
        return y.dtype() == x.dtype() ? y : y.round().to(x.dtype());
    }

    /** The input coordinate that output coordinate o maps to. */
    private static double source(Mode mode, int o, int in, double out, double scale, double start, double end) {
        return switch (mode.transform()) {
            case "half_pixel" -> (o + 0.5) / scale - 0.5;
            case "half_pixel_symmetric" -> {
                double adjustment = out / (scale * in);
                double center = in / 2.0;
                double offset = center * (1 - adjustment);
                yield offset + (o + 0.5) / scale - 0.5;
            }
            case "pytorch_half_pixel" -> out > 1 ? (o + 0.5) / scale - 0.5 : 0;
            case "align_corners" -> out > 1 ? o * (in - 1.0) / (out - 1.0) : 0;
            case "asymmetric" -> o / scale;
            case "tf_half_pixel_for_nn" -> (o + 0.5) / scale;
            default -> out > 1 ? start * (in - 1) + o * (end - start) * (in - 1) / (out - 1.0)
                    : 0.5 * (start + end) * (in - 1);
        };
    }

    private static Tensor resizeAxis(Tensor x, int axis, int in, int out, double length, double scale, double start,
            double end, Mode mode) {
        int taps = switch (mode.interpolation()) {
            case "nearest" -> 1;
            case "linear" -> 2;
            default -> 4;
        };
        long[][] index = new long[taps][out];
        double[][] weight = new double[taps][out];
        double[] outside = new double[out];
        boolean anyOutside = false;
        for (int o = 0; o < out; o++) {
            double s = source(mode, o, in, length, scale, start, end);
            if (mode.transform().equals("tf_crop_and_resize") && (s < 0 || s > in - 1)) {
                outside[o] = 1;
                anyOutside = true;
                continue;
            }
            switch (mode.interpolation()) {
                case "nearest" -> {
                    index[0][o] = clamp(nearest(mode.nearest(), s, scale), in);
                    weight[0][o] = 1;
                }
                case "linear" -> {
                    double c = Math.max(0, Math.min(in - 1, s));
                    long i0 = (long) Math.floor(c);
                    index[0][o] = i0;
                    index[1][o] = Math.min(i0 + 1, in - 1);
                    weight[1][o] = c - i0;
                    weight[0][o] = 1 - (c - i0);
                }
                default -> cubic(mode, s, in, o, index, weight);
            }
        }
        Tensor y = null;
        for (int k = 0; k < taps; k++) {
            Tensor picked = x.indexSelect(axis, longs(index[k]));
            if (taps > 1 || anyOutside) {
                picked = picked.mul(along(weight[k], x.dim(), axis).to(x.dtype()));
            }
            y = y == null ? picked : y.add(picked);
        }
        if (anyOutside) {
            y = y.add(along(outside, x.dim(), axis).mul(mode.extrapolation()).to(x.dtype()));
        }
        return y;
    }

    private static long nearest(String rounding, double s, double scale) {
        return switch (rounding) {
            case "round_prefer_ceil" -> (long) Math.floor(s + 0.5);
            case "floor" -> (long) Math.floor(s);
            case "ceil" -> (long) Math.ceil(s);
            default -> s == Math.floor(s) + 0.5 ? (long) Math.floor(s) : Math.round(s);
        };
    }

    private static long clamp(long i, int n) {
        return Math.max(0, Math.min(n - 1, i));
    }

    /** Keys' cubic convolution weights for the four neighbours of s (edge indices repeat). */
    private static void cubic(Mode mode, double s, int in, int o, long[][] index, double[][] weight) {
        long i0 = (long) Math.floor(s);
        double[] c = SamplingOps.cubic(s - i0, mode.cubicA());
        double total = 0;
        for (int k = 0; k < 4; k++) {
            long i = i0 - 1 + k;
            double w = mode.excludeOutside() && (i < 0 || i >= in) ? 0 : c[k];
            index[k][o] = clamp(i, in);
            weight[k][o] = w;
            total += w;
        }
        if (mode.excludeOutside() && total != 0) {
            for (int k = 0; k < 4; k++) {
                weight[k][o] /= total;
            }
        }
    }

    /** Values laid along {@code axis} of a rank-{@code rank} tensor (size 1 elsewhere). */
    private static Tensor along(double[] values, int rank, int axis) {
        int[] shape = new int[rank];
        Arrays.fill(shape, 1);
        shape[axis] = values.length;
        return Tensor.fromArray(values, shape);
    }
}
