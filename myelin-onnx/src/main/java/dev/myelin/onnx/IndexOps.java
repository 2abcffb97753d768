package dev.myelin.onnx;

import static dev.myelin.onnx.OpSupport.axis;
import static dev.myelin.onnx.OpSupport.longs;
import static dev.myelin.onnx.OpSupport.one;
import static dev.myelin.onnx.OpSupport.t;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Operators that pick elements by index: gathers and scatters, compress, sorting (TopK,
 * Unique), cumulative sums and sequence reversal. Index arithmetic (negative indices, linear
 * offsets, sort orders) runs on the host; the data moves through Myelin's differentiable
 * {@code indexSelect}, {@code gather} and {@code scatter}.
 */
final class IndexOps {
    private IndexOps() {}

    static void register(OpSupport.Registry r) {
        r.add("Gather", node -> {
            long axis = node.i("axis", 0);
            return in -> {
                Tensor x = t(in[0]);
                Tensor idx = t(in[1]);
                int a = axis(node, axis, x.dim());
                Tensor flat = wrapNegative(idx.reshape(-1), x.size(a));
                int[] dims = new int[x.dim() - 1 + idx.dim()];
                int k = 0;
                for (int d = 0; d < a; d++) {
                    dims[k++] = x.size(d);
                }
                for (int d = 0; d < idx.dim(); d++) {
                    dims[k++] = idx.size(d);
                }
                for (int d = a + 1; d < x.dim(); d++) {
                    dims[k++] = x.size(d);
                }
                return one(x.indexSelect(a, flat).reshape(dims));
            };
        });
        r.add("GatherElements", node -> {
            long axis = node.i("axis", 0);
            return in -> {
                Tensor x = t(in[0]);
                int a = axis(node, axis, x.dim());
                return one(x.gather(a, wrapNegative(t(in[1]), x.size(a))));
            };
        });
        Kernel.Factory scatterElements = node -> {
            long axis = node.i("axis", 0);
            String reduction = node.s("reduction", "none");
            return in -> {
                Tensor x = t(in[0]);
                int a = axis(node, axis, x.dim());
                Tensor idx = wrapNegative(t(in[1]), x.size(a));
                Tensor upd = t(in[2]);
                return one(switch (reduction) {
                    case "none" -> x.scatter(a, idx, upd);
                    case "add" -> x.scatterAdd(a, idx, upd);
                    default -> throw node.fail("reduction '" + reduction + "' is not supported");
                });
            };
        };
        r.add("ScatterElements", scatterElements);
        r.add("Scatter", scatterElements);
        r.add("GatherND", node -> {
            int batchDims = (int) node.i("batch_dims", 0);
            return in -> one(gatherNd(node, t(in[0]), t(in[1]), batchDims));
        });
        r.add("ScatterND", node -> {
            String reduction = node.s("reduction", "none");
            return in -> one(scatterNd(node, t(in[0]), t(in[1]), t(in[2]), reduction));
        });
        r.add("Compress", node -> {
            Long axis = node.hasAttr("axis") ? node.i("axis") : null;
            return in -> {
                Tensor x = t(in[0]);
                boolean[] cond = t(in[1]).to(DType.BOOL).toBooleanArray();
                Tensor src = axis == null ? x.reshape(-1) : x;
                int a = axis == null ? 0 : axis(node, axis, x.dim());
                List<Long> keep = new ArrayList<>();
                for (int i = 0; i < Math.min(cond.length, src.size(a)); i++) {
                    if (cond[i]) {
                        keep.add((long) i);
                    }
                }
                return one(src.indexSelect(a, longs(keep.stream().mapToLong(Long::longValue).toArray())));
            };
        });
        r.add("NonZero", node -> in -> {
            Tensor x = t(in[0]);
            int[] dims = x.shape().toArray();
            boolean[] nz = x.to(DType.BOOL).toBooleanArray();
            int count = 0;
            for (boolean b : nz) {
                count += b ? 1 : 0;
            }
            int rank = Math.max(dims.length, 1);
            long[] out = new long[rank * count];
            int j = 0;
            for (int i = 0; i < nz.length; i++) {
                if (nz[i]) {
                    int rem = i;
                    for (int d = dims.length - 1; d >= 0; d--) {
                        out[d * count + j] = rem % dims[d];
                        rem /= dims[d];
                    }
                    j++;
                }
            }
            return one(Tensor.fromArray(out, dims.length, count));
        });
        r.add("TopK", IndexOps::topK);
        r.add("Unique", IndexOps::unique);
        r.add("CumSum", node -> {
            boolean exclusive = node.i("exclusive", 0) != 0;
            boolean reverse = node.i("reverse", 0) != 0;
            return in -> {
                Tensor x = t(in[0]);
                int a = axis(node, t(in[1]).itemLong(), x.dim());
                return one(cumsum(x, a, exclusive, reverse));
            };
        });
        r.add("ReverseSequence", node -> {
            int batchAxis = (int) node.i("batch_axis", 1);
            int timeAxis = (int) node.i("time_axis", 0);
            return in -> {
                Tensor x = t(in[0]);
                long[] lens = Values.longs(in[1]);
                int[] dims = x.shape().toArray();
                long[] idx = new long[x.numel()];
                int[] pos = new int[dims.length];
                for (int i = 0; i < idx.length; i++) {
                    long len = lens[pos[batchAxis]];
                    int tt = pos[timeAxis];
                    idx[i] = tt < len ? len - 1 - tt : tt;
                    for (int d = dims.length - 1; d >= 0 && ++pos[d] == dims[d]; d--) {
                        pos[d] = 0;
                    }
                }
                return one(x.gather(timeAxis, Tensor.fromArray(idx, dims)));
            };
        });
    }

    /** Integer indices with negative ones counted from the end of a dimension of {@code size}. */
    static Tensor wrapNegative(Tensor idx, int size) {
        long[] v = idx.toLongArray();
        boolean any = false;
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0) {
                v[i] += size;
                any = true;
            }
        }
        return any || idx.dtype() != DType.INT64 ? Tensor.fromArray(v, idx.shape().toArray()) : idx;
    }

    /** Rows of data, each index tuple (the last dimension of indices) naming one, as linear row numbers. */
    private static long[] linearRows(Node node, int[] dataDims, int from, int k, long[] idx, int tuples,
            int tuplesPerBatch) {
        long[] rows = new long[tuples];
        long block = OpSupport.prod(dataDims, from, from + k);
        for (int i = 0; i < tuples; i++) {
            long row = 0;
            for (int j = 0; j < k; j++) {
                int size = dataDims[from + j];
                long v = idx[i * k + j];
                if (v < -size || v >= size) {
                    throw node.fail("index " + v + " is out of range for dimension " + (from + j) + " of size " + size);
                }
                row = row * size + (v < 0 ? v + size : v);
            }
            rows[i] = (i / Math.max(1, tuplesPerBatch)) * block + row;
        }
        return rows;
    }

    private static Tensor gatherNd(Node node, Tensor data, Tensor indices, int b) {
        int[] dd = data.shape().toArray();
        int[] id = indices.shape().toArray();
        int k = id[id.length - 1];
        if (k + b > dd.length) {
            throw node.fail("index tuples of length " + k + " do not fit data of shape " + data.shape());
        }
        int tuples = OpSupport.prod(id, 0, id.length - 1);
        int batches = OpSupport.prod(dd, 0, b);
        long[] rows = linearRows(node, dd, b, k, indices.toLongArray(), tuples, tuples / Math.max(1, batches));
        int[] rest = Arrays.copyOfRange(dd, b + k, dd.length);
        int[] flat = new int[rest.length + 1];
        flat[0] = batches * OpSupport.prod(dd, b, b + k);
        System.arraycopy(rest, 0, flat, 1, rest.length);
        int[] out = new int[id.length - 1 + rest.length];
        System.arraycopy(id, 0, out, 0, id.length - 1);
        System.arraycopy(rest, 0, out, id.length - 1, rest.length);
        return data.reshape(flat).indexSelect(0, longs(rows)).reshape(out);
    }

    private static Tensor scatterNd(Node node, Tensor data, Tensor indices, Tensor updates, String reduction) {
        int[] dd = data.shape().toArray();
        int[] id = indices.shape().toArray();
        int k = id[id.length - 1];
        int tuples = OpSupport.prod(id, 0, id.length - 1);
        long[] rows = linearRows(node, dd, 0, k, indices.toLongArray(), tuples, tuples);
        int rest = OpSupport.prod(dd, k, dd.length);
        Tensor flat = data.reshape(OpSupport.prod(dd, 0, k), rest);
        Tensor upd = updates.reshape(tuples, rest);
        Tensor index = longs(rows).unsqueeze(1).expand(tuples, rest);
        Tensor out = switch (reduction) {
            case "none" -> flat.scatter(0, index, upd);
            case "add" -> flat.scatterAdd(0, index, upd);
            case "mul", "max", "min" -> reduceRows(flat, rows, upd, reduction);
            default -> throw node.fail("reduction '" + reduction + "' is not supported");
        };
        return out.reshape(dd);
    }

    /** Rows of {@code flat} combined in turn with rows of {@code upd} (mul, max or min), on the host; no gradient. */
    private static Tensor reduceRows(Tensor flat, long[] rows, Tensor upd, String reduction) {
        double[] out = flat.contiguous().toDoubleArray();
        double[] u = upd.contiguous().toDoubleArray();
        int width = flat.size(1);
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < width; j++) {
                int at = (int) rows[i] * width + j;
                double v = u[i * width + j];
                out[at] = switch (reduction) {
                    case "mul" -> out[at] * v;
                    case "max" -> Math.max(out[at], v);
                    default -> Math.min(out[at], v);
                };
            }
        }
        return Tensor.fromArray(out, flat.shape().toArray()).to(flat.dtype());
    }

    /** Inclusive prefix sums by doubling (log2(n) shifted additions), differentiable for any dtype. */
    static Tensor cumsum(Tensor x, int axis, boolean exclusive, boolean reverse) {
        Tensor y = reverse ? OpSupport.flip(x, axis) : x;
        int n = y.size(axis);
        for (int s = 1; s < n; s *= 2) {
            y = y.add(shift(y, axis, s));
        }
        if (exclusive && n > 0) {
            y = shift(y, axis, 1);
        }
        return reverse ? OpSupport.flip(y, axis) : y;
    }

    /** y moved s places towards the end of {@code axis}, zeros shifted in. */
    private static Tensor shift(Tensor y, int axis, int s) {
        int n = y.size(axis);
        Tensor zeros = Tensor.zeros(y.shape().with(axis, Math.min(s, n)), y.dtype());
        return Tensor.cat(List.of(zeros, y.narrow(axis, 0, n - Math.min(s, n))), axis);
    }

    private static Kernel topK(Node node) {
        long axisAttr = node.i("axis", -1);
        boolean largest = node.i("largest", 1) != 0;
        Long kAttr = node.opset() < 10 ? node.i("k") : null;
        return in -> {
            Tensor x = t(in[0]);
            long k = kAttr != null ? kAttr : Values.longs(in[1])[0];
            int a = axis(node, axisAttr, x.dim());
            int n = x.size(a);
            if (k < 0 || k > n) {
                throw node.fail("k = " + k + " is out of range for axis " + a + " of size " + n);
            }
            Tensor moved = x.transpose(a, -1).contiguous();
            double[] v = moved.toDoubleArray();
            int rows = n == 0 ? 0 : v.length / n;
            long[] idx = new long[rows * (int) k];
            Integer[] order = new Integer[n];
            for (int row = 0; row < rows; row++) {
                int base = row * n;
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
                Comparator<Integer> byValue = (p, q) -> Double.compare(v[base + p], v[base + q]);
                Arrays.sort(order, largest ? byValue.reversed().thenComparing(i -> i) : byValue.thenComparing(i -> i));
                for (int j = 0; j < k; j++) {
                    idx[row * (int) k + j] = order[j];
                }
            }
            Tensor indices = Tensor.fromArray(idx, moved.shape().with(-1, (int) k).toArray()).transpose(a, -1);
            indices = indices.contiguous();
            return new Object[] {x.gather(a, indices), indices};
        };
    }

    private static Kernel unique(Node node) {
        boolean sorted = node.i("sorted", 1) != 0;
        Long axisAttr = node.hasAttr("axis") ? node.i("axis") : null;
        return in -> {
            Tensor x = t(in[0]);
            Tensor src = axisAttr == null ? x.reshape(-1) : x;
            int a = axisAttr == null ? 0 : axis(node, axisAttr, x.dim());
            Tensor rowsView = src.transpose(0, a).contiguous();
            int n = rowsView.size(0);
            double[] v = rowsView.toDoubleArray();
            int width = n == 0 ? 0 : v.length / n;
            Map<List<Double>, Integer> first = new LinkedHashMap<>();
            List<List<Double>> keys = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                List<Double> key = new ArrayList<>(width);
                for (int j = 0; j < width; j++) {
                    key.add(v[i * width + j]);
                }
                keys.add(key);
                first.putIfAbsent(key, i);
            }
            List<List<Double>> order = new ArrayList<>(first.keySet());
            if (sorted) {
                order.sort(IndexOps::lexicographic);
            }
            Map<List<Double>, Integer> position = new TreeMap<>(IndexOps::lexicographic);
            for (int i = 0; i < order.size(); i++) {
                position.put(order.get(i), i);
            }
            long[] firstIdx = new long[order.size()];
            long[] counts = new long[order.size()];
            long[] inverse = new long[n];
            for (int i = 0; i < order.size(); i++) {
                firstIdx[i] = first.get(order.get(i));
            }
            for (int i = 0; i < n; i++) {
                int p = position.get(keys.get(i));
                inverse[i] = p;
                counts[p]++;
            }
            Tensor y = src.indexSelect(a, longs(firstIdx));
            return new Object[] {y, longs(firstIdx), longs(inverse), longs(counts)};
        };
    }

    private static int lexicographic(List<Double> p, List<Double> q) {
        for (int i = 0; i < p.size(); i++) {
            int c = Double.compare(p.get(i), q.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
