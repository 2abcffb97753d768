package dev.myelin.nn;

/**
 * Batch normalisation of images x (N, C, H, W) per channel C. PyTorch's {@code nn.BatchNorm2d};
 * see {@link BatchNorm} for the math, buffers and modes.
 *
 * <pre>{@code
 * BatchNorm2d bn = new BatchNorm2d(16);
 * Tensor y = bn.forward(x);                // (8, 16, 28, 28) -> (8, 16, 28, 28)
 * }</pre>
 */
public final class BatchNorm2d extends BatchNorm {
    /** Normalises {@code numFeatures} channels with eps 1e-5, momentum 0.1, affine parameters and running statistics. */
    public BatchNorm2d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, true, true);
    }

    /**
     * @param eps added to the variance
     * @param momentum the weight of each new batch in the running statistics
     * @param affine whether to learn γ and β
     * @param trackRunningStats whether to keep running statistics (if not, batch statistics are used in eval mode too)
     */
    public BatchNorm2d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    String layout() {
        return "(N, C, H, W)";
    }

    @Override
    boolean acceptsRank(int rank) {
        return rank == 4;
    }
}
