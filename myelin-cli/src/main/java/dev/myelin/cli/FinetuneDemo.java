package dev.myelin.cli;

import dev.myelin.data.SpamAssassin;
import dev.myelin.data.TensorDataset;
import dev.myelin.models.RecurrentClassifier;
import dev.myelin.nn.Linear;
import dev.myelin.onnx.MiniLm;
import dev.myelin.onnx.MiniLmClassifier;
import dev.myelin.tensor.Generator;
import dev.myelin.text.WordTokenizer;
import dev.myelin.train.ProgressBar;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Transfer learning from a real pretrained model: all-MiniLM-L6-v2, imported from ONNX, gets a new
 * linear head and learns the spam filter from few labelled messages, (a) with its backbone frozen
 * (the head on the mean of its last hidden states), (b) fine-tuned as a whole, against (c) the
 * bidirectional GRU of the spam demo trained from scratch on the same messages. Prints an
 * accuracy table on the held-out test messages of the spam demo's split.
 */
@Command(name = "finetune", description = "The pretrained MiniLM (ONNX) with a new classification head on few SpamAssassin"
        + " e-mails: frozen backbone, full fine-tuning and a GRU from scratch compared on the test messages.")
final class FinetuneDemo implements Callable<Integer> {
    @Mixin
    SpamClassification.Options options = new SpamClassification.Options(64, 400);

    @Option(names = "--epochs", description = "Fine-tuning epochs of the whole MiniLM (default: ${DEFAULT-VALUE}).",
            defaultValue = "2")
    int epochs;

    @Option(names = "--lr", description = "Adam's learning rate when fine-tuning MiniLM (default: ${DEFAULT-VALUE}).",
            defaultValue = "0.00005")
    double lr;

    @Option(names = "--head-epochs", description = "The most epochs of the head on the frozen backbone, and of the GRU"
            + " (default: ${DEFAULT-VALUE}).", defaultValue = "30")
    int headEpochs;

    @Option(names = "--validation-messages", description = "Validation messages (default: ${DEFAULT-VALUE}).",
            defaultValue = "128")
    int validationMessages;

    /** The outcomes in the table's order: frozen, fine-tuned, from scratch. */
    record Result(List<SpamClassification.Outcome> outcomes) {}

    @Override
    public Integer call() throws Exception {
        run(System.out);
        return 0;
    }

    Result run(PrintStream out) throws Exception {
        DemoOptions.atLeast("--epochs", epochs, 1);
        DemoOptions.atLeast("--head-epochs", headEpochs, 1);
        DemoOptions.atLeast("--validation-messages", validationMessages, 1);
        DemoOptions.atLeast("--max-tokens", options.maxTokens, 3);
        DemoOptions.positive("--lr", lr);
        long seed = options.seed;
        var data = options.splits();
        var train = data.train();
        var validation = data.validation().sample(validationMessages, seed);
        int maxTokens = options.maxTokens;
        int classes = SpamAssassin.CLASSES.size();
        out.println("Transfer learning from all-MiniLM-L6-v2 on " + data.source());
        out.printf(Locale.ROOT, "%d messages for training, %d for validation, the %d test messages of the spam demo; the"
                + " first %d tokens of each%n", train.size(), validation.size(), data.test().size(), maxTokens);
        MiniLm minilm = MiniLm.load();
        TensorDataset[] pieces = new TensorDataset[3];
        List<SpamClassification.Part> parts = List.of(train, validation, data.test());
        for (int i = 0; i < 3; i++) {
            pieces[i] = new TensorDataset(MiniLmClassifier.encode(minilm, parts.get(i).texts(), maxTokens),
                    parts.get(i).y());
        }
        List<SpamClassification.Outcome> outcomes = new ArrayList<>();

        // (a) frozen: the backbone's pooled features once, then a linear head on them
        Generator.seedDefault(seed);
        var frozen = new MiniLmClassifier(minilm, classes, 0.1);
        frozen.backbone().freeze();
        long start = System.nanoTime();
        out.println("(a) frozen backbone: MiniLM's mean hidden state of each message (computed once), a new linear head;"
                + " Adam 0.003");
        TensorDataset[] features = new TensorDataset[3];
        for (int i = 0; i < 3; i++) {
            features[i] = new TensorDataset(frozen.pooledFeatures(pieces[i].x(), 32), pieces[i].y());
        }
        double featureSeconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "    features of %d messages in %.0f s%n", parts.stream().mapToInt(SpamClassification.Part::size)
                .sum(), featureSeconds);
        Linear head = new Linear(MiniLm.DIM, classes);
        var a = SpamClassification.fit("MiniLM frozen + head", head, 0.003, headEpochs, features[0], features[1],
                features[2], seed, null);
        outcomes.add(withSeconds(a, a.seconds() + featureSeconds));

        // (b) fine-tuning the whole network from the pretrained weights with a new head
        Generator.seedDefault(seed);
        MiniLm fresh = MiniLm.load();
        var tuned = new MiniLmClassifier(fresh, classes, 0.1);
        out.printf(Locale.ROOT, "(b) full fine-tuning: all %,d parameters, Adam %s, %d epochs%n", tuned.parameterCount(),
                lr, epochs);
        outcomes.add(SpamClassification.fit("MiniLM fine-tuned", tuned, lr, epochs, pieces[0], pieces[1], pieces[2], seed,
                new ProgressBar(out)));

        // (c) the recurrent classifier from scratch on the same messages, with word tokens
        WordTokenizer tokenizer = SpamClassification.wordTokenizer(train, 20_000);
        Generator.seedDefault(seed);
        var gru = new RecurrentClassifier(RecurrentClassifier.Cell.GRU, tokenizer.vocabSize(), 64, 64, classes, 0.3);
        out.printf(Locale.ROOT, "(c) from scratch: the spam demo's bidirectional GRU on %,d words seen twice, Adam 0.003%n",
                tokenizer.vocabSize());
        outcomes.add(SpamClassification.fit("GRU from scratch", gru, 0.003, headEpochs,
                SpamClassification.encode(tokenizer, train, maxTokens),
                SpamClassification.encode(tokenizer, validation, maxTokens),
                SpamClassification.encode(tokenizer, data.test(), maxTokens), seed, null));

        out.println();
        SpamClassification.compare(out, outcomes);
        out.println("(parameters: those trained; the frozen head's seconds include computing the features)");
        return new Result(outcomes);
    }

    private static SpamClassification.Outcome withSeconds(SpamClassification.Outcome o, double seconds) {
        return new SpamClassification.Outcome(o.name(), o.report(), o.test(), o.history(), o.parameters(), seconds);
    }
}
