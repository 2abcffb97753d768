package dev.myelin.nn;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.nn.functional.ConvOptions;
import dev.myelin.nn.functional.CrossEntropyOptions;
import dev.myelin.nn.functional.F;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Wrong shapes into layers and losses, bad state dicts and bad layer settings: each must throw
 * with a message that names the layer or function, the shapes involved and what was expected.
 * One row per mistake.
 */
class NnBadInputTest {
    static Stream<Arguments> mistakes() {
        return Stream.of(
                row("wrong feature count into Linear", () -> new Linear(784, 10).forward(Tensor.zeros(32, 100)),
                        IllegalArgumentException.class, "Linear(in=784, out=10): expected input with 784 features"
                                + " (last dimension), got shape (32, 100)"),
                row("wrong feature counts into Bilinear", () -> new Bilinear(4, 3, 2).forward(Tensor.zeros(2, 4),
                        Tensor.zeros(2, 4)), IllegalArgumentException.class, "Bilinear(in1=4, in2=3, out=2)", "(2, 4)"),
                row("wrong channel count into Conv2d", () -> new Conv2d(3, 16, 3).forward(Tensor.zeros(8, 1, 28, 28)),
                        IllegalArgumentException.class, "Conv2d(in=3, out=16, kernel=(3, 3)): expected input of shape"
                                + " (N, 3, H, W) or (3, H, W), got (8, 1, 28, 28)"),
                row("a 2-D input into Conv1d", () -> new Conv1d(4, 8, 3).forward(Tensor.zeros(2, 4)),
                        IllegalArgumentException.class, "Conv1d(in=4, out=8, kernel=(3,))", "(N, 4, L) or (4, L)",
                        "(2, 4)"),
                row("an image too small for the kernel", () -> new Conv2d(1, 1, 5).forward(Tensor.zeros(1, 1, 3, 3)),
                        IllegalArgumentException.class, "conv2d", "(1, 1, 3, 3)", "too small"),
                row("channels not divisible into conv groups", () -> new Conv2d(3, 4, 3, ConvOptions.defaults().groups(2)),
                        IllegalArgumentException.class, "Conv2d", "divisible by groups (2)"),
                row("'same' padding with a stride", () -> ConvOptions.defaults().stride(2).paddingSame(),
                        IllegalArgumentException.class, "'same' padding needs stride 1"),
                row("a negative padding", () -> ConvOptions.defaults().padding(-1), IllegalArgumentException.class,
                        "padding must be at least 0"),
                row("three strides for a 2-D convolution", () -> new Conv2d(1, 1, 1, ConvOptions.defaults().stride(1, 2, 3))
                        .forward(Tensor.zeros(1, 1, 4, 4)), IllegalArgumentException.class, "conv2d: stride needs 1 or 2"),
                row("a 2-D input into MaxPool2d", () -> new MaxPool2d(2).forward(Tensor.zeros(4, 4)),
                        IllegalArgumentException.class, "MaxPool2d(kernel=(2, 2)", "(N, C, H, W) or (C, H, W)", "(4, 4)"),
                row("a 3-D input into Upsample", () -> new Upsample(2, dev.myelin.nn.functional.Interpolation.NEAREST)
                        .forward(Tensor.zeros(2, 3, 3)), IllegalArgumentException.class, "Upsample", "(N, C, H, W)",
                        "(2, 3, 3)"),
                row("wrong channel count into BatchNorm2d", () -> new BatchNorm2d(3).forward(Tensor.zeros(2, 4, 5, 5)),
                        IllegalArgumentException.class, "BatchNorm2d(3", "(N, C, H, W) with 3 channels", "(2, 4, 5, 5)"),
                row("a 3-D input into BatchNorm2d", () -> new BatchNorm2d(3).forward(Tensor.zeros(3, 5, 5)),
                        IllegalArgumentException.class, "BatchNorm2d", "(3, 5, 5)"),
                row("one value per channel into BatchNorm in training", () -> new BatchNorm1d(3).forward(Tensor.zeros(1, 3)),
                        IllegalArgumentException.class, "more than 1 value per channel", "(1, 3)"),
                row("wrong trailing shape into LayerNorm", () -> new LayerNorm(8).forward(Tensor.zeros(2, 5)),
                        IllegalArgumentException.class, "layerNorm", "(8)", "(2, 5)"),
                row("channels not divisible into groups", () -> new GroupNorm(3, 4), IllegalArgumentException.class,
                        "GroupNorm", "numChannels (4)", "numGroups (3)"),
                row("float indices into Embedding", () -> new Embedding(5, 2).forward(Tensor.zeros(3)),
                        IllegalArgumentException.class, "Embedding(5, 2): expected integer indices", "float32"),
                row("an index past the table", () -> new Embedding(5, 2).forward(Tensor.of(1L, 5L)),
                        IndexOutOfBoundsException.class, "index 5", "size 5"),
                row("a probability above 1 for Dropout", () -> new Dropout(1.5), IllegalArgumentException.class,
                        "Dropout: p must lie in [0, 1], got 1.5"),
                row("a zero-sized Linear", () -> new Linear(0, 3), IllegalArgumentException.class,
                        "Linear: in must be positive, got 0"),
                row("mismatched shapes into mseLoss", () -> F.mseLoss(Tensor.zeros(32, 1), Tensor.zeros(32)),
                        IllegalArgumentException.class, "mseLoss", "(32, 1)", "(32)", "same shape"),
                row("float targets of the wrong shape into crossEntropy",
                        () -> F.crossEntropy(Tensor.zeros(4, 3), Tensor.zeros(4)), IllegalArgumentException.class,
                        "crossEntropy", "(4, 3)", "(4)", "integer tensor"),
                row("class targets of the wrong shape", () -> F.crossEntropy(Tensor.zeros(4, 3), Tensor.of(0L, 1L)),
                        IllegalArgumentException.class, "crossEntropy", "(4, 3)", "class targets of shape (4)", "(2)"),
                row("a target class out of range", () -> F.crossEntropy(Tensor.zeros(2, 3), Tensor.of(0L, 3L)),
                        IndexOutOfBoundsException.class, "crossEntropy: target class 3 is out of range for 3 classes"),
                row("class weights of the wrong size",
                        () -> F.crossEntropy(Tensor.zeros(2, 3), Tensor.of(0L, 1L),
                                CrossEntropyOptions.defaults().weight(Tensor.ones(4))),
                        IllegalArgumentException.class, "crossEntropy", "weight for each of the 3 classes", "(4)"),
                row("label smoothing above 1", () -> CrossEntropyOptions.defaults().labelSmoothing(1.5),
                        IllegalArgumentException.class, "labelSmoothing must lie in [0, 1], got 1.5"),
                row("logits into binaryCrossEntropy", () -> F.binaryCrossEntropy(Tensor.of(-1f, 2f), Tensor.of(0f, 1f)),
                        IllegalArgumentException.class, "binaryCrossEntropy", "[0, 1]", "WithLogits"),
                row("p = 3 for multiMarginLoss", () -> new MultiMarginLoss(3, 1, null,
                        dev.myelin.nn.functional.Reduction.MEAN), IllegalArgumentException.class, "p must be 1 or 2"),
                row("a state dict with a missing key", () -> new Linear(3, 2).loadStateDict(Map.of("weight",
                        Tensor.zeros(2, 3))), IllegalArgumentException.class, "Linear", "missing key(s): bias"),
                row("a state dict with a wrong shape", () -> new Linear(3, 2).loadStateDict(stateWith("weight",
                        Tensor.zeros(3, 2))), IllegalArgumentException.class,
                        "size mismatch for weight: copying a tensor of shape (3, 2)", "the shape in the module is (2, 3)"),
                row("a state dict with an unknown key", () -> new Linear(3, 2).loadStateDict(stateWith("extra",
                        Tensor.zeros(1))), IllegalArgumentException.class, "unexpected key(s): extra"),
                row("an integer dtype for to()", () -> new Linear(2, 2).to(DType.INT64), IllegalArgumentException.class,
                        "Linear(in=2, out=2).to: expected a floating-point dtype, got int64"),
                row("a single tensor into a loss", () -> new MSELoss().forward(Tensor.zeros(2)),
                        UnsupportedOperationException.class, "MSELoss()", "single input"));
    }

    private static Map<String, Tensor> stateWith(String key, Tensor value) {
        Map<String, Tensor> state = new HashMap<>(new Linear(3, 2).stateDict());
        state.put(key, value);
        return state;
    }

    private static Arguments row(String name, Executable call, Class<? extends Throwable> type, String... parts) {
        return Arguments.of(name, call, type, parts);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void throwsWithAnActionableMessage(String name, Executable call, Class<? extends Throwable> type, String[] parts) {
        var assertion = assertThatThrownBy(call::execute).isInstanceOf(type);
        for (String part : parts) {
            assertion.hasMessageContaining(part);
        }
    }
}
