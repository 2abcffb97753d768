package dev.myelin.nn;

import dev.myelin.nn.init.Init;
import dev.myelin.tensor.Tensor;

/** PyTorch's default initialisations and the argument checks that several layers share. */
final class Layers {
    private Layers() {}

    /**
     * A weight initialised as PyTorch's Linear and Conv layers do: Kaiming uniform with a = √5,
     * which is U(-1/√fan_in, 1/√fan_in).
     */
    static Tensor kaimingWeight(int... shape) {
        return Init.kaimingUniform(Tensor.zeros(shape), Math.sqrt(5), Init.Fan.FAN_IN, Init.Nonlinearity.LEAKY_RELU);
    }

    /** A vector U(-1/√fanIn, 1/√fanIn): PyTorch's default bias. */
    static Tensor fanInUniform(int size, int fanIn) {
        double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
        return Init.uniform(Tensor.zeros(size), -bound, bound);
    }

    /** Throws unless {@code value} is positive. */
    static void positive(String layer, String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(layer + ": " + name + " must be positive, got " + value);
        }
    }

    /** Throws unless p is a probability. */
    static void probability(String layer, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(layer + ": p must lie in [0, 1], got " + p);
        }
    }
}
