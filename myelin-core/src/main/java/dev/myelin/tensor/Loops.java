package dev.myelin.tensor;

import dev.myelin.kernels.StridedLoop;

/** Builds strided loops over tensors: broadcasting operands to a common shape, and lanes along one dimension. */
final class Loops {
    private Loops() {}

    /** The strides of {@code t} viewed as broadcast to {@code target}: 0 along broadcast dimensions. */
    static int[] broadcastStrides(Tensor t, Shape target) {
        int rank = target.rank();
        int lead = rank - t.dim();
        int[] out = new int[rank];
        int[] s = t.stridesRef();
        for (int d = 0; d < t.dim(); d++) {
            out[lead + d] = t.shape().size(d) == 1 ? 0 : s[d];
        }
        return out;
    }

    /** A loop over {@code shape} with each operand broadcast to it. */
    static StridedLoop over(Shape shape, Tensor... operands) {
        int[][] strides = new int[operands.length][];
        int[] offsets = new int[operands.length];
        for (int k = 0; k < operands.length; k++) {
            strides[k] = broadcastStrides(operands[k], shape);
            offsets[k] = operands[k].storageOffset();
        }
        return new StridedLoop(shape.toArray(), strides, offsets);
    }

    /** The work on one lane: the operands' offsets at the lane's start and their strides along it. */
    @FunctionalInterface
    interface Lane {
        void run(int[] offsets, int[] laneStrides, int length);
    }

    /**
     * Visits every lane along {@code dim} of {@code shape}: for each position of the other
     * dimensions, the operands' offsets there. Operands are iterated with their own strides over
     * {@code shape}, so an operand may be larger than {@code shape} (gather reads a larger input).
     */
    static void forEachLane(Shape shape, int dim, Tensor[] operands, Lane lane) {
        int length = shape.size(dim);
        Shape outer = shape.with(dim, 1);
        int[][] strides = new int[operands.length][];
        int[] offsets = new int[operands.length];
        int[] laneStrides = new int[operands.length];
        for (int k = 0; k < operands.length; k++) {
            strides[k] = operands[k].stridesRef().clone();
            strides[k][dim] = 0;
            offsets[k] = operands[k].storageOffset();
            laneStrides[k] = operands[k].stridesRef()[dim];
        }
        StridedLoop loop = new StridedLoop(outer.toArray(), strides, offsets);
        int[] inner = new int[operands.length];
        for (int k = 0; k < operands.length; k++) {
            inner[k] = loop.innerStride(k);
        }
        loop.forEachRow((off, n) -> {
            int[] at = new int[off.length];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < at.length; k++) {
                    at[k] = off[k] + i * inner[k];
                }
                lane.run(at, laneStrides, length);
            }
        });
    }
}
