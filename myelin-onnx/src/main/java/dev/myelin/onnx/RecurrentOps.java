package dev.myelin.onnx;

import static dev.myelin.onnx.OpSupport.t;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The recurrent operators RNN, GRU and LSTM, with the specification's gate orders (LSTM: input,
 * output, forget, cell; GRU: update, reset, hidden), forward, reverse and bidirectional
 * directions, per-sequence lengths, initial states, peepholes, clipping, custom activations and
 * both layouts. The input projection of all time steps is one matrix product; the recurrence is a
 * loop of Myelin ops, so gradients flow through time.
 */
final class RecurrentOps {
    private RecurrentOps() {}

    /** An operator's gate count and default activations (per direction). */
    private enum Kind {
        RNN(1, "Tanh"), GRU(3, "Sigmoid", "Tanh"), LSTM(4, "Sigmoid", "Tanh", "Tanh");

        final int gates;
        final List<String> activations;

        Kind(int gates, String... activations) {
            this.gates = gates;
            this.activations = List.of(activations);
        }
    }

    /** The settings of one node. */
    private record Cell(Kind kind, int hidden, boolean bidirectional, boolean reverse, Double clip,
            List<UnaryOperator<Tensor>> activations, boolean linearBeforeReset, boolean inputForget) {}

    static void register(OpSupport.Registry r) {
        for (Kind kind : Kind.values()) {
            r.add(kind.name(), node -> recurrent(node, kind));
        }
    }

    private static Kernel recurrent(Node node, Kind kind) {
        String direction = node.s("direction", "forward");
        if (!List.of("forward", "reverse", "bidirectional").contains(direction)) {
            throw node.fail("direction must be forward, reverse or bidirectional, got '" + direction + "'");
        }
        boolean bidirectional = direction.equals("bidirectional");
        int dirs = bidirectional ? 2 : 1;
        List<String> names = node.strings("activations");
        if (names == null) {
            names = new ArrayList<>();
            for (int d = 0; d < dirs; d++) {
                names.addAll(kind.activations);
            }
        }
        if (names.size() != dirs * kind.activations.size()) {
            throw node.fail("expected " + dirs * kind.activations.size() + " activations, got " + names);
        }
        float[] alphas = node.floats("activation_alpha");
        float[] betas = node.floats("activation_beta");
        List<UnaryOperator<Tensor>> acts = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Double alpha = alphas != null && i < alphas.length ? (double) alphas[i] : null;
            Double beta = betas != null && i < betas.length ? (double) betas[i] : null;
            acts.add(activation(node, names.get(i), alpha, beta));
        }
        Double clip = node.hasAttr("clip") ? (double) node.f("clip", 0f) : null;
        boolean batchFirst = node.i("layout", 0) != 0;
        long hiddenAttr = node.i("hidden_size", -1);
        boolean lbr = node.i("linear_before_reset", 0) != 0;
        boolean inputForget = node.i("input_forget", 0) != 0;
        return in -> {
            Tensor x = t(in[0]);
            Tensor w = t(in[1]);
            Tensor rw = t(in[2]);
            Tensor b = opt(in, 3);
            Tensor lens = opt(in, 4);
            Tensor h0 = opt(in, 5);
            Tensor c0 = kind == Kind.LSTM ? opt(in, 6) : null;
            Tensor peep = kind == Kind.LSTM ? opt(in, 7) : null;
            if (batchFirst) {
                x = x.transpose(0, 1);
                h0 = h0 == null ? null : h0.transpose(0, 1);
                c0 = c0 == null ? null : c0.transpose(0, 1);
            }
            int hidden = hiddenAttr > 0 ? (int) hiddenAttr : rw.size(-1);
            List<Tensor> ys = new ArrayList<>();
            List<Tensor> hs = new ArrayList<>();
            List<Tensor> cs = new ArrayList<>();
            for (int d = 0; d < dirs; d++) {
                boolean rev = direction.equals("reverse") || d == 1;
                int per = kind.activations.size();
                Cell cell = new Cell(kind, hidden, bidirectional, rev, clip, acts.subList(d * per, (d + 1) * per), lbr,
                        inputForget);
                Tensor[] out = direction(cell, x, w.select(0, d), rw.select(0, d), b == null ? null : b.select(0, d),
                        lens, h0 == null ? null : h0.select(0, d), c0 == null ? null : c0.select(0, d),
                        peep == null ? null : peep.select(0, d));
                ys.add(out[0]);
                hs.add(out[1]);
                cs.add(out[2]);
            }
            Tensor y = Tensor.stack(ys, 1);          // (seq, dirs, batch, hidden)
            Tensor yh = Tensor.stack(hs, 0);         // (dirs, batch, hidden)
            Tensor yc = Tensor.stack(cs, 0);
            if (batchFirst) {
                y = y.permute(2, 0, 1, 3);
                yh = yh.transpose(0, 1);
                yc = yc.transpose(0, 1);
            }
            return new Object[] {y, yh, yc};
        };
    }

    private static Tensor opt(Object[] in, int i) {
        return in.length > i && in[i] != null ? t(in[i]) : null;
    }

    /** One direction over the whole sequence: (Y (seq, batch, hidden), last H, last C). */
    private static Tensor[] direction(Cell cell, Tensor x, Tensor w, Tensor r, Tensor b, Tensor lens, Tensor h0,
            Tensor c0, Tensor peep) {
        int seq = x.size(0);
        int batch = x.size(1);
        int h = cell.hidden();
        int g = cell.kind().gates * h;
        long[] lengths = lens == null ? null : lens.toLongArray();
        Tensor xs = cell.reverse() ? reverse(x, lengths) : x;
        Tensor wb = b == null ? null : b.narrow(0, 0, g);
        Tensor rb = b == null ? null : b.narrow(0, g, g);
        Tensor xw = xs.reshape(seq * batch, x.size(2)).linear(w, wb).reshape(seq, batch, g);
        Tensor hPrev = h0 != null ? h0 : Tensor.zeros(Shape.of(batch, h), x.dtype());
        Tensor cPrev = c0 != null ? c0 : Tensor.zeros(Shape.of(batch, h), x.dtype());
        List<Tensor> ys = new ArrayList<>();
        for (int step = 0; step < seq; step++) {
            Tensor xt = xw.select(0, step);
            Tensor[] next = switch (cell.kind()) {
                case RNN -> new Tensor[] {act(cell, 0, xt.add(hPrev.linear(r, rb))), cPrev};
                case GRU -> gru(cell, xt, hPrev, r, rb);
                case LSTM -> lstm(cell, xt, hPrev, cPrev, r, rb, peep);
            };
            Tensor hNew = next[0];
            Tensor cNew = next[1];
            if (lengths != null) {
                Tensor live = liveMask(lengths, step, x.dtype());
                Tensor dead = live.neg().add(1.0);
                hNew = hNew.mul(live).add(hPrev.mul(dead));
                cNew = cNew.mul(live).add(cPrev.mul(dead));
                ys.add(next[0].mul(live));
            } else {
                ys.add(hNew);
            }
            hPrev = hNew;
            cPrev = cNew;
        }
        Tensor y = seq == 0 ? Tensor.zeros(Shape.of(0, batch, h), x.dtype()) : Tensor.stack(ys, 0);
        return new Tensor[] {cell.reverse() ? reverse(y, lengths) : y, hPrev, cPrev};
    }

    private static Tensor act(Cell cell, int which, Tensor x) {
        Tensor v = cell.clip() == null ? x : x.clamp(-cell.clip(), cell.clip());
        return cell.activations().get(which).apply(v);
    }

    private static Tensor[] gru(Cell cell, Tensor xt, Tensor hPrev, Tensor r, Tensor rb) {
        int h = cell.hidden();
        Tensor rz = r.narrow(0, 0, h);
        Tensor rr = r.narrow(0, h, h);
        Tensor rh = r.narrow(0, 2 * h, h);
        Tensor bz = rb == null ? null : rb.narrow(0, 0, h);
        Tensor br = rb == null ? null : rb.narrow(0, h, h);
        Tensor bh = rb == null ? null : rb.narrow(0, 2 * h, h);
        Tensor z = act(cell, 0, xt.narrow(1, 0, h).add(hPrev.linear(rz, bz)));
        Tensor reset = act(cell, 0, xt.narrow(1, h, h).add(hPrev.linear(rr, br)));
        Tensor recurrent = cell.linearBeforeReset() ? reset.mul(hPrev.linear(rh, bh)) : reset.mul(hPrev).linear(rh, bh);
        Tensor candidate = act(cell, 1, xt.narrow(1, 2 * h, h).add(recurrent));
        Tensor hNew = z.neg().add(1.0).mul(candidate).add(z.mul(hPrev));
        return new Tensor[] {hNew, hNew};
    }

    private static Tensor[] lstm(Cell cell, Tensor xt, Tensor hPrev, Tensor cPrev, Tensor r, Tensor rb, Tensor peep) {
        int h = cell.hidden();
        Tensor gates = xt.add(hPrev.linear(r, rb));
        Tensor gi = gates.narrow(1, 0, h);
        Tensor go = gates.narrow(1, h, h);
        Tensor gf = gates.narrow(1, 2 * h, h);
        Tensor gc = gates.narrow(1, 3 * h, h);
        if (peep != null) {
            gi = gi.add(peep.narrow(0, 0, h).mul(cPrev));
            gf = gf.add(peep.narrow(0, 2 * h, h).mul(cPrev));
        }
        Tensor i = act(cell, 0, gi);
        Tensor f = cell.inputForget() ? i.neg().add(1.0) : act(cell, 0, gf);
        Tensor c = f.mul(cPrev).add(i.mul(act(cell, 1, gc)));
        if (peep != null) {
            go = go.add(peep.narrow(0, h, h).mul(c));
        }
        Tensor o = act(cell, 0, go);
        return new Tensor[] {o.mul(cell.activations().get(2).apply(c)), c};
    }

    /** 1 for the batch entries still running at {@code step}, else 0, as (batch, 1). */
    private static Tensor liveMask(long[] lengths, int step, DType dtype) {
        double[] m = new double[lengths.length];
        for (int b = 0; b < m.length; b++) {
            m[b] = step < lengths[b] ? 1 : 0;
        }
        return Tensor.fromArray(m, m.length, 1).to(dtype);
    }

    /** Each batch entry's first length[b] time steps reversed (all of them without lengths). */
    private static Tensor reverse(Tensor x, long[] lengths) {
        if (lengths == null) {
            return OpSupport.flip(x, 0);
        }
        int seq = x.size(0);
        int batch = x.size(1);
        int feat = x.size(2);
        long[] idx = new long[seq * batch * feat];
        for (int t = 0; t < seq; t++) {
            for (int b = 0; b < batch; b++) {
                long src = t < lengths[b] ? lengths[b] - 1 - t : t;
                for (int f = 0; f < feat; f++) {
                    idx[(t * batch + b) * feat + f] = src;
                }
            }
        }
        return x.gather(0, Tensor.fromArray(idx, seq, batch, feat));
    }

    /** An activation of the recurrent operators' list, by its specification name. */
    private static UnaryOperator<Tensor> activation(Node node, String name, Double alpha, Double beta) {
        double a = alpha == null ? Double.NaN : alpha;
        double b = beta == null ? Double.NaN : beta;
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "relu" -> Tensor::relu;
            case "tanh" -> Tensor::tanh;
            case "sigmoid" -> Tensor::sigmoid;
            case "affine" -> x -> x.mul(or(a, 1)).add(or(b, 0));
            case "leakyrelu" -> x -> Tensor.where(x.ge(0.0), x, x.mul(or(a, 0.01)));
            case "thresholdedrelu" -> x -> Tensor.where(x.gt(or(a, 1)), x, Tensor.zerosLike(x));
            case "scaledtanh" -> x -> x.mul(or(b, 1)).tanh().mul(or(a, 1));
            case "hardsigmoid" -> x -> x.mul(or(a, 0.2)).add(or(b, 0.5)).clamp(0, 1);
            case "elu" -> x -> Tensor.where(x.gt(0.0), x, x.expm1().mul(or(a, 1)));
            case "softsign" -> x -> x.div(x.abs().add(1.0));
            case "softplus" -> Tensor::softplus;
            default -> throw node.fail("activation '" + name + "' is not supported");
        };
    }

    private static double or(double v, double fallback) {
        return Double.isNaN(v) ? fallback : v;
    }
}
