package dev.myelin.nn;

import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Modules applied one after another, each to the previous one's output. PyTorch's
 * {@code nn.Sequential}: layers added without a name are named "0", "1", ... so that state-dict
 * keys ({@code "0.weight"}) match PyTorch's.
 *
 * <pre>{@code
 * Sequential mlp = new Sequential(new Flatten(), new Linear(784, 256), new ReLU(), new Linear(256, 10));
 * Tensor logits = mlp.forward(images);     // (N, 1, 28, 28) -> (N, 10)
 * mlp.get(1);                              // the first Linear
 * }</pre>
 */
public final class Sequential extends Module implements Iterable<Module> {
    private final List<Module> layers = new ArrayList<>();

    /** The given modules, in order, named by position. */
    public Sequential(Module... modules) {
        for (Module m : modules) {
            add(m);
        }
    }

    /** Appends a module named by its position; returns this container. */
    public Sequential add(Module module) {
        return add(String.valueOf(layers.size()), module);
    }

    /** Appends a module under {@code name}; returns this container. */
    public Sequential add(String name, Module module) {
        layers.add(register(name, module));
        return this;
    }

    /** The module at {@code index}. */
    public Module get(int index) {
        return layers.get(index);
    }

    /** The number of modules. */
    public int size() {
        return layers.size();
    }

    @Override
    public Iterator<Module> iterator() {
        return Collections.unmodifiableList(layers).iterator();
    }

    @Override
    public Tensor forward(Tensor x) {
        for (Module m : layers) {
            x = m.forward(x);
        }
        return hooked(x);
    }
}
