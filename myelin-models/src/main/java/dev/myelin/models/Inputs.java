package dev.myelin.models;

import dev.myelin.tensor.Tensor;

/** Argument checks the zoo's models share. */
final class Inputs {
    private Inputs() {}

    /**
     * Checks that {@code x} is a batch of 28 × 28 grey images (B, 1, 28, 28).
     *
     * @param who the model, for the message
     * @throws IllegalArgumentException naming the shape otherwise
     */
    static Tensor requireImages(String who, Tensor x) {
        if (x.dim() != 4 || x.size(1) != 1 || x.size(2) != 28 || x.size(3) != 28) {
            throw new IllegalArgumentException(who + ": expected images (B, 1, 28, 28), got shape " + x.shape());
        }
        return x;
    }

    /**
     * Checks that {@code z} is a batch of latent vectors (B, dim).
     *
     * @throws IllegalArgumentException naming the shape otherwise
     */
    static Tensor requireLatents(String who, Tensor z, int dim) {
        if (z.dim() != 2 || z.size(1) != dim) {
            throw new IllegalArgumentException(who + ": expected latent vectors (B, " + dim + "), got shape " + z.shape());
        }
        return z;
    }

    /** Checks that a size is at least 1. */
    static int positive(String who, String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(who + ": " + what + " must be at least 1, got " + value);
        }
        return value;
    }
}
