package dev.myelin.optim;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An optimizer's state for one parameter, by PyTorch's names ({@code step}, {@code exp_avg},
 * {@code exp_avg_sq}, {@code momentum_buffer}, ...), so that {@link Optimizer#stateDict()} maps
 * onto PyTorch's layout. Scalars such as the step count are 0-dim float64 tensors.
 *
 * <pre>{@code
 * Tensor m = state.zerosLike("exp_avg", param);     // created on first use
 * double t = state.increment("step");
 * }</pre>
 */
public final class ParamState {
    private final Map<String, Tensor> values = new LinkedHashMap<>();

    /** The tensor under {@code name}, or {@code null}. */
    public Tensor get(String name) {
        return values.get(name);
    }

    /** Stores {@code value} under {@code name}. */
    public void put(String name, Tensor value) {
        values.put(name, value);
    }

    /** The tensor under {@code name}, created as zeros of {@code like}'s shape and dtype if absent. */
    public Tensor zerosLike(String name, Tensor like) {
        return values.computeIfAbsent(name, k -> Tensor.zerosLike(like));
    }

    /** The scalar under {@code name}, created with {@code initial} if absent. */
    public double scalar(String name, double initial) {
        return values.computeIfAbsent(name, k -> Tensor.scalar(initial, DType.FLOAT64)).item();
    }

    /** Stores a scalar under {@code name}. */
    public void setScalar(String name, double value) {
        Tensor t = values.get(name);
        if (t == null || t.numel() != 1) {
            values.put(name, Tensor.full(Shape.scalar(), value, DType.FLOAT64));
        } else {
            t.fillInPlace(value);
        }
    }

    /** Adds 1 to the counter under {@code name} (created at 0) and returns the new count. */
    public double increment(String name) {
        double v = scalar(name, 0) + 1;
        setScalar(name, v);
        return v;
    }

    /** Every entry, in creation order, read-only. */
    public Map<String, Tensor> asMap() {
        return Collections.unmodifiableMap(values);
    }

    /** Whether the state is empty (the parameter has not been updated yet). */
    public boolean isEmpty() {
        return values.isEmpty();
    }
}
