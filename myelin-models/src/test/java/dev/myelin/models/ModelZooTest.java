package dev.myelin.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.io.InvalidFileException;
import dev.myelin.io.SafeTensors;
import dev.myelin.nn.Identity;
import dev.myelin.nn.Module;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The zoo models' shapes and sizes, the registry, layer lists and model files. */
class ModelZooTest {
    @TempDir
    Path dir;

    @Test
    void theBenchmarkNetworksHaveTheirPublishedSizes() {
        Mlp mlp = new Mlp(784, 512, 256, 10);
        assertThat(mlp.parameterCount()).isEqualTo(784 * 512 + 512 + 512 * 256 + 256 + 256 * 10 + 10);
        assertThat(mlp.forward(Tensor.zeros(2, 1, 28, 28)).shape()).isEqualTo(Shape.of(2, 10));
        FashionCnn cnn = new FashionCnn();
        assertThat(cnn.parameterCount()).isEqualTo(421_642);
        assertThat(cnn.stateDict().keySet()).containsExactly("conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias",
                "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias");
        assertThat(cnn.forward(Tensor.zeros(3, 1, 28, 28)).shape()).isEqualTo(Shape.of(3, 10));
        assertThat(cnn.summary(Shape.of(1, 1, 28, 28))).contains("conv1 (Conv2d)").contains("(1, 64, 7, 7)")
                .contains("421,642");
        assertThatThrownBy(() -> cnn.forward(Tensor.zeros(1, 1, 32, 32)))
                .hasMessage("FashionCnn: expected images (B, 1, 28, 28), got shape (1, 1, 32, 32)");
    }

    @Test
    void theRegistryBuildsByNameAndStaysOpen() {
        assertThat(ModelZoo.names()).contains("mlp", "fashion-cnn");
        assertThat(ModelZoo.create("mlp", Map.of("sizes", List.of(784, 32, 10))).parameterCount())
                .isEqualTo(784 * 32 + 32 + 32 * 10 + 10);
        assertThat(ModelZoo.create("fashion-cnn", Map.of("classes", 5)).forward(Tensor.zeros(1, 1, 28, 28)).shape())
                .isEqualTo(Shape.of(1, 5));
        assertThatThrownBy(() -> ModelZoo.create("resnet-9000"))
                .hasMessageStartingWith("unknown model 'resnet-9000'; the known models are ").hasMessageContaining("mlp");
        assertThatThrownBy(() -> ModelZoo.create("mlp", Map.of("sizes", "big")))
                .hasMessage("mlp: 'sizes' must be a list of integers, got big");
        ModelZoo.register(new ModelZoo.Entry("identity-test", "nothing", Shape.of(1, 4), args -> new Identity()));
        assertThat(ModelZoo.create("identity-test")).isInstanceOf(Identity.class);
    }

    @Test
    void layerListsBuildSequentialModelsWithClearErrors() {
        Module m = LayerSpecs.build(ModelInteropTest.LAYERS);
        assertThat(m.forward(Tensor.zeros(2, 1, 28, 28)).shape()).isEqualTo(Shape.of(2, 10));
        assertThatThrownBy(() -> LayerSpecs.build(List.of(Map.of("type", "Conv3d"))))
                .hasMessageStartingWith("layer 0: unknown type 'Conv3d'; the known types are Linear, Conv2d");
        assertThatThrownBy(() -> LayerSpecs.build(List.of(Map.of("type", "ReLU"), Map.of("type", "Linear", "in", 4))))
                .hasMessage("layer 1 (Linear): Linear: the argument 'out' is missing");
        assertThatThrownBy(() -> LayerSpecs.build(List.of())).hasMessage("layers: the list of layers is empty");
    }

    @Test
    void modelFilesRebuildTheModelAndRefuseForeignOnes() throws Exception {
        FashionCnn cnn = new FashionCnn();
        Path file = dir.resolve("model.safetensors");
        ModelFiles.save(file, new ModelFiles.Description("fashion-cnn", Map.of(), List.of("a", "b"),
                Shape.of(1, 1, 28, 28)), cnn);
        ModelFiles.Loaded loaded = ModelFiles.load(file);
        assertThat(loaded.model()).isInstanceOf(FashionCnn.class);
        assertThat(loaded.model().isTraining()).isFalse();
        assertThat(loaded.description().classes()).containsExactly("a", "b");
        assertThat(loaded.model().stateDict().get("fc2.bias").toFloatArray())
                .containsExactly(cnn.stateDict().get("fc2.bias").toFloatArray());

        Path plain = dir.resolve("plain.safetensors");
        SafeTensors.save(plain, cnn.stateDict(), Map.of());
        assertThatThrownBy(() -> ModelFiles.load(plain)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("does not say which model it holds");
        Path wrong = dir.resolve("wrong.safetensors");
        SafeTensors.save(wrong, new Mlp(784, 10).stateDict(), Map.of("myelin.model", "fashion-cnn"));
        assertThatThrownBy(() -> ModelFiles.load(wrong)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("does not fit the model it names ('fashion-cnn')").hasMessageContaining("missing key");
    }
}
