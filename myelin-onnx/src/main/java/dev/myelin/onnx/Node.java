package dev.myelin.onnx;

import dev.myelin.onnx.proto.OnnxProto.AttributeProto;
import dev.myelin.onnx.proto.OnnxProto.NodeProto;
import dev.myelin.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One ONNX node as an operator implementation sees it while it builds its kernel: the operator
 * set version, the attributes (with the defaults the operator's specification gives), which
 * inputs are present, the values of inputs that are constants, and compiled subgraphs.
 */
final class Node {
    private final NodeProto proto;
    private final int opset;
    private final Map<String, AttributeProto> attributes;
    private final Map<String, Tensor> tensorAttributes;
    private final Map<String, Graph> graphAttributes;
    private final Object[] constantInputs;
    private final List<String> implicitInputs;
    private final ElementType[] inputTypes;
    private final ElementType[] outputTypes;

    Node(NodeProto proto, int opset, Map<String, AttributeProto> attributes, Map<String, Tensor> tensorAttributes,
            Map<String, Graph> graphAttributes, Object[] constantInputs, List<String> implicitInputs,
            ElementType[] inputTypes, ElementType[] outputTypes) {
        this.proto = proto;
        this.opset = opset;
        this.attributes = attributes;
        this.tensorAttributes = tensorAttributes;
        this.graphAttributes = graphAttributes;
        this.constantInputs = constantInputs;
        this.implicitInputs = implicitInputs;
        this.inputTypes = inputTypes;
        this.outputTypes = outputTypes;
    }

    /** The ONNX element type of input i if the file declares it, else null. */
    ElementType inputType(int i) {
        return i < inputTypes.length ? inputTypes[i] : null;
    }

    /** The ONNX element type of output i if the file declares it, else null. */
    ElementType outputType(int i) {
        return i < outputTypes.length ? outputTypes[i] : null;
    }

    String opType() {
        return proto.getOpType();
    }

    /** The version of the operator set this node's domain was imported at. */
    int opset() {
        return opset;
    }

    /** The number of inputs the node lists (absent optional ones included). */
    int inputCount() {
        return proto.getInputCount();
    }

    int outputCount() {
        return proto.getOutputCount();
    }

    /** Whether output i is wanted (listed with a non-empty name). */
    boolean wants(int i) {
        return i < proto.getOutputCount() && !proto.getOutput(i).isEmpty();
    }

    /** The value of input i if it is known when the model loads (an initializer or a folded constant), else null. */
    Object constant(int i) {
        return i < constantInputs.length ? constantInputs[i] : null;
    }

    /** The outer-scope values the node's subgraphs read, passed after the explicit inputs. */
    List<String> implicitInputs() {
        return implicitInputs;
    }

    /** The node as errors name it: {@code Conv 'conv1'}. */
    String describe() {
        return proto.getOpType() + (proto.getName().isEmpty() ? "" : " '" + proto.getName() + "'");
    }

    /** An exception for a node whose attributes or inputs are wrong. */
    IllegalArgumentException fail(String message) {
        return new IllegalArgumentException(describe() + ": " + message);
    }

    // ---------------------------------------------------------------- attributes

    boolean hasAttr(String name) {
        return attributes.containsKey(name);
    }

    private AttributeProto attr(String name, AttributeProto.AttributeType type) {
        AttributeProto a = attributes.get(name);
        if (a != null && a.getType() != type && a.getType() != AttributeProto.AttributeType.UNDEFINED) {
            throw fail("attribute '" + name + "' should be " + type + ", got " + a.getType());
        }
        return a;
    }

    long i(String name, long defaultValue) {
        AttributeProto a = attr(name, AttributeProto.AttributeType.INT);
        return a == null ? defaultValue : a.getI();
    }

    /** An int attribute that must be present. */
    long i(String name) {
        AttributeProto a = attr(name, AttributeProto.AttributeType.INT);
        if (a == null) {
            throw fail("attribute '" + name + "' is required");
        }
        return a.getI();
    }

    float f(String name, float defaultValue) {
        AttributeProto a = attr(name, AttributeProto.AttributeType.FLOAT);
        return a == null ? defaultValue : a.getF();
    }

    String s(String name, String defaultValue) {
        AttributeProto a = attr(name, AttributeProto.AttributeType.STRING);
        return a == null ? defaultValue : a.getS().toStringUtf8();
    }

    /** An ints attribute, or null when absent. */
    long[] ints(String name) {
        AttributeProto a = attr(name, AttributeProto.AttributeType.INTS);
        return a == null ? null : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    /** An ints attribute as ints, or {@code defaultValue} when absent. */
    int[] intArray(String name, int[] defaultValue) {
        long[] v = ints(name);
        return v == null ? defaultValue : Arrays.stream(v).mapToInt(Math::toIntExact).toArray();
    }

    /** A floats attribute, or null when absent. */
    float[] floats(String name) {
        AttributeProto a = attr(name, AttributeProto.AttributeType.FLOATS);
        if (a == null) {
            return null;
        }
        float[] out = new float[a.getFloatsCount()];
        for (int k = 0; k < out.length; k++) {
            out[k] = a.getFloats(k);
        }
        return out;
    }

    /** A strings attribute, or null when absent. */
    List<String> strings(String name) {
        AttributeProto a = attr(name, AttributeProto.AttributeType.STRINGS);
        return a == null ? null : a.getStringsList().stream().map(b -> b.toStringUtf8()).toList();
    }

    /** A tensor attribute (decoded when the model loaded), or null when absent. */
    Tensor tensor(String name) {
        return tensorAttributes.get(name);
    }

    /** A graph attribute (compiled when the model loaded), or null when absent. */
    Graph graph(String name) {
        return graphAttributes.get(name);
    }

    /** The attribute itself, for the few operators that accept several kinds (Constant). */
    AttributeProto raw(String name) {
        return attributes.get(name);
    }

    /** Every attribute name, for operators that take exactly one of several. */
    java.util.Set<String> attributeNames() {
        return attributes.keySet();
    }
}
