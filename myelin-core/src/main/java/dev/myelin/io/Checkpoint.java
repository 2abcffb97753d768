package dev.myelin.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * A full training checkpoint: everything needed to continue a run exactly where it stopped. One
 * safetensors file holds the model's state dict under {@code model.}, the optimizer's under
 * {@code optim.}, and, as JSON in the metadata, the rest: the epochs done, the optimizer steps
 * taken, the scheduler's state, the random generators' states, the data loader's seed, the metric
 * history, free-form extras (callback state, the model's name) and the format version, plus a
 * CRC-32 of the tensor data.
 *
 * <p>Files are written atomically ({@link AtomicFiles}). {@link #load} checks the format, the
 * version, every field and the checksum, and throws {@link InvalidFileException} naming the file
 * and the problem; it never returns part of a checkpoint. The model tensors alone load in PyTorch
 * like any safetensors file ({@code model.} stripped from the keys).
 *
 * <pre>{@code
 * Checkpoint.save(path, new Checkpoint(model.stateDict(), opt.stateDict(), schedule.stateDict(), epoch, step,
 *         Map.of("default", Generator.defaultGenerator().state()), loader.seed(), history.epochs(), Map.of()));
 * Checkpoint c = Checkpoint.load(path);
 * model.loadStateDict(c.model());
 * }</pre>
 *
 * @param model the model's state dict
 * @param optimizer the optimizer's state dict (may be empty)
 * @param scheduler the learning-rate scheduler's state dict (may be empty)
 * @param epoch the number of epochs completed
 * @param step the number of optimizer steps taken
 * @param rng the states of random generators by name ({@code default}: the process-wide one)
 * @param loaderSeed the training data loader's seed, or null
 * @param history one map of metric values per completed epoch
 * @param extras free-form strings (callback state, model name, configuration)
 */
public record Checkpoint(Map<String, Tensor> model, Map<String, Tensor> optimizer, Map<String, Tensor> scheduler,
        int epoch, long step, Map<String, long[]> rng, Long loaderSeed, List<Map<String, Double>> history,
        Map<String, String> extras) {
    /** The value of the {@code format} metadata entry. */
    public static final String FORMAT = "myelin.checkpoint";
    /** The format version this code writes and reads. */
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "model.";
    private static final String OPTIM = "optim.";

    /** Copies the maps; checks the counts. */
    public Checkpoint {
        model = ordered(Objects.requireNonNull(model, "Checkpoint: model is null"));
        optimizer = ordered(optimizer);
        scheduler = ordered(scheduler);
        rng = ordered(rng);
        history = history == null ? List.of() : List.copyOf(history);
        extras = ordered(extras);
        if (epoch < 0 || step < 0) {
            throw new IllegalArgumentException("Checkpoint: epoch and step must be non-negative, got " + epoch + " and " + step);
        }
    }

    private static <V> Map<String, V> ordered(Map<String, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** Writes the checkpoint to {@code file} atomically (a temporary file beside it, then a rename). */
    public static void save(Path file, Checkpoint c) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        c.model.forEach((k, v) -> tensors.put(MODEL + k, v));
        c.optimizer.forEach((k, v) -> tensors.put(OPTIM + k, v));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("format_version", String.valueOf(VERSION));
        meta.put("state", c.stateJson());
        meta.put("crc32", crc(tensors));
        SafeTensors.save(file, tensors, meta);
    }

    /**
     * Reads and checks a checkpoint.
     *
     * @throws InvalidFileException if the file is not a Myelin checkpoint, has another format version,
     *     lacks a field, or its data do not match its checksum (a corrupt or truncated file)
     */
    public static Checkpoint load(Path file) throws IOException {
        SafeTensors.Contents contents = SafeTensors.load(file);
        String where = "checkpoint " + file;
        Map<String, String> meta = contents.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new InvalidFileException(where + ": not a Myelin training checkpoint (its metadata has no format '"
                    + FORMAT + "'); a file of weights alone loads with SafeTensors.load");
        }
        String version = meta.get("format_version");
        if (!String.valueOf(VERSION).equals(version)) {
            throw new InvalidFileException(where + ": format version " + version + " is not supported; this Myelin reads"
                    + " version " + VERSION);
        }
        if (!crc(contents.tensors()).equals(meta.get("crc32"))) {
            throw new InvalidFileException(where + ": the tensor data do not match the checksum; the file is corrupt");
        }
        Map<String, Tensor> model = new LinkedHashMap<>();
        Map<String, Tensor> optimizer = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : contents.tensors().entrySet()) {
            if (e.getKey().startsWith(MODEL)) {
                model.put(e.getKey().substring(MODEL.length()), e.getValue());
            } else if (e.getKey().startsWith(OPTIM)) {
                optimizer.put(e.getKey().substring(OPTIM.length()), e.getValue());
            } else {
                throw new InvalidFileException(where + ": unexpected tensor '" + e.getKey() + "' (expected model.* or optim.*)");
            }
        }
        if (model.isEmpty()) {
            throw new InvalidFileException(where + ": it holds no model tensors");
        }
        return parseState(where, meta.get("state"), model, optimizer);
    }

    // ------------------------------------------------------------------ JSON state

    private String stateJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("epoch", epoch);
        root.put("step", step);
        ObjectNode gens = root.putObject("rng");
        rng.forEach((name, words) -> {
            ArrayNode a = gens.putArray(name);
            for (long w : words) {
                a.add(w);
            }
        });
        if (loaderSeed != null) {
            root.put("loader_seed", loaderSeed);
        }
        ObjectNode sched = root.putObject("scheduler");
        scheduler.forEach((name, t) -> {
            ObjectNode n = sched.putObject(name);
            n.put("dtype", t.dtype().name());
            ArrayNode shape = n.putArray("shape");
            for (int d : t.shape().toArray()) {
                shape.add(d);
            }
            ArrayNode values = n.putArray("values");
            if (t.dtype().isFloatingPoint()) {
                for (double v : t.to(DType.FLOAT64).toDoubleArray()) {
                    values.add(v);
                }
            } else {
                for (long v : t.to(DType.INT64).toLongArray()) {
                    values.add(v);
                }
            }
        });
        ArrayNode hist = root.putArray("history");
        for (Map<String, Double> epochValues : history) {
            ObjectNode e = hist.addObject();
            epochValues.forEach((k, v) -> {
                if (Double.isFinite(v)) {
                    e.put(k, v);
                } else {
                    e.put(k, v.toString());     // NaN and infinities are not JSON numbers
                }
            });
        }
        ObjectNode ex = root.putObject("extras");
        extras.forEach(ex::put);
        return root.toString();
    }

    private static Checkpoint parseState(String where, String json, Map<String, Tensor> model,
            Map<String, Tensor> optimizer) throws InvalidFileException {
        if (json == null) {
            throw new InvalidFileException(where + ": the metadata has no 'state' entry");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidFileException(where + ": the 'state' metadata is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidFileException(where + ": the 'state' metadata must be a JSON object");
        }
        int epoch = (int) integer(where, root, "epoch");
        long step = integer(where, root, "step");
        Map<String, long[]> rng = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object(where, root, "rng").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode a = e.getValue();
            int length = Generator.STATE_LENGTH;
            if (!a.isArray() || a.size() != length) {
                throw new InvalidFileException(where + ": rng '" + e.getKey() + "' must be " + length
                        + " integers (the state of the MT19937 generator; checkpoints written before it replaced"
                        + " xoshiro256** hold 4 and cannot continue their random stream)");
            }
            long[] words = new long[length];
            for (int i = 0; i < length; i++) {
                if (!a.get(i).canConvertToLong()) {
                    throw new InvalidFileException(where + ": rng '" + e.getKey() + "' must be " + length + " integers");
                }
                words[i] = a.get(i).asLong();
            }
            rng.put(e.getKey(), words);
        }
        Long loaderSeed = root.has("loader_seed") ? integer(where, root, "loader_seed") : null;
        Map<String, Tensor> scheduler = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object(where, root, "scheduler").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            scheduler.put(e.getKey(), tensor(where + ": scheduler entry '" + e.getKey() + "'", e.getValue()));
        }
        JsonNode hist = root.get("history");
        if (hist == null || !hist.isArray()) {
            throw new InvalidFileException(where + ": the state has no 'history' list");
        }
        List<Map<String, Double>> history = new ArrayList<>();
        for (JsonNode e : hist) {
            Map<String, Double> values = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> kv = it.next();
                JsonNode v = kv.getValue();
                if (v.isNumber()) {
                    values.put(kv.getKey(), v.asDouble());
                } else if (v.isTextual() && v.asText().matches("NaN|-?Infinity")) {
                    values.put(kv.getKey(), Double.valueOf(v.asText()));
                } else {
                    throw new InvalidFileException(where + ": history value '" + kv.getKey() + "' is not a number");
                }
            }
            history.add(values);
        }
        if (history.size() != epoch) {
            throw new InvalidFileException(where + ": the history has " + history.size() + " epochs but the checkpoint"
                    + " says " + epoch + " were done");
        }
        Map<String, String> extras = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object(where, root, "extras").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            extras.put(e.getKey(), e.getValue().asText());
        }
        return new Checkpoint(model, optimizer, scheduler, epoch, step, rng, loaderSeed, history, extras);
    }

    private static long integer(String where, JsonNode root, String key) throws InvalidFileException {
        JsonNode n = root.get(key);
        if (n == null || !n.canConvertToLong() || !n.isIntegralNumber() || n.asLong() < 0) {
            throw new InvalidFileException(where + ": the state's '" + key + "' must be a non-negative integer, got " + n);
        }
        return n.asLong();
    }

    private static JsonNode object(String where, JsonNode root, String key) throws InvalidFileException {
        JsonNode n = root.get(key);
        if (n == null || !n.isObject()) {
            throw new InvalidFileException(where + ": the state's '" + key + "' must be a JSON object");
        }
        return n;
    }

    private static Tensor tensor(String what, JsonNode n) throws InvalidFileException {
        JsonNode shape = n.get("shape");
        JsonNode values = n.get("values");
        DType dtype;
        try {
            dtype = DType.valueOf(n.path("dtype").asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidFileException(what + " has an unknown dtype " + n.get("dtype"));
        }
        if (shape == null || !shape.isArray() || values == null || !values.isArray()) {
            throw new InvalidFileException(what + " needs a dtype, a shape and values");
        }
        int[] dims = new int[shape.size()];
        long numel = 1;
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape.get(i).asInt(-1);
            numel *= Math.max(dims[i], 0);
            if (dims[i] < 0 || numel > values.size()) {
                throw new InvalidFileException(what + " has a shape " + shape + " that does not fit its " + values.size()
                        + " values");
            }
        }
        if (numel != values.size()) {
            throw new InvalidFileException(what + " has a shape " + shape + " that does not fit its " + values.size()
                    + " values");
        }
        double[] v = new double[values.size()];
        for (int i = 0; i < v.length; i++) {
            if (!values.get(i).isNumber()) {
                throw new InvalidFileException(what + " has a value that is not a number");
            }
            v[i] = values.get(i).asDouble();
        }
        if (dtype.isFloatingPoint()) {
            return Tensor.fromArray(v, dims).to(dtype);
        }
        long[] l = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            l[i] = values.get(i).asLong();
        }
        return Tensor.fromArray(l, dims).to(dtype);
    }

    /** The CRC-32 (hex) of the tensors' names, shapes, dtypes and bytes, in order. */
    private static String crc(Map<String, Tensor> tensors) {
        CRC32 crc = new CRC32();
        crc.update(SafeTensors.toBytes(tensors, Map.of()));
        return Long.toHexString(crc.getValue());
    }
}
