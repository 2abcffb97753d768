package dev.myelin.cli;

import dev.myelin.data.Batch;
import dev.myelin.data.DataLoader;
import dev.myelin.data.FashionMnist;
import dev.myelin.data.TensorDataset;
import dev.myelin.plot.ConfusionMatrixPlot;
import dev.myelin.plot.ImageGrid;
import dev.myelin.plot.TrainingCurves;
import dev.myelin.tensor.Tensor;
import dev.myelin.train.History;
import dev.myelin.train.Metrics;
import dev.myelin.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** What the training commands share: run folders, data loading, the pictures of a run. */
final class Runs {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private Runs() {}

    /** A new folder {@code <runs>/<prefix>-<date>-<time>} (with a suffix if it exists already). */
    static Path create(Path runs, String prefix) throws IOException {
        String base = prefix + "-" + LocalDateTime.now().format(STAMP);
        Path dir = runs.resolve(base);
        for (int i = 2; Files.exists(dir); i++) {
            dir = runs.resolve(base + "-" + i);
        }
        return Files.createDirectories(dir);
    }

    /**
     * Fashion-MNIST from {@code dir}, else the full set if installed (unless {@code embedded}), else the subset.
     */
    static FashionMnist fashionMnist(Path dir, boolean embedded) throws IOException {
        if (dir != null && !Files.isDirectory(dir)) {
            throw new java.nio.file.NoSuchFileException(dir + " (the --data folder does not exist)");
        }
        return embedded && dir == null ? FashionMnist.embedded() : FashionMnist.load(dir);
    }

    /** A loader over {@code data} in order, for evaluation. */
    static DataLoader<Batch> ordered(TensorDataset data, int batchSize) {
        return DataLoader.builder(data).batchSize(batchSize).seed(0).build();
    }

    /**
     * Writes curves.png, confusion.png and samples.png of a classifier's run into {@code dir}.
     *
     * @param test the outputs and targets of the test set, in the order of {@code testData}
     */
    static void pictures(Path dir, String title, History history, Trainer.Predictions test, TensorDataset testData,
            List<String> classes) throws IOException {
        if (history != null && history.size() > 0) {
            TrainingCurves.save(dir.resolve("curves.png"), history, title);
        }
        ConfusionMatrixPlot.save(dir.resolve("confusion.png"), Metrics.confusionMatrix(test.outputs(), test.targets()),
                classes, title + ": test set confusion matrix");
        int n = Math.min(24, testData.size());
        int[] picked = new int[n];
        for (int i = 0; i < n; i++) {
            picked[i] = (int) ((long) i * testData.size() / n);
        }
        Tensor index = Tensor.fromArray(picked, n);
        long[] predicted = Metrics.predictedClasses(test.outputs().indexSelect(0, index)).toLongArray();
        long[] truth = test.targets().indexSelect(0, index).toLongArray();
        ImageGrid.save(dir.resolve("samples.png"), testData.subset(picked).x(), predicted, truth, classes, 6);
    }

    /** Writes one grey image (1, H, W) or (H, W) with values in [0, 1] as an 8-bit grey PNG file, atomically. */
    static void saveGreyPng(Path file, Tensor image) throws IOException {
        Tensor img = image.dim() == 3 ? image.squeeze(0) : image;
        int h = img.size(0);
        int w = img.size(1);
        float[] px = img.contiguous().toFloatArray();
        var buffered = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        var raster = buffered.getRaster();
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                raster.setSample(c, r, 0, Math.round(Math.clamp(px[r * w + c], 0f, 1f) * 255));
            }
        }
        var bytes = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(buffered, "png", bytes);
        dev.myelin.io.AtomicFiles.write(file, out -> bytes.writeTo(out));
    }

    /** Prints the files of a run folder with a word on each. */
    static void listFiles(PrintStream out, Path dir) throws IOException {
        out.println("saved in " + dir + "/:");
        try (var files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                String what = switch (name) {
                    case "model.safetensors" -> "the trained weights (safetensors; PyTorch loads them too)";
                    case "best-model.safetensors" -> "the weights of the best epoch";
                    case "checkpoint.safetensors" -> "full training checkpoint: model, optimizer, schedule, RNG, history";
                    case "curves.png" -> "loss and accuracy per epoch, training vs validation";
                    case "confusion.png" -> "confusion matrix on the test set";
                    case "samples.png" -> "test images with predicted (and true) labels";
                    case "history.csv" -> "the metrics of every epoch";
                    case "config.json" -> "the configuration of the run";
                    case "example.png" -> "a test image to try predict on";
                    default -> "";
                };
                out.printf("  %-24s %s%n", name, what);
            }
        }
    }
}
