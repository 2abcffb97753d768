package dev.myelin.nn;

import java.util.Map;
import java.util.Set;

/**
 * Submodules by name, in insertion order: PyTorch's {@code nn.ModuleDict}. It has no forward pass
 * of its own.
 *
 * <pre>{@code
 * ModuleDict heads = new ModuleDict().put("age", new Linear(256, 1)).put("gender", new Linear(256, 2));
 * Tensor age = heads.get("age").forward(features);
 * }</pre>
 */
public final class ModuleDict extends Module {
    /** Adds a module under {@code name} (a new name, without dots); returns this dictionary. */
    public ModuleDict put(String name, Module module) {
        register(name, module);
        return this;
    }

    /**
     * The module under {@code name}.
     *
     * @throws IllegalArgumentException if there is none
     */
    public Module get(String name) {
        Module m = namedChildren().get(name);
        if (m == null) {
            throw new IllegalArgumentException("ModuleDict has no module '" + name + "' (has " + keys() + ")");
        }
        return m;
    }

    /** The names, in insertion order. */
    public Set<String> keys() {
        return namedChildren().keySet();
    }

    /** Whether a module is registered under {@code name}. */
    public boolean containsKey(String name) {
        return namedChildren().containsKey(name);
    }

    /** The modules by name. */
    public Map<String, Module> asMap() {
        return namedChildren();
    }
}
