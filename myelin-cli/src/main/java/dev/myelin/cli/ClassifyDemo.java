package dev.myelin.cli;

import dev.myelin.data.SpamAssassin;
import dev.myelin.data.TensorDataset;
import dev.myelin.models.RecurrentClassifier;
import dev.myelin.models.TransformerClassifier;
import dev.myelin.nn.TransformerOptions;
import dev.myelin.plot.Plot;
import dev.myelin.tensor.Generator;
import dev.myelin.text.WordTokenizer;
import dev.myelin.train.ProgressBar;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Text classification with a Transformer encoder, against the recurrent classifier: both read the
 * same word tokens of the same SpamAssassin split (the spam demo's) and are trained the same way;
 * prints their test accuracy, precision, recall and F1 side by side and plots their validation
 * accuracy per epoch.
 */
@Command(name = "classify", description = "A Transformer-encoder text classifier against a recurrent one on the"
        + " SpamAssassin e-mails: test accuracy, precision, recall and F1 side by side.")
final class ClassifyDemo implements Callable<Integer> {
    @Option(names = "--epochs", description = "The most epochs of each model; early stopping on the validation loss"
            + " (default: ${DEFAULT-VALUE}).", defaultValue = "6")
    int epochs;

    @Option(names = "--d-model", description = "The Transformer's width (default: ${DEFAULT-VALUE}).", defaultValue = "64")
    int dModel;

    @Option(names = "--layers", description = "Transformer encoder layers (default: ${DEFAULT-VALUE}).", defaultValue = "2")
    int layers;

    @Option(names = "--lr", description = "The Transformer's learning rate (default: ${DEFAULT-VALUE}).",
            defaultValue = "0.001")
    double lr;

    @Option(names = "--rnn-lr", description = "The recurrent classifier's learning rate (default: ${DEFAULT-VALUE}).",
            defaultValue = "0.003")
    double rnnLr;

    @Mixin
    SpamClassification.Options options = new SpamClassification.Options();

    /** The two outcomes, Transformer first, and the comparison plot. */
    record Result(List<SpamClassification.Outcome> outcomes, Path plot) {}

    @Override
    public Integer call() throws Exception {
        run(System.out);
        return 0;
    }

    Result run(PrintStream out) throws Exception {
        DemoOptions.atLeast("--epochs", epochs, 1);
        DemoOptions.atLeast("--layers", layers, 1);
        if (dModel < 4 || dModel % 4 != 0) {
            throw new IllegalArgumentException("--d-model must be a positive multiple of 4 (4 attention heads), got " + dModel);
        }
        DemoOptions.positive("--lr", lr);
        DemoOptions.positive("--rnn-lr", rnnLr);
        var data = options.splits();
        var train = data.train();
        int maxTokens = options.maxTokens;
        long seed = options.seed;
        WordTokenizer tokenizer = SpamClassification.wordTokenizer(train, 20_000);
        TensorDataset trainIds = SpamClassification.encode(tokenizer, train, maxTokens);
        TensorDataset validationIds = SpamClassification.encode(tokenizer, data.validation(), maxTokens);
        TensorDataset testIds = SpamClassification.encode(tokenizer, data.test(), maxTokens);
        out.println("Text classification on " + data.source());
        out.printf(Locale.ROOT, "%d messages for training, %d for validation, %d for the test; the first %d of their words"
                + " (a vocabulary of %,d)%n", train.size(), data.validation().size(), data.test().size(), maxTokens,
                tokenizer.vocabSize());
        int classes = SpamAssassin.CLASSES.size();

        Generator.seedDefault(seed);
        var transformer = new TransformerClassifier(tokenizer.vocabSize(), maxTokens, dModel, 4, layers, classes,
                TransformerOptions.defaults().dimFeedforward(2 * dModel).dropout(0.1).gelu(true));
        out.printf(Locale.ROOT, "Transformer: embedding %d + learned positions, %d pre-LayerNorm encoder layers (4 heads,"
                + " feed-forward %d, GELU), mean over the tokens, linear; Adam %s%n", dModel, layers, 2 * dModel, lr);
        var a = SpamClassification.fit("Transformer", transformer, lr, epochs, trainIds, validationIds, testIds, seed,
                new ProgressBar(out));
        Generator.seedDefault(seed);
        var gru = new RecurrentClassifier(RecurrentClassifier.Cell.GRU, tokenizer.vocabSize(), 64, 64, classes, 0.3);
        out.printf(Locale.ROOT, "recurrent: embedding 64, bidirectional GRU 64, max over time, linear; Adam %s%n", rnnLr);
        var b = SpamClassification.fit("GRU", gru, rnnLr, epochs, trainIds, validationIds, testIds, seed,
                new ProgressBar(out));

        out.println();
        SpamClassification.compare(out, List.of(a, b));
        Plot plot = Plot.of("Text classification of the SpamAssassin e-mails: validation accuracy", "epoch",
                "validation accuracy");
        for (var o : List.of(a, b)) {
            plot.line(o.name(), o.history().get("val_accuracy"));
        }
        Path file = Runs.create(options.runs, "classify").resolve("classify.png");
        plot.legend(org.knowm.xchart.style.Styler.LegendPosition.InsideSE).save(file);
        out.println("validation accuracy per epoch: " + file);
        return new Result(List.of(a, b), file);
    }
}
