package dev.myelin.onnx;

import dev.myelin.nn.Module;
import dev.myelin.tensor.Tensor;

/**
 * A module that files tensors with dotted names under submodules, one per dot: the initializer
 * {@code encoder.layer.0.attention.self.query.weight} becomes parameter {@code weight} of the
 * submodule {@code encoder.layer.0.attention.self.query}, so that the state-dict keys are the
 * file's names (and PyTorch's, for a PyTorch export).
 */
abstract class WeightTree extends Module {
    /** An inner node of the tree: only submodules and tensors, no forward pass. */
    static final class Group extends WeightTree {}

    /**
     * Files {@code t} under {@code path[from..]}; false (with nothing filed) when a segment is
     * empty or already names something of another kind.
     */
    final boolean place(String[] path, int from, Tensor t, boolean parameter) {
        String name = path[from];
        if (name.isEmpty()) {
            return false;
        }
        if (from == path.length - 1) {
            return !namedChildren().containsKey(name) && placeFlat(name, t, parameter);
        }
        Module child = namedChildren().get(name);
        if (child == null) {
            for (int k = from + 1; k < path.length; k++) {
                if (path[k].isEmpty()) {
                    return false;
                }
            }
            try {
                child = register(name, new Group());
            } catch (IllegalArgumentException taken) {
                return false;
            }
        }
        return child instanceof WeightTree tree && tree.place(path, from + 1, t, parameter);
    }

    /** Files {@code t} at the root under {@code name} as is (names with odd dots); false if taken. */
    final boolean placeFlat(String name, Tensor t, boolean parameter) {
        try {
            if (parameter) {
                registerParameter(name, t);
            } else {
                registerBuffer(name, t);
            }
            return true;
        } catch (IllegalArgumentException taken) {
            return false;
        }
    }
}
