package dev.myelin.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The safetensors reader and writer: round trips, and rejection of truncated, corrupt and hostile files. */
class SafeTensorsTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsEveryDtypeAndTheMetadata() throws Exception {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Generator g = new Generator(3);
        tensors.put("f32", Tensor.randn(Shape.of(2, 3), DType.FLOAT32, g));
        tensors.put("f64", Tensor.randn(Shape.of(4), DType.FLOAT64, g).t());
        tensors.put("i32", Tensor.fromArray(new int[] {1, -2, 3}, 3));
        tensors.put("i64", Tensor.of(Long.MIN_VALUE, 0L, Long.MAX_VALUE));
        tensors.put("bool", Tensor.fromArray(new boolean[] {true, false}, 2, 1));
        tensors.put("scalar", Tensor.scalar(4.5));
        tensors.put("empty", Tensor.zeros(0, 7));
        tensors.put("view", Tensor.arange(0.0, 6.0, 1.0).reshape(2, 3).t());
        Path file = dir.resolve("all.safetensors");
        SafeTensors.save(file, tensors, Map.of("epoch", "3"));
        SafeTensors.Contents back = SafeTensors.load(file);
        assertThat(back.metadata()).containsEntry("epoch", "3");
        assertThat(back.tensors().keySet()).containsExactlyElementsOf(tensors.keySet());
        for (var e : tensors.entrySet()) {
            Tensor t = back.tensors().get(e.getKey());
            assertThat(t.shape()).as(e.getKey()).isEqualTo(e.getValue().shape());
            assertThat(t.dtype()).as(e.getKey()).isEqualTo(e.getValue().dtype());
            assertThat(t.toDoubleArray()).as(e.getKey()).containsExactly(e.getValue().toDoubleArray());
        }
        assertThat(back.tensors().get("i64").toLongArray()).containsExactly(Long.MIN_VALUE, 0L, Long.MAX_VALUE);
    }

    @Test
    void savingReplacesAtomicallyAndLeavesNoTemporaryFiles() throws Exception {
        Path file = dir.resolve("w.safetensors");
        SafeTensors.save(file, Map.of("w", Tensor.ones(2)), Map.of());
        SafeTensors.save(file, Map.of("w", Tensor.zeros(3)), Map.of());
        assertThat(SafeTensors.load(file).tensors().get("w").numel()).isEqualTo(3);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void theHeaderIsPaddedToEightBytesAsTheSpecAsks() {
        byte[] bytes = SafeTensors.toBytes(Map.of("x", Tensor.ones(1)), Map.of());
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(headerLength % 8).isZero();
        assertThat(bytes[8]).isEqualTo((byte) '{');
    }

    /** A file: 8-byte header length, header text, then {@code dataBytes} zero bytes. */
    private static byte[] file(long declaredHeaderLength, String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(declaredHeaderLength).put(h);
        return b.array();
    }

    private static byte[] file(String header, int dataBytes) {
        return file(header.getBytes(StandardCharsets.UTF_8).length, header, dataBytes);
    }

    static Stream<Arguments> hostileFiles() {
        String ok = "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        return Stream.of(
                Arguments.of("empty file", new byte[0], "too short"),
                Arguments.of("header length beyond the file", file(1L << 40, ok, 8), "header length"),
                Arguments.of("negative header length", file(-1L, ok, 8), "header length"),
                Arguments.of("header is not JSON", file("not json at all!", 0), "not valid JSON"),
                Arguments.of("header is a JSON array", file("[1, 2]", 0), "JSON object"),
                Arguments.of("truncated data", file(ok, 4), "outside the data area"),
                Arguments.of("extra bytes after the tensors", file(ok, 12), "cover 8 bytes but the data area has 12"),
                Arguments.of("unknown dtype", file(ok.replace("F32", "Q7"), 8), "unsupported dtype"),
                Arguments.of("shape disagrees with the byte range", file(ok.replace("[2]", "[3]"), 8), "needs 12 bytes"),
                Arguments.of("negative size", file(ok.replace("[2]", "[-2]"), 8), "invalid size"),
                Arguments.of("absurd element count", file(ok.replace("[2]", "[1073741824]"), 8), "more elements than"),
                Arguments.of("overflowing element count", file(ok.replace("[2]", "[2147483647,2147483647,8]"), 8),
                        "more elements than"),
                Arguments.of("offsets out of order", file(ok.replace("[0,8]", "[8,0]"), 8), "outside the data area"),
                Arguments.of("overlapping tensors", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "gaps or overlaps"),
                Arguments.of("duplicate names", file("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                        + "\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "not valid JSON"),
                Arguments.of("missing fields", file("{\"x\":{\"dtype\":\"F32\"}}", 0), "needs a string dtype"),
                Arguments.of("metadata that is not strings", file("{\"__metadata__\":{\"a\":1}}", 0), "not a string"),
                Arguments.of("bool byte that is not 0 or 1",
                        bytesWithBool(), "BOOL byte 7"));
    }

    private static byte[] bytesWithBool() {
        byte[] f = file("{\"b\":{\"dtype\":\"BOOL\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1);
        f[f.length - 1] = 7;
        return f;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileFiles")
    void rejectsWithAClearMessage(String what, byte[] bytes, String fragment) throws Exception {
        Path file = dir.resolve("bad.safetensors");
        Files.write(file, bytes);
        assertThatThrownBy(() -> SafeTensors.load(file))
                .isInstanceOf(InvalidFileException.class)
                .hasMessageContaining(fragment);
    }

    @Test
    void readsHalfPrecisionAsFloat32() throws Exception {
        String header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[4,6]}}";
        byte[] f = file(header, 6);
        ByteBuffer data = ByteBuffer.wrap(f, f.length - 6, 6).order(ByteOrder.LITTLE_ENDIAN);
        data.putShort(Float.floatToFloat16(1.5f)).putShort(Float.floatToFloat16(-2f))
                .putShort((short) (Float.floatToIntBits(3.25f) >>> 16));
        Path file = dir.resolve("half.safetensors");
        Files.write(file, f);
        var t = SafeTensors.load(file).tensors();
        assertThat(t.get("h").toFloatArray()).containsExactly(1.5f, -2f);
        assertThat(t.get("b").toFloatArray()).containsExactly(3.25f);
    }
}
