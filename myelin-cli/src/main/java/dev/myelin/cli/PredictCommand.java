package dev.myelin.cli;

import dev.myelin.data.readers.ImageFolder;
import dev.myelin.models.ModelFiles;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import dev.myelin.train.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code myelin predict <model> <image>...}: the five most likely classes of each image, with probabilities. */
@Command(name = "predict", description = "Classify images with a saved model: the top-5 classes with probabilities.")
final class PredictCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "A model file saved by quickstart or train (model.safetensors).")
    Path modelFile;

    @Parameters(index = "1..*", arity = "1..*", description = "PNG/JPEG images of the model's input size (28 x 28 grey"
            + " for Fashion-MNIST: a light garment on a dark background).")
    List<Path> images = new ArrayList<>();

    @Option(names = "--invert", description = "Invert the images first (for dark objects on a light background).")
    boolean invert;

    @Option(names = "--top", description = "How many classes to show (default: ${DEFAULT-VALUE}).", defaultValue = "5")
    int top;

    @Override
    public Integer call() throws Exception {
        ModelFiles.Loaded loaded = ModelFiles.load(modelFile);
        Shape input = loaded.description().inputShape();
        if (input.rank() != 4) {
            throw new IllegalArgumentException(modelFile + " holds a model of input shape " + input
                    + ", which is not an image model");
        }
        int channels = input.size(1);
        for (Path image : images) {
            if (!java.nio.file.Files.isRegularFile(image)) {
                throw new java.nio.file.NoSuchFileException(image + " (no such image)");
            }
            Tensor x = ImageFolder.readImage(image, channels == 3 ? 3 : 1);
            if (x.size(2) != input.size(2) || x.size(3) != input.size(3)) {
                throw new IllegalArgumentException(image + " is " + x.size(3) + " x " + x.size(2) + " pixels, but the model"
                        + " takes " + input.size(3) + " x " + input.size(2) + " images; resize it first");
            }
            if (invert) {
                x = x.neg().add(1.0);
            }
            double[] p = Trainer.predict(loaded.model(), x, 1).softmax(1).toDoubleArray();
            List<String> classes = loaded.description().classes();
            Integer[] order = new Integer[p.length];
            for (int i = 0; i < p.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
            System.out.println(image + ":");
            for (int k = 0; k < Math.min(top, p.length); k++) {
                int c = order[k];
                String name = c < classes.size() ? classes.get(c) : "class " + c;
                System.out.printf(Locale.ROOT, "  %-14s %6.2f%%%n", name, 100 * p[c]);
            }
        }
        return 0;
    }
}
