package dev.myelin.autograd;

import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Runs a backward pass: visits the nodes reachable from the roots in decreasing creation
 * order (a topological order, without recursion), applies each gradient rule once all of its
 * output's gradients have arrived, sums gradients that meet, reduces broadcast gradients to
 * their input's shape, and delivers the results to leaves or to the requested inputs.
 */
final class Engine {
    private final boolean retainGraph;
    private final boolean createGraph;
    private final Tensor[] capture;
    private final Tensor[] captured;
    private final Map<Node, Tensor[]> pending = new IdentityHashMap<>();
    private final PriorityQueue<Node> queue =
            new PriorityQueue<>(Comparator.comparingLong((Node n) -> n.sequence).reversed());

    /**
     * @param capture inputs whose gradients are returned instead of accumulated into {@code grad},
     *     as in {@code torch.autograd.grad}; {@code null} for an ordinary {@code backward()}
     */
    Engine(boolean retainGraph, boolean createGraph, Tensor[] capture) {
        this.retainGraph = retainGraph;
        this.createGraph = createGraph;
        this.capture = capture;
        this.captured = capture == null ? null : new Tensor[capture.length];
    }

    Tensor[] run(Tensor[] roots, Tensor[] rootGrads) {
        for (int i = 0; i < roots.length; i++) {
            Tensor root = roots[i];
            AutogradMeta m = root.autogradMeta();
            if (!m.requiresGrad) {
                throw new IllegalStateException("backward: the tensor (shape " + root.shape() + ", " + root.dtype()
                        + ") does not require grad and has no grad_fn; did you call requiresGrad(true) on the"
                        + " inputs, or compute it inside Grad.off()?");
            }
            if (m.gradFn != null) {
                send(m.gradFn, m.outputIndex, rootGrads[i]);
            } else {
                deliverToLeaf(root, rootGrads[i]);
            }
        }
        while (!queue.isEmpty()) {
            Node node = queue.poll();
            Tensor[] grads = pending.remove(node);
            captureNonLeaf(node, grads);
            retain(node, grads);
            node.checkRunnable();
            for (int k = 0; k < grads.length; k++) {
                if (grads[k] == null) {
                    grads[k] = Tensor.zeros(node.outputShapes[k], node.outputDtypes[k]);
                }
            }
            Tensor[] inputGrads;
            try (var mode = Grad.set(createGraph)) {
                inputGrads = node.backward.apply(grads, node.needsGrad.clone());
            }
            if (inputGrads.length != node.needsGrad.length) {
                throw new IllegalStateException("backward of op '" + node.name() + "' returned "
                        + inputGrads.length + " gradients for " + node.needsGrad.length + " inputs");
            }
            for (int i = 0; i < inputGrads.length; i++) {
                if (node.needsGrad[i] && inputGrads[i] != null) {
                    Tensor g = conform(node, i, inputGrads[i]);
                    if (node.inputNodes[i] != null) {
                        send(node.inputNodes[i], node.inputOutputIndex[i], g);
                    } else {
                        deliverToLeaf(node.inputLeaves[i], g);
                    }
                }
            }
            if (!retainGraph) {
                node.release();
            }
        }
        return captured;
    }

    private void send(Node node, int outputIndex, Tensor grad) {
        Tensor[] slots = pending.get(node);
        if (slots == null) {
            slots = new Tensor[node.outputCount()];
            pending.put(node, slots);
            queue.add(node);
        }
        slots[outputIndex] = slots[outputIndex] == null ? grad : add(slots[outputIndex], grad);
    }

    private Tensor add(Tensor a, Tensor b) {
        try (var mode = Grad.set(createGraph)) {
            return a.add(b);
        }
    }

    /** Sums a broadcast gradient back to its input's shape and casts it to the input's dtype. */
    private Tensor conform(Node node, int i, Tensor g) {
        Shape want = node.inputShapes[i];
        try (var mode = Grad.set(createGraph)) {
            if (!g.shape().equals(want)) {
                if (!want.broadcastsTo(g.shape())) {
                    throw new IllegalStateException("backward of op '" + node.name() + "' returned a gradient of shape "
                            + g.shape() + " for input " + i + " of shape " + want);
                }
                g = g.sumTo(want);
            }
            if (g.dtype() != node.inputDtypes[i]) {
                g = g.to(node.inputDtypes[i]);
            }
        }
        return g;
    }

    private void deliverToLeaf(Tensor leaf, Tensor g) {
        if (capture != null) {
            for (int k = 0; k < capture.length; k++) {
                if (capture[k] == leaf) {
                    captured[k] = captured[k] == null ? g : add(captured[k], g);
                }
            }
            return;
        }
        accumulate(leaf.autogradMeta(), g);
    }

    private void accumulate(AutogradMeta m, Tensor g) {
        if (createGraph) {
            try (var mode = Grad.on()) {
                m.grad = m.grad == null ? g : m.grad.add(g);
            }
            return;
        }
        try (var mode = Grad.off()) {
            // The first gradient is copied: rules may hand the same tensor to several inputs.
            if (m.grad == null) {
                m.grad = g.detach().clone();
            } else if (m.grad.requiresGrad()) {
                m.grad = m.grad.detach().add(g);
            } else {
                m.grad.addInPlace(g);
            }
        }
    }

    private void captureNonLeaf(Node node, Tensor[] grads) {
        if (capture == null) {
            return;
        }
        for (int k = 0; k < capture.length; k++) {
            AutogradMeta m = capture[k].autogradMeta();
            if (m.gradFn == node && grads[m.outputIndex] != null) {
                captured[k] = grads[m.outputIndex];
            }
        }
    }

    private void retain(Node node, Tensor[] grads) {
        if (node.retained == null || capture != null) {
            return;
        }
        for (int k = 0; k < grads.length; k++) {
            Tensor out = node.retained[k];
            if (out != null && grads[k] != null) {
                accumulate(out.autogradMeta(), grads[k]);
            }
        }
    }
}
