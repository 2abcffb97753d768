package dev.myelin.nn;

import dev.myelin.autograd.Grad;
import dev.myelin.nn.functional.F;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * Batch normalisation (Ioffe and Szegedy 2015), the part that {@link BatchNorm1d} and
 * {@link BatchNorm2d} share: y = (x - mean) / √(var + eps)·γ + β per channel (dimension 1).
 *
 * <p>In training mode the batch's statistics normalise and the running statistics move towards
 * them by {@code momentum}; in evaluation mode the running statistics normalise. The buffers are
 * PyTorch's: {@code running_mean} (zeros), {@code running_var} (ones) and
 * {@code num_batches_tracked}; γ ({@code weight}) starts at ones and β ({@code bias}) at zeros.
 */
public abstract sealed class BatchNorm extends Module permits BatchNorm1d, BatchNorm2d {
    private final int numFeatures;
    private final double eps;
    private final double momentum;
    private final boolean trackRunningStats;

    BatchNorm(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        String name = getClass().getSimpleName();
        Layers.positive(name, "numFeatures", numFeatures);
        if (!(eps > 0)) {
            throw new IllegalArgumentException(name + ": eps must be positive, got " + eps);
        }
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(name + ": momentum must lie in [0, 1], got " + momentum);
        }
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.trackRunningStats = trackRunningStats;
        registerParameter("weight", affine ? Tensor.ones(numFeatures) : null);
        registerParameter("bias", affine ? Tensor.zeros(numFeatures) : null);
        if (trackRunningStats) {
            registerBuffer("running_mean", Tensor.zeros(numFeatures));
            registerBuffer("running_var", Tensor.ones(numFeatures));
            registerBuffer("num_batches_tracked", Tensor.zeros(Shape.scalar(), DType.INT64));
        }
    }

    /** γ (C), or {@code null} without affine parameters. */
    public Tensor weight() {
        return parameter("weight");
    }

    /** β (C), or {@code null} without affine parameters. */
    public Tensor bias() {
        return parameter("bias");
    }

    /** The running mean (C), or {@code null} when running statistics are not tracked. */
    public Tensor runningMean() {
        return trackRunningStats ? buffer("running_mean") : null;
    }

    /** The running variance (C), or {@code null} when running statistics are not tracked. */
    public Tensor runningVar() {
        return trackRunningStats ? buffer("running_var") : null;
    }

    /** The input layout in error messages, e.g. {@code (N, C, H, W)}. */
    abstract String layout();

    /** Whether x has an accepted rank. */
    abstract boolean acceptsRank(int rank);

    @Override
    public Tensor forward(Tensor x) {
        if (!acceptsRank(x.dim()) || x.size(1) != numFeatures) {
            throw new IllegalArgumentException(describe() + ": expected input of shape " + layout() + " with "
                    + numFeatures + " channels, got " + x.shape());
        }
        Tensor runningMean = runningMean();
        if (isTraining() && runningMean != null) {
            try (var off = Grad.off()) {
                buffer("num_batches_tracked").addInPlace(Tensor.scalar(1, DType.INT64));
            }
        }
        return hooked(F.batchNorm(x, runningMean, runningVar(), weight(), bias(), isTraining(), momentum, eps));
    }

    @Override
    protected String extraRepr() {
        return numFeatures + ", eps=" + eps + ", momentum=" + momentum
                + (weight() == null ? ", affine=false" : "") + (trackRunningStats ? "" : ", trackRunningStats=false");
    }
}
