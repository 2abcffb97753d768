package dev.myelin.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Tensor semantics that the registry's numeric checks do not show: types, layouts, sharing, creation. */
class TensorTest {
    private static Tensor typed(DType dtype, boolean zeroDim) {
        return Tensor.zeros(zeroDim ? Shape.scalar() : Shape.of(2), dtype);
    }

    @ParameterizedTest(name = "{0}{1} + {2}{3} -> {4}")
    @CsvSource({
        "INT32, '', INT64, '', INT64",
        "INT64, '', FLOAT32, '', FLOAT32",
        "FLOAT32, '', FLOAT64, '', FLOAT64",
        "BOOL, '', INT32, '', INT32",
        "FLOAT32, '', FLOAT64, 0-dim, FLOAT32",
        "INT32, '', INT64, 0-dim, INT32",
        "INT32, '', FLOAT64, 0-dim, FLOAT64",
        "BOOL, '', INT64, 0-dim, INT64",
        "FLOAT32, 0-dim, FLOAT64, 0-dim, FLOAT64"})
    void promotesLikePyTorch(DType a, String aKind, DType b, String bKind, DType expected) {
        Tensor x = typed(a, !aKind.isEmpty());
        Tensor y = typed(b, !bKind.isEmpty());
        assertThat(x.add(y).dtype()).isEqualTo(expected);
    }

    @Test
    void javaScalarsPromoteLikePythonNumbers() {
        Tensor ints = Tensor.arange(3);
        assertThat(ints.add(1L).dtype()).isEqualTo(DType.INT64);
        assertThat(ints.add(1.5).dtype()).isEqualTo(DType.FLOAT32);
        assertThat(ints.div(2.0).dtype()).isEqualTo(DType.FLOAT32);
        assertThat(Tensor.ones(Shape.of(2), DType.FLOAT64).mul(0.5).dtype()).isEqualTo(DType.FLOAT64);
        assertThat(Tensor.ones(2).mul(0.5).dtype()).isEqualTo(DType.FLOAT32);
        assertThat(Tensor.fromArray(new int[] {7, 8}, 2).div(Tensor.fromArray(new int[] {2, 2}, 2)).toDoubleArray())
                .containsExactly(3.5, 4.0);
    }

    @Test
    void viewsShareStorageAndCopyNothing() {
        Tensor a = Tensor.arange(0.0, 6.0, 1.0).reshape(2, 3);
        Tensor t = a.t();
        Tensor row = a.select(0, 1);
        Tensor every2 = a.reshape(-1).slice(0, 0, 6, 2);
        Tensor wide = a.narrow(1, 1, 2).unsqueeze(0).expand(4, 2, 2);
        for (Tensor v : List.of(t, row, every2, wide)) {
            assertThat(v.storage()).isSameAs(a.storage());
        }
        assertThat(t.strides()).containsExactly(1, 3);
        assertThat(t.isContiguous()).isFalse();
        assertThat(wide.strides()).containsExactly(0, 3, 1);
        a.copyInPlace(Tensor.zeros(2, 3));
        assertThat(every2.toDoubleArray()).containsExactly(0, 0, 0);
    }

    @Test
    void reshapeViewsWhenStridesAllowAndCopiesOtherwise() {
        Tensor a = Tensor.arange(0.0, 24.0, 1.0).reshape(2, 3, 4);
        assertThat(a.reshape(6, 4).storage()).isSameAs(a.storage());
        assertThat(a.permute(1, 0, 2).reshape(3, 8).storage()).isNotSameAs(a.storage());
        assertThat(a.permute(1, 0, 2).reshape(3, 2, 4).storage()).isSameAs(a.storage());
        assertThat(a.permute(2, 0, 1).reshape(4, 6).toDoubleArray()[1]).isEqualTo(4.0);
    }

    @Test
    void contiguousAndCloneCopyInRowMajorOrder() {
        Tensor a = Tensor.arange(0.0, 6.0, 1.0).reshape(2, 3).t();
        Tensor c = a.contiguous();
        assertThat(c.isContiguous()).isTrue();
        assertThat(c.toDoubleArray()).containsExactly(0, 3, 1, 4, 2, 5);
        assertThat(c.contiguous()).isSameAs(c);
        assertThat(c.clone().storage()).isNotSameAs(c.storage());
    }

    @Test
    void creation() {
        assertThat(Tensor.arange(2, 11, 3).toLongArray()).containsExactly(2, 5, 8);
        assertThat(Tensor.arange(1.0, 0.0, -0.25).toDoubleArray()).containsExactly(1, 0.75, 0.5, 0.25);
        assertThat(Tensor.linspace(0, 1, 5).toDoubleArray()).containsExactly(0, 0.25, 0.5, 0.75, 1);
        assertThat(Tensor.eye(2, 3).toDoubleArray()).containsExactly(1, 0, 0, 0, 1, 0);
        assertThat(Tensor.full(Shape.of(2), 7, DType.INT32).toIntArray()).containsExactly(7, 7);
        assertThat(Tensor.onesLike(Tensor.arange(3)).dtype()).isEqualTo(DType.INT64);
        assertThat(Tensor.zeros(0, 3).numel()).isZero();
        assertThat(Tensor.scalar(2.5).dim()).isZero();
        assertThat(Tensor.of(new float[][] {{1, 2}, {3, 4}}).get(1, 0)).isEqualTo(3.0);
    }

    @Test
    void conversionsRoundAsJavaCastsDo() {
        Tensor x = Tensor.of(-1.7f, 0.2f, 2.9f);
        assertThat(x.to(DType.INT64).toLongArray()).containsExactly(-1, 0, 2);
        assertThat(x.to(DType.BOOL).toBooleanArray()).containsExactly(true, true, true);
        assertThat(Tensor.of(0L, 3L).to(DType.BOOL).toBooleanArray()).containsExactly(false, true);
        assertThat(x.to(DType.FLOAT64).to(DType.FLOAT32).toFloatArray()).containsExactly(-1.7f, 0.2f, 2.9f);
        assertThat(x.sum().item()).isCloseTo(1.4, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void integerOpsStayExact() {
        Tensor big = Tensor.of(1L << 60, 3L);
        assertThat(big.add(1L).toLongArray()).containsExactly((1L << 60) + 1, 4);
        assertThat(big.sum().itemLong()).isEqualTo((1L << 60) + 3);
        assertThat(Tensor.of(-3L, 4L).abs().toLongArray()).containsExactly(3, 4);
        assertThat(Tensor.of(2L, 3L).pow(Tensor.of(10L, 2L)).toLongArray()).containsExactly(1024, 9);
    }

    @Test
    void reductionsWithIndicesAndTies() {
        Tensor a = Tensor.of(new float[][] {{1, 5, 5}, {7, 0, 7}});
        Tensor.ValuesIndices max = a.max(1, false);
        assertThat(max.values().toDoubleArray()).containsExactly(5, 7);
        assertThat(max.indices().toLongArray()).containsExactly(1, 0);        // first of the ties
        assertThat(a.argmin()).extracting(Tensor::itemLong).isEqualTo(4L);
        assertThat(a.amax(new int[] {0, 1}, true).shape()).isEqualTo(Shape.of(1, 1));
        assertThat(Tensor.of(1f, Float.NaN, 3f).max().item()).isNaN();
    }

    @Test
    void printsLikePyTorch() {
        assertThat(Tensor.of(new float[][] {{1, -2.5f}, {3, 4}}).toString()).isEqualTo(
                "tensor([[ 1.0000, -2.5000],\n        [ 3.0000,  4.0000]], shape=(2, 2))");
        assertThat(Tensor.arange(3).toString()).isEqualTo("tensor([0, 1, 2], shape=(3), dtype=int64)");
        assertThat(Tensor.of(1f, 2f).toString()).isEqualTo("tensor([1., 2.], shape=(2))");
        assertThat(Tensor.of(1e-6f, 1f).toString()).isEqualTo("tensor([1.0000e-06, 1.0000e+00], shape=(2))");
        assertThat(Tensor.of(1f).gt(0.0).toString()).isEqualTo("tensor([True], shape=(1), dtype=bool)");
        assertThat(Tensor.scalar(1.5).requiresGrad(true).toString()).isEqualTo("tensor(1.5000, shape=(), requiresGrad=true)");
        String big = Tensor.zeros(100, 100).toString();
        assertThat(big).contains("...").hasLineCount(7).endsWith("shape=(100, 100))");
        assertThat(Tensor.zeros(0, 3).toString()).isEqualTo("tensor([], shape=(0, 3))");
    }

    @Test
    void inPlaceOpsWorkOnViews() {
        Tensor a = Tensor.zeros(2, 3);
        a.select(1, 2).fillInPlace(5);
        a.narrow(0, 1, 1).addInPlace(Tensor.ones(3));
        assertThat(a.toDoubleArray()).containsExactly(0, 0, 5, 1, 1, 6);
        assertThat(a.storage().version()).isEqualTo(2);
    }
}
