/**
 * ONNX in and out of Myelin.
 *
 * <p>Public API:
 * <ul>
 *   <li>{@link dev.myelin.onnx.Onnx}: reads model files (and single tensors) without trusting them;
 *   <li>{@link dev.myelin.onnx.OnnxModel}: an imported graph as an {@code nn.Module} whose weights are
 *       parameters, run by Myelin ops (so it trains, freezes, and cuts into backbones);
 *   <li>{@link dev.myelin.onnx.OnnxExporter}: writes Myelin models as ONNX files;
 *   <li>{@link dev.myelin.onnx.NodeTests}: runs ONNX's backend node tests;
 *   <li>{@link dev.myelin.onnx.MiniLm}: the pretrained all-MiniLM-L6-v2 sentence embedder.
 * </ul>
 *
 * <p>Inside: {@code ProtoFiles} and {@code TensorCodec} read protobuf files and tensors with every
 * size checked; {@code GraphCompiler} turns a graph into a {@code Graph} of kernels (topological
 * order, subgraph scopes, constant folding); {@code Fusions} rewrites exporters' op-by-op layer
 * norm, GELU and MatMul+bias into fused kernels; {@code Operators} holds the operator families
 * ({@code ElementwiseOps}, {@code ShapeOps}, {@code IndexOps}, {@code ReduceOps}, {@code NnOps},
 * {@code ResizeOps}, {@code RecurrentOps}, {@code ControlFlowOps}, {@code SequenceOps},
 * {@code LossOps}, {@code QuantizeOps}, {@code SamplingOps}, {@code TextOps}, {@code MiscOps},
 * {@code TrainingOps}), each mapping ONNX operators, with the attribute defaults and per-opset
 * differences of the specification, onto Myelin tensor ops. The schema is
 * {@code src/main/proto/onnx.proto}, compiled by protoc at build time into
 * {@code dev.myelin.onnx.proto.OnnxProto}.
 */
package dev.myelin.onnx;
