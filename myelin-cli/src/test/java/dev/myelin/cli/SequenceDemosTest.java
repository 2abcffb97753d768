package dev.myelin.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sequence demos (spam, forecast, textgen, classify) end to end on tiny settings, a few
 * seconds each: what they print and save, and their errors on bad options. The full settings and
 * their figures are the demos' defaults.
 */
class SequenceDemosTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void spamPrintsItsReportAndSavesTheConfusionMatrix() throws Exception {
        SpamDemo demo = new SpamDemo();
        demo.cell = dev.myelin.models.RecurrentClassifier.Cell.GRU;
        demo.epochs = 1;
        demo.maxWords = 2000;
        demo.hidden = 8;
        demo.lr = 0.003;
        demo.options = new SpamClassification.Options(32, 200);
        demo.options.runs = dir;
        SpamDemo.Result r = demo.run(out);
        assertThat(r.outcome().report().accuracy()).isBetween(0.0, 1.0);
        assertThat(r.dir().resolve("confusion.png")).exists();
        assertThat(printed()).contains("200 messages for training, 352 for validation, 704 held out").contains("spam precision");
    }

    @Test
    void forecastPrintsTheRmseOfEachForecaster() throws Exception {
        ForecastDemo demo = new ForecastDemo();
        demo.epochs = 1;
        demo.window = 14;
        demo.hidden = 8;
        demo.lr = 0.005;
        demo.trainDays = 200;
        demo.runs = dir;
        ForecastDemo.Result r = demo.run(out);
        assertThat(r.rmse().keySet()).containsExactly("seasonal naive", "linear", "LSTM");
        assertThat(r.rmse().values()).allMatch(v -> v > 0 && v < 10_000);
        assertThat(r.dir().resolve("forecast.png")).exists();
    }

    @Test
    void textgenPrintsThePerplexityAndSamplesAtTwoTemperatures() throws Exception {
        TextgenDemo demo = new TextgenDemo();
        demo.epochs = 1;
        demo.trainChars = 3000;
        demo.seqLen = 50;
        demo.batchSize = 16;
        demo.hidden = 16;
        demo.lr = 0.004;
        demo.sampleLength = 20;
        demo.prompt = "The ";
        demo.runs = dir;
        TextgenDemo.Result r = demo.run(out);
        assertThat(r.perplexity()).isBetween(1.0, 200.0);
        assertThat(r.samples()).hasSize(2).allMatch(s -> s.startsWith("The ") && s.length() >= 24);
        assertThat(printed()).contains("validation perplexity").contains("temperature 0.5").contains("temperature 1.0");
        assertThat(r.dir().resolve("samples.txt")).exists();
    }

    @Test
    void classifyComparesTheTransformerWithTheGru() throws Exception {
        ClassifyDemo demo = new ClassifyDemo();
        demo.epochs = 1;
        demo.dModel = 16;
        demo.layers = 1;
        demo.lr = 0.001;
        demo.rnnLr = 0.003;
        demo.options = new SpamClassification.Options(24, 150);
        demo.options.runs = dir;
        ClassifyDemo.Result r = demo.run(out);
        assertThat(r.outcomes()).extracting(SpamClassification.Outcome::name).containsExactly("Transformer", "GRU");
        assertThat(printed()).contains("accuracy  precision  recall");
        assertThat(r.plot()).exists();
    }

    @Test
    void badOptionsAreNamed() {
        TextgenDemo textgen = new TextgenDemo();
        textgen.epochs = 0;
        assertThatThrownBy(() -> textgen.run(out)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--epochs must be at least 1, got 0");
        ForecastDemo forecast = new ForecastDemo();
        forecast.epochs = 1;
        forecast.window = 2;
        forecast.hidden = 4;
        forecast.lr = -1;
        assertThatThrownBy(() -> forecast.run(out)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--lr must be a positive number, got -1.0");
        SpamDemo spam = new SpamDemo();
        spam.epochs = 1;
        spam.maxWords = 100;
        spam.hidden = 4;
        spam.lr = 0.1;
        spam.options = new SpamClassification.Options(0, null);
        assertThatThrownBy(() -> spam.run(out)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--max-tokens must be at least 1, got 0");
    }
}
