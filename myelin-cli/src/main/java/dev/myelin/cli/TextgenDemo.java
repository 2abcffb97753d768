package dev.myelin.cli;

import dev.myelin.data.DataLoader;
import dev.myelin.data.StateOfTheUnion;
import dev.myelin.data.TensorDataset;
import dev.myelin.models.CharLstm;
import dev.myelin.nn.functional.F;
import dev.myelin.optim.Adam;
import dev.myelin.optim.lr.CosineAnnealingLR;
import dev.myelin.plot.TrainingCurves;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Tensor;
import dev.myelin.text.CharTokenizer;
import dev.myelin.text.TextWindows;
import dev.myelin.text.TokenSampler;
import dev.myelin.train.History;
import dev.myelin.train.ProgressBar;
import dev.myelin.train.Trainer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A character-level LSTM language model of the State of the Union addresses: trained on the
 * addresses of 1989 to {@value #LAST_TRAINING_YEAR}, validated on the later ones, which it has
 * not seen. Prints the validation perplexity per character, exp(mean cross-entropy), and samples
 * at temperatures 0.5 and 1.0, which are saved with the training curves in the run folder.
 */
@Command(name = "textgen", description = "A character-level LSTM learns the State of the Union addresses: validation"
        + " perplexity on later addresses and samples at temperatures 0.5 and 1.0.")
final class TextgenDemo implements Callable<Integer> {
    /** The last year of the training addresses; the later ones are the validation text. */
    static final int LAST_TRAINING_YEAR = 2016;
    private static final double[] TEMPERATURES = {0.5, 1.0};

    @Option(names = "--epochs", description = "Passes over the training characters (default: ${DEFAULT-VALUE}).",
            defaultValue = "3")
    int epochs;

    @Option(names = "--train-chars", description = "Train on at most this many characters, the latest before the"
            + " validation addresses (default: ${DEFAULT-VALUE}: all).", defaultValue = "0")
    int trainChars;

    @Option(names = "--seq-len", description = "Characters per training window (default: ${DEFAULT-VALUE}).",
            defaultValue = "100")
    int seqLen;

    @Option(names = "--batch-size", description = "Windows per training step (default: ${DEFAULT-VALUE}).",
            defaultValue = "16")
    int batchSize;

    @Option(names = "--hidden", description = "LSTM hidden size (default: ${DEFAULT-VALUE}).", defaultValue = "256")
    int hidden;

    @Option(names = "--lr", description = "Adam's peak learning rate, cosine decay (default: ${DEFAULT-VALUE}).",
            defaultValue = "0.004")
    double lr;

    @Option(names = "--sample-length", description = "Characters per sample (default: ${DEFAULT-VALUE}).",
            defaultValue = "300")
    int sampleLength;

    @Option(names = "--prompt", description = "The text the samples continue (default: ${DEFAULT-VALUE}).",
            defaultValue = "Tonight, ")
    String prompt;

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    long seed;

    @Option(names = "--runs", description = "Where run folders go (default: ${DEFAULT-VALUE}).", defaultValue = "runs")
    Path runs;

    /** The validation perplexity per character, the samples by temperature, and the run folder. */
    record Result(double perplexity, String[] samples, Path dir) {}

    @Override
    public Integer call() throws Exception {
        run(System.out);
        return 0;
    }

    Result run(PrintStream out) throws Exception {
        DemoOptions.atLeast("--epochs", epochs, 1);
        DemoOptions.atLeast("--train-chars", trainChars, 0);
        DemoOptions.atLeast("--seq-len", seqLen, 2);
        DemoOptions.atLeast("--batch-size", batchSize, 1);
        DemoOptions.atLeast("--hidden", hidden, 1);
        DemoOptions.atLeast("--sample-length", sampleLength, 0);
        DemoOptions.positive("--lr", lr);
        StateOfTheUnion sotu = StateOfTheUnion.load();
        CharTokenizer tokenizer = CharTokenizer.fromCorpus(sotu.text());
        if (prompt.isEmpty()) {
            throw new IllegalArgumentException("--prompt must not be empty");
        }
        int[] promptIds = tokenizer.encode(prompt).ids();
        String trainText = sotu.text(1989, LAST_TRAINING_YEAR);
        if (trainChars > 0 && trainText.length() > trainChars) {
            trainText = trainText.substring(trainText.length() - trainChars);
        }
        String validationText = sotu.text(LAST_TRAINING_YEAR + 1, 9999);
        int[] trainIds = tokenizer.encode(trainText).ids();
        TensorDataset train = TextWindows.of(trainIds, seqLen);
        TensorDataset validation = TextWindows.of(tokenizer.encode(validationText).ids(), seqLen);
        out.println("Character-level language model of " + sotu.source());
        out.printf(Locale.ROOT, "train on %,d characters of the addresses up to %d, validate on the %,d characters of the"
                + " later ones; %d distinct characters; windows of %d%n", trainIds.length, LAST_TRAINING_YEAR,
                validationText.length(), tokenizer.vocabSize(), seqLen);

        Generator.seedDefault(seed);
        CharLstm lm = new CharLstm(tokenizer.vocabSize(), 64, hidden, 1, 0.0);
        var opt = new Adam(lm.parameters(), lr);
        out.printf(Locale.ROOT, "model: embedding 64, LSTM %d, linear; %,d parameters; Adam %s with cosine decay,"
                + " %d epochs of batches of %d%n", hidden, lm.parameterCount(), lr, epochs, batchSize);
        Trainer trainer = Trainer.builder(lm, opt, TextgenDemo::loss).epochs(epochs).seed(seed).clipGradNorm(1.0)
                .scheduler(new CosineAnnealingLR(opt, epochs, lr / 20), Trainer.Interval.EPOCH)
                .callbacks(new ProgressBar(out)).build();
        History history = trainer.fit(DataLoader.builder(train).batchSize(batchSize).shuffle(true).seed(seed).build(),
                Runs.ordered(validation, 128));
        double perplexity = Math.exp(history.last().get("val_loss"));
        out.printf(Locale.ROOT, "%nvalidation perplexity %.3f per character (cross-entropy %.4f nats, %.3f bits per"
                + " character) on the addresses after %d%n", perplexity, history.last().get("val_loss"),
                history.last().get("val_loss") / Math.log(2), LAST_TRAINING_YEAR);

        Path dir = Runs.create(runs, "textgen");
        String[] samples = new String[TEMPERATURES.length];
        StringBuilder file = new StringBuilder();
        Generator generator = new Generator(seed);
        for (int i = 0; i < TEMPERATURES.length; i++) {
            int[] ids = lm.generate(promptIds, sampleLength, TokenSampler.of(TEMPERATURES[i]), generator);
            samples[i] = tokenizer.decode(ids);
            String heading = String.format(Locale.ROOT, "sample at temperature %.1f:", TEMPERATURES[i]);
            out.println();
            out.println(heading);
            out.println(samples[i]);
            file.append(heading).append('\n').append(samples[i]).append("\n\n");
        }
        Files.writeString(dir.resolve("samples.txt"), file);
        TrainingCurves.save(dir.resolve("curves.png"), history, "Character LSTM on the State of the Union addresses");
        out.println();
        out.println("samples: " + dir.resolve("samples.txt"));
        out.println("training curves: " + dir.resolve("curves.png"));
        return new Result(perplexity, samples, dir);
    }

    /** Cross-entropy of next-character logits (B, T, V) against the targets (B, T), per character. */
    static Tensor loss(Tensor logits, Tensor targets) {
        return F.crossEntropy(logits.flatten(0, 1), targets.flatten());
    }
}
