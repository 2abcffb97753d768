package dev.myelin.cli;

import dev.myelin.data.Batch;
import dev.myelin.data.DataLoader;
import dev.myelin.data.FashionMnist;
import dev.myelin.data.Split;
import dev.myelin.data.TensorDataset;
import dev.myelin.data.transforms.Compose;
import dev.myelin.data.transforms.RandomCrop;
import dev.myelin.data.transforms.RandomHorizontalFlip;
import dev.myelin.models.FashionCnn;
import dev.myelin.models.ModelFiles;
import dev.myelin.nn.functional.F;
import dev.myelin.optim.AdamW;
import dev.myelin.optim.Optimizer;
import dev.myelin.optim.lr.OneCycleLR;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.train.ClassificationReport;
import dev.myelin.train.CsvLogger;
import dev.myelin.train.History;
import dev.myelin.train.Metric;
import dev.myelin.train.ModelCheckpoint;
import dev.myelin.train.ProgressBar;
import dev.myelin.train.Trainer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The main job: trains the W3 CNN on Fashion-MNIST (the embedded subset, or the full set when it
 * is installed) with light augmentation and a one-cycle schedule, prints the test accuracy and
 * writes the model, a resumable checkpoint, the history and three pictures into a run folder.
 */
@Command(name = "quickstart", description = "Train the Fashion-MNIST CNN end to end and save the model and pictures.")
final class QuickstartCommand implements Callable<Integer> {
    @Option(names = "--epochs", description = "Epochs (default: 12 on the embedded subset, 10 on the full set).")
    Integer epochs;

    @Option(names = "--batch-size", description = "Examples per batch (default: ${DEFAULT-VALUE}).", defaultValue = "128")
    int batchSize;

    @Option(names = "--lr", description = "Peak learning rate of the one-cycle schedule (default: ${DEFAULT-VALUE}).",
            defaultValue = "0.003")
    double lr;

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    long seed;

    @Option(names = "--data", description = "A folder with the four Fashion-MNIST files (default: the full set of the"
            + " Debian package dataset-fashion-mnist if installed, else the embedded subset).")
    Path data;

    @Option(names = "--embedded", description = "Use the embedded 10,000-image subset even when the full set is installed.")
    boolean embedded;

    @Option(names = "--limit", description = "Train on the first N training images only (a quick try).")
    Integer limit;

    @Option(names = "--runs", description = "Where run folders go (default: ${DEFAULT-VALUE}).", defaultValue = "runs")
    Path runs;

    @Option(names = "--plain", description = "One plain line per epoch instead of a live progress bar.")
    boolean plain;

    @Override
    public Integer call() throws Exception {
        var out = System.out;
        long start = System.nanoTime();
        FashionMnist fm = Runs.fashionMnist(data, embedded);
        TensorDataset all = fm.train();
        if (limit != null) {
            if (limit < 10) {
                throw new IllegalArgumentException("--limit must be at least 10 images, got " + limit);
            }
            all = all.subset(java.util.stream.IntStream.range(0, Math.min(limit, all.size())).toArray());
        }
        boolean full = all.size() >= 50_000;
        int epochCount = epochs != null ? epochs : full ? 10 : 12;
        if (epochCount < 1) {
            throw new IllegalArgumentException("--epochs must be at least 1, got " + epochCount);
        }
        Split<TensorDataset> split = Split.random(all, full ? 5000.0 / all.size() : 0.1, seed);
        DataLoader<Batch> train = DataLoader.builder(split.train()).batchSize(batchSize).shuffle(true).seed(seed)
                .transform(Compose.of(new RandomCrop(28, 2), new RandomHorizontalFlip(0.5))).build();
        DataLoader<Batch> validation = Runs.ordered(split.validation(), 500);

        Generator.seedDefault(seed);
        FashionCnn model = new FashionCnn();
        Optimizer opt = new AdamW(model.parameters(), AdamW.options(lr).weightDecay(1e-4));
        var schedule = new OneCycleLR(opt, lr, epochCount * train.numBatches());
        Path dir = Runs.create(runs, "quickstart");
        var description = new ModelFiles.Description("fashion-cnn", Map.of(), FashionMnist.CLASSES, Shape.of(1, 1, 28, 28));
        Trainer.Builder builder = Trainer.builder(model, opt, F::crossEntropy).epochs(epochCount).seed(seed)
                .metrics(Metric.accuracy()).scheduler(schedule, Trainer.Interval.STEP)
                .callbacks(plain ? new ProgressBar(out, false) : new ProgressBar(out), new CsvLogger(dir.resolve("history.csv")),
                        ModelCheckpoint.everyEpochs(dir.resolve("checkpoint.safetensors"), 1));
        description.metadata().forEach(builder::info);
        Trainer trainer = builder.build();

        out.println("Myelin quickstart: the W3 CNN on Fashion-MNIST");
        out.println("data:  " + fm.source() + (limit != null ? "; the first " + all.size() + " training images" : ""));
        out.printf(Locale.ROOT, "       %d for training, %d for validation, %d for the test%n", split.train().size(),
                split.validation().size(), fm.test().size());
        out.printf(Locale.ROOT, "model: FashionCnn (conv 32, conv 64, fc 128, fc 10), %,d parameters%n", model.parameterCount());
        out.printf(Locale.ROOT, "train: %d epochs of %d batches of %d, AdamW with a one-cycle schedule peaking at %s,"
                + " random crops (2 px) and flips%n", epochCount, train.numBatches(), batchSize, lr);
        History history = trainer.fit(train, validation);

        Trainer.Predictions test = trainer.predict(Runs.ordered(fm.test(), 500));
        ClassificationReport report = ClassificationReport.of(test.outputs(), test.targets(), FashionMnist.CLASSES);
        ModelFiles.save(dir.resolve("model.safetensors"), description, model);
        Runs.pictures(dir, "Fashion-MNIST CNN", history, test, fm.test(), FashionMnist.CLASSES);
        Runs.saveGreyPng(dir.resolve("example.png"), fm.test().get(0).x());
        out.println();
        out.print(report);
        out.println();
        out.printf(Locale.ROOT, "test accuracy: %.4f on %d test images (%.0f s in all)%n", report.accuracy(),
                fm.test().size(), (System.nanoTime() - start) / 1e9);
        Runs.listFiles(out, dir);
        out.println("try:   ./myelin predict " + dir.resolve("model.safetensors") + " " + dir.resolve("example.png"));
        return 0;
    }
}
