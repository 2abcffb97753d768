package dev.myelin.data;

import dev.myelin.tensor.Generator;
import java.util.Arrays;

/**
 * A dataset divided at random into a training part and a validation part, reproducibly from a
 * seed: PyTorch's {@code random_split} for the common two-way case.
 *
 * <p>The validation part has round(fraction × N) samples drawn by a permutation of the dataset
 * from {@code new Generator(seed)}; the training part has the rest. Both keep the dataset's order
 * (only membership is random) and share its storage: nothing is copied.
 *
 * <pre>{@code
 * Split<TensorDataset> s = Split.random(data.train(), 0.1, 42);
 * DataLoader.builder(s.train()).shuffle(true).build();
 * DataLoader.builder(s.validation()).build();
 * }</pre>
 *
 * @param train the training part
 * @param validation the validation part
 * @param <D> the dataset type
 */
public record Split<D>(D train, D validation) {
    /** A seeded split of a tensor dataset into two tensor datasets. */
    public static Split<TensorDataset> random(TensorDataset dataset, double validationFraction, long seed) {
        int[][] parts = indices(dataset.size(), validationFraction, seed);
        return new Split<>(dataset.subset(parts[0]), dataset.subset(parts[1]));
    }

    /** A seeded split of any map-style dataset. */
    public static <S> Split<Dataset<S>> random(Dataset<S> dataset, double validationFraction, long seed) {
        int[][] parts = indices(dataset.size(), validationFraction, seed);
        return new Split<>(dataset.subset(parts[0]), dataset.subset(parts[1]));
    }

    /** {training indices, validation indices}, each sorted. */
    static int[][] indices(int size, double validationFraction, long seed) {
        if (!(validationFraction >= 0 && validationFraction <= 1)) {
            throw new IllegalArgumentException("Split: the validation fraction must be in [0, 1], got " + validationFraction);
        }
        int[] order = new Generator(seed).permutation(size);
        int validation = (int) Math.round(validationFraction * size);
        int[] val = Arrays.copyOfRange(order, 0, validation);
        int[] train = Arrays.copyOfRange(order, validation, size);
        Arrays.sort(val);
        Arrays.sort(train);
        return new int[][] {train, val};
    }
}
