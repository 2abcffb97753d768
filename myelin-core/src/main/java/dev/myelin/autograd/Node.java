package dev.myelin.autograd;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One recorded op in the graph of a forward pass: PyTorch's {@code grad_fn}.
 *
 * <p>A node knows where the gradients of its inputs go (the nodes that produced them, or the
 * leaf tensors that accumulate them), the shapes to reduce broadcast gradients to, the tensors
 * its rule saved (with their versions, to detect in-place overwrites) and its gradient rule.
 * Nodes are numbered as they are created: a node's inputs always come from lower numbers, so
 * visiting nodes from the highest number down is a topological order.
 */
public final class Node {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    final long sequence = SEQUENCE.incrementAndGet();
    private final String name;
    final Node[] inputNodes;
    final int[] inputOutputIndex;
    final Tensor[] inputLeaves;
    final Shape[] inputShapes;
    final DType[] inputDtypes;
    final boolean[] needsGrad;
    final Shape[] outputShapes;
    final DType[] outputDtypes;
    private Tensor[] saved;
    private int[] savedVersions;
    MultiBackward backward;
    Tensor[] retained;

    Node(String name, Tensor[] inputs, Tensor[] saved, MultiBackward backward, Tensor[] outputs) {
        this.name = name;
        int n = inputs.length;
        inputNodes = new Node[n];
        inputOutputIndex = new int[n];
        inputLeaves = new Tensor[n];
        inputShapes = new Shape[n];
        inputDtypes = new DType[n];
        needsGrad = new boolean[n];
        for (int i = 0; i < n; i++) {
            Tensor t = inputs[i];
            if (t == null) {
                continue;
            }
            inputShapes[i] = t.shape();
            inputDtypes[i] = t.dtype();
            if (t.requiresGrad()) {
                needsGrad[i] = true;
                AutogradMeta m = t.autogradMeta();
                if (m.gradFn != null) {
                    inputNodes[i] = m.gradFn;
                    inputOutputIndex[i] = m.outputIndex;
                } else {
                    inputLeaves[i] = t;
                }
            }
        }
        this.saved = java.util.Arrays.stream(saved).filter(java.util.Objects::nonNull).toArray(Tensor[]::new);
        savedVersions = new int[this.saved.length];
        for (int i = 0; i < this.saved.length; i++) {
            savedVersions[i] = this.saved[i].storage().version();
        }
        this.backward = backward;
        outputShapes = new Shape[outputs.length];
        outputDtypes = new DType[outputs.length];
        for (int i = 0; i < outputs.length; i++) {
            outputShapes[i] = outputs[i].shape();
            outputDtypes[i] = outputs[i].dtype();
        }
    }

    /** The op's name, such as {@code mul}. */
    public String name() {
        return name;
    }

    /** The nodes that produced this node's inputs (leaves and constants are not nodes). */
    public List<Node> inputs() {
        List<Node> list = new ArrayList<>();
        for (Node node : inputNodes) {
            if (node != null) {
                list.add(node);
            }
        }
        return Collections.unmodifiableList(list);
    }

    /** How many outputs the op has. */
    public int outputCount() {
        return outputShapes.length;
    }

    /** Whether an earlier backward pass without {@code retainGraph} has freed this node. */
    public boolean isFreed() {
        return backward == null;
    }

    void checkRunnable() {
        if (backward == null) {
            throw new IllegalStateException("backward: the graph through op '" + name
                    + "' was freed by an earlier backward pass; pass retainGraph=true to the first backward"
                    + " to backpropagate through the same graph twice");
        }
        for (int i = 0; i < saved.length; i++) {
            int now = saved[i].storage().version();
            if (now != savedVersions[i]) {
                throw new IllegalStateException("backward of op '" + name + "': a tensor it saved (shape "
                        + saved[i].shape() + ", " + saved[i].dtype() + ") was modified in place after the forward"
                        + " pass (version " + now + ", expected " + savedVersions[i]
                        + "); clone it before writing to it, or write before using it");
            }
        }
    }

    void release() {
        backward = null;
        saved = new Tensor[0];
        savedVersions = new int[0];
    }

    @Override
    public String toString() {
        return "<" + name + ">";
    }
}
