package dev.myelin.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Transformer demos with tiny settings: their data, a few training steps, their files; the zoo's GPT on the command line. */
class TransformerDemosTest {
    @TempDir
    Path dir;

    private static final Map<String, Integer> VALUES = new java.util.HashMap<>();

    static {
        String[] ones = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
            "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
        String[] tens = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
        for (int i = 0; i < ones.length; i++) {
            VALUES.put(ones[i], i);
        }
        for (int i = 0; i < tens.length; i++) {
            VALUES.put(tens[i], 20 + 10 * i);
        }
    }

    /** Reads number words back, independently of how they were written. */
    private static int parse(List<String> tokens) {
        int total = 0;
        int current = 0;
        for (String t : tokens) {
            switch (t) {
                case "hundred" -> current *= 100;
                case "thousand" -> {
                    total += current * 1000;
                    current = 0;
                }
                case "and", "-" -> { }
                default -> current += VALUES.get(t);
            }
        }
        return total + current;
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    @Test
    void numberWordsSayTheNumberAndHeldOutNumbersStayOutOfTraining() {
        assertThat(NumberWords.words(0, false)).isEqualTo("zero");
        assertThat(NumberWords.words(342_007, true)).isEqualTo("three hundred and forty-two thousand and seven");
        assertThat(NumberWords.words(342_007, false)).isEqualTo("three hundred forty-two thousand seven");
        assertThat(NumberWords.words(115, true)).isEqualTo("one hundred and fifteen");
        assertThat(NumberWords.words(20_000, true)).isEqualTo("twenty thousand");
        assertThat(NumberWords.words(999_999, false))
                .isEqualTo("nine hundred ninety-nine thousand nine hundred ninety-nine");
        assertThatThrownBy(() -> NumberWords.words(1_000_000, false))
                .hasMessage("NumberWords: 1000000 is outside [0, 999999]");

        var source = NumberWords.sourceTokenizer();
        var target = NumberWords.targetTokenizer();
        Random random = new Random(1);
        List<NumberWords.Pair> heldOut = NumberWords.distinct(300, Set.of(), random);
        Set<Integer> held = new HashSet<>();
        heldOut.forEach(p -> held.add(p.number()));
        assertThat(held).hasSize(300);
        List<NumberWords.Pair> train = NumberWords.sample(3000, held, random);
        int withAnd = 0;
        int[] lengths = new int[7];
        for (NumberWords.Pair p : train) {
            assertThat(held).doesNotContain(p.number());
            assertThat(parse(source.encode(p.words()).tokens())).as(p.words()).isEqualTo(p.number());
            assertThat(target.decode(target.encode(p.digits()).ids(), true)).isEqualTo(p.digits());
            withAnd += p.words().contains(" and ") ? 1 : 0;
            lengths[p.digits().length()]++;
        }
        assertThat(withAnd).isBetween(300, 1200);                  // "and" in 30% of the pairs, where there is room
        assertThat(lengths[3]).isBetween(600, 900);                 // about a quarter have 3, 4, 5 and 6 digits each
        assertThat(lengths[6]).isBetween(600, 900);
        assertThat(lengths[1] + lengths[2]).isPositive();           // leading zeros make shorter numbers too
        assertThat(source.vocabulary().token(0)).isEqualTo("<pad>");
        assertThat(target.vocabulary().token(0)).isEqualTo("<pad>");
    }

    @Test
    void translateDemoLowersItsLossAndDrawsTheAttention() throws Exception {
        TranslateDemo demo = new TranslateDemo();
        demo.pairs = 400;
        demo.heldOut = 20;
        demo.steps = 80;
        demo.batchSize = 16;
        demo.dModel = 32;
        demo.lr = 3e-3;
        demo.seed = 0;
        demo.runs = dir;
        TranslateDemo.Result r = demo.run(quiet());
        List<Double> losses = r.losses();
        assertThat(losses).hasSize(80);
        double first = losses.subList(0, 5).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double last = losses.subList(75, 80).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertThat(last).isLessThan(0.85 * first);              // about 2.6 to 1.9
        assertThat(r.accuracy()).isBetween(0.0, 1.0);
        assertThat(r.heatMap()).exists().isNotEmptyFile();
    }

    @Test
    void gptDemoTrainsBothModelsAndSamplesFromThePrompt() throws Exception {
        GptDemo demo = new GptDemo();
        demo.steps = 30;
        demo.batchSize = 8;
        demo.context = 32;
        demo.dModel = 32;
        demo.layers = 1;
        demo.lstmHidden = 32;
        demo.lr = 1e-2;
        demo.validationWindows = 8;
        demo.sampleLength = 40;
        demo.seed = 0;
        GptDemo.Result r = demo.run(quiet());
        for (GptDemo.Score s : List.of(r.gpt(), r.lstm())) {
            assertThat(s.curve()).hasSize(10);
            assertThat(s.perplexity()).as(s.name()).isLessThan(0.5 * r.vocab());   // well below a uniform guess
            assertThat(s.seconds()).isPositive();
            assertThat(s.perplexityPerSecond(r.vocab())).isPositive();
        }
        assertThat(r.samples()).hasSize(4).allSatisfy(text -> assertThat(text).startsWith("The state of our Union is ")
                .hasSize("The state of our Union is ".length() + 40));
    }

    @Test
    void theZoosGptHasASummaryOnTokenIds() {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.execute("summary", "gpt")).isZero();
        } finally {
            System.setOut(old);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("GPT-style decoder").contains("self_attn")
                .contains("3,717,632");
    }
}
