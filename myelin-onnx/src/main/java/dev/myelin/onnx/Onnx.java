package dev.myelin.onnx;

import dev.myelin.io.InvalidFileException;
import dev.myelin.onnx.proto.OnnxProto.GraphProto;
import dev.myelin.onnx.proto.OnnxProto.ModelProto;
import dev.myelin.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.myelin.onnx.proto.OnnxProto.TensorProto;
import dev.myelin.onnx.proto.OnnxProto.ValueInfoProto;
import dev.myelin.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reading ONNX files: models into {@link OnnxModel}s, and single tensors ({@code .pb} files of
 * ONNX's test data).
 *
 * <p>Files are never trusted: a truncated or corrupt file, impossible dims, data that does not
 * match its dims, or external data outside the model's folder is rejected with an
 * {@link InvalidFileException} naming the file, before anything of the claimed size is
 * allocated. Operators Myelin does not implement are reported when the model loads.
 *
 * <pre>{@code
 * OnnxModel model = Onnx.load(Path.of("resnet.onnx"));
 * Tensor logits = model.forward(images);
 * }</pre>
 */
public final class Onnx {
    private Onnx() {}

    /**
     * Loads a model: reads and checks the file, decodes the initializers into parameters and
     * buffers, and compiles the graph (topological order, operator kernels, constant folding).
     *
     * @throws InvalidFileException if the file is malformed or hostile
     * @throws UnsupportedOperationException if the graph uses an operator or type Myelin lacks
     */
    public static OnnxModel load(Path file) throws IOException {
        return fromProto(ProtoFiles.readModel(file), file);
    }

    /** The model of a parsed file ({@code file} locates external data and names the model in errors). */
    static OnnxModel fromProto(ModelProto model, Path file) throws IOException {
        String where = "ONNX model " + file;
        Path baseDir = file.toAbsolutePath().getParent();
        Map<String, Integer> opsets = new LinkedHashMap<>();
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            String domain = o.getDomain().equals("ai.onnx") ? "" : o.getDomain();
            opsets.put(domain, (int) Math.min(Integer.MAX_VALUE, Math.max(0, o.getVersion())));
        }
        GraphProto g = model.getGraph();
        Set<String> inputNames = new HashSet<>();
        for (ValueInfoProto v : g.getInputList()) {
            inputNames.add(v.getName());
        }
        Map<String, Tensor> parameters = new LinkedHashMap<>();
        Map<String, Tensor> buffers = new LinkedHashMap<>();
        Map<String, Object> constants = new LinkedHashMap<>();
        List<String> runtime = new ArrayList<>();
        for (TensorProto init : g.getInitializerList()) {
            String name = init.getName();
            if (name.isEmpty() || parameters.containsKey(name) || buffers.containsKey(name)) {
                throw new InvalidFileException(where + ": initializer name '" + name + "' is empty or repeated");
            }
            Tensor t = TensorCodec.decode(init, where + ": initializer '" + name + "'", baseDir);
            boolean trainable = t.dtype().isFloatingPoint() && t.numel() > 1;
            if (trainable) {
                parameters.put(name, t.requiresGrad(true));
            } else {
                buffers.put(name, t);
            }
            if (trainable || inputNames.contains(name)) {
                runtime.add(name);
            } else {
                constants.put(name, t);
            }
        }
        Graph graph = new GraphCompiler(opsets, baseDir, where).compile(g, Set.of(), constants, runtime);
        String producer = (model.getProducerName() + " " + model.getProducerVersion()).trim();
        return new OnnxModel(graph, parameters, buffers, opsets, producer);
    }

    /** Reads one tensor stored as a serialized {@code TensorProto} (no external data). */
    public static Tensor readTensor(Path file) throws IOException {
        TensorProto p = ProtoFiles.read(file, TensorProto.parser(), "ONNX tensor");
        return TensorCodec.decode(p, "ONNX tensor " + file, null);
    }
}
