package dev.myelin.onnx;

import static dev.myelin.onnx.Models.node;
import static dev.myelin.onnx.Models.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.myelin.io.InvalidFileException;
import dev.myelin.onnx.proto.OnnxProto.GraphProto;
import dev.myelin.onnx.proto.OnnxProto.ModelProto;
import dev.myelin.onnx.proto.OnnxProto.StringStringEntryProto;
import dev.myelin.onnx.proto.OnnxProto.TensorProto;
import dev.myelin.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Truncated, corrupt and hostile ONNX files: each is rejected with an {@link InvalidFileException}
 * whose message names the file and the problem, before anything of a claimed size is allocated.
 */
class HostileFilesTest {
    @TempDir
    Path dir;

    /** A one-node model y = x + w around the given initializer (named "w"). */
    private static ModelProto withInitializer(TensorProto w) {
        GraphProto g = GraphProto.newBuilder().addInput(value("x", 1, 4)).addOutput(value("y", 1, 4))
                .addInitializer(w.toBuilder().setName("w"))
                .addNode(node("Add", List.of("x", "w"), List.of("y"))).build();
        return Models.model(g, 13);
    }

    private static TensorProto floats(long[] dims, int count) {
        TensorProto.Builder t = TensorProto.newBuilder().setDataType(1);
        Arrays.stream(dims).forEach(t::addDims);
        for (int i = 0; i < count; i++) {
            t.addFloatData(i);
        }
        return t.build();
    }

    private static TensorProto raw(long[] dims, int bytes) {
        TensorProto.Builder t = TensorProto.newBuilder().setDataType(1).setRawData(ByteString.copyFrom(new byte[bytes]));
        Arrays.stream(dims).forEach(t::addDims);
        return t.build();
    }

    static Stream<Arguments> badTensors() {
        return Stream.of(
                Arguments.of("dims far beyond any array", raw(new long[] {1L << 40}, 16), "impossible dims"),
                Arguments.of("a product that overflows", raw(new long[] {1 << 20, 1 << 20, 1 << 20}, 16), "more than"),
                Arguments.of("a negative dim", raw(new long[] {-4}, 16), "impossible dims"),
                Arguments.of("raw data shorter than the dims", raw(new long[] {4}, 8), "raw_data holds 8 bytes"),
                Arguments.of("raw data longer than the dims", raw(new long[] {4}, 20), "need 16"),
                Arguments.of("too few typed values", floats(new long[] {4}, 3), "3 values stored"),
                Arguments.of("an unknown element type", TensorProto.newBuilder().setDataType(99).addDims(4).build(),
                        "unknown ONNX element type 99"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTensors")
    void badInitializersAreRejectedNamingFileAndTensor(String what, TensorProto w, String expected) throws IOException {
        Path file = Models.write(dir, "bad.onnx", withInitializer(w));
        assertThatThrownBy(() -> Onnx.load(file)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("'w'").hasMessageContaining(expected);
    }

    @Test
    void truncatedModelIsAClearError() throws IOException {
        byte[] good = Models.mlp().toByteArray();
        for (int cut : new int[] {1, 7, good.length / 2, good.length - 1}) {
            Path file = dir.resolve("cut" + cut + ".onnx");
            Files.write(file, Arrays.copyOf(good, cut));
            assertThatThrownBy(() -> Onnx.load(file)).as("cut at " + cut).isInstanceOf(InvalidFileException.class)
                    .hasMessageContaining(file.toString());
        }
    }

    @Test
    void garbageAndEmptyFilesAreRejected() throws IOException {
        Path empty = dir.resolve("empty.onnx");
        Files.write(empty, new byte[0]);
        assertThatThrownBy(() -> Onnx.load(empty)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("empty");
        Path text = dir.resolve("text.onnx");
        Files.writeString(text, "this is not a protobuf message at all, just text\n");
        assertThatThrownBy(() -> Onnx.load(text)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining(text.toString());
        byte[] bomb = new byte[64];
        bomb[0] = 0x3a;                                     // field 7 (graph), length-delimited
        bomb[1] = (byte) 0xff;                              // a length of 2^28 - 1 bytes...
        bomb[2] = (byte) 0xff;
        bomb[3] = (byte) 0xff;
        bomb[4] = 0x7f;                                     // ...in a 64-byte file
        Path lying = dir.resolve("lying.onnx");
        Files.write(lying, bomb);
        assertThatThrownBy(() -> Onnx.load(lying)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("truncated or corrupt");
    }

    @Test
    void deeplyNestedSubgraphsHitTheRecursionLimit() throws IOException {
        GraphProto leaf = GraphProto.newBuilder().addOutput(value("y", 1)).build();
        GraphProto g = leaf;
        for (int depth = 0; depth < 120; depth++) {
            g = GraphProto.newBuilder().addInput(value("c", 9)).addOutput(value("y", 1))
                    .addNode(node("If", List.of("c"), List.of("y"), Models.graphAttr("then_branch", g),
                            Models.graphAttr("else_branch", leaf))).build();
        }
        Path file = Models.write(dir, "deep.onnx", Models.model(g, 13));
        assertThatThrownBy(() -> Onnx.load(file)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining(file.toString());
    }

    // ------------------------------------------------------------------ external data

    private static TensorProto external(String location, long offset, long length) {
        TensorProto.Builder t = TensorProto.newBuilder().setDataType(1).addDims(4)
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue(location));
        if (offset >= 0) {
            t.addExternalData(StringStringEntryProto.newBuilder().setKey("offset").setValue(Long.toString(offset)));
        }
        if (length >= 0) {
            t.addExternalData(StringStringEntryProto.newBuilder().setKey("length").setValue(Long.toString(length)));
        }
        return t.build();
    }

    private Path weights(Path folder, String name, float... values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0x0123456789abcdefL);                     // 8 bytes before the data: read at offset 8
        for (float v : values) {
            b.putFloat(v);
        }
        Path file = folder.resolve(name);
        Files.write(file, b.array());
        return file;
    }

    @Test
    void externalDataInsideTheFolderLoads() throws IOException {
        Path model = dir.resolve("model");
        Files.createDirectories(model.resolve("weights"));
        weights(model.resolve("weights"), "w.bin", 1, 2, 3, 4);
        Path file = Models.write(model, "m.onnx", withInitializer(external("weights/w.bin", 8, 16)));
        OnnxModel m = Onnx.load(file);
        Tensor y = m.forward(Tensor.of(10f, 20f, 30f, 40f));
        assertThat(y.toFloatArray()).containsExactly(11, 22, 33, 44);
    }

    static Stream<Arguments> escapingLocations() {
        return Stream.of(
                Arguments.of("../secret.bin", "leaves the model's folder"),
                Arguments.of("weights/../../secret.bin", "leaves the model's folder"),
                Arguments.of("/etc/passwd", "leaves the model's folder"),
                Arguments.of("", "without a location"),
                Arguments.of("missing.bin", "does not exist"));
    }

    @ParameterizedTest(name = "location \"{0}\"")
    @MethodSource("escapingLocations")
    void externalDataOutsideTheFolderIsRefused(String location, String expected) throws IOException {
        Path model = Files.createDirectories(dir.resolve("model"));
        weights(dir, "secret.bin", 1, 2, 3, 4);
        Path file = Models.write(model, "m.onnx", withInitializer(external(location, 8, 16)));
        assertThatThrownBy(() -> Onnx.load(file)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining(expected);
    }

    @Test
    void aSymbolicLinkOutOfTheFolderIsRefused() throws IOException {
        Path model = Files.createDirectories(dir.resolve("model"));
        Path secret = weights(dir, "secret.bin", 1, 2, 3, 4);
        Files.createSymbolicLink(model.resolve("link.bin"), secret);
        Path file = Models.write(model, "m.onnx", withInitializer(external("link.bin", 8, 16)));
        assertThatThrownBy(() -> Onnx.load(file)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("leads outside the model's folder");
    }

    @Test
    void externalRangesAreCheckedAgainstTheRealFileSize() throws IOException {
        Path model = Files.createDirectories(dir.resolve("model"));
        weights(model, "w.bin", 1, 2, 3, 4);                 // 24 bytes
        Map<TensorProto, String> cases = Map.of(
                external("w.bin", 16, -1), "lies outside the file",
                external("w.bin", 1L << 40, 16), "lies outside the file",
                external("w.bin", 8, 12), "external length 12 bytes",
                external("w.bin", 8, 1L << 40), "external length");
        for (Map.Entry<TensorProto, String> c : cases.entrySet()) {
            Path file = Models.write(model, "m.onnx", withInitializer(c.getKey()));
            assertThatThrownBy(() -> Onnx.load(file)).isInstanceOf(InvalidFileException.class)
                    .hasMessageContaining(c.getValue());
        }
    }

    @Test
    void tensorFilesMayNotPointAtExternalData() throws IOException {
        Path file = dir.resolve("t.pb");
        Files.write(file, external("w.bin", 0, 16).toByteArray());
        assertThatThrownBy(() -> Onnx.readTensor(file)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("not allowed");
    }

    // ------------------------------------------------------------------ malformed graphs

    @Test
    void malformedGraphsAreRejected() throws IOException {
        GraphProto undefined = GraphProto.newBuilder().addInput(value("x", 1, 4)).addOutput(value("y", 1, 4))
                .addNode(node("Add", List.of("x", "nowhere"), List.of("y"))).build();
        assertThatThrownBy(() -> Onnx.load(Models.write(dir, "u.onnx", Models.model(undefined, 13))))
                .isInstanceOf(InvalidFileException.class).hasMessageContaining("reads 'nowhere', which nothing defines");
        GraphProto twice = GraphProto.newBuilder().addInput(value("x", 1, 4)).addOutput(value("y", 1, 4))
                .addNode(node("Relu", List.of("x"), List.of("y")))
                .addNode(node("Neg", List.of("x"), List.of("y"))).build();
        assertThatThrownBy(() -> Onnx.load(Models.write(dir, "t.onnx", Models.model(twice, 13))))
                .isInstanceOf(InvalidFileException.class).hasMessageContaining("already defined");
        GraphProto cycle = GraphProto.newBuilder().addInput(value("x", 1, 4)).addOutput(value("y", 1, 4))
                .addNode(node("Add", List.of("x", "b"), List.of("a")))
                .addNode(node("Relu", List.of("a"), List.of("b")))
                .addNode(node("Neg", List.of("b"), List.of("y"))).build();
        assertThatThrownBy(() -> Onnx.load(Models.write(dir, "c.onnx", Models.model(cycle, 13))))
                .isInstanceOf(InvalidFileException.class).hasMessageContaining("cycle");
        GraphProto noOutput = GraphProto.newBuilder().addInput(value("x", 1, 4)).addOutput(value("z", 1, 4))
                .addNode(node("Relu", List.of("x"), List.of("y"))).build();
        assertThatThrownBy(() -> Onnx.load(Models.write(dir, "o.onnx", Models.model(noOutput, 13))))
                .isInstanceOf(InvalidFileException.class).hasMessageContaining("output 'z'");
    }

    @Test
    void unsupportedOperatorsAreNamedWhenTheModelLoads() throws IOException {
        GraphProto g = GraphProto.newBuilder().addInput(value("x", 1, 4)).addOutput(value("y", 1, 4))
                .addNode(node("FancyNewOp", List.of("x"), List.of("y"))).build();
        assertThatThrownBy(() -> Onnx.load(Models.write(dir, "f.onnx", Models.model(g, 13))))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("FancyNewOp (opset 13)");
    }
}
