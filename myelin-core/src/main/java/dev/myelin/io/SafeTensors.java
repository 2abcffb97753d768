package dev.myelin.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header
 * naming each tensor's dtype, shape and byte range, then the raw little-endian data. Files
 * written here load in PyTorch ({@code safetensors.torch.load_file}) and vice versa.
 *
 * <p>Loading never runs code and never trusts the file: the header length, every shape and every
 * byte range are checked against the file's real size before anything is allocated, ranges must
 * tile the data area exactly, and anything malformed is rejected with a message naming the file
 * and the problem. Saving writes a temporary file beside the target and renames it over the
 * target, so a crash leaves either the old file or the new one.
 *
 * <pre>{@code
 * SafeTensors.save(path, Map.of("weight", w), Map.of("epoch", "3"));
 * SafeTensors.Contents c = SafeTensors.load(path);
 * Tensor w2 = c.tensors().get("weight");
 * }</pre>
 */
public final class SafeTensors {
    /** The largest header accepted, as in the reference implementation. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private SafeTensors() {}

    /** The tensors of a file, in file order, and its free-form string metadata. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

    /** A file's dtype names and the dtypes they load as (half precisions widen to float32, small ints to int32). */
    private enum FileType {
        F64(DType.FLOAT64, 8), F32(DType.FLOAT32, 4), F16(DType.FLOAT32, 2), BF16(DType.FLOAT32, 2),
        I64(DType.INT64, 8), I32(DType.INT32, 4), I16(DType.INT32, 2), I8(DType.INT32, 1), U8(DType.INT32, 1),
        BOOL(DType.BOOL, 1);

        final DType dtype;
        final int bytes;

        FileType(DType dtype, int bytes) {
            this.dtype = dtype;
            this.bytes = bytes;
        }

        static FileType of(DType dtype) {
            return switch (dtype) {
                case FLOAT64 -> F64;
                case FLOAT32 -> F32;
                case INT64 -> I64;
                case INT32 -> I32;
                case BOOL -> BOOL;
            };
        }
    }

    private record Entry(String name, FileType type, Shape shape, long begin, long end) {}

    /** Loads every tensor of a safetensors file. */
    public static Contents load(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            String where = "safetensors file " + file;
            if (size < 8) {
                throw new InvalidFileException(where + ": " + size + " bytes is too short for the 8-byte header length");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLen = lenBuf.flip().getLong();
            if (headerLen < 2 || headerLen > MAX_HEADER_BYTES || headerLen > size - 8) {
                throw new InvalidFileException(where + ": header length " + Long.toUnsignedString(headerLen)
                        + " is impossible for a file of " + size + " bytes (limit " + MAX_HEADER_BYTES + ")");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLen);
            readFully(ch, header, 8);
            long dataStart = 8 + headerLen;
            List<Entry> entries = new ArrayList<>();
            Map<String, String> metadata = parseHeader(where, header.array(), size - dataStart, entries);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Entry e : entries) {
                ByteBuffer bytes = ByteBuffer.allocate((int) (e.end - e.begin)).order(ByteOrder.LITTLE_ENDIAN);
                readFully(ch, bytes, dataStart + e.begin);
                tensors.put(e.name, decode(e, bytes.flip()));
            }
            return new Contents(tensors, metadata);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long at = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, at);
            if (n < 0) {
                throw new InvalidFileException("safetensors: unexpected end of file at byte " + at);
            }
            at += n;
        }
    }

    private static Map<String, String> parseHeader(String where, byte[] header, long dataSize, List<Entry> entries)
            throws InvalidFileException {
        JsonNode root;
        try {
            root = JSON.readTree(new String(header, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new InvalidFileException(where + ": the header is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidFileException(where + ": the header must be a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode node = field.getValue();
            if (name.equals("__metadata__")) {
                if (!node.isObject()) {
                    throw new InvalidFileException(where + ": __metadata__ must be an object of strings");
                }
                for (Iterator<Map.Entry<String, JsonNode>> m = node.fields(); m.hasNext(); ) {
                    Map.Entry<String, JsonNode> kv = m.next();
                    if (!kv.getValue().isTextual()) {
                        throw new InvalidFileException(where + ": __metadata__ value of '" + kv.getKey() + "' is not a string");
                    }
                    metadata.put(kv.getKey(), kv.getValue().asText());
                }
                continue;
            }
            entries.add(parseEntry(where, name, node, dataSize));
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        for (Entry e : entries) {
            if (e.begin != expected) {
                throw new InvalidFileException(where + ": tensor '" + e.name + "' starts at byte " + e.begin
                        + " but the previous tensor ends at " + expected + " (ranges must tile the data without gaps or overlaps)");
            }
            expected = e.end;
        }
        if (expected != dataSize) {
            throw new InvalidFileException(where + ": the tensors cover " + expected + " bytes but the data area has "
                    + dataSize);
        }
        return metadata;
    }

    private static Entry parseEntry(String where, String name, JsonNode node, long dataSize)
            throws InvalidFileException {
        String what = where + ": tensor '" + name + "'";
        if (!node.isObject() || !node.path("dtype").isTextual() || !node.path("shape").isArray()
                || !node.path("data_offsets").isArray() || node.path("data_offsets").size() != 2) {
            throw new InvalidFileException(what + " needs a string dtype, a shape array and two data_offsets");
        }
        FileType type;
        try {
            type = FileType.valueOf(node.get("dtype").asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidFileException(what + " has unsupported dtype '" + node.get("dtype").asText() + "'");
        }
        JsonNode shapeNode = node.get("shape");
        int[] dims = new int[shapeNode.size()];
        long numel = 1;
        for (int i = 0; i < dims.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.isIntegralNumber() || d.asLong() < 0 || d.asLong() > Integer.MAX_VALUE) {
                throw new InvalidFileException(what + " has an invalid size " + d + " in its shape");
            }
            dims[i] = (int) d.asLong();
            numel = Math.multiplyHigh(numel, dims[i]) != 0 ? Long.MAX_VALUE : numel * dims[i];
            if (numel > dataSize) {
                throw new InvalidFileException(what + " claims shape " + shapeNode + ", more elements than the file's "
                        + dataSize + " data bytes can hold");
            }
        }
        JsonNode offsets = node.get("data_offsets");
        if (!offsets.get(0).isIntegralNumber() || !offsets.get(1).isIntegralNumber()) {
            throw new InvalidFileException(what + " has non-integer data_offsets " + offsets);
        }
        long begin = offsets.get(0).asLong();
        long end = offsets.get(1).asLong();
        if (begin < 0 || end < begin || end > dataSize) {
            throw new InvalidFileException(what + " has data_offsets " + offsets + " outside the data area of "
                    + dataSize + " bytes");
        }
        if (end - begin != numel * type.bytes) {
            throw new InvalidFileException(what + ": shape " + shapeNode + " of " + type + " needs " + numel * type.bytes
                    + " bytes but data_offsets span " + (end - begin));
        }
        return new Entry(name, type, Shape.of(dims), begin, end);
    }

    private static Tensor decode(Entry e, ByteBuffer b) throws InvalidFileException {
        int n = e.shape.numel();
        int[] dims = e.shape.toArray();
        return switch (e.type) {
            case F64 -> {
                double[] a = new double[n];
                b.asDoubleBuffer().get(a);
                yield Tensor.fromArray(a, dims);
            }
            case F32 -> {
                float[] a = new float[n];
                b.asFloatBuffer().get(a);
                yield Tensor.fromArray(a, dims);
            }
            case F16, BF16 -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    short h = b.getShort();
                    a[i] = e.type == FileType.F16 ? Float.float16ToFloat(h) : Float.intBitsToFloat((h & 0xFFFF) << 16);
                }
                yield Tensor.fromArray(a, dims);
            }
            case I64 -> {
                long[] a = new long[n];
                b.asLongBuffer().get(a);
                yield Tensor.fromArray(a, dims);
            }
            case I32 -> {
                int[] a = new int[n];
                b.asIntBuffer().get(a);
                yield Tensor.fromArray(a, dims);
            }
            case I16, I8, U8 -> {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = e.type == FileType.I16 ? b.getShort() : e.type == FileType.I8 ? b.get() : b.get() & 0xFF;
                }
                yield Tensor.fromArray(a, dims);
            }
            case BOOL -> {
                boolean[] a = new boolean[n];
                for (int i = 0; i < n; i++) {
                    byte v = b.get();
                    if (v != 0 && v != 1) {
                        throw new InvalidFileException("safetensors: tensor '" + e.name + "' has a BOOL byte " + v
                                + " at element " + i + " (expected 0 or 1)");
                    }
                    a[i] = v == 1;
                }
                yield Tensor.fromArray(a, dims);
            }
        };
    }

    /** Writes tensors (in map order) and metadata to {@code file}, atomically. */
    public static void save(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        byte[] bytes = toBytes(tensors, metadata);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /** The bytes of a safetensors file holding {@code tensors} and {@code metadata}. */
    public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata) {
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                throw new IllegalArgumentException("safetensors: '__metadata__' is reserved and cannot name a tensor");
            }
            Tensor t = e.getValue();
            FileType type = FileType.of(t.dtype());
            ObjectNode entry = header.putObject(e.getKey());
            entry.put("dtype", type.name());
            ArrayNode shape = entry.putArray("shape");
            for (int d : t.shape().toArray()) {
                shape.add(d);
            }
            long bytes = (long) t.numel() * type.bytes;
            entry.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        if (8L + padded + offset > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("safetensors: " + offset + " bytes of tensors do not fit one Java array;"
                    + " split them over several files");
        }
        ByteBuffer out = ByteBuffer.allocate((int) (8 + padded + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(json);
        for (int i = json.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        for (Tensor t : tensors.values()) {
            encode(t, out);
        }
        return out.array();
    }

    private static void encode(Tensor t, ByteBuffer out) {
        switch (t.dtype()) {
            case FLOAT64 -> {
                for (double v : t.toDoubleArray()) {
                    out.putDouble(v);
                }
            }
            case FLOAT32 -> {
                for (float v : t.toFloatArray()) {
                    out.putFloat(v);
                }
            }
            case INT64 -> {
                for (long v : t.toLongArray()) {
                    out.putLong(v);
                }
            }
            case INT32 -> {
                for (int v : t.toIntArray()) {
                    out.putInt(v);
                }
            }
            case BOOL -> {
                for (boolean v : t.toBooleanArray()) {
                    out.put((byte) (v ? 1 : 0));
                }
            }
        }
    }
}
