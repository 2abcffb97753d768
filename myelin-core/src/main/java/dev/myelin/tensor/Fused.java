package dev.myelin.tensor;

import dev.myelin.autograd.Autograd;
import dev.myelin.autograd.Grad;
import dev.myelin.kernels.FusedKernels;
import dev.myelin.kernels.Gemm;
import dev.myelin.kernels.LstmSequence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fused kernels behind the functional API: one pass (and one graph node) where the textbook
 * formula takes several. Each computes exactly what its composite definition does, and is
 * tested against it. When a backward pass records its own graph ({@code createGraph}, for
 * higher-order gradients), the gradient is computed with the composite formula, so that it can
 * be differentiated again; otherwise with a kernel.
 *
 * <ul>
 *   <li>{@link #linear}: x·Wᵀ + b (+ ReLU): the GEMM's tiles start from the bias row.
 *   <li>{@link #crossEntropy}: -log softmax(x)[target] per row, with label smoothing; the
 *       gradient is softmax(x) minus the (smoothed) one-hot target.
 *   <li>{@link #layerNorm}: (x - mean) / sqrt(var + eps) · weight + bias over the last dimension.
 *   <li>{@link #lstmCell}: the four gates of an LSTM cell into the new hidden and cell states.
 *   <li>{@link #adamStep}: an Adam update of a parameter and its two moments in one pass.
 *   <li>{@link #lstmLayer}: one direction of an LSTM layer over a whole sequence as one op, whose
 *       backward pass computes the recurrent weight's gradient in a single matrix product.
 * </ul>
 */
public final class Fused {
    private Fused() {}

    /**
     * A dense layer: x (..., in) · weightᵀ (in, out) + bias (out), then ReLU if {@code relu}.
     * The bias may be null.
     */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias, boolean relu) {
        LinearAlgebra.checkLinear(x, weight, bias);
        if (x.dtype() != DType.FLOAT32 || weight.dtype() != DType.FLOAT32
                || (bias != null && bias.dtype() != DType.FLOAT32) || x.dim() < 1) {
            Tensor y = x.linear(weight, bias);
            return relu ? y.relu() : y;
        }
        int in = weight.size(1);
        int out = weight.size(0);
        Tensor x2 = x.reshape(-1, in).contiguous().detach();
        int rows = x2.size(0);
        Tensor y = Tensor.uninitialized(Shape.of(rows, out), DType.FLOAT32);
        float[] ya = y.storage().floats();
        float[] xa = x2.storage().floats();
        int xo = x2.storageOffset();
        Tensor b = bias == null ? null : bias.contiguous();
        float[] ba = b == null ? null : b.storage().floats();
        int bo = b == null ? 0 : b.storageOffset();
        if (weight.numel() >= WeightPacks.MIN_ELEMENTS) {
            Gemm.gemmWithBias(rows, out, in, xa, xo, in, 1, WeightPacks.transposed(weight), ba, bo, ya, 0, out);
        } else {
            int[] ws = weight.stridesRef();
            Gemm.gemmWithBias(rows, out, in, xa, xo, in, 1, weight.storage().floats(), weight.storageOffset(), ws[1],
                    ws[0], ba, bo, ya, 0, out);
        }
        if (relu) {
            FusedKernels.reluInPlace(ya, 0, ya.length);
        }
        Tensor result = y.asStrided(x.shape().with(-1, out), x.shape().with(-1, out).contiguousStrides(), 0);
        Tensor output = result;
        return Autograd.record(relu ? "linearRelu" : "linear", result, (g, needs) -> {
            Tensor gy = relu ? g.mul(output.gt(0.0)) : g;
            Tensor g2 = gy.reshape(-1, out);
            return new Tensor[] {
                needs[0] ? g2.matmul(weight).reshape(x.shape().toArray()) : null,
                needs[1] ? g2.t().matmul(x.reshape(-1, in)) : null,
                bias != null && needs[2] ? g2.sum(0) : null};
        }, x, weight, bias);
    }

    /**
     * Cross-entropy of logits (N, C) against class indices (N), per row (no reduction):
     * {@code -(1 - s)·log p[target] - s·mean_c log p[c]} with p = softmax(logits) and s the label
     * smoothing. Rows whose target is {@code ignoreIndex} give 0 and no gradient.
     */
    public static Tensor crossEntropy(Tensor logits, Tensor targets, int ignoreIndex, double labelSmoothing) {
        if (logits.dim() != 2 || targets.dim() != 1 || targets.size(0) != logits.size(0)) {
            throw new IllegalArgumentException("crossEntropy: expected logits (N, C) and targets (N), got "
                    + logits.shape() + " and " + targets.shape());
        }
        if (!targets.dtype().isIntegral()) {
            throw new IllegalArgumentException("crossEntropy: targets must be integer class indices, got "
                    + targets.dtype() + "; for class probabilities use the soft-target form");
        }
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("crossEntropy: labelSmoothing must lie in [0, 1], got " + labelSmoothing);
        }
        Tensor x = logits.dtype().isFloatingPoint() ? logits : logits.to(DType.FLOAT32);
        int n = x.size(0);
        int c = x.size(1);
        long[] t = targets.toLongArray();
        for (int i = 0; i < n; i++) {
            if (t[i] != ignoreIndex && (t[i] < 0 || t[i] >= c)) {
                throw new IndexOutOfBoundsException("crossEntropy: target " + t[i] + " at row " + i
                        + " is out of range for " + c + " classes");
            }
        }
        // Float32 logits are read where they are (the kernels vectorise them); others as doubles.
        Tensor xc = x.contiguous().detach();
        Object xa = x.dtype() == DType.FLOAT32
                ? (xc.storageOffset() == 0 ? xc.storage().floats() : xc.toFloatArray()) : xc.toDoubleArray();
        double[] lse = new double[n];
        double[] loss = new double[n];
        FusedKernels.crossEntropyForward(xa, n, c, t, ignoreIndex, labelSmoothing, lse, loss);
        Tensor out = Tensor.fromArray(loss, n).to(x.dtype());
        return Autograd.record("crossEntropy", out, (g, needs) -> {
            if (Grad.isEnabled()) {
                return new Tensor[] {crossEntropyComposite(x, targets, ignoreIndex, labelSmoothing, g), null};
            }
            Object grad = FusedKernels.crossEntropyBackward(xa, n, c, t, ignoreIndex, labelSmoothing, lse,
                    g.toDoubleArray());
            Tensor dx = grad instanceof float[] f ? Tensor.fromArray(f, n, c) : Tensor.fromArray((double[]) grad, n, c);
            return new Tensor[] {dx.to(x.dtype()), null};
        }, x, targets);
    }

    /** The gradient of crossEntropy written with tensor ops: g·(softmax(x) - (1 - s)·onehot - s/C), rows ignored. */
    private static Tensor crossEntropyComposite(Tensor x, Tensor targets, int ignoreIndex, double s, Tensor g) {
        int c = x.size(1);
        Tensor keep = targets.ne((double) ignoreIndex);
        Tensor safeTargets = targets.to(DType.INT64).maskedFill(keep.logicalNot(), 0);
        Tensor target = safeTargets.oneHot(c).to(x.dtype()).mul(1 - s).add(s / c);
        Tensor grad = x.softmax(1).sub(target).mul(g.unsqueeze(1));
        return grad.mul(keep.unsqueeze(1));
    }

    /**
     * Layer normalisation over the last dimension: (x - mean) / sqrt(var + eps) · weight + bias,
     * with the biased variance; weight and bias (D) may be null.
     */
    public static Tensor layerNorm(Tensor x, Tensor weight, Tensor bias, double eps) {
        int d = x.size(-1);
        for (Tensor p : new Tensor[] {weight, bias}) {
            if (p != null && (p.dim() != 1 || p.size(0) != d)) {
                throw new IllegalArgumentException("layerNorm: weight and bias must have shape (" + d + "), got "
                        + p.shape() + " for input " + x.shape());
            }
        }
        if (x.dtype() != DType.FLOAT32) {
            return layerNormComposite(x, weight, bias, eps);
        }
        Tensor xc = x.contiguous().detach();
        int rows = x.numel() / Math.max(1, d);
        float[] w = weight == null ? null : weight.contiguous().toFloatArray();
        float[] b = bias == null ? null : bias.contiguous().toFloatArray();
        Tensor y = Tensor.uninitialized(x.shape(), DType.FLOAT32);
        float[] mean = new float[rows];
        float[] rstd = new float[rows];
        FusedKernels.layerNormForward(xc.storage().floats(), xc.storageOffset(), rows, d, w, b, (float) eps,
                y.storage().floats(), mean, rstd);
        return Autograd.record("layerNorm", y, (g, needs) -> {
            if (Grad.isEnabled()) {
                Tensor[] composite = {x, weight, bias};
                List<Tensor> wrt = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    if (needs[i]) {
                        wrt.add(composite[i]);
                    }
                }
                List<Tensor> grads = Autograd.grad(java.util.List.of(layerNormComposite(x, weight, bias, eps)),
                        wrt, java.util.List.of(g), false, true, true);
                Tensor[] out = new Tensor[3];
                for (int i = 0, k = 0; i < 3; i++) {
                    out[i] = needs[i] ? grads.get(k++) : null;
                }
                return out;
            }
            Tensor gc = g.contiguous().detach();
            float[] dx = new float[x.numel()];
            float[] dw = weight == null ? null : new float[d];
            float[] db = bias == null ? null : new float[d];
            FusedKernels.layerNormBackward(gc.storage().floats(), gc.storageOffset(), xc.storage().floats(),
                    xc.storageOffset(), rows, d, w, mean, rstd, dx, dw, db);
            return new Tensor[] {
                Tensor.fromArray(dx, x.shape().toArray()),
                dw == null ? null : Tensor.fromArray(dw, d),
                db == null ? null : Tensor.fromArray(db, d)};
        }, x, weight, bias);
    }

    /** Layer normalisation written with tensor ops (the definition the kernel is tested against). */
    public static Tensor layerNormComposite(Tensor x, Tensor weight, Tensor bias, double eps) {
        Tensor centered = x.sub(x.mean(-1, true));
        Tensor y = centered.mul(centered.square().mean(-1, true).add(eps).rsqrt());
        if (weight != null) {
            y = y.mul(weight);
        }
        return bias == null ? y : y.add(bias);
    }

    /**
     * One LSTM step after the matrix products: gates (B, 4H) in PyTorch's order (input, forget,
     * cell, output) and the previous cell state c (B, H) give the new hidden state
     * h' = o·tanh(c') and cell state c' = f·c + i·g, with i, f, o sigmoids and g a tanh.
     *
     * @return {h', c'}
     */
    public static Tensor[] lstmCell(Tensor gates, Tensor c) {
        int h = c.size(-1);
        if (gates.dim() != 2 || c.dim() != 2 || gates.size(1) != 4 * h || gates.size(0) != c.size(0)) {
            throw new IllegalArgumentException("lstmCell: expected gates (B, 4H) and cell state (B, H), got "
                    + gates.shape() + " and " + c.shape());
        }
        if (gates.dtype() != DType.FLOAT32 || c.dtype() != DType.FLOAT32) {
            return lstmCellComposite(gates, c);
        }
        Tensor gc = gates.contiguous().detach();
        Tensor cc = c.contiguous().detach();
        int batch = c.size(0);
        Tensor hOut = Tensor.empty(c.shape(), DType.FLOAT32);
        Tensor cOut = Tensor.empty(c.shape(), DType.FLOAT32);
        float[] act = new float[batch * 4 * h];
        FusedKernels.lstmCellForward(gc.storage().floats(), gc.storageOffset(), cc.storage().floats(),
                cc.storageOffset(), batch, h, act, 0, hOut.storage().floats(), 0, cOut.storage().floats(), 0);
        return Autograd.recordMulti("lstmCell", new Tensor[] {hOut, cOut}, new Tensor[] {gates, c}, (grads, needs) -> {
            if (Grad.isEnabled()) {
                return compositeGradients(lstmCellComposite(gates, c), new Tensor[] {gates, c}, grads, needs);
            }
            float[] dGates = new float[batch * 4 * h];
            float[] dc = new float[batch * h];
            Tensor gh = grads[0].contiguous().detach();
            Tensor gcn = grads[1].contiguous().detach();
            FusedKernels.lstmCellBackward(act, 0, cc.storage().floats(), cc.storageOffset(), cOut.storage().floats(), 0,
                    gh.storage().floats(), gh.storageOffset(), gcn.storage().floats(), gcn.storageOffset(), batch, h,
                    dGates, 0, dc);
            return new Tensor[] {Tensor.fromArray(dGates, batch, 4 * h), Tensor.fromArray(dc, batch, h)};
        }, gates, c);
    }

    /** The LSTM step written with tensor ops (the definition the kernel is tested against). */
    public static Tensor[] lstmCellComposite(Tensor gates, Tensor c) {
        List<Tensor> parts = gates.chunk(4, 1);
        Tensor i = parts.get(0).sigmoid();
        Tensor f = parts.get(1).sigmoid();
        Tensor g = parts.get(2).tanh();
        Tensor o = parts.get(3).sigmoid();
        Tensor cNext = f.mul(c).add(i.mul(g));
        return new Tensor[] {o.mul(cNext.tanh()), cNext};
    }

    /**
     * One Adam step in place, as {@code torch.optim.Adam} computes it: m ← β1·m + (1 - β1)·g,
     * v ← β2·v + (1 - β2)·g², p ← p - lr / (1 - β1ᵗ) · m / (√v / √(1 - β2ᵗ) + eps). Weight
     * decay, if any, must already be in g (Adam) or applied to p (AdamW). All four tensors are
     * float32 of one shape; p, m and v contiguous. Runs outside the graph like any optimizer
     * update, and bumps the versions of what it writes.
     */
    public static void adamStep(Tensor p, Tensor g, Tensor m, Tensor v, double lr, double beta1, double beta2,
            double eps, long step) {
        for (Tensor t : new Tensor[] {p, g, m, v}) {
            if (t.dtype() != DType.FLOAT32 || !t.shape().equals(p.shape())) {
                throw new IllegalArgumentException("adamStep: expected float32 tensors of shape " + p.shape() + ", got "
                        + t.dtype() + " " + t.shape());
            }
        }
        if (!p.isContiguous() || !m.isContiguous() || !v.isContiguous()) {
            throw new IllegalArgumentException("adamStep: the parameter and its moments must be contiguous");
        }
        if (Grad.isEnabled() && p.requiresGrad()) {
            throw new IllegalStateException("adamStep: in-place update of a parameter that requires grad (shape "
                    + p.shape() + ") while grad mode is on; run optimizer steps inside Grad.off()");
        }
        Tensor gc = g.contiguous();
        FusedKernels.adamStep(p.storage().floats(), p.storageOffset(), gc.storage().floats(), gc.storageOffset(),
                m.storage().floats(), m.storageOffset(), v.storage().floats(), v.storageOffset(), p.numel(), lr, beta1,
                beta2, eps, step);
        for (Tensor t : new Tensor[] {p, m, v}) {
            t.storage().bumpVersion();
        }
    }

    /**
     * One direction of an LSTM layer over a whole sequence, as one op. {@code projected} (T, B, 4H)
     * holds x_t·W_ihᵀ plus both biases for every step; from h0, c0 (B, H) and W_hh (4H, H) each
     * step adds h·W_hhᵀ and applies {@link #lstmCell}, from t = 0 up, or from T - 1 down when
     * {@code reverse}. The backward pass runs the steps the other way with one matrix product per
     * step for dh, then computes dW_hh = Σ dGates_tᵀ·h_prev as one product over all T·B rows.
     *
     * @return {outputs (T, B, H) in time order, final h (B, H), final c (B, H)}
     */
    public static Tensor[] lstmLayer(Tensor projected, Tensor h0, Tensor c0, Tensor whh, boolean reverse) {
        if (projected.dim() != 3 || whh.dim() != 2 || projected.size(2) != whh.size(0) || whh.size(0) != 4 * whh.size(1)
                || !h0.shape().equals(Shape.of(projected.size(1), whh.size(1))) || !c0.shape().equals(h0.shape())) {
            throw new IllegalArgumentException("lstmLayer: expected projected inputs (T, B, 4H), states (B, H) and W_hh"
                    + " (4H, H), got " + projected.shape() + ", " + h0.shape() + ", " + c0.shape() + " and " + whh.shape());
        }
        int steps = projected.size(0);
        int batch = projected.size(1);
        int h = whh.size(1);
        if (projected.dtype() != DType.FLOAT32 || h0.dtype() != DType.FLOAT32 || c0.dtype() != DType.FLOAT32
                || whh.dtype() != DType.FLOAT32 || steps == 0) {
            return lstmLayerComposite(projected, h0, c0, whh, reverse);
        }
        LstmSequence seq = new LstmSequence(steps, batch, h, reverse);
        seq.forward(projected.contiguous().toFloatArray(), h0.contiguous().toFloatArray(), c0.contiguous().toFloatArray(),
                WeightPacks.transposed(whh));
        Tensor[] outs = {
            Tensor.fromArray(seq.hiddenStates(), steps, batch, h),
            Tensor.fromArray(seq.lastHidden(), batch, h),
            Tensor.fromArray(seq.lastCell(), batch, h)};
        Tensor[] inputs = {projected, h0, c0, whh};
        return Autograd.recordMulti("lstmLayer", outs, inputs, (grads, needs) -> {
            if (Grad.isEnabled()) {
                return compositeGradients(lstmLayerComposite(projected, h0, c0, whh, reverse), inputs, grads, needs);
            }
            Tensor w = whh.contiguous().detach();
            LstmSequence.Gradients g = seq.backward(grads[0].contiguous().toFloatArray(),
                    grads[1].contiguous().toFloatArray(), grads[2].contiguous().toFloatArray(), w.storage().floats(),
                    w.storageOffset(), h0.contiguous().toFloatArray());
            return new Tensor[] {
                Tensor.fromArray(g.projected(), steps, batch, 4 * h),
                Tensor.fromArray(g.h0(), batch, h),
                Tensor.fromArray(g.c0(), batch, h),
                Tensor.fromArray(g.whh(), 4 * h, h)};
        }, inputs);
    }

    /** The layer as a loop of {@link #lstmCell} steps: the definition {@link #lstmLayer} is tested against. */
    public static Tensor[] lstmLayerComposite(Tensor projected, Tensor h0, Tensor c0, Tensor whh, boolean reverse) {
        List<Tensor> steps = projected.unbind(0);
        Tensor h = h0;
        Tensor c = c0;
        Tensor[] outputs = new Tensor[steps.size()];
        for (int i = 0; i < outputs.length; i++) {
            int t = reverse ? outputs.length - 1 - i : i;
            Tensor[] hc = lstmCell(steps.get(t).add(h.matmul(whh.t())), c);
            h = hc[0];
            c = hc[1];
            outputs[t] = h;
        }
        return new Tensor[] {Tensor.stack(Arrays.asList(outputs), 0), h, c};
    }

    /**
     * A fused op's input gradients taken through its composite definition (recomputed with the
     * graph recorded), so that they can be differentiated again.
     */
    private static Tensor[] compositeGradients(Tensor[] compositeOutputs, Tensor[] inputs, Tensor[] grads,
            boolean[] needs) {
        List<Tensor> wrt = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            if (needs[i]) {
                wrt.add(inputs[i]);
            }
        }
        List<Tensor> g = Autograd.grad(Arrays.asList(compositeOutputs), wrt, Arrays.asList(grads), false, true, true);
        Tensor[] result = new Tensor[inputs.length];
        for (int i = 0, j = 0; i < inputs.length; i++) {
            result[i] = needs[i] ? g.get(j++) : null;
        }
        return result;
    }
}
