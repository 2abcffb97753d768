package dev.myelin.onnx;

import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Einstein summation ({@code "bij,bjk->bik"}), written with Myelin ops so that it is
 * differentiable: repeated subscripts of one operand take a diagonal, every operand is permuted
 * and reshaped to a common subscript order, the operands are multiplied with broadcasting, and
 * the subscripts missing from the output are summed away. Ellipses stand for the leading
 * dimensions, broadcast between operands; without an arrow the output lists the subscripts that
 * appear once, alphabetically, after the ellipsis.
 */
final class Einsum {
    private Einsum() {}

    static Tensor evaluate(Node node, String equation, List<Tensor> operands) {
        String eq = equation.replace(" ", "");
        String[] sides = eq.split("->", -1);
        String[] terms = sides[0].split(",", -1);
        if (terms.length != operands.size()) {
            throw node.fail("equation '" + equation + "' names " + terms.length + " operands, got " + operands.size());
        }
        int ellipsisRank = 0;
        for (int i = 0; i < terms.length; i++) {
            if (terms[i].contains("...")) {
                ellipsisRank = Math.max(ellipsisRank, operands.get(i).dim() - (terms[i].length() - 3));
            }
        }
        List<List<Character>> subs = new ArrayList<>();
        for (int i = 0; i < terms.length; i++) {
            subs.add(expand(terms[i], operands.get(i).dim() - (terms[i].length() - 3), ellipsisRank));
        }
        List<Character> out;
        if (sides.length > 1) {
            out = expand(sides[1], ellipsisRank, ellipsisRank);
        } else {
            out = new ArrayList<>(expand("...", ellipsisRank, ellipsisRank));
            Set<Character> once = new TreeSet<>();
            Set<Character> many = new TreeSet<>();
            for (List<Character> s : subs) {
                for (char c : s) {
                    if (c < 0x100 && !once.add(c)) {
                        many.add(c);
                    }
                }
            }
            once.removeAll(many);
            out.addAll(once);
        }
        List<Tensor> xs = new ArrayList<>();
        for (int i = 0; i < operands.size(); i++) {
            Tensor x = operands.get(i);
            List<Character> s = new ArrayList<>(subs.get(i));
            if (s.size() != x.dim()) {
                throw node.fail("term '" + terms[i] + "' does not match operand " + i + " of shape " + x.shape());
            }
            x = diagonals(x, s);
            subs.set(i, s);
            xs.add(x);
        }
        Set<Character> all = new LinkedHashSet<>(out);
        subs.forEach(all::addAll);
        List<Character> order = new ArrayList<>(all);
        Tensor product = null;
        for (int i = 0; i < xs.size(); i++) {
            Tensor aligned = align(xs.get(i), subs.get(i), order);
            product = product == null ? aligned : product.mul(aligned);
        }
        int[] contracted = new int[order.size() - out.size()];
        for (int k = 0; k < contracted.length; k++) {
            contracted[k] = out.size() + k;
        }
        return contracted.length == 0 ? product : product.sum(contracted, false);
    }

    /** Subscripts of a term with "..." replaced by the last {@code count} of the ellipsis placeholders. */
    private static List<Character> expand(String term, int count, int ellipsisRank) {
        List<Character> out = new ArrayList<>();
        int at = term.indexOf("...");
        String plain = at < 0 ? term : term.substring(0, at);
        for (char c : plain.toCharArray()) {
            out.add(c);
        }
        if (at >= 0) {
            for (int k = ellipsisRank - count; k < ellipsisRank; k++) {
                out.add((char) (0x100 + k));
            }
            for (char c : term.substring(at + 3).toCharArray()) {
                out.add(c);
            }
        }
        return out;
    }

    /** x with each repeated subscript reduced to its diagonal (moved last); {@code s} is updated. */
    private static Tensor diagonals(Tensor x, List<Character> s) {
        for (int i = 0; i < s.size(); i++) {
            int j = s.subList(i + 1, s.size()).indexOf(s.get(i));
            if (j < 0) {
                continue;
            }
            j += i + 1;
            char c = s.get(i);
            int[] perm = new int[x.dim()];
            int k = 0;
            for (int d = 0; d < x.dim(); d++) {
                if (d != i && d != j) {
                    perm[k++] = d;
                }
            }
            perm[k++] = i;
            perm[k] = j;
            int n = x.size(i);
            int[] lead = new int[x.dim() - 1];
            for (int d = 0; d < x.dim() - 2; d++) {
                lead[d] = x.size(perm[d]);
            }
            lead[lead.length - 1] = n * n;
            x = x.permute(perm).reshape(lead).slice(-1, 0, n * n, n + 1);
            s.remove(j);
            s.remove(i);
            s.add(c);
            i = -1;
        }
        return x;
    }

    /** x permuted to the subscript order {@code order}, with size-1 dimensions for subscripts it lacks. */
    private static Tensor align(Tensor x, List<Character> s, List<Character> order) {
        int[] perm = new int[s.size()];
        int k = 0;
        int[] shape = new int[order.size()];
        for (int p = 0; p < order.size(); p++) {
            int d = s.indexOf(order.get(p));
            shape[p] = d < 0 ? 1 : x.size(d);
            if (d >= 0) {
                perm[k++] = d;
            }
        }
        return x.permute(perm).reshape(shape);
    }
}
