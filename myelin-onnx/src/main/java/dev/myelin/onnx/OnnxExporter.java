package dev.myelin.onnx;

import dev.myelin.autograd.Grad;
import dev.myelin.io.AtomicFiles;
import dev.myelin.nn.AdaptiveAvgPool2d;
import dev.myelin.nn.AvgPool2d;
import dev.myelin.nn.BatchNorm;
import dev.myelin.nn.Conv1d;
import dev.myelin.nn.Conv2d;
import dev.myelin.nn.ConvLayer;
import dev.myelin.nn.ConvTranspose2d;
import dev.myelin.nn.Dropout;
import dev.myelin.nn.Dropout2d;
import dev.myelin.nn.ELU;
import dev.myelin.nn.Embedding;
import dev.myelin.nn.Flatten;
import dev.myelin.nn.GELU;
import dev.myelin.nn.Hardtanh;
import dev.myelin.nn.Identity;
import dev.myelin.nn.LayerNorm;
import dev.myelin.nn.LeakyReLU;
import dev.myelin.nn.Linear;
import dev.myelin.nn.LogSoftmax;
import dev.myelin.nn.MaxPool2d;
import dev.myelin.nn.Mish;
import dev.myelin.nn.Module;
import dev.myelin.nn.ModuleList;
import dev.myelin.nn.MultiheadAttention;
import dev.myelin.nn.Recurrent;
import dev.myelin.nn.GRU;
import dev.myelin.nn.LSTM;
import dev.myelin.nn.TransformerEncoder;
import dev.myelin.nn.TransformerEncoderLayer;
import dev.myelin.nn.ReLU;
import dev.myelin.nn.SELU;
import dev.myelin.nn.Sequential;
import dev.myelin.nn.SiLU;
import dev.myelin.nn.Sigmoid;
import dev.myelin.nn.Softmax;
import dev.myelin.nn.Softplus;
import dev.myelin.nn.Tanh;
import dev.myelin.nn.functional.ConvOptions;
import dev.myelin.onnx.proto.OnnxProto.AttributeProto;
import dev.myelin.onnx.proto.OnnxProto.GraphProto;
import dev.myelin.onnx.proto.OnnxProto.ModelProto;
import dev.myelin.onnx.proto.OnnxProto.NodeProto;
import dev.myelin.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.myelin.onnx.proto.OnnxProto.TensorShapeProto;
import dev.myelin.onnx.proto.OnnxProto.TypeProto;
import dev.myelin.onnx.proto.OnnxProto.ValueInfoProto;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes Myelin models as ONNX files (operator set 17) that ONNX Runtime and other runtimes load.
 * The model is exported layer by layer while a sample input runs through it (in evaluation mode,
 * without gradients), so every shape is known: {@link Sequential} and {@link ModuleList}
 * containers and the built-in layers (Linear, Conv1d/2d, ConvTranspose2d, BatchNorm, LayerNorm,
 * Embedding, pooling, Flatten, Dropout, Identity, the activations, RNN/LSTM/GRU as ONNX's
 * recurrent operators, self-attention and Transformer encoders) export themselves; a custom
 * module implements
 * {@link Exportable} and describes its forward pass with {@link Context}. Weights become
 * initializers named by their state-dict keys; the first dimension of the input and output is
 * left free (the batch).
 *
 * <pre>{@code
 * OnnxExporter.save(model, Tensor.zeros(1, 1, 28, 28), Path.of("cnn.onnx"));
 * }</pre>
 */
public final class OnnxExporter {
    /** The operator set the files use. */
    public static final int OPSET = 17;

    private OnnxExporter() {}

    /** A custom module's export: the nodes that compute its forward pass on {@code input}. */
    public interface Exportable {
        /** Emits this module's computation and returns its output (name and sample value). */
        Value export(Context ctx, Value input);
    }

    /** A value of the graph being written: its name and its value on the sample input. */
    public record Value(String name, Tensor sample) {}

    /** Writes {@code model} on {@code sampleInput} to {@code file} (atomically), the first dimension free. */
    public static void save(Module model, Tensor sampleInput, Path file) throws IOException {
        save(model, sampleInput, file, 0);
    }

    /**
     * Writes {@code model} on {@code sampleInput} to {@code file} (atomically); the input's and
     * output's {@code freeAxes} may take any size (1 for the batch of sequence-first recurrent models).
     */
    public static void save(Module model, Tensor sampleInput, Path file, int... freeAxes) throws IOException {
        byte[] bytes = toProto(model, sampleInput, freeAxes).toByteArray();
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /** The ONNX model of {@code model} on {@code sampleInput}, the first dimension free. */
    public static ModelProto toProto(Module model, Tensor sampleInput) {
        return toProto(model, sampleInput, 0);
    }

    /** The ONNX model of {@code model} on {@code sampleInput}, with the given axes of the input and output free. */
    public static ModelProto toProto(Module model, Tensor sampleInput, int... freeAxes) {
        boolean training = model.isTraining();
        model.eval();
        try (var off = Grad.off()) {
            Context ctx = new Context(model);
            Value in = new Value("input", sampleInput);
            Value out = ctx.layer(model, in);
            GraphProto.Builder g = GraphProto.newBuilder().setName(model.getClass().getSimpleName())
                    .addInput(valueInfo("input", sampleInput, freeAxes))
                    .addOutput(valueInfo(out.name(), out.sample(), freeAxes))
                    .addAllNode(ctx.nodes).addAllInitializer(ctx.initializers.values().stream()
                            .map(e -> TensorCodec.encode(e.name(), e.sample())).toList());
            return ModelProto.newBuilder().setIrVersion(8).setProducerName("myelin").setProducerVersion("0.1.0")
                    .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET)).setGraph(g)
                    .build();
        } finally {
            model.train(training);
        }
    }

    private static ValueInfoProto valueInfo(String name, Tensor t, int[] freeAxes) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (int d = 0; d < t.dim(); d++) {
            final int axis = d;
            boolean free = Arrays.stream(freeAxes).anyMatch(a -> a == axis);
            shape.addDim(free ? TensorShapeProto.Dimension.newBuilder().setDimParam("dim" + d)
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(t.size(d)));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(ElementType.of(t.dtype()).code).setShape(shape))).build();
    }

    /** The graph being written: nodes, initializers, and the paths of the model's submodules. */
    public static final class Context {
        private final List<NodeProto> nodes = new ArrayList<>();
        private final Map<Tensor, Value> initializers = new IdentityHashMap<>();
        private final Map<Module, String> paths = new IdentityHashMap<>();
        private int counter;

        private Context(Module root) {
            root.namedModules().forEach((path, m) -> paths.putIfAbsent(m, path));
        }

        /** Exports a built-in layer, a Sequential or an {@link Exportable} module applied to {@code input}. */
        public Value layer(Module m, Value input) {
            if (m instanceof Exportable e) {
                return e.export(this, input);
            }
            if (m instanceof Sequential || m instanceof ModuleList) {
                Value v = input;
                for (Module child : (Iterable<Module>) m) {
                    v = layer(child, v);
                }
                return v;
            }
            if (m instanceof TransformerEncoder e) {
                Value v = input;
                for (Module child : (ModuleList) e.namedChildren().get("layers")) {
                    v = layer(child, v);
                }
                Module norm = e.namedChildren().get("norm");
                return norm == null ? v : layer(norm, v);
            }
            return builtIn(m, input, m.forward(input.sample()));
        }

        /**
         * Adds a node with one output.
         *
         * @param sample the output's value on the sample input (computed by the caller with Myelin ops)
         * @param attributes attribute values: Long/Integer, Double/Float, long[] or int[], float[], String, String[]
         */
        public Value node(String op, Tensor sample, Map<String, Object> attributes, Value... inputs) {
            String out = op.toLowerCase(java.util.Locale.ROOT) + "_" + counter++;
            NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(out).addOutput(out);
            for (Value in : inputs) {
                n.addInput(in == null ? "" : in.name());
            }
            attributes.forEach((k, v) -> n.addAttribute(attribute(k, v)));
            nodes.add(n.build());
            return new Value(out, sample);
        }

        /** A constant or weight as an initializer, named {@code name} (a tensor shared by two layers is written once). */
        public Value initializer(String name, Tensor t) {
            return initializers.computeIfAbsent(t, k -> new Value(unique(name), t.detach()));
        }

        /** The initializer of a module's parameter or buffer, named by its state-dict key. */
        public Value weight(Module owner, String local, Tensor t) {
            String path = paths.getOrDefault(owner, "");
            return initializer(path.isEmpty() ? local : path + "." + local, t);
        }

        private String unique(String name) {
            String n = name;
            for (int k = 2; taken(n); k++) {
                n = name + "_" + k;
            }
            return n;
        }

        private boolean taken(String name) {
            return initializers.values().stream().anyMatch(v -> v.name().equals(name));
        }

        private Value constant(Tensor t) {
            return initializer("const_" + counter++, t);
        }

        private Value builtIn(Module m, Value x, Tensor y) {
            Map<String, Object> none = Map.of();
            return switch (m) {
                case Linear l -> linear(l, x, y);
                case ConvTranspose2d c -> conv(c, x, y, "ConvTranspose");
                case Conv1d c -> conv(c, x, y, "Conv");
                case Conv2d c -> conv(c, x, y, "Conv");
                case BatchNorm b -> node("BatchNormalization", y, Map.of("epsilon", setting(b, "eps"),
                        "momentum", 1 - setting(b, "momentum")), x,
                        weightOr(b, "weight", b.weight(), 1.0, b.runningMean()),
                        weightOr(b, "bias", b.bias(), 0.0, b.runningMean()),
                        weight(b, "running_mean", b.runningMean()), weight(b, "running_var", b.runningVar()));
                case LayerNorm ln -> layerNorm(ln, x, y);
                case Recurrent r -> recurrent(r, x, y);
                case MultiheadAttention a -> selfAttention(a, x, y);
                case TransformerEncoderLayer l -> encoderLayer(l, x, y);
                case Embedding e -> node("Gather", y, none, weight(e, "weight", e.weight()), x);
                case ReLU r -> node("Relu", y, none, x);
                case Sigmoid s -> node("Sigmoid", y, none, x);
                case Tanh t -> node("Tanh", y, none, x);
                case SiLU s -> node("Mul", y, none, x, node("Sigmoid", x.sample().sigmoid(), none, x));
                case Mish s -> node("Mul", y, none, x, node("Tanh", x.sample().softplus().tanh(), none,
                        node("Softplus", x.sample().softplus(), none, x)));
                case GELU g -> gelu(g, x, y);
                case LeakyReLU l -> node("LeakyRelu", y, Map.of("alpha", setting(l, "negativeSlope")), x);
                case ELU e -> node("Elu", y, Map.of("alpha", setting(e, "alpha")), x);
                case SELU s -> node("Selu", y, none, x);
                case Softplus s when setting(s, "beta") == 1 -> node("Softplus", y, none, x);
                case Hardtanh h -> node("Clip", y, none, x, constant(Tensor.scalar(setting(h, "min"))),
                        constant(Tensor.scalar(setting(h, "max"))));
                case Softmax s -> node("Softmax", y, Map.of("axis", (long) setting(s, "dim")), x);
                case LogSoftmax s -> node("LogSoftmax", y, Map.of("axis", (long) setting(s, "dim")), x);
                case Flatten f -> flatten(f, x, y);
                case Dropout d -> node("Identity", y, none, x);
                case Dropout2d d -> node("Identity", y, none, x);
                case Identity i -> node("Identity", y, none, x);
                case MaxPool2d p -> node("MaxPool", y, poolAttributes(p, true), x);
                case AvgPool2d p -> node("AveragePool", y, poolAttributes(p, false), x);
                case AdaptiveAvgPool2d p when y.size(2) == 1 && y.size(3) == 1 -> node("GlobalAveragePool", y, none, x);
                default -> throw new UnsupportedOperationException("OnnxExporter: " + m.describe() + " has no ONNX export;"
                        + " implement OnnxExporter.Exportable to describe its forward pass");
            };
        }

        private Value weightOr(Module owner, String local, Tensor t, double fill, Tensor like) {
            return t != null ? weight(owner, local, t) : constant(Tensor.fullLike(like, fill));
        }

        private Value linear(Linear l, Value x, Tensor y) {
            Value w = weight(l, "weight", l.weight());
            Value b = l.bias() == null ? null : weight(l, "bias", l.bias());
            if (x.sample().dim() == 2) {
                return b == null ? node("Gemm", y, Map.of("transB", 1L), x, w) : node("Gemm", y, Map.of("transB", 1L), x, w, b);
            }
            Value wt = node("Transpose", l.weight().t(), Map.of("perm", new long[] {1, 0}), w);
            Tensor mm = x.sample().matmul(l.weight().t());
            Value out = node("MatMul", mm, Map.of(), x, wt);
            return b == null ? out : node("Add", y, Map.of(), out, b);
        }

        private Value conv(ConvLayer c, Value x, Tensor y, String op) {
            ConvOptions o = c.options();
            int nd = c.weight().dim() - 2;
            int[] kernel = Arrays.copyOfRange(c.weight().shape().toArray(), 2, c.weight().dim());
            int[] stride = expand(o.stride(), nd, 1);
            int[] dilation = expand(o.dilation(), nd, 1);
            int[] pads = new int[2 * nd];
            if (o.samePadding()) {
                for (int i = 0; i < nd; i++) {
                    int total = dilation[i] * (kernel[i] - 1);
                    pads[i] = total / 2;
                    pads[nd + i] = total - total / 2;
                }
            } else {
                int[] p = expand(o.padding(), nd, 0);
                System.arraycopy(p, 0, pads, 0, nd);
                System.arraycopy(p, 0, pads, nd, nd);
            }
            Map<String, Object> attrs = new LinkedHashMap<>();
            attrs.put("kernel_shape", kernel);
            attrs.put("strides", stride);
            attrs.put("dilations", dilation);
            attrs.put("pads", pads);
            attrs.put("group", (long) o.groups());
            if (op.equals("ConvTranspose")) {
                attrs.put("output_padding", expand(o.outputPadding(), nd, 0));
            }
            Value w = weight(c, "weight", c.weight());
            return c.bias() == null ? node(op, y, attrs, x, w) : node(op, y, attrs, x, w, weight(c, "bias", c.bias()));
        }

        /** A placeholder sample of the given shape, for values inside a layer (only their shapes are read). */
        private static Tensor shaped(Tensor like, int... shape) {
            return Tensor.zeros(Shape.of(shape), like.dtype());
        }

        private Value transpose(Value x, int... perm) {
            return node("Transpose", x.sample().permute(perm), Map.of("perm", perm), x);
        }

        private Value reshape(Value x, Tensor sample, long... shape) {
            return node("Reshape", sample, Map.of(), x, constant(OpSupport.longs(shape)));
        }

        /**
         * RNN, LSTM and GRU layers as ONNX's RNN, LSTM and GRU operators, one per layer, with the
         * gates reordered (PyTorch's LSTM i, f, g, o is ONNX's i, o, f, c; GRU r, z, n is z, r, h
         * with the reset applied after the recurrent product) and zero initial states.
         */
        private Value recurrent(Recurrent r, Value x, Tensor y) {
            String op = r instanceof LSTM ? "LSTM" : r instanceof GRU ? "GRU" : "RNN";
            int[] order = r instanceof LSTM ? new int[] {0, 3, 1, 2} : r instanceof GRU ? new int[] {1, 0, 2} : new int[] {0};
            boolean batchFirst = r.describe().contains("batch_first=True");
            int h = r.hiddenSize();
            int dirs = r.directions();
            Value v = batchFirst ? transpose(x, 1, 0, 2) : x;
            int steps = v.sample().size(0);
            int batch = v.sample().size(1);
            for (int layer = 0; layer < r.numLayers(); layer++) {
                List<Tensor> w = new ArrayList<>();
                List<Tensor> rec = new ArrayList<>();
                List<Tensor> b = new ArrayList<>();
                for (int d = 0; d < dirs; d++) {
                    String suffix = "_l" + layer + (d == 1 ? "_reverse" : "");
                    w.add(gates(r.parameter("weight_ih" + suffix), order, h));
                    rec.add(gates(r.parameter("weight_hh" + suffix), order, h));
                    Tensor bi = r.parameter("bias_ih" + suffix);
                    if (bi != null) {
                        b.add(Tensor.cat(List.of(gates(bi, order, h), gates(r.parameter("bias_hh" + suffix), order, h)), 0));
                    }
                }
                String prefix = paths.getOrDefault(r, op) + ".onnx_l" + layer;
                Map<String, Object> attrs = new LinkedHashMap<>();
                attrs.put("hidden_size", (long) h);
                attrs.put("direction", dirs == 2 ? "bidirectional" : "forward");
                if (op.equals("GRU")) {
                    attrs.put("linear_before_reset", 1L);
                }
                if (op.equals("RNN")) {
                    String[] acts = new String[dirs];
                    Arrays.fill(acts, r.describe().contains("relu") ? "Relu" : "Tanh");
                    attrs.put("activations", acts);
                }
                Value wv = initializer(prefix + ".W", Tensor.stack(w, 0));
                Value rv = initializer(prefix + ".R", Tensor.stack(rec, 0));
                Value all = b.isEmpty() ? node(op, shaped(y, steps, dirs, batch, h), attrs, v, wv, rv)
                        : node(op, shaped(y, steps, dirs, batch, h), attrs, v, wv, rv,
                        initializer(prefix + ".B", Tensor.stack(b, 0)));
                v = reshape(transpose(all, 0, 2, 1, 3), shaped(y, steps, batch, dirs * h), 0, 0, -1);
            }
            return batchFirst ? transpose(v, 1, 0, 2) : v;
        }

        /** A (gates·H, ...) weight with its H-row blocks in {@code order}. */
        private static Tensor gates(Tensor t, int[] order, int h) {
            List<Tensor> blocks = new ArrayList<>();
            for (int k : order) {
                blocks.add(t.narrow(0, k * h, h));
            }
            return Tensor.cat(blocks, 0).detach();
        }

        /** Self-attention without masks: projections, heads, scaled dot products, softmax, output projection. */
        private Value selfAttention(MultiheadAttention a, Value x, Tensor y) {
            boolean batchFirst = a.describe().contains("batch_first=True");
            int e = (int) setting(a, "embed_dim");
            int heads = (int) setting(a, "num_heads");
            int d = e / heads;
            Value v = batchFirst ? x : transpose(x, 1, 0, 2);                        // (B, T, E)
            int b = v.sample().size(0);
            int t = v.sample().size(1);
            Tensor wIn = a.parameter("in_proj_weight");
            Tensor bIn = a.parameter("in_proj_bias");
            Value wt = node("Transpose", wIn.t(), Map.of("perm", new long[] {1, 0}), weight(a, "in_proj_weight", wIn));
            Value qkv = node("MatMul", shaped(y, b, t, 3 * e), Map.of(), v, wt);
            if (bIn != null) {
                qkv = node("Add", shaped(y, b, t, 3 * e), Map.of(), qkv, weight(a, "in_proj_bias", bIn));
            }
            Value[] parts = new Value[3];
            for (int k = 0; k < 3; k++) {
                Value piece = node("Slice", shaped(y, b, t, e), Map.of(), qkv, constant(OpSupport.longs(k * e)),
                        constant(OpSupport.longs((k + 1) * e)), constant(OpSupport.longs(-1)));
                parts[k] = reshape(piece, shaped(y, b, t, heads, d), 0, 0, heads, d);
            }
            Value q = transpose(parts[0], 0, 2, 1, 3);                                 // (B, H, T, D)
            Value kT = transpose(parts[1], 0, 2, 3, 1);                                // (B, H, D, T)
            Value val = transpose(parts[2], 0, 2, 1, 3);
            Value scores = node("Mul", shaped(y, b, heads, t, t), Map.of(),
                    node("MatMul", shaped(y, b, heads, t, t), Map.of(), q, kT), constant(Tensor.scalar(1 / Math.sqrt(d))));
            Value probs = node("Softmax", shaped(y, b, heads, t, t), Map.of("axis", -1L), scores);
            Value attended = transpose(node("MatMul", shaped(y, b, heads, t, d), Map.of(), probs, val), 0, 2, 1, 3);
            Value merged = reshape(attended, shaped(y, b, t, e), 0, 0, e);
            Module outProj = a.namedChildren().get("out_proj");
            Value out = builtIn(outProj, merged, shaped(y, b, t, e));
            return batchFirst ? new Value(out.name(), y) : transpose(out, 1, 0, 2);
        }

        /**
         * A Transformer encoder layer: self-attention and the feed-forward block, each added to its
         * input, with layer norms after (or, pre-norm, before) them, and ReLU or GELU. The variant is
         * recognised by which one reproduces the layer's output on the sample.
         */
        private Value encoderLayer(TransformerEncoderLayer l, Value x, Tensor y) {
            Map<String, Module> c = l.namedChildren();
            MultiheadAttention attn = (MultiheadAttention) c.get("self_attn");
            Module lin1 = c.get("linear1");
            Module lin2 = c.get("linear2");
            Module norm1 = c.get("norm1");
            Module norm2 = c.get("norm2");
            Tensor s = x.sample();
            for (boolean normFirst : new boolean[] {false, true}) {
                for (boolean gelu : new boolean[] {false, true}) {
                    java.util.function.UnaryOperator<Tensor> ff = z -> {
                        Tensor hdn = lin1.forward(z);
                        return lin2.forward(gelu ? hdn.gelu() : hdn.relu());
                    };
                    Tensor guess = normFirst ? s.add(attn.forward(norm1.forward(s))) : norm1.forward(s.add(attn.forward(s)));
                    guess = normFirst ? guess.add(ff.apply(norm2.forward(guess))) : norm2.forward(guess.add(ff.apply(guess)));
                    if (guess.allClose(y, 1e-4, 1e-5)) {
                        return encoderLayer(x, y, attn, lin1, lin2, norm1, norm2, normFirst, gelu);
                    }
                }
            }
            throw new UnsupportedOperationException("OnnxExporter: " + l.describe() + " is not a post- or pre-norm"
                    + " encoder layer with ReLU or GELU");
        }

        private Value encoderLayer(Value x, Tensor y, MultiheadAttention attn, Module lin1, Module lin2, Module norm1,
                Module norm2, boolean normFirst, boolean gelu) {
            Tensor s = x.sample();
            Value a = layer(attn, normFirst ? layer(norm1, x) : x);
            Value h = node("Add", s.add(a.sample()), Map.of(), x, a);
            if (!normFirst) {
                h = layer(norm1, h);
            }
            Value f = layer(lin1, normFirst ? layer(norm2, h) : h);
            f = gelu ? gelu(new GELU(), f, f.sample().gelu()) : node("Relu", f.sample().relu(), Map.of(), f);
            f = layer(lin2, f);
            Value out = node("Add", h.sample().add(f.sample()), Map.of(), h, f);
            return normFirst ? new Value(out.name(), y) : new Value(layer(norm2, out).name(), y);
        }

        private Value layerNorm(LayerNorm ln, Value x, Tensor y) {
            int dims = ln.weight() != null ? ln.weight().dim() : 1;
            Map<String, Object> attrs = Map.of("axis", (long) -dims, "epsilon", setting(ln, "eps"));
            int[] shape = Arrays.copyOfRange(x.sample().shape().toArray(), x.sample().dim() - dims, x.sample().dim());
            Value scale = ln.weight() != null ? weight(ln, "weight", ln.weight())
                    : constant(Tensor.ones(dev.myelin.tensor.Shape.of(shape), x.sample().dtype()));
            Value bias = ln.bias() != null ? weight(ln, "bias", ln.bias())
                    : constant(Tensor.zeros(dev.myelin.tensor.Shape.of(shape), x.sample().dtype()));
            return node("LayerNormalization", y, attrs, x, scale, bias);
        }

        private Value gelu(GELU g, Value x, Tensor y) {
            Tensor s = x.sample();
            Map<String, Object> none = Map.of();
            if (g.describe().contains("TANH")) {
                // 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
                Tensor cube = s.pow(3.0);
                Value c = node("Pow", cube, none, x, constant(Tensor.scalar(3.0)));
                Tensor inner = s.add(cube.mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
                Value v = node("Mul", inner, none, node("Add", s.add(cube.mul(0.044715)), none, x,
                        node("Mul", cube.mul(0.044715), none, c, constant(Tensor.scalar(0.044715)))),
                        constant(Tensor.scalar(Math.sqrt(2 / Math.PI))));
                Value t = node("Add", inner.tanh().add(1.0), none, node("Tanh", inner.tanh(), none, v),
                        constant(Tensor.scalar(1.0)));
                return node("Mul", y, none, node("Mul", s.mul(inner.tanh().add(1.0)), none, x, t),
                        constant(Tensor.scalar(0.5)));
            }
            Tensor scaled = s.div(Math.sqrt(2));
            Value a = node("Div", scaled, none, x, constant(Tensor.scalar(Math.sqrt(2))));
            Value e = node("Add", scaled.erf().add(1.0), none, node("Erf", scaled.erf(), none, a),
                    constant(Tensor.scalar(1.0)));
            return node("Mul", y, none, node("Mul", s.mul(scaled.erf().add(1.0)), none, x, e),
                    constant(Tensor.scalar(0.5)));
        }

        private Value flatten(Flatten f, Value x, Tensor y) {
            int rank = x.sample().dim();
            int start = (int) setting(f, "startDim");
            int end = (int) setting(f, "endDim");
            start = start < 0 ? start + rank : start;
            end = end < 0 ? end + rank : end;
            long[] shape = new long[rank - (end - start)];
            for (int d = 0, k = 0; d < rank; d++) {
                if (d < start) {
                    shape[k++] = d == 0 ? 0 : x.sample().size(d);     // 0: keep the (free) batch size
                } else if (d == start) {
                    shape[k++] = -1;
                } else if (d > end) {
                    shape[k++] = x.sample().size(d);
                }
            }
            return node("Reshape", y, Map.of(), x, constant(OpSupport.longs(shape)));
        }

        private Map<String, Object> poolAttributes(Module p, boolean max) {
            Map<String, Object> attrs = new LinkedHashMap<>();
            int[] kernel = tuple(p, "kernel");
            int[] padding = tuple(p, "padding");
            attrs.put("kernel_shape", kernel);
            attrs.put("strides", tuple(p, "stride"));
            attrs.put("pads", new int[] {padding[0], padding[1], padding[0], padding[1]});
            attrs.put("ceil_mode", p.describe().contains("ceilMode=true") ? 1L : 0L);
            if (max) {
                attrs.put("dilations", tuple(p, "dilation"));
            } else {
                attrs.put("count_include_pad", p.describe().contains("countIncludePad=false") ? 0L : 1L);
            }
            return attrs;
        }
    }

    private static int[] expand(int[] v, int n, int fill) {
        if (v == null || v.length == 0) {
            int[] out = new int[n];
            Arrays.fill(out, fill);
            return out;
        }
        if (v.length == n) {
            return v;
        }
        int[] out = new int[n];
        Arrays.fill(out, v[0]);
        return out;
    }

    /** A numeric setting of a layer, read from its description ({@code name=value}). */
    private static double setting(Module m, String name) {
        Matcher k = Pattern.compile("\\b" + name + "=(-?[0-9.eE+-]+|Infinity|-Infinity)").matcher(m.describe());
        if (!k.find()) {
            throw new IllegalStateException("OnnxExporter: cannot read " + name + " from " + m.describe());
        }
        return Double.parseDouble(k.group(1));
    }

    /** A size tuple setting of a layer, read from its description ({@code name=(a, b)}). */
    private static int[] tuple(Module m, String name) {
        Matcher k = Pattern.compile("\\b" + name + "=\\(([0-9, ]+)\\)").matcher(m.describe());
        if (!k.find()) {
            throw new IllegalStateException("OnnxExporter: cannot read " + name + " from " + m.describe());
        }
        return Arrays.stream(k.group(1).split(",\\s*")).mapToInt(Integer::parseInt).toArray();
    }

    private static AttributeProto attribute(String name, Object v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
        switch (v) {
            case Long l -> a.setType(AttributeProto.AttributeType.INT).setI(l);
            case Integer i -> a.setType(AttributeProto.AttributeType.INT).setI(i);
            case Double d -> a.setType(AttributeProto.AttributeType.FLOAT).setF(d.floatValue());
            case Float f -> a.setType(AttributeProto.AttributeType.FLOAT).setF(f);
            case String s -> a.setType(AttributeProto.AttributeType.STRING)
                    .setS(com.google.protobuf.ByteString.copyFromUtf8(s));
            case String[] ss -> a.setType(AttributeProto.AttributeType.STRINGS)
                    .addAllStrings(Arrays.stream(ss).map(com.google.protobuf.ByteString::copyFromUtf8).toList());
            case long[] ls -> a.setType(AttributeProto.AttributeType.INTS).addAllInts(Arrays.stream(ls).boxed().toList());
            case int[] is -> a.setType(AttributeProto.AttributeType.INTS)
                    .addAllInts(Arrays.stream(is).asLongStream().boxed().toList());
            case float[] fs -> {
                a.setType(AttributeProto.AttributeType.FLOATS);
                for (float f : fs) {
                    a.addFloats(f);
                }
            }
            default -> throw new IllegalArgumentException("OnnxExporter: attribute " + name + " of unsupported type "
                    + v.getClass().getSimpleName());
        }
        return a.build();
    }
}
