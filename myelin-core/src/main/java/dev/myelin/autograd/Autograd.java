package dev.myelin.autograd;

import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Recording ops into the graph and running backward passes: the engine room behind
 * {@link Tensor#backward()} and the functional {@link #grad} of PyTorch's
 * {@code torch.autograd.grad}.
 *
 * <p>{@link #record} is also how a user defines a custom differentiable op: compute the output
 * with tensor ops or kernels under {@link Grad#off()}, then record its gradient rule.
 *
 * <pre>{@code
 * // y = x^3, with its own backward
 * Tensor y;
 * try (var off = Grad.off()) { y = x.mul(x).mul(x); }
 * y = Autograd.record("cube", y, (g, needs) -> new Tensor[] {g.mul(x.mul(x)).mul(3)}, x);
 * }</pre>
 */
public final class Autograd {
    private Autograd() {}

    /**
     * Records a single-output op whose gradient rule reads some of its inputs: the inputs are
     * checked at backward time for in-place changes since the forward pass.
     *
     * @param op the op's name, shown in errors and in {@code gradFn}
     * @param out the op's result, computed without recording
     * @param rule the gradient rule
     * @param inputs the op's tensor inputs, in the order of the rule's results
     * @return {@code out}, now attached to the graph if grad mode is on and an input requires grad
     */
    public static Tensor record(String op, Tensor out, Backward rule, Tensor... inputs) {
        return attach(op, new Tensor[] {out}, inputs, inputs, (grads, needs) -> rule.apply(grads[0], needs))[0];
    }

    /**
     * Records a single-output op whose gradient rule needs only its inputs' shapes (add, sum,
     * views, concatenation...): the inputs may be changed in place afterwards.
     */
    public static Tensor recordShapeOnly(String op, Tensor out, Backward rule, Tensor... inputs) {
        return attach(op, new Tensor[] {out}, inputs, new Tensor[0], (grads, needs) -> rule.apply(grads[0], needs))[0];
    }

    /**
     * Records an op with several differentiable outputs. Every output must be floating point.
     *
     * @param saved the tensors the rule reads, checked for in-place changes at backward time
     * @return {@code outputs}, now attached to the graph where recording applies
     */
    public static Tensor[] recordMulti(String op, Tensor[] outputs, Tensor[] saved, MultiBackward rule, Tensor... inputs) {
        return attach(op, outputs, inputs, saved, rule);
    }

    private static Tensor[] attach(String op, Tensor[] outputs, Tensor[] inputs, Tensor[] saved, MultiBackward rule) {
        if (!Grad.isEnabled() || !anyRequiresGrad(inputs)) {
            return outputs;
        }
        for (Tensor out : outputs) {
            if (!out.dtype().isFloatingPoint()) {
                return outputs;
            }
        }
        Node node = new Node(op, inputs, saved, rule, outputs);
        for (int k = 0; k < outputs.length; k++) {
            AutogradMeta m = outputs[k].autogradMeta();
            m.requiresGrad = true;
            m.gradFn = node;
            m.outputIndex = k;
        }
        return outputs;
    }

    private static boolean anyRequiresGrad(Tensor[] inputs) {
        for (Tensor t : inputs) {
            if (t != null && t.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Marks a leaf as requiring (or not) gradients.
     *
     * @throws IllegalArgumentException for a non-floating-point tensor or a non-leaf
     */
    public static void setRequiresGrad(Tensor t, boolean requiresGrad) {
        AutogradMeta m = t.autogradMeta();
        if (m.gradFn != null) {
            throw new IllegalArgumentException("requiresGrad: only leaves can be changed, but this tensor (shape "
                    + t.shape() + ") was computed by op '" + m.gradFn.name() + "'; use detach() to get a leaf");
        }
        if (requiresGrad && !t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("requiresGrad: only floating-point tensors can require gradients, got "
                    + t.dtype() + " of shape " + t.shape());
        }
        m.requiresGrad = requiresGrad;
    }

    /** Replaces (or clears, with {@code null}) a tensor's accumulated gradient. */
    public static void setGrad(Tensor t, Tensor grad) {
        if (grad != null && !grad.shape().equals(t.shape())) {
            throw new IllegalArgumentException("setGrad: gradient of shape " + grad.shape()
                    + " does not match the tensor's shape " + t.shape());
        }
        t.autogradMeta().grad = grad;
    }

    /** Makes a non-leaf keep its gradient in {@code grad()} after backward, as leaves do. */
    public static void retainGrad(Tensor t) {
        AutogradMeta m = t.autogradMeta();
        if (!m.requiresGrad) {
            throw new IllegalStateException("retainGrad: the tensor (shape " + t.shape() + ") does not require grad");
        }
        if (m.gradFn == null || m.retainsGrad) {
            return;
        }
        m.retainsGrad = true;
        Node node = m.gradFn;
        if (node.retained == null) {
            node.retained = new Tensor[node.outputCount()];
        }
        node.retained[m.outputIndex] = t;
    }

    /**
     * Accumulates the gradient of {@code root} into the {@code grad} of every leaf that requires
     * it: {@code root.backward(gradient)}.
     *
     * @param gradient d(loss)/d(root), of root's shape; {@code null} means 1 for a scalar root
     * @param retainGraph keep the graph for another backward pass
     * @param createGraph record the backward pass itself, for higher-order gradients
     */
    public static void backward(Tensor root, Tensor gradient, boolean retainGraph, boolean createGraph) {
        Tensor g = rootGradient("backward", root, gradient);
        new Engine(retainGraph || createGraph, createGraph, null).run(new Tensor[] {root}, new Tensor[] {g});
    }

    /**
     * The gradients of {@code outputs} with respect to {@code inputs}, returned rather than
     * accumulated: PyTorch's {@code torch.autograd.grad}.
     *
     * @param gradOutputs one gradient per output, or {@code null} for ones on scalar outputs
     * @param allowUnused if false, an input that does not influence the outputs is an error;
     *     if true its gradient is {@code null}
     */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> gradOutputs,
            boolean retainGraph, boolean createGraph, boolean allowUnused) {
        Tensor[] roots = outputs.toArray(new Tensor[0]);
        Tensor[] rootGrads = new Tensor[roots.length];
        for (int i = 0; i < roots.length; i++) {
            rootGrads[i] = rootGradient("grad", roots[i], gradOutputs == null ? null : gradOutputs.get(i));
        }
        Tensor[] wanted = inputs.toArray(new Tensor[0]);
        for (Tensor t : wanted) {
            if (!t.requiresGrad()) {
                throw new IllegalArgumentException("grad: an input (shape " + t.shape() + ") does not require grad");
            }
        }
        Tensor[] result = new Engine(retainGraph || createGraph, createGraph, wanted).run(roots, rootGrads);
        List<Tensor> list = new ArrayList<>(result.length);
        for (int k = 0; k < result.length; k++) {
            if (result[k] == null && !allowUnused) {
                throw new IllegalArgumentException("grad: input " + k + " (shape " + wanted[k].shape()
                        + ") was not used to compute the outputs; pass allowUnused=true to get null for it");
            }
            list.add(result[k]);
        }
        return list;
    }

    /** {@link #grad(List, List, List, boolean, boolean, boolean)} for one scalar output. */
    public static List<Tensor> grad(Tensor output, List<Tensor> inputs, boolean createGraph) {
        return grad(List.of(output), inputs, null, createGraph, createGraph, false);
    }

    private static Tensor rootGradient(String op, Tensor root, Tensor gradient) {
        if (gradient == null) {
            if (root.numel() != 1) {
                throw new IllegalArgumentException(op + ": a gradient can be created implicitly only for a scalar"
                        + " output, but the output has shape " + root.shape() + "; pass a gradient of that shape");
            }
            return Tensor.onesLike(root);
        }
        if (!gradient.shape().equals(root.shape())) {
            throw new IllegalArgumentException(op + ": the gradient's shape " + gradient.shape()
                    + " does not match the output's shape " + root.shape());
        }
        return gradient;
    }
}
