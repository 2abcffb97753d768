package dev.myelin.nn;

import dev.myelin.autograd.Grad;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The base of every layer and model: PyTorch's {@code nn.Module}. A module owns named
 * parameters (tensors that require grad and that an optimizer updates), named buffers (state
 * that is saved but not trained, such as BatchNorm's running statistics) and named submodules,
 * and computes its output in {@link #forward(Tensor)}.
 *
 * <p>Everything is registered by name, in the order of registration, never found by
 * reflection. Names join with dots into the keys of {@link #stateDict()} ({@code "fc1.weight"},
 * {@code "bn.running_mean"}), which are PyTorch's keys for the same model, so weights move
 * between the two through safetensors files.
 *
 * <pre>{@code
 * final class Mlp extends Module {
 *     private final Linear fc1 = register("fc1", new Linear(784, 256));  // weight (256, 784)
 *     private final Linear fc2 = register("fc2", new Linear(256, 10));
 *     @Override public Tensor forward(Tensor x) {                        // x (B, 1, 28, 28)
 *         return fc2.forward(fc1.forward(x.flatten(1)).relu());          // (B, 10)
 *     }
 * }
 * Mlp model = new Mlp();
 * model.parameterCount();                    // 203530
 * SafeTensors.save(path, model.stateDict(), Map.of());
 * }</pre>
 *
 * <p>A module is in training mode when created; {@link #eval()} and {@link #train(boolean)}
 * switch it and all its submodules (Dropout and BatchNorm behave differently). Forward hooks
 * ({@link #addForwardHook}) see the output of every built-in layer; a custom module takes part
 * by returning {@code hooked(output)} from its forward.
 */
public abstract class Module {
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Set<String> transientBuffers = new LinkedHashSet<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private final List<ForwardHook> hooks = new ArrayList<>();
    private boolean training = true;

    /** Sees a module's output at the end of its forward pass (summaries, activation statistics). */
    @FunctionalInterface
    public interface ForwardHook {
        void afterForward(Module module, Tensor output);
    }

    /** A registered hook; closing it removes the hook. */
    public interface HookHandle extends AutoCloseable {
        @Override
        void close();
    }

    /** The keys a non-strict {@link #loadStateDict(Map, boolean)} skipped. */
    public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys) {}

    // ------------------------------------------------------------------ forward

    /**
     * Computes the module's output. Modules with several inputs (Bilinear, losses) define their
     * own {@code forward} with more arguments and do not support this one.
     */
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException(describe() + " does not take a single input tensor"
                + (children.isEmpty() ? "" : "; call its submodules, or override forward(Tensor)"));
    }

    /** Runs the forward hooks on {@code output} and returns it; built-in layers end their forward with it. */
    protected final Tensor hooked(Tensor output) {
        for (int i = 0; i < hooks.size(); i++) {
            hooks.get(i).afterForward(this, output);
        }
        return output;
    }

    /** Calls {@code hook} with this module's output after each forward pass, until the handle is closed. */
    public HookHandle addForwardHook(ForwardHook hook) {
        hooks.add(hook);
        return () -> hooks.remove(hook);
    }

    // ------------------------------------------------------------------ registration

    /**
     * Registers a parameter: a floating-point tensor that will require grad (unless frozen
     * later). {@code null} reserves the name for an absent parameter (a layer without bias).
     *
     * @return {@code tensor}
     */
    protected final Tensor registerParameter(String name, Tensor tensor) {
        checkName(name);
        if (tensor != null) {
            if (!tensor.dtype().isFloatingPoint()) {
                throw new IllegalArgumentException(describe() + ": parameter '" + name
                        + "' must be floating point, got " + tensor.dtype());
            }
            if (!tensor.isLeaf()) {
                tensor = tensor.detach();
            }
            tensor.requiresGrad(true);
        }
        parameters.put(name, tensor);
        return tensor;
    }

    /** Registers a buffer that is saved in the state dict (running statistics, counters). */
    protected final Tensor registerBuffer(String name, Tensor tensor) {
        return registerBuffer(name, tensor, true);
    }

    /**
     * Registers a buffer: state that moves with the module but is not trained.
     *
     * @param persistent whether {@link #stateDict()} includes it
     */
    protected final Tensor registerBuffer(String name, Tensor tensor, boolean persistent) {
        checkName(name);
        buffers.put(name, tensor);
        if (!persistent) {
            transientBuffers.add(name);
        }
        return tensor;
    }

    /**
     * Registers a submodule under {@code name}; its parameters appear under {@code name + "."}.
     *
     * @return {@code module}, so that a field can be initialised in one line
     */
    protected final <M extends Module> M register(String name, M module) {
        checkName(name);
        if (module == null) {
            throw new IllegalArgumentException(describe() + ": submodule '" + name + "' is null");
        }
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(describe() + ": invalid name '" + name
                    + "' (must be non-empty and contain no dot)");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(describe() + ": the name '" + name + "' is already registered");
        }
    }

    /** Replaces a registered tensor after a conversion, keeping its kind. */
    private void replace(String name, Tensor tensor) {
        if (parameters.containsKey(name)) {
            parameters.put(name, tensor);
        } else {
            buffers.put(name, tensor);
        }
    }

    // ------------------------------------------------------------------ lookup

    /**
     * The parameter with this name, which may be dotted ({@code "fc1.weight"}); {@code null} for a
     * registered absent parameter (such as a disabled bias).
     *
     * @throws IllegalArgumentException if no parameter has this name
     */
    public Tensor parameter(String name) {
        int dot = name.lastIndexOf('.');
        Module owner = dot < 0 ? this : submodule(name.substring(0, dot));
        String local = name.substring(dot + 1);
        if (!owner.parameters.containsKey(local)) {
            throw new IllegalArgumentException(describe() + " has no parameter '" + name + "'");
        }
        return owner.parameters.get(local);
    }

    /**
     * The buffer with this name, which may be dotted ({@code "bn.running_mean"}).
     *
     * @throws IllegalArgumentException if no buffer has this name
     */
    public Tensor buffer(String name) {
        int dot = name.lastIndexOf('.');
        Module owner = dot < 0 ? this : submodule(name.substring(0, dot));
        String local = name.substring(dot + 1);
        if (!owner.buffers.containsKey(local)) {
            throw new IllegalArgumentException(describe() + " has no buffer '" + name + "'");
        }
        return owner.buffers.get(local);
    }

    /**
     * The submodule at this path ({@code "encoder.0"}).
     *
     * @throws IllegalArgumentException if there is none
     */
    public Module submodule(String path) {
        Module m = this;
        for (String part : path.split("\\.", -1)) {
            Module next = m.children.get(part);
            if (next == null) {
                throw new IllegalArgumentException(describe() + " has no submodule '" + path + "'");
            }
            m = next;
        }
        return m;
    }

    // ------------------------------------------------------------------ traversal

    /** The parameters of this module and its submodules, each once, in registration order. */
    public List<Tensor> parameters() {
        return List.copyOf(namedParameters().values());
    }

    /** The parameters with their dotted names, each tensor once (shared ones under their first name). */
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        collect("", out, seen, true);
        return Collections.unmodifiableMap(out);
    }

    /** The buffers of this module and its submodules with their dotted names. */
    public Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        collect("", out, seen, false);
        return Collections.unmodifiableMap(out);
    }

    private void collect(String prefix, Map<String, Tensor> out, Set<Tensor> seen, boolean params) {
        for (Map.Entry<String, Tensor> e : (params ? parameters : buffers).entrySet()) {
            if (e.getValue() != null && seen.add(e.getValue())) {
                out.put(prefix + e.getKey(), e.getValue());
            }
        }
        for (Map.Entry<String, Module> c : children.entrySet()) {
            c.getValue().collect(prefix + c.getKey() + ".", out, seen, params);
        }
    }

    /** The direct submodules with their names, in registration order. */
    public Map<String, Module> namedChildren() {
        return Collections.unmodifiableMap(children);
    }

    /**
     * This module and every module below it, with dotted paths ("" for this one), depth first; a
     * module registered twice appears once, under its first path.
     */
    public Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        collectModules("", out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return Collections.unmodifiableMap(out);
    }

    private void collectModules(String path, Map<String, Module> out, Set<Module> seen) {
        if (!seen.add(this)) {
            return;
        }
        out.put(path, this);
        for (Map.Entry<String, Module> c : children.entrySet()) {
            c.getValue().collectModules(path.isEmpty() ? c.getKey() : path + "." + c.getKey(), out, seen);
        }
    }

    /** Calls {@code fn} on every submodule (depth first, children before parents) and then on this module. */
    public Module apply(Consumer<Module> fn) {
        for (Module c : children.values()) {
            c.apply(fn);
        }
        fn.accept(this);
        return this;
    }

    /** The number of parameter elements (each shared tensor counted once). */
    public long parameterCount() {
        long n = 0;
        for (Tensor p : parameters()) {
            n += p.numel();
        }
        return n;
    }

    /** The number of parameter elements that require grad (are not frozen). */
    public long trainableParameterCount() {
        long n = 0;
        for (Tensor p : parameters()) {
            n += p.requiresGrad() ? p.numel() : 0;
        }
        return n;
    }

    // ------------------------------------------------------------------ modes

    /** Whether the module is in training mode. */
    public boolean isTraining() {
        return training;
    }

    /** Sets training mode on this module and all submodules; returns this module. */
    public Module train(boolean mode) {
        training = mode;
        for (Module c : children.values()) {
            c.train(mode);
        }
        return this;
    }

    /** Training mode on; returns this module. */
    public Module train() {
        return train(true);
    }

    /** Evaluation mode (Dropout off, BatchNorm on running statistics); returns this module. */
    public Module eval() {
        return train(false);
    }

    /** Stops gradients to every parameter (requiresGrad false), for transfer learning; returns this module. */
    public Module freeze() {
        return setRequiresGrad(false);
    }

    /** Lets gradients flow to every parameter again; returns this module. */
    public Module unfreeze() {
        return setRequiresGrad(true);
    }

    private Module setRequiresGrad(boolean requiresGrad) {
        for (Tensor p : parameters()) {
            p.requiresGrad(requiresGrad);
        }
        return this;
    }

    /** Clears the gradient of every parameter (sets it to null, as PyTorch does by default). */
    public void zeroGrad() {
        for (Tensor p : parameters()) {
            p.setGrad(null);
        }
    }

    /**
     * Converts every floating-point parameter and buffer to {@code dtype}; integer buffers keep
     * theirs. Parameters become new tensors: create optimizers after converting, and read
     * parameters through {@link #parameter(String)} (as the built-in layers do) rather than
     * keeping them in fields.
     *
     * @return this module
     */
    public Module to(DType dtype) {
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(describe() + ".to: expected a floating-point dtype, got " + dtype);
        }
        Map<Tensor, Tensor> converted = new IdentityHashMap<>();   // shared tensors stay shared
        apply(m -> {
            for (Map<String, Tensor> table : List.of(m.parameters, m.buffers)) {
                for (Map.Entry<String, Tensor> e : List.copyOf(table.entrySet())) {
                    Tensor t = e.getValue();
                    if (t == null || !t.dtype().isFloatingPoint() || t.dtype() == dtype) {
                        continue;
                    }
                    m.replace(e.getKey(), converted.computeIfAbsent(t, old -> {
                        Tensor c;
                        try (var off = Grad.off()) {
                            c = old.detach().to(dtype);
                        }
                        return table == m.parameters ? c.requiresGrad(old.requiresGrad()) : c;
                    }));
                }
            }
        });
        return this;
    }

    // ------------------------------------------------------------------ state dict

    /**
     * The parameters and persistent buffers by dotted name, in registration order, as tensors
     * that share storage with the module (detached). The keys are PyTorch's for the same model.
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        writeState("", out);
        return out;
    }

    private void writeState(String prefix, Map<String, Tensor> out) {
        for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
            if (e.getValue() != null) {
                out.put(prefix + e.getKey(), e.getValue().detach());
            }
        }
        for (Map.Entry<String, Tensor> e : buffers.entrySet()) {
            if (e.getValue() != null && !transientBuffers.contains(e.getKey())) {
                out.put(prefix + e.getKey(), e.getValue().detach());
            }
        }
        for (Map.Entry<String, Module> c : children.entrySet()) {
            c.getValue().writeState(prefix + c.getKey() + ".", out);
        }
    }

    /** Loads a state dict strictly: see {@link #loadStateDict(Map, boolean)}. */
    public LoadResult loadStateDict(Map<String, Tensor> state) {
        return loadStateDict(state, true);
    }

    /**
     * Copies the values of {@code state} into this module's parameters and buffers, in place
     * (so optimizers holding the parameters keep working), converting dtypes as needed.
     *
     * @param strict whether keys missing from {@code state} or unknown to this module are errors
     * @return the missing and unexpected keys (both empty after a strict load)
     * @throws IllegalArgumentException listing every missing key, unexpected key and shape
     *     mismatch (shape mismatches are errors even when not strict); nothing is copied then
     */
    public LoadResult loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Tensor> own = stateDict();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src == null) {
                missing.add(e.getKey());
            } else if (!src.shape().equals(e.getValue().shape())) {
                mismatched.add("size mismatch for " + e.getKey() + ": copying a tensor of shape " + src.shape()
                        + " from the state dict, the shape in the module is " + e.getValue().shape());
            }
        }
        for (String key : state.keySet()) {
            if (!own.containsKey(key)) {
                unexpected.add(key);
            }
        }
        StringBuilder errors = new StringBuilder();
        if (strict && !missing.isEmpty()) {
            errors.append("\n  missing key(s): ").append(String.join(", ", missing));
        }
        if (strict && !unexpected.isEmpty()) {
            errors.append("\n  unexpected key(s): ").append(String.join(", ", unexpected));
        }
        for (String m : mismatched) {
            errors.append("\n  ").append(m);
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("loadStateDict: error(s) loading the state dict into "
                    + getClass().getSimpleName() + ":" + errors);
        }
        try (var off = Grad.off()) {
            for (Map.Entry<String, Tensor> e : own.entrySet()) {
                Tensor src = state.get(e.getKey());
                if (src != null) {
                    e.getValue().copyInPlace(src);
                }
            }
        }
        return new LoadResult(List.copyOf(missing), List.copyOf(unexpected));
    }

    // ------------------------------------------------------------------ description

    /**
     * A Keras-like table of the layers this model runs on an example input: each layer's name and
     * type, output shape and parameter count, then the totals. The forward pass runs in
     * evaluation mode without recording gradients; the mode is restored afterwards.
     *
     * @param inputShape the shape of one example input, batch included, e.g. {@code Shape.of(1, 1, 28, 28)}
     */
    public String summary(Shape inputShape) {
        return summary(Tensor.zeros(inputShape, DType.FLOAT32));
    }

    /** {@link #summary(Shape)} on a given example input (for integer inputs such as token indices). */
    public String summary(Tensor exampleInput) {
        return Summary.of(this, exampleInput);
    }

    /** The settings shown between the parentheses of {@link #toString()}, e.g. {@code in=784, out=10}. */
    protected String extraRepr() {
        return "";
    }

    /** The type and settings on one line, as error messages name a layer: {@code Linear(in=784, out=10)}. */
    public String describe() {
        String name = getClass().getSimpleName();
        return (name.isEmpty() ? "Module" : name) + "(" + extraRepr() + ")";
    }

    /** The module tree as PyTorch prints it: one line per submodule, indented. */
    @Override
    public String toString() {
        if (children.isEmpty()) {
            return describe();
        }
        String name = getClass().getSimpleName();
        StringBuilder sb = new StringBuilder(name.isEmpty() ? "Module" : name).append("(");
        if (!extraRepr().isEmpty()) {
            sb.append("\n  ").append(extraRepr());
        }
        for (Map.Entry<String, Module> c : children.entrySet()) {
            sb.append("\n  (").append(c.getKey()).append("): ")
                    .append(c.getValue().toString().replace("\n", "\n  "));
        }
        return sb.append("\n)").toString();
    }

    /** The module's own parameters (not its submodules'), for summaries. */
    long ownParameterCount() {
        long n = 0;
        for (Tensor p : parameters.values()) {
            n += p == null ? 0 : p.numel();
        }
        return n;
    }
}
