package dev.myelin.onnx;

import static dev.myelin.onnx.OpSupport.one;
import static dev.myelin.onnx.OpSupport.t;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Tensor;
import java.util.List;

/**
 * The loss operators: NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss over (N, C) or
 * (N, C, d1, ...) inputs, with class weights, an ignored class and the three reductions.
 */
final class LossOps {
    private LossOps() {}

    static void register(OpSupport.Registry r) {
        r.add("NegativeLogLikelihoodLoss", node -> {
            Long ignore = node.hasAttr("ignore_index") ? node.i("ignore_index") : null;
            String reduction = reduction(node);
            return in -> one(nll(t(in[0]), t(in[1]), in.length > 2 && in[2] != null ? t(in[2]) : null, ignore,
                    reduction));
        });
        r.add("SoftmaxCrossEntropyLoss", node -> {
            Long ignore = node.hasAttr("ignore_index") ? node.i("ignore_index") : null;
            String reduction = reduction(node);
            return in -> {
                Tensor logProb = t(in[0]).logSoftmax(1);
                Tensor loss = nll(logProb, t(in[1]), in.length > 2 && in[2] != null ? t(in[2]) : null, ignore,
                        reduction);
                return new Object[] {loss, logProb};
            };
        });
    }

    private static String reduction(Node node) {
        String reduction = node.s("reduction", "mean");
        if (!List.of("none", "sum", "mean").contains(reduction)) {
            throw node.fail("reduction must be none, sum or mean, got '" + reduction + "'");
        }
        return reduction;
    }

    /**
     * -input[n, target[n, ...], ...] · weight[target], zero where the target is ignored; the mean
     * divides by the total weight of the targets not ignored.
     */
    static Tensor nll(Tensor input, Tensor target, Tensor weight, Long ignore, String reduction) {
        Tensor labels = target.to(DType.INT64);
        Tensor keep = ignore == null ? null : labels.ne((double) ignore);
        Tensor safe = keep == null ? labels : Tensor.where(keep, labels, Tensor.zeros(labels.shape(), DType.INT64));
        Tensor picked = input.gather(1, safe.unsqueeze(1)).squeeze(1);
        Tensor w = weight == null ? Tensor.onesLike(picked)
                : weight.indexSelect(0, safe.reshape(-1)).reshape(safe.shape().toArray());
        if (keep != null) {
            w = w.mul(keep.to(w.dtype()));
        }
        Tensor loss = picked.neg().mul(w);
        return switch (reduction) {
            case "none" -> loss;
            case "sum" -> loss.sum();
            default -> loss.sum().div(w.sum());
        };
    }
}
