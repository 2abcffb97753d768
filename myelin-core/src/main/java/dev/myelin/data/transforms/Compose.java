package dev.myelin.data.transforms;

import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Tensor;
import java.util.List;

/**
 * Transforms applied one after the other, sharing one generator in order: torchvision's
 * {@code Compose}.
 *
 * <pre>{@code
 * Transform t = Compose.of(new RandomCrop(32, 4), new RandomHorizontalFlip(0.5), Normalize.fit(train.x()));
 * }</pre>
 *
 * @param transforms the transforms, first applied first
 */
public record Compose(List<Transform> transforms) implements Transform {
    /** Copies the list (which must not contain null). */
    public Compose {
        transforms = List.copyOf(transforms);
    }

    /** The transforms applied in the order given. */
    public static Compose of(Transform... transforms) {
        return new Compose(List.of(transforms));
    }

    @Override
    public Tensor apply(Tensor x, Generator generator) {
        Tensor out = x;
        for (Transform t : transforms) {
            out = t.apply(out, generator);
        }
        return out;
    }
}
