package dev.myelin.data.readers;

import dev.myelin.io.AtomicFiles;
import dev.myelin.io.InvalidFileException;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Reads and writes the IDX format of MNIST and Fashion-MNIST: two zero bytes, a type code, the
 * number of dimensions, each dimension as a big-endian 32-bit integer, then the values
 * big-endian in row-major order. Gzipped files are recognised by their first two bytes, whatever
 * their name.
 *
 * <p>Reading checks the header before allocating: the magic bytes, the type code, every
 * dimension, and the total size against what the file can hold (its exact length when
 * uncompressed; for gzip, the most that deflate can expand to from the file's length, 1032:1).
 * A file that ends early or has bytes left over is rejected. Every rejection is an
 * {@link InvalidFileException} naming the file and the problem.
 *
 * <pre>{@code
 * Tensor images = Idx.read(dir.resolve("train-images-idx3-ubyte.gz"), DType.FLOAT32);  // (60000, 28, 28), 0..255
 * Tensor labels = Idx.read(dir.resolve("train-labels-idx1-ubyte.gz"), DType.INT64);    // (60000)
 * Idx.write(path, labels, Idx.Type.UNSIGNED_BYTE);
 * }</pre>
 */
public final class Idx {
    /** Deflate expands at most about 1032-fold, which bounds what a gzip file of a given length can hold. */
    static final long MAX_GZIP_RATIO = 1032;
    private static final int CHUNK = 1 << 16;

    private Idx() {}

    /** The value types of IDX files, with their type codes and sizes. */
    public enum Type {
        /** 0x08: unsigned 8-bit integers (the images and labels of MNIST). */
        UNSIGNED_BYTE(0x08, 1, DType.INT32, 0, 255),
        /** 0x09: signed 8-bit integers. */
        BYTE(0x09, 1, DType.INT32, Byte.MIN_VALUE, Byte.MAX_VALUE),
        /** 0x0B: signed 16-bit integers. */
        SHORT(0x0B, 2, DType.INT32, Short.MIN_VALUE, Short.MAX_VALUE),
        /** 0x0C: signed 32-bit integers. */
        INT(0x0C, 4, DType.INT32, Integer.MIN_VALUE, Integer.MAX_VALUE),
        /** 0x0D: 32-bit floats. */
        FLOAT(0x0D, 4, DType.FLOAT32, Double.NaN, Double.NaN),
        /** 0x0E: 64-bit floats. */
        DOUBLE(0x0E, 8, DType.FLOAT64, Double.NaN, Double.NaN);

        private final int code;
        private final int bytes;
        private final DType dtype;
        private final double min;
        private final double max;

        Type(int code, int bytes, DType dtype, double min, double max) {
            this.code = code;
            this.bytes = bytes;
            this.dtype = dtype;
            this.min = min;
            this.max = max;
        }

        /** The type byte in the header. */
        public int code() {
            return code;
        }

        /** Bytes per value. */
        public int bytes() {
            return bytes;
        }

        /** The dtype a file of this type loads as by default: int32 for the integers, else float32 or float64. */
        public DType dtype() {
            return dtype;
        }

        private boolean isInteger() {
            return dtype == DType.INT32;
        }

        private static Type ofCode(int code) {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }
    }

    /** The tensor in an IDX file, in the dtype of its type ({@link Type#dtype()}). */
    public static Tensor read(Path file) throws IOException {
        return read(file, null);
    }

    /**
     * The tensor in an IDX file, converted to {@code dtype} while reading (so that, for example, a
     * 47 MB file of bytes becomes float32 without an int32 copy on the way).
     *
     * @throws InvalidFileException if the file is not a well-formed IDX file, or holds floats and
     *     {@code dtype} is an integer type
     */
    public static Tensor read(Path file, DType dtype) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return decode(in, Files.size(file), "IDX file " + file, dtype);
        }
    }

    /**
     * The tensor in IDX data already in memory (for example a classpath resource), gzipped or not.
     *
     * @param source what the bytes are, for error messages
     * @param dtype the dtype to convert to, or null for the file type's own
     */
    public static Tensor decode(byte[] contents, String source, DType dtype) throws InvalidFileException {
        try {
            return decode(new ByteArrayInputStream(contents), contents.length, source, dtype);
        } catch (InvalidFileException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidFileException(source + ": " + e.getMessage());
        }
    }

    private static Tensor decode(InputStream raw, long length, String where, DType dtype) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw, CHUNK);
        buffered.mark(2);
        boolean gzip = buffered.read() == 0x1f && buffered.read() == 0x8b;
        buffered.reset();
        InputStream in;
        try {
            in = gzip ? new GZIPInputStream(buffered, CHUNK) : buffered;
        } catch (ZipException | EOFException e) {
            throw new InvalidFileException(where + ": corrupt or truncated gzip header: " + e.getMessage());
        }
        long capacity = gzip ? Math.min(length, Long.MAX_VALUE / MAX_GZIP_RATIO) * MAX_GZIP_RATIO : length;
        String limit = gzip ? "the " + capacity + " bytes a gzip file of " + length + " bytes can expand to"
                : "the file's " + length + " bytes (truncated or corrupt)";
        try {
            Header h = Header.read(in, where, capacity, limit);
            DType target = dtype == null ? h.type.dtype : dtype;
            checkTarget(where, h.type, target);
            if (!gzip && h.totalBytes() < length) {            // the header check ruled out fewer bytes
                throw new InvalidFileException(where + ": the header declares " + h + " (" + h.totalBytes()
                        + " bytes with the header) but the file has " + length + " bytes (trailing bytes)");
            }
            Tensor out = Tensor.zeros(Shape.of(h.dims), target);
            readValues(in, h, out.storage().array(), where);
            if (in.read() != -1) {
                throw new InvalidFileException(where + ": bytes follow the " + h.numel() + " values the header declares ("
                        + h + ")");
            }
            return out;
        } catch (ZipException | EOFException e) {
            throw new InvalidFileException(where + ": corrupt or truncated gzip data: " + e.getMessage());
        }
    }

    private static void checkTarget(String where, Type type, DType target) throws InvalidFileException {
        if (target == DType.BOOL || (!type.isInteger() && target.isIntegral())) {
            throw new InvalidFileException(where + ": cannot read " + type + " values as " + target);
        }
    }

    /** The parsed header: type and dimensions, checked against what the file can hold. */
    private record Header(Type type, int[] dims) {
        static Header read(InputStream in, String where, long capacity, String limit) throws IOException {
            byte[] magic = in.readNBytes(4);
            if (magic.length < 4) {
                throw new InvalidFileException(where + ": " + magic.length + " bytes is too short for the 4-byte IDX magic number");
            }
            if (magic[0] != 0 || magic[1] != 0) {
                throw new InvalidFileException(where + ": not an IDX file: the magic number "
                        + String.format("0x%02X%02X%02X%02X", magic[0], magic[1], magic[2], magic[3])
                        + " does not start with two zero bytes");
            }
            Type type = Type.ofCode(magic[2] & 0xFF);
            if (type == null) {
                throw new InvalidFileException(where + ": unknown IDX type code " + String.format("0x%02X", magic[2] & 0xFF)
                        + " (expected 0x08, 0x09, 0x0B, 0x0C, 0x0D or 0x0E)");
            }
            int rank = magic[3] & 0xFF;
            if (rank == 0) {
                throw new InvalidFileException(where + ": the IDX header declares 0 dimensions");
            }
            byte[] sizes = in.readNBytes(4 * rank);
            if (sizes.length < 4 * rank) {
                throw new InvalidFileException(where + ": truncated header: " + rank + " dimensions need " + 4 * rank
                        + " bytes after the magic number, the file has " + sizes.length);
            }
            ByteBuffer b = ByteBuffer.wrap(sizes);
            int[] dims = new int[rank];
            long numel = 1;
            for (int i = 0; i < rank; i++) {
                long d = b.getInt() & 0xFFFFFFFFL;
                numel *= d;                                   // both below 2^32: no overflow
                if (numel > Integer.MAX_VALUE - 8) {
                    throw new InvalidFileException(where + ": dimension " + i + " of size " + d + " makes more than"
                            + " the 2^31 - 9 elements one tensor can hold");
                }
                long need = 4L + 4L * rank + numel * type.bytes;
                if (need > capacity) {
                    throw new InvalidFileException(where + ": dimension " + i + " of size " + d + " makes " + need
                            + " bytes with the header, more than " + limit);
                }
                dims[i] = (int) d;
            }
            return new Header(type, dims);
        }

        int numel() {
            return Shape.of(dims).numel();
        }

        long totalBytes() {
            return 4L + 4L * dims.length + (long) numel() * type.bytes;
        }

        @Override
        public String toString() {
            return "shape " + Shape.of(dims) + " of " + type;
        }
    }

    /** Reads the values chunk by chunk into {@code out} (a float[], double[], int[] or long[]), converting them. */
    private static void readValues(InputStream in, Header h, Object out, String where) throws IOException {
        int n = h.numel();
        int per = CHUNK / h.type.bytes;
        byte[] chunk = new byte[Math.min(n, per) * h.type.bytes];
        for (int at = 0; at < n; at += per) {
            int count = Math.min(per, n - at);
            int got = in.readNBytes(chunk, 0, count * h.type.bytes);
            if (got < count * h.type.bytes) {
                throw new InvalidFileException(where + ": truncated: the data ends after " + ((long) at * h.type.bytes + got)
                        + " of the " + (long) n * h.type.bytes + " bytes the header declares (" + h + ")");
            }
            ByteBuffer b = ByteBuffer.wrap(chunk, 0, count * h.type.bytes);   // big-endian, as IDX is
            switch (out) {
                case float[] a -> {
                    for (int i = 0; i < count; i++) {
                        a[at + i] = (float) value(b, h.type);
                    }
                }
                case double[] a -> {
                    for (int i = 0; i < count; i++) {
                        a[at + i] = value(b, h.type);
                    }
                }
                case int[] a -> {
                    for (int i = 0; i < count; i++) {
                        a[at + i] = (int) value(b, h.type);
                    }
                }
                case long[] a -> {
                    for (int i = 0; i < count; i++) {
                        a[at + i] = (long) value(b, h.type);
                    }
                }
                default -> throw new IllegalStateException("Idx: no reader into " + out.getClass());
            }
        }
    }

    private static double value(ByteBuffer b, Type type) {
        return switch (type) {
            case UNSIGNED_BYTE -> b.get() & 0xFF;
            case BYTE -> b.get();
            case SHORT -> b.getShort();
            case INT -> b.getInt();
            case FLOAT -> b.getFloat();
            case DOUBLE -> b.getDouble();
        };
    }

    /**
     * Writes {@code tensor} to {@code file} as IDX values of {@code type}, gzipped when the name
     * ends in {@code .gz}. The file is written beside the target and renamed over it, so a crash
     * leaves the old file or the new one.
     *
     * @throws IllegalArgumentException if the tensor is 0-dim or a value does not fit the type
     *     (integer types take only whole numbers in their range)
     */
    public static void write(Path file, Tensor tensor, Type type) throws IOException {
        if (tensor.dim() == 0 || tensor.dim() > 255) {
            throw new IllegalArgumentException("Idx.write: IDX holds 1 to 255 dimensions, got shape " + tensor.shape());
        }
        double[] values = tensor.toDoubleArray();
        if (type.isInteger()) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] != Math.rint(values[i]) || values[i] < type.min || values[i] > type.max) {
                    throw new IllegalArgumentException("Idx.write: element " + i + " is " + values[i] + ", which "
                            + type + " cannot hold (whole numbers from " + (long) type.min + " to " + (long) type.max + ")");
                }
            }
        }
        AtomicFiles.write(file, raw -> {
            OutputStream stream = file.getFileName().toString().endsWith(".gz") ? new GZIPOutputStream(raw, CHUNK) : raw;
            DataOutputStream out = new DataOutputStream(stream);
            out.write(new byte[] {0, 0, (byte) type.code, (byte) tensor.dim()});
            for (int d : tensor.shape().toArray()) {
                out.writeInt(d);
            }
            for (double v : values) {
                switch (type) {
                    case UNSIGNED_BYTE, BYTE -> out.writeByte((int) v);
                    case SHORT -> out.writeShort((int) v);
                    case INT -> out.writeInt((int) v);
                    case FLOAT -> out.writeFloat((float) v);
                    case DOUBLE -> out.writeDouble(v);
                }
            }
            out.flush();
            if (stream instanceof GZIPOutputStream gz) {
                gz.finish();
            }
        });
    }
}