package dev.myelin.onnx;

import static dev.myelin.onnx.OpSupport.t;

import dev.myelin.tensor.Tensor;

/**
 * The optimizers of ONNX's training domain {@code ai.onnx.preview.training}: Adagrad, Momentum
 * (standard and Nesterov) and Adam, each updating any number of tensors at once. Inputs are the
 * learning rate R, the step count T, then the tensors, their gradients and their optimizer state.
 */
final class TrainingOps {
    /** The domain these operators live in. */
    static final String DOMAIN = "ai.onnx.preview.training";

    private TrainingOps() {}

    static void register(OpSupport.Registry r) {
        r.add("Adagrad", node -> {
            double decay = node.f("decay_factor", 0f);
            double eps = node.f("epsilon", 1e-6f);
            double norm = node.f("norm_coefficient", 0f);
            return in -> {
                int n = (in.length - 2) / 3;
                double rate = t(in[0]).item() / (1 + t(in[1]).item() * decay);
                Object[] out = new Object[2 * n];
                for (int i = 0; i < n; i++) {
                    Tensor x = t(in[2 + i]);
                    Tensor g = t(in[2 + n + i]).add(x.mul(norm));
                    Tensor h = t(in[2 + 2 * n + i]).add(g.square());
                    out[i] = x.sub(g.div(h.sqrt().add(eps)).mul(rate));
                    out[n + i] = h;
                }
                return out;
            };
        });
        r.add("Momentum", node -> {
            double alpha = node.f("alpha", 0f);
            double beta = node.f("beta", 0f);
            double norm = node.f("norm_coefficient", 0f);
            boolean nesterov = node.s("mode", "standard").equals("nesterov");
            return in -> {
                int n = (in.length - 2) / 3;
                double rate = t(in[0]).item();
                double b = t(in[1]).item() > 0 ? beta : 1;
                Object[] out = new Object[2 * n];
                for (int i = 0; i < n; i++) {
                    Tensor x = t(in[2 + i]);
                    Tensor g = t(in[2 + n + i]).add(x.mul(norm));
                    Tensor v = t(in[2 + 2 * n + i]).mul(alpha).add(g.mul(b));
                    out[i] = x.sub((nesterov ? g.add(v.mul(alpha)) : v).mul(rate));
                    out[n + i] = v;
                }
                return out;
            };
        });
        r.add("Adam", node -> {
            double alpha = node.f("alpha", 0.9f);
            double beta = node.f("beta", 0.999f);
            double eps = node.f("epsilon", 1e-6f);
            double norm = node.f("norm_coefficient", 0f);
            double normPost = node.f("norm_coefficient_post", 0f);
            return in -> {
                int n = (in.length - 2) / 4;
                double step = t(in[1]).item();
                double rate = t(in[0]).item();
                if (step > 0) {
                    rate *= Math.sqrt(1 - Math.pow(beta, step)) / (1 - Math.pow(alpha, step));
                }
                Object[] out = new Object[3 * n];
                for (int i = 0; i < n; i++) {
                    Tensor x = t(in[2 + i]);
                    Tensor g = t(in[2 + n + i]).add(x.mul(norm));
                    Tensor v = t(in[2 + 2 * n + i]).mul(alpha).add(g.mul(1 - alpha));
                    Tensor h = t(in[2 + 3 * n + i]).mul(beta).add(g.square().mul(1 - beta));
                    out[i] = x.sub(v.div(h.sqrt().add(eps)).mul(rate)).mul(1 - normPost);
                    out[n + i] = v;
                    out[2 * n + i] = h;
                }
                return out;
            };
        });
    }
}
