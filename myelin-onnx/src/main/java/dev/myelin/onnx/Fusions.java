package dev.myelin.onnx;

import dev.myelin.onnx.proto.OnnxProto.AttributeProto;
import dev.myelin.onnx.proto.OnnxProto.GraphProto;
import dev.myelin.onnx.proto.OnnxProto.NodeProto;
import dev.myelin.onnx.proto.OnnxProto.ValueInfoProto;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites the op-by-op forms exporters write for common layers into single nodes that run one
 * fused Myelin kernel, as inference runtimes do:
 *
 * <ul>
 *   <li>layer normalisation over the last axis (ReduceMean, Sub, Pow 2, ReduceMean, Add ε, Sqrt,
 *       Div, Mul γ, Add β) becomes LayerNormalization, run by {@code Fused.layerNorm};
 *   <li>the exact GELU (Div √2, Erf, Add 1, Mul x, Mul 0.5) becomes Gelu;
 *   <li>a MatMul by a 2-D weight followed by Add of a 1-D bias becomes {@code dev.myelin.Linear},
 *       run by {@code Fused.linear} (one GEMM writing into the bias);
 *   <li>attention (MatMul Q·Kᵀ, Div or Mul by a scalar, Add of a mask, Softmax over the last axis,
 *       MatMul by V) becomes {@code dev.myelin.Attention}, run by the fused attention kernel, which
 *       never materialises the score matrix.
 * </ul>
 * Each rewrite computes the same function (with the same gradients), and applies only where the
 * intermediate values have no other reader and are not graph outputs.
 */
final class Fusions {
    /** The domain of Myelin's own fused operators. */
    static final String DOMAIN = "dev.myelin";

    private final List<NodeProto> nodes;
    private final Map<String, Object> constants;
    private final Set<String> outputs = new HashSet<>();
    private final Map<String, List<Integer>> readers = new HashMap<>();
    private final Map<String, Integer> producer = new HashMap<>();
    private final boolean[] removed;

    private Fusions(GraphProto g, Map<String, Object> constants) {
        this.nodes = new ArrayList<>(g.getNodeList());
        this.constants = constants;
        this.removed = new boolean[nodes.size()];
        for (ValueInfoProto v : g.getOutputList()) {
            outputs.add(v.getName());
        }
        for (int k = 0; k < nodes.size(); k++) {
            for (String in : nodes.get(k).getInputList()) {
                readers.computeIfAbsent(in, x -> new ArrayList<>()).add(k);
            }
            for (String out : nodes.get(k).getOutputList()) {
                producer.put(out, k);
            }
        }
    }

    /**
     * The graph with the patterns above fused.
     *
     * @param initializers the top-level initializers' values (weights and constants) by name
     */
    static GraphProto apply(GraphProto g, Map<String, Tensor> initializers) {
        Map<String, Object> constants = new HashMap<>(initializers);
        for (NodeProto n : g.getNodeList()) {
            if (n.getOpType().equals("Constant") && n.getOutputCount() == 1 && n.getAttributeCount() == 1
                    && n.getAttribute(0).getName().equals("value")) {
                try {
                    constants.put(n.getOutput(0), TensorCodec.decode(n.getAttribute(0).getT(), "Constant", null));
                } catch (Exception e) {
                    // not a constant this pass can read: it is left alone
                }
            }
        }
        Fusions f = new Fusions(g, constants);
        for (int k = 0; k < f.nodes.size(); k++) {
            if (!f.removed[k]) {
                f.layerNorm(k);
            }
        }
        for (int k = 0; k < f.nodes.size(); k++) {
            if (!f.removed[k]) {
                f.gelu(k);
            }
        }
        for (int k = 0; k < f.nodes.size(); k++) {
            if (!f.removed[k]) {
                f.linear(k);
                f.attention(k);
            }
        }
        GraphProto.Builder out = g.toBuilder().clearNode();
        for (int k = 0; k < f.nodes.size(); k++) {
            if (!f.removed[k]) {
                out.addNode(f.nodes.get(k));
            }
        }
        return out.build();
    }

    // ---------------------------------------------------------------- matching helpers

    private NodeProto node(int k) {
        return k < 0 || removed[k] ? null : nodes.get(k);
    }

    /** The only reader of {@code value} if it has exactly one and is not a graph output, else -1. */
    private int soleReader(String value, String op) {
        List<Integer> r = readers.getOrDefault(value, List.of());
        if (r.size() != 1 || outputs.contains(value) || removed[r.get(0)]) {
            return -1;
        }
        return nodes.get(r.get(0)).getOpType().equals(op) ? r.get(0) : -1;
    }

    /** The scalar value of a constant input, or NaN. */
    private double scalar(String name) {
        return constants.get(name) instanceof Tensor t && t.numel() == 1 ? t.reshape(-1).get(0) : Double.NaN;
    }

    /** The other input of a two-input node, given one of them; null if the node does not read {@code one}. */
    private static String other(NodeProto n, String one) {
        if (n.getInputCount() != 2) {
            return null;
        }
        return n.getInput(0).equals(one) ? n.getInput(1) : n.getInput(1).equals(one) ? n.getInput(0) : null;
    }

    /** The value of an integer attribute, or null if the node has none of that name. */
    private static Long intAttribute(NodeProto n, String name) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a.getI();
            }
        }
        return null;
    }

    /** The rank of a value if a node that fixes it (a Transpose with its perm) produces it, else -1. */
    private int knownRank(String value) {
        NodeProto p = node(producer.getOrDefault(value, -1));
        if (p != null && p.getOpType().equals("Transpose")) {
            for (AttributeProto a : p.getAttributeList()) {
                if (a.getName().equals("perm")) {
                    return a.getIntsCount();
                }
            }
        }
        return -1;
    }

    private static boolean lastAxisOnly(NodeProto reduceMean) {
        for (AttributeProto a : reduceMean.getAttributeList()) {
            if (a.getName().equals("axes")) {
                return a.getIntsCount() == 1 && a.getInts(0) == -1;
            }
        }
        return false;
    }

    private static boolean keepsDims(NodeProto reduceMean) {
        for (AttributeProto a : reduceMean.getAttributeList()) {
            if (a.getName().equals("keepdims")) {
                return a.getI() != 0;
            }
        }
        return true;
    }

    private void replace(int at, NodeProto fused, int... alsoRemoved) {
        nodes.set(at, fused);
        for (int k : alsoRemoved) {
            removed[k] = true;
        }
    }

    // ---------------------------------------------------------------- patterns

    /** mean = ReduceMean(x); d = x - mean; var = ReduceMean(d^2); y = d / sqrt(var + eps) * gamma + beta. */
    private void layerNorm(int k0) {
        NodeProto mean = node(k0);
        if (mean == null || !mean.getOpType().equals("ReduceMean") || mean.getInputCount() != 1
                || !lastAxisOnly(mean) || !keepsDims(mean)) {
            return;
        }
        String x = mean.getInput(0);
        int kSub = soleReader(mean.getOutput(0), "Sub");
        NodeProto sub = node(kSub);
        if (sub == null || !sub.getInput(0).equals(x) || !sub.getInput(1).equals(mean.getOutput(0))) {
            return;
        }
        String d = sub.getOutput(0);
        List<Integer> dReaders = readers.getOrDefault(d, List.of());
        if (dReaders.size() != 2 || outputs.contains(d)) {
            return;
        }
        int kPow = nodes.get(dReaders.get(0)).getOpType().equals("Pow") ? dReaders.get(0) : dReaders.get(1);
        int kDiv = kPow == dReaders.get(0) ? dReaders.get(1) : dReaders.get(0);
        NodeProto pow = node(kPow);
        NodeProto div = node(kDiv);
        if (pow == null || div == null || !pow.getOpType().equals("Pow") || !div.getOpType().equals("Div")
                || !pow.getInput(0).equals(d) || scalar(pow.getInput(1)) != 2 || !div.getInput(0).equals(d)) {
            return;
        }
        int kVar = soleReader(pow.getOutput(0), "ReduceMean");
        NodeProto var = node(kVar);
        if (var == null || !lastAxisOnly(var) || !keepsDims(var)) {
            return;
        }
        int kAdd = soleReader(var.getOutput(0), "Add");
        NodeProto addEps = node(kAdd);
        String epsName = addEps == null ? null : other(addEps, var.getOutput(0));
        double eps = epsName == null ? Double.NaN : scalar(epsName);
        int kSqrt = addEps == null ? -1 : soleReader(addEps.getOutput(0), "Sqrt");
        NodeProto sqrt = node(kSqrt);
        if (Double.isNaN(eps) || sqrt == null || !div.getInput(1).equals(sqrt.getOutput(0))
                || soleReader(sqrt.getOutput(0), "Div") != kDiv) {
            return;
        }
        int kMul = soleReader(div.getOutput(0), "Mul");
        NodeProto mul = node(kMul);
        String gamma = mul == null ? null : other(mul, div.getOutput(0));
        int kBias = mul == null ? -1 : soleReader(mul.getOutput(0), "Add");
        NodeProto bias = node(kBias);
        String beta = bias == null ? null : other(bias, mul.getOutput(0));
        if (!(constants.get(gamma) instanceof Tensor g) || g.dim() != 1
                || !(constants.get(beta) instanceof Tensor b) || b.dim() != 1) {
            return;
        }
        NodeProto fused = NodeProto.newBuilder().setOpType("LayerNormalization").setName(bias.getName())
                .addInput(x).addInput(gamma).addInput(beta).addOutput(bias.getOutput(0))
                .addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT)
                        .setI(-1))
                .addAttribute(AttributeProto.newBuilder().setName("epsilon").setType(AttributeProto.AttributeType.FLOAT)
                        .setF((float) eps))
                .build();
        replace(kBias, fused, k0, kSub, kPow, kDiv, kVar, kAdd, kSqrt, kMul);
    }

    /** y = x · (erf(x / √2) + 1) · 0.5. */
    private void gelu(int k0) {
        NodeProto div = node(k0);
        if (div == null || !div.getOpType().equals("Div") || Math.abs(scalar(div.getInput(1)) - Math.sqrt(2)) > 1e-5) {
            return;
        }
        String x = div.getInput(0);
        int kErf = soleReader(div.getOutput(0), "Erf");
        NodeProto erf = node(kErf);
        int kAdd = erf == null ? -1 : soleReader(erf.getOutput(0), "Add");
        NodeProto add = node(kAdd);
        if (add == null || scalar(other(add, erf.getOutput(0))) != 1) {
            return;
        }
        int kMul = soleReader(add.getOutput(0), "Mul");
        NodeProto mul = node(kMul);
        if (mul == null || !x.equals(other(mul, add.getOutput(0)))) {
            return;
        }
        int kHalf = soleReader(mul.getOutput(0), "Mul");
        NodeProto half = node(kHalf);
        if (half == null || scalar(other(half, mul.getOutput(0))) != 0.5) {
            return;
        }
        NodeProto fused = NodeProto.newBuilder().setOpType("Gelu").setName(half.getName()).addInput(x)
                .addOutput(half.getOutput(0)).build();
        replace(kHalf, fused, k0, kErf, kAdd, kMul);
    }

    /** y = x · W + b with W (in, out) and b (out) initializers. */
    private void linear(int k0) {
        NodeProto mm = node(k0);
        if (mm == null || !mm.getOpType().equals("MatMul") || !(constants.get(mm.getInput(1)) instanceof Tensor w)
                || w.dim() != 2) {
            return;
        }
        int kAdd = soleReader(mm.getOutput(0), "Add");
        NodeProto add = node(kAdd);
        String bias = add == null ? null : other(add, mm.getOutput(0));
        if (!(constants.get(bias) instanceof Tensor b) || b.dim() != 1 || b.size(0) != w.size(1)) {
            return;
        }
        NodeProto fused = NodeProto.newBuilder().setOpType("Linear").setDomain(DOMAIN).setName(add.getName())
                .addInput(mm.getInput(0)).addInput(mm.getInput(1)).addInput(bias).addOutput(add.getOutput(0)).build();
        replace(kAdd, fused, k0);
    }

    /**
     * softmax(q·kt·scale + mask)·v, from MatMul(q, kt), Div by c (scale 1/c) or Mul by c (scale c),
     * an optional Add of the mask, Softmax over the last axis, and MatMul by v.
     */
    private void attention(int k0) {
        NodeProto scores = node(k0);
        if (scores == null || !scores.getOpType().equals("MatMul")) {
            return;
        }
        String raw = scores.getOutput(0);
        double scale = Double.NaN;
        int kScale = soleReader(raw, "Div");
        if (kScale >= 0 && nodes.get(kScale).getInput(0).equals(raw)) {
            scale = 1 / scalar(nodes.get(kScale).getInput(1));
        } else {
            kScale = soleReader(raw, "Mul");
            scale = kScale < 0 ? Double.NaN : scalar(other(nodes.get(kScale), raw));
        }
        if (!Double.isFinite(scale)) {
            return;
        }
        NodeProto scaled = nodes.get(kScale);
        int kMask = soleReader(scaled.getOutput(0), "Add");
        NodeProto add = node(kMask);
        String mask = add == null ? null : other(add, scaled.getOutput(0));
        if (scaled.getOutput(0).equals(mask)) {
            return;
        }
        String logits = add == null ? scaled.getOutput(0) : add.getOutput(0);
        int kSoftmax = soleReader(logits, "Softmax");
        NodeProto softmax = node(kSoftmax);
        Long axis = softmax == null ? null : intAttribute(softmax, "axis");
        int rank = knownRank(scores.getInput(0));
        boolean lastAxis = axis != null
                && (axis == -1 || rank >= 2 && axis == rank - 1 && knownRank(scores.getInput(1)) == rank);
        if (!lastAxis) {
            return;
        }
        int kValues = soleReader(softmax.getOutput(0), "MatMul");
        NodeProto values = node(kValues);
        if (values == null || !values.getInput(0).equals(softmax.getOutput(0))) {
            return;
        }
        NodeProto.Builder fused = NodeProto.newBuilder().setOpType("Attention").setDomain(DOMAIN)
                .setName(values.getName()).addInput(scores.getInput(0)).addInput(scores.getInput(1))
                .addInput(values.getInput(1)).addOutput(values.getOutput(0))
                .addAttribute(AttributeProto.newBuilder().setName("scale").setType(AttributeProto.AttributeType.FLOAT)
                        .setF((float) scale));
        if (mask != null) {
            fused.addInput(mask);
            replace(kValues, fused.build(), k0, kScale, kMask, kSoftmax);
        } else {
            replace(kValues, fused.build(), k0, kScale, kSoftmax);
        }
    }
}
