package dev.myelin.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.autograd.Autograd;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fused attention kernel against the textbook formula, with bool masks and the edge cases of the online softmax. */
class AttentionTest {
    private static void assertSameAttention(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal) {
        Tensor up = Tensor.randn(Shape.of(q.shape().with(-1, v.size(-1)).toArray()), DType.FLOAT32, new Generator(9));
        Tensor fused = Attention.scaledDotProduct(q, k, v, mask, causal, 0.3);
        Tensor plain = Attention.reference(q, k, v, mask, causal, 0.3);
        assertThat(fused.allClose(plain, 1e-4, 1e-5)).as("outputs").isTrue();
        List<Tensor> gf = Autograd.grad(List.of(fused), List.of(q, k, v), List.of(up), false, false, false);
        List<Tensor> gp = Autograd.grad(List.of(plain), List.of(q, k, v), List.of(up), false, false, false);
        for (int i = 0; i < 3; i++) {
            assertThat(gf.get(i).allClose(gp.get(i), 1e-4, 1e-5)).as("gradient %d", i).isTrue();
        }
    }

    private static Tensor leaf(Generator g, int... shape) {
        return Tensor.randn(Shape.of(shape), DType.FLOAT32, g).requiresGrad(true);
    }

    @Test
    void boolMasksOverSeveralBlocksMatchTheFormula() {
        Generator g = new Generator(3);
        // Two query blocks and three key blocks of the forward pass without a causal mask (128
        // wide), more of the causal one and of the backward pass (64 wide).
        Tensor q = leaf(g, 2, 2, 140, 8);
        Tensor k = leaf(g, 2, 2, 300, 8);
        Tensor v = leaf(g, 2, 2, 300, 6);
        // Key padding: the first 140 keys of every row are closed (a whole first block), the rest open.
        Tensor padding = Tensor.arange(300).ge(140.0).reshape(1, 1, 1, 300);
        assertSameAttention(q, k, v, padding, false);
        assertSameAttention(q, k, v, Tensor.rand(Shape.of(2, 1, 140, 300), DType.FLOAT32, g).gt(0.3).logicalOr(
                Tensor.arange(300).eq(299.0).reshape(1, 1, 1, 300)), false);
        // Causal and padding together (the last keys closed, so that every row keeps key 0).
        assertSameAttention(q, k, v, Tensor.arange(300).lt(290.0).reshape(1, 1, 1, 300), true);
    }

    @Test
    void noKeysGiveZeroOutputsAndZeroQueryGradients() {
        Tensor q = leaf(new Generator(11), 2, 3, 5, 4);
        assertSameAttention(q, Tensor.zeros(2, 3, 0, 4).requiresGrad(true), Tensor.zeros(2, 3, 0, 6).requiresGrad(true),
                null, false);
        Tensor out = Attention.scaledDotProduct(q, Tensor.zeros(2, 3, 0, 4), Tensor.zeros(2, 3, 0, 6), null, false, 0.3);
        assertThat(out.toFloatArray()).containsOnly(0f);
        List<Tensor> grads = Autograd.grad(List.of(out), List.of(q), List.of(Tensor.onesLike(out)), false, false, false);
        assertThat(grads.get(0).toFloatArray()).containsOnly(0f);
    }

    @Test
    void slicesOfLargerTensorsAreReadFromTheirOffset() {
        Generator g = new Generator(5);
        Tensor q = leaf(g, 3, 2, 20, 8);
        Tensor k = leaf(g, 3, 2, 30, 8);
        Tensor v = leaf(g, 3, 2, 30, 6);
        // Contiguous views that start inside their storage, as a cache or a batch slice gives.
        assertSameAttention(slice(q, 1, 2), slice(k, 0, 2), slice(v, 1, 2), null, true);
        assertSameAttention(slice(q, 2, 1), slice(k, 1, 1), slice(v, 2, 1), null, false);
    }

    @Test
    void headsOfAProjectionAreReadInPlaceAndTheOutputMergesBackAsAView() {
        Generator g = new Generator(7);
        // (B, T, H, E) projections seen as (B, H, T, E), as multi-head attention splits its heads;
        // v a slice of a wider projection, so that its rows are further apart than its width.
        Tensor q = heads(g, 2, 70, 3, 8).requiresGrad(true);
        Tensor k = heads(g, 2, 90, 3, 8).requiresGrad(true);
        Tensor v = heads(g, 2, 90, 3, 10).narrow(3, 2, 6).requiresGrad(true);
        assertSameAttention(q, k, v, null, false);
        assertSameAttention(q, k, v, Tensor.arange(90).lt(85.0).reshape(1, 1, 1, 90), true);
        Tensor out = Attention.scaledDotProduct(q, k, v, null, false, 0.3);
        assertThat(out.shape()).isEqualTo(Shape.of(2, 3, 70, 6));
        assertThat(out.transpose(1, 2).isContiguous()).as("(B, T, H, Ev) behind the (B, H, T, Ev) output").isTrue();
        List<Tensor> grads = Autograd.grad(List.of(out), List.of(q, k), List.of(Tensor.onesLike(out)), false, false, false);
        assertThat(grads.get(0).transpose(1, 2).isContiguous()).as("dq in q's head layout").isTrue();
        assertThat(grads.get(1).transpose(1, 2).isContiguous()).as("dk in k's head layout").isTrue();
    }

    /** A random (B, T, H, E) tensor seen as (B, H, T, E). */
    private static Tensor heads(Generator g, int... shape) {
        return Tensor.randn(Shape.of(shape), DType.FLOAT32, g).transpose(1, 2);
    }

    /** Batches [from, from + count) of x as a leaf view that shares x's storage. */
    private static Tensor slice(Tensor x, int from, int count) {
        Tensor view = x.detach().narrow(0, from, count).requiresGrad(true);
        assertThat(view.storageOffset()).isEqualTo(from * x.numel() / x.size(0));
        return view;
    }

    @Test
    void aRowThatMayAttendNothingIsNaNAsInPyTorch() {
        Generator g = new Generator(4);
        Tensor q = leaf(g, 1, 3, 4);
        Tensor k = leaf(g, 1, 5, 4);
        Tensor v = leaf(g, 1, 5, 2);
        Tensor mask = Tensor.fromArray(new boolean[] {true, true, true, true, true, false, false, false, false, false,
            true, false, false, false, false}, 1, 3, 5);
        double[] fused = Attention.scaledDotProduct(q, k, v, mask, false, 0.5).toDoubleArray();
        double[] plain = Attention.reference(q, k, v, mask, false, 0.5).toDoubleArray();
        for (int i = 0; i < fused.length; i++) {
            if (i / 2 == 1) {                                         // row 1 may attend no key
                assertThat(fused[i]).isNaN();
                assertThat(plain[i]).isNaN();
            } else {
                assertThat(fused[i]).isCloseTo(plain[i], org.assertj.core.data.Offset.offset(1e-5));
            }
        }
    }
}
