package dev.myelin.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.myelin.data.Batch;
import dev.myelin.data.DataLoader;
import dev.myelin.data.TensorDataset;
import dev.myelin.io.SafeTensors;
import dev.myelin.nn.Module;
import dev.myelin.nn.functional.F;
import dev.myelin.optim.Adam;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import dev.myelin.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weights move between PyTorch and Myelin as safetensors files. A file written by the golden
 * script ({@code scripts/goldens/torch_weights.py write}, committed) loads in Myelin as a model
 * and computes PyTorch's outputs; files written by Myelin (a model file and a training
 * checkpoint) load in PyTorch and compute Myelin's outputs, checked by running the script's
 * {@code check} when Debian's python3-torch is installed (skipped otherwise).
 */
class ModelInteropTest {
    static final Path GOLDENS = Path.of("src/test/resources/goldens");
    static final Path SCRIPT = Path.of("../scripts/goldens/torch_weights.py").toAbsolutePath().normalize();
    static final List<Map<String, Object>> LAYERS = List.of(
            Map.of("type", "Conv2d", "in", 1, "out", 4, "kernel", 3, "padding", 1), Map.of("type", "ReLU"),
            Map.of("type", "MaxPool2d", "kernel", 2), Map.of("type", "Flatten"),
            Map.of("type", "Linear", "in", 784, "out", 10));

    @TempDir
    Path dir;

    @Test
    void aFileWrittenByPyTorchLoadsInMyelinAndComputesTheSameOutputs() throws IOException {
        ModelFiles.Loaded loaded = ModelFiles.load(GOLDENS.resolve("torch-cnn.safetensors"));
        assertThat(loaded.description().name()).isEqualTo("layers");
        assertThat(loaded.model().stateDict().keySet()).containsExactly("0.weight", "0.bias", "4.weight", "4.bias");
        Map<String, Tensor> io = SafeTensors.load(GOLDENS.resolve("torch-cnn-io.safetensors")).tensors();
        Tensor out = Trainer.predict(loaded.model(), io.get("input"), 8);
        assertThat(out.allClose(io.get("output"), 1e-5, 1e-5)).as("max error %s",
                out.sub(io.get("output")).abs().max().item()).isTrue();
    }

    @Test
    void filesWrittenByMyelinLoadInPyTorch() throws Exception {
        Generator.seedDefault(4);
        Module model = LayerSpecs.build(LAYERS);
        var description = new ModelFiles.Description(ModelFiles.LAYERS, Map.of("layers", LAYERS), List.of(),
                Shape.of(1, 1, 28, 28));
        // Train one epoch on random data so that the weights and the optimizer state are not the initial ones.
        Tensor x = Tensor.rand(Shape.of(64, 1, 28, 28), DType.FLOAT32, new Generator(1));
        Tensor y = Tensor.randint(0, 10, Shape.of(64), new Generator(2));
        DataLoader<Batch> loader = DataLoader.builder(new TensorDataset(x, y)).batchSize(16).seed(0).build();
        Trainer trainer = Trainer.builder(model, new Adam(model.parameters(), 1e-3), F::crossEntropy).build();
        trainer.fit(loader, null);
        Tensor input = x.narrow(0, 0, 5);
        SafeTensors.save(dir.resolve("io.safetensors"), Map.of("input", input, "output",
                Trainer.predict(model, input, 5)), Map.of());
        ModelFiles.save(dir.resolve("model.safetensors"), description, model);
        trainer.saveCheckpoint(dir.resolve("checkpoint.safetensors"));
        assertThat(ModelFiles.load(dir.resolve("model.safetensors")).model().stateDict().get("4.weight").toFloatArray())
                .containsExactly(model.stateDict().get("4.weight").toFloatArray());

        assumeTrue(torchAvailable(), "python3 with torch is not installed; PyTorch's side is not checked");
        for (String file : List.of("model.safetensors", "checkpoint.safetensors")) {
            Process p = new ProcessBuilder("/usr/bin/python3", "-W", "ignore", SCRIPT.toString(), "check",
                    dir.resolve(file).toString(), dir.resolve("io.safetensors").toString())
                    .directory(SCRIPT.getParent().toFile()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(output).isZero();
            assertThat(output).contains("PyTorch loaded 4 tensors");
        }
    }

    private static boolean torchAvailable() {
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import torch, numpy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
