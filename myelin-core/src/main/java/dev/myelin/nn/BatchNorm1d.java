package dev.myelin.nn;

/**
 * Batch normalisation of x (N, C) or (N, C, L) per channel C. PyTorch's {@code nn.BatchNorm1d};
 * see {@link BatchNorm} for the math, buffers and modes.
 *
 * <pre>{@code
 * BatchNorm1d bn = new BatchNorm1d(64);
 * Tensor y = bn.forward(x);                // (32, 64) -> (32, 64)
 * }</pre>
 */
public final class BatchNorm1d extends BatchNorm {
    /** Normalises {@code numFeatures} channels with eps 1e-5, momentum 0.1, affine parameters and running statistics. */
    public BatchNorm1d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, true, true);
    }

    /**
     * @param eps added to the variance
     * @param momentum the weight of each new batch in the running statistics
     * @param affine whether to learn γ and β
     * @param trackRunningStats whether to keep running statistics (if not, batch statistics are used in eval mode too)
     */
    public BatchNorm1d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    String layout() {
        return "(N, C) or (N, C, L)";
    }

    @Override
    boolean acceptsRank(int rank) {
        return rank == 2 || rank == 3;
    }
}
