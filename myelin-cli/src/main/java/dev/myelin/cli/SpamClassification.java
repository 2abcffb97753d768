package dev.myelin.cli;

import dev.myelin.data.DataLoader;
import dev.myelin.data.SpamAssassin;
import dev.myelin.data.TensorDataset;
import dev.myelin.nn.Module;
import dev.myelin.nn.functional.F;
import dev.myelin.optim.Adam;
import dev.myelin.tensor.Tensor;
import dev.myelin.text.PaddedBatch;
import dev.myelin.text.Padding;
import dev.myelin.text.Side;
import dev.myelin.text.Tokenizer;
import dev.myelin.text.WordTokenizer;
import dev.myelin.train.Callback;
import dev.myelin.train.ClassificationReport;
import dev.myelin.train.EarlyStopping;
import dev.myelin.train.History;
import dev.myelin.train.Metric;
import dev.myelin.train.ProgressBar;
import dev.myelin.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;
import picocli.CommandLine.Option;

/**
 * What the text-classification demos (spam, classify, finetune) share: the SpamAssassin messages
 * in one seeded split into training, validation and test messages, a word tokenizer built on the
 * training messages alone, token ids right-padded to a fixed width, the training recipe of a
 * classifier, and the table that compares classifiers on the test messages.
 */
final class SpamClassification {
    /** The share of the messages held out for the test, and for validation. */
    static final double TEST = 0.2;
    static final double VALIDATION = 0.1;

    private SpamClassification() {}

    /** The options the text-classification demos share (a picocli mixin): tokens per message, subset, seed, runs. */
    static final class Options {
        @Option(names = "--max-tokens", description = "Tokens read per message, the rest cut off"
                + " (default: ${DEFAULT-VALUE}).")
        int maxTokens;

        @Option(names = "--train-messages", description = "Train on at most this many messages"
                + " (default: ${DEFAULT-VALUE}; none: all).")
        Integer trainMessages;

        @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).",
                defaultValue = "0")
        long seed;

        @Option(names = "--runs", description = "Where run folders go (default: ${DEFAULT-VALUE}).",
                defaultValue = "runs")
        Path runs;

        /** 128 tokens of each message, all training messages. */
        Options() {
            this(128, null);
        }

        /** Other defaults: {@code maxTokens} per message, at most {@code trainMessages} (null: all). */
        Options(int maxTokens, Integer trainMessages) {
            this.maxTokens = maxTokens;
            this.trainMessages = trainMessages;
        }

        /**
         * The split of {@link SpamClassification#load} with the options checked, its training part cut to
         * {@code --train-messages}.
         *
         * @throws IllegalArgumentException if an option is out of range
         */
        Splits splits() throws IOException {
            DemoOptions.atLeast("--max-tokens", maxTokens, 1);
            Splits data = load(seed);
            if (trainMessages == null) {
                return data;
            }
            Part train = data.train().sample(DemoOptions.atLeast("--train-messages", trainMessages, 2), seed);
            return new Splits(train, data.validation(), data.test(), data.source());
        }
    }

    /** Messages and their labels (1 = spam). */
    record Part(List<String> texts, long[] labels) {
        /** The labels as int64 (N). */
        Tensor y() {
            return Tensor.fromArray(labels, labels.length);
        }

        int size() {
            return texts.size();
        }

        /** At most {@code n} of these messages, drawn at random from {@code seed}. */
        Part sample(int n, long seed) {
            if (n >= size()) {
                return this;
            }
            List<Integer> order = new ArrayList<>(IntStream.range(0, size()).boxed().toList());
            Collections.shuffle(order, new Random(seed));
            return pick(order.subList(0, n));
        }

        private Part pick(List<Integer> rows) {
            return new Part(rows.stream().map(texts::get).toList(), rows.stream().mapToLong(i -> labels[i]).toArray());
        }
    }

    /** The three parts and where the messages came from. */
    record Splits(Part train, Part validation, Part test, String source) {}

    /** The embedded messages shuffled by {@code seed} and split 70 / 10 / 20 into training, validation and test. */
    static Splits load(long seed) throws IOException {
        SpamAssassin mail = SpamAssassin.load();
        Part all = new Part(mail.texts(), mail.labels().toLongArray());
        List<Integer> order = new ArrayList<>(IntStream.range(0, all.size()).boxed().toList());
        Collections.shuffle(order, new Random(seed));
        int test = (int) Math.round(all.size() * TEST);
        int validation = (int) Math.round(all.size() * VALIDATION);
        return new Splits(all.pick(order.subList(test + validation, all.size())),
                all.pick(order.subList(test, test + validation)), all.pick(order.subList(0, test)), mail.source());
    }

    /**
     * A word tokenizer (lower-cased) on the training messages: words seen at least twice, at most {@code maxWords}
     * entries; {@code <pad>} is 0 and every other word becomes {@code <unk>} (1).
     */
    static WordTokenizer wordTokenizer(Part train, int maxWords) {
        return WordTokenizer.fromCorpus(train.texts(), true, 2, maxWords);
    }

    /** A trained classifier's outcome on the test messages. */
    record Outcome(String name, ClassificationReport report, Trainer.Predictions test, History history, long parameters,
            double seconds) {
        /** Precision, recall and F1 of the spam class. */
        double[] spam() {
            return new double[] {report.precision()[1], report.recall()[1], report.f1()[1]};
        }
    }

    /**
     * Trains {@code model} with Adam and cross-entropy (gradients clipped at norm 1, batches of 32) for at most
     * {@code epochs} epochs, stopping after 2 without a lower validation loss and keeping the best epoch's weights,
     * then classifies the test set.
     *
     * @param progress where the epochs are reported, or null
     */
    static Outcome fit(String name, Module model, double lr, int epochs, TensorDataset train, TensorDataset validation,
            TensorDataset test, long seed, ProgressBar progress) {
        long start = System.nanoTime();
        Trainer.Builder b = Trainer.builder(model, new Adam(model.parameters(), lr), F::crossEntropy).epochs(epochs)
                .metrics(Metric.accuracy()).trainMetrics(false).clipGradNorm(1.0).seed(seed);
        b.callbacks(progress == null ? new Callback[] {new EarlyStopping("val_loss", 2, true)}
                : new Callback[] {new EarlyStopping("val_loss", 2, true), progress});
        Trainer trainer = b.build();
        History history = trainer.fit(DataLoader.builder(train).batchSize(32).shuffle(true).seed(seed).build(),
                Runs.ordered(validation, 256));
        Trainer.Predictions predictions = trainer.predict(Runs.ordered(test, 256));
        return new Outcome(name, ClassificationReport.of(predictions.outputs(), predictions.targets(), SpamAssassin.CLASSES),
                predictions, history, model.parameterCount(), (System.nanoTime() - start) / 1e9);
    }

    /** Prints the outcomes side by side: accuracy, the spam class's precision, recall and F1, size and time. */
    static void compare(PrintStream out, List<Outcome> outcomes) {
        int width = Math.max(10, outcomes.stream().mapToInt(o -> o.name().length()).max().orElse(0));
        out.printf(Locale.ROOT, "%-" + width + "s  accuracy  precision  recall      F1  parameters  seconds%n", "model");
        for (Outcome o : outcomes) {
            double[] spam = o.spam();
            out.printf(Locale.ROOT, "%-" + width + "s  %8.4f  %9.4f  %6.4f  %6.4f  %,10d  %7.0f%n", o.name(),
                    o.report().accuracy(), spam[0], spam[1], spam[2], o.parameters(), o.seconds());
        }
        out.println("(precision, recall and F1 of the spam class, on the test messages)");
    }

    /** The messages as token ids (N, maxTokens) int64, right-padded with 0 and cut after maxTokens, with their labels. */
    static TensorDataset encode(Tokenizer tokenizer, Part part, int maxTokens) {
        Padding padding = Padding.of(Side.RIGHT, 0).withLength(maxTokens).withMaxLength(maxTokens);
        return new TensorDataset(PaddedBatch.of(tokenizer.encodeBatch(part.texts()), padding).ids(), part.y());
    }
}
