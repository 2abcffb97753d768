package dev.myelin.kernels;

/**
 * Iterates the elements of one or more strided operands over a common shape, row by row: the
 * skeleton of every elementwise kernel.
 *
 * <p>Dimensions that are contiguous for every operand are merged first, so a contiguous (or
 * uniformly strided) problem is a single row and the kernel's inner loop sees long runs. Each
 * operand has a stride per dimension (0 where it is broadcast) and a starting offset. Rows are
 * handed to the body with the operands' offsets; the inner strides are fixed and given by
 * {@link #innerStride}. Large problems are split across {@link Parallel}: by rows, or by
 * segments of a row when there are fewer rows than threads.
 *
 * <pre>{@code
 * StridedLoop loop = new StridedLoop(shape, new int[][] {outStrides, inStrides}, new int[] {0, in.offset});
 * int si = loop.innerStride(1);
 * loop.forEachRow((off, n) -> kernel(in, off[1], si, out, off[0], n));
 * }</pre>
 */
public final class StridedLoop {
    /** Elements below which a loop runs on the calling thread alone. */
    public static final int GRAIN = 1 << 15;

    private final int operands;
    private final int[] sizes;       // coalesced sizes, innermost last
    private final int[][] strides;   // [operand][dim]
    private final int[] offsets;
    private final int numel;

    /** The work done on one row: {@code n} elements starting at {@code offsets[k]} for operand k. */
    @FunctionalInterface
    public interface Row {
        void run(int[] offsets, int n);
    }

    /**
     * @param shape the iteration shape
     * @param strides per operand, its stride along each dimension of {@code shape}
     * @param offsets per operand, the offset of its first element
     */
    public StridedLoop(int[] shape, int[][] strides, int[] offsets) {
        this.operands = strides.length;
        this.offsets = offsets.clone();
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        this.numel = n;
        // Keep dimensions of size > 1, then merge each into its inner neighbour where every operand allows.
        int[] keptSizes = new int[shape.length];
        int[][] keptStrides = new int[operands][shape.length];
        int rank = 0;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] == 1) {
                continue;
            }
            boolean merge = rank > 0;
            for (int k = 0; k < operands && merge; k++) {
                merge = strides[k][d] == keptStrides[k][rank - 1] * keptSizes[rank - 1];
            }
            if (merge) {
                keptSizes[rank - 1] *= shape[d];
            } else {
                keptSizes[rank] = shape[d];
                for (int k = 0; k < operands; k++) {
                    keptStrides[k][rank] = strides[k][d];
                }
                rank++;
            }
        }
        // Reverse into outer-to-inner order; a scalar problem is one row of one element.
        int r = Math.max(rank, 1);
        sizes = new int[r];
        this.strides = new int[operands][r];
        if (rank == 0) {
            sizes[0] = 1;
        }
        for (int i = 0; i < rank; i++) {
            sizes[r - 1 - i] = keptSizes[i];
            for (int k = 0; k < operands; k++) {
                this.strides[k][r - 1 - i] = keptStrides[k][i];
            }
        }
    }

    /** The stride of operand {@code k} along the rows handed to the body. */
    public int innerStride(int k) {
        return strides[k][sizes.length - 1];
    }

    /** The number of elements iterated. */
    public int numel() {
        return numel;
    }

    /** Runs {@code body} over every row, in parallel when the problem is large. */
    public void forEachRow(Row body) {
        if (numel == 0) {
            return;
        }
        int inner = sizes[sizes.length - 1];
        int rows = numel / inner;
        int threads = Parallel.threads();
        if (numel < 2 * GRAIN || threads == 1) {
            runRows(0, rows, body);
        } else if (rows >= threads) {
            Parallel.forRange(rows, Math.max(1, GRAIN / inner), (from, to) -> runRows(from, to, body));
        } else {
            int segments = (int) Math.min((inner + (long) GRAIN - 1) / GRAIN, 4L * threads);
            int segLen = (inner + segments - 1) / segments;
            int segs = (inner + segLen - 1) / segLen;
            Parallel.forRange(rows * segs, 1, (from, to) -> {
                int[] off = new int[operands];
                for (int u = from; u < to; u++) {
                    int row = u / segs;
                    int start = (u % segs) * segLen;
                    rowOffsets(row, off);
                    for (int k = 0; k < operands; k++) {
                        off[k] += start * strides[k][sizes.length - 1];
                    }
                    body.run(off, Math.min(segLen, inner - start));
                }
            });
        }
    }

    private void runRows(int from, int to, Row body) {
        int outer = sizes.length - 1;
        int inner = sizes[outer];
        int[] off = new int[operands];
        int[] index = rowOffsets(from, off);
        int[] cur = off.clone();
        for (int row = from; row < to; row++) {
            System.arraycopy(cur, 0, off, 0, operands);
            body.run(off, inner);
            // Advance the odometer over the outer dimensions.
            for (int d = outer - 1; d >= 0; d--) {
                index[d]++;
                for (int k = 0; k < operands; k++) {
                    cur[k] += strides[k][d];
                }
                if (index[d] < sizes[d]) {
                    break;
                }
                index[d] = 0;
                for (int k = 0; k < operands; k++) {
                    cur[k] -= strides[k][d] * sizes[d];
                }
            }
        }
    }

    /** Fills {@code off} with the operands' offsets at the start of {@code row}; returns its outer index. */
    private int[] rowOffsets(int row, int[] off) {
        int outer = sizes.length - 1;
        int[] index = new int[Math.max(outer, 1)];
        System.arraycopy(offsets, 0, off, 0, operands);
        int rest = row;
        for (int d = outer - 1; d >= 0; d--) {
            index[d] = rest % sizes[d];
            rest /= sizes[d];
            for (int k = 0; k < operands; k++) {
                off[k] += index[d] * strides[k][d];
            }
        }
        return index;
    }
}
