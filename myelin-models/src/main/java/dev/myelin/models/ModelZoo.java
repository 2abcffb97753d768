package dev.myelin.models;

import dev.myelin.nn.Module;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The models known by name, for {@code myelin train --config}, {@code myelin summary} and the
 * metadata of saved weights. The registry is open: a zoo model (or a user's) is one
 * {@link #register} call.
 *
 * <pre>{@code
 * Module cnn = ModelZoo.create("fashion-cnn");                      // the W3 network
 * Module mlp = ModelZoo.create("mlp", Map.of("sizes", List.of(784, 128, 10)));
 * ModelZoo.register(new ModelZoo.Entry("my-net", "my network", Shape.of(1, 3, 32, 32), args -> new MyNet()));
 * }</pre>
 */
public final class ModelZoo {
    private static final Map<String, Entry> ENTRIES = new ConcurrentHashMap<>();

    static {
        register(new Entry("mlp", "multi-layer perceptron for Fashion-MNIST, 784-512-256-10 with ReLU (W2);"
                + " args: sizes", Shape.of(1, 1, 28, 28),
                args -> new Mlp(ModelArgs.ints(args, "mlp", "sizes", new int[] {784, 512, 256, 10}))));
        register(new Entry("fashion-cnn", "two-convolution CNN for 28x28 grey images (W3, the quickstart);"
                + " args: classes", Shape.of(1, 1, 28, 28),
                args -> new FashionCnn(ModelArgs.integer(args, "fashion-cnn", "classes", 10))));
        register(new Entry("gpt", "GPT-style decoder, by default W5's: vocab 1024, context 128, d_model 256, 4 heads,"
                + " 4 layers, feed-forward 1024; args: vocab, context, d_model, heads, layers, feedforward, dropout,"
                + " tied", Shape.of(1, 128), DType.INT64, Gpt::fromArgs));
        register(new Entry("conv-autoencoder", "convolutional autoencoder for 28x28 grey images; args: latent (16)",
                Shape.of(1, 1, 28, 28), args -> new ConvAutoencoder(ModelArgs.integer(args, "conv-autoencoder", "latent", 16))));
        register(new Entry("vae", "convolutional variational autoencoder for 28x28 grey images; args: latent (16)",
                Shape.of(1, 1, 28, 28), args -> new Vae(ModelArgs.integer(args, "vae", "latent", 16))));
        register(new Entry("dcgan-generator", "DCGAN generator of 28x28 grey images from noise; args: latent (100), width"
                + " (32)", Shape.of(1, 100), args -> new DcganGenerator(ModelArgs.integer(args, "dcgan-generator", "latent", 100),
                        ModelArgs.integer(args, "dcgan-generator", "width", 32))));
        register(new Entry("dcgan-discriminator", "DCGAN discriminator of 28x28 grey images; args: width (32)",
                Shape.of(1, 1, 28, 28), args -> new DcganDiscriminator(ModelArgs.integer(args, "dcgan-discriminator", "width", 32))));
    }

    private ModelZoo() {}

    /**
     * A registered model.
     *
     * @param name the name used on the command line and in files
     * @param description one line for listings
     * @param inputShape the shape of one example input, batch of 1 included (for summaries)
     * @param inputDType the dtype of the example input: float32 for images, int64 for token ids
     * @param factory builds the model from its arguments (an empty map for the defaults)
     */
    public record Entry(String name, String description, Shape inputShape, DType inputDType,
            Function<Map<String, ?>, Module> factory) {
        public Entry {
            Objects.requireNonNull(name, "ModelZoo.Entry: name is null");
            Objects.requireNonNull(inputShape, "ModelZoo.Entry: inputShape is null");
            Objects.requireNonNull(inputDType, "ModelZoo.Entry: inputDType is null");
            Objects.requireNonNull(factory, "ModelZoo.Entry: factory is null");
        }

        /** An entry whose example input is float32. */
        public Entry(String name, String description, Shape inputShape, Function<Map<String, ?>, Module> factory) {
            this(name, description, inputShape, DType.FLOAT32, factory);
        }

        /** An example input for {@link Module#summary(Tensor)}: zeros of the input shape and dtype. */
        public Tensor exampleInput() {
            return Tensor.zeros(inputShape, inputDType);
        }
    }

    /** Adds or replaces a model under {@code entry.name()}. */
    public static void register(Entry entry) {
        ENTRIES.put(entry.name(), entry);
    }

    /**
     * The entry named {@code name}.
     *
     * @throws IllegalArgumentException naming the known models if there is none
     */
    public static Entry get(String name) {
        Entry e = ENTRIES.get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown model '" + name + "'; the known models are " + String.join(", ", names()));
        }
        return e;
    }

    /** A new model with its default arguments. */
    public static Module create(String name) {
        return create(name, Map.of());
    }

    /** A new model built from {@code args} (the "args" object of a run configuration). */
    public static Module create(String name, Map<String, ?> args) {
        return get(name).factory().apply(args == null ? Map.of() : args);
    }

    /** The registered names, sorted. */
    public static List<String> names() {
        List<String> names = new ArrayList<>(ENTRIES.keySet());
        names.sort(null);
        return names;
    }
}
