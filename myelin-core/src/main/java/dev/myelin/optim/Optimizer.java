package dev.myelin.optim;

import dev.myelin.autograd.Grad;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The base of the optimizers: PyTorch's {@code torch.optim.Optimizer}. It holds parameter groups
 * and per-parameter state, and {@link #step()} applies the subclass's update rule to every
 * parameter that has a gradient, in place and without recording gradients.
 *
 * <pre>{@code
 * var opt = new Adam(model.parameters(), 1e-3);
 * for (Batch b : loader) {
 *     Tensor loss = F.crossEntropy(model.forward(b.x()), b.y());
 *     opt.zeroGrad();
 *     loss.backward();
 *     opt.step();
 * }
 * }</pre>
 *
 * <p>A subclass supplies its default hyper-parameters and {@link #update}, the rule for one
 * parameter: the one place its math lives.
 */
public abstract class Optimizer {
    private final List<ParamGroup> groups = new ArrayList<>();
    private final Map<String, Double> defaults;
    private final Map<Tensor, ParamState> state = new IdentityHashMap<>();

    /**
     * @param groups the parameter groups; every hyper-parameter a group leaves unset is taken from
     *     {@code defaults}, and every value is checked
     * @param defaults the default hyper-parameters by PyTorch's names
     */
    protected Optimizer(List<ParamGroup> groups, Map<String, Double> defaults) {
        this.defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
        if (groups.isEmpty()) {
            throw new IllegalArgumentException(name() + ": got an empty list of parameter groups");
        }
        for (ParamGroup g : groups) {
            addParamGroup(g);
        }
    }

    /** The optimizer's name in messages. */
    protected String name() {
        return getClass().getSimpleName();
    }

    /** Hyper-parameters from alternating names and values, in that order. */
    protected static Map<String, Double> hyperParameters(Object... namesAndValues) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put((String) namesAndValues[i], ((Number) namesAndValues[i + 1]).doubleValue());
        }
        return m;
    }

    /** Wraps plain parameters as one group. */
    protected static List<ParamGroup> single(Iterable<Tensor> params) {
        return List.of(ParamGroup.of(params));
    }

    /**
     * Adds a group (for example the layers unfrozen halfway through fine-tuning); unset
     * hyper-parameters come from the optimizer's options.
     *
     * @throws IllegalArgumentException if a parameter is already in another group, or a
     *     hyper-parameter is invalid
     */
    public void addParamGroup(ParamGroup group) {
        for (Tensor p : group.params()) {
            for (ParamGroup other : groups) {
                if (other.params().stream().anyMatch(q -> q == p)) {
                    throw new IllegalArgumentException(name() + ": a parameter of shape " + p.shape()
                            + " appears in more than one parameter group");
                }
            }
        }
        group.fillDefaults(defaults);
        group.options().forEach((key, value) -> Hyper.check(name(), key, value));
        groups.add(group);
    }

    /** The parameter groups, in order. */
    public List<ParamGroup> paramGroups() {
        return Collections.unmodifiableList(groups);
    }

    /** Clears the gradients of all parameters (sets them to null, as PyTorch does by default). */
    public void zeroGrad() {
        for (ParamGroup g : groups) {
            for (Tensor p : g.params()) {
                p.setGrad(null);
            }
        }
    }

    /** Updates every parameter that has a gradient, once. */
    public void step() {
        try (var off = Grad.off()) {
            for (ParamGroup g : groups) {
                for (Tensor p : g.params()) {
                    Tensor grad = p.grad();
                    if (grad != null) {
                        update(g, p, grad, state.computeIfAbsent(p, k -> new ParamState()));
                    }
                }
            }
        }
    }

    /**
     * Updates one parameter in place: the optimizer's rule. Runs with gradient recording off.
     *
     * @param group the parameter's group, for its hyper-parameters
     * @param param the parameter to update
     * @param grad its gradient (do not modify it)
     * @param state the parameter's state, empty on its first update
     */
    protected abstract void update(ParamGroup group, Tensor param, Tensor grad, ParamState state);

    /** The state of a parameter (empty before its first update). */
    public ParamState state(Tensor param) {
        return state.computeIfAbsent(param, k -> new ParamState());
    }

    // ------------------------------------------------------------------ state dict

    /**
     * The optimizer's state with PyTorch's layout flattened to names: {@code state.<i>.<name>}
     * for the state of parameter i (numbered across groups in order, as PyTorch does) and
     * {@code param_groups.<g>.<name>} for each group's hyper-parameters (0-dim float64) and
     * parameter indices ({@code params}, int64). Save it with the model's state dict to resume
     * training.
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        int index = 0;
        for (int g = 0; g < groups.size(); g++) {
            ParamGroup group = groups.get(g);
            long[] ids = new long[group.params().size()];
            for (int k = 0; k < ids.length; k++) {
                Tensor p = group.params().get(k);
                ids[k] = index;
                ParamState s = state.get(p);
                if (s != null) {
                    for (Map.Entry<String, Tensor> e : s.asMap().entrySet()) {
                        out.put("state." + index + "." + e.getKey(), e.getValue());
                    }
                }
                index++;
            }
            for (Map.Entry<String, Double> e : group.options().entrySet()) {
                out.put("param_groups." + g + "." + e.getKey(), Tensor.full(Shape.scalar(), e.getValue(), DType.FLOAT64));
            }
            out.put("param_groups." + g + ".params", Tensor.fromArray(ids, ids.length));
        }
        return out;
    }

    /**
     * Restores a state from {@link #stateDict()}: the hyper-parameters of every group and the
     * per-parameter state (copied).
     *
     * @throws IllegalArgumentException if the groups or their sizes differ, a key is not
     *     understood, or a state tensor's shape does not fit its parameter; nothing changes then
     */
    public void loadStateDict(Map<String, Tensor> stateDict) {
        String op = name() + ".loadStateDict";
        List<Tensor> params = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            Tensor ids = stateDict.get("param_groups." + g + ".params");
            if (ids == null) {
                throw new IllegalArgumentException(op + ": the state dict has no parameter group " + g
                        + " (this optimizer has " + groups.size() + ")");
            }
            if (ids.numel() != groups.get(g).params().size()) {
                throw new IllegalArgumentException(op + ": parameter group " + g + " has " + ids.numel()
                        + " parameters in the state dict and " + groups.get(g).params().size() + " here");
            }
            params.addAll(groups.get(g).params());
        }
        Map<Tensor, ParamState> loaded = new IdentityHashMap<>();
        List<Map<String, Double>> hyper = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            hyper.add(new LinkedHashMap<>());
        }
        for (Map.Entry<String, Tensor> e : stateDict.entrySet()) {
            String[] parts = e.getKey().split("\\.", 3);
            int i = parts.length == 3 ? parseIndex(parts[1]) : -1;
            boolean isState = parts[0].equals("state");
            if (i < 0 || !(isState || parts[0].equals("param_groups"))) {
                throw new IllegalArgumentException(op + ": unexpected key '" + e.getKey() + "'");
            }
            int count = isState ? params.size() : groups.size();
            if (i >= count) {
                throw new IllegalArgumentException(op + ": the state dict has '" + e.getKey() + "', but this optimizer"
                        + " has " + count + (isState ? " parameters" : " parameter groups"));
            }
            Tensor v = e.getValue();
            if (isState) {
                Tensor p = params.get(i);
                if (v.numel() != 1 && !v.shape().equals(p.shape())) {
                    throw new IllegalArgumentException(op + ": state '" + e.getKey() + "' has shape " + v.shape()
                            + " but parameter " + i + " has shape " + p.shape());
                }
                DType dtype = v.dim() == 0 ? DType.FLOAT64 : p.dtype();
                loaded.computeIfAbsent(p, k -> new ParamState()).put(parts[2], v.to(dtype).clone());
            } else if (!parts[2].equals("params")) {
                Hyper.check(name(), parts[2], v.item());
                hyper.get(i).put(parts[2], v.item());
            }
        }
        state.clear();
        state.putAll(loaded);
        for (int g = 0; g < groups.size(); g++) {
            hyper.get(g).forEach(groups.get(g)::set);
        }
    }

    private static int parseIndex(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
