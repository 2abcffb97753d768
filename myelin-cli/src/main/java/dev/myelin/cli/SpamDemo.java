package dev.myelin.cli;

import dev.myelin.data.SpamAssassin;
import dev.myelin.models.RecurrentClassifier;
import dev.myelin.plot.ConfusionMatrixPlot;
import dev.myelin.plot.TrainingCurves;
import dev.myelin.tensor.Generator;
import dev.myelin.text.WordTokenizer;
import dev.myelin.train.ProgressBar;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Spam filtering: a bidirectional GRU (or LSTM) over word tokens learns to tell spam from ham on
 * the embedded SpamAssassin messages (70% training, 10% validation, 20% held out for the test).
 * Prints the test accuracy with precision, recall and F1 per class and saves the confusion matrix.
 */
@Command(name = "spam", description = "A GRU or LSTM over word tokens classifies the SpamAssassin e-mails: held-out"
        + " accuracy, precision, recall and F1, and a confusion-matrix PNG.")
final class SpamDemo implements Callable<Integer> {
    /** The held-out accuracy the demo is expected to reach. */
    static final double TARGET = 0.95;

    @Option(names = "--cell", description = "The recurrent layer: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            defaultValue = "GRU")
    RecurrentClassifier.Cell cell;

    @Option(names = "--epochs", description = "The most training epochs; early stopping on the validation loss"
            + " (default: ${DEFAULT-VALUE}).", defaultValue = "5")
    int epochs;

    @Option(names = "--max-words", description = "Vocabulary size; rarer words become <unk> (default: ${DEFAULT-VALUE}).",
            defaultValue = "20000")
    int maxWords;

    @Option(names = "--hidden", description = "Hidden size per direction (default: ${DEFAULT-VALUE}).", defaultValue = "64")
    int hidden;

    @Option(names = "--lr", description = "Adam's learning rate (default: ${DEFAULT-VALUE}).", defaultValue = "0.003")
    double lr;

    @Mixin
    SpamClassification.Options options = new SpamClassification.Options();

    /** The outcome on the test messages and the run folder. */
    record Result(SpamClassification.Outcome outcome, Path dir) {}

    @Override
    public Integer call() throws Exception {
        return run(System.out).outcome().report().accuracy() >= TARGET ? 0 : 1;
    }

    Result run(PrintStream out) throws Exception {
        DemoOptions.atLeast("--epochs", epochs, 1);
        DemoOptions.atLeast("--max-words", maxWords, 3);
        DemoOptions.atLeast("--hidden", hidden, 1);
        DemoOptions.positive("--lr", lr);
        var data = options.splits();
        var train = data.train();
        int maxTokens = options.maxTokens;
        long seed = options.seed;
        WordTokenizer tokenizer = SpamClassification.wordTokenizer(train, maxWords);
        out.println("Spam filtering on " + data.source());
        out.printf(Locale.ROOT, "%d messages for training, %d for validation, %d held out for the test; a word tokenizer of %,d words"
                + " (seen at least twice in training; others are <unk>), the first %d words of subject and body%n",
                train.size(), data.validation().size(), data.test().size(), tokenizer.vocabSize(),
                maxTokens);
        Generator.seedDefault(seed);
        var model = new RecurrentClassifier(cell, tokenizer.vocabSize(), 64, hidden, SpamAssassin.CLASSES.size(), 0.3);
        out.printf(Locale.ROOT, "model: embedding 64, bidirectional %s %d, max over time, linear; %,d parameters;"
                + " Adam %s, at most %d epochs%n", cell, hidden, model.parameterCount(), lr, epochs);
        var outcome = SpamClassification.fit(cell + " from scratch", model, lr, epochs,
                SpamClassification.encode(tokenizer, train, maxTokens),
                SpamClassification.encode(tokenizer, data.validation(), maxTokens),
                SpamClassification.encode(tokenizer, data.test(), maxTokens), seed, new ProgressBar(out));
        out.println();
        out.print(outcome.report());
        double[] spam = outcome.spam();
        out.printf(Locale.ROOT, "%ntest accuracy %.4f on %d held-out messages (target %.2f); spam precision %.4f, recall"
                + " %.4f, F1 %.4f%n", outcome.report().accuracy(), data.test().size(), TARGET, spam[0], spam[1], spam[2]);
        Path dir = Runs.create(options.runs, "spam");
        ConfusionMatrixPlot.save(dir.resolve("confusion.png"), outcome.report().confusion(), SpamAssassin.CLASSES,
                "Spam filter (" + cell + "): confusion matrix on " + data.test().size() + " held-out messages");
        TrainingCurves.save(dir.resolve("curves.png"), outcome.history(), "Spam filter (" + cell + ")");
        out.println("confusion matrix: " + dir.resolve("confusion.png"));
        out.println("training curves: " + dir.resolve("curves.png"));
        return new Result(outcome, dir);
    }
}
