package dev.myelin.data;

import dev.myelin.data.readers.Idx;
import dev.myelin.io.InvalidFileException;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Zalando Research, MIT licence): 28 × 28 grey images of clothing in 10 classes,
 * the drop-in replacement for MNIST.
 *
 * <p>{@link #load(Path)} looks in three places, in order: the directory given (a {@code --data}
 * option), the Debian package {@code dataset-fashion-mnist} ({@value #DEBIAN_DIR}: the full
 * 60,000 training and 10,000 test images), then the subset embedded in the {@code myelin-datasets}
 * artifact on the classpath (the first 10,000 training and 2,000 test images); {@link #load()}
 * skips the first. {@link #source()}
 * says which was used. Images are float32 (N, 1, 28, 28) in [0, 1]; labels are int64 (N) in
 * 0..9, naming {@link #CLASSES}.
 *
 * <pre>{@code
 * FashionMnist data = FashionMnist.load();          // full set if installed, else the embedded subset
 * System.out.println(data.source());
 * DataLoader<Batch> loader = DataLoader.builder(data.train()).batchSize(128).shuffle(true).seed(0).build();
 * }</pre>
 *
 * @param train the training images and labels
 * @param test the test images and labels
 * @param source where the data came from, in words
 */
public record FashionMnist(TensorDataset train, TensorDataset test, String source) {
    /** Where the Debian package installs the full dataset. */
    public static final String DEBIAN_DIR = "/usr/share/datasets/fashion-mnist";
    /** The class names, by label. */
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot");
    static final String RESOURCE_DIR = "dev/myelin/datasets/fashion-mnist/";
    private static final String[] FILES = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
        "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};
    private static final int SIDE = 28;

    /**
     * The full dataset from the Debian package if installed, else the embedded subset.
     *
     * @throws InvalidFileException if neither is there or the files are malformed
     */
    public static FashionMnist load() throws IOException {
        return load(null);
    }

    /**
     * The dataset from {@code dir} (a {@code --data} option) if it is not null, else the Debian package's full set if
     * installed, else the embedded subset.
     *
     * @throws InvalidFileException if the files are missing or malformed
     */
    public static FashionMnist load(Path dir) throws IOException {
        if (dir != null) {
            return fromDirectory(dir);
        }
        Path debian = Path.of(DEBIAN_DIR);
        if (find(debian, FILES[0]) != null) {
            return fromDirectory(debian);
        }
        return embedded();
    }

    /**
     * The dataset in {@code dir}: the four files with their usual names, gzipped ({@code .gz}) or not.
     *
     * @throws InvalidFileException if a file is missing or malformed
     */
    public static FashionMnist fromDirectory(Path dir) throws IOException {
        Tensor[] parts = new Tensor[FILES.length];
        for (int i = 0; i < FILES.length; i++) {
            Path file = find(dir, FILES[i]);
            if (file == null) {
                throw new InvalidFileException("FashionMnist: " + dir + " has neither " + FILES[i] + ".gz nor " + FILES[i]);
            }
            parts[i] = Idx.read(file, i % 2 == 0 ? DType.FLOAT32 : DType.INT64);
        }
        String what = dir.toAbsolutePath().normalize().equals(Path.of(DEBIAN_DIR))
                ? " (Debian package dataset-fashion-mnist)" : "";
        return assemble(parts, "Fashion-MNIST from " + dir + what);
    }

    /**
     * The subset embedded in {@code myelin-datasets}: the first 10,000 training and 2,000 test images.
     *
     * @throws InvalidFileException if the myelin-datasets artifact is not on the classpath
     */
    public static FashionMnist embedded() throws IOException {
        return embedded(FashionMnist.class.getClassLoader());
    }

    static FashionMnist embedded(ClassLoader loader) throws IOException {
        Tensor[] parts = new Tensor[FILES.length];
        for (int i = 0; i < FILES.length; i++) {
            String name = RESOURCE_DIR + FILES[i] + ".gz";
            try (InputStream in = loader.getResourceAsStream(name)) {
                if (in == null) {
                    throw new InvalidFileException("FashionMnist: the embedded subset (" + name + ") is not on the classpath;"
                            + " add the dependency dev.myelin:myelin-datasets, install the Debian package"
                            + " dataset-fashion-mnist, or give the directory of the data");
                }
                parts[i] = Idx.decode(in.readAllBytes(), "resource " + name, i % 2 == 0 ? DType.FLOAT32 : DType.INT64);
            }
        }
        return assemble(parts, "the Fashion-MNIST subset embedded in myelin-datasets");
    }

    private static Path find(Path dir, String name) {
        for (Path p : List.of(dir.resolve(name + ".gz"), dir.resolve(name))) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static FashionMnist assemble(Tensor[] parts, String from) throws InvalidFileException {
        TensorDataset train = checked(parts[0], parts[1], "training", from);
        TensorDataset test = checked(parts[2], parts[3], "test", from);
        return new FashionMnist(train, test, from + ": " + train.size() + " training and " + test.size() + " test images");
    }

    /** Checks and scales one split: images (N, 28, 28) in 0..255 to (N, 1, 28, 28) in [0, 1]; labels (N) in 0..9. */
    private static TensorDataset checked(Tensor images, Tensor labels, String which, String from) throws InvalidFileException {
        if (images.dim() != 3 || images.size(1) != SIDE || images.size(2) != SIDE || labels.dim() != 1
                || labels.size(0) != images.size(0)) {
            throw new InvalidFileException("FashionMnist (" + from + "): the " + which + " images have shape " + images.shape()
                    + " and the labels " + labels.shape() + "; expected (N, 28, 28) and (N)");
        }
        for (long label : labels.toLongArray()) {
            if (label < 0 || label >= CLASSES.size()) {
                throw new InvalidFileException("FashionMnist (" + from + "): a " + which + " label is " + label
                        + "; expected 0..9");
            }
        }
        return new TensorDataset(images.mulInPlace(1 / 255.0).unsqueeze(1), labels);
    }
}
