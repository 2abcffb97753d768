package dev.myelin.onnx;

import dev.myelin.autograd.Grad;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX model imported into Myelin: its graph runs as Myelin tensor ops, and its weights are
 * parameters, so the model can be run, fine-tuned with autograd, frozen, or used as a backbone.
 *
 * <p>Initializers keep their names from the file. Floating-point initializers with more than one
 * element are parameters (they require grad); the others (integer tables, scalar constants such
 * as an attention scale or a layer-norm epsilon) are buffers: saved in the state dict, never
 * trained, and folded into the graph as constants when the model loads.
 *
 * <pre>{@code
 * OnnxModel model = Onnx.load(Path.of("model.onnx"));
 * Map<String, Tensor> out;
 * try (var off = Grad.off()) {                      // inference: record nothing
 *     out = model.forward(Map.of("input", x));
 * }
 * model.freeze();                                    // a frozen backbone for transfer learning
 * }</pre>
 */
public final class OnnxModel {
    private final Graph graph;
    private final Map<String, Tensor> parameters;
    private final Map<String, Tensor> buffers;
    private final Map<String, Integer> opsets;
    private final String producer;
    private boolean training = true;

    OnnxModel(Graph graph, Map<String, Tensor> parameters, Map<String, Tensor> buffers, Map<String, Integer> opsets,
            String producer) {
        this.graph = graph;
        this.parameters = parameters;
        this.buffers = buffers;
        this.opsets = opsets;
        this.producer = producer;
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
    public Tensor forward(Tensor x) {
        if (graph.inputs.size() != 1) {
            throw new IllegalArgumentException("forward: the model takes " + graph.inputs.size() + " inputs "
                    + graph.inputs + "; pass them by name");
        }
        return forward(Map.of(graph.inputs.get(0), x)).values().iterator().next();
    }

    /** Runs the graph on values in input order (tensors, sequences as lists); overrides replace initializers. */
    Object[] run(Object[] positional, Map<String, ? extends Object> overrides) {
        Object[] init = new Object[graph.initializers.size()];
        for (int i = 0; i < init.length; i++) {
            String name = graph.initializers.get(i);
            Object o = overrides.get(name);
            init[i] = o != null ? o : parameters.containsKey(name) ? parameters.get(name) : buffers.get(name);
        }
        return graph.run(positional, new Object[0], init);
    }

    // ---------------------------------------------------------------- parameters and state

    /** The trainable weights by their names in the file, in file order. */
    public Map<String, Tensor> namedParameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /** The trainable weights, in file order. */
    public List<Tensor> parameters() {
        return List.copyOf(parameters.values());
    }

    /** The parameter with this name. */
    public Tensor parameter(String name) {
        Tensor p = parameters.get(name);
        if (p == null) {
            throw new IllegalArgumentException("the model has no parameter '" + name + "'");
        }
        return p;
    }

    /** The non-trainable initializers by name. */
    public Map<String, Tensor> namedBuffers() {
        return Collections.unmodifiableMap(buffers);
    }

    /** The number of parameter elements. */
    public long parameterCount() {
        long n = 0;
        for (Tensor p : parameters.values()) {
            n += p.numel();
        }
        return n;
    }

    /** Parameters and buffers by name, sharing storage with the model (detached). */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        parameters.forEach((k, v) -> out.put(k, v.detach()));
        buffers.forEach((k, v) -> out.put(k, v.detach()));
        return out;
    }

    /**
     * Copies {@code state}'s values into the parameters and buffers in place; every key must match
     * one with the same shape. Buffers were folded into constants when the model loaded, so only
     * the parameters' new values reach the computation.
     */
    public void loadStateDict(Map<String, Tensor> state) {
        Map<String, Tensor> own = stateDict();
        List<String> problems = new ArrayList<>();
        for (String k : own.keySet()) {
            if (!state.containsKey(k)) {
                problems.add("missing key " + k);
            } else if (!state.get(k).shape().equals(own.get(k).shape())) {
                problems.add("size mismatch for " + k + ": " + state.get(k).shape() + " vs " + own.get(k).shape());
            }
        }
        for (String k : state.keySet()) {
            if (!own.containsKey(k)) {
                problems.add("unexpected key " + k);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("loadStateDict: " + String.join("; ", problems));
        }
        try (var off = Grad.off()) {
            own.forEach((k, v) -> v.copyInPlace(state.get(k)));
        }
    }

    /** Stops gradients to every parameter (a frozen backbone); returns this model. */
    public OnnxModel freeze() {
        parameters.values().forEach(p -> p.requiresGrad(false));
        return this;
    }

    /** Lets gradients flow to every parameter again; returns this model. */
    public OnnxModel unfreeze() {
        parameters.values().forEach(p -> p.requiresGrad(true));
        return this;
    }

    /** Clears every parameter's gradient. */
    public void zeroGrad() {
        parameters.values().forEach(p -> p.setGrad(null));
    }

    /**
     * Sets training mode. An exported graph fixes its own behaviour (exporters usually drop
     * Dropout and fold BatchNorm statistics), so the flag is kept for the modules built around the
     * model; returns this model.
     */
    public OnnxModel train(boolean mode) {
        training = mode;
        return this;
    }

    /** Evaluation mode; returns this model. */
    public OnnxModel eval() {
        return train(false);
    }

    public boolean isTraining() {
        return training;
    }

    @Override
    public String toString() {
        return "OnnxModel(inputs=" + graph.inputs + ", outputs=" + graph.outputs + ", nodes=" + graph.stepCount()
                + ", parameters=" + parameterCount() + ")";
    }
}
