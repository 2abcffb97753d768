package dev.myelin.data.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.io.InvalidFileException;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The IDX reader and writer: round trips of every type, gzip detection, and rejection of hostile files. */
class IdxTest {
    @TempDir
    Path dir;

    static Stream<Arguments> roundTrips() {
        return Stream.of(
                Arguments.of(Idx.Type.UNSIGNED_BYTE, Tensor.fromArray(new int[] {0, 1, 128, 255, 7, 9}, 2, 3), DType.INT32),
                Arguments.of(Idx.Type.BYTE, Tensor.fromArray(new int[] {-128, -1, 0, 127}, 4), DType.INT32),
                Arguments.of(Idx.Type.SHORT, Tensor.fromArray(new int[] {-32768, 32767, 5, 6}, 2, 1, 2), DType.INT32),
                Arguments.of(Idx.Type.INT, Tensor.fromArray(new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE}, 2), DType.INT32),
                Arguments.of(Idx.Type.FLOAT, Tensor.of(1.5f, -2.25f, Float.MAX_VALUE), DType.FLOAT32),
                Arguments.of(Idx.Type.DOUBLE, Tensor.fromArray(new double[] {Math.PI, -1e300}, 1, 2), DType.FLOAT64));
    }

    @ParameterizedTest
    @MethodSource("roundTrips")
    void roundTripsEveryTypeGzippedOrNot(Idx.Type type, Tensor t, DType loadsAs) throws IOException {
        for (String name : new String[] {"t.idx", "t.idx.gz"}) {
            Path file = dir.resolve(name);
            Idx.write(file, t, type);
            Tensor back = Idx.read(file);
            assertThat(back.dtype()).isEqualTo(loadsAs);
            assertThat(back.shape()).isEqualTo(t.shape());
            assertThat(back.toDoubleArray()).containsExactly(t.toDoubleArray());
            assertThat(Idx.read(file, DType.FLOAT64).toDoubleArray()).containsExactly(t.toDoubleArray());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).hasSize(2);                    // no temporary files left behind
        }
    }

    @Test
    void gzipIsRecognisedByItsMagicBytesNotItsName() throws IOException {
        Path gz = dir.resolve("labels.gz");
        Idx.write(gz, Tensor.of(3L, 1L, 4L), Idx.Type.UNSIGNED_BYTE);
        Path plainName = dir.resolve("labels-idx1-ubyte");
        Files.copy(gz, plainName);
        assertThat(Idx.read(plainName, DType.INT64).toLongArray()).containsExactly(3, 1, 4);
        assertThat(Idx.decode(Files.readAllBytes(gz), "bytes", null).toIntArray()).containsExactly(3, 1, 4);
    }

    @Test
    void writingRejectsValuesTheTypeCannotHold() {
        assertThatThrownBy(() -> Idx.write(dir.resolve("x"), Tensor.of(1f, 256f), Idx.Type.UNSIGNED_BYTE))
                .hasMessageContaining("element 1 is 256.0, which UNSIGNED_BYTE cannot hold (whole numbers from 0 to 255)");
        assertThatThrownBy(() -> Idx.write(dir.resolve("x"), Tensor.of(0.5f), Idx.Type.INT))
                .hasMessageContaining("element 0 is 0.5");
    }

    /** A header: magic (0, 0, type, rank) then the dimensions. */
    private static ByteBuffer header(int type, int... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + 64);
        b.put(new byte[] {0, 0, (byte) type, (byte) dims.length});
        for (int d : dims) {
            b.putInt(d);
        }
        return b;
    }

    private static byte[] bytes(ByteBuffer b, int dataBytes) {
        return Arrays.copyOf(b.array(), b.position() + dataBytes);
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    static Stream<Arguments> hostileFiles() throws IOException {
        byte[] absurd = bytes(header(0x08, 60000, 28, 28), 16);
        return Stream.of(
                Arguments.of("empty", new byte[0], "0 bytes is too short for the 4-byte IDX magic number"),
                Arguments.of("wrong magic", new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0},
                        "not an IDX file: the magic number 0x504B0304 does not start with two zero bytes"),
                Arguments.of("unknown type", bytes(header(0x07, 2), 2), "unknown IDX type code 0x07"),
                Arguments.of("no dimensions", bytes(header(0x08), 0), "declares 0 dimensions"),
                Arguments.of("truncated header", Arrays.copyOf(bytes(header(0x08, 5, 5), 0), 9),
                        "truncated header: 2 dimensions need 8 bytes after the magic number, the file has 5"),
                Arguments.of("absurd dimensions", absurd,
                        "dimension 0 of size 60000 makes 60016 bytes with the header, more than the file's 32 bytes (truncated or corrupt)"),
                Arguments.of("absurd gzipped dimensions", gzip(bytes(header(0x08, 16, 1 << 28), 8)),
                        "dimension 1 of size 268435456 makes more than the 2^31 - 9 elements one tensor can hold"),
                Arguments.of("gzip bomb header", gzip(bytes(header(0x0D, 1 << 20, 1 << 9), 8)),
                        "bytes a gzip file of"),
                Arguments.of("truncated data", bytes(header(0x0C, 4), 10),
                        "dimension 0 of size 4 makes 24 bytes with the header, more than the file's 18 bytes"),
                Arguments.of("trailing bytes", bytes(header(0x08, 4), 5),
                        "declares shape (4) of UNSIGNED_BYTE (12 bytes with the header) but the file has 13 bytes (trailing bytes)"),
                Arguments.of("truncated gzip data", gzip(bytes(header(0x0C, 400), 1000)),
                        "truncated: the data ends after 1000 of the 1600 bytes the header declares (shape (400) of INT)"),
                Arguments.of("gzip with trailing bytes", gzip(bytes(header(0x08, 2), 3)),
                        "bytes follow the 2 values the header declares"),
                Arguments.of("cut-off gzip stream", Arrays.copyOf(gzip(bytes(header(0x08, 2000), 2000)), 30),
                        "corrupt or truncated gzip data"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileFiles")
    void hostileFilesAreRejectedBeforeAllocatingWithAMessageNamingTheFile(String what, byte[] contents, String message)
            throws IOException {
        Path file = dir.resolve("bad.idx");
        Files.write(file, contents);
        assertThatThrownBy(() -> Idx.read(file)).as(what).isInstanceOf(InvalidFileException.class)
                .hasMessageStartingWith("IDX file " + file + ": ").hasMessageContaining(message);
    }

    @Test
    void floatsCannotBeReadAsIntegers() throws IOException {
        Path file = dir.resolve("f.idx");
        Idx.write(file, Tensor.of(1.5f), Idx.Type.FLOAT);
        assertThatThrownBy(() -> Idx.read(file, DType.INT64)).hasMessageContaining("cannot read FLOAT values as int64");
        assertThat(Idx.read(file, DType.FLOAT64).shape()).isEqualTo(Shape.of(1));
    }
}
