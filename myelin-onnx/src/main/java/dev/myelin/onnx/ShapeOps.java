package dev.myelin.onnx;

import static dev.myelin.onnx.OpSupport.axes;
import static dev.myelin.onnx.OpSupport.axis;
import static dev.myelin.onnx.OpSupport.longs;
import static dev.myelin.onnx.OpSupport.one;
import static dev.myelin.onnx.OpSupport.t;

import dev.myelin.onnx.proto.OnnxProto.AttributeProto;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Operators that move, select or create elements without arithmetic: shapes and views, joining
 * and splitting, slicing, gathers and scatters, padding, tiling, constants and ranges. Data moves
 * with Myelin's differentiable views and index ops; index computations run on the host.
 */
final class ShapeOps {
    private ShapeOps() {}

    static void register(OpSupport.Registry r) {
        r.add("Constant", ShapeOps::constant);
        r.add("Shape", node -> {
            long start = node.i("start", 0);
            Long end = node.hasAttr("end") ? node.i("end") : null;
            return in -> {
                int[] dims = t(in[0]).shape().toArray();
                int s = clampAxis(start, dims.length);
                int e = end == null ? dims.length : clampAxis(end, dims.length);
                return one(longs(Arrays.copyOfRange(dims, s, Math.max(s, e))));
            };
        });
        r.add("Size", node -> in -> one(Tensor.scalar(t(in[0]).numel(), DType.INT64)));
        r.add("Reshape", ShapeOps::reshape);
        r.add("Flatten", node -> {
            long axis = node.i("axis", 1);
            return in -> {
                Tensor x = t(in[0]);
                int a = axis < 0 ? (int) axis + x.dim() : (int) axis;
                if (a < 0 || a > x.dim()) {
                    throw node.fail("axis " + axis + " is out of range for rank " + x.dim());
                }
                int[] d = x.shape().toArray();
                return one(x.reshape(OpSupport.prod(d, 0, a), OpSupport.prod(d, a, d.length)));
            };
        });
        r.add("Transpose", node -> {
            int[] perm = node.intArray("perm", null);
            return in -> {
                Tensor x = t(in[0]);
                int[] p = perm;
                if (p == null) {
                    p = new int[x.dim()];
                    for (int i = 0; i < p.length; i++) {
                        p[i] = x.dim() - 1 - i;
                    }
                }
                return one(x.permute(p));
            };
        });
        r.add("Squeeze", node -> {
            long[] attr = node.opset() < 13 ? node.ints("axes") : null;
            return in -> {
                Tensor x = t(in[0]);
                long[] ax = attr != null ? attr : in.length > 1 && in[1] != null ? Values.longs(in[1]) : null;
                if (ax == null) {
                    return one(x.squeeze());
                }
                int[] a = axes(node, ax, x.dim());
                List<Integer> keep = new ArrayList<>();
                for (int d = 0; d < x.dim(); d++) {
                    final int dd = d;
                    boolean drop = Arrays.stream(a).anyMatch(v -> v == dd);
                    if (drop && x.size(d) != 1) {
                        throw node.fail("cannot squeeze axis " + d + " of size " + x.size(d) + " (shape " + x.shape() + ")");
                    }
                    if (!drop) {
                        keep.add(x.size(d));
                    }
                }
                return one(x.reshape(keep.stream().mapToInt(Integer::intValue).toArray()));
            };
        });
        r.add("Unsqueeze", node -> {
            long[] attr = node.opset() < 13 ? node.ints("axes") : null;
            return in -> {
                Tensor x = t(in[0]);
                long[] ax = attr != null ? attr : Values.longs(in[1]);
                int rank = x.dim() + ax.length;
                int[] a = axes(node, ax, rank);
                boolean[] inserted = new boolean[rank];
                for (int v : a) {
                    if (inserted[v]) {
                        throw node.fail("axis " + v + " is repeated in " + Arrays.toString(ax));
                    }
                    inserted[v] = true;
                }
                int[] dims = new int[rank];
                for (int d = 0, j = 0; d < rank; d++) {
                    dims[d] = inserted[d] ? 1 : x.size(j++);
                }
                return one(x.reshape(dims));
            };
        });
        r.add("Concat", node -> {
            long axis = node.i("axis");
            return in -> {
                List<Tensor> parts = new ArrayList<>();
                for (Object o : in) {
                    parts.add(t(o));
                }
                int a = axis(node, axis, parts.get(0).dim());
                return one(Tensor.cat(parts, a));
            };
        });
        r.add("Split", ShapeOps::split);
        r.add("Slice", ShapeOps::slice);
        r.add("Expand", node -> in -> {
            Tensor x = t(in[0]);
            int[] shape = OpSupport.checkedSizes(node, Values.longs(in[1]));
            Shape out = Shape.broadcast("Expand", x.shape(), Shape.of(shape));
            return one(x.expand(out.toArray()));
        });
        r.add("Tile", node -> in -> one(tile(node, t(in[0]), Values.longs(in[1]))));
        r.add("ConstantOfShape", node -> {
            Tensor value = node.tensor("value");
            if (value != null && value.numel() != 1) {
                throw node.fail("value must hold one element, got shape " + value.shape());
            }
            double v = value == null ? 0 : value.reshape(-1).get(0);
            DType dtype = value == null ? DType.FLOAT32 : value.dtype();
            return in -> {
                int[] shape = OpSupport.checkedSizes(node, Values.longs(in[0]));
                return one(Tensor.full(Shape.of(shape), v, dtype));
            };
        });
        r.add("Range", node -> in -> one(range(node, t(in[0]), t(in[1]), t(in[2]))));
        r.add("EyeLike", node -> {
            long k = node.i("k", 0);
            Integer dtype = node.hasAttr("dtype") ? (int) node.i("dtype") : null;
            return in -> {
                Tensor x = t(in[0]);
                if (x.dim() != 2) {
                    throw node.fail("expects a 2-D input, got shape " + x.shape());
                }
                DType d = dtype == null ? x.dtype() : ElementType.of(dtype).requireDType("EyeLike");
                Tensor rows = Tensor.arange(x.size(0)).unsqueeze(1);
                Tensor cols = Tensor.arange(x.size(1)).unsqueeze(0);
                return one(cols.sub(rows).eq((double) k).to(d));
            };
        });
        r.add("Trilu", node -> {
            boolean upper = node.i("upper", 1) != 0;
            return in -> {
                Tensor x = t(in[0]);
                long k = in.length > 1 && in[1] != null ? t(in[1]).itemLong() : 0;
                int rows = x.size(-2);
                int cols = x.size(-1);
                Tensor diff = Tensor.arange(cols).unsqueeze(0).sub(Tensor.arange(rows).unsqueeze(1));
                Tensor keep = upper ? diff.ge((double) k) : diff.le((double) k);
                return one(Tensor.where(keep, x, Tensor.zeros(Shape.scalar(), x.dtype())));
            };
        });
        r.add("DepthToSpace", node -> {
            int b = (int) node.i("blocksize");
            boolean crd = node.s("mode", "DCR").equals("CRD");
            return in -> {
                Tensor x = t(in[0]);
                int n = x.size(0);
                int c = x.size(1);
                int h = x.size(2);
                int w = x.size(3);
                Tensor y = crd ? x.reshape(n, c / (b * b), b, b, h, w).permute(0, 1, 4, 2, 5, 3)
                        : x.reshape(n, b, b, c / (b * b), h, w).permute(0, 3, 4, 1, 5, 2);
                return one(y.reshape(n, c / (b * b), h * b, w * b));
            };
        });
        r.add("SpaceToDepth", node -> {
            int b = (int) node.i("blocksize");
            return in -> {
                Tensor x = t(in[0]);
                int n = x.size(0);
                int c = x.size(1);
                int h = x.size(2);
                int w = x.size(3);
                Tensor y = x.reshape(n, c, h / b, b, w / b, b).permute(0, 3, 5, 1, 2, 4);
                return one(y.reshape(n, c * b * b, h / b, w / b));
            };
        });
        r.add("Pad", ShapeOps::pad);
        r.add("OneHot", node -> {
            long axis = node.i("axis", -1);
            return in -> {
                Tensor indices = t(in[0]);
                long depth = (long) t(in[1]).reshape(-1).get(0);
                Tensor values = t(in[2]).reshape(-1);
                int rank = indices.dim() + 1;
                int a = axis(node, axis, rank);
                Tensor idx = indices.to(DType.INT64);
                idx = Tensor.where(idx.lt(0.0), idx.add(depth), idx).unsqueeze(a);
                int[] classShape = new int[rank];
                Arrays.fill(classShape, 1);
                classShape[a] = (int) depth;
                Tensor hot = Tensor.arange(depth).reshape(classShape).eq(idx);
                return one(Tensor.where(hot, values.select(0, 1), values.select(0, 0)));
            };
        });
    }

    private static int clampAxis(long a, int rank) {
        long v = a < 0 ? a + rank : a;
        return (int) Math.max(0, Math.min(rank, v));
    }

    private static Kernel constant(Node node) {
        Tensor value;
        if (node.tensor("value") != null) {
            value = node.tensor("value");
        } else if (node.hasAttr("value_float")) {
            value = Tensor.scalar(node.f("value_float", 0f));
        } else if (node.hasAttr("value_int")) {
            value = Tensor.scalar(node.i("value_int"), DType.INT64);
        } else if (node.hasAttr("value_floats")) {
            value = Tensor.of(node.floats("value_floats"));
        } else if (node.hasAttr("value_ints")) {
            value = longs(node.ints("value_ints"));
        } else {
            AttributeProto a = node.attributeNames().stream().findFirst().map(node::raw).orElse(null);
            throw new UnsupportedOperationException(node.describe() + ": constant "
                    + (a == null ? "without a value" : "'" + a.getName() + "' is not supported"));
        }
        Tensor v = value;
        return in -> one(v);
    }

    private static Kernel reshape(Node node) {
        boolean allowZero = node.i("allowzero", 0) != 0;
        long[] attr = node.opset() < 5 ? node.ints("shape") : null;
        return in -> {
            Tensor x = t(in[0]);
            long[] shape = attr != null ? attr : Values.longs(in[1]);
            int[] dims = new int[shape.length];
            for (int i = 0; i < shape.length; i++) {
                if (shape[i] == 0 && !allowZero) {
                    if (i >= x.dim()) {
                        throw node.fail("shape " + Arrays.toString(shape) + " copies dimension " + i + " of "
                                + x.shape() + ", which has none");
                    }
                    dims[i] = x.size(i);
                } else if (shape[i] < -1 || shape[i] > TensorCodec.MAX_ELEMENTS) {
                    throw node.fail("invalid size " + shape[i] + " in shape " + Arrays.toString(shape));
                } else {
                    dims[i] = (int) shape[i];
                }
            }
            return one(x.reshape(dims));
        };
    }

    private static Kernel split(Node node) {
        long axis = node.i("axis", 0);
        long[] attr = node.opset() < 13 ? node.ints("split") : null;
        int outputs = node.outputCount();
        long numOutputs = node.i("num_outputs", 0);
        return in -> {
            Tensor x = t(in[0]);
            int a = axis(node, axis, x.dim());
            int size = x.size(a);
            long[] sizes = attr != null ? attr : in.length > 1 && in[1] != null ? Values.longs(in[1]) : null;
            if (sizes == null) {
                int parts = numOutputs > 0 ? (int) numOutputs : outputs;
                int chunk = numOutputs > 0 ? (size + parts - 1) / parts : size / parts;
                if (numOutputs == 0 && size % parts != 0) {
                    throw node.fail("cannot split " + size + " elements of axis " + a + " into " + parts + " equal parts");
                }
                sizes = new long[parts];
                for (int i = 0; i < parts; i++) {
                    sizes[i] = Math.min(chunk, size - (long) chunk * i);
                }
            }
            if (Arrays.stream(sizes).sum() != size || Arrays.stream(sizes).anyMatch(s -> s < 0)) {
                throw node.fail("split sizes " + Arrays.toString(sizes) + " do not add up to " + size);
            }
            Object[] out = new Object[sizes.length];
            int start = 0;
            for (int i = 0; i < sizes.length; i++) {
                out[i] = x.narrow(a, start, (int) sizes[i]);
                start += (int) sizes[i];
            }
            return out;
        };
    }

    private static Kernel slice(Node node) {
        long[] startsAttr = node.opset() < 10 ? node.ints("starts") : null;
        long[] endsAttr = node.opset() < 10 ? node.ints("ends") : null;
        long[] axesAttr = node.opset() < 10 ? node.ints("axes") : null;
        return in -> {
            Tensor x = t(in[0]);
            long[] starts = startsAttr != null ? startsAttr : Values.longs(in[1]);
            long[] ends = endsAttr != null ? endsAttr : Values.longs(in[2]);
            long[] ax = axesAttr != null ? axesAttr : in.length > 3 && in[3] != null ? Values.longs(in[3]) : null;
            long[] steps = startsAttr == null && in.length > 4 && in[4] != null ? Values.longs(in[4]) : null;
            if (ax == null) {
                ax = new long[starts.length];
                for (int i = 0; i < ax.length; i++) {
                    ax[i] = i;
                }
            }
            if (ends.length != starts.length || ax.length != starts.length
                    || (steps != null && steps.length != starts.length)) {
                throw node.fail("starts, ends, axes and steps differ in length");
            }
            Tensor y = x;
            for (int i = 0; i < starts.length; i++) {
                int a = axis(node, ax[i], x.dim());
                long step = steps == null ? 1 : steps[i];
                y = sliceAxis(node, y, a, starts[i], ends[i], step);
            }
            return one(y);
        };
    }

    /** x[start:end:step] along axis a, with ONNX's clamping (a negative step walks backwards). */
    static Tensor sliceAxis(Node node, Tensor x, int a, long start, long end, long step) {
        long n = x.size(a);
        if (step == 0) {
            throw node.fail("slice step must not be 0");
        }
        long s = start < 0 ? start + n : start;
        long e = end < 0 ? end + n : end;
        if (step > 0) {
            s = Math.max(0, Math.min(n, s));
            e = Math.max(0, Math.min(n, e));
            if (e <= s) {
                return x.narrow(a, (int) s, 0);
            }
            return x.slice(a, (int) s, (int) e, (int) Math.min(step, Integer.MAX_VALUE));
        }
        s = Math.max(-1, Math.min(n - 1, s));
        e = Math.max(-1, Math.min(n - 1, e));
        List<Long> idx = new ArrayList<>();
        for (long i = s; i > e; i += step) {
            idx.add(i);
        }
        return x.indexSelect(a, longs(idx.stream().mapToLong(Long::longValue).toArray()));
    }

    private static Tensor tile(Node node, Tensor x, long[] repeats) {
        if (repeats.length != x.dim()) {
            throw node.fail("repeats " + Arrays.toString(repeats) + " must have one entry per dimension of " + x.shape());
        }
        int rank = x.dim();
        int[] split = new int[2 * rank];
        int[] expanded = new int[2 * rank];
        int[] out = new int[rank];
        for (int d = 0; d < rank; d++) {
            if (repeats[d] < 0) {
                throw node.fail("repeats must be non-negative, got " + Arrays.toString(repeats));
            }
            split[2 * d] = 1;
            split[2 * d + 1] = x.size(d);
            expanded[2 * d] = (int) repeats[d];
            expanded[2 * d + 1] = x.size(d);
            out[d] = (int) repeats[d] * x.size(d);
        }
        OpSupport.checkedSizes(node, Arrays.stream(out).asLongStream().toArray());
        return x.reshape(split).expand(expanded).reshape(out);
    }

    private static Tensor range(Node node, Tensor start, Tensor limit, Tensor delta) {
        DType dtype = start.dtype();
        if (dtype.isFloatingPoint()) {
            double s = start.item();
            double d = delta.item();
            double count = Math.ceil((limit.item() - s) / d);
            int n = (int) Math.max(0, Math.min(TensorCodec.MAX_ELEMENTS, count));
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = s + i * d;
            }
            return Tensor.fromArray(v, n).to(dtype);
        }
        long s = start.itemLong();
        long d = delta.itemLong();
        if (d == 0) {
            throw node.fail("delta must not be 0");
        }
        long l = limit.itemLong();
        long count = d > 0 ? Math.floorDiv(l - s + d - 1, d) : Math.floorDiv(s - l - d - 1, -d);
        int n = (int) Math.max(0, Math.min(TensorCodec.MAX_ELEMENTS, count));
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = s + i * d;
        }
        return Tensor.fromArray(v, n).to(dtype);
    }

    private static Kernel pad(Node node) {
        String mode = node.s("mode", "constant");
        if (!List.of("constant", "reflect", "edge", "wrap").contains(mode)) {
            throw node.fail("mode '" + mode + "' is not one of constant, reflect, edge, wrap");
        }
        long[] padsAttr = node.opset() < 11 ? node.ints(node.opset() < 2 ? "paddings" : "pads") : null;
        double valueAttr = node.f("value", 0f);
        return in -> {
            Tensor x = t(in[0]);
            long[] pads = padsAttr != null ? padsAttr : Values.longs(in[1]);
            double value = padsAttr != null ? valueAttr
                    : in.length > 2 && in[2] != null && t(in[2]).numel() > 0 ? t(in[2]).reshape(-1).get(0) : 0;
            long[] ax = padsAttr == null && in.length > 3 && in[3] != null ? Values.longs(in[3]) : null;
            int rank = x.dim();
            int[] axes = ax == null ? null : axes(node, ax, rank);
            int count = axes == null ? rank : axes.length;
            if (pads.length != 2 * count) {
                throw node.fail("pads " + Arrays.toString(pads) + " must have two entries per padded axis of " + x.shape());
            }
            long[] before = new long[rank];
            long[] after = new long[rank];
            for (int i = 0; i < count; i++) {
                int d = axes == null ? i : axes[i];
                before[d] = pads[i];
                after[d] = pads[i + count];
            }
            return one(padTensor(node, x, before, after, mode, value));
        };
    }

    /** x padded (or, for negative amounts, cropped) by before/after per dimension. */
    static Tensor padTensor(Node node, Tensor x, long[] before, long[] after, String mode, double value) {
        Tensor y = x;
        for (int d = 0; d < x.dim(); d++) {
            int n = y.size(d);
            int cropBefore = (int) Math.max(0, -before[d]);
            int cropAfter = (int) Math.max(0, -after[d]);
            if (cropBefore + cropAfter > 0) {
                y = y.narrow(d, cropBefore, Math.max(0, n - cropBefore - cropAfter));
            }
        }
        if (mode.equals("constant")) {
            int[] pads = new int[2 * x.dim()];
            boolean any = false;
            for (int d = 0; d < x.dim(); d++) {
                int k = x.dim() - 1 - d;
                pads[2 * k] = (int) Math.max(0, before[d]);
                pads[2 * k + 1] = (int) Math.max(0, after[d]);
                any |= pads[2 * k] + pads[2 * k + 1] > 0;
            }
            return any ? y.pad(pads, value) : y;
        }
        for (int d = 0; d < x.dim(); d++) {
            int b = (int) Math.max(0, before[d]);
            int a = (int) Math.max(0, after[d]);
            if (a + b == 0) {
                continue;
            }
            int n = y.size(d);
            if (n == 0 || (mode.equals("reflect") && n < 2 && a + b > 0)) {
                throw node.fail("cannot " + mode + "-pad axis " + d + " of size " + n);
            }
            long[] idx = new long[n + a + b];
            for (int i = 0; i < idx.length; i++) {
                long p = i - b;
                idx[i] = switch (mode) {
                    case "edge" -> Math.max(0, Math.min(n - 1, p));
                    case "wrap" -> Math.floorMod(p, n);
                    default -> reflect(p, n);
                };
            }
            y = y.indexSelect(d, longs(idx));
        }
        return y;
    }

    private static long reflect(long p, int n) {
        long period = 2L * (n - 1);
        long q = Math.floorMod(p, period);
        return q < n ? q : period - q;
    }
}
