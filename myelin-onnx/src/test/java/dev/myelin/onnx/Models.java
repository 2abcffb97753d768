package dev.myelin.onnx;

import dev.myelin.onnx.proto.OnnxProto.AttributeProto;
import dev.myelin.onnx.proto.OnnxProto.GraphProto;
import dev.myelin.onnx.proto.OnnxProto.ModelProto;
import dev.myelin.onnx.proto.OnnxProto.NodeProto;
import dev.myelin.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.myelin.onnx.proto.OnnxProto.TensorProto;
import dev.myelin.onnx.proto.OnnxProto.TensorShapeProto;
import dev.myelin.onnx.proto.OnnxProto.TypeProto;
import dev.myelin.onnx.proto.OnnxProto.ValueInfoProto;
import dev.myelin.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Small ONNX models built in code for tests. */
final class Models {
    private Models() {}

    static NodeProto node(String op, List<String> inputs, List<String> outputs, AttributeProto... attrs) {
        return NodeProto.newBuilder().setOpType(op).addAllInput(inputs).addAllOutput(outputs)
                .addAllAttribute(List.of(attrs)).build();
    }

    static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto graphAttr(String name, GraphProto g) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.GRAPH).setG(g).build();
    }

    static ValueInfoProto value(String name, int elemType, int... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (int d : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape))).build();
    }

    static TensorProto tensor(String name, Tensor t) {
        return TensorCodec.encode(name, t);
    }

    static ModelProto model(GraphProto graph, int opset) {
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("myelin-test").setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).build();
    }

    /**
     * y = relu(x · w1 + b1) · w2 + b2 with x (N, 3), w1 (3, 4), w2 (4, 2), plus a scalar initializer
     * "scale" multiplying the output and an int64 "shape" initializer used by a Reshape.
     */
    static ModelProto mlp() {
        GraphProto g = GraphProto.newBuilder().setName("mlp")
                .addInput(value("x", 1, 2, 3))
                .addOutput(value("y", 1, 2, 2))
                .addInitializer(tensor("fc1.weight", Tensor.fromArray(new float[] {
                    0.1f, -0.2f, 0.3f, 0.4f, 0.5f, 0.6f, -0.7f, 0.8f, 0.9f, 1.0f, 1.1f, -1.2f}, 3, 4)))
                .addInitializer(tensor("fc1.bias", Tensor.of(0.1f, 0.2f, 0.3f, 0.4f)))
                .addInitializer(tensor("fc2.weight", Tensor.fromArray(new float[] {
                    1, 0, 0, 1, 1, 1, -1, 0.5f}, 4, 2)))
                .addInitializer(tensor("fc2.bias", Tensor.of(0.5f, -0.5f)))
                .addInitializer(tensor("scale", Tensor.scalar(2.0)))
                .addInitializer(tensor("shape", Tensor.of(-1L, 2L)))
                .addNode(node("MatMul", List.of("x", "fc1.weight"), List.of("h0")))
                .addNode(node("Add", List.of("h0", "fc1.bias"), List.of("h1")))
                .addNode(node("Relu", List.of("h1"), List.of("h2")))
                .addNode(node("MatMul", List.of("h2", "fc2.weight"), List.of("o0")))
                .addNode(node("Add", List.of("o0", "fc2.bias"), List.of("o1")))
                .addNode(node("Mul", List.of("o1", "scale"), List.of("o2")))
                .addNode(node("Reshape", List.of("o2", "shape"), List.of("y")))
                .build();
        return model(g, 13);
    }

    static Path write(Path dir, String name, ModelProto model) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, model.toByteArray());
        return file;
    }
}
