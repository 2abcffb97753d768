package dev.myelin.data;

import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Inputs and targets that travel together: a batch from a {@link DataLoader}, or one sample of a
 * {@link TensorDataset}.
 *
 * <p>In a batch the first dimension of both tensors is the batch: images are {@code x} (B, C, H, W)
 * float32 and class labels {@code y} (B) int64, each one contiguous tensor. A single sample has the
 * same shapes without the batch dimension.
 *
 * <pre>{@code
 * for (Batch b : loader) {
 *     Tensor loss = F.crossEntropy(model.forward(b.x()), b.y());
 *     ...
 * }
 * }</pre>
 *
 * @param x the inputs
 * @param y the targets
 */
public record Batch(Tensor x, Tensor y) {
    /** Checks that neither tensor is null. */
    public Batch {
        Objects.requireNonNull(x, "Batch: x is null");
        Objects.requireNonNull(y, "Batch: y is null");
    }

    /**
     * Stacks samples into a batch along a new first dimension: the collate function for
     * datasets whose samples are {@code Batch} records ({@code .collate(Batch::stack)}).
     *
     * @throws IllegalArgumentException if the list is empty or the samples' shapes differ
     */
    public static Batch stack(List<Batch> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("Batch.stack: expected at least one sample");
        }
        List<Tensor> xs = new ArrayList<>(samples.size());
        List<Tensor> ys = new ArrayList<>(samples.size());
        for (Batch s : samples) {
            xs.add(s.x);
            ys.add(s.y);
        }
        return new Batch(Tensor.stack(xs, 0), Tensor.stack(ys, 0));
    }
}
