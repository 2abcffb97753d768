package dev.myelin.onnx;

import static dev.myelin.onnx.OpSupport.one;
import static dev.myelin.onnx.OpSupport.t;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The remaining operators: Einsum, signal windows, determinants, non-maximum suppression and
 * max unpooling. Index-producing and non-differentiable ones (NonMaxSuppression, Det) compute
 * on the host.
 */
final class MiscOps {
    private MiscOps() {}

    static void register(OpSupport.Registry r) {
        r.add("Einsum", node -> {
            String equation = node.s("equation", "");
            return in -> {
                List<Tensor> operands = new ArrayList<>();
                for (Object o : in) {
                    operands.add(t(o));
                }
                return one(Einsum.evaluate(node, equation, operands));
            };
        });
        r.add("HannWindow", window(new double[] {0.5, -0.5, 0}));
        r.add("HammingWindow", window(new double[] {25.0 / 46, -21.0 / 46, 0}));
        r.add("BlackmanWindow", window(new double[] {0.42, -0.5, 0.08}));
        r.add("Det", node -> in -> one(det(t(in[0]))));
        r.add("MelWeightMatrix", node -> {
            DType dtype = ElementType.of((int) node.i("output_datatype", 1)).requireDType(node.opType());
            return in -> one(melWeights((int) t(in[0]).itemLong(), (int) t(in[1]).itemLong(), t(in[2]).itemLong(),
                    t(in[3]).item(), t(in[4]).item()).to(dtype));
        });
        r.add("NonMaxSuppression", node -> {
            boolean center = node.i("center_point_box", 0) != 0;
            return in -> one(nms(t(in[0]), t(in[1]), present(in, 2) ? t(in[2]).itemLong() : 0,
                    present(in, 3) ? t(in[3]).item() : 0,
                    present(in, 4) ? t(in[4]).item() : Double.NEGATIVE_INFINITY, center));
        });
        r.add("MaxUnpool", node -> {
            int[] kernel = node.intArray("kernel_shape", null);
            if (kernel == null) {
                throw node.fail("attribute 'kernel_shape' is required");
            }
            return in -> {
                Tensor x = t(in[0]);
                Tensor idx = t(in[1]);
                int nd = kernel.length;
                int[] ones = new int[nd];
                Arrays.fill(ones, 1);
                int[] strides = node.intArray("strides", ones);
                int[] pads = node.intArray("pads", new int[2 * nd]);
                int[] natural = x.shape().toArray();
                for (int i = 0; i < nd; i++) {
                    natural[2 + i] = (x.size(2 + i) - 1) * strides[i] + kernel[i] - pads[i] - pads[nd + i];
                }
                int[] out = present(in, 2) ? OpSupport.checkedSizes(node, Values.longs(in[2])) : natural;
                // Indices count positions in the natural output; place them in the requested one.
                long[] v = idx.toLongArray();
                if (!Arrays.equals(out, natural)) {
                    for (int i = 0; i < v.length; i++) {
                        v[i] = relocate(v[i], natural, out);
                    }
                }
                Tensor flat = Tensor.zeros(Shape.of(OpSupport.prod(out, 0, out.length)), x.dtype());
                return one(flat.scatter(0, Tensor.fromArray(v, v.length), x.reshape(-1)).reshape(out));
            };
        });
    }

    /** A flat index into a tensor of shape {@code from} as the flat index of the same position in {@code to}. */
    private static long relocate(long index, int[] from, int[] to) {
        long rem = index;
        long[] pos = new long[from.length];
        for (int d = from.length - 1; d >= 0; d--) {
            pos[d] = rem % from[d];
            rem /= from[d];
        }
        long out = 0;
        for (int d = 0; d < to.length; d++) {
            out = out * to[d] + pos[d];
        }
        return out;
    }

    private static boolean present(Object[] in, int i) {
        return in.length > i && in[i] != null && t(in[i]).numel() > 0;
    }

    /** A cosine-sum window a0 + a1·cos(2πn/N) + a2·cos(4πn/N), periodic (N = size) or symmetric (N = size - 1). */
    private static Kernel.Factory window(double[] a) {
        return node -> {
            boolean periodic = node.i("periodic", 1) != 0;
            DType dtype = ElementType.of((int) node.i("output_datatype", 1)).requireDType(node.opType());
            return in -> {
                int size = (int) t(in[0]).itemLong();
                double n = periodic ? size : size - 1;
                double[] w = new double[Math.max(0, size)];
                for (int i = 0; i < w.length; i++) {
                    w[i] = a[0] + a[1] * Math.cos(2 * Math.PI * i / n) + a[2] * Math.cos(4 * Math.PI * i / n);
                }
                return one(Tensor.fromArray(w, w.length).to(dtype));
            };
        };
    }

    /**
     * The (dft_length / 2 + 1, mels) matrix of triangular mel filters over linear frequency bins:
     * mel(f) = 2595·log10(1 + f / 700), band edges evenly spaced in mel, as ONNX's reference computes them.
     */
    private static Tensor melWeights(int mels, int dftLength, long sampleRate, double lowHz, double highHz) {
        int bins = dftLength / 2 + 1;
        double lowMel = 2595 * Math.log10(1 + lowHz / 700);
        double highMel = 2595 * Math.log10(1 + highHz / 700);
        double step = (highMel - lowMel) / (mels + 2);
        int[] edge = new int[mels + 2];
        for (int i = 0; i < edge.length; i++) {
            double hz = 700 * (Math.pow(10, (i * step + lowMel) / 2595) - 1);
            edge[i] = (int) Math.floor((dftLength + 1) * hz / sampleRate);
        }
        double[] out = new double[bins * mels];
        for (int m = 0; m < mels; m++) {
            int lo = edge[m];
            int center = edge[m + 1];
            int hi = edge[m + 2];
            if (center == lo) {
                out[center * mels + m] = 1;
            } else {
                for (int j = lo; j <= center; j++) {
                    out[j * mels + m] = (double) (j - lo) / (center - lo);
                }
            }
            for (int j = center; j < hi; j++) {
                out[j * mels + m] = (double) (hi - j) / (hi - center);
            }
        }
        return Tensor.fromArray(out, bins, mels);
    }

    /** Determinants of (..., M, M) matrices by LU decomposition with partial pivoting (no gradient). */
    private static Tensor det(Tensor x) {
        int m = x.size(-1);
        double[] v = x.contiguous().toDoubleArray();
        int count = m == 0 ? 0 : v.length / (m * m);
        double[] out = new double[count];
        for (int k = 0; k < count; k++) {
            double[] a = Arrays.copyOfRange(v, k * m * m, (k + 1) * m * m);
            double d = 1;
            for (int c = 0; c < m; c++) {
                int p = c;
                for (int r = c + 1; r < m; r++) {
                    if (Math.abs(a[r * m + c]) > Math.abs(a[p * m + c])) {
                        p = r;
                    }
                }
                if (a[p * m + c] == 0) {
                    d = 0;
                    break;
                }
                if (p != c) {
                    for (int j = 0; j < m; j++) {
                        double tmp = a[c * m + j];
                        a[c * m + j] = a[p * m + j];
                        a[p * m + j] = tmp;
                    }
                    d = -d;
                }
                d *= a[c * m + c];
                for (int r = c + 1; r < m; r++) {
                    double f = a[r * m + c] / a[c * m + c];
                    for (int j = c; j < m; j++) {
                        a[r * m + j] -= f * a[c * m + j];
                    }
                }
            }
            out[k] = d;
        }
        int[] shape = Arrays.copyOf(x.shape().toArray(), x.dim() - 2);
        return Tensor.fromArray(out, shape).to(x.dtype());
    }

    /** Greedy non-maximum suppression per batch and class: (selected, 3) rows of (batch, class, box). */
    private static Tensor nms(Tensor boxes, Tensor scores, long maxPerClass, double iouThreshold,
            double scoreThreshold, boolean center) {
        int batches = scores.size(0);
        int classes = scores.size(1);
        int n = scores.size(2);
        double[] b = boxes.contiguous().toDoubleArray();
        double[] s = scores.contiguous().toDoubleArray();
        List<long[]> selected = new ArrayList<>();
        for (int bi = 0; bi < batches; bi++) {
            for (int c = 0; c < classes; c++) {
                int base = (bi * classes + c) * n;
                List<Integer> cand = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (s[base + i] > scoreThreshold) {
                        cand.add(i);
                    }
                }
                cand.sort((p, q) -> Double.compare(s[base + q], s[base + p]));
                List<Integer> kept = new ArrayList<>();
                for (int i : cand) {
                    if (kept.size() >= maxPerClass) {
                        break;
                    }
                    boolean keep = true;
                    for (int j : kept) {
                        if (iou(b, (bi * n + i) * 4, (bi * n + j) * 4, center) > iouThreshold) {
                            keep = false;
                            break;
                        }
                    }
                    if (keep) {
                        kept.add(i);
                        selected.add(new long[] {bi, c, i});
                    }
                }
            }
        }
        long[] out = new long[selected.size() * 3];
        for (int i = 0; i < selected.size(); i++) {
            System.arraycopy(selected.get(i), 0, out, 3 * i, 3);
        }
        return Tensor.fromArray(out, selected.size(), 3);
    }

    private static double iou(double[] b, int p, int q, boolean center) {
        double[] x = corners(b, p, center);
        double[] y = corners(b, q, center);
        double areaX = (x[2] - x[0]) * (x[3] - x[1]);
        double areaY = (y[2] - y[0]) * (y[3] - y[1]);
        if (areaX <= 0 || areaY <= 0) {
            return 0;
        }
        double h = Math.max(0, Math.min(x[2], y[2]) - Math.max(x[0], y[0]));
        double w = Math.max(0, Math.min(x[3], y[3]) - Math.max(x[1], y[1]));
        double inter = h * w;
        return inter / (areaX + areaY - inter);
    }

    /** A box as (ymin, xmin, ymax, xmax). */
    private static double[] corners(double[] b, int at, boolean center) {
        if (center) {
            double xc = b[at];
            double yc = b[at + 1];
            double w = b[at + 2];
            double h = b[at + 3];
            return new double[] {yc - h / 2, xc - w / 2, yc + h / 2, xc + w / 2};
        }
        return new double[] {Math.min(b[at], b[at + 2]), Math.min(b[at + 1], b[at + 3]), Math.max(b[at], b[at + 2]),
            Math.max(b[at + 1], b[at + 3])};
    }
}
