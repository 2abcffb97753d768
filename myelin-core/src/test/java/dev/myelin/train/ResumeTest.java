package dev.myelin.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.io.Checkpoint;
import dev.myelin.io.InvalidFileException;
import dev.myelin.io.SafeTensors;
import dev.myelin.nn.Linear;
import dev.myelin.nn.Module;
import dev.myelin.nn.functional.F;
import dev.myelin.optim.Adam;
import dev.myelin.optim.lr.StepLR;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Full training checkpoints: a run stopped after epoch 2 of 4 and resumed from its checkpoint ends
 * with exactly the weights of the uninterrupted run (dropout, shuffling, Adam state and a
 * learning-rate schedule included); damaged files and checkpoints of another setup are refused
 * without touching the model.
 */
class ResumeTest {
    static final int EPOCHS = 4;

    @TempDir
    Path dir;

    /** A trainer over the blobs model with dropout, Adam, a step schedule and early stopping state. */
    private static Trainer trainer(Module model, Callback... extra) {
        var opt = new Adam(model.parameters(), 0.01);
        return Trainer.builder(model, opt, F::crossEntropy).epochs(EPOCHS).metrics(Metric.accuracy())
                .scheduler(new StepLR(opt, 1, 0.7), Trainer.Interval.EPOCH).seed(11).callbacks(extra).build();
    }

    /** Stops the run after epoch {@code after} (from 1), like a process killed at that point. */
    private static Callback stopAfter(int after) {
        return new Callback() {
            @Override
            public void onEpochEnd(Trainer t, int epoch, Map<String, Double> logs) {
                if (epoch + 1 == after) {
                    t.stop();
                }
            }
        };
    }

    @Test
    void anInterruptedAndResumedRunEndsWithTheSameWeights() throws IOException {
        Module straight = Blobs.model(1);
        History full = trainer(straight).fit(Blobs.loader(TrainerTest.TRAIN, 32, true), null);

        Path ckpt = dir.resolve("checkpoint.safetensors");
        Module first = Blobs.model(1);
        trainer(first, ModelCheckpoint.everyEpochs(ckpt, 1), stopAfter(2)).fit(Blobs.loader(TrainerTest.TRAIN, 32, true), null);
        assertThat(Checkpoint.load(ckpt).epoch()).isEqualTo(2);

        Generator.seedDefault(999);                       // a new process: other weights, another generator state
        Module resumed = Blobs.model(2);
        Trainer second = trainer(resumed);
        second.restore(ckpt);
        assertThat(second.epoch()).isEqualTo(2);
        History rest = second.fit(Blobs.loader(TrainerTest.TRAIN, 32, true), null);

        assertThat(rest.size()).isEqualTo(EPOCHS);
        assertThat(rest.get("loss")).containsExactly(full.get("loss"));
        assertThat(rest.get("lr")).containsExactly(full.get("lr"));
        for (Map.Entry<String, Tensor> e : straight.stateDict().entrySet()) {
            assertThat(resumed.stateDict().get(e.getKey()).toFloatArray()).as(e.getKey())
                    .containsExactly(e.getValue().toFloatArray());
        }
        assertThat(second.steps()).isEqualTo(EPOCHS * 15);
    }

    @Test
    void aResumedRunNeedsTheSameLoaderSeed() throws IOException {
        Path ckpt = dir.resolve("c.safetensors");
        Trainer t = trainer(Blobs.model(1), stopAfter(1));
        t.fit(Blobs.loader(TrainerTest.TRAIN, 32, true), null);
        t.saveCheckpoint(ckpt);
        Trainer again = trainer(Blobs.model(1));
        again.restore(ckpt);
        var otherSeed = dev.myelin.data.DataLoader.builder(TrainerTest.TRAIN).batchSize(32).shuffle(true).seed(8).build();
        assertThatThrownBy(() -> again.fit(otherSeed, null)).hasMessageContaining("seed 8 differs from the checkpoint's 7");
    }

    @Test
    void truncatedOrCorruptFilesAreRefusedWithAClearMessage() throws IOException {
        Path ckpt = dir.resolve("c.safetensors");
        Trainer t = trainer(Blobs.model(1), stopAfter(1));
        t.fit(Blobs.loader(TrainerTest.TRAIN, 32, true), null);
        t.saveCheckpoint(ckpt);
        byte[] good = Files.readAllBytes(ckpt);

        Path truncated = dir.resolve("truncated.safetensors");
        Files.write(truncated, Arrays.copyOf(good, good.length / 2));
        assertThatThrownBy(() -> Checkpoint.load(truncated)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining(truncated.toString());

        Path flipped = dir.resolve("flipped.safetensors");
        byte[] bad = good.clone();
        bad[bad.length - 3] ^= 0x40;                          // one bit of the last tensor's data
        Files.write(flipped, bad);
        assertThatThrownBy(() -> Checkpoint.load(flipped)).isInstanceOf(InvalidFileException.class)
                .hasMessage("checkpoint " + flipped + ": the tensor data do not match the checksum; the file is corrupt");

        Path weights = dir.resolve("weights.safetensors");
        SafeTensors.save(weights, Blobs.model(1).stateDict(), Map.of());
        assertThatThrownBy(() -> Checkpoint.load(weights)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("not a Myelin training checkpoint");

        Path empty = dir.resolve("empty.safetensors");
        Files.write(empty, new byte[0]);
        assertThatThrownBy(() -> trainer(Blobs.model(1)).restore(empty)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("too short");

        Checkpoint c = Checkpoint.load(ckpt);
        Path newer = dir.resolve("newer.safetensors");
        SafeTensors.Contents raw = SafeTensors.load(ckpt);
        Map<String, String> meta = new java.util.LinkedHashMap<>(raw.metadata());
        meta.put("format_version", "2");
        SafeTensors.save(newer, raw.tensors(), meta);
        assertThatThrownBy(() -> Checkpoint.load(newer)).hasMessageContaining("format version 2 is not supported");
        assertThat(c.history()).hasSize(1);

        Path oldGenerator = dir.resolve("old-generator.safetensors");   // the 4-word state of the generator before MT19937
        Map<String, String> oldMeta = new java.util.LinkedHashMap<>(raw.metadata());
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var state = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(raw.metadata().get("state"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) state.get("rng")).putArray("default").add(1).add(2).add(3).add(4);
        oldMeta.put("state", json.writeValueAsString(state));
        SafeTensors.save(oldGenerator, raw.tensors(), oldMeta);
        assertThatThrownBy(() -> Checkpoint.load(oldGenerator)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("rng 'default' must be " + Generator.STATE_LENGTH + " integers");
    }

    @Test
    void aCheckpointOfAnotherSetupLeavesTheModelUntouched() throws IOException {
        Path ckpt = dir.resolve("c.safetensors");
        Trainer t = trainer(Blobs.model(1), stopAfter(1));
        t.fit(Blobs.loader(TrainerTest.TRAIN, 32, true), null);
        t.saveCheckpoint(ckpt);

        Module other = new Linear(Blobs.FEATURES, Blobs.CLASSES);
        Tensor before = other.parameter("weight").clone();
        Trainer wrongModel = Trainer.builder(other, new Adam(other.parameters(), 0.01), F::crossEntropy).build();
        assertThatThrownBy(() -> wrongModel.restore(ckpt)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not fit this training setup").hasMessageContaining("missing key(s)");
        assertThat(other.parameter("weight").toFloatArray()).containsExactly(before.toFloatArray());
        assertThat(wrongModel.epoch()).isZero();

        // The model fits but there is no schedule here: the model is put back as it was.
        Module same = Blobs.model(3);
        Map<String, Tensor> start = same.stateDict().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().clone()));
        Trainer noSchedule = Trainer.builder(same, new Adam(same.parameters(), 0.01), F::crossEntropy).build();
        assertThatThrownBy(() -> noSchedule.restore(ckpt)).hasMessageContaining("learning-rate schedule");
        start.forEach((k, v) -> assertThat(same.stateDict().get(k).toFloatArray()).containsExactly(v.toFloatArray()));
    }
}
