package dev.myelin.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.google.protobuf.ByteString;
import dev.myelin.onnx.proto.OnnxProto.SequenceProto;
import dev.myelin.onnx.proto.OnnxProto.TensorProto;
import dev.myelin.tensor.Tensor;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A one-off measurement, not part of the suite: which of ONNX's node tests ONNX Runtime passes on
 * the same data with the same comparison as {@link NodeTests}, written to
 * {@code src/test/resources/node-tests-ort-passed.txt} (the denominator of the 90% target). Run it
 * after upgrading ONNX Runtime or the test data:
 * <pre>
 * mvn -pl myelin-onnx test -Dtest=OrtNodeTestSurvey -Dmyelin.ortSurvey=true
 * </pre>
 * ONNX Runtime's Java API cannot build sequence or optional inputs, nor uint16/32/64 tensors; such
 * tests count as failures of ONNX Runtime here, with that reason.
 */
class OrtNodeTestSurvey {
    static final Path NODE_TESTS = Path.of("/usr/share/libonnx-testdata/data/node");
    static final Path OUTPUT = Path.of("src/test/resources/node-tests-ort-passed.txt");

    @Test
    @EnabledIfSystemProperty(named = "myelin.ortSurvey", matches = "true")
    void survey() throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<String> passed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Path dir : NodeTests.find(List.of(NODE_TESTS))) {
            String name = dir.getFileName().toString();
            String reason;
            try {
                reason = run(env, dir);
            } catch (Exception | Error e) {
                reason = String.valueOf(e.getMessage()).replace('\n', ' ');
            }
            if (reason == null) {
                passed.add(name);
            } else {
                failed.add(name + ": " + (reason.length() > 200 ? reason.substring(0, 200) + "..." : reason));
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add("# The ONNX node tests (Debian libonnx-testdata) that ONNX Runtime passes, compared as NodeTests");
        lines.add("# compares (rtol 1e-3, atol 1e-5): the denominator of the 90% target. Written by OrtNodeTestSurvey");
        lines.add("# with com.microsoft.onnxruntime:onnxruntime " + ai.onnxruntime.OrtEnvironment.getEnvironment()
                .getVersion() + " (Java API, CPU): " + passed.size() + " of " + (passed.size() + failed.size())
                + " pass. Failures are listed at the end as comments.");
        lines.addAll(passed);
        for (String f : failed) {
            lines.add("# failed " + f);
        }
        Files.write(OUTPUT, lines, StandardCharsets.UTF_8);
        System.out.println("ONNX Runtime passes " + passed.size() + " of " + (passed.size() + failed.size()));
    }

    /** Null if ONNX Runtime reproduces every output of every data set, else why not. */
    private static String run(OrtEnvironment env, Path dir) throws Exception {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession session = env.createSession(dir.resolve("model.onnx").toString(), options)) {
            List<String> inputNames = new ArrayList<>(session.getInputInfo().keySet());
            List<String> outputNames = new ArrayList<>(session.getOutputInfo().keySet());
            List<Path> sets;
            try (Stream<Path> s = Files.list(dir)) {
                sets = s.filter(p -> p.getFileName().toString().startsWith("test_data_set_")).sorted().toList();
            }
            for (Path set : sets) {
                Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
                try {
                    for (int i = 0; i < inputNames.size(); i++) {
                        Path f = set.resolve("input_" + i + ".pb");
                        if (!Files.exists(f)) {
                            continue;
                        }
                        NodeInfo info = session.getInputInfo().get(inputNames.get(i));
                        if (!(info.getInfo() instanceof TensorInfo)) {
                            return "the Java API cannot build a " + info.getInfo().getClass().getSimpleName() + " input";
                        }
                        inputs.put(inputNames.get(i), tensor(env, TensorProto.parseFrom(Files.readAllBytes(f))));
                    }
                    try (OrtSession.Result result = session.run(inputs)) {
                        for (int i = 0; i < outputNames.size(); i++) {
                            Path f = set.resolve("output_" + i + ".pb");
                            String mismatch = compare(f, result.get(i));
                            if (mismatch != null) {
                                return set.getFileName() + " output " + i + ": " + mismatch;
                            }
                        }
                    }
                } finally {
                    inputs.values().forEach(OnnxTensor::close);
                }
            }
            return null;
        }
    }

    private static OnnxTensor tensor(OrtEnvironment env, TensorProto p) throws Exception {
        long[] shape = p.getDimsList().stream().mapToLong(Long::longValue).toArray();
        if (p.getDataType() == TensorProto.DataType.STRING_VALUE) {
            String[] values = p.getStringDataList().stream().map(ByteString::toStringUtf8).toArray(String[]::new);
            return OnnxTensor.createTensor(env, values, shape);
        }
        OnnxJavaType type = switch (p.getDataType()) {
            case 1 -> OnnxJavaType.FLOAT;
            case 2 -> OnnxJavaType.UINT8;
            case 3 -> OnnxJavaType.INT8;
            case 5 -> OnnxJavaType.INT16;
            case 6 -> OnnxJavaType.INT32;
            case 7 -> OnnxJavaType.INT64;
            case 9 -> OnnxJavaType.BOOL;
            case 10 -> OnnxJavaType.FLOAT16;
            case 11 -> OnnxJavaType.DOUBLE;
            case 16 -> OnnxJavaType.BFLOAT16;
            default -> throw new IllegalArgumentException("the Java API cannot build tensors of ONNX type "
                    + p.getDataType());
        };
        ByteBuffer raw = rawBytes(p, type);
        return OnnxTensor.createTensor(env, raw, shape, type);
    }

    /** The tensor's data as little-endian bytes, from raw_data or the typed fields. */
    private static ByteBuffer rawBytes(TensorProto p, OnnxJavaType type) {
        if (p.hasRawData()) {
            ByteBuffer b = ByteBuffer.allocateDirect(p.getRawData().size()).order(ByteOrder.nativeOrder());
            b.put(p.getRawData().asReadOnlyByteBuffer()).flip();
            return b;
        }
        int n = Math.max(p.getFloatDataCount(), Math.max(p.getInt32DataCount(), Math.max(p.getInt64DataCount(),
                p.getDoubleDataCount())));
        ByteBuffer b = ByteBuffer.allocateDirect(n * type.size).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            switch (type) {
                case FLOAT -> b.putFloat(p.getFloatData(i));
                case DOUBLE -> b.putDouble(p.getDoubleData(i));
                case INT64 -> b.putLong(p.getInt64Data(i));
                case INT32 -> b.putInt(p.getInt32Data(i));
                case INT16, FLOAT16, BFLOAT16 -> b.putShort((short) p.getInt32Data(i));
                default -> b.put((byte) p.getInt32Data(i));
            }
        }
        return b.flip();
    }

    private static String compare(Path expectedFile, OnnxValue actual) throws Exception {
        try {
            if (actual instanceof OnnxSequence seq) {
                SequenceProto expected = SequenceProto.parseFrom(Files.readAllBytes(expectedFile));
                List<Object> want = new ArrayList<>();
                for (TensorProto e : expected.getTensorValuesList()) {
                    want.add(TensorCodec.decode(e, "expected", null));
                }
                List<Object> got = new ArrayList<>();
                for (OnnxValue v : seq.getValue()) {
                    got.add(toMyelin((OnnxTensor) v));
                }
                return NodeTests.compare(want, got);
            }
            OnnxTensor t = (OnnxTensor) actual;
            TensorProto expected = TensorProto.parseFrom(Files.readAllBytes(expectedFile));
            if (t.getInfo().type == OnnxJavaType.STRING) {
                List<String> got = new ArrayList<>();
                flatten(t.getValue(), got);
                List<String> want = expected.getStringDataList().stream().map(ByteString::toStringUtf8).toList();
                return got.equals(want) ? null : "strings " + got + ", expected " + want;
            }
            return NodeTests.compare(TensorCodec.decode(expected, "expected", null), toMyelin(t));
        } catch (IOException | RuntimeException e) {
            return e.getMessage();
        }
    }

    /** An ONNX Runtime tensor as a Myelin tensor, through a TensorProto of its raw bytes. */
    private static Tensor toMyelin(OnnxTensor t) throws IOException {
        TensorInfo info = t.getInfo();
        String typeName = info.onnxType.name().replace("ONNX_TENSOR_ELEMENT_DATA_TYPE_", "");
        int code = ElementType.valueOf(typeName).code;
        TensorProto.Builder p = TensorProto.newBuilder().setDataType(code)
                .setRawData(ByteString.copyFrom(t.getByteBuffer().order(ByteOrder.LITTLE_ENDIAN)));
        for (long d : info.getShape()) {
            p.addDims(d);
        }
        return TensorCodec.decode(p.build(), "actual", null);
    }

    private static void flatten(Object value, List<String> out) {
        if (value instanceof String s) {
            out.add(s);
        } else if (value != null && value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                flatten(Array.get(value, i), out);
            }
        }
    }
}
