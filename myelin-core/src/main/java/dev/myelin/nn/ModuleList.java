package dev.myelin.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * A list of submodules, registered under their positions "0", "1", ...: PyTorch's
 * {@code nn.ModuleList}. It has no forward pass of its own; the owner decides how to call them.
 *
 * <pre>{@code
 * private final ModuleList blocks = register("blocks", new ModuleList());
 * for (int i = 0; i < 6; i++) blocks.add(new Block(512));
 * for (Module b : blocks) x = b.forward(x);
 * }</pre>
 */
public final class ModuleList extends Module implements Iterable<Module> {
    private final List<Module> modules = new ArrayList<>();

    /** The given modules, in order. */
    public ModuleList(Module... modules) {
        for (Module m : modules) {
            add(m);
        }
    }

    /** Appends a module; returns this list. */
    public ModuleList add(Module module) {
        modules.add(register(String.valueOf(modules.size()), module));
        return this;
    }

    /** The module at {@code index}. */
    public Module get(int index) {
        return modules.get(index);
    }

    /** The number of modules. */
    public int size() {
        return modules.size();
    }

    @Override
    public Iterator<Module> iterator() {
        return Collections.unmodifiableList(modules).iterator();
    }
}
