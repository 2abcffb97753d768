package dev.myelin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands end to end on the embedded subset, kept to a few seconds each by training on a
 * few hundred images: quickstart and train write their run folders, predict, eval and summary
 * read them, and bad input exits with status 1 and one sentence.
 */
class CliTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.execute(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Exits with 1 and a single line "myelin: ..." containing {@code expected}. */
    private void fails(String expected, String... args) {
        assertThat(run(args)).as(err()).isEqualTo(1);
        assertThat(err().lines().toList()).as(err()).hasSize(1);
        assertThat(err()).startsWith("myelin: ").contains(expected);
    }

    private Path quickstart() throws Exception {
        int code = run("quickstart", "--embedded", "--limit", "600", "--epochs", "1", "--plain", "--runs", dir.toString());
        assertThat(code).as(err()).isZero();
        try (var runs = Files.list(dir)) {
            return runs.filter(p -> p.getFileName().toString().startsWith("quickstart-")).findFirst().orElseThrow();
        }
    }

    @Test
    void quickstartWritesARunFolderThatPredictEvalAndSummaryRead() throws Exception {
        Path run = quickstart();
        assertThat(out()).contains("the Fashion-MNIST subset embedded").contains("epoch 1/1").contains("test accuracy: ")
                .contains("saved in " + run);
        for (String f : List.of("model.safetensors", "checkpoint.safetensors", "curves.png", "confusion.png", "samples.png",
                "history.csv", "example.png")) {
            assertThat(run.resolve(f)).exists();
        }
        String model = run.resolve("model.safetensors").toString();

        assertThat(run("predict", model, run.resolve("example.png").toString())).as(err()).isZero();
        assertThat(out().lines().count()).isEqualTo(6);                  // the file name, then five classes
        assertThat(out()).contains("%").contains("Ankle boot");

        assertThat(run("eval", model, "--embedded", "--confusion", dir.resolve("cm.png").toString())).as(err()).isZero();
        assertThat(out()).contains("macro avg").contains("top-5 accuracy");
        assertThat(dir.resolve("cm.png")).exists();

        assertThat(run("summary", model)).isZero();
        assertThat(out()).contains("conv1 (Conv2d)").contains("421,642");
        assertThat(run("summary", "mlp")).isZero();
        assertThat(out()).contains("fc3 (Linear)");

        // Bad input: one clear sentence each.
        Path big = dir.resolve("big.png");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(32, 30, java.awt.image.BufferedImage.TYPE_BYTE_GRAY),
                "png", big.toFile());
        fails("big.png is 32 x 30 pixels, but the model takes 28 x 28 images; resize it first", "predict", model, big.toString());
        fails("file not found: " + dir.resolve("nope.png") + " (no such image)", "predict", model,
                dir.resolve("nope.png").toString());
        fails("file not found: " + dir.resolve("nope.safetensors"), "predict", dir.resolve("nope.safetensors").toString(),
                big.toString());
        Path notImage = Files.writeString(dir.resolve("text.png"), "hello");
        fails("is not an image", "predict", model, notImage.toString());
        Path truncated = dir.resolve("truncated.safetensors");
        byte[] bytes = Files.readAllBytes(run.resolve("model.safetensors"));
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        fails("truncated.safetensors", "eval", truncated.toString(), "--embedded");
        fails("unknown model 'resnet-9000'; the known models are", "summary", "resnet-9000");
    }

    @Test
    void trainRunsAConfigurationAndResumes() throws Exception {
        Path config = Files.writeString(dir.resolve("run.json"), """
                {
                  "layers": [{"type": "Flatten"}, {"type": "Linear", "in": 784, "out": 64}, {"type": "ReLU"},
                             {"type": "Dropout", "p": 0.1}, {"type": "Linear", "in": 64, "out": 10}],
                  "data": {"dataset": "fashion-mnist", "embedded": true, "limit": 400, "validation": 0.25},
                  "epochs": 2, "batch_size": 50, "seed": 3,
                  "optimizer": {"name": "adamw", "lr": 0.003},
                  "schedule": {"name": "cosine"},
                  "metrics": ["accuracy", "top3_accuracy", "f1"],
                  "early_stopping": {"monitor": "val_accuracy", "patience": 5},
                  "checkpoint": {"every": 1, "best": "val_accuracy"},
                  "output": "%s"
                }
                """.formatted(dir.resolve("runs").toString().replace("\\", "\\\\")));
        assertThat(run("train", "--config", config.toString(), "--plain")).as(err()).isZero();
        assertThat(out()).contains("model: layers").contains("epoch 2/2").contains("top3_accuracy").contains("test  loss");
        Path run;
        try (var runs = Files.list(dir.resolve("runs"))) {
            run = runs.findFirst().orElseThrow();
        }
        assertThat(Files.readAllLines(run.resolve("history.csv"))).hasSize(3);
        assertThat(run.resolve("config.json")).exists();
        assertThat(run.resolve("best-model.safetensors")).exists();
        // Resuming a finished run trains no more epochs but evaluates and saves again.
        assertThat(run("train", "--config", config.toString(), "--plain", "--resume",
                run.resolve("checkpoint.safetensors").toString())).as(err()).isZero();
        assertThat(out()).contains("resuming after epoch 2 of 2").doesNotContain("epoch 1/2");
    }

    @Test
    void transferDemoComparesThreeWaysAndPlotsThem() throws Exception {
        TransferDemo demo = new TransferDemo();
        demo.embedded = true;
        demo.pretrainImages = 100;
        demo.pretrainEpochs = 1;
        demo.epochs = 2;
        demo.lr = 1e-3;
        demo.fineTuneLr = 1e-4;
        demo.runs = dir;
        TransferDemo.Result r = demo.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(r.accuracy().keySet()).containsExactly("frozen", "fine-tuned", "scratch");
        assertThat(r.histories().get("frozen").size()).isEqualTo(2);
        assertThat(r.plot()).exists();
        long[] labels = TransferDemo.classes(dev.myelin.data.FashionMnist.embedded().train(), 5, 100).y().toLongArray();
        assertThat(labels).hasSize(500);
        assertThat(java.util.Arrays.stream(labels).allMatch(y -> y >= 0 && y < 5)).isTrue();
    }

    @Test
    void searchDemoSortsItsTrialsAndWritesACsv() throws Exception {
        SearchDemo demo = new SearchDemo();
        demo.trials = 2;
        demo.epochs = 2;
        demo.images = 500;
        demo.embedded = true;
        demo.runs = dir;
        var results = demo.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(results.trials()).hasSize(2);
        assertThat(results.trials().get(0).score()).isGreaterThanOrEqualTo(results.trials().get(1).score());
        try (var runs = Files.list(dir)) {
            Path csv = runs.filter(p -> p.getFileName().toString().startsWith("search-")).findFirst().orElseThrow()
                    .resolve("search.csv");
            assertThat(Files.readAllLines(csv)).hasSize(3);
        }
    }

    @Test
    void badConfigurationsExitWithOneSentence() throws Exception {
        fails("file not found: " + dir.resolve("missing.json"), "train", "--config", dir.resolve("missing.json").toString());
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"model\": \"mlp\",, }");
        fails("broken.json is not valid JSON (line 1, column 17)", "train", "--config", broken.toString());
        Path unknown = Files.writeString(dir.resolve("unknown.json"), "{\"model\": \"mlp\", \"epoch\": 3}");
        fails("unknown.json: unknown setting 'epoch'; the known settings there are", "train", "--config", unknown.toString());
        Path nested = Files.writeString(dir.resolve("nested.json"), "{\"model\": \"mlp\", \"data\": {\"pth\": \"x\"}}");
        fails("nested.json: unknown setting 'pth' in 'data'; the known settings there are augment, dataset, embedded, limit,"
                + " path, validation", "train", "--config", nested.toString());
        Path type = Files.writeString(dir.resolve("type.json"), "{\"model\": \"mlp\", \"epochs\": \"many\"}");
        fails("type.json: the setting 'epochs' has the wrong type", "train", "--config", type.toString());
        Path dataset = Files.writeString(dir.resolve("dataset.json"), "{\"model\": \"mlp\", \"data\": {\"dataset\": \"cifar\"}}");
        fails("dataset.json: unknown dataset 'cifar'; the known datasets are fashion-mnist", "train", "--config",
                dataset.toString());
        Path neither = Files.writeString(dir.resolve("neither.json"), "{\"epochs\": 1}");
        fails("give either \"model\"", "train", "--config", neither.toString());
        Path zoo = Files.writeString(dir.resolve("zoo.json"), "{\"model\": \"resnet-9000\", \"data\": {\"embedded\": true,"
                + " \"limit\": 100}}");
        fails("unknown model 'resnet-9000'", "train", "--config", zoo.toString());
        Path opt = Files.writeString(dir.resolve("opt.json"), "{\"model\": \"mlp\", \"optimizer\": {\"name\": \"lion\"},"
                + " \"data\": {\"embedded\": true, \"limit\": 100}}");
        fails("unknown optimizer 'lion'; the known optimizers are sgd, adam, adamw, rmsprop", "train", "--config",
                opt.toString());
        Path shapes = Files.writeString(dir.resolve("shapes.json"), "{\"layers\": [{\"type\": \"Flatten\"}, {\"type\":"
                + " \"Linear\", \"in\": 100, \"out\": 10}], \"data\": {\"embedded\": true, \"limit\": 100}}");
        fails("the model does not accept Fashion-MNIST images (1, 28, 28)", "train", "--config", shapes.toString());
        fails("the --data folder does not exist", "quickstart", "--data", dir.resolve("nowhere").toString());
    }
}
