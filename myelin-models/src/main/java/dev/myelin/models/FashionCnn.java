package dev.myelin.models;

import dev.myelin.nn.Conv2d;
import dev.myelin.nn.Linear;
import dev.myelin.nn.MaxPool2d;
import dev.myelin.nn.Module;
import dev.myelin.nn.functional.ConvOptions;
import dev.myelin.tensor.Tensor;
import java.util.List;

/**
 * The small convolutional network of benchmark W3 and of the quickstart: two 3×3 convolutions
 * with ReLU and 2×2 max pooling, then two fully connected layers.
 *
 * <pre>
 * conv1  1 -> 32, 3x3, pad 1, ReLU, maxpool 2     (B, 32, 14, 14)
 * conv2 32 -> 64, 3x3, pad 1, ReLU, maxpool 2     (B, 64, 7, 7)
 * flatten                                         (B, 3136)
 * fc1   3136 -> 128, ReLU                         (B, 128)   the features
 * fc2    128 -> classes                           (B, classes)
 * </pre>
 *
 * <p>The state-dict keys are {@code conv1.weight}, {@code conv1.bias}, ..., {@code fc2.bias}. For
 * transfer learning, {@link #backbone()} names the convolutional feature extractor (the layers to
 * copy and freeze); {@code fc1} and {@code fc2} are the classifier head.
 *
 * <pre>{@code
 * FashionCnn cnn = new FashionCnn(10);
 * Tensor logits = cnn.forward(images);     // (B, 1, 28, 28) -> (B, 10)
 * cnn.parameterCount();                    // 421642
 * }</pre>
 */
public final class FashionCnn extends Module {
    /** The names of the convolutional feature extractor's layers. */
    private static final List<String> BACKBONE = List.of("conv1", "conv2");

    private final Conv2d conv1 = register("conv1", new Conv2d(1, 32, 3, ConvOptions.defaults().padding(1)));
    private final MaxPool2d pool1 = register("pool1", new MaxPool2d(2));
    private final Conv2d conv2 = register("conv2", new Conv2d(32, 64, 3, ConvOptions.defaults().padding(1)));
    private final MaxPool2d pool2 = register("pool2", new MaxPool2d(2));
    private final Linear fc1 = register("fc1", new Linear(64 * 7 * 7, 128));
    private final Linear fc2;
    private final int classes;

    /** The network for 28 × 28 grey images and {@code classes} classes. */
    public FashionCnn(int classes) {
        this.classes = classes;
        this.fc2 = register("fc2", new Linear(128, classes));
    }

    /** The network for the 10 classes of Fashion-MNIST. */
    public FashionCnn() {
        this(10);
    }

    /** The 128 features before the head: (B, 1, 28, 28) -> (B, 128). */
    public Tensor features(Tensor x) {
        Inputs.requireImages("FashionCnn", x);
        Tensor h = pool1.forward(conv1.forward(x).relu());
        h = pool2.forward(conv2.forward(h).relu());
        return fc1.forward(h.flatten(1)).relu();
    }

    @Override
    public Tensor forward(Tensor x) {
        return hooked(fc2.forward(features(x)));
    }

    /** The submodule names of the convolutional feature extractor ({@code conv1}, {@code conv2}). */
    public static List<String> backbone() {
        return BACKBONE;
    }

    /** The number of classes. */
    public int classes() {
        return classes;
    }

    @Override
    protected String extraRepr() {
        return "classes=" + classes;
    }
}
