package dev.myelin.tensor;

/**
 * A seedable source of random numbers for tensors: PyTorch's {@code torch.Generator}.
 *
 * <p>The algorithm is xoshiro256** seeded through SplitMix64. Tensors are filled sequentially in
 * row-major order, so the same seed gives the same numbers whatever the thread count. The state
 * can be saved and restored (training checkpoints do), and a process-wide default generator
 * serves calls that name none.
 *
 * <pre>{@code
 * Generator g = new Generator(42);
 * Tensor a = Tensor.randn(Shape.of(2, 3), DType.FLOAT32, g);
 * long[] saved = g.state();
 * ... later: g.setState(saved);   // the same numbers again
 * }</pre>
 */
public final class Generator {
    private static final Generator DEFAULT = new Generator(0);

    private long s0;
    private long s1;
    private long s2;
    private long s3;

    /** A generator seeded with {@code seed}. */
    public Generator(long seed) {
        manualSeed(seed);
    }

    /** The process-wide generator used when no generator is given. */
    public static Generator defaultGenerator() {
        return DEFAULT;
    }

    /** Re-seeds the default generator: {@code torch.manual_seed}. */
    public static void seedDefault(long seed) {
        DEFAULT.manualSeed(seed);
    }

    /** Resets this generator to the state that {@code seed} defines; returns this generator. */
    public synchronized Generator manualSeed(long seed) {
        long x = seed;
        s0 = splitMix(x += 0x9E3779B97F4A7C15L);
        s1 = splitMix(x += 0x9E3779B97F4A7C15L);
        s2 = splitMix(x += 0x9E3779B97F4A7C15L);
        s3 = splitMix(x + 0x9E3779B97F4A7C15L);
        return this;
    }

    private static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The four words of state, to save in a checkpoint. */
    public synchronized long[] state() {
        return new long[] {s0, s1, s2, s3};
    }

    /** Restores a state from {@link #state()}. */
    public synchronized void setState(long[] state) {
        if (state.length != 4 || (state[0] | state[1] | state[2] | state[3]) == 0) {
            throw new IllegalArgumentException("setState: expected 4 words, not all zero, got " + state.length);
        }
        s0 = state[0];
        s1 = state[1];
        s2 = state[2];
        s3 = state[3];
    }

    /** The next 64 random bits. */
    public synchronized long nextLong() {
        return next();
    }

    private long next() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    private double nextUnit() {
        return (next() >>> 11) * 0x1.0p-53;
    }

    /** A uniform double in [0, 1) with 53 random bits. */
    public synchronized double nextDouble() {
        return nextUnit();
    }

    /** Fills {@code out} with uniform doubles in [0, 1). */
    public synchronized void fillUniform(double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = nextUnit();
        }
    }

    /** Fills {@code out} with uniform longs in [0, bound), without modulo bias (Lemire's method). */
    public synchronized void fillBelow(long[] out, long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("fillBelow: bound must be positive, got " + bound);
        }
        long limit = Long.remainderUnsigned(-bound, bound);   // 2^64 mod bound
        for (int i = 0; i < out.length; i++) {
            long r;
            do {
                r = next();
            } while (Long.compareUnsigned(r * bound, limit) < 0);
            out[i] = Math.unsignedMultiplyHigh(r, bound);
        }
    }

    /** Fills {@code out} with standard normal numbers (Box-Muller on pairs of uniforms). */
    public synchronized void fillNormal(double[] out) {
        for (int i = 0; i < out.length; i += 2) {
            double u1 = 1 - nextUnit();              // in (0, 1], so the log is finite
            double u2 = nextUnit();
            double r = Math.sqrt(-2 * Math.log(u1));
            out[i] = r * Math.cos(2 * Math.PI * u2);
            if (i + 1 < out.length) {
                out[i + 1] = r * Math.sin(2 * Math.PI * u2);
            }
        }
    }
}
