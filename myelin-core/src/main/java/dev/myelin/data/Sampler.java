package dev.myelin.data;

import dev.myelin.tensor.Generator;

/**
 * Chooses which dataset indices an epoch visits, and in which order. PyTorch's
 * {@code torch.utils.data.Sampler}.
 *
 * <p>The {@link DataLoader} calls {@link #indices} once per epoch with a generator derived from
 * its seed and the epoch number, so an epoch's order depends on nothing else: a resumed run
 * reproduces it. A sampler must take all its randomness from that generator.
 *
 * <pre>{@code
 * Sampler.sequential()                               // 0, 1, ..., n - 1
 * Sampler.random()                                   // a fresh permutation each epoch
 * Sampler.weighted(classWeightsPerSample, n, true)   // oversample rare classes
 * }</pre>
 */
@FunctionalInterface
public interface Sampler {
    /**
     * The indices one epoch visits, in order.
     *
     * @param size the dataset's number of samples
     * @param generator this epoch's randomness
     */
    int[] indices(int size, Generator generator);

    /** Every index once, in order. */
    static Sampler sequential() {
        return (size, generator) -> Samplers.identity(size);
    }

    /** Every index once, in a random order (a uniform permutation per epoch, the one {@code torch.randperm} draws). */
    static Sampler random() {
        return (size, generator) -> generator.permutation(size);
    }

    /**
     * {@code numSamples} indices drawn with probability proportional to {@code weights} (one
     * non-negative weight per sample). PyTorch's {@code WeightedRandomSampler}.
     *
     * @param replacement whether an index may be drawn more than once; without replacement,
     *     {@code numSamples} may not exceed the number of positive weights
     * @throws IllegalArgumentException if a weight is negative or not finite, all are zero, or
     *     {@code numSamples} is impossible
     */
    static Sampler weighted(double[] weights, int numSamples, boolean replacement) {
        return Samplers.weighted(weights, numSamples, replacement);
    }
}
