package dev.myelin.tensor;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Wrong shapes, dtypes, dimensions and indices: each must throw an exception whose message names
 * the op, the shapes or dtypes involved, and what was expected. One row per mistake.
 */
class BadInputTest {
    private static final Tensor M23 = Tensor.zeros(2, 3);
    private static final Tensor M45 = Tensor.zeros(4, 5);
    private static final Tensor IDX = Tensor.of(0L, 7L);

    static Stream<Arguments> mistakes() {
        return Stream.of(
                row("add of unbroadcastable shapes", () -> M23.add(M45), IllegalArgumentException.class,
                        "add", "(2, 3)", "(4, 5)", "cannot be broadcast"),
                row("matmul with misaligned inner sizes", () -> M23.matmul(M45), IllegalArgumentException.class,
                        "matmul", "(2, 3)", "(4, 5)", "3 != 4"),
                row("matmul of a 0-dim tensor", () -> Tensor.scalar(1).matmul(M23), IllegalArgumentException.class,
                        "matmul", "at least 1 dimension"),
                row("linear with the wrong feature count", () -> M23.linear(M45, null), IllegalArgumentException.class,
                        "linear", "3 features", "(2, 3)", "expects 5", "(4, 5)"),
                row("sum over a dimension out of range", () -> M23.sum(2), IndexOutOfBoundsException.class,
                        "sum", "dimension 2", "rank 2", "-2..1"),
                row("a repeated dimension", () -> M23.sum(new int[] {1, -1}, false), IllegalArgumentException.class,
                        "sum", "appears twice"),
                row("select past the end", () -> M23.select(1, 3), IndexOutOfBoundsException.class,
                        "select", "index 3", "size 3", "(2, 3)"),
                row("narrow past the end", () -> M23.narrow(0, 1, 2), IndexOutOfBoundsException.class,
                        "narrow", "start 1", "length 2", "size 2"),
                row("index_select out of range", () -> M23.indexSelect(1, IDX), IndexOutOfBoundsException.class,
                        "indexSelect", "index 7", "size 3", "(2, 3)"),
                row("gather out of range", () -> M23.gather(1, Tensor.of(new float[][] {{0}}).to(DType.INT64).add(9L)),
                        IndexOutOfBoundsException.class, "gather", "index 9", "size 3"),
                row("gather with a float index", () -> M23.gather(1, Tensor.zeros(2, 1)), IllegalArgumentException.class,
                        "gather", "integer tensor", "float32"),
                row("one_hot of a class past the count", () -> Tensor.of(3L).oneHot(3), IndexOutOfBoundsException.class,
                        "oneHot", "index 3", "size 3"),
                row("reshape to the wrong element count", () -> M23.reshape(4, 2), IllegalArgumentException.class,
                        "reshape", "[4, 2]", "6 elements", "(2, 3)"),
                row("view of non-contiguous data", () -> M23.t().view(6), IllegalArgumentException.class,
                        "view", "not compatible", "use reshape()"),
                row("expand of a non-singleton dimension", () -> M23.expand(4, 3), IllegalArgumentException.class,
                        "expand", "(2, 3)", "[4, 3]", "only size 1 expands"),
                row("permute with a repeated dimension", () -> M23.permute(0, 0), IllegalArgumentException.class,
                        "permute", "repeats"),
                row("cat of mismatched shapes", () -> Tensor.cat(List.of(M23, M45), 0), IllegalArgumentException.class,
                        "cat", "(4, 5)", "(2, 3)", "must match"),
                row("stack of mismatched shapes", () -> Tensor.stack(List.of(M23, M45), 0), IllegalArgumentException.class,
                        "stack", "(4, 5)", "(2, 3)"),
                row("split sizes that do not add up", () -> M23.split(new int[] {1, 1}, 1), IllegalArgumentException.class,
                        "split", "sum to 2", "size 3"),
                row("where with a float condition", () -> Tensor.where(M23, M23, M23), IllegalArgumentException.class,
                        "where", "must be bool", "float32", "(2, 3)"),
                row("maskedFill with a non-bool mask", () -> M23.maskedFill(M23, 1), IllegalArgumentException.class,
                        "maskedFill", "must be bool", "float32"),
                row("maskedFill with a mask that does not broadcast", () -> M23.maskedFill(M45.gt(0.0), 1),
                        IllegalArgumentException.class, "maskedFill", "(4, 5)", "(2, 3)"),
                row("mean of integers", () -> Tensor.arange(4).mean(), IllegalArgumentException.class,
                        "mean", "floating-point", "int64", "(4)"),
                row("neg of bools", () -> M23.gt(0.0).neg(), IllegalArgumentException.class,
                        "neg", "bool", "(2, 3)"),
                row("subtracting bools", () -> M23.gt(0.0).sub(M23.gt(0.0)), IllegalArgumentException.class,
                        "sub", "bool"),
                row("in-place float result into an integer tensor", () -> Tensor.arange(3).addInPlace(Tensor.ones(3)),
                        IllegalArgumentException.class, "addInPlace", "float32", "int64"),
                row("item of many elements", () -> M23.item(), IllegalArgumentException.class,
                        "item", "one-element", "(2, 3)"),
                row("get with an index out of range", () -> M23.get(0, 5), IndexOutOfBoundsException.class,
                        "get", "index 5", "size 3"),
                row("a shape that does not fit the data", () -> Tensor.fromArray(new float[5], 2, 3),
                        IllegalArgumentException.class, "fromArray", "5 values", "(2, 3)"),
                row("randint with an empty range", () -> Tensor.randint(3, 3, Shape.of(2), new Generator(0)),
                        IllegalArgumentException.class, "randint", "low < high"),
                row("bernoulli with a probability above 1", () -> Tensor.of(1.5f).bernoulli(new Generator(0)),
                        IllegalArgumentException.class, "bernoulli", "[0, 1]", "1.5"),
                row("arange that never ends", () -> Tensor.arange(0, 5, -1), IllegalArgumentException.class,
                        "arange", "never ends"),
                row("conv2d with the wrong channel count", () -> Convolution.conv2d(Tensor.zeros(1, 3, 8, 8),
                        Tensor.zeros(4, 2, 3, 3), null, new int[] {1}, new int[] {0}, new int[] {1}, 1),
                        IllegalArgumentException.class, "conv2d", "(1, 3, 8, 8)", "3 channels", "(4, 2, 3, 3)", "expects 2"),
                row("conv2d on an image smaller than the kernel", () -> Convolution.conv2d(Tensor.zeros(1, 1, 2, 2),
                        Tensor.zeros(1, 1, 3, 3), null, new int[] {1}, new int[] {0}, new int[] {1}, 1),
                        IllegalArgumentException.class, "conv2d", "too small", "kernel of 3"),
                row("maxPool2d of a 3-D input", () -> Pooling.maxPool2d(Tensor.zeros(3, 8, 8), new int[] {2}, null,
                        new int[] {0}, new int[] {1}, false), IllegalArgumentException.class,
                        "maxPool2d", "4-D", "(3, 8, 8)"),
                row("max over an empty dimension", () -> Tensor.zeros(0, 3).amax(new int[] {0}, false),
                        IllegalArgumentException.class, "amax", "empty dimension", "(0, 3)"));
    }

    private static Arguments row(String what, Runnable action, Class<? extends Throwable> type, String... fragments) {
        return Arguments.of(what, action, type, fragments);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void failsWithAClearMessage(String what, Runnable action, Class<? extends Throwable> type, String[] fragments) {
        var thrown = assertThatThrownBy(action::run).isInstanceOf(type);
        for (String fragment : fragments) {
            thrown.hasMessageContaining(fragment);
        }
    }
}
