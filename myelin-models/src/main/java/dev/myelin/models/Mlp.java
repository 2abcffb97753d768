package dev.myelin.models;

import dev.myelin.nn.Linear;
import dev.myelin.nn.Module;
import dev.myelin.tensor.Tensor;
import java.util.Arrays;

/**
 * A multi-layer perceptron: the input flattened, then fully connected layers with ReLU between
 * them and none after the last. W2's network is {@code new Mlp(784, 512, 256, 10)}.
 *
 * <p>Shapes: x (B, ...) with {@code sizes[0]} elements per example gives logits (B, sizes[last]).
 * The layers are named {@code fc1}, {@code fc2}, ..., so the state-dict keys are
 * {@code fc1.weight}, {@code fc1.bias}, ...
 *
 * <pre>{@code
 * Mlp mlp = new Mlp(784, 512, 256, 10);
 * Tensor logits = mlp.forward(images);       // (B, 1, 28, 28) -> (B, 10)
 * mlp.parameterCount();                      // 535818
 * }</pre>
 */
public final class Mlp extends Module {
    private final int[] sizes;
    private final Linear[] layers;

    /**
     * An MLP through the given layer sizes, input first, classes last.
     *
     * @throws IllegalArgumentException if fewer than two sizes are given or one is not positive
     */
    public Mlp(int... sizes) {
        if (sizes.length < 2 || Arrays.stream(sizes).anyMatch(s -> s < 1)) {
            throw new IllegalArgumentException("Mlp: expects at least two positive layer sizes (input, ..., output), got "
                    + Arrays.toString(sizes));
        }
        this.sizes = sizes.clone();
        this.layers = new Linear[sizes.length - 1];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = register("fc" + (i + 1), new Linear(sizes[i], sizes[i + 1]));
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = x.flatten(1);
        for (int i = 0; i < layers.length; i++) {
            h = layers[i].forward(h);
            if (i < layers.length - 1) {
                h = h.relu();
            }
        }
        return hooked(h);
    }

    @Override
    protected String extraRepr() {
        return "sizes=" + Arrays.toString(sizes);
    }
}
