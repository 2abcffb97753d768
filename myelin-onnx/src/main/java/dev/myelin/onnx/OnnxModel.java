package dev.myelin.onnx;

import dev.myelin.onnx.proto.OnnxProto.GraphProto;
import dev.myelin.onnx.proto.OnnxProto.ValueInfoProto;
import dev.myelin.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX model imported into Myelin: a {@link dev.myelin.nn.Module} whose graph runs as Myelin
 * tensor ops and whose weights are parameters, so the model can be run, fine-tuned with autograd,
 * frozen, saved through its state dict, or cut to serve as a backbone ({@link #withOutputs}).
 *
 * <p>Initializers keep their names from the file: each dot opens a submodule, so the state-dict
 * keys are the file's names ({@code encoder.layer.0.attention.self.query.weight}). Floating-point
 * initializers with more than one element are parameters; the others (integer tables, scalar
 * constants such as an attention scale or a layer-norm epsilon) are buffers, folded into the graph
 * as constants when the model loads. The graph itself decides how it behaves: exporters usually
 * drop Dropout and fold batch statistics, so {@code train()} and {@code eval()} matter for the
 * layers built around an imported model rather than for the model itself.
 *
 * <pre>{@code
 * OnnxModel model = Onnx.load(Path.of("model.onnx"));
 * Map<String, Tensor> out;
 * try (var off = Grad.off()) {                      // inference: record nothing
 *     out = model.forward(Map.of("input_ids", ids, "attention_mask", mask));
 * }
 * model.freeze();                                    // a frozen backbone for transfer learning
 * }</pre>
 */
public final class OnnxModel extends WeightTree {
    private final GraphProto structure;
    private final Map<String, Integer> opsets;
    private final String producer;
    private final String where;
    private final Path baseDir;
    /** Each top-level initializer's name in the file, with its state-dict key. */
    private final Map<String, String> keys = new LinkedHashMap<>();
    private final Map<String, Boolean> trainable = new LinkedHashMap<>();
    private Graph graph;

    private OnnxModel(GraphProto structure, Map<String, Integer> opsets, String producer, String where, Path baseDir) {
        this.structure = structure;
        this.opsets = opsets;
        this.producer = producer;
        this.where = where;
        this.baseDir = baseDir;
    }

    /**
     * A model of {@code structure} (a graph whose top-level initializers are given separately) and
     * its initializers, in file order, with whether each is trainable.
     */
    static OnnxModel build(GraphProto structure, Map<String, Tensor> initializers, Map<String, Boolean> trainable,
            Map<String, Integer> opsets, String producer, String where, Path baseDir) throws IOException {
        OnnxModel m = new OnnxModel(structure, opsets, producer, where, baseDir);
        for (Map.Entry<String, Tensor> e : initializers.entrySet()) {
            m.add(e.getKey(), e.getValue(), trainable.get(e.getKey()));
        }
        m.compile();
        return m;
    }

    private void add(String name, Tensor t, boolean isParameter) {
        String key = name;
        if (!place(name.split("\\.", -1), 0, t, isParameter)) {
            key = name.replace('.', '_');
            for (int k = 2; !placeFlat(key, t, isParameter); k++) {
                key = name.replace('.', '_') + "_" + k;
            }
        }
        keys.put(name, key);
        trainable.put(name, isParameter);
    }

    private void compile() throws IOException {
        Set<String> inputs = new java.util.HashSet<>();
        structure.getInputList().forEach(v -> inputs.add(v.getName()));
        Map<String, Object> constants = new LinkedHashMap<>();
        Map<String, Tensor> values = new LinkedHashMap<>();
        List<String> runtime = new ArrayList<>();
        for (String name : keys.keySet()) {
            values.put(name, initializer(name));
            if (trainable.get(name) || inputs.contains(name)) {
                runtime.add(name);
            } else {
                constants.put(name, initializer(name));
            }
        }
        GraphProto fused = Fusions.apply(structure, values);
        graph = new GraphCompiler(opsets, baseDir, where).compile(fused, Set.of(), constants, runtime);
    }

    /** The names of the graph's inputs, in order (initializers excluded). */
    public List<String> inputNames() {
        return graph.inputs;
    }

    /** The names of the graph's outputs, in order. */
    public List<String> outputNames() {
        return graph.outputs;
    }

    /** The imported operator set version of each domain ("" is the default ONNX domain). */
    public Map<String, Integer> opsets() {
        return Collections.unmodifiableMap(opsets);
    }

    /** The program that wrote the file, e.g. {@code pytorch 2.1}. */
    public String producer() {
        return producer;
    }

    /** The number of operator calls a forward pass makes (after constant folding). */
    public int nodeCount() {
        return graph.stepCount();
    }

    /** The current tensor of a top-level initializer, by its name in the file (a parameter or a buffer). */
    public Tensor initializer(String name) {
        String key = keys.get(name);
        if (key == null) {
            throw new IllegalArgumentException("the model has no initializer '" + name + "'");
        }
        return trainable.get(name) ? parameter(key) : buffer(key);
    }

    // ---------------------------------------------------------------- forward

    /**
     * Runs the graph on named inputs. An input named like an initializer replaces it for this call
     * (ONNX's defaults for inputs).
     *
     * @return every graph output by name, in the graph's order
     * @throws IllegalArgumentException if an input is missing or unknown
     * @throws OnnxException naming the node, if an operator fails
     */
    public Map<String, Tensor> forward(Map<String, Tensor> inputs) {
        for (String name : inputs.keySet()) {
            if (!graph.inputs.contains(name) && !graph.initializers.contains(name)) {
                throw new IllegalArgumentException("forward: the model has no input '" + name + "'; its inputs are "
                        + graph.inputs);
            }
        }
        Object[] positional = new Object[graph.inputs.size()];
        for (int i = 0; i < positional.length; i++) {
            positional[i] = inputs.get(graph.inputs.get(i));
            if (positional[i] == null) {
                throw new IllegalArgumentException("forward: input '" + graph.inputs.get(i) + "' is missing; the model's"
                        + " inputs are " + graph.inputs);
            }
        }
        Object[] out = run(positional, inputs);
        Map<String, Tensor> result = new LinkedHashMap<>();
        for (int i = 0; i < out.length; i++) {
            result.put(graph.outputs.get(i), Values.tensor(out[i]));
        }
        return result;
    }

    /** Runs a model of one input and returns its first output. */
    @Override
    public Tensor forward(Tensor x) {
        if (graph.inputs.size() != 1) {
            throw new IllegalArgumentException("forward: the model takes " + graph.inputs.size() + " inputs "
                    + graph.inputs + "; pass them by name");
        }
        return hooked(forward(Map.of(graph.inputs.get(0), x)).values().iterator().next());
    }

    /** Runs the graph on values in input order (tensors, sequences as lists); overrides replace initializers. */
    Object[] run(Object[] positional, Map<String, ? extends Object> overrides) {
        Object[] init = new Object[graph.initializers.size()];
        for (int i = 0; i < init.length; i++) {
            String name = graph.initializers.get(i);
            Object o = overrides.get(name);
            init[i] = o != null ? o : initializer(name);
        }
        return graph.run(positional, new Object[0], init);
    }

    // ---------------------------------------------------------------- cutting

    /**
     * The same model (sharing its parameters) computing other values of the graph, by name: an
     * intermediate activation to use as features, say. Nodes that no requested output needs are
     * not run.
     *
     * @throws IllegalArgumentException if no node computes one of the names
     */
    public OnnxModel withOutputs(String... names) {
        GraphProto.Builder g = structure.toBuilder().clearOutput();
        for (String n : names) {
            g.addOutput(ValueInfoProto.newBuilder().setName(n));
        }
        try {
            OnnxModel m = new OnnxModel(g.build(), opsets, producer, where, baseDir);
            for (String name : keys.keySet()) {
                Tensor t = initializer(name);
                boolean requiresGrad = t.requiresGrad();
                m.add(name, t, trainable.get(name));
                if (trainable.get(name)) {
                    t.requiresGrad(requiresGrad);           // a frozen backbone stays frozen
                }
            }
            m.compile();
            m.train(isTraining());
            return m;
        } catch (dev.myelin.io.InvalidFileException e) {
            throw new IllegalArgumentException("withOutputs: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public OnnxModel freeze() {
        super.freeze();
        return this;
    }

    @Override
    public OnnxModel unfreeze() {
        super.unfreeze();
        return this;
    }

    @Override
    public OnnxModel train(boolean mode) {
        super.train(mode);
        return this;
    }

    @Override
    public OnnxModel eval() {
        super.eval();
        return this;
    }

    @Override
    protected String extraRepr() {
        return "inputs=" + graph.inputs + ", outputs=" + graph.outputs + ", nodes=" + graph.stepCount();
    }
}
