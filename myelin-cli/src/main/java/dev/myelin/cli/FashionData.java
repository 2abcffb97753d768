package dev.myelin.cli;

import dev.myelin.data.FashionMnist;
import dev.myelin.data.TensorDataset;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.IntStream;
import picocli.CommandLine.Option;

/**
 * The options the generative demos share (a picocli mixin): where Fashion-MNIST comes from, how many
 * training images to use, the seed and the folder of runs; and the data they select.
 */
final class FashionData {
    @Option(names = "--data", description = "A folder with the Fashion-MNIST files (default: the full set if installed,"
            + " else the embedded subset).")
    Path data;

    @Option(names = "--embedded", description = "Use the embedded subset even when the full set is installed.")
    boolean embedded;

    @Option(names = "--images", description = "Train on the first N training images (default: ${DEFAULT-VALUE}, the"
            + " embedded subset's size; the full set has 60000).", defaultValue = "10000")
    int images;

    @Option(names = "--test-images", description = "Evaluate on the first N test images (default: all of them).")
    Integer testImages;

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    long seed;

    @Option(names = "--runs", description = "Where run folders go (default: ${DEFAULT-VALUE}).", defaultValue = "runs")
    Path runs;

    /** The data: the first {@code --images} training images and the first {@code --test-images} test images. */
    record Selected(TensorDataset train, TensorDataset test, String source) {}

    /**
     * Loads Fashion-MNIST as {@link Runs#fashionMnist} does, keeps the first {@code --images} training
     * and {@code --test-images} test images and prints what it uses.
     *
     * @throws IllegalArgumentException if {@code --images} or {@code --test-images} is below 100
     */
    Selected load(PrintStream out) throws IOException {
        if (images < 100) {
            throw new IllegalArgumentException("--images must be at least 100, got " + images);
        }
        if (testImages != null && testImages < 100) {
            throw new IllegalArgumentException("--test-images must be at least 100, got " + testImages);
        }
        FashionMnist fm = Runs.fashionMnist(data, embedded);
        TensorDataset train = first(fm.train(), images);
        TensorDataset test = first(fm.test(), testImages == null ? Integer.MAX_VALUE : testImages);
        out.printf(Locale.ROOT, "data: %s; %d training images%s, %d test images%s%n", fm.source(), train.size(),
                train.size() < fm.train().size() ? " (--images)" : "", test.size(),
                test.size() < fm.test().size() ? " (--test-images)" : "");
        return new Selected(train, test, fm.source());
    }

    private static TensorDataset first(TensorDataset data, int n) {
        return n >= data.size() ? data : data.subset(IntStream.range(0, n).toArray());
    }

    /** The rows of {@code data} with each class's first example, for classes 0..{@code classes}-1. */
    static int[] firstOfEachClass(TensorDataset data, int classes) {
        long[] labels = data.y().toLongArray();
        return IntStream.range(0, classes).map(c -> IntStream.range(0, labels.length).filter(i -> labels[i] == c)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("the data has no example of class " + c)))
                .toArray();
    }
}
