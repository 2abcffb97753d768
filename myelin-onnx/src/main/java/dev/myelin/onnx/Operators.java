package dev.myelin.onnx;

import dev.myelin.tensor.Attention;
import dev.myelin.tensor.Tensor;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The operators Myelin implements, by domain and name; each family registers its own. */
final class Operators {
    /** The operator set assumed for a default-domain node when the model imports none. */
    static final int LATEST_OPSET = 21;
    private static final Map<String, Kernel.Factory> DEFAULT_DOMAIN = build();
    private static final Map<String, Kernel.Factory> TRAINING_DOMAIN = training();
    /** Myelin's own operators, written only by {@link Fusions}. */
    private static final Map<String, Kernel.Factory> MYELIN_DOMAIN = Map.of(
            "Linear", node -> in -> OpSupport.one(dev.myelin.tensor.Fused.linear(OpSupport.t(in[0]),
                    OpSupport.t(in[1]).t(), OpSupport.t(in[2]), false)),
            "Attention", Operators::attention);

    private Operators() {}

    private static Map<String, Kernel.Factory> build() {
        Map<String, Kernel.Factory> ops = new HashMap<>();
        OpSupport.Registry r = OpSupport.into(ops);
        ElementwiseOps.register(r);
        ShapeOps.register(r);
        IndexOps.register(r);
        ReduceOps.register(r);
        NnOps.register(r);
        ResizeOps.register(r);
        LossOps.register(r);
        RecurrentOps.register(r);
        ControlFlowOps.register(r);
        SequenceOps.register(r);
        QuantizeOps.register(r);
        MiscOps.register(r);
        SamplingOps.register(r);
        TextOps.register(r);
        return Collections.unmodifiableMap(ops);
    }

    private static Map<String, Kernel.Factory> training() {
        Map<String, Kernel.Factory> ops = new HashMap<>();
        TrainingOps.register(OpSupport.into(ops));
        return Collections.unmodifiableMap(ops);
    }

    /**
     * softmax(q·kt·scale + mask)·v (inputs q, kt, v and an optional mask): the fused kernel where the
     * shapes are those of attention, else the same products as the nodes it replaced.
     */
    private static Kernel attention(Node node) {
        double scale = node.f("scale", 1);
        return in -> {
            Tensor q = OpSupport.t(in[0]);
            Tensor kt = OpSupport.t(in[1]);
            Tensor v = OpSupport.t(in[2]);
            Tensor mask = in.length > 3 && in[3] != null ? OpSupport.t(in[3]) : null;
            Tensor k = kt.dim() >= 2 ? kt.mT() : kt;
            if (Attention.accepts(q.shape(), k.shape(), v.shape(), mask == null ? null : mask.shape())) {
                return OpSupport.one(Attention.scaledDotProduct(q, k, v, mask, false, scale));
            }
            Tensor scores = q.matmul(kt).mul(scale);
            return OpSupport.one((mask == null ? scores : scores.add(mask)).softmax(-1).matmul(v));
        };
    }

    /** The kernel of one node, or an exception saying that its operator is not supported. */
    static Kernel create(Node node, String domain) {
        Kernel.Factory f = domain.isEmpty() ? DEFAULT_DOMAIN.get(node.opType())
                : domain.equals(Fusions.DOMAIN) ? MYELIN_DOMAIN.get(node.opType())
                : domain.equals(TrainingOps.DOMAIN) ? TRAINING_DOMAIN.get(node.opType()) : null;
        if (f == null) {
            throw new UnsupportedOperationException("operator " + (domain.isEmpty() ? "" : domain + ".")
                    + node.opType() + " (opset " + node.opset() + ") is not supported");
        }
        return f.create(node);
    }

    /** The names of the supported operators of the default domain, sorted. */
    static Set<String> supported() {
        return Collections.unmodifiableSet(new TreeSet<>(DEFAULT_DOMAIN.keySet()));
    }
}
