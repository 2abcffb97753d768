package dev.myelin.onnx;

import static dev.myelin.onnx.OpSupport.t;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Operators with subgraphs: If, Loop, Scan and SequenceMap. A subgraph reads values of the
 * enclosing graphs by name; they reach the kernel as the node's implicit inputs, after its
 * explicit ones, and are handed to the subgraph on every run.
 */
final class ControlFlowOps {
    private ControlFlowOps() {}

    static void register(OpSupport.Registry r) {
        r.add("If", node -> {
            Graph then = required(node, "then_branch");
            Graph otherwise = required(node, "else_branch");
            return in -> {
                boolean cond = t(in[0]).item() != 0;
                Graph branch = cond ? then : otherwise;
                return branch.run(new Object[0], free(node, branch, in), null);
            };
        });
        r.add("Loop", ControlFlowOps::loop);
        r.add("Scan", ControlFlowOps::scan);
        r.add("SequenceMap", node -> {
            Graph body = required(node, "body");
            int explicit = node.inputCount();
            return in -> {
                List<Object> seq = Values.sequence(in[0]);
                Object[] freeValues = free(node, body, in);
                List<List<Object>> outs = new ArrayList<>();
                for (int k = 0; k < body.outputs.size(); k++) {
                    outs.add(new ArrayList<>());
                }
                for (int i = 0; i < seq.size(); i++) {
                    Object[] args = new Object[explicit];
                    args[0] = seq.get(i);
                    for (int j = 1; j < explicit; j++) {
                        args[j] = in[j] instanceof List<?> l ? l.get(i) : in[j];
                    }
                    Object[] res = body.run(args, freeValues, null);
                    for (int k = 0; k < res.length; k++) {
                        outs.get(k).add(res[k]);
                    }
                }
                return outs.stream().map(l -> (Object) List.copyOf(l)).toArray();
            };
        });
    }

    private static Graph required(Node node, String name) {
        Graph g = node.graph(name);
        if (g == null) {
            throw node.fail("attribute '" + name + "' (a graph) is required");
        }
        return g;
    }

    /** The values of {@code sub}'s free names, taken from the node's implicit inputs. */
    private static Object[] free(Node node, Graph sub, Object[] in) {
        Map<String, Object> byName = new HashMap<>();
        List<String> implicit = node.implicitInputs();
        int first = in.length - implicit.size();
        for (int i = 0; i < implicit.size(); i++) {
            byName.put(implicit.get(i), in[first + i]);
        }
        Object[] out = new Object[sub.free.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = byName.get(sub.free.get(i));
        }
        return out;
    }

    private static Kernel loop(Node node) {
        Graph body = required(node, "body");
        int explicit = node.inputCount();
        int carried = explicit - 2;
        int scans = body.outputs.size() - 1 - carried;
        if (scans < 0) {
            throw node.fail("the body has " + body.outputs.size() + " outputs for " + carried + " loop-carried values");
        }
        return in -> {
            long max = in[0] == null ? Long.MAX_VALUE : t(in[0]).itemLong();
            boolean cond = in[1] == null || t(in[1]).item() != 0;
            Object[] freeValues = free(node, body, in);
            Object[] state = new Object[carried];
            System.arraycopy(in, 2, state, 0, carried);
            List<List<Object>> collected = new ArrayList<>();
            for (int k = 0; k < scans; k++) {
                collected.add(new ArrayList<>());
            }
            for (long i = 0; i < max && cond; i++) {
                Object[] args = new Object[2 + carried];
                args[0] = Tensor.scalar(i, DType.INT64);
                args[1] = Tensor.scalar(cond ? 1 : 0, DType.BOOL);
                System.arraycopy(state, 0, args, 2, carried);
                Object[] res = body.run(args, freeValues, null);
                cond = t(res[0]).item() != 0;
                System.arraycopy(res, 1, state, 0, carried);
                for (int k = 0; k < scans; k++) {
                    collected.get(k).add(res[1 + carried + k]);
                }
            }
            Object[] out = new Object[carried + scans];
            System.arraycopy(state, 0, out, 0, carried);
            for (int k = 0; k < scans; k++) {
                out[carried + k] = stackValues(collected.get(k), 0);
            }
            return out;
        };
    }

    /** Per-iteration tensors stacked along a new dimension (a list of sequences stays a list). */
    private static Object stackValues(List<Object> values, int axis) {
        if (values.isEmpty()) {
            return Tensor.zeros(0);
        }
        if (!(values.get(0) instanceof Tensor)) {
            return List.copyOf(values);
        }
        List<Tensor> ts = new ArrayList<>();
        for (Object v : values) {
            ts.add(t(v));
        }
        return Tensor.stack(ts, axis);
    }

    private static Kernel scan(Node node) {
        Graph body = required(node, "body");
        int scanInputs = (int) node.i("num_scan_inputs");
        boolean batched = node.opset() < 9;   // Scan-8: a leading batch dimension and optional sequence lengths
        int explicit = node.inputCount() - (batched ? 1 : 0);
        int states = explicit - scanInputs;
        int scanOutputs = body.outputs.size() - states;
        long[] inAxes = batched ? null : node.ints("scan_input_axes");
        long[] inDirs = node.ints(batched ? "directions" : "scan_input_directions");
        long[] outAxes = batched ? null : node.ints("scan_output_axes");
        long[] outDirs = batched ? null : node.ints("scan_output_directions");
        return in -> {
            Object[] freeValues = free(node, body, in);
            if (!batched) {
                Object[] args = new Object[explicit];
                System.arraycopy(in, 0, args, 0, explicit);
                return scanOnce(body, freeValues, args, states, scanInputs, scanOutputs, inAxes, inDirs, outAxes, outDirs);
            }
            int batch = t(in[1]).size(0);
            List<List<Tensor>> perOutput = new ArrayList<>();
            for (int k = 0; k < states + scanOutputs; k++) {
                perOutput.add(new ArrayList<>());
            }
            for (int b = 0; b < batch; b++) {
                Object[] args = new Object[explicit];
                for (int j = 0; j < explicit; j++) {
                    args[j] = t(in[1 + j]).select(0, b);
                }
                Object[] res = scanOnce(body, freeValues, args, states, scanInputs, scanOutputs, null, inDirs, null, null);
                for (int k = 0; k < res.length; k++) {
                    perOutput.get(k).add(t(res[k]));
                }
            }
            return perOutput.stream().map(l -> (Object) Tensor.stack(l, 0)).toArray();
        };
    }

    private static Object[] scanOnce(Graph body, Object[] freeValues, Object[] args, int states, int scanInputs,
            int scanOutputs, long[] inAxes, long[] inDirs, long[] outAxes, long[] outDirs) {
        Object[] state = new Object[states];
        System.arraycopy(args, 0, state, 0, states);
        Tensor[] seqs = new Tensor[scanInputs];
        int[] axes = new int[scanInputs];
        int length = -1;
        for (int j = 0; j < scanInputs; j++) {
            seqs[j] = t(args[states + j]);
            long a = inAxes == null ? 0 : inAxes[j];
            axes[j] = (int) (a < 0 ? a + seqs[j].dim() : a);
            length = seqs[j].size(axes[j]);
        }
        List<List<Tensor>> collected = new ArrayList<>();
        for (int k = 0; k < scanOutputs; k++) {
            collected.add(new ArrayList<>());
        }
        for (int step = 0; step < length; step++) {
            Object[] bodyArgs = new Object[states + scanInputs];
            System.arraycopy(state, 0, bodyArgs, 0, states);
            for (int j = 0; j < scanInputs; j++) {
                boolean reverse = inDirs != null && inDirs[j] != 0;
                bodyArgs[states + j] = seqs[j].select(axes[j], reverse ? length - 1 - step : step);
            }
            Object[] res = body.run(bodyArgs, freeValues, null);
            System.arraycopy(res, 0, state, 0, states);
            for (int k = 0; k < scanOutputs; k++) {
                collected.get(k).add(t(res[states + k]));
            }
        }
        Object[] out = new Object[states + scanOutputs];
        System.arraycopy(state, 0, out, 0, states);
        for (int k = 0; k < scanOutputs; k++) {
            List<Tensor> parts = new ArrayList<>(collected.get(k));
            if (outDirs != null && outDirs[k] != 0) {
                java.util.Collections.reverse(parts);
            }
            Tensor stacked = Tensor.stack(parts, 0);
            long a = outAxes == null ? 0 : outAxes[k];
            int axis = (int) (a < 0 ? a + stacked.dim() : a);
            int[] perm = new int[stacked.dim()];
            for (int d = 0, j = 1; d < perm.length; d++) {
                perm[d] = d == axis ? 0 : j++;
            }
            out[states + k] = stacked.permute(perm);
        }
        return out;
    }
}
