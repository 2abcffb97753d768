package dev.myelin.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.io.InvalidFileException;
import dev.myelin.io.SafeTensors;
import dev.myelin.nn.Module;
import dev.myelin.tensor.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained model as one safetensors file: its state dict (PyTorch's keys, so PyTorch loads it
 * too) and, in the metadata, what is needed to rebuild it: the zoo name ({@code myelin.model}),
 * its arguments ({@code myelin.args}, JSON), the class names ({@code myelin.classes}) and the
 * shape of one input ({@code myelin.input_shape}). A model declared as a list of layers is saved
 * under the name {@code layers} with the list as its arguments.
 *
 * <pre>{@code
 * ModelFiles.save(path, new ModelFiles.Description("fashion-cnn", Map.of(), FashionMnist.CLASSES, Shape.of(1, 1, 28, 28)), model);
 * ModelFiles.Loaded m = ModelFiles.load(path);      // m.model() ready for predictions, m.description().classes()
 * }</pre>
 */
public final class ModelFiles {
    /** The zoo name of a model declared as a list of layers ({@link LayerSpecs}). */
    public static final String LAYERS = "layers";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelFiles() {}

    /**
     * How to rebuild a model.
     *
     * @param name the zoo name, or {@link #LAYERS}
     * @param args the zoo arguments; for {@code layers}, {"layers": [...]}
     * @param classes the class names by label (may be empty)
     * @param inputShape the shape of one input, batch of 1 included
     */
    public record Description(String name, Map<String, ?> args, List<String> classes, Shape inputShape) {
        public Description {
            args = args == null ? Map.of() : args;
            classes = classes == null ? List.of() : List.copyOf(classes);
        }

        /** The description as safetensors metadata. */
        public Map<String, String> metadata() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("myelin.model", name);
            m.put("myelin.args", json(args));
            m.put("myelin.classes", json(classes));
            m.put("myelin.input_shape", json(java.util.Arrays.stream(inputShape.toArray()).boxed().toList()));
            return m;
        }

        /** Builds a fresh (untrained) model from the description. */
        public Module build() {
            if (LAYERS.equals(name)) {
                Object layers = args.get("layers");
                if (!(layers instanceof List<?> list)) {
                    throw new IllegalArgumentException("layers: expected a list of layers under \"layers\"");
                }
                @SuppressWarnings("unchecked")
                List<Map<String, ?>> specs = (List<Map<String, ?>>) list;
                return LayerSpecs.build(specs);
            }
            return ModelZoo.create(name, args);
        }
    }

    /** A model read back from a file, with its description. */
    public record Loaded(Module model, Description description) {}

    /** Writes the model's state dict and description to {@code file}, atomically. */
    public static void save(Path file, Description description, Module model) throws IOException {
        SafeTensors.save(file, model.stateDict(), description.metadata());
    }

    /**
     * Rebuilds the model described in {@code file} and loads its weights, in evaluation mode.
     *
     * @throws java.nio.file.NoSuchFileException if there is no such file
     * @throws InvalidFileException if the file is not a model saved by Myelin or its weights do not fit
     */
    public static Loaded load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file + " (no such model file)");
        }
        SafeTensors.Contents contents = SafeTensors.load(file);
        Description d = describe(file, contents.metadata());
        Module model;
        try {
            model = d.build();
            model.loadStateDict(contents.tensors());
        } catch (IllegalArgumentException e) {
            throw new InvalidFileException("model file " + file + " does not fit the model it names ('" + d.name() + "'): "
                    + e.getMessage());
        }
        model.eval();
        return new Loaded(model, d);
    }

    /** The description in a model file's metadata. */
    public static Description describe(Path file, Map<String, String> meta) throws InvalidFileException {
        String name = meta.get("myelin.model");
        if (name == null) {
            throw new InvalidFileException("model file " + file + " does not say which model it holds (no myelin.model in"
                    + " its metadata); it was not saved by Myelin's trainer or quickstart");
        }
        try {
            Map<String, Object> args = JSON.readValue(meta.getOrDefault("myelin.args", "{}"), new TypeReference<>() {});
            List<String> classes = JSON.readValue(meta.getOrDefault("myelin.classes", "[]"), new TypeReference<>() {});
            List<Integer> shape = JSON.readValue(meta.getOrDefault("myelin.input_shape", "[1, 1, 28, 28]"),
                    new TypeReference<>() {});
            return new Description(name, args, classes, Shape.of(shape.stream().mapToInt(Integer::intValue).toArray()));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new InvalidFileException("model file " + file + " has malformed metadata: " + e.getMessage());
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("ModelFiles: cannot write " + value + " as JSON", e);
        }
    }
}
