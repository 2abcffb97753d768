package dev.myelin.onnx;

import static dev.myelin.onnx.OpSupport.axis;
import static dev.myelin.onnx.OpSupport.one;
import static dev.myelin.onnx.OpSupport.t;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * ONNX sequences (immutable Java lists of tensors) and optionals (a value, or
 * {@link Values#NONE}).
 */
final class SequenceOps {
    private SequenceOps() {}

    static void register(OpSupport.Registry r) {
        r.add("SequenceEmpty", node -> in -> one(List.of()));
        r.add("SequenceConstruct", node -> in -> one(List.of(in)));
        r.add("SequenceLength", node -> in -> one(Tensor.scalar(Values.sequence(in[0]).size(), DType.INT64)));
        r.add("SequenceAt", node -> in -> {
            List<Object> seq = Values.sequence(in[0]);
            return one(seq.get(position(node, t(in[1]).itemLong(), seq.size(), false)));
        });
        r.add("SequenceInsert", node -> in -> {
            List<Object> seq = new ArrayList<>(Values.sequence(in[0]));
            int at = in.length > 2 && in[2] != null ? position(node, t(in[2]).itemLong(), seq.size(), true) : seq.size();
            seq.add(at, t(in[1]));
            return one(List.copyOf(seq));
        });
        r.add("SequenceErase", node -> in -> {
            List<Object> seq = new ArrayList<>(Values.sequence(in[0]));
            int at = in.length > 1 && in[1] != null ? position(node, t(in[1]).itemLong(), seq.size(), false)
                    : seq.size() - 1;
            seq.remove(at);
            return one(List.copyOf(seq));
        });
        r.add("SplitToSequence", node -> {
            long axis = node.i("axis", 0);
            boolean keepdims = node.i("keepdims", 1) != 0;
            return in -> {
                Tensor x = t(in[0]);
                int a = axis(node, axis, x.dim());
                List<Object> out = new ArrayList<>();
                if (in.length < 2 || in[1] == null) {
                    for (int i = 0; i < x.size(a); i++) {
                        out.add(keepdims ? x.narrow(a, i, 1) : x.select(a, i));
                    }
                } else {
                    Tensor split = t(in[1]);
                    List<Tensor> parts = split.dim() == 0 ? x.split((int) split.itemLong(), a)
                            : x.split(split.toIntArray(), a);
                    out.addAll(parts);
                }
                return one(List.copyOf(out));
            };
        });
        r.add("ConcatFromSequence", node -> {
            long axis = node.i("axis");
            boolean newAxis = node.i("new_axis", 0) != 0;
            return in -> {
                List<Tensor> parts = new ArrayList<>();
                for (Object o : Values.sequence(in[0])) {
                    parts.add(t(o));
                }
                int rank = parts.get(0).dim() + (newAxis ? 1 : 0);
                int a = axis(node, axis, rank);
                return one(newAxis ? Tensor.stack(parts, a) : Tensor.cat(parts, a));
            };
        });
        r.add("Optional", node -> in -> one(in.length > 0 && in[0] != null ? in[0] : Values.NONE));
        r.add("OptionalHasElement", node -> in -> {
            boolean has = in.length > 0 && in[0] != null && in[0] != Values.NONE;
            return one(Tensor.scalar(has ? 1 : 0, DType.BOOL));
        });
        r.add("OptionalGetElement", node -> in -> {
            if (in[0] == null || in[0] == Values.NONE) {
                throw node.fail("the optional is empty");
            }
            return one(in[0]);
        });
    }

    /** A sequence position (negative counts from the end), checked; {@code size} itself allowed when inserting. */
    private static int position(Node node, long p, int size, boolean inserting) {
        long q = p < 0 ? p + size : p;
        if (q < 0 || q > size || (q == size && !inserting)) {
            throw node.fail("position " + p + " is out of range for a sequence of " + size);
        }
        return (int) q;
    }
}
