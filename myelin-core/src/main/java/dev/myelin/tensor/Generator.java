package dev.myelin.tensor;

/**
 * A seedable source of random numbers for tensors: PyTorch's CPU {@code torch.Generator}, number
 * for number.
 *
 * <p>The engine is MT19937 seeded as PyTorch seeds it (only the low 32 bits of a seed count, as
 * in {@code torch.manual_seed}), and its 32-bit words become numbers the way PyTorch's CPU kernels
 * turn them: 24 random bits for a float32, 53 for a float64, a remainder for an integer. After
 * the same seed, {@code rand}, {@code randint}, {@code randperm}, {@code bernoulli}, dropout masks
 * and the layers' default initialisation give PyTorch's values bit for bit. {@code randn} draws
 * the same numbers and transforms them with the same formulas, but its log, sin and cos are
 * Java's, not glibc's or PyTorch's AVX2 approximations: most values come out exact, the others
 * within a few units in the last place.
 * Tensors are filled sequentially in row-major order, so the same seed gives the same numbers
 * whatever the thread count. The state can be saved and restored (training checkpoints do), and
 * a process-wide default generator serves calls that name none.
 *
 * <pre>{@code
 * Generator g = new Generator(42);
 * Tensor a = Tensor.randn(Shape.of(2, 3), DType.FLOAT32, g);   // torch.randn(2, 3, generator=g)
 * long[] saved = g.state();
 * ... later: g.setState(saved);   // the same numbers again
 * }</pre>
 */
public final class Generator {
    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER = 0x80000000;
    private static final int LOWER = 0x7fffffff;
    /** The length of {@link #state()}: the 624 words, the position in them, and the cached normal. */
    public static final int STATE_LENGTH = N + 3;

    private static final Generator DEFAULT = new Generator(0);

    private final int[] words = new int[N];
    private int position;
    /** The second number of the last Box-Muller pair drawn one at a time, kept for the next draw. */
    private boolean hasCachedNormal;
    private double cachedNormal;

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
        words[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            int previous = words[i - 1];
            words[i] = 1812433253 * (previous ^ (previous >>> 30)) + i;
        }
        position = N;
        hasCachedNormal = false;
        return this;
    }

    /** The state, to save in a checkpoint: {@link #STATE_LENGTH} integers. */
    public synchronized long[] state() {
        long[] state = new long[STATE_LENGTH];
        for (int i = 0; i < N; i++) {
            state[i] = Integer.toUnsignedLong(words[i]);
        }
        state[N] = position;
        state[N + 1] = hasCachedNormal ? 1 : 0;
        state[N + 2] = Double.doubleToRawLongBits(cachedNormal);
        return state;
    }

    /**
     * Restores a state from {@link #state()}.
     *
     * @throws IllegalArgumentException if it is not a state this class writes
     */
    public synchronized void setState(long[] state) {
        if (state.length != STATE_LENGTH) {
            throw new IllegalArgumentException("setState: expected " + STATE_LENGTH + " integers, got " + state.length);
        }
        boolean anyBit = false;
        for (int i = 0; i < N; i++) {
            if (state[i] >>> 32 != 0) {
                throw new IllegalArgumentException("setState: word " + i + " is " + state[i] + ", not a 32-bit unsigned integer");
            }
            anyBit |= state[i] != 0;
        }
        if (!anyBit || state[N] < 0 || state[N] > N || (state[N + 1] != 0 && state[N + 1] != 1)) {
            throw new IllegalArgumentException("setState: expected 624 words not all zero, a position in [0, 624] and a"
                    + " flag 0 or 1, got position " + state[N] + " and flag " + state[N + 1]);
        }
        for (int i = 0; i < N; i++) {
            words[i] = (int) state[i];
        }
        position = (int) state[N];
        hasCachedNormal = state[N + 1] == 1;
        cachedNormal = Double.longBitsToDouble(state[N + 2]);
    }

    /** The next 64 random bits: two 32-bit words, the first one high (PyTorch's {@code random64}). */
    public synchronized long nextLong() {
        return next64();
    }

    /** A uniform double in [0, 1) with 53 random bits. */
    public synchronized double nextDouble() {
        return unitDouble(next64());
    }

    /**
     * A uniform permutation of 0..n-1, as {@code torch.randperm(n)} draws it: for each position
     * i from the front, a swap with position i + (word mod (n - i)).
     */
    public synchronized int[] permutation(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("randperm: expected n >= 0, got " + n);
        }
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = 0; i < n - 1; i++) {
            int j = i + (int) (Integer.toUnsignedLong(next32()) % (n - i));
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Fills {@code out} with float32 numbers uniform in [from, to): 24 random bits, scaled with one fused multiply-add. */
    synchronized void fillUniform(float[] out, float from, float to) {
        float span = to - from;
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.fma(unitFloat(next32()), span, from);
        }
    }

    /** Fills {@code out} with float64 numbers uniform in [from, to): 53 random bits, scaled with one fused multiply-add. */
    synchronized void fillUniform(double[] out, double from, double to) {
        double span = to - from;
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.fma(unitDouble(next64()), span, from);
        }
    }

    /**
     * Fills {@code out} with integers in [0, range): a 32-bit word (a 64-bit one for ranges of
     * 2^32 or more) modulo the range, as PyTorch does.
     */
    synchronized void fillBelow(long[] out, long range) {
        if (range <= 0) {
            throw new IllegalArgumentException("randint: range must be positive, got " + range);
        }
        boolean wide = range >= 1L << 32;
        for (int i = 0; i < out.length; i++) {
            out[i] = wide ? Long.remainderUnsigned(next64(), range) : Integer.toUnsignedLong(next32()) % range;
        }
    }

    /**
     * Fills {@code out} with normal numbers of the given mean and standard deviation, in
     * PyTorch's blocks: all uniforms first, then Box-Muller on each block of 16 (the first 8
     * give the radii, the last 8 the angles); when the length is not a multiple of 16, the last
     * 16 are drawn again and transformed anew. Needs at least 16 numbers. For a float32 tensor
     * ({@code float32}) the uniforms have 24 random bits and the transform is in float arithmetic,
     * as in PyTorch.
     */
    synchronized void fillNormal(double[] out, double mean, double std, boolean float32) {
        for (int i = 0; i < out.length; i++) {
            out[i] = unit(float32);
        }
        for (int from = 0; from + 16 <= out.length; from += 16) {
            boxMuller16(out, from, mean, std, float32);
        }
        if (out.length % 16 != 0) {
            int from = out.length - 16;
            for (int i = from; i < out.length; i++) {
                out[i] = unit(float32);
            }
            boxMuller16(out, from, mean, std, float32);
        }
    }

    /**
     * One normal number drawn on its own (PyTorch's {@code normal_distribution<double>}, used
     * for tensors of fewer than 16 elements): Box-Muller on two uniforms gives a pair, the second
     * is cached and returned by the next call.
     */
    synchronized double nextNormal(double mean, double std) {
        double z;
        if (hasCachedNormal) {
            hasCachedNormal = false;
            z = cachedNormal;
        } else {
            double u1 = unitDouble(next64());
            double u2 = unitDouble(next64());
            double radius = Math.sqrt(-2 * Math.log(1 - u2));
            double theta = 2 * Math.PI * u1;
            cachedNormal = radius * Math.sin(theta);
            hasCachedNormal = true;
            z = radius * Math.cos(theta);
        }
        return Math.fma(z, std, mean);
    }

    /** Box-Muller on a[from..from+16), in float arithmetic for a float32 tensor, as PyTorch's kernels. */
    private static void boxMuller16(double[] a, int from, double mean, double std, boolean float32) {
        for (int j = from; j < from + 8; j++) {
            if (float32) {
                float radius = (float) Math.sqrt(-2 * (float) Math.log(1 - (float) a[j]));
                float theta = (float) (2 * Math.PI) * (float) a[j + 8];
                a[j] = Math.fma(radius * (float) Math.cos(theta), (float) std, (float) mean);
                a[j + 8] = Math.fma(radius * (float) Math.sin(theta), (float) std, (float) mean);
            } else {
                double radius = Math.sqrt(-2 * Math.log(1 - a[j]));
                double theta = 2 * Math.PI * a[j + 8];
                a[j] = Math.fma(radius * Math.cos(theta), std, mean);
                a[j + 8] = Math.fma(radius * Math.sin(theta), std, mean);
            }
        }
    }

    /** A uniform number in [0, 1) with 24 random bits ({@code float32}) or 53. */
    private double unit(boolean float32) {
        return float32 ? unitFloat(next32()) : unitDouble(next64());
    }

    private static float unitFloat(int word) {
        return (word & 0xFFFFFF) * 0x1.0p-24f;
    }

    private static double unitDouble(long bits) {
        return (bits & ((1L << 53) - 1)) * 0x1.0p-53;
    }

    private long next64() {
        long high = Integer.toUnsignedLong(next32());
        return high << 32 | Integer.toUnsignedLong(next32());
    }

    private int next32() {
        if (position >= N) {
            twist();
        }
        int y = words[position++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        return y ^ (y >>> 18);
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (words[i] & UPPER) | (words[(i + 1) % N] & LOWER);
            words[i] = words[(i + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
        }
        position = 0;
    }
}
