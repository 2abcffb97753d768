package dev.myelin.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.io.SafeTensors;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Module mechanics: registration, traversal, modes, state dicts, freezing, conversion, summaries, hooks. */
class ModuleTest {
    /** The model of the style guide. */
    static final class Mlp extends Module {
        private final Linear fc1 = register("fc1", new Linear(784, 256));
        private final Linear fc2 = register("fc2", new Linear(256, 10));

        @Override
        public Tensor forward(Tensor x) {
            return fc2.forward(fc1.forward(x.flatten(1)).relu());
        }
    }

    /** A model with a buffer, a direct parameter and nested containers. */
    static final class Net extends Module {
        private final Tensor scale = registerParameter("scale", Tensor.ones(3));
        private final Sequential body = register("body", new Sequential(new Linear(4, 3), new BatchNorm1d(3), new ReLU()));

        Net() {
            registerBuffer("steps", Tensor.zeros(Shape.scalar(), DType.INT64));
            registerBuffer("cache", Tensor.zeros(2), false);
        }

        @Override
        public Tensor forward(Tensor x) {
            return hooked(body.forward(x).mul(parameter("scale")));
        }
    }

    @Test
    void parametersAreNamedInRegistrationOrderWithPyTorchKeys() {
        Net net = new Net();
        assertThat(net.namedParameters().keySet()).containsExactly("scale", "body.0.weight", "body.0.bias",
                "body.1.weight", "body.1.bias");
        assertThat(net.stateDict().keySet()).containsExactly("scale", "steps", "body.0.weight", "body.0.bias",
                "body.1.weight", "body.1.bias", "body.1.running_mean", "body.1.running_var",
                "body.1.num_batches_tracked");
        assertThat(net.namedBuffers()).containsKey("cache");   // registered, but not persistent
        assertThat(net.parameters()).allMatch(Tensor::requiresGrad);
        assertThat(net.parameter("body.0.weight").shape()).isEqualTo(Shape.of(3, 4));
        assertThat(net.buffer("body.1.running_var").toDoubleArray()).containsExactly(1, 1, 1);
        assertThat(net.submodule("body.1")).isInstanceOf(BatchNorm1d.class);
        assertThat(net.namedModules().keySet()).containsExactly("", "body", "body.0", "body.1", "body.2");
    }

    @Test
    void theStyleGuideModelCountsItsParameters() {
        Mlp mlp = new Mlp();
        assertThat(mlp.parameterCount()).isEqualTo(784 * 256 + 256 + 256 * 10 + 10);
        assertThat(mlp.forward(Tensor.zeros(2, 1, 28, 28)).shape()).isEqualTo(Shape.of(2, 10));
        assertThat(mlp.stateDict().keySet()).containsExactly("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias");
    }

    @Test
    void sharedParametersAreListedOnce() {
        Linear shared = new Linear(3, 3);
        Sequential tied = new Sequential(shared, new Tanh(), shared);
        assertThat(tied.parameters()).hasSize(2);
        assertThat(tied.parameterCount()).isEqualTo(12);
        assertThat(tied.stateDict().keySet()).containsExactly("0.weight", "0.bias", "2.weight", "2.bias");
        assertThat(tied.namedModules().keySet()).containsExactly("", "0", "1");
    }

    @Test
    void namesAreCheckedAtRegistration() {
        class Bad extends Module {
            void add(String name) {
                registerParameter(name, Tensor.zeros(1));
            }
        }
        Bad bad = new Bad();
        bad.add("w");
        assertThatThrownBy(() -> bad.add("w")).hasMessageContaining("'w' is already registered");
        assertThatThrownBy(() -> bad.add("a.b")).hasMessageContaining("invalid name 'a.b'");
        assertThatThrownBy(() -> bad.add("")).hasMessageContaining("invalid name");
        assertThatThrownBy(() -> bad.parameter("nope")).hasMessageContaining("no parameter 'nope'");
    }

    @Test
    void trainAndEvalPropagateToSubmodules() {
        Net net = new Net();
        assertThat(net.namedModules().values()).allMatch(Module::isTraining);
        net.eval();
        assertThat(net.namedModules().values()).noneMatch(Module::isTraining);
        net.train();
        assertThat(net.submodule("body.1").isTraining()).isTrue();
    }

    @Test
    void freezeStopsGradientsAndUnfreezeRestoresThem() {
        Sequential model = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 2));
        ((Module) model.get(0)).freeze();
        assertThat(model.trainableParameterCount()).isEqualTo(8 * 2 + 2);
        assertThat(model.parameterCount()).isEqualTo(4 * 8 + 8 + 8 * 2 + 2);
        model.forward(Tensor.randn(5, 4)).sum().backward();
        assertThat(model.parameter("0.weight").grad()).isNull();
        assertThat(model.parameter("2.weight").grad()).isNotNull();
        model.unfreeze();
        assertThat(model.trainableParameterCount()).isEqualTo(model.parameterCount());
        model.zeroGrad();
        assertThat(model.parameter("2.weight").grad()).isNull();
    }

    @Test
    void stateDictRoundTripsThroughSafetensorsIntoTheSameTensors(@TempDir Path dir) throws Exception {
        Net source = new Net();
        source.forward(Tensor.randn(5, 4));   // moves the running statistics
        Path file = dir.resolve("net.safetensors");
        SafeTensors.save(file, source.stateDict(), Map.of());
        Net target = new Net();
        Tensor weightBefore = target.parameter("body.0.weight");
        Module.LoadResult result = target.loadStateDict(SafeTensors.load(file).tensors());
        assertThat(result.missingKeys()).isEmpty();
        assertThat(target.parameter("body.0.weight")).isSameAs(weightBefore);   // copied in place
        source.stateDict().forEach((k, v) -> assertThat(target.stateDict().get(k).toDoubleArray())
                .as(k).containsExactly(v.toDoubleArray()));
        assertThat(target.buffer("body.1.num_batches_tracked").itemLong()).isEqualTo(1);
        assertThat(Files.size(file)).isPositive();
    }

    @Test
    void loadStateDictNamesMissingUnexpectedAndMismatchedKeys() {
        Map<String, Tensor> state = new HashMap<>(new Mlp().stateDict());
        state.remove("fc1.bias");
        state.put("fc3.weight", Tensor.zeros(1));
        state.put("fc2.weight", Tensor.zeros(10, 100));
        Mlp mlp = new Mlp();
        Tensor before = mlp.parameter("fc1.weight").clone();
        assertThatThrownBy(() -> mlp.loadStateDict(state))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Mlp")
                .hasMessageContaining("missing key(s): fc1.bias")
                .hasMessageContaining("unexpected key(s): fc3.weight")
                .hasMessageContaining("size mismatch for fc2.weight: copying a tensor of shape (10, 100)")
                .hasMessageContaining("the shape in the module is (10, 256)");
        assertThat(mlp.parameter("fc1.weight").allClose(before, 0, 0)).as("unchanged after a failed load").isTrue();
        state.put("fc2.weight", Tensor.zeros(10, 256));
        Module.LoadResult lenient = mlp.loadStateDict(state, false);
        assertThat(lenient.missingKeys()).containsExactly("fc1.bias");
        assertThat(lenient.unexpectedKeys()).containsExactly("fc3.weight");
        assertThat(mlp.parameter("fc2.weight").abs().sum().item()).isZero();
    }

    @Test
    void toConvertsParametersAndFloatBuffersButNotCounters() {
        Net net = new Net();
        net.to(DType.FLOAT64);
        assertThat(net.parameters()).allMatch(p -> p.dtype() == DType.FLOAT64 && p.requiresGrad());
        assertThat(net.buffer("body.1.running_mean").dtype()).isEqualTo(DType.FLOAT64);
        assertThat(net.buffer("body.1.num_batches_tracked").dtype()).isEqualTo(DType.INT64);
        assertThat(net.forward(Tensor.randn(3, 4).to(DType.FLOAT64)).dtype()).isEqualTo(DType.FLOAT64);
    }

    @Test
    void applyVisitsChildrenBeforeParents() {
        List<String> order = new ArrayList<>();
        new Net().apply(m -> order.add(m.getClass().getSimpleName()));
        assertThat(order).containsExactly("Linear", "BatchNorm1d", "ReLU", "Sequential", "Net");
    }

    @Test
    void summaryListsLayersWithOutputShapesAndTotals() {
        Sequential model = new Sequential(new Flatten(), new Linear(784, 32), new ReLU(), new Dropout(0.5),
                new Linear(32, 10));
        model.parameter("1.weight").requiresGrad(false);
        String table = model.summary(Shape.of(1, 1, 28, 28));
        assertThat(table).contains("Layer (type)", "Output shape", "Param #")
                .contains("0 (Flatten)", "(1, 784)")
                .contains("1 (Linear)", "(1, 32)", "25,120")
                .contains("4 (Linear)", "(1, 10)", "330")
                .contains("Total params: 25,450", "Trainable params: 362", "Non-trainable params: 25,088");
        assertThat(model.isTraining()).isTrue();   // restored
        Sequential cnn = new Sequential(new Conv2d(1, 8, 3, dev.myelin.nn.functional.ConvOptions.defaults().padding(1)),
                new BatchNorm2d(8), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(8 * 14 * 14, 10));
        assertThat(cnn.summary(Shape.of(1, 1, 28, 28))).contains("0 (Conv2d)", "(1, 8, 28, 28)", "80")
                .contains("3 (MaxPool2d)", "(1, 8, 14, 14)").contains("5 (Linear)", "15,690")
                .contains("Total params: 15,786");
        Net net = new Net();
        String nested = net.summary(Shape.of(2, 4));
        assertThat(nested).contains("body.1 (BatchNorm1d)", "(2, 3)", "(root) (Net)", "Total params: 24");
    }

    @Test
    void forwardHooksSeeOutputsUntilClosed() {
        Linear fc = new Linear(3, 2);
        List<Shape> seen = new ArrayList<>();
        try (Module.HookHandle h = fc.addForwardHook((m, out) -> seen.add(out.shape()))) {
            fc.forward(Tensor.zeros(4, 3));
        }
        fc.forward(Tensor.zeros(1, 3));
        assertThat(seen).containsExactly(Shape.of(4, 2));
    }

    @Test
    void toStringShowsTheTreeAsPyTorchDoes() {
        assertThat(new Mlp().toString()).isEqualTo("""
                Mlp(
                  (fc1): Linear(in=784, out=256)
                  (fc2): Linear(in=256, out=10)
                )""");
        assertThat(new Linear(3, 2, false).describe()).isEqualTo("Linear(in=3, out=2, bias=false)");
    }

    @Test
    void containersHoldModulesByPositionOrName() {
        ModuleList list = new ModuleList(new Linear(2, 2)).add(new Linear(2, 3));
        assertThat(list.size()).isEqualTo(2);
        assertThat(list.stateDict().keySet()).containsExactly("0.weight", "0.bias", "1.weight", "1.bias");
        assertThatThrownBy(() -> list.forward(Tensor.zeros(2))).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("ModuleList");
        ModuleDict dict = new ModuleDict().put("age", new Linear(4, 1)).put("label", new Linear(4, 3));
        assertThat(dict.keys()).containsExactly("age", "label");
        assertThat(dict.get("label").forward(Tensor.zeros(2, 4)).shape()).isEqualTo(Shape.of(2, 3));
        assertThatThrownBy(() -> dict.get("size")).hasMessageContaining("no module 'size'").hasMessageContaining("age");
        Sequential named = new Sequential().add("encoder", new Linear(4, 2)).add("act", new Tanh());
        assertThat(named.stateDict().keySet()).containsExactly("encoder.weight", "encoder.bias");
        int count = 0;
        for (Module m : named) {
            count++;
        }
        assertThat(count).isEqualTo(2);
    }
}
