package dev.myelin.tensor;

import dev.myelin.autograd.Autograd;
import dev.myelin.kernels.Elements;
import dev.myelin.kernels.ReduceKernels;
import dev.myelin.kernels.StridedLoop;

/**
 * Reductions over any set of dimensions (sum, mean, prod, max/min, argmax/argmin, var,
 * logsumexp, norm) and softmax, with their gradient rules.
 *
 * <p>Each reduction is planned once: the input is viewed with the kept dimensions first and the
 * reduced ones merged into a single strided lane (copying only when their strides cannot merge),
 * and one kernel call reduces each lane to one output element.
 */
final class Reductions {
    private Reductions() {}

    /** A reduction's layout: x as (kept..., lane), and the shapes on either side. */
    private record Plan(Tensor lanes, int laneStride, int laneLength, Shape kept, Shape out, Shape keep, Shape in) {
        /** g (of the output's shape) broadcast back to the input's shape, as a view. */
        Tensor expandBack(Tensor g) {
            return g.reshape(keep.toArray()).expand(in.toArray());
        }

        /** A tensor of the keepdim shape broadcast back to the input's shape, as a view. */
        Tensor expandKept(Tensor t) {
            return t.expand(in.toArray());
        }
    }

    private static Plan plan(String op, Tensor x, int[] dims, boolean keepdim) {
        int rank = x.dim();
        boolean[] reduced = new boolean[rank];
        if (dims == null) {
            java.util.Arrays.fill(reduced, true);
        } else {
            for (int d : dims) {
                int nd = Shape.normalize(op, d, rank);
                if (rank > 0 && reduced[nd]) {
                    throw new IllegalArgumentException(op + ": dimension " + d + " appears twice in "
                            + java.util.Arrays.toString(dims));
                }
                if (rank > 0) {
                    reduced[nd] = true;
                }
            }
        }
        int[] shape = x.shape().toArray();
        int[] strides = x.stridesRef();
        int keptCount = 0;
        for (boolean r : reduced) {
            keptCount += r ? 0 : 1;
        }
        int[] keptSizes = new int[keptCount];
        int[] keptStrides = new int[keptCount];
        int[] keepShape = shape.clone();
        int laneLength = 1;
        int k = 0;
        for (int d = 0; d < rank; d++) {
            if (reduced[d]) {
                laneLength *= shape[d];
                keepShape[d] = 1;
            } else {
                keptSizes[k] = shape[d];
                keptStrides[k++] = strides[d];
            }
        }
        // Merge the reduced dimensions into one lane if their strides allow, else copy them into one.
        int laneStride = 1;
        int previous = -1;
        boolean mergeable = true;
        for (int d = 0; d < rank; d++) {
            if (reduced[d] && shape[d] != 1) {
                if (previous >= 0 && strides[previous] != strides[d] * shape[d]) {
                    mergeable = false;
                }
                previous = d;
                laneStride = strides[d];
            }
        }
        Shape kept = Shape.of(keptSizes);
        Shape laneShape = kept.insert(keptCount, laneLength);
        Tensor lanes;
        if (mergeable) {
            int[] laneStrides = java.util.Arrays.copyOf(keptStrides, keptCount + 1);
            laneStrides[keptCount] = laneStride;
            lanes = x.asStrided(laneShape, laneStrides, x.storageOffset());
        } else {
            int[] perm = new int[rank];
            int p = 0;
            for (int d = 0; d < rank; d++) {
                if (!reduced[d]) {
                    perm[p++] = d;
                }
            }
            for (int d = 0; d < rank; d++) {
                if (reduced[d]) {
                    perm[p++] = d;
                }
            }
            Tensor permuted = Views.permuteRaw(x.detach(), perm);
            Tensor copy = Tensor.empty(permuted.shape(), x.dtype());
            Conversion.copyInto(copy, permuted);
            lanes = copy.asStrided(laneShape, laneShape.contiguousStrides(), 0);
            laneStride = 1;
        }
        Shape out = keepdim ? Shape.of(keepShape) : kept;
        return new Plan(lanes, laneStride, laneLength, kept, out, Shape.of(keepShape), x.shape());
    }

    /** The work for one output element: reduce the lane at {@code laneOffset}, store at {@code outOffset}. */
    @FunctionalInterface
    private interface LaneReducer {
        void reduce(Object x, int laneOffset, int laneStride, int length, Object out, int outOffset);
    }

    /** Runs {@code reducer} for every output element of {@code plan} into a new tensor of {@code dtype}. */
    private static Tensor run(Plan plan, DType dtype, LaneReducer reducer) {
        Tensor out = Tensor.empty(plan.kept, dtype);
        int[] laneStrides = plan.lanes.stridesRef();
        int[] keptStrides = java.util.Arrays.copyOf(laneStrides, laneStrides.length - 1);
        StridedLoop loop = new StridedLoop(plan.kept.toArray(),
                new int[][] {out.stridesRef(), keptStrides}, new int[] {0, plan.lanes.storageOffset()});
        int os = loop.innerStride(0);
        int xs = loop.innerStride(1);
        Object x = plan.lanes.array();
        Object y = out.array();
        loop.forEachRow((off, n) -> {
            for (int i = 0; i < n; i++) {
                reducer.reduce(x, off[1] + i * xs, plan.laneStride, plan.laneLength, y, off[0] + i * os);
            }
        });
        return out.asStrided(plan.out, plan.out.contiguousStrides(), 0);
    }

    private static void requireFloat(String op, Tensor x) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected a floating-point tensor, got " + x.dtype()
                    + " of shape " + x.shape() + "; convert with to(DType.FLOAT32)");
        }
    }

    static Tensor sum(Tensor x, int[] dims, boolean keepdim) {
        Plan plan = plan("sum", x, dims, keepdim);
        Tensor y = leadingFloatSum(x, plan) ? sumLeading(x, plan) : x.dtype().isFloatingPoint()
                ? run(plan, x.dtype(), (a, o, s, n, out, at) -> Elements.setDouble(out, at, ReduceKernels.sum(a, o, s, n)))
                : run(plan, DType.INT64, (a, o, s, n, out, at) -> Elements.setLong(out, at, ReduceKernels.sumLong(a, o, s, n)));
        return Autograd.recordShapeOnly("sum", y, (g, needs) -> new Tensor[] {plan.expandBack(g)}, x);
    }

    /** Whether a float32 sum reduces exactly the leading dimensions of a contiguous tensor (a column sum). */
    private static boolean leadingFloatSum(Tensor x, Plan plan) {
        if (x.dtype() != DType.FLOAT32 || !x.isContiguous() || plan.laneLength < 2 || plan.kept.numel() < 2) {
            return false;
        }
        // The kept dimensions must be the trailing ones: the lane stride is then the kept block's size.
        return plan.laneStride == plan.kept.numel() && plan.lanes.storage() == x.storage();
    }

    private static Tensor sumLeading(Tensor x, Plan plan) {
        int cols = plan.kept.numel();
        Tensor out = Tensor.empty(plan.out, DType.FLOAT32);
        ReduceKernels.sumColumns(x.storage().floats(), x.storageOffset(), plan.laneLength, cols, out.storage().floats());
        return out;
    }

    static Tensor sumTo(Tensor x, Shape shape) {
        if (x.shape().equals(shape)) {
            return x;
        }
        if (!shape.broadcastsTo(x.shape())) {
            throw new IllegalArgumentException("sumTo: shape " + shape + " does not broadcast to the tensor's shape "
                    + x.shape());
        }
        int lead = x.dim() - shape.rank();
        int[] dims = new int[x.dim()];
        int n = 0;
        for (int d = 0; d < x.dim(); d++) {
            if (d < lead || (shape.size(d - lead) == 1 && x.size(d) != 1)) {
                dims[n++] = d;
            }
        }
        Tensor summed = sum(x, java.util.Arrays.copyOf(dims, n), true);
        return summed.reshape(shape.toArray());
    }

    static Tensor mean(Tensor x, int[] dims, boolean keepdim) {
        requireFloat("mean", x);
        Plan plan = plan("mean", x, dims, keepdim);
        int count = plan.laneLength;
        Tensor y = run(plan, x.dtype(), (a, o, s, n, out, at) ->
                Elements.setDouble(out, at, ReduceKernels.sum(a, o, s, n) / n));
        return Autograd.recordShapeOnly("mean", y, (g, needs) -> new Tensor[] {plan.expandBack(g).div(count)}, x);
    }

    static Tensor prod(Tensor x, int[] dims, boolean keepdim) {
        Plan plan = plan("prod", x, dims, keepdim);
        Tensor y = x.dtype().isFloatingPoint()
                ? run(plan, x.dtype(), (a, o, s, n, out, at) -> Elements.setDouble(out, at, ReduceKernels.prod(a, o, s, n)))
                : run(plan, DType.INT64, (a, o, s, n, out, at) -> Elements.setLong(out, at, ReduceKernels.prodLong(a, o, s, n)));
        return Autograd.record("prod", y, (g, needs) -> {
            // d(prod)/dx_i is the product of the other elements: prod / x_i without zeros; with one
            // zero in the lane only that element gets the product of the rest; with more, all get 0.
            Tensor isZero = x.eq(0.0);
            Tensor zeros = plan.expandKept(isZero.sum(dimsOrAll(x, dims), true));
            Tensor safe = x.maskedFill(isZero, 1);
            Tensor prodNonZero = plan.expandKept(prod(safe, dimsOrAll(x, dims), true));
            Tensor zero = Tensor.scalar(0, x.dtype());
            Tensor others = Tensor.where(isZero, Tensor.where(zeros.eq(1.0), prodNonZero, zero),
                    Tensor.where(zeros.eq(0.0), prodNonZero.div(safe), zero));
            return new Tensor[] {plan.expandBack(g).mul(others)};
        }, x);
    }

    static Tensor amax(Tensor x, int[] dims, boolean keepdim, boolean largest) {
        String op = largest ? "amax" : "amin";
        Plan plan = plan(op, x, dims, keepdim);
        requireNonEmpty(op, x, plan);
        Tensor y = run(plan, x.dtype(), (a, o, s, n, out, at) ->
                Elements.copy(a, o + s * ReduceKernels.argExtreme(a, o, s, n, largest), out, at));
        return Autograd.record(op, y, (g, needs) -> {
            Tensor mask = x.eq(plan.expandBack(y));
            Tensor count = plan.expandKept(mask.sum(dimsOrAll(x, dims), true));
            return new Tensor[] {plan.expandBack(g).mul(mask).div(count)};
        }, x);
    }

    private static int[] dimsOrAll(Tensor x, int[] dims) {
        if (dims != null) {
            return dims;
        }
        int[] all = new int[x.dim()];
        for (int d = 0; d < all.length; d++) {
            all[d] = d;
        }
        return all;
    }

    private static void requireNonEmpty(String op, Tensor x, Plan plan) {
        if (plan.laneLength == 0) {
            throw new IllegalArgumentException(op + ": cannot reduce an empty dimension (shape " + x.shape()
                    + "); the result would have no value");
        }
    }

    static Tensor argmax(Tensor x, int dim, boolean keepdim, boolean largest) {
        String op = largest ? "argmax" : "argmin";
        Plan plan = plan(op, x, new int[] {dim}, keepdim);
        requireNonEmpty(op, x, plan);
        return run(plan, DType.INT64, (a, o, s, n, out, at) ->
                Elements.setLong(out, at, ReduceKernels.argExtreme(a, o, s, n, largest)));
    }

    static Tensor.ValuesIndices maxWithIndices(Tensor x, int dim, boolean keepdim, boolean largest) {
        String op = largest ? "max" : "min";
        Plan plan = plan(op, x, new int[] {dim}, keepdim);
        requireNonEmpty(op, x, plan);
        Tensor indices = argmax(x, dim, keepdim, largest);
        Tensor values = run(plan, x.dtype(), (a, o, s, n, out, at) ->
                Elements.copy(a, o + s * ReduceKernels.argExtreme(a, o, s, n, largest), out, at));
        int d = Shape.normalize(op, dim, x.dim());
        Tensor keptIndices = keepdim || x.dim() == 0 ? indices : indices.unsqueeze(d);
        values = Autograd.record(op, values, (g, needs) -> {
            Tensor keptGrad = keepdim || x.dim() == 0 ? g : g.unsqueeze(d);
            return new Tensor[] {Tensor.zerosLike(x).scatter(d, keptIndices.reshape(plan.keep.toArray()),
                    keptGrad.reshape(plan.keep.toArray()))};
        }, x);
        return new Tensor.ValuesIndices(values, indices);
    }

    static Tensor var(Tensor x, int[] dims, double correction, boolean keepdim) {
        requireFloat("var", x);
        Plan plan = plan("var", x, dims, keepdim);
        int count = plan.laneLength;
        double divisor = Math.max(0, count - correction);
        Tensor y = run(plan, x.dtype(), (a, o, s, n, out, at) -> {
            double mean = ReduceKernels.sum(a, o, s, n) / n;
            Elements.setDouble(out, at, ReduceKernels.sumSquaredDeviations(a, o, s, n, mean) / divisor);
        });
        return Autograd.record("var", y, (g, needs) -> {
            Tensor centered = x.sub(x.mean(dimsOrAll(x, dims), true));
            return new Tensor[] {plan.expandBack(g).mul(centered).mul(2 / divisor)};
        }, x);
    }

    static Tensor logsumexp(Tensor x, int[] dims, boolean keepdim) {
        Tensor xf = x.dtype().isFloatingPoint() ? x : x.to(DType.FLOAT32);
        Plan plan = plan("logsumexp", xf, dims, keepdim);
        Tensor y = run(plan, xf.dtype(), (a, o, s, n, out, at) ->
                Elements.setDouble(out, at, ReduceKernels.logSumExp(a, o, s, n)));
        return Autograd.record("logsumexp", y, (g, needs) ->
                new Tensor[] {plan.expandBack(g).mul(xf.sub(plan.expandBack(y)).exp())}, xf);
    }

    static Tensor norm(Tensor x, double p, int[] dims, boolean keepdim) {
        requireFloat("norm", x);
        Plan plan = plan("norm", x, dims, keepdim);
        Tensor y = run(plan, x.dtype(), (a, o, s, n, out, at) ->
                Elements.setDouble(out, at, ReduceKernels.norm(a, o, s, n, p)));
        return Autograd.record("norm", y, (g, needs) -> {
            Tensor ge = plan.expandBack(g);
            Tensor ye = plan.expandBack(y);
            Tensor grad;
            if (p == 0) {
                grad = ge.mul(0.0);
            } else if (p == 1) {
                grad = ge.mul(x.sign());
            } else if (Double.isInfinite(p)) {
                Tensor mask = x.abs().eq(ye);
                Tensor count = plan.expandKept(mask.sum(dimsOrAll(x, dims), true));
                grad = ge.mul(x.sign()).mul(mask).div(count);
            } else if (p == 2) {
                grad = ge.mul(x).div(ye).maskedFill(ye.eq(0.0), 0);
            } else {
                grad = ge.mul(x).mul(x.abs().pow(p - 2)).div(ye.pow(p - 1)).maskedFill(ye.eq(0.0), 0);
            }
            return new Tensor[] {grad};
        }, x);
    }

    static Tensor softmax(Tensor x, int dim, boolean log) {
        String op = log ? "logSoftmax" : "softmax";
        Tensor xf = x.dtype().isFloatingPoint() ? x : x.to(DType.FLOAT32);
        int d = Shape.normalize(op, dim, x.dim());
        Tensor y = Tensor.empty(xf.shape(), xf.dtype());
        if (xf.dim() == 0) {
            Elements.setDouble(y.array(), 0, log ? 0 : 1);
        } else {
            Loops.forEachLane(xf.shape(), d, new Tensor[] {y, xf}, (off, strides, n) ->
                    ReduceKernels.softmax(xf.array(), off[1], strides[1], y.array(), off[0], strides[0], n, log));
        }
        if (log) {
            return Autograd.recordShapeOnly(op, y, (g, needs) ->
                    new Tensor[] {g.sub(y.exp().mul(g.sum(new int[] {d}, true)))}, xf);
        }
        return Autograd.recordShapeOnly(op, y, (g, needs) ->
                new Tensor[] {y.mul(g.sub(g.mul(y).sum(new int[] {d}, true)))}, xf);
    }
}
