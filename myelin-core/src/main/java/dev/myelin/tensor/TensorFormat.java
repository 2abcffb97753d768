package dev.myelin.tensor;

import java.util.Locale;

/**
 * Prints tensors as PyTorch does: nested brackets, one common number format per tensor (fixed
 * with 4 decimals, or scientific when magnitudes differ widely), columns aligned, and tensors of
 * more than 1000 elements summarised with their first and last 3 entries per dimension.
 */
final class TensorFormat {
    private static final int THRESHOLD = 1000;
    private static final int EDGE = 3;

    private TensorFormat() {}

    static String format(Tensor t) {
        Tensor values = t.detach();
        boolean summarize = t.numel() > THRESHOLD;
        java.util.List<Double> shown = new java.util.ArrayList<>();
        if (t.numel() > 0) {
            collect(values, 0, new int[t.dim()], summarize, shown);
        }
        Formatter f = new Formatter(t.dtype(), shown);
        StringBuilder sb = new StringBuilder("tensor(");
        if (t.numel() == 0) {
            sb.append("[]");
        } else {
            appendDim(sb, values, 0, new int[t.dim()], f, summarize, "tensor(".length());
        }
        sb.append(", shape=").append(t.shape());
        if (t.dtype() != DType.FLOAT32) {
            sb.append(", dtype=").append(t.dtype());
        }
        if (t.gradFn() != null) {
            sb.append(", gradFn=").append(t.gradFn());
        } else if (t.requiresGrad()) {
            sb.append(", requiresGrad=true");
        }
        return sb.append(')').toString();
    }

    /** The values that will be printed (all of them, or the edges of each dimension when summarising). */
    private static void collect(Tensor t, int dim, int[] index, boolean summarize, java.util.List<Double> out) {
        if (dim == t.dim()) {
            out.add(t.get(index));
            return;
        }
        int size = t.size(dim);
        for (int i = 0; i < size; i++) {
            if (summarize && size > 2 * EDGE && i == EDGE) {
                i = size - EDGE;
            }
            index[dim] = i;
            collect(t, dim + 1, index, summarize, out);
        }
    }

    private static void appendDim(StringBuilder sb, Tensor t, int dim, int[] index, Formatter f, boolean summarize,
            int indent) {
        if (dim == t.dim()) {
            sb.append(f.format(t.get(index)));
            return;
        }
        int size = t.size(dim);
        sb.append('[');
        boolean last = dim == t.dim() - 1;
        for (int i = 0; i < size; i++) {
            if (summarize && size > 2 * EDGE && i == EDGE) {
                sb.append(last ? "..., " : "...,\n" + "\n".repeat(t.dim() - dim - 2) + " ".repeat(indent + dim + 1));
                i = size - EDGE - 1;
                continue;
            }
            index[dim] = i;
            appendDim(sb, t, dim + 1, index, f, summarize, indent);
            if (i < size - 1) {
                sb.append(last ? ", " : ",\n" + "\n".repeat(t.dim() - dim - 2) + " ".repeat(indent + dim + 1));
            }
        }
        sb.append(']');
    }

    /** One number format for every element of a tensor, so that columns line up. */
    private static final class Formatter {
        private final DType dtype;
        private final boolean integral;
        private final boolean scientific;
        private final int width;

        Formatter(DType dtype, java.util.List<Double> values) {
            this.dtype = dtype;
            double maxAbs = 0;
            double minAbs = Double.POSITIVE_INFINITY;
            boolean allIntegers = true;
            for (double v : values) {
                if (Double.isFinite(v)) {
                    double a = Math.abs(v);
                    maxAbs = Math.max(maxAbs, a);
                    if (a != 0) {
                        minAbs = Math.min(minAbs, a);
                    }
                    allIntegers &= v == Math.rint(v);
                }
            }
            this.integral = allIntegers;
            this.scientific = dtype.isFloatingPoint() && (maxAbs >= 1e8
                    || (!allIntegers && minAbs != Double.POSITIVE_INFINITY && (minAbs < 1e-4 || maxAbs / minAbs > 1000)));
            int w = 0;
            for (double v : values) {
                w = Math.max(w, raw(v).length());
            }
            this.width = w;
        }

        private String raw(double v) {
            if (dtype == DType.BOOL) {
                return v != 0 ? "True" : "False";
            }
            if (!dtype.isFloatingPoint()) {
                return Long.toString((long) v);
            }
            if (Double.isNaN(v)) {
                return "nan";
            }
            if (Double.isInfinite(v)) {
                return v > 0 ? "inf" : "-inf";
            }
            if (scientific) {
                return String.format(Locale.ROOT, "%.4e", v);
            }
            if (integral) {
                return String.format(Locale.ROOT, "%.0f.", v);
            }
            return String.format(Locale.ROOT, "%.4f", v);
        }

        String format(double v) {
            String s = raw(v);
            return " ".repeat(Math.max(0, width - s.length())) + s;
        }
    }
}
