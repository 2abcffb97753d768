package dev.myelin.onnx;

import static dev.myelin.onnx.Models.node;
import static dev.myelin.onnx.Models.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.autograd.Autograd;
import dev.myelin.autograd.Grad;
import dev.myelin.onnx.proto.OnnxProto.AttributeProto;
import dev.myelin.onnx.proto.OnnxProto.GraphProto;
import dev.myelin.onnx.proto.OnnxProto.ModelProto;
import dev.myelin.onnx.proto.OnnxProto.NodeProto;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Fused;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The imported model as a trainable object: parameters by name, gradients, freezing, state dicts, folding. */
class OnnxModelTest {
    @TempDir
    Path dir;

    private OnnxModel mlp() throws IOException {
        return Onnx.load(Models.write(dir, "mlp.onnx", Models.mlp()));
    }

    private static Tensor x() {
        return Tensor.of(new float[][] {{1, 2, 3}, {-1, 0.5f, 2}});
    }

    /** The same network written with Myelin ops. */
    private static Tensor reference(OnnxModel m, Tensor x) {
        Tensor h = x.matmul(m.parameter("fc1.weight")).add(m.parameter("fc1.bias")).relu();
        return h.matmul(m.parameter("fc2.weight")).add(m.parameter("fc2.bias")).mul(2.0);
    }

    @Test
    void weightsArePararametersNamedAsInTheFileAndConstantsAreBuffers() throws IOException {
        OnnxModel m = mlp();
        assertThat(m.namedParameters().keySet()).containsExactly("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias");
        assertThat(m.parameters()).allMatch(Tensor::requiresGrad);
        assertThat(m.namedBuffers().keySet()).containsExactly("scale", "shape");
        assertThat(m.parameterCount()).isEqualTo(12 + 4 + 8 + 2);
        assertThat(m.inputNames()).containsExactly("x");
        assertThat(m.outputNames()).containsExactly("y");
        assertThat(m.opsets()).containsEntry("", 13);
    }

    @Test
    void forwardMatchesTheSameNetworkWrittenInMyelin() throws IOException {
        OnnxModel m = mlp();
        try (var off = Grad.off()) {
            assertThat(m.forward(x()).allClose(reference(m, x()), 1e-6, 1e-6)).isTrue();
            assertThat(m.forward(Map.of("x", x())).get("y").shape()).isEqualTo(reference(m, x()).shape());
        }
    }

    @Test
    void gradientsReachTheParameters() throws IOException {
        OnnxModel m = mlp();
        m.forward(x()).square().sum().backward();
        List<Tensor> grads = new ArrayList<>();
        for (Tensor p : m.parameters()) {
            grads.add(p.grad());
            p.setGrad(null);
        }
        reference(m, x()).square().sum().backward();
        List<Tensor> params = m.parameters();
        for (int i = 0; i < params.size(); i++) {
            assertThat(grads.get(i)).as("grad of parameter " + i).isNotNull();
            assertThat(grads.get(i).allClose(params.get(i).grad(), 1e-5, 1e-6)).isTrue();
        }
    }

    @Test
    void aFrozenModelPassesGradientsToItsInputOnly() throws IOException {
        OnnxModel m = mlp().freeze();
        Tensor x = x().requiresGrad(true);
        m.forward(x).sum().backward();
        assertThat(x.grad()).isNotNull();
        assertThat(m.parameters()).allMatch(p -> !p.requiresGrad() && p.grad() == null);
        m.unfreeze();
        assertThat(m.parameters()).allMatch(Tensor::requiresGrad);
    }

    @Test
    void stateDictsRoundTripAndNewWeightsReachTheComputation() throws IOException {
        OnnxModel m = mlp();
        Map<String, Tensor> state = m.stateDict();
        assertThat(state.keySet()).containsExactlyInAnyOrder("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "scale",
                "shape");
        Map<String, Tensor> zeroed = new LinkedHashMap<>(state);
        zeroed.put("fc2.weight", Tensor.zerosLike(state.get("fc2.weight")));
        m.loadStateDict(zeroed);
        try (var off = Grad.off()) {
            Tensor y = m.forward(x());
            assertThat(y.toFloatArray()).containsExactly(1, -1, 1, -1);   // 2 · fc2.bias
        }
        assertThatThrownBy(() -> m.loadStateDict(Map.of("fc1.weight", Tensor.zeros(2, 2))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size mismatch for fc1.weight")
                .hasMessageContaining("missing key(s)").hasMessageContaining("fc2.bias");
    }

    @Test
    void dottedNamesBecomeSubmodulesAndOddOnesStayFlat() throws IOException {
        OnnxModel m = mlp();
        assertThat(m.namedModules().keySet()).contains("fc1", "fc2");
        assertThat(m.submodule("fc1").namedParameters().keySet()).containsExactly("weight", "bias");
        GraphProto g = GraphProto.newBuilder().addInput(value("x", 1, 2)).addOutput(value("y", 1, 2))
                .addInitializer(Models.tensor("a..b", Tensor.of(1f, 2f)))
                .addInitializer(Models.tensor("a", Tensor.of(3f, 4f)))
                .addNode(node("Add", List.of("x", "a..b"), List.of("t")))
                .addNode(node("Add", List.of("t", "a"), List.of("y"))).build();
        OnnxModel odd = Onnx.load(Models.write(dir, "odd.onnx", Models.model(g, 13)));
        assertThat(odd.stateDict().keySet()).containsExactlyInAnyOrder("a__b", "a");
        assertThat(odd.initializer("a..b").toFloatArray()).containsExactly(1, 2);
        assertThat(odd.forward(Tensor.of(0f, 0f)).toFloatArray()).containsExactly(4, 6);
    }

    @Test
    void aCutModelSharesTheParametersAndComputesIntermediateValues() throws IOException {
        OnnxModel m = mlp().freeze();
        OnnxModel backbone = m.withOutputs("h2");
        assertThat(backbone.outputNames()).containsExactly("h2");
        assertThat(backbone.parameter("fc1.weight")).isSameAs(m.parameter("fc1.weight"));
        assertThat(backbone.parameters()).noneMatch(Tensor::requiresGrad);
        Tensor h = backbone.forward(x());
        Tensor expected = x().matmul(m.parameter("fc1.weight")).add(m.parameter("fc1.bias")).relu();
        assertThat(h.allClose(expected, 1e-6, 1e-6)).isTrue();
        assertThatThrownBy(() -> m.withOutputs("nowhere")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nowhere");
    }

    @Test
    void wrongInputsAreNamed() throws IOException {
        OnnxModel m = mlp();
        assertThatThrownBy(() -> m.forward(Map.of("z", x()))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no input 'z'");
        assertThatThrownBy(() -> m.forward(Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("input 'x' is missing");
        assertThatThrownBy(() -> m.forward(Tensor.zeros(2, 5))).isInstanceOf(OnnxException.class)
                .hasMessageContaining("Linear");                  // MatMul + Add, fused
    }

    @Test
    void nodesAreSortedAndConstantsFolded() throws IOException {
        // y = x + (c1 · c2) with the nodes listed backwards: the product is folded, one Add remains.
        List<NodeProto> nodes = new ArrayList<>(List.of(
                node("Constant", List.of(), List.of("c1"), tensorAttr(Tensor.of(1f, 2f))),
                node("Constant", List.of(), List.of("c2"), tensorAttr(Tensor.of(3f, 4f))),
                node("Mul", List.of("c1", "c2"), List.of("c")),
                node("Add", List.of("x", "c"), List.of("y"))));
        Collections.reverse(nodes);
        GraphProto g = GraphProto.newBuilder().addInput(value("x", 1, 2)).addOutput(value("y", 1, 2))
                .addAllNode(nodes).build();
        ModelProto model = Models.model(g, 13);
        OnnxModel m = Onnx.load(Models.write(dir, "fold.onnx", model));
        assertThat(m.nodeCount()).isEqualTo(1);
        assertThat(m.forward(Tensor.of(1f, 1f)).toFloatArray()).containsExactly(4, 9);
    }

    @Test
    void integerInputsStayIntegers() throws IOException {
        GraphProto g = GraphProto.newBuilder().addInput(value("ids", 7, 3)).addOutput(value("n", 7))
                .addNode(node("ReduceSum", List.of("ids"), List.of("n"), Models.intAttr("keepdims", 0))).build();
        OnnxModel m = Onnx.load(Models.write(dir, "int.onnx", Models.model(g, 13)));
        Tensor n = m.forward(Tensor.of(1L, 2L, 3L));
        assertThat(n.dtype()).isEqualTo(DType.INT64);
        assertThat(n.itemLong()).isEqualTo(6);
    }

    @Test
    void exportersLayerNormAndGeluAreFusedIntoTheSameFunction() throws IOException {
        // y = gelu(layer_norm(x) · gamma + beta), written op by op as PyTorch exports it
        List<NodeProto> nodes = List.of(
                node("Constant", List.of(), List.of("two"), tensorAttr(Tensor.scalar(2.0))),
                node("Constant", List.of(), List.of("eps"), tensorAttr(Tensor.scalar(1e-5))),
                node("Constant", List.of(), List.of("sqrt2"), tensorAttr(Tensor.scalar(Math.sqrt(2)))),
                node("Constant", List.of(), List.of("one"), tensorAttr(Tensor.scalar(1.0))),
                node("Constant", List.of(), List.of("half"), tensorAttr(Tensor.scalar(0.5))),
                node("ReduceMean", List.of("x"), List.of("m"), ints("axes", -1)),
                node("Sub", List.of("x", "m"), List.of("d")),
                node("Pow", List.of("d", "two"), List.of("d2")),
                node("ReduceMean", List.of("d2"), List.of("v"), ints("axes", -1)),
                node("Add", List.of("v", "eps"), List.of("ve")),
                node("Sqrt", List.of("ve"), List.of("s")),
                node("Div", List.of("d", "s"), List.of("n")),
                node("Mul", List.of("n", "gamma"), List.of("g")),
                node("Add", List.of("g", "beta"), List.of("h")),
                node("Div", List.of("h", "sqrt2"), List.of("a")),
                node("Erf", List.of("a"), List.of("e")),
                node("Add", List.of("e", "one"), List.of("e1")),
                node("Mul", List.of("h", "e1"), List.of("p")),
                node("Mul", List.of("p", "half"), List.of("y")));
        GraphProto g = GraphProto.newBuilder().addInput(value("x", 1, 2, 4)).addOutput(value("y", 1, 2, 4))
                .addInitializer(Models.tensor("gamma", Tensor.of(1f, 2f, 0.5f, -1f)))
                .addInitializer(Models.tensor("beta", Tensor.of(0f, 0.1f, -0.2f, 0.3f)))
                .addAllNode(nodes).build();
        OnnxModel m = Onnx.load(Models.write(dir, "ln.onnx", Models.model(g, 13)));
        assertThat(m.nodeCount()).isEqualTo(2);                  // LayerNormalization, Gelu
        Tensor x = Tensor.of(new float[][] {{1, 2, 3, 5}, {-1, 0, 4, 0.5f}});
        Tensor expected = Fused.layerNormComposite(x, m.parameter("gamma"), m.parameter("beta"), 1e-5)
                .gelu();
        assertThat(m.forward(x).allClose(expected, 1e-5, 1e-6)).isTrue();
    }

    /** Attention as BERT's exporters write it: head-split q and kᵀ, scale, additive mask, softmax, times v. */
    private OnnxModel attention(String scaleOp, double scaleValue, long softmaxAxis, boolean masked) throws IOException {
        List<NodeProto> nodes = new ArrayList<>(List.of(
                node("Constant", List.of(), List.of("c"), tensorAttr(Tensor.scalar(scaleValue))),
                node("Transpose", List.of("qh"), List.of("q"), ints("perm", 0, 2, 1, 3)),
                node("Transpose", List.of("kh"), List.of("kt"), ints("perm", 0, 2, 3, 1)),
                node("MatMul", List.of("q", "kt"), List.of("s")),
                node(scaleOp, List.of("s", "c"), List.of("sc"))));
        if (masked) {
            nodes.add(node("Add", List.of("sc", "mask"), List.of("sm")));
        }
        nodes.add(node("Softmax", List.of(masked ? "sm" : "sc"), List.of("p"), Models.intAttr("axis", softmaxAxis)));
        nodes.add(node("MatMul", List.of("p", "v"), List.of("y")));
        GraphProto.Builder g = GraphProto.newBuilder().addInput(value("qh", 1, 1, 3, 2, 4))
                .addInput(value("kh", 1, 1, 3, 2, 4)).addInput(value("v", 1, 1, 2, 3, 4))
                .addOutput(value("y", 1, 1, 2, 3, 4)).addAllNode(nodes);
        if (masked) {
            g.addInput(value("mask", 1, 1, 1, 1, 3));
        }
        return Onnx.load(Models.write(dir, "attention.onnx", Models.model(g.build(), 11)));
    }

    @Test
    void exportersAttentionIsFusedIntoTheSameFunctionWithTheSameGradients() throws IOException {
        Generator random = new Generator(7);
        Tensor qh = randn(random, 1, 3, 2, 4).requiresGrad(true);
        Tensor kh = randn(random, 1, 3, 2, 4).requiresGrad(true);
        Tensor v = randn(random, 1, 2, 3, 4).requiresGrad(true);
        Tensor mask = Tensor.of(0f, -10000f, 0f).reshape(1, 1, 1, 3);
        Tensor expected = qh.permute(0, 2, 1, 3).matmul(kh.permute(0, 2, 3, 1)).div(2.0).add(mask).softmax(-1)
                .matmul(v);
        List<Tensor> expectedGrads = Autograd.grad(expected.sum(), List.of(qh, kh, v), false);

        OnnxModel m = attention("Div", 2.0, 3, true);
        assertThat(m.nodeCount()).isEqualTo(3);                  // two Transposes and Attention
        Tensor y = m.forward(Map.of("qh", qh, "kh", kh, "v", v, "mask", mask)).get("y");
        assertThat(y.allClose(expected, 1e-5, 1e-6)).isTrue();
        List<Tensor> grads = Autograd.grad(y.sum(), List.of(qh, kh, v), false);
        for (int i = 0; i < 3; i++) {
            assertThat(grads.get(i).allClose(expectedGrads.get(i), 1e-4, 1e-5)).as("gradient %d", i).isTrue();
        }

        OnnxModel unmasked = attention("Mul", 0.5, -1, false);
        assertThat(unmasked.nodeCount()).isEqualTo(3);
        assertThat(unmasked.forward(Map.of("qh", qh, "kh", kh, "v", v)).get("y").allClose(
                qh.permute(0, 2, 1, 3).matmul(kh.permute(0, 2, 3, 1)).mul(0.5).softmax(-1).matmul(v), 1e-5, 1e-6))
                .isTrue();
    }

    @Test
    void aSoftmaxOverAnotherAxisIsNotTakenForAttention() throws IOException {
        OnnxModel m = attention("Div", 2.0, 1, true);
        assertThat(m.nodeCount()).isEqualTo(7);                  // nothing fused
        Generator random = new Generator(8);
        Tensor qh = randn(random, 1, 3, 2, 4);
        Tensor kh = randn(random, 1, 3, 2, 4);
        Tensor v = randn(random, 1, 2, 3, 4);
        Tensor mask = Tensor.zeros(1, 1, 1, 3);
        Tensor scores = qh.permute(0, 2, 1, 3).matmul(kh.permute(0, 2, 3, 1)).div(2.0);
        Tensor expected = scores.reshape(1, 18).softmax(-1).reshape(1, 2, 3, 3).matmul(v);  // opset 11: axis 1 on
        Tensor y = m.forward(Map.of("qh", qh, "kh", kh, "v", v, "mask", mask)).get("y");  // (1, 18) rows
        assertThat(y.allClose(expected, 1e-5, 1e-6)).isTrue();
    }

    @Test
    void inInferenceAViewKeepsTheBufferOfTheValueItViewsFromReuse() throws IOException {
        // a = relu(x) dies at the Reshape, but its view v lives on: its buffer must not back b or c,
        // which have its length; they would, once freed, were liveness not counted per storage.
        GraphProto g = GraphProto.newBuilder().setName("views")
                .addInput(value("x", 1, 4, 4))
                .addOutput(value("y", 1, 4, 4))
                .addInitializer(Models.tensor("flat", Tensor.of(16L)))
                .addInitializer(Models.tensor("square", Tensor.of(4L, 4L)))
                .addNode(node("Relu", List.of("x"), List.of("a")))
                .addNode(node("Reshape", List.of("a", "flat"), List.of("v")))
                .addNode(node("Neg", List.of("x"), List.of("b")))
                .addNode(node("Abs", List.of("x"), List.of("c")))
                .addNode(node("Add", List.of("b", "c"), List.of("bc")))
                .addNode(node("Reshape", List.of("v", "square"), List.of("d")))
                .addNode(node("Add", List.of("d", "bc"), List.of("y")))
                .build();
        OnnxModel m = Onnx.load(Models.write(dir, "views.onnx", Models.model(g, 13)));
        Tensor x = Tensor.randn(Shape.of(4, 4), DType.FLOAT32, new Generator(3));
        Tensor expected = x.relu().add(x.neg()).add(x.abs());
        try (var off = Grad.off()) {
            for (int run = 0; run < 3; run++) {
                assertThat(m.forward(x).allClose(expected, 0, 0)).as("run " + run).isTrue();
            }
        }
        assertThat(m.forward(x).allClose(expected, 0, 0)).as("with autograd on, nothing is recycled").isTrue();
    }

    private static Tensor randn(Generator random, int... shape) {
        return Tensor.randn(Shape.of(shape), DType.FLOAT32, random);
    }

    private static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto
                .newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static AttributeProto tensorAttr(Tensor t) {
        return AttributeProto.newBuilder().setName("value")
                .setType(AttributeProto.AttributeType.TENSOR)
                .setT(TensorCodec.encode("", t)).build();
    }
}
