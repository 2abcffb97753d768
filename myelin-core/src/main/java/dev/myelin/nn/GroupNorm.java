package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.tensor.Tensor;

/**
 * Group normalisation (Wu and He 2018): the C channels of x (N, C, *) are split into groups, and
 * each group of each sample is normalised over its channels and positions; then a per-channel
 * γ and β. PyTorch's {@code nn.GroupNorm}; γ ({@code weight}) starts at ones, β at zeros.
 *
 * <pre>{@code
 * GroupNorm gn = new GroupNorm(4, 32);
 * Tensor y = gn.forward(x);                // (8, 32, 16, 16) -> (8, 32, 16, 16)
 * }</pre>
 */
public final class GroupNorm extends Module {
    private final int numGroups;
    private final int numChannels;
    private final double eps;

    /** {@code numGroups} groups of {@code numChannels} channels, eps 1e-5, with γ and β. */
    public GroupNorm(int numGroups, int numChannels) {
        this(numGroups, numChannels, 1e-5, true);
    }

    /** {@code numGroups} groups of {@code numChannels} channels (divisible by the group count). */
    public GroupNorm(int numGroups, int numChannels, double eps, boolean affine) {
        Layers.positive("GroupNorm", "numGroups", numGroups);
        Layers.positive("GroupNorm", "numChannels", numChannels);
        if (numChannels % numGroups != 0) {
            throw new IllegalArgumentException("GroupNorm: numChannels (" + numChannels
                    + ") must be divisible by numGroups (" + numGroups + ")");
        }
        this.numGroups = numGroups;
        this.numChannels = numChannels;
        this.eps = eps;
        registerParameter("weight", affine ? Tensor.ones(numChannels) : null);
        registerParameter("bias", affine ? Tensor.zeros(numChannels) : null);
    }

    /** γ (C), or {@code null}. */
    public Tensor weight() {
        return parameter("weight");
    }

    /** β (C), or {@code null}. */
    public Tensor bias() {
        return parameter("bias");
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() < 2 || x.size(1) != numChannels) {
            throw new IllegalArgumentException(describe() + ": expected input of shape (N, " + numChannels
                    + ", *), got " + x.shape());
        }
        return hooked(F.groupNorm(x, numGroups, weight(), bias(), eps));
    }

    @Override
    protected String extraRepr() {
        return numGroups + ", " + numChannels + ", eps=" + eps + (weight() == null ? ", affine=false" : "");
    }
}
