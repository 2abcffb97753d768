package dev.myelin.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The backward engine's behaviour: accumulation, graph lifetime, grad modes, higher order, in-place safety. */
class EngineTest {
    private static Tensor leaf(double... values) {
        return Tensor.fromArray(values, values.length).requiresGrad(true);
    }

    @Test
    void gradientsAccumulateAcrossBackwardPasses() {
        Tensor x = leaf(1, 2, 3);
        x.mul(x).sum().backward();
        x.mul(x).sum().backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(4, 8, 12);
    }

    @Test
    void aTensorUsedTwiceGetsBothContributions() {
        Tensor x = leaf(3);
        Tensor y = x.add(x).mul(x);          // 2x², dy/dx = 4x
        y.sum().backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(12);
    }

    @Test
    void leavesSharingOneUpstreamGradientDoNotAlias() {
        Tensor a = leaf(1, 1);
        Tensor b = leaf(1, 1);
        a.add(b).sum().backward();          // add hands the same gradient tensor to both inputs
        try (var off = Grad.off()) {
            a.grad().mulInPlace(10);
        }
        assertThat(b.grad().toDoubleArray()).containsExactly(1, 1);
    }

    @Test
    void backwardWithAnExplicitGradient() {
        Tensor x = leaf(1, 2);
        x.mul(3.0).backward(Tensor.fromArray(new double[] {1, 10}, 2));
        assertThat(x.grad().toDoubleArray()).containsExactly(3, 30);
    }

    @Test
    void nonScalarBackwardNeedsAGradient() {
        Tensor x = leaf(1, 2);
        assertThatThrownBy(() -> x.mul(2.0).backward())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only for a scalar output")
                .hasMessageContaining("(2)");
    }

    @Test
    void theGraphIsFreedAfterBackwardUnlessRetained() {
        Tensor x = leaf(2);
        Tensor y = x.exp().sum();
        y.backward(null, true, false);
        y.backward();
        assertThat(x.grad().item()).isCloseTo(2 * Math.exp(2), org.assertj.core.data.Offset.offset(1e-12));
        assertThatThrownBy(y::backward)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("freed by an earlier backward pass")
                .hasMessageContaining("retainGraph=true");
    }

    @Test
    void noGradScopesRecordNothingAndRestoreTheMode() {
        Tensor x = leaf(1);
        Tensor y;
        try (var off = Grad.off()) {
            y = x.mul(2.0);
            try (var on = Grad.on()) {
                assertThat(x.mul(2.0).requiresGrad()).isTrue();
            }
            assertThat(Grad.isEnabled()).isFalse();
        }
        assertThat(Grad.isEnabled()).isTrue();
        assertThat(y.requiresGrad()).isFalse();
        assertThat(y.gradFn()).isNull();
    }

    @Test
    void detachCutsTheGraphButSharesData() {
        Tensor x = leaf(1, 2);
        Tensor d = x.mul(2.0).detach();
        assertThat(d.requiresGrad()).isFalse();
        assertThat(d.isLeaf()).isTrue();
        Tensor y = x.mul(d).sum();
        y.backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(2, 4);
    }

    @Test
    void deepGraphsDoNotOverflowTheStack() {
        Tensor x = leaf(1);
        Tensor y = x;
        for (int i = 0; i < 100_000; i++) {
            y = y.add(1e-6);
        }
        y.sum().backward();
        assertThat(x.grad().item()).isEqualTo(1.0);
    }

    @Test
    void secondDerivativesThroughCreateGraph() {
        Tensor x = leaf(2);
        Tensor y = x.pow(3).sum();                                   // y = x³
        Tensor dy = Autograd.grad(y, List.of(x), true).getFirst();    // 3x² = 12
        Tensor d2y = Autograd.grad(dy.sum(), List.of(x), false).getFirst();   // 6x = 12
        assertThat(dy.item()).isEqualTo(12.0);
        assertThat(d2y.item()).isEqualTo(12.0);
    }

    @Test
    void functionalGradLeavesGradFieldsAlone() {
        Tensor x = leaf(1, 2);
        Tensor w = leaf(3, 4);
        Tensor y = x.mul(w).sum();
        List<Tensor> g = Autograd.grad(List.of(y), List.of(w), null, false, false, false);
        assertThat(g.getFirst().toDoubleArray()).containsExactly(1, 2);
        assertThat(w.grad()).isNull();
        assertThat(x.grad()).isNull();
    }

    @Test
    void unusedInputsAreAnErrorUnlessAllowed() {
        Tensor x = leaf(1);
        Tensor unused = leaf(1);
        Tensor y = x.mul(2.0).sum();
        assertThatThrownBy(() -> Autograd.grad(List.of(y), List.of(unused), null, true, false, false))
                .hasMessageContaining("was not used");
        assertThat(Autograd.grad(List.of(y), List.of(unused), null, false, false, true).getFirst()).isNull();
    }

    @Test
    void gradientsOfNonLeavesAreKeptOnRequest() {
        Tensor x = leaf(1, 2);
        Tensor h = x.mul(3.0).retainGrad();
        h.square().sum().backward();
        assertThat(h.grad().toDoubleArray()).containsExactly(6, 12);
        assertThat(x.grad().toDoubleArray()).containsExactly(18, 36);
    }

    @Test
    void customOpsRecordTheirOwnRule() {
        Tensor x = leaf(2);
        Tensor y;
        try (var off = Grad.off()) {
            y = x.mul(x).mul(x);
        }
        y = Autograd.record("cube", y, (g, needs) -> new Tensor[] {g.mul(x.mul(x)).mul(3.0)}, x);
        assertThat(y.gradFn().name()).isEqualTo("cube");
        y.sum().backward();
        assertThat(x.grad().item()).isEqualTo(12.0);
    }

    @Test
    void opsWithSeveralOutputsBackpropagateEach() {
        Tensor x = leaf(1, 2);
        Tensor a;
        Tensor b;
        try (var off = Grad.off()) {
            a = x.mul(2.0);
            b = x.mul(3.0);
        }
        Tensor[] outs = Autograd.recordMulti("twoScales", new Tensor[] {a, b}, new Tensor[0],
                (grads, needs) -> new Tensor[] {grads[0].mul(2.0).add(grads[1].mul(3.0))}, x);
        outs[1].sum().backward();                 // only the second output is used
        assertThat(x.grad().toDoubleArray()).containsExactly(3, 3);
    }

    @Test
    void inPlaceWritesToTensorsThatRequireGradAreRefused() {
        Tensor w = leaf(1, 2);
        assertThatThrownBy(() -> w.addInPlace(Tensor.ones(Shape.of(2), DType.FLOAT64)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("addInPlace")
                .hasMessageContaining("requires grad")
                .hasMessageContaining("(2)")
                .hasMessageContaining("Grad.off()");
        try (var off = Grad.off()) {
            w.addInPlace(Tensor.ones(Shape.of(2), DType.FLOAT64));   // an optimizer-style update is allowed
        }
        assertThat(w.toDoubleArray()).containsExactly(2, 3);
    }

    @Test
    void overwritingASavedTensorIsDetectedAtBackward() {
        Tensor x = Tensor.fromArray(new double[] {1, 2}, 2);        // does not require grad
        Tensor w = leaf(3, 4);
        Tensor y = x.mul(w).sum();                                   // saves x for dy/dw
        x.fillInPlace(0);
        assertThatThrownBy(y::backward)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("backward of op 'mul'")
                .hasMessageContaining("modified in place")
                .hasMessageContaining("(2)");
    }

    @Test
    void anInputOnlyAddedMayBeOverwritten() {
        Tensor x = Tensor.fromArray(new double[] {1, 2}, 2);
        Tensor w = leaf(3, 4);
        Tensor y = x.add(w).sum();                                   // add's rule needs no input values
        x.fillInPlace(0);
        y.backward();
        assertThat(w.grad().toDoubleArray()).containsExactly(1, 1);
    }

    @Test
    void requiresGradOnlyOnFloatingLeaves() {
        assertThatThrownBy(() -> Tensor.arange(3).requiresGrad(true))
                .hasMessageContaining("only floating-point tensors")
                .hasMessageContaining("int64");
        Tensor x = leaf(1);
        assertThatThrownBy(() -> x.mul(2.0).requiresGrad(false))
                .hasMessageContaining("only leaves")
                .hasMessageContaining("'mul'");
    }

    @Test
    void integerAndBoolResultsNeverRequireGrad() {
        Tensor x = Tensor.randn(Shape.of(3), DType.FLOAT32, new Generator(1)).requiresGrad(true);
        assertThat(x.gt(0.0).requiresGrad()).isFalse();
        assertThat(x.argmax().requiresGrad()).isFalse();
        assertThat(x.max(0, false).indices().requiresGrad()).isFalse();
    }
}
