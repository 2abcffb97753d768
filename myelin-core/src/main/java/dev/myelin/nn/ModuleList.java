package dev.myelin.nn;

import dev.myelin.tensor.Generator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

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

    /**
     * {@code n} modules as PyTorch's encoder and decoder stacks make them from one layer (its
     * {@code _get_clones}, a deep copy): the first from {@code make}, the others copies of it, equal
     * weights drawn once, so that the default generator ends where PyTorch's does.
     *
     * @throws IllegalArgumentException if n is not positive
     */
    public static ModuleList clones(int n, Supplier<? extends Module> make) {
        if (n <= 0) {
            throw new IllegalArgumentException("ModuleList.clones: n must be positive, got " + n);
        }
        ModuleList list = new ModuleList();
        Module first = make.get();
        list.add(first);
        Generator g = Generator.defaultGenerator();
        long[] afterFirst = g.state();
        for (int i = 1; i < n; i++) {
            Module copy = make.get();
            copy.loadStateDict(first.stateDict());
            list.add(copy);
        }
        g.setState(afterFirst);
        return list;
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
