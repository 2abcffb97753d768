package dev.myelin.onnx;

import com.google.protobuf.ByteString;
import dev.myelin.io.InvalidFileException;
import dev.myelin.onnx.proto.OnnxProto.StringStringEntryProto;
import dev.myelin.onnx.proto.OnnxProto.TensorProto;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Converts between ONNX {@code TensorProto}s and Myelin tensors. Decoding trusts nothing: the
 * dims must be non-negative with a product that fits a Java array, and the data (typed fields,
 * {@code raw_data} or an external file) must hold exactly that many elements, all checked before
 * the tensor is allocated. External data must lie inside the model's folder (after resolving
 * {@code ..} and symbolic links) and within the real size of its file.
 */
final class TensorCodec {
    /** The largest element count of one tensor: Myelin tensors are Java arrays. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private TensorCodec() {}

    /**
     * The tensor {@code proto} holds.
     *
     * @param where what to name in errors, e.g. {@code "model.onnx: initializer 'fc.weight'"}
     * @param baseDir the folder external data is resolved against, or null when none is allowed
     */
    static Tensor decode(TensorProto proto, String where, Path baseDir) throws IOException {
        String at = where + (proto.getName().isEmpty() || where.contains(proto.getName()) ? ""
                : " (tensor '" + proto.getName() + "')");
        ElementType type;
        try {
            type = ElementType.of(proto.getDataType());
        } catch (IllegalArgumentException e) {
            throw new InvalidFileException(at + ": " + e.getMessage());
        }
        if (!type.supported()) {
            throw new UnsupportedOperationException(at + ": ONNX element type " + type + " is not supported");
        }
        int[] shape = checkedShape(proto.getDimsList().stream().mapToLong(Long::longValue).toArray(), at);
        int n = numel(shape);
        if (proto.hasSegment()) {
            throw new InvalidFileException(at + ": segmented tensors are not supported");
        }
        if (proto.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            ByteBuffer bytes = readExternal(proto, type, n, at, baseDir);
            return fromBytes(bytes, type, shape, n);
        }
        if (proto.hasRawData()) {
            long expected = (long) n * type.bytes;
            if (proto.getRawData().size() != expected) {
                throw new InvalidFileException(at + ": raw_data holds " + proto.getRawData().size() + " bytes, but "
                        + type + " dims " + Arrays.toString(shape) + " need " + expected);
            }
            return fromBytes(proto.getRawData().asReadOnlyByteBuffer(), type, shape, n);
        }
        return fromTypedFields(proto, type, shape, n, at);
    }

    /** The dims as ints, after checking that each is non-negative and that their product fits an array. */
    static int[] checkedShape(long[] dims, String at) throws InvalidFileException {
        int[] shape = new int[dims.length];
        long n = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0 || dims[i] > MAX_ELEMENTS) {
                throw new InvalidFileException(at + ": impossible dims " + Arrays.toString(dims));
            }
            shape[i] = (int) dims[i];
            n *= dims[i];
            if (n > MAX_ELEMENTS) {
                throw new InvalidFileException(at + ": dims " + Arrays.toString(dims) + " hold more than "
                        + MAX_ELEMENTS + " elements, more than a tensor can");
            }
        }
        return shape;
    }

    private static int numel(int[] shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    private static Tensor fromTypedFields(TensorProto p, ElementType type, int[] shape, int n, String at)
            throws InvalidFileException {
        int count = switch (type) {
            case FLOAT -> p.getFloatDataCount();
            case DOUBLE -> p.getDoubleDataCount();
            case INT64 -> p.getInt64DataCount();
            case UINT32, UINT64 -> p.getUint64DataCount();
            default -> p.getInt32DataCount();
        };
        if (count != n) {
            throw new InvalidFileException(at + ": " + count + " values stored for " + type + " dims "
                    + Arrays.toString(shape) + ", which need " + n);
        }
        return switch (type) {
            case FLOAT -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = p.getFloatData(i);
                }
                yield Tensor.fromArray(a, shape);
            }
            case DOUBLE -> {
                double[] a = new double[n];
                for (int i = 0; i < n; i++) {
                    a[i] = p.getDoubleData(i);
                }
                yield Tensor.fromArray(a, shape);
            }
            case INT64, UINT32, UINT64 -> {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = type == ElementType.INT64 ? p.getInt64Data(i) : p.getUint64Data(i);
                }
                yield Tensor.fromArray(a, shape);
            }
            case FLOAT16, BFLOAT16 -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = halfToFloat(type, (short) p.getInt32Data(i));
                }
                yield Tensor.fromArray(a, shape);
            }
            case BOOL -> {
                boolean[] a = new boolean[n];
                for (int i = 0; i < n; i++) {
                    a[i] = p.getInt32Data(i) != 0;
                }
                yield Tensor.fromArray(a, shape);
            }
            default -> {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = p.getInt32Data(i);
                }
                yield type.narrow(Tensor.fromArray(a, shape));
            }
        };
    }

    private static float halfToFloat(ElementType type, short bits) {
        return type == ElementType.FLOAT16 ? Float.float16ToFloat(bits) : Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** Decodes n little-endian elements of {@code type} from the buffer's position on. */
    private static Tensor fromBytes(ByteBuffer buffer, ElementType type, int[] shape, int n) {
        ByteBuffer b = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        return switch (type) {
            case FLOAT -> {
                float[] a = new float[n];
                b.asFloatBuffer().get(a);
                yield Tensor.fromArray(a, shape);
            }
            case DOUBLE -> {
                double[] a = new double[n];
                b.asDoubleBuffer().get(a);
                yield Tensor.fromArray(a, shape);
            }
            case INT64, UINT64 -> {
                long[] a = new long[n];
                b.asLongBuffer().get(a);
                yield Tensor.fromArray(a, shape);
            }
            case UINT32 -> {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = b.getInt() & 0xFFFFFFFFL;
                }
                yield Tensor.fromArray(a, shape);
            }
            case INT32 -> {
                int[] a = new int[n];
                b.asIntBuffer().get(a);
                yield Tensor.fromArray(a, shape);
            }
            case INT16, UINT16 -> {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    short s = b.getShort();
                    a[i] = type == ElementType.INT16 ? s : s & 0xFFFF;
                }
                yield Tensor.fromArray(a, shape);
            }
            case INT8, UINT8 -> {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    byte s = b.get();
                    a[i] = type == ElementType.INT8 ? s : s & 0xFF;
                }
                yield Tensor.fromArray(a, shape);
            }
            case BOOL -> {
                boolean[] a = new boolean[n];
                for (int i = 0; i < n; i++) {
                    a[i] = b.get() != 0;
                }
                yield Tensor.fromArray(a, shape);
            }
            case FLOAT16, BFLOAT16 -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = halfToFloat(type, b.getShort());
                }
                yield Tensor.fromArray(a, shape);
            }
            default -> throw new UnsupportedOperationException("ONNX element type " + type + " is not supported");
        };
    }

    /** Reads the bytes of an external tensor after checking its location, offset and length. */
    private static ByteBuffer readExternal(TensorProto p, ElementType type, int n, String at, Path baseDir)
            throws IOException {
        String location = null;
        long offset = 0;
        long length = -1;
        for (StringStringEntryProto e : p.getExternalDataList()) {
            switch (e.getKey()) {
                case "location" -> location = e.getValue();
                case "offset" -> offset = parseLong(e.getValue(), "offset", at);
                case "length" -> length = parseLong(e.getValue(), "length", at);
                default -> { }   // checksum and unknown keys carry no location information
            }
        }
        if (location == null || location.isEmpty()) {
            throw new InvalidFileException(at + ": external data without a location");
        }
        if (baseDir == null) {
            throw new InvalidFileException(at + ": external data '" + location
                    + "' is not allowed here (no model folder to resolve it against)");
        }
        Path file = resolveInside(baseDir, location, at);
        long need = (long) n * type.bytes;
        if (length >= 0 && length != need) {
            throw new InvalidFileException(at + ": external length " + length + " bytes, but " + type + " dims "
                    + p.getDimsList() + " need " + need);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (offset > size || need > size - offset) {
                throw new InvalidFileException(at + ": external data " + location + " [" + offset + ", "
                        + (offset + need) + ") lies outside the file's " + size + " bytes");
            }
            ByteBuffer buf = ByteBuffer.allocate((int) need);
            long pos = offset;
            while (buf.hasRemaining()) {
                int r = ch.read(buf, pos);
                if (r < 0) {
                    throw new InvalidFileException(at + ": external data " + location + " ended early at byte " + pos);
                }
                pos += r;
            }
            return buf.flip();
        }
    }

    /** {@code location} resolved against {@code baseDir}; it must stay inside, symbolic links included. */
    static Path resolveInside(Path baseDir, String location, String at) throws IOException {
        Path rel;
        try {
            rel = Path.of(location);
        } catch (RuntimeException e) {
            throw new InvalidFileException(at + ": invalid external data location '" + location + "'");
        }
        Path base = baseDir.toAbsolutePath().normalize();
        Path file = base.resolve(rel).normalize();
        if (rel.isAbsolute() || !file.startsWith(base) || file.equals(base)) {
            throw new InvalidFileException(at + ": external data location '" + location
                    + "' leaves the model's folder " + base);
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidFileException(at + ": external data file '" + location + "' does not exist in " + base);
        }
        Path real = file.toRealPath();
        if (!real.startsWith(base.toRealPath()) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidFileException(at + ": external data location '" + location
                    + "' leads outside the model's folder " + base + " (to " + real + ")");
        }
        return real;
    }

    private static long parseLong(String value, String key, String at) throws InvalidFileException {
        try {
            long v = Long.parseLong(value.trim());
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidFileException(at + ": external data " + key + " '" + value
                    + "' is not a non-negative integer");
        }
    }

    /** The tensor as a {@code TensorProto} with little-endian raw data. */
    static TensorProto encode(String name, Tensor t) {
        DType dtype = t.dtype();
        ElementType type = ElementType.of(dtype);
        int n = t.numel();
        ByteBuffer b = ByteBuffer.allocate(n * type.bytes).order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case FLOAT32 -> b.asFloatBuffer().put(t.toFloatArray());
            case FLOAT64 -> b.asDoubleBuffer().put(t.toDoubleArray());
            case INT32 -> b.asIntBuffer().put(t.toIntArray());
            case INT64 -> b.asLongBuffer().put(t.toLongArray());
            case BOOL -> {
                for (boolean v : t.toBooleanArray()) {
                    b.put((byte) (v ? 1 : 0));
                }
            }
        }
        TensorProto.Builder p = TensorProto.newBuilder().setName(name).setDataType(type.code)
                .setRawData(ByteString.copyFrom(b.array()));
        for (int s : t.shape().toArray()) {
            p.addDims(s);
        }
        return p.build();
    }
}
