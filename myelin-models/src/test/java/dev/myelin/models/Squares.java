package dev.myelin.models;

import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Tensor;

/** Synthetic 28 × 28 grey images for the models' tests: a bright square of random size and place on black. */
final class Squares {
    private Squares() {}

    /** {@code n} images (n, 1, 28, 28) with values 0 and 1, drawn from a generator seeded with {@code seed}. */
    static Tensor images(int n, long seed) {
        Generator g = new Generator(seed);
        float[] px = new float[n * 28 * 28];
        for (int k = 0; k < n; k++) {
            int side = 6 + (int) (g.nextDouble() * 12);
            int top = (int) (g.nextDouble() * (28 - side));
            int left = (int) (g.nextDouble() * (28 - side));
            for (int r = top; r < top + side; r++) {
                for (int c = left; c < left + side; c++) {
                    px[(k * 28 + r) * 28 + c] = 1;
                }
            }
        }
        return Tensor.fromArray(px, n, 1, 28, 28);
    }
}
