package dev.myelin.data.transforms;

import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Tensor;

/**
 * A change applied to a whole batch: torchvision's transforms, batched. Returns a new tensor and
 * never modifies {@code x}; takes every random choice from {@code generator}, so that the same
 * generator state gives the same result.
 *
 * <pre>{@code
 * Transform augment = Compose.of(new RandomCrop(28, 2), new RandomHorizontalFlip(0.5));
 * Tensor y = augment.apply(x, new Generator(0));        // x and y (B, 1, 28, 28)
 * Transform scale = (x, g) -> x.mul(2);                 // a transform can be a lambda
 * }</pre>
 */
@FunctionalInterface
public interface Transform {
    /**
     * The transformed batch.
     *
     * @param x the batch, usually (B, C, H, W) float32
     * @param generator the source of every random choice
     */
    Tensor apply(Tensor x, Generator generator);
}
