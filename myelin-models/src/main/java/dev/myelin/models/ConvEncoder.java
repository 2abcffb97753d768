package dev.myelin.models;

import dev.myelin.nn.Conv2d;
import dev.myelin.nn.Linear;
import dev.myelin.nn.Module;
import dev.myelin.nn.functional.ConvOptions;
import dev.myelin.tensor.Tensor;

/**
 * The encoder of {@link ConvAutoencoder} and {@link Vae}: two strided 3×3 convolutions with ReLU
 * halve 28 × 28 grey images twice, then a linear layer maps them to {@code outFeatures} numbers.
 *
 * <pre>
 * conv1  1 -> 32, 3x3, stride 2, pad 1, ReLU     (B, 32, 14, 14)
 * conv2 32 -> 64, 3x3, stride 2, pad 1, ReLU     (B, 64, 7, 7)
 * flatten, fc 3136 -> outFeatures                (B, outFeatures)
 * </pre>
 *
 * <pre>{@code
 * Tensor z = new ConvEncoder(16).forward(images);   // (B, 1, 28, 28) -> (B, 16)
 * }</pre>
 */
public final class ConvEncoder extends Module {
    private static final ConvOptions HALVE = ConvOptions.defaults().stride(2).padding(1);

    private final Conv2d conv1 = register("conv1", new Conv2d(1, 32, 3, HALVE));
    private final Conv2d conv2 = register("conv2", new Conv2d(32, 64, 3, HALVE));
    private final Linear fc;

    /** An encoder to {@code outFeatures} numbers per image. */
    public ConvEncoder(int outFeatures) {
        this.fc = register("fc", new Linear(64 * 7 * 7, Inputs.positive("ConvEncoder", "outFeatures", outFeatures)));
    }

    @Override
    public Tensor forward(Tensor x) {
        Inputs.requireImages("ConvEncoder", x);
        Tensor h = conv2.forward(conv1.forward(x).relu()).relu();
        return hooked(fc.forward(h.flatten(1)));
    }
}
