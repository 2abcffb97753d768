package dev.myelin.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.myelin.autograd.Grad;
import dev.myelin.nn.AdaptiveAvgPool2d;
import dev.myelin.nn.AvgPool2d;
import dev.myelin.nn.BatchNorm1d;
import dev.myelin.nn.BatchNorm2d;
import dev.myelin.nn.Conv1d;
import dev.myelin.nn.Conv2d;
import dev.myelin.nn.ConvTranspose2d;
import dev.myelin.nn.Dropout;
import dev.myelin.nn.ELU;
import dev.myelin.nn.Embedding;
import dev.myelin.nn.Flatten;
import dev.myelin.nn.GELU;
import dev.myelin.nn.GRU;
import dev.myelin.nn.LSTM;
import dev.myelin.nn.RNN;
import dev.myelin.nn.Recurrent;
import dev.myelin.nn.TransformerEncoder;
import dev.myelin.nn.TransformerEncoderLayer;
import dev.myelin.nn.TransformerOptions;
import dev.myelin.nn.LayerNorm;
import dev.myelin.nn.LeakyReLU;
import dev.myelin.nn.Linear;
import dev.myelin.nn.LogSoftmax;
import dev.myelin.nn.MaxPool2d;
import dev.myelin.nn.Module;
import dev.myelin.nn.ReLU;
import dev.myelin.nn.Sequential;
import dev.myelin.nn.SiLU;
import dev.myelin.nn.Tanh;
import dev.myelin.nn.functional.ConvOptions;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Myelin models exported to ONNX, loaded in ONNX Runtime (and re-imported into Myelin), give
 * Myelin's outputs on a new input whose batch size differs from the sample's.
 */
class OnnxExporterTest {
    @TempDir
    Path dir;

    /** A ResNet basic block: relu(bn(conv(relu(bn(conv(x))))) + x), exported by hand. */
    static final class Residual extends Module implements OnnxExporter.Exportable {
        private final Sequential body;

        Residual(int channels) {
            body = register("body", new Sequential(new Conv2d(channels, channels, 3, ConvOptions.defaults().padding(1)),
                    new BatchNorm2d(channels), new ReLU(),
                    new Conv2d(channels, channels, 3, ConvOptions.defaults().padding(1)), new BatchNorm2d(channels)));
        }

        @Override
        public Tensor forward(Tensor x) {
            return hooked(body.forward(x).add(x).relu());
        }

        @Override
        public OnnxExporter.Value export(OnnxExporter.Context ctx, OnnxExporter.Value x) {
            OnnxExporter.Value y = ctx.layer(body, x);
            Tensor sum = y.sample().add(x.sample());
            OnnxExporter.Value added = ctx.node("Add", sum, Map.of(), y, x);
            return ctx.node("Relu", sum.relu(), Map.of(), added);
        }
    }

    static Stream<Arguments> models() {
        Supplier<Module> mlp = () -> new Sequential(new Flatten(), new Linear(28 * 28, 64), new ReLU(), new Dropout(0.2),
                new Linear(64, 32), new Tanh(), new Linear(32, 10), new LogSoftmax(1));
        Supplier<Module> cnn = () -> new Sequential(new Conv2d(1, 8, 3, ConvOptions.defaults().padding(1)),
                new BatchNorm2d(8), new ReLU(), new MaxPool2d(2), new Conv2d(8, 16, 3, ConvOptions.defaults().paddingSame()),
                new GELU(), new AvgPool2d(2), new Flatten(), new Linear(16 * 7 * 7, 32), new BatchNorm1d(32),
                new LeakyReLU(0.1), new Linear(32, 10));
        Supplier<Module> resnet = () -> new Sequential(new Conv2d(3, 8, 3, ConvOptions.defaults().padding(1).stride(2)),
                new BatchNorm2d(8), new ReLU(), new Residual(8), new Residual(8), new AdaptiveAvgPool2d(1),
                new Flatten(), new Linear(8, 5));
        Supplier<Module> tokens = () -> new Sequential(new Embedding(50, 16), new LayerNorm(16), new Linear(16, 32),
                new SiLU(), new Linear(32, 16), new GELU(GELU.Approximation.TANH), new ELU(0.5), new Linear(16, 4));
        Supplier<Module> signal = () -> new Sequential(new Conv1d(2, 4, 5, ConvOptions.defaults().padding(2)),
                new ReLU(), new Flatten(1, 2), new Linear(4 * 16, 8));
        Supplier<Module> decoder = () -> new Sequential(new ConvTranspose2d(4, 2, 3,
                ConvOptions.defaults().stride(2).padding(1).outputPadding(1)), new ReLU());
        Supplier<Module> lstm = () -> new Sequential(new Embedding(50, 8), new LSTM(8, 12,
                Recurrent.Options.defaults().batchFirst(true).numLayers(2).bidirectional(true)), new Linear(24, 5));
        Supplier<Module> gru = () -> new Sequential(new GRU(6, 10), new Tanh());
        Supplier<Module> rnn = () -> new Sequential(new RNN(6, 10, Recurrent.Options.defaults().bidirectional(true), true));
        TransformerOptions preNorm = TransformerOptions.defaults().dimFeedforward(32).batchFirst(true).normFirst(true)
                .gelu(true);
        Supplier<Module> encoder = () -> new Sequential(new Embedding(50, 16),
                new TransformerEncoder(() -> new TransformerEncoderLayer(16, 4, preNorm), 2, new LayerNorm(16)),
                new Linear(16, 3));
        Supplier<Module> postNorm = () -> new Sequential(new TransformerEncoderLayer(16, 2,
                TransformerOptions.defaults().dimFeedforward(24)));
        return Stream.of(
                Arguments.of("MLP", mlp, Shape.of(1, 1, 28, 28), Shape.of(3, 1, 28, 28)),
                Arguments.of("LSTM, 2 layers, bidirectional", lstm, Shape.of(1, 7), Shape.of(3, 7)),
                Arguments.of("GRU", gru, Shape.of(5, 1, 6), Shape.of(5, 2, 6)),
                Arguments.of("RNN (ReLU)", rnn, Shape.of(4, 1, 6), Shape.of(4, 3, 6)),
                Arguments.of("Transformer encoder (pre-norm, GELU)", encoder, Shape.of(1, 9), Shape.of(2, 9)),
                Arguments.of("Transformer encoder layer (post-norm, ReLU)", postNorm, Shape.of(6, 1, 16),
                        Shape.of(6, 3, 16)),
                Arguments.of("CNN", cnn, Shape.of(2, 1, 28, 28), Shape.of(3, 1, 28, 28)),
                Arguments.of("ResNet-style", resnet, Shape.of(1, 3, 16, 16), Shape.of(2, 3, 16, 16)),
                Arguments.of("embedding and layer norm", tokens, Shape.of(1, 6), Shape.of(3, 6)),
                Arguments.of("Conv1d", signal, Shape.of(1, 2, 16), Shape.of(3, 2, 16)),
                Arguments.of("ConvTranspose2d", decoder, Shape.of(1, 4, 5, 5), Shape.of(2, 4, 5, 5)));
    }

    private static Tensor input(Shape shape, Generator g) {   // rank 2: token ids
        return shape.rank() == 2 ? Tensor.randint(0, 50, shape, g) : Tensor.randn(shape, DType.FLOAT32, g);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void exportsRunInOnnxRuntimeAndMyelinWithTheSameOutputs(String name, Supplier<Module> make, Shape sample,
            Shape test) throws Exception {
        Generator g = new Generator(7);
        Module model = make.get();
        try (var off = Grad.off()) {
            for (int i = 0; i < 3; i++) {
                model.forward(input(sample.with(0, 4), g));               // training mode: BN statistics move
            }
        }
        Path file = dir.resolve(name.replace(' ', '-') + ".onnx");
        int[] free = IntStream.range(0, sample.rank()).filter(d -> sample.size(d) != test.size(d)).toArray();
        OnnxExporter.save(model, input(sample, g), file, free);         // the axes that differ: the batch
        assertThat(model.isTraining()).isTrue();                     // the mode is restored
        model.eval();
        Tensor x = input(test, g);
        Tensor expected;
        try (var off = Grad.off()) {
            expected = model.forward(x);
        }
        Tensor viaOrt = runOrt(file, x);
        assertThat(viaOrt.shape()).isEqualTo(expected.shape());
        assertThat(viaOrt.allClose(expected, 1e-4, 1e-4)).as("ONNX Runtime vs Myelin").isTrue();
        OnnxModel reimported = Onnx.load(file);
        try (var off = Grad.off()) {
            assertThat(reimported.forward(x).allClose(expected, 1e-4, 1e-5)).as("re-imported vs Myelin").isTrue();
        }
        if (model.namedModules().values().stream().noneMatch(m -> m instanceof Recurrent)) {   // RNN weights are regrouped
            assertThat(reimported.stateDict().keySet()).containsAll(model.namedParameters().keySet());
        }
    }

    private static Tensor runOrt(Path file, Tensor x) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] shape = java.util.Arrays.stream(x.shape().toArray()).asLongStream().toArray();
        try (OrtSession s = env.createSession(file.toString(), new OrtSession.SessionOptions());
             OnnxTensor in = x.dtype() == DType.INT64
                     ? OnnxTensor.createTensor(env, LongBuffer.wrap(x.toLongArray()), shape)
                     : OnnxTensor.createTensor(env, FloatBuffer.wrap(x.toFloatArray()), shape);
             OrtSession.Result r = s.run(Map.of("input", in))) {
            OnnxTensor out = (OnnxTensor) r.get(0);
            FloatBuffer b = out.getFloatBuffer();
            float[] values = new float[b.remaining()];
            b.get(values);
            int[] dims = java.util.Arrays.stream(out.getInfo().getShape()).mapToInt(v -> (int) v).toArray();
            return Tensor.fromArray(values, dims);
        }
    }

    @Test
    void aLayerWithoutExportIsNamed() {
        Module m = new Sequential(new Linear(4, 4), new Module() {
            @Override
            public Tensor forward(Tensor x) {
                return x.sin();
            }
        });
        assertThatThrownBy(() -> OnnxExporter.toProto(m, Tensor.zeros(1, 4)))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("has no ONNX export")
                .hasMessageContaining("Exportable");
    }
}
