package dev.myelin.cli;

import dev.myelin.models.Seq2SeqTransformer;
import dev.myelin.nn.TransformerOptions;
import dev.myelin.nn.functional.CrossEntropyOptions;
import dev.myelin.nn.functional.F;
import dev.myelin.optim.AdamW;
import dev.myelin.optim.lr.CosineAnnealingLR;
import dev.myelin.optim.lr.LinearLR;
import dev.myelin.optim.lr.SequentialLR;
import dev.myelin.plot.HeatMap;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Tensor;
import dev.myelin.text.CharTokenizer;
import dev.myelin.text.PaddedBatch;
import dev.myelin.text.Padding;
import dev.myelin.text.Side;
import dev.myelin.text.WordTokenizer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Translation with an encoder-decoder Transformer: English number words to digits ("three hundred
 * and forty-two thousand seven" to "342007", {@link NumberWords}). Trains a
 * {@link Seq2SeqTransformer} with teacher forcing on generated pairs, reports the exact-match
 * accuracy of greedy decoding on held-out numbers that never occur in training, and draws the
 * cross-attention of one translation as a heat map.
 */
@Command(name = "translate", description = "Train an encoder-decoder Transformer to translate English number words"
        + " to digits; exact-match accuracy on held-out numbers and a cross-attention heat map.")
final class TranslateDemo implements Callable<Integer> {
    private static final int MAX_DIGITS = 6;

    @Option(names = "--pairs", description = "Training pairs (default: ${DEFAULT-VALUE}).", defaultValue = "30000")
    int pairs;

    @Option(names = "--held-out", description = "Held-out pairs, numbers never seen in training (default:"
            + " ${DEFAULT-VALUE}).", defaultValue = "1000")
    int heldOut;

    @Option(names = "--steps", description = "Training steps (default: ${DEFAULT-VALUE}).", defaultValue = "1200")
    int steps;

    @Option(names = "--batch-size", description = "Pairs per step (default: ${DEFAULT-VALUE}).", defaultValue = "64")
    int batchSize;

    @Option(names = "--d-model", description = "Model width (default: ${DEFAULT-VALUE}).", defaultValue = "128")
    int dModel;

    @Option(names = "--lr", description = "Peak learning rate of AdamW (default: ${DEFAULT-VALUE}).",
            defaultValue = "0.001")
    double lr;

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    long seed;

    @Option(names = "--runs", description = "Where run folders go (default: ${DEFAULT-VALUE}).", defaultValue = "runs")
    Path runs;

    /** The outcome: held-out exact-match accuracy, the training loss of each step, and the heat map's file. */
    record Result(double accuracy, List<Double> losses, Path heatMap) {}

    /** Tokenized pairs: source ids, target ids with BOS in front (decoder input) and with EOS after (labels). */
    record Examples(List<NumberWords.Pair> pairs, List<int[]> src, List<int[]> tgtIn, List<int[]> tgtOut) {
        static Examples of(List<NumberWords.Pair> pairs, WordTokenizer source, CharTokenizer target) {
            int bos = target.tokenToId("<bos>").orElseThrow();
            int eos = target.tokenToId("<eos>").orElseThrow();
            List<int[]> src = new ArrayList<>();
            List<int[]> in = new ArrayList<>();
            List<int[]> out = new ArrayList<>();
            for (NumberWords.Pair p : pairs) {
                src.add(source.encode(p.words()).ids());
                int[] digits = target.encode(p.digits()).ids();
                int[] withBos = new int[digits.length + 1];
                int[] withEos = new int[digits.length + 1];
                withBos[0] = bos;
                System.arraycopy(digits, 0, withBos, 1, digits.length);
                System.arraycopy(digits, 0, withEos, 0, digits.length);
                withEos[digits.length] = eos;
                in.add(withBos);
                out.add(withEos);
            }
            return new Examples(pairs, src, in, out);
        }

        /** Source ids, decoder inputs and labels (B, ·) of the examples at {@code rows}, padded with id 0. */
        Tensor[] batch(int[] rows) {
            Padding padding = Padding.of(Side.RIGHT, 0);
            return new Tensor[] {PaddedBatch.ofIds(pick(src, rows), padding).ids(),
                PaddedBatch.ofIds(pick(tgtIn, rows), padding).ids(), PaddedBatch.ofIds(pick(tgtOut, rows), padding).ids()};
        }

        private static List<int[]> pick(List<int[]> from, int[] rows) {
            List<int[]> out = new ArrayList<>(rows.length);
            for (int r : rows) {
                out.add(from.get(r));
            }
            return out;
        }
    }

    @Override
    public Integer call() throws Exception {
        return run(System.out).accuracy() >= 0.95 ? 0 : 1;
    }

    Result run(PrintStream out) throws Exception {
        Random random = new Random(seed);
        List<NumberWords.Pair> test = NumberWords.distinct(heldOut, java.util.Set.of(), random);
        var testNumbers = test.stream().map(NumberWords.Pair::number).collect(Collectors.toCollection(HashSet::new));
        List<NumberWords.Pair> train = NumberWords.sample(pairs, testNumbers, random);
        WordTokenizer source = NumberWords.sourceTokenizer();
        CharTokenizer target = NumberWords.targetTokenizer();
        Examples trainSet = Examples.of(train, source, target);
        Examples testSet = Examples.of(test, source, target);
        out.println("Translation with an encoder-decoder Transformer: English number words to digits");
        out.printf(Locale.ROOT, "data:  %,d training pairs, %,d held-out pairs of numbers never seen in training;"
                + " e.g. \"%s\" -> %s%n", train.size(), test.size(), train.getFirst().words(), train.getFirst().digits());

        Generator.seedDefault(seed);
        var model = new Seq2SeqTransformer(source.vocabSize(), target.vocabSize(), 32, dModel, 4, 2, 2,
                TransformerOptions.defaults().dimFeedforward(2 * dModel).dropout(0.1).normFirst(true));
        out.printf(Locale.ROOT, "model: Seq2SeqTransformer, d_model %d, 4 heads, 2 encoder and 2 decoder layers"
                + " (pre-LayerNorm), %,d parameters%n", dModel, model.parameterCount());
        out.printf(Locale.ROOT, "train: %d steps of %d pairs, AdamW (lr %s, warm-up then cosine), teacher forcing%n",
                steps, batchSize, java.math.BigDecimal.valueOf(lr).stripTrailingZeros().toPlainString());
        List<Double> losses = train(model, trainSet, out);

        model.eval();
        long start = System.nanoTime();
        List<String> predicted = translate(model, testSet, target);
        int correct = 0;
        for (int i = 0; i < test.size(); i++) {
            correct += predicted.get(i).equals(test.get(i).digits()) ? 1 : 0;
        }
        double accuracy = (double) correct / test.size();
        out.printf(Locale.ROOT, "held-out exact match (greedy decoding): %.4f (%d of %d) in %.1f s%n", accuracy, correct,
                test.size(), (System.nanoTime() - start) / 1e9);
        for (int i = 0; i < Math.min(6, test.size()); i++) {
            NumberWords.Pair p = test.get(i);
            out.printf(Locale.ROOT, "  %-70s -> %-7s %s%n", p.words(), predicted.get(i),
                    predicted.get(i).equals(p.digits()) ? "ok" : "expected " + p.digits());
        }
        Path file = Runs.create(runs, "translate").resolve("attention.png");
        int example = heatMapExample(test);
        heatMap(model, testSet, example, predicted.get(example), source, target, file);
        out.println("cross-attention of \"" + test.get(example).words() + "\": " + file);
        return new Result(accuracy, losses, file);
    }

    /** The training loop; prints the mean loss every tenth of the steps. */
    private List<Double> train(Seq2SeqTransformer model, Examples data, PrintStream out) {
        var opt = new AdamW(model.parameters(), AdamW.options(lr).weightDecay(0.01));
        int warmUp = Math.max(1, steps / 10);
        var schedule = new SequentialLR(opt, List.of(new LinearLR(opt, 0.01, 1.0, warmUp),
                new CosineAnnealingLR(opt, Math.max(1, steps - warmUp), 0.0)), warmUp);
        CrossEntropyOptions ignorePadding = CrossEntropyOptions.defaults().ignoreIndex(0);
        Generator order = new Generator(seed);
        List<Double> losses = new ArrayList<>();
        long start = System.nanoTime();
        double sum = 0;
        int every = Math.max(1, steps / 10);
        for (int step = 1; step <= steps; step++) {
            int[] rows = Tensor.randint(0, data.src().size(), dev.myelin.tensor.Shape.of(batchSize), order).toIntArray();
            Tensor[] b = data.batch(rows);
            Tensor logits = model.forward(b[0], b[1], b[0].eq(0));
            Tensor loss = F.crossEntropy(logits.reshape(-1, logits.size(-1)), b[2].reshape(-1), ignorePadding);
            opt.zeroGrad();
            loss.backward();
            opt.step();
            schedule.step();
            losses.add(loss.item());
            sum += loss.item();
            if (step % every == 0 || step == steps) {
                out.printf(Locale.ROOT, "step %d/%d  loss %.4f  %.0f s%n", step, steps, sum / (step % every == 0 ? every
                        : step % every), (System.nanoTime() - start) / 1e9);
                sum = 0;
            }
        }
        return losses;
    }

    /** Greedy translations of every example, as digit strings (up to EOS). */
    private static List<String> translate(Seq2SeqTransformer model, Examples data, CharTokenizer target) {
        int bos = target.tokenToId("<bos>").orElseThrow();
        int eos = target.tokenToId("<eos>").orElseThrow();
        List<String> out = new ArrayList<>();
        int n = data.src().size();
        for (int from = 0; from < n; from += 250) {
            int[] rows = java.util.stream.IntStream.range(from, Math.min(n, from + 250)).toArray();
            Tensor src = data.batch(rows)[0];
            long[] ids = model.greedyDecode(src, src.eq(0), bos, eos, MAX_DIGITS + 1).toLongArray();
            for (int r = 0; r < rows.length; r++) {
                StringBuilder digits = new StringBuilder();
                for (int i = 0; i <= MAX_DIGITS && ids[r * (MAX_DIGITS + 1) + i] != eos; i++) {
                    digits.append(target.idToToken((int) ids[r * (MAX_DIGITS + 1) + i]));
                }
                out.add(digits.toString());
            }
        }
        return out;
    }

    /** A held-out example worth drawing: the first with six digits and "and", else the first. */
    private static int heatMapExample(List<NumberWords.Pair> test) {
        for (int i = 0; i < test.size(); i++) {
            if (test.get(i).digits().length() == MAX_DIGITS && test.get(i).words().contains(" and ")) {
                return i;
            }
        }
        return 0;
    }

    /** The last decoder layer's attention from each output token of the model's translation to each source word. */
    private static void heatMap(Seq2SeqTransformer model, Examples data, int example, String translation,
            WordTokenizer source, CharTokenizer target, Path file) throws java.io.IOException {
        Tensor src = data.batch(new int[] {example})[0];
        int[] in = new int[translation.length() + 1];
        in[0] = target.tokenToId("<bos>").orElseThrow();
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < translation.length(); i++) {
            in[i + 1] = target.tokenToId(translation.substring(i, i + 1)).orElseThrow();
            rows.add(translation.substring(i, i + 1));
        }
        rows.add("<eos>");
        Tensor weights = model.crossAttention(src, null, Tensor.fromArray(in, 1, in.length))
                .select(0, 0);
        double[][] w = new double[weights.size(0)][];
        for (int r = 0; r < w.length; r++) {
            w[r] = weights.select(0, r).toDoubleArray();
        }
        List<String> columns = source.encode(data.pairs().get(example).words()).tokens();
        HeatMap.save(file, w, rows, columns, "Cross-attention of the last decoder layer (mean of 4 heads) -> "
                + translation, "source word", "output digit", "0.00");
    }
}
