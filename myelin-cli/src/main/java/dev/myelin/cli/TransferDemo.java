package dev.myelin.cli;

import dev.myelin.data.Batch;
import dev.myelin.data.DataLoader;
import dev.myelin.data.FashionMnist;
import dev.myelin.data.TensorDataset;
import dev.myelin.models.FashionCnn;
import dev.myelin.nn.Module;
import dev.myelin.nn.functional.F;
import dev.myelin.optim.Adam;
import dev.myelin.optim.Optimizer;
import dev.myelin.optim.ParamGroup;
import dev.myelin.plot.Plot;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Tensor;
import dev.myelin.train.History;
import dev.myelin.train.Metric;
import dev.myelin.train.ProgressBar;
import dev.myelin.train.Trainer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Transfer learning: the CNN pretrained on Fashion-MNIST classes 0-4 learns classes 5-9 from 100
 * labelled images per class, (a) with its convolutional backbone frozen and a new classifier head
 * (fc1, fc2), (b) with the same new head and the backbone fine-tuned at a lower learning rate,
 * against (c) the same network trained from scratch on the same 500 images. Prints the three test
 * accuracies and plots their curves.
 */
@Command(name = "transfer", description = "Pretrain the CNN on classes 0-4, then learn classes 5-9 from 100 images per"
        + " class: frozen backbone, fine-tuning and training from scratch compared.")
final class TransferDemo implements Callable<Integer> {
    private static final int PER_CLASS = 100;

    @Option(names = "--pretrain-epochs", description = "Epochs on classes 0-4 (default: ${DEFAULT-VALUE}).",
            defaultValue = "5")
    int pretrainEpochs;

    @Option(names = "--epochs", description = "Epochs on the 500 images of classes 5-9 (default: ${DEFAULT-VALUE}).",
            defaultValue = "20")
    int epochs;

    @Option(names = "--lr", description = "Learning rate of the new head and of training from scratch"
            + " (default: ${DEFAULT-VALUE}).", defaultValue = "0.001")
    double lr;

    @Option(names = "--fine-tune-lr", description = "The lower learning rate of the backbone when fine-tuning"
            + " (default: ${DEFAULT-VALUE}).", defaultValue = "0.0001")
    double fineTuneLr;

    @Option(names = "--pretrain-images", description = "Pretrain on at most this many images per class (default: all).")
    Integer pretrainImages;

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    long seed;

    @Option(names = "--data", description = "A folder with the Fashion-MNIST files (default: the full set if installed,"
            + " else the embedded subset).")
    Path data;

    @Option(names = "--embedded", description = "Use the embedded subset even when the full set is installed.")
    boolean embedded;

    @Option(names = "--runs", description = "Where run folders go (default: ${DEFAULT-VALUE}).", defaultValue = "runs")
    Path runs;

    /** The outcome of the demo: the test accuracy of each variant after the last epoch, and their histories. */
    record Result(Map<String, Double> accuracy, Map<String, History> histories, Path plot) {}

    @Override
    public Integer call() throws Exception {
        Result r = run(System.out);
        return r.accuracy().get("scratch") < Math.min(r.accuracy().get("frozen"), r.accuracy().get("fine-tuned")) ? 0 : 1;
    }

    Result run(PrintStream out) throws Exception {
        FashionMnist fm = Runs.fashionMnist(data, embedded);
        TensorDataset source = classes(fm.train(), 0, pretrainImages == null ? Integer.MAX_VALUE : pretrainImages);
        TensorDataset target = classes(fm.train(), 5, PER_CLASS);
        TensorDataset targetTest = classes(fm.test(), 5, Integer.MAX_VALUE);
        out.println("Transfer learning on " + fm.source());
        out.printf(Locale.ROOT, "pretraining: %d images of classes 0-4 (%s), %d epochs%n", source.size(),
                String.join(", ", FashionMnist.CLASSES.subList(0, 5)), pretrainEpochs);

        Generator.seedDefault(seed);
        FashionCnn pretrained = new FashionCnn(5);
        fit(pretrained, new Adam(pretrained.parameters(), lr), pretrainEpochs, source, null, new ProgressBar(out));

        out.printf(Locale.ROOT, "new task: classes 5-9 (%s) from %d labelled images (%d per class); test on %d images%n",
                String.join(", ", FashionMnist.CLASSES.subList(5, 10)), target.size(), PER_CLASS, targetTest.size());
        Map<String, History> histories = new LinkedHashMap<>();
        Map<String, Double> accuracy = new LinkedHashMap<>();

        FashionCnn frozen = transferred(pretrained, FashionCnn.backbone());
        for (String layer : FashionCnn.backbone()) {
            frozen.submodule(layer).freeze();
        }
        histories.put("frozen", fit(frozen, new Adam(trainable(frozen), lr), epochs, target, targetTest, null));
        FashionCnn fineTuned = transferred(pretrained, FashionCnn.backbone());
        List<Tensor> backbone = new ArrayList<>();
        FashionCnn.backbone().forEach(layer -> backbone.addAll(fineTuned.submodule(layer).parameters()));
        List<Tensor> head = fineTuned.parameters().stream().filter(t -> backbone.stream().noneMatch(b -> b == t)).toList();
        histories.put("fine-tuned", fit(fineTuned, new Adam(List.of(ParamGroup.of(backbone).lr(fineTuneLr),
                ParamGroup.of(head)), Adam.options(lr)), epochs, target, targetTest, null));
        Generator.seedDefault(seed + 1);
        FashionCnn scratch = new FashionCnn(5);
        histories.put("scratch", fit(scratch, new Adam(scratch.parameters(), lr), epochs, target, targetTest, null));

        String headLr = java.math.BigDecimal.valueOf(lr).stripTrailingZeros().toPlainString();
        String[] what = {"(a) frozen conv backbone, new head (lr " + headLr + ")", "(b) new head, backbone fine-tuned (lr "
            + java.math.BigDecimal.valueOf(fineTuneLr).stripTrailingZeros().toPlainString() + ")", "(c) from scratch, same 500 images (lr "
            + headLr + ")"};
        int i = 0;
        Plot plot = Plot.of("Transfer learning: Fashion-MNIST classes 5-9 from 100 images per class", "epoch",
                "test accuracy");
        for (Map.Entry<String, History> e : histories.entrySet()) {
            double acc = e.getValue().last().get("val_accuracy");
            accuracy.put(e.getKey(), acc);
            out.printf(Locale.ROOT, "%-48s test accuracy %.4f%n", what[i++], acc);
            plot.line(e.getKey(), e.getValue().get("val_accuracy"));
        }
        plot.legend(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        Path file = Runs.create(runs, "transfer").resolve("transfer.png");
        plot.save(file);
        boolean won = accuracy.get("scratch") < Math.min(accuracy.get("frozen"), accuracy.get("fine-tuned"));
        out.println(won ? "the pretrained networks win: features learnt on classes 0-4 carry over to 5-9"
                : "the network trained from scratch did as well as a pretrained one here");
        out.println("comparison plot: " + file);
        return new Result(accuracy, histories, file);
    }

    /** A fresh 5-class CNN with the pretrained weights of {@code layers}; the other layers keep their new initialisation. */
    private FashionCnn transferred(FashionCnn pretrained, List<String> layers) {
        Generator.seedDefault(seed + 2);
        FashionCnn m = new FashionCnn(5);
        Map<String, Tensor> copied = new LinkedHashMap<>(pretrained.stateDict());
        copied.keySet().removeIf(k -> !layers.contains(k.substring(0, k.indexOf('.'))));
        m.loadStateDict(copied, false);
        return m;
    }

    private static List<Tensor> trainable(Module m) {
        return m.parameters().stream().filter(Tensor::requiresGrad).toList();
    }

    private History fit(Module model, Optimizer opt, int epochCount, TensorDataset train, TensorDataset test,
            ProgressBar progress) {
        DataLoader<Batch> loader = DataLoader.builder(train).batchSize(64).shuffle(true).seed(seed).build();
        Trainer.Builder b = Trainer.builder(model, opt, F::crossEntropy).epochs(epochCount)
                .metrics(Metric.accuracy()).trainMetrics(false);
        if (progress != null) {
            b.callbacks(progress);
        }
        return b.build().fit(loader, test == null ? null : Runs.ordered(test, 500));
    }

    /**
     * The examples of classes {@code first}..{@code first + 4}, relabelled 0..4, at most
     * {@code perClass} of each (the first ones in the dataset's order).
     */
    static TensorDataset classes(TensorDataset data, int first, int perClass) {
        long[] labels = data.y().toLongArray();
        int[] taken = new int[5];
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            int c = (int) labels[i] - first;
            if (c >= 0 && c < 5 && taken[c] < perClass) {
                taken[c]++;
                rows.add(i);
            }
        }
        int[] idx = rows.stream().mapToInt(Integer::intValue).toArray();
        TensorDataset picked = data.subset(idx);
        return new TensorDataset(picked.x(), picked.y().sub((long) first));
    }
}
