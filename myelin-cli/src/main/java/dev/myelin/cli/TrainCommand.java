package dev.myelin.cli;

import dev.myelin.data.Batch;
import dev.myelin.data.DataLoader;
import dev.myelin.data.FashionMnist;
import dev.myelin.data.Split;
import dev.myelin.data.TensorDataset;
import dev.myelin.data.transforms.Compose;
import dev.myelin.data.transforms.RandomCrop;
import dev.myelin.data.transforms.RandomHorizontalFlip;
import dev.myelin.io.AtomicFiles;
import dev.myelin.models.ModelFiles;
import dev.myelin.nn.Module;
import dev.myelin.nn.functional.F;
import dev.myelin.optim.Optimizer;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import dev.myelin.train.Callback;
import dev.myelin.train.ClassificationReport;
import dev.myelin.train.CsvLogger;
import dev.myelin.train.EarlyStopping;
import dev.myelin.train.History;
import dev.myelin.train.Metric;
import dev.myelin.train.ModelCheckpoint;
import dev.myelin.train.ProgressBar;
import dev.myelin.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code myelin train --config run.json}: a training run on Fashion-MNIST described by a JSON file. */
@Command(name = "train", description = "Train a model on Fashion-MNIST as a JSON configuration describes"
        + " (model or layers, data, optimizer, schedule, epochs, callbacks).")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "The run configuration (JSON).")
    Path config;

    @Option(names = "--resume", description = "Continue the run of this checkpoint.safetensors (its folder is reused).")
    Path resume;

    @Option(names = "--plain", description = "One plain line per epoch instead of a live progress bar.")
    boolean plain;

    @Override
    public Integer call() throws Exception {
        RunConfig c = RunConfig.read(config);
        RunConfig.DataConfig d = c.dataConfig();
        FashionMnist fm = Runs.fashionMnist(d.path() == null ? null : Path.of(d.path()), Boolean.TRUE.equals(d.embedded()));
        TensorDataset all = fm.train();
        if (d.limit() != null) {
            all = all.subset(IntStream.range(0, Math.min(d.limit(), all.size())).toArray());
        }
        Split<TensorDataset> split = Split.random(all, d.validation() == null ? 0.1 : d.validation(), c.seedValue());
        var trainBuilder = DataLoader.builder(split.train()).batchSize(c.batch()).shuffle(true).seed(c.seedValue());
        if (Boolean.TRUE.equals(d.augment())) {
            trainBuilder.transform(Compose.of(new RandomCrop(28, 2), new RandomHorizontalFlip(0.5)));
        }
        DataLoader<Batch> train = trainBuilder.build();
        DataLoader<Batch> validation = Runs.ordered(split.validation(), 500);

        Generator.seedDefault(c.seedValue());
        Map<String, Object> args = c.layers() != null ? Map.of("layers", c.layers()) : c.args();
        var description = new ModelFiles.Description(c.layers() != null ? ModelFiles.LAYERS : c.model(), args,
                FashionMnist.CLASSES, Shape.of(1, 1, 28, 28));
        Module model = description.build();
        checkShapes(model);
        List<Tensor> trainable = model.parameters().stream().filter(Tensor::requiresGrad).toList();
        Optimizer opt = c.makeOptimizer(trainable);
        List<Metric> metrics = new ArrayList<>();
        for (String m : c.metrics() == null ? List.of("accuracy") : c.metrics()) {
            metrics.add(Metric.named(m));
        }

        Path dir = resume != null ? resume.toAbsolutePath().getParent()
                : Runs.create(Path.of(c.output() == null ? "runs" : c.output()), "train");
        RunConfig.CheckpointConfig ck = c.checkpoint() == null ? new RunConfig.CheckpointConfig(null, null) : c.checkpoint();
        List<Callback> callbacks = new ArrayList<>(List.of(plain ? new ProgressBar(System.out, false)
                : new ProgressBar(System.out), new CsvLogger(dir.resolve("history.csv")),
                ModelCheckpoint.everyEpochs(dir.resolve("checkpoint.safetensors"), ck.every() == null ? 1 : ck.every())));
        if (ck.best() != null) {
            callbacks.add(ModelCheckpoint.bestWeights(dir.resolve("best-model.safetensors"), ck.best()));
        }
        if (c.earlyStopping() != null) {
            var es = c.earlyStopping();
            callbacks.add(new EarlyStopping(es.monitor() == null ? "val_loss" : es.monitor(),
                    es.patience() == null ? 3 : es.patience(), !Boolean.FALSE.equals(es.restoreBest())));
        }
        Trainer.Builder builder = Trainer.builder(model, opt, F::crossEntropy).epochs(c.epochCount()).seed(c.seedValue())
                .metrics(metrics.toArray(Metric[]::new)).callbacks(callbacks.toArray(Callback[]::new));
        if (c.gradientAccumulation() != null) {
            builder.gradientAccumulation(c.gradientAccumulation());
        }
        if (c.clipGradNorm() != null) {
            builder.clipGradNorm(c.clipGradNorm());
        }
        c.addSchedule(builder, opt, train.numBatches());
        description.metadata().forEach(builder::info);
        Trainer trainer = builder.build();
        if (resume != null) {
            trainer.restore(resume);
            System.out.println("resuming after epoch " + trainer.epoch() + " of " + c.epochCount());
        } else {
            byte[] json = Files.readAllBytes(config);
            AtomicFiles.write(dir.resolve("config.json"), o -> o.write(json));
        }

        System.out.println("data:  " + fm.source());
        System.out.printf(Locale.ROOT, "model: %s, %,d parameters; %s, %d epochs of %d batches%n", description.name(),
                model.parameterCount(), opt.getClass().getSimpleName(), c.epochCount(), train.numBatches());
        History history = trainer.fit(train, validation);
        Trainer.Predictions test = trainer.predict(Runs.ordered(fm.test(), 500));
        ClassificationReport report = ClassificationReport.of(test.outputs(), test.targets(), FashionMnist.CLASSES);
        ModelFiles.save(dir.resolve("model.safetensors"), description, model);
        Runs.pictures(dir, description.name(), history, test, fm.test(), FashionMnist.CLASSES);
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("loss", test.loss());
        for (Metric m : metrics) {
            scores.put(m.name(), m.compute(test.outputs(), test.targets()));
        }
        System.out.println();
        System.out.print(report);
        StringBuilder line = new StringBuilder("test");
        scores.forEach((k, v) -> line.append(String.format(Locale.ROOT, "  %s %.4f", k, v)));
        System.out.println(line);
        Runs.listFiles(System.out, dir);
        return 0;
    }

    /** Runs one example through the model so that a layer list with wrong sizes fails before training, clearly. */
    private static void checkShapes(Module model) {
        Tensor out;
        try {
            out = Trainer.predict(model, Tensor.zeros(1, 1, 28, 28), 1);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the model does not accept Fashion-MNIST images (1, 28, 28): "
                    + e.getMessage(), e);
        }
        if (out.dim() != 2 || out.size(1) != FashionMnist.CLASSES.size()) {
            throw new IllegalArgumentException("the model's output for one image has shape " + out.shape()
                    + "; a Fashion-MNIST classifier must output (1, 10)");
        }
    }
}
