package dev.myelin.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.myelin.data.Batch;
import dev.myelin.data.DataLoader;
import dev.myelin.data.TensorDataset;
import dev.myelin.io.SafeTensors;
import dev.myelin.nn.Linear;
import dev.myelin.nn.Module;
import dev.myelin.nn.functional.F;
import dev.myelin.optim.Adam;
import dev.myelin.optim.SGD;
import dev.myelin.optim.lr.StepLR;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training loop, its options and the callbacks, on three Gaussian blobs (each fit takes milliseconds). */
class TrainerTest {
    static final TensorDataset TRAIN = Blobs.make(480, 1);
    static final TensorDataset VALIDATION = Blobs.make(150, 2);

    @TempDir
    Path dir;

    private static Trainer.Builder adam(Module model) {
        return Trainer.builder(model, new Adam(model.parameters(), 0.01), F::crossEntropy);
    }

    @Test
    void fitLearnsAndRecordsEveryEpoch() {
        Module model = Blobs.model(0);
        Trainer trainer = adam(model).epochs(5).metrics(Metric.accuracy(), Metric.macroF1()).build();
        History h = trainer.fit(Blobs.loader(TRAIN, 32, true), Blobs.loader(VALIDATION, 64, false));
        assertThat(h.size()).isEqualTo(5);
        assertThat(h.keys()).containsExactly("loss", "accuracy", "f1", "val_loss", "val_accuracy", "val_f1", "lr", "seconds");
        assertThat(h.get("loss")[4]).isLessThan(h.get("loss")[0]);
        assertThat(h.last().get("val_accuracy")).isGreaterThan(0.8);
        assertThat(trainer.steps()).isEqualTo(5 * 15);
        Map<String, Double> test = trainer.evaluate(Blobs.loader(VALIDATION, 50, false));
        assertThat(test.get("accuracy")).isEqualTo(h.last().get("val_accuracy"));
        assertThat(trainer.predict(VALIDATION.x(), 40).shape().toArray()).containsExactly(150, 3);
        assertThat(h.toCsv()).startsWith("epoch,loss,accuracy,f1,val_loss").contains("\n5,");
    }

    @Test
    void theSameSeedGivesTheSameLossCurve() {
        double[][] curves = new double[3][];
        long[] seeds = {3, 3, 4};
        for (int run = 0; run < 3; run++) {
            Module model = Blobs.model(seeds[run]);
            Trainer t = adam(model).epochs(3).seed(seeds[run]).build();
            curves[run] = t.fit(Blobs.loader(TRAIN, 32, true), null).get("loss");
        }
        assertThat(curves[1]).containsExactly(curves[0]);
        assertThat(curves[2]).isNotEqualTo(curves[0]);
    }

    @Test
    void gradientAccumulationEqualsOneLargerBatch() {
        // No dropout, SGD, batches that divide the data: two accumulated batches of 16 = one batch of 32.
        Generator.seedDefault(5);
        Module a = new Linear(Blobs.FEATURES, Blobs.CLASSES);
        Module b = new Linear(Blobs.FEATURES, Blobs.CLASSES);
        b.loadStateDict(a.stateDict());
        Trainer.builder(a, new SGD(a.parameters(), 0.1), F::crossEntropy).epochs(2).gradientAccumulation(2).build()
                .fit(Blobs.loader(TRAIN, 16, false), null);
        Trainer.builder(b, new SGD(b.parameters(), 0.1), F::crossEntropy).epochs(2).build()
                .fit(Blobs.loader(TRAIN, 32, false), null);
        assertThat(a.parameter("weight").allClose(b.parameter("weight"), 1e-5, 1e-6)).isTrue();
        assertThat(a.parameter("bias").allClose(b.parameter("bias"), 1e-5, 1e-6)).isTrue();
    }

    @Test
    void clippingBoundsTheUpdate() {
        // One SGD step of lr 1 with the gradient norm clipped to 0.01 moves the weights by at most 0.01.
        Generator.seedDefault(6);
        Module model = new Linear(Blobs.FEATURES, Blobs.CLASSES);
        Map<String, Tensor> before = Map.of("w", model.parameter("weight").clone(), "b", model.parameter("bias").clone());
        TensorDataset one = TRAIN.subset(new int[] {0, 1, 2, 3});
        Trainer.builder(model, new SGD(model.parameters(), 1.0), (o, y) -> F.crossEntropy(o, y).mul(1000))
                .clipGradNorm(0.01).build().fit(Blobs.loader(one, 4, false), null);
        double dw = model.parameter("weight").sub(before.get("w")).square().sum().item();
        double db = model.parameter("bias").sub(before.get("b")).square().sum().item();
        assertThat(Math.sqrt(dw + db)).isCloseTo(0.01, within(1e-5));
    }

    @Test
    void schedulersStepPerEpochOrPerStep() {
        Module model = Blobs.model(0);
        var opt = new SGD(model.parameters(), 0.1);
        History h = Trainer.builder(model, opt, F::crossEntropy).epochs(3)
                .scheduler(new StepLR(opt, 1, 0.5), Trainer.Interval.EPOCH).build().fit(Blobs.loader(TRAIN, 32, true), null);
        assertThat(h.get("lr")).containsExactly(0.1, 0.05, 0.025);
        Module model2 = Blobs.model(0);
        var opt2 = new SGD(model2.parameters(), 0.1);
        LrMonitor lrs = new LrMonitor();
        Trainer.builder(model2, opt2, F::crossEntropy).epochs(1)
                .scheduler(new StepLR(opt2, 5, 0.5), Trainer.Interval.STEP).callbacks(lrs).build()
                .fit(Blobs.loader(TRAIN, 32, true), null);
        assertThat(lrs.values()).hasSize(15);
        assertThat(lrs.values().get(3)[0]).isEqualTo(0.1);
        assertThat(lrs.values().get(4)[0]).isEqualTo(0.05);      // after the 5th step
        assertThat(lrs.values().get(14)[0]).isEqualTo(0.0125);
    }

    @Test
    void earlyStoppingStopsAndRestoresTheBestWeights() {
        Module model = Blobs.model(0);
        // A validation loss that soon gets worse: the validation targets are the wrong classes.
        long[] wrong = VALIDATION.y().toLongArray();
        for (int i = 0; i < wrong.length; i++) {
            wrong[i] = (wrong[i] + 1) % Blobs.CLASSES;
        }
        TensorDataset noisy = new TensorDataset(VALIDATION.x(), Tensor.fromArray(wrong, wrong.length));
        EarlyStopping stop = new EarlyStopping("val_loss", 1, true);
        ModelCheckpoint best = ModelCheckpoint.bestWeights(dir.resolve("best.safetensors"), "val_loss");
        Trainer t = adam(model).epochs(30).callbacks(stop, best).info("model", "blobs").build();
        History h = t.fit(Blobs.loader(TRAIN, 32, true), Blobs.loader(noisy, 50, false));
        assertThat(h.size()).isLessThan(30);
        assertThat(stop.stoppedEpoch()).isEqualTo(h.size() - 1);
        assertThat(h.size() - 1 - stop.bestEpoch()).isEqualTo(2);    // patience 1: two epochs without improvement
        assertThat(t.evaluate(Blobs.loader(noisy, 50, false)).get("loss")).isEqualTo(stop.best());
        assertThat(Files.exists(dir.resolve("best.safetensors"))).isTrue();
        assertThat(t.evaluate(Blobs.loader(noisy, 50, false)).get("loss")).isEqualTo(h.get("val_loss")[stop.bestEpoch()]);
    }

    @Test
    void callbacksWriteCsvAndCheckpointsEveryNEpochs() throws Exception {
        Module model = Blobs.model(0);
        Trainer t = adam(model).epochs(4).metrics(Metric.accuracy())
                .callbacks(new CsvLogger(dir.resolve("history.csv")),
                        ModelCheckpoint.everyEpochs(dir.resolve("ckpt-{epoch}.safetensors"), 2),
                        new ModelCheckpoint(dir.resolve("weights.safetensors"), null, 1, false))
                .info("model", "blobs").build();
        t.fit(Blobs.loader(TRAIN, 32, true), null);
        List<String> csv = Files.readAllLines(dir.resolve("history.csv"));
        assertThat(csv).hasSize(5);
        assertThat(csv.getFirst()).isEqualTo("epoch,loss,accuracy,lr,seconds");
        assertThat(Files.exists(dir.resolve("ckpt-2.safetensors"))).isTrue();
        assertThat(Files.exists(dir.resolve("ckpt-4.safetensors"))).isTrue();
        assertThat(Files.exists(dir.resolve("ckpt-3.safetensors"))).isFalse();
        SafeTensors.Contents weights = SafeTensors.load(dir.resolve("weights.safetensors"));
        assertThat(weights.tensors().keySet()).containsExactlyElementsOf(model.stateDict().keySet());
        assertThat(weights.metadata()).containsEntry("model", "blobs");
    }

    @Test
    void progressBarPrintsOneLinePerEpochWhenNotATerminal() {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ByteArrayOutputStream live = new ByteArrayOutputStream();
        Module model = Blobs.model(0);
        adam(model).epochs(2).metrics(Metric.accuracy())
                .callbacks(new ProgressBar(new PrintStream(plain, true, StandardCharsets.UTF_8), false),
                        new ProgressBar(new PrintStream(live, true, StandardCharsets.UTF_8), true))
                .build().fit(Blobs.loader(TRAIN, 32, true), Blobs.loader(VALIDATION, 50, false));
        String text = plain.toString(StandardCharsets.UTF_8);
        assertThat(text.lines()).hasSize(2);
        assertThat(text.lines().toList().get(1)).startsWith("epoch 2/2").contains("loss ").contains("val_accuracy ")
                .contains("lr 1.00e-02");
        assertThat(text).doesNotContain("\r");
        String bar = live.toString(StandardCharsets.UTF_8);
        assertThat(bar).contains("\repoch 1/2 [").contains("ETA").contains("ex/s").contains("15/15").contains("accuracy");
        assertThat(ProgressBar.duration(125)).isEqualTo("2:05");
    }

    @Test
    void aDivergingLossStopsWithAClearMessage() {
        Module model = Blobs.model(0);
        Trainer t = adam(model).build();
        DataLoader<Batch> data = Blobs.loader(TRAIN, 32, true);
        Trainer bad = Trainer.builder(model, new Adam(model.parameters(), 0.01), (o, y) -> o.sum().mul(Double.NaN)).build();
        assertThatThrownBy(() -> bad.fit(data, null)).isInstanceOf(IllegalStateException.class)
                .hasMessage("Trainer: the loss became NaN at epoch 1, batch 1; lower the learning rate or clip the gradients");
        assertThatThrownBy(() -> adam(model).epochs(0)).hasMessageContaining("epochs must be at least 1");
        assertThatThrownBy(() -> Trainer.builder(model, new Adam(model.parameters(), 0.01), F::crossEntropy)
                .callbacks(new EarlyStopping("val_loss", 1, false)).build().fit(data, null))
                .hasMessageContaining("'val_loss' is not recorded").hasMessageContaining("give fit a validation loader");
        assertThat(t.epoch()).isZero();
    }
}
