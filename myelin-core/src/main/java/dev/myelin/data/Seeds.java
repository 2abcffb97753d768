package dev.myelin.data;

import dev.myelin.tensor.Generator;

/**
 * Independent random streams derived from one seed: the loader's permutation of epoch e and the
 * augmentation of batch b of epoch e each get their own generator, a pure function of
 * (seed, e[, b]), so that results do not depend on thread count or on where a run resumed.
 */
final class Seeds {
    private static final long SAMPLER = 1;
    private static final long TRANSFORM = 2;

    private Seeds() {}

    /** The generator a sampler uses in epoch {@code epoch}. */
    static Generator sampler(long seed, int epoch) {
        return new Generator(mix(mix(mix(seed, SAMPLER), epoch), 0));
    }

    /** The generator the transforms of batch {@code batch} of epoch {@code epoch} use. */
    static Generator transform(long seed, int epoch, int batch) {
        return new Generator(mix(mix(mix(seed, TRANSFORM), epoch), batch));
    }

    /** SplitMix64's finaliser over (h, v): a well-mixed 64-bit hash. */
    private static long mix(long h, long v) {
        long z = h * 0x9E3779B97F4A7C15L + v + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
