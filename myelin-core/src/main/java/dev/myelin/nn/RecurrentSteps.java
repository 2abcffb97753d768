package dev.myelin.nn;

import dev.myelin.tensor.Fused;
import dev.myelin.tensor.Tensor;
import java.util.List;

/**
 * One time step of each recurrent cell, shared by the layers and the cell modules. The input's
 * projection x·W_ihᵀ (+ biases) is computed before the step; the step adds h·W_hhᵀ, one matrix
 * product for all gates, and applies the gates (PyTorch's gate order and formulas).
 */
final class RecurrentSteps {
    private RecurrentSteps() {}

    /** h' = tanh (or relu) of xp + h·W_hhᵀ (+ b_hh, null when folded into xp). */
    static Tensor rnn(Tensor xp, Tensor h, Tensor whh, Tensor bhh, boolean relu) {
        Tensor pre = xp.add(Fused.linear(h, whh, bhh, false));
        return relu ? pre.relu() : pre.tanh();
    }

    /** {h', c'} from the gates xp + h·W_hhᵀ (+ b_hh) in order input, forget, cell, output. */
    static Tensor[] lstm(Tensor xp, Tensor h, Tensor c, Tensor whh, Tensor bhh) {
        return Fused.lstmCell(xp.add(Fused.linear(h, whh, bhh, false)), c);
    }

    /**
     * h' = (1 - z)·n + z·h with r = σ(x_r + h_r), z = σ(x_z + h_z), n = tanh(x_n + r·h_n), where
     * x_* are parts of xp and h_* of h·W_hhᵀ + b_hh (the hidden bias stays inside r·(...)).
     */
    static Tensor gru(Tensor xp, Tensor h, Tensor whh, Tensor bhh) {
        int hidden = h.size(-1);
        List<Tensor> x = xp.split(hidden, -1);
        List<Tensor> hp = Fused.linear(h, whh, bhh, false).split(hidden, -1);
        Tensor r = x.get(0).add(hp.get(0)).sigmoid();
        Tensor z = x.get(1).add(hp.get(1)).sigmoid();
        Tensor n = x.get(2).add(r.mul(hp.get(2))).tanh();
        return n.add(z.mul(h.sub(n)));
    }
}
