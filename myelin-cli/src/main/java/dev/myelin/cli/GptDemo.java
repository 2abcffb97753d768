package dev.myelin.cli;

import dev.myelin.autograd.Grad;
import dev.myelin.data.StateOfTheUnion;
import dev.myelin.models.CharLstm;
import dev.myelin.models.Gpt;
import dev.myelin.nn.Module;
import dev.myelin.nn.functional.F;
import dev.myelin.optim.AdamW;
import dev.myelin.optim.Clip;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import dev.myelin.text.CharTokenizer;
import dev.myelin.text.TextWindows;
import dev.myelin.text.TokenSampler;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A small character-level GPT ({@link Gpt}) trained on the State of the Union addresses of
 * 1989-2018 and validated on those of 2019-2021, next to a character LSTM trained the same way on
 * the same windows (same steps, batch, context, optimizer and seed). Prints each model's
 * validation perplexity (exp of the mean cross-entropy per character), its training time, and how
 * much perplexity it removed per training second, counted from a uniform guess (perplexity =
 * vocabulary size): {@code (V - perplexity) / seconds}. Then prints samples of the GPT, greedy and
 * with temperature and top-k / top-p, and one of the LSTM.
 */
@Command(name = "gpt", description = "Train a small character GPT on the State of the Union addresses next to a"
        + " character LSTM: validation perplexity, perplexity per training second, and samples.")
final class GptDemo implements Callable<Integer> {
    private static final String PROMPT = "The state of our Union is ";

    @Option(names = "--steps", description = "Training steps of each model (default: ${DEFAULT-VALUE}).",
            defaultValue = "600")
    int steps;

    @Option(names = "--batch-size", description = "Windows per step (default: ${DEFAULT-VALUE}).", defaultValue = "32")
    int batchSize;

    @Option(names = "--context", description = "Characters per window (default: ${DEFAULT-VALUE}).", defaultValue = "64")
    int context;

    @Option(names = "--d-model", description = "The GPT's width (default: ${DEFAULT-VALUE}).", defaultValue = "128")
    int dModel;

    @Option(names = "--layers", description = "The GPT's blocks (default: ${DEFAULT-VALUE}).", defaultValue = "2")
    int layers;

    @Option(names = "--lstm-hidden", description = "The LSTM's hidden size (default: ${DEFAULT-VALUE}).",
            defaultValue = "256")
    int lstmHidden;

    @Option(names = "--lr", description = "Learning rate of AdamW for both models (default: ${DEFAULT-VALUE}).",
            defaultValue = "0.003")
    double lr;

    @Option(names = "--validation-windows", description = "Validation windows of --context characters from the"
            + " 2019-2021 addresses (default: ${DEFAULT-VALUE}).", defaultValue = "128")
    int validationWindows;

    @Option(names = "--sample-length", description = "Characters per sample (default: ${DEFAULT-VALUE}).",
            defaultValue = "300")
    int sampleLength;

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    long seed;

    /** One model's outcome: validation perplexity and training seconds, and the perplexity per tenth of the steps. */
    record Score(String name, long parameters, double perplexity, double seconds, List<Double> curve) {
        /** Perplexity removed per training second, from a uniform guess over {@code vocab} characters. */
        double perplexityPerSecond(int vocab) {
            return (vocab - perplexity) / seconds;
        }
    }

    /** The outcome: the two scores and the samples. */
    record Result(int vocab, Score gpt, Score lstm, List<String> samples) {}

    @Override
    public Integer call() throws Exception {
        run(System.out);
        return 0;
    }

    Result run(PrintStream out) throws Exception {
        StateOfTheUnion sotu = StateOfTheUnion.load();
        CharTokenizer tokenizer = CharTokenizer.fromCorpus(sotu.text());
        int[] train = tokenizer.encode(sotu.text(1989, 2018)).ids();
        int[] validation = tokenizer.encode(sotu.text(2019, 2021)).ids();
        int vocab = tokenizer.vocabSize();
        Tensor[] valBatch = validationBatch(validation);
        out.println("Character language models on the State of the Union addresses: a small GPT and an LSTM");
        out.printf(Locale.ROOT, "data:  %,d training characters (1989-2018), validation on %,d windows of %d characters"
                + " (2019-2021); %d distinct characters%n", train.length, valBatch[0].size(0), context, vocab);
        out.printf(Locale.ROOT, "train: each model %d steps of %d random windows of %d characters, AdamW (lr %s),"
                + " gradient norm clipped at 1%n", steps, batchSize, context,
                java.math.BigDecimal.valueOf(lr).stripTrailingZeros().toPlainString());

        Generator.seedDefault(seed);
        Gpt gpt = new Gpt(Gpt.Config.of(vocab, context).dModel(dModel).heads(4).layers(layers).feedForward(4 * dModel)
                .dropout(0.0));
        Score gptScore = train(String.format(Locale.ROOT, "GPT (d %d, %d blocks, 4 heads)", dModel, layers), gpt, train,
                valBatch, out);
        Generator.seedDefault(seed);
        var lstm = new CharLstm(vocab, 64, lstmHidden, 1, 0.0);
        Score lstmScore = train(String.format(Locale.ROOT, "LSTM (hidden %d)", lstmHidden), lstm, train, valBatch, out);

        out.println();
        out.printf(Locale.ROOT, "%-32s %10s %12s %10s %18s%n", "model", "parameters", "val. perpl.", "train s",
                "perpl. gained / s");
        for (Score s : List.of(gptScore, lstmScore)) {
            out.printf(Locale.ROOT, "%-32s %,10d %12.3f %10.1f %18.3f%n", s.name(), s.parameters(), s.perplexity(),
                    s.seconds(), s.perplexityPerSecond(vocab));
        }
        out.printf(Locale.ROOT, "(perplexity gained per second: (%d - validation perplexity) / training seconds; a uniform"
                + " guess has perplexity %d)%n", vocab, vocab);

        out.println();
        Tensor prompt = Tensor.fromArray(tokenizer.encode(PROMPT).ids(), 1, PROMPT.length());
        List<String> samples = new ArrayList<>();
        record Setting(String label, TokenSampler sampler) {}
        for (Setting s : List.of(new Setting("GPT, greedy", TokenSampler.greedy()),
                new Setting("GPT, temperature 0.8, top-k 20", TokenSampler.of(0.8).withTopK(20)),
                new Setting("GPT, temperature 1, top-p 0.9", TokenSampler.of(1.0).withTopP(0.9)))) {
            String text = decode(tokenizer, gpt.generate(prompt, sampleLength, s.sampler(), new Generator(seed)));
            samples.add(text);
            out.println(s.label() + ":");
            out.println("  " + text.replace("\n", "\n  "));
        }
        String lstmText = tokenizer.decode(lstm.generate(tokenizer.encode(PROMPT).ids(), sampleLength,
                TokenSampler.of(0.8).withTopK(20), new Generator(seed)), false);
        samples.add(lstmText);
        out.println("LSTM, temperature 0.8, top-k 20:");
        out.println("  " + lstmText.replace("\n", "\n  "));
        return new Result(vocab, gptScore, lstmScore, samples);
    }

    private static String decode(CharTokenizer tokenizer, Tensor ids) {
        return tokenizer.decode(ids.toIntArray(), false);
    }

    /** Non-overlapping windows from the start of the validation text: inputs and targets (N, context). */
    private Tensor[] validationBatch(int[] ids) {
        int n = Math.min(validationWindows, (ids.length - 1) / context);
        if (n < 1) {
            throw new IllegalArgumentException("demo gpt: the validation text (" + ids.length + " characters) is shorter"
                    + " than one window of " + context + " characters");
        }
        return TextWindows.at(ids, context, java.util.stream.IntStream.range(0, n).map(i -> i * context).toArray());
    }

    /** Trains {@code model} on random windows of {@code ids}; validates every tenth of the steps (not timed). */
    private Score train(String name, Module model, int[] ids, Tensor[] validation, PrintStream out) {
        var opt = new AdamW(model.parameters(), AdamW.options(lr).weightDecay(0.01));
        Generator order = new Generator(seed);
        int every = Math.max(1, steps / 10);
        List<Double> curve = new ArrayList<>();
        long nanos = 0;
        double sum = 0;
        out.printf(Locale.ROOT, "%s, %,d parameters: validation perplexity %.2f before training%n", name,
                model.parameterCount(), perplexity(model, validation));
        for (int step = 1; step <= steps; step++) {
            int[] starts = Tensor.randint(0, ids.length - context - 1, Shape.of(batchSize), order).toIntArray();
            Tensor[] b = TextWindows.at(ids, context, starts);
            long start = System.nanoTime();
            model.train();
            Tensor logits = model.forward(b[0]);
            Tensor loss = F.crossEntropy(logits.reshape(-1, logits.size(-1)), b[1].reshape(-1));
            opt.zeroGrad();
            loss.backward();
            Clip.gradNorm(model.parameters(), 1.0);
            opt.step();
            nanos += System.nanoTime() - start;
            sum += loss.item();
            if (step % every == 0 || step == steps) {
                double p = perplexity(model, validation);
                curve.add(p);
                out.printf(Locale.ROOT, "  step %d/%d  training loss %.3f  validation perplexity %.3f  %.0f s%n", step,
                        steps, sum / (step % every == 0 ? every : step % every), p, nanos / 1e9);
                sum = 0;
            }
        }
        return new Score(name, model.parameterCount(), curve.getLast(), nanos / 1e9, curve);
    }

    /** exp of the mean cross-entropy per character over the validation windows, in evaluation mode. */
    private static double perplexity(Module model, Tensor[] validation) {
        boolean training = model.isTraining();
        model.eval();
        try (var off = Grad.off()) {
            Tensor logits = model.forward(validation[0]);
            return Math.exp(F.crossEntropy(logits.reshape(-1, logits.size(-1)), validation[1].reshape(-1)).item());
        } finally {
            model.train(training);
        }
    }
}
