package dev.myelin.optim;

import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameters that share hyper-parameters: one entry of PyTorch's {@code param_groups}. A group
 * may set its own learning rate and weight decay; every hyper-parameter it does not set is taken
 * from the optimizer's options when the optimizer is created. Learning-rate schedulers change
 * {@link #lr(double)} as training goes.
 *
 * <p>Hyper-parameters have PyTorch's names: {@code lr}, {@code weight_decay}, {@code momentum},
 * {@code beta1} and {@code beta2} (PyTorch's {@code betas}), {@code eps}, ...
 *
 * <pre>{@code
 * var opt = new SGD(List.of(
 *         ParamGroup.of(backbone.parameters()).lr(1e-3),          // fine-tune slowly
 *         ParamGroup.of(head.parameters()).weightDecay(0)),        // lr from the options
 *     SGD.options(0.1).momentum(0.9).weightDecay(5e-4));
 * }</pre>
 */
public final class ParamGroup {
    private final List<Tensor> params;
    private final Map<String, Double> options = new LinkedHashMap<>();

    private ParamGroup(List<Tensor> params) {
        this.params = params;
    }

    /**
     * A group of the given parameters (each floating point); duplicates are an error, as a
     * parameter must be updated once per step.
     */
    public static ParamGroup of(Iterable<Tensor> params) {
        List<Tensor> list = new ArrayList<>();
        java.util.Set<Tensor> seen = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Tensor p : params) {
            if (!p.dtype().isFloatingPoint()) {
                throw new IllegalArgumentException("ParamGroup: parameters must be floating point, got " + p.dtype()
                        + " of shape " + p.shape());
            }
            if (!seen.add(p)) {
                throw new IllegalArgumentException("ParamGroup: a parameter of shape " + p.shape()
                        + " appears twice");
            }
            list.add(p);
        }
        return new ParamGroup(Collections.unmodifiableList(list));
    }

    /** The parameters, in order. */
    public List<Tensor> params() {
        return params;
    }

    /** The learning rate. */
    public double lr() {
        return get("lr");
    }

    /** Sets the learning rate (for this group only); returns this group. */
    public ParamGroup lr(double lr) {
        return set("lr", lr);
    }

    /** The weight decay. */
    public double weightDecay() {
        return get("weight_decay");
    }

    /** Sets the weight decay (for this group only); returns this group. */
    public ParamGroup weightDecay(double weightDecay) {
        return set("weight_decay", weightDecay);
    }

    /**
     * A hyper-parameter by its PyTorch name.
     *
     * @throws IllegalArgumentException if the group has none of that name
     */
    public double get(String name) {
        Double v = options.get(name);
        if (v == null) {
            throw new IllegalArgumentException("ParamGroup has no hyper-parameter '" + name + "' (has "
                    + options.keySet() + ")");
        }
        return v;
    }

    /** Whether the group has a hyper-parameter of that name. */
    public boolean has(String name) {
        return options.containsKey(name);
    }

    /** Sets a hyper-parameter by its PyTorch name; returns this group. */
    public ParamGroup set(String name, double value) {
        options.put(name, value);
        return this;
    }

    /** The hyper-parameters by name, read-only. */
    public Map<String, Double> options() {
        return Collections.unmodifiableMap(options);
    }

    /** Sets every hyper-parameter of {@code defaults} that this group has not set. */
    void fillDefaults(Map<String, Double> defaults) {
        defaults.forEach(options::putIfAbsent);
    }
}
