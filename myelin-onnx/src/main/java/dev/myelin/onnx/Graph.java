package dev.myelin.onnx;

import dev.myelin.autograd.Grad;
import dev.myelin.tensor.BufferPool;
import java.util.List;

/**
 * A compiled ONNX graph: its nodes as kernels in topological order, reading and writing numbered
 * value slots. Constants (and everything folded from them) are computed once when the model
 * loads; a run fills the inputs, the initializers and the values captured from enclosing graphs,
 * runs the kernels, and drops each intermediate value after its last use. In inference (autograd
 * off) the buffers of dead values back later outputs ({@link BufferRecycler}), as an inference
 * runtime's memory planner would arrange.
 */
final class Graph {
    /** One kernel call: where its inputs come from, where its outputs go, and what dies after it. */
    record Step(String node, Kernel kernel, int[] in, int[] out, int[] release) {}

    final String name;
    /** The formal inputs, in order. */
    final List<String> inputs;
    final List<String> outputs;
    /** Values of enclosing graphs that this graph (or a subgraph of it) reads. */
    final List<String> free;
    /** Initializers filled at each run (the trainable ones, and defaults of inputs), in slot order. */
    final List<String> initializers;
    private final int[] inputSlots;
    private final int[] outputSlots;
    private final int[] freeSlots;
    private final int[] initializerSlots;
    private final Object[] constants;
    private final Step[] steps;

    Graph(String name, List<String> inputs, List<String> outputs, List<String> free, List<String> initializers,
            int[] inputSlots, int[] outputSlots, int[] freeSlots, int[] initializerSlots,
            Object[] constants, Step[] steps) {
        this.name = name;
        this.inputs = inputs;
        this.outputs = outputs;
        this.free = free;
        this.initializers = initializers;
        this.inputSlots = inputSlots;
        this.outputSlots = outputSlots;
        this.freeSlots = freeSlots;
        this.initializerSlots = initializerSlots;
        this.constants = constants;
        this.steps = steps;
    }

    /** The number of kernels a run executes (after constant folding). */
    int stepCount() {
        return steps.length;
    }

    /**
     * Runs the graph.
     *
     * @param inputValues one value per formal input (null for an input left out)
     * @param freeValues one value per {@link #free} name
     * @param initializerValues one value per {@link #initializers} name, or null for none
     * @return one value per output
     */
    Object[] run(Object[] inputValues, Object[] freeValues, Object[] initializerValues) {
        Object[] env = constants.clone();
        if (initializerValues != null) {
            for (int i = 0; i < initializerSlots.length; i++) {
                env[initializerSlots[i]] = initializerValues[i];
            }
        }
        for (int i = 0; i < freeSlots.length; i++) {
            env[freeSlots[i]] = freeValues[i];
        }
        for (int i = 0; i < inputSlots.length; i++) {
            if (inputValues[i] != null) {
                env[inputSlots[i]] = inputValues[i];
            }
        }
        if (Grad.isEnabled()) {
            return run(env, null);
        }
        BufferPool open = BufferPool.current();
        if (open != null) {
            return run(env, new BufferRecycler(open, env));
        }
        try (BufferPool pool = BufferPool.open()) {
            return run(env, new BufferRecycler(pool, env));
        }
    }

    private Object[] run(Object[] env, BufferRecycler recycler) {
        for (Step s : steps) {
            Object[] args = new Object[s.in.length];
            for (int k = 0; k < args.length; k++) {
                args[k] = s.in[k] < 0 ? null : env[s.in[k]];
            }
            Object[] results;
            try {
                results = s.kernel.run(args);
            } catch (RuntimeException e) {
                String m = String.valueOf(e.getMessage());
                throw new OnnxException(m.startsWith(s.node) ? m : s.node + ": " + m, e);
            }
            for (int k = 0; k < s.out.length; k++) {
                if (s.out[k] >= 0) {
                    env[s.out[k]] = k < results.length ? results[k] : null;
                    if (recycler != null) {
                        recycler.produced(env[s.out[k]]);
                    }
                }
            }
            for (int r : s.release) {
                if (recycler != null) {
                    recycler.released(env[r]);
                }
                env[r] = null;
            }
        }
        Object[] out = new Object[outputSlots.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = env[outputSlots[i]];
        }
        return out;
    }
}
