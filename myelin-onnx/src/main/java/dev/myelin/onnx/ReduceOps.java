package dev.myelin.onnx;

import static dev.myelin.onnx.OpSupport.axes;
import static dev.myelin.onnx.OpSupport.axis;
import static dev.myelin.onnx.OpSupport.one;
import static dev.myelin.onnx.OpSupport.t;

import dev.myelin.tensor.Tensor;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Reductions (Reduce*, ArgMax/ArgMin) and the softmax family. The axes of a reduction are an
 * attribute up to an operator-set version (13 for ReduceSum, 18 for the others) and an optional
 * input from then on; with no axes every dimension is reduced, unless
 * {@code noop_with_empty_axes} asks for the identity.
 */
final class ReduceOps {
    private ReduceOps() {}

    /** A reduction over the given (sorted, distinct) dimensions. */
    @FunctionalInterface
    private interface Reduction {
        Tensor apply(Tensor x, int[] dims, boolean keepdim);
    }

    static void register(OpSupport.Registry r) {
        r.add("ReduceSum", reduce(13, Tensor::sum));
        r.add("ReduceMean", reduce(18, (x, d, k) -> x.mean(d, k).to(x.dtype())));
        r.add("ReduceMax", reduce(18, Tensor::amax));
        r.add("ReduceMin", reduce(18, Tensor::amin));
        r.add("ReduceProd", reduce(18, ReduceOps::prod));
        r.add("ReduceL1", reduce(18, (x, d, k) -> x.abs().sum(d, k)));
        r.add("ReduceL2", reduce(18, (x, d, k) -> x.square().sum(d, k).sqrt().to(x.dtype())));
        r.add("ReduceLogSum", reduce(18, (x, d, k) -> x.sum(d, k).log()));
        r.add("ReduceLogSumExp", reduce(18, (x, d, k) -> x.logsumexp(d, k)));
        r.add("ReduceSumSquare", reduce(18, (x, d, k) -> x.square().sum(d, k)));
        r.add("ArgMax", argReduce(true));
        r.add("ArgMin", argReduce(false));
        r.add("Softmax", softmaxFamily(x -> x.softmax(-1)));
        r.add("LogSoftmax", softmaxFamily(x -> x.logSoftmax(-1)));
        r.add("Hardmax", softmaxFamily(x -> x.argmax(-1, false).oneHot(x.size(-1)).to(x.dtype())));
    }

    private static Kernel.Factory reduce(int axesInputSince, Reduction f) {
        return node -> {
            boolean keep = node.i("keepdims", 1) != 0;
            boolean noop = node.i("noop_with_empty_axes", 0) != 0;
            long[] attr = node.opset() < axesInputSince ? node.ints("axes") : null;
            return in -> {
                Tensor x = t(in[0]);
                long[] ax = attr != null ? attr : in.length > 1 && in[1] != null ? Values.longs(in[1]) : null;
                if (ax == null || ax.length == 0) {
                    if (noop) {
                        return one(x);
                    }
                    ax = new long[x.dim()];
                    for (int i = 0; i < ax.length; i++) {
                        ax[i] = i;
                    }
                }
                if (x.dim() == 0) {
                    return one(f.apply(x.reshape(1), new int[] {0}, false));
                }
                int[] dims = Arrays.stream(axes(node, ax, x.dim())).sorted().distinct().toArray();
                return one(f.apply(x, dims, keep));
            };
        };
    }

    /** The product over several dimensions: those moved last and merged, then one product. */
    private static Tensor prod(Tensor x, int[] dims, boolean keep) {
        int rank = x.dim();
        int[] perm = new int[rank];
        int[] kept = new int[rank - dims.length];
        int k = 0;
        for (int d = 0; d < rank; d++) {
            if (Arrays.binarySearch(dims, d) < 0) {
                kept[k] = x.size(d);
                perm[k++] = d;
            }
        }
        for (int d : dims) {
            perm[k++] = d;
        }
        int[] merged = Arrays.copyOf(kept, kept.length + 1);
        merged[kept.length] = -1;
        Tensor p = x.permute(perm).reshape(merged).prod(-1, false);
        if (!keep) {
            return p;
        }
        int[] out = x.shape().toArray();
        for (int d : dims) {
            out[d] = 1;
        }
        return p.reshape(out);
    }

    private static Kernel.Factory argReduce(boolean max) {
        return node -> {
            long axis = node.i("axis", 0);
            boolean keep = node.i("keepdims", 1) != 0;
            boolean last = node.i("select_last_index", 0) != 0;
            return in -> {
                Tensor x = t(in[0]);
                int a = axis(node, axis, x.dim());
                if (!last) {
                    return one(max ? x.argmax(a, keep) : x.argmin(a, keep));
                }
                Tensor flipped = OpSupport.flip(x, a);
                Tensor idx = max ? flipped.argmax(a, keep) : flipped.argmin(a, keep);
                return one(idx.neg().add((long) x.size(a) - 1));
            };
        };
    }

    /**
     * Softmax-like operators: before operator set 13 the input is seen as a matrix (dimensions
     * before {@code axis} as rows, default axis 1); from 13 on they act along {@code axis}
     * (default -1).
     */
    private static Kernel.Factory softmaxFamily(UnaryOperator<Tensor> lastDim) {
        return node -> {
            boolean coerce = node.opset() < 13;
            long axis = node.i("axis", coerce ? 1 : -1);
            return in -> {
                Tensor x = t(in[0]);
                int a = axis(node, axis, x.dim());
                if (coerce) {
                    int[] d = x.shape().toArray();
                    Tensor m = x.reshape(OpSupport.prod(d, 0, a), OpSupport.prod(d, a, d.length));
                    return one(lastDim.apply(m).reshape(d));
                }
                if (a == x.dim() - 1) {
                    return one(lastDim.apply(x));
                }
                return one(lastDim.apply(x.transpose(a, -1)).transpose(a, -1));
            };
        };
    }
}
