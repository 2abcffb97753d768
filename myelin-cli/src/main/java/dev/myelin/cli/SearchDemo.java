package dev.myelin.cli;

import dev.myelin.data.Batch;
import dev.myelin.data.DataLoader;
import dev.myelin.data.FashionMnist;
import dev.myelin.data.Split;
import dev.myelin.data.TensorDataset;
import dev.myelin.models.Mlp;
import dev.myelin.nn.functional.F;
import dev.myelin.optim.Adam;
import dev.myelin.tensor.Generator;
import dev.myelin.train.HyperparameterSearch;
import dev.myelin.train.Metric;
import dev.myelin.train.Trainer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Hyper-parameter search: random (or grid) search for an MLP on Fashion-MNIST over the learning
 * rate, the hidden width and the weight decay, each trial stopped early on the validation accuracy;
 * prints the trials sorted and writes them as CSV.
 */
@Command(name = "search", description = "Random or grid search of an MLP's learning rate, width and weight decay on"
        + " Fashion-MNIST, each trial with early stopping; a sorted table and a CSV.")
final class SearchDemo implements Callable<Integer> {
    @Option(names = "--trials", description = "Random-search trials (default: ${DEFAULT-VALUE}).", defaultValue = "6")
    int trials;

    @Option(names = "--grid", description = "Grid search over lr {0.0003, 0.001, 0.003} x hidden {64, 256} instead"
            + " (no weight decay).")
    boolean grid;

    @Option(names = "--epochs", description = "The most epochs of a trial (default: ${DEFAULT-VALUE}).", defaultValue = "8")
    int epochs;

    @Option(names = "--images", description = "Training images used (default: ${DEFAULT-VALUE}).", defaultValue = "5000")
    int images;

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    long seed;

    @Option(names = "--embedded", description = "Use the embedded subset even when the full set is installed.")
    boolean embedded;

    @Option(names = "--runs", description = "Where run folders go (default: ${DEFAULT-VALUE}).", defaultValue = "runs")
    Path runs;

    @Override
    public Integer call() throws Exception {
        run(System.out);
        return 0;
    }

    HyperparameterSearch.Results run(PrintStream out) throws Exception {
        FashionMnist fm = Runs.fashionMnist(null, embedded);
        TensorDataset data = fm.train().subset(IntStream.range(0, Math.min(images, fm.train().size())).toArray());
        Split<TensorDataset> split = Split.random(data, 0.2, seed);
        DataLoader<Batch> validation = Runs.ordered(split.validation(), 500);
        var search = (grid
                ? HyperparameterSearch.of(HyperparameterSearch.choice("lr", 3e-4, 1e-3, 3e-3),
                        HyperparameterSearch.choice("hidden", 64, 256), HyperparameterSearch.choice("weight_decay", 0.0))
                : HyperparameterSearch.of(HyperparameterSearch.logUniform("lr", 1e-4, 1e-2),
                        HyperparameterSearch.choice("hidden", 32, 64, 128, 256),
                        HyperparameterSearch.choice("weight_decay", 0.0, 1e-4, 1e-3)))
                .monitor("val_accuracy").patience(2).seed(seed);
        out.printf(Locale.ROOT, "%s search on %d training and %d validation images of %s; each trial at most %d epochs,"
                + " stopped after 2 without a better val_accuracy%n", grid ? "Grid" : "Random", split.train().size(),
                split.validation().size(), fm.source(), epochs);
        DataLoader<Batch> train = DataLoader.builder(split.train()).batchSize(64).shuffle(true).seed(seed).build();
        java.util.function.Function<HyperparameterSearch.Params, Trainer.Builder> trial = p -> {
            Generator.seedDefault(seed);
            Mlp model = new Mlp(784, p.integer("hidden"), 10);
            out.println("trial: " + p);
            var opt = new Adam(model.parameters(), Adam.options(p.number("lr")).weightDecay(p.number("weight_decay")));
            return Trainer.builder(model, opt, F::crossEntropy).epochs(epochs).metrics(Metric.accuracy()).trainMetrics(false);
        };
        HyperparameterSearch.Results results = grid
                ? search.grid(trial, train, validation) : search.random(trials, trial, train, validation);
        Path file = Runs.create(runs, "search").resolve("search.csv");
        results.saveCsv(file);
        out.println();
        out.print(results.table());
        out.println("best: " + results.best().params() + " (val_accuracy " + String.format(Locale.ROOT, "%.4f",
                results.best().score()) + ")");
        out.println("results: " + file);
        return results;
    }
}
