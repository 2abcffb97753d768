package dev.myelin.onnx;

import dev.myelin.io.InvalidFileException;
import dev.myelin.onnx.proto.OnnxProto.GraphProto;
import dev.myelin.onnx.proto.OnnxProto.ModelProto;
import dev.myelin.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.myelin.onnx.proto.OnnxProto.TensorProto;
import dev.myelin.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

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

    /** The model in {@code bytes} (a whole .onnx file without external data); {@code name} names it in errors. */
    static OnnxModel load(byte[] bytes, String name) throws IOException {
        String where = "ONNX model " + name;
        ModelProto model = ProtoFiles.parse(bytes, ModelProto.parser(), where);
        if (!model.hasGraph()) {
            throw new InvalidFileException(where + ": no graph (is this an ONNX model file?)");
        }
        return fromProto(model, where, null);
    }

    /** The model of a parsed file ({@code file} locates external data and names the model in errors). */
    static OnnxModel fromProto(ModelProto model, Path file) throws IOException {
        return fromProto(model, "ONNX model " + file, file.toAbsolutePath().getParent());
    }

    private static OnnxModel fromProto(ModelProto model, String where, Path baseDir) throws IOException {
        Map<String, Integer> opsets = new LinkedHashMap<>();
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            String domain = o.getDomain().equals("ai.onnx") ? "" : o.getDomain();
            opsets.put(domain, (int) Math.min(Integer.MAX_VALUE, Math.max(0, o.getVersion())));
        }
        GraphProto g = model.getGraph();
        Map<String, Tensor> initializers = new LinkedHashMap<>();
        Map<String, Boolean> trainable = new LinkedHashMap<>();
        for (TensorProto init : g.getInitializerList()) {
            String name = init.getName();
            if (name.isEmpty() || initializers.containsKey(name)) {
                throw new InvalidFileException(where + ": initializer name '" + name + "' is empty or repeated");
            }
            Tensor t = TensorCodec.decode(init, where + ": initializer '" + name + "'", baseDir);
            initializers.put(name, t);
            trainable.put(name, t.dtype().isFloatingPoint() && t.numel() > 1);
        }
        String producer = (model.getProducerName() + " " + model.getProducerVersion()).trim();
        return OnnxModel.build(g.toBuilder().clearInitializer().build(), initializers, trainable, opsets, producer,
                where, baseDir);
    }

    /** Reads one tensor stored as a serialized {@code TensorProto} (no external data). */
    public static Tensor readTensor(Path file) throws IOException {
        TensorProto p = ProtoFiles.read(file, TensorProto.parser(), "ONNX tensor");
        return TensorCodec.decode(p, "ONNX tensor " + file, null);
    }
}
