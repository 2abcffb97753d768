package dev.myelin.onnx;

import dev.myelin.autograd.Grad;
import dev.myelin.onnx.proto.OnnxProto.ModelProto;
import dev.myelin.onnx.proto.OnnxProto.OptionalProto;
import dev.myelin.onnx.proto.OnnxProto.SequenceProto;
import dev.myelin.onnx.proto.OnnxProto.TensorProto;
import dev.myelin.onnx.proto.OnnxProto.TypeProto;
import dev.myelin.onnx.proto.OnnxProto.ValueInfoProto;
import dev.myelin.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs ONNX's backend node tests: folders holding a {@code model.onnx} and
 * {@code test_data_set_*} folders of {@code input_*.pb} and {@code output_*.pb} files (the
 * Debian package {@code libonnx-testdata} installs them under
 * {@code /usr/share/libonnx-testdata/data/node}). Outputs are compared as ONNX's backend tests
 * compare them: same shape and element kind, and |actual - expected| &lt;= atol + rtol·|expected|
 * with rtol 1e-3 and atol 1e-5 (NaN matches NaN). An unsupported operator is a failure whose
 * reason says so.
 *
 * <pre>{@code
 * for (NodeTests.Result r : NodeTests.runAll(List.of(Path.of("/usr/share/libonnx-testdata/data/node")), null)) {
 *     System.out.println(r);
 * }
 * }</pre>
 */
public final class NodeTests {
    /** The relative tolerance of ONNX's backend tests. */
    public static final double RTOL = 1e-3;
    /** The absolute tolerance of ONNX's backend tests. */
    public static final double ATOL = 1e-5;

    private NodeTests() {}

    /** The outcome of one test folder: its name, whether it passed, and why not. */
    public record Result(String name, boolean passed, String reason) {
        @Override
        public String toString() {
            return (passed ? "PASS " : "FAIL ") + name + (passed ? "" : ": " + reason);
        }
    }

    /**
     * The test folders at or below {@code roots}: a folder with a {@code model.onnx} is a test,
     * any other folder is searched. Sorted by path.
     */
    public static List<Path> find(List<Path> roots) throws IOException {
        List<Path> tests = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                throw new IOException("not a folder: " + root);
            }
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(p -> Files.isRegularFile(p.resolve("model.onnx"))).sorted().forEach(tests::add);
            }
        }
        return tests;
    }

    /** Runs every test at or below {@code roots}, reporting each result to {@code progress} (may be null). */
    public static List<Result> runAll(List<Path> roots, Consumer<Result> progress) throws IOException {
        List<Result> results = new ArrayList<>();
        for (Path dir : find(roots)) {
            Result r = run(dir);
            results.add(r);
            if (progress != null) {
                progress.accept(r);
            }
        }
        return results;
    }

    /** Runs one test folder: every data set must match. */
    public static Result run(Path dir) {
        String name = dir.getFileName().toString();
        try {
            Path modelFile = dir.resolve("model.onnx");
            ModelProto proto = ProtoFiles.readModel(modelFile);
            OnnxModel model = Onnx.fromProto(proto, modelFile);
            List<Path> sets;
            try (Stream<Path> s = Files.list(dir)) {
                sets = s.filter(p -> p.getFileName().toString().startsWith("test_data_set_")).sorted().toList();
            }
            List<ValueInfoProto> inputs = proto.getGraph().getInputList().stream()
                    .filter(v -> model.inputNames().contains(v.getName())).toList();
            List<ValueInfoProto> outputs = proto.getGraph().getOutputList();
            for (Path set : sets) {
                Object[] in = new Object[inputs.size()];
                for (int i = 0; i < in.length; i++) {
                    Path f = set.resolve("input_" + i + ".pb");
                    in[i] = Files.exists(f) ? readValue(f, inputs.get(i).getType()) : null;
                }
                Object[] actual;
                try (var off = Grad.off()) {
                    actual = model.run(in, Map.of());
                }
                for (int i = 0; i < outputs.size(); i++) {
                    Object expected = readValue(set.resolve("output_" + i + ".pb"), outputs.get(i).getType());
                    String mismatch = compare(expected, actual[i]);
                    if (mismatch != null) {
                        return new Result(name, false, set.getFileName() + " output " + i + " ('"
                                + outputs.get(i).getName() + "'): " + mismatch);
                    }
                }
            }
            return new Result(name, true, "");
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            return new Result(name, false, reason(e));
        }
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        String message = e.getMessage();
        while (message == null && root.getCause() != null) {
            root = root.getCause();
            message = root.getMessage();
        }
        String text = e instanceof UnsupportedOperationException || e instanceof OnnxException
                || e instanceof IllegalArgumentException || e instanceof IOException
                ? String.valueOf(message) : e.getClass().getSimpleName() + ": " + message;
        text = text.replace('\n', ' ');
        return text.length() > 240 ? text.substring(0, 240) + "..." : text;
    }

    /** A value file of the given ONNX type: a tensor, a sequence or an optional. */
    private static Object readValue(Path file, TypeProto type) throws IOException {
        if (type.hasSequenceType()) {
            return sequence(ProtoFiles.read(file, SequenceProto.parser(), "ONNX sequence"), file);
        }
        if (type.hasOptionalType()) {
            return optional(ProtoFiles.read(file, OptionalProto.parser(), "ONNX optional"), file);
        }
        return TensorCodec.decode(ProtoFiles.read(file, TensorProto.parser(), "ONNX tensor"), "ONNX tensor " + file,
                null);
    }

    private static List<Object> sequence(SequenceProto s, Path file) throws IOException {
        List<Object> out = new ArrayList<>();
        for (TensorProto t : s.getTensorValuesList()) {
            out.add(TensorCodec.decode(t, "ONNX sequence " + file, null));
        }
        for (SequenceProto inner : s.getSequenceValuesList()) {
            out.add(sequence(inner, file));
        }
        return out;
    }

    private static Object optional(OptionalProto o, Path file) throws IOException {
        if (o.hasTensorValue()) {
            return TensorCodec.decode(o.getTensorValue(), "ONNX optional " + file, null);
        }
        if (o.hasSequenceValue()) {
            return sequence(o.getSequenceValue(), file);
        }
        return Values.NONE;
    }

    /** Null if {@code actual} matches {@code expected}, else what differs. */
    static String compare(Object expected, Object actual) {
        if (expected instanceof Tensor e) {
            if (!(actual instanceof Tensor a)) {
                return "expected a tensor, got " + Values.describe(actual);
            }
            return compareTensors(e, a);
        }
        if (expected instanceof List<?> e) {
            if (!(actual instanceof List<?> a) || a.size() != e.size()) {
                return "expected a sequence of " + e.size() + ", got " + Values.describe(actual);
            }
            for (int i = 0; i < e.size(); i++) {
                String m = compare(e.get(i), a.get(i));
                if (m != null) {
                    return "element " + i + ": " + m;
                }
            }
            return null;
        }
        return actual == Values.NONE ? null : "expected an empty optional, got " + Values.describe(actual);
    }

    private static String compareTensors(Tensor e, Tensor a) {
        if (!e.shape().equals(a.shape())) {
            return "shape " + a.shape() + ", expected " + e.shape();
        }
        if (e.dtype() != a.dtype()) {
            return "dtype " + a.dtype() + ", expected " + e.dtype();
        }
        double[] x = a.toDoubleArray();
        double[] y = e.toDoubleArray();
        int bad = 0;
        int first = -1;
        for (int i = 0; i < x.length; i++) {
            boolean ok = x[i] == y[i] || (Double.isNaN(x[i]) && Double.isNaN(y[i]))
                    || Math.abs(x[i] - y[i]) <= ATOL + RTOL * Math.abs(y[i]);
            if (!ok) {
                bad++;
                first = first < 0 ? i : first;
            }
        }
        return bad == 0 ? null : bad + " of " + x.length + " values differ; at flat index " + first + " got "
                + x[first] + ", expected " + y[first];
    }
}
