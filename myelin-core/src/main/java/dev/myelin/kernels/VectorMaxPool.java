package dev.myelin.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The 2x2, stride-2 max pooling of {@link MaxPool} on vectors: a vector of outputs of a plane at
 * a time (output rows are often shorter than a vector: 14 or 7 in W3), its four candidates
 * gathered through the map of each output's top-left input. The same rules as the scalar kernel:
 * the first maximum wins ties and a NaN wins outright.
 */
final class VectorMaxPool {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    private static final int L = F.length();

    private VectorMaxPool() {}

    /**
     * Outputs [0, bound) of one plane, bound the largest multiple of the vector length within
     * {@code n}: output k's window has its top-left input at {@code x[base + topLeft[k]]} and
     * rows {@code w} apart; values go to {@code out[o + k]} and the plane-relative index of the
     * winner to {@code indices[o + k]}. Returns bound.
     */
    static int plane(float[] x, int base, int[] topLeft, int w, float[] out, int[] indices, int o, int n) {
        int bound = n - n % L;
        for (int k = 0; k < bound; k += L) {
            IntVector at = IntVector.fromArray(I, topLeft, k);
            FloatVector best = FloatVector.fromArray(F, x, base, topLeft, k);
            IntVector bestAt = at;
            FloatVector v = FloatVector.fromArray(F, x, base + 1, topLeft, k);
            VectorMask<Float> take = wins(v, best);
            best = best.blend(v, take);
            bestAt = bestAt.blend(at.add(1), take.cast(I));
            v = FloatVector.fromArray(F, x, base + w, topLeft, k);
            take = wins(v, best);
            best = best.blend(v, take);
            bestAt = bestAt.blend(at.add(w), take.cast(I));
            v = FloatVector.fromArray(F, x, base + w + 1, topLeft, k);
            take = wins(v, best);
            best.blend(v, take).intoArray(out, o + k);
            bestAt.blend(at.add(w + 1), take.cast(I)).intoArray(indices, o + k);
        }
        return bound;
    }

    /** Whether candidate v replaces the best so far: the best is a number and v is larger or NaN. */
    private static VectorMask<Float> wins(FloatVector v, FloatVector best) {
        return v.compare(VectorOperators.GT, best).or(v.compare(VectorOperators.NE, v))
                .and(best.compare(VectorOperators.EQ, best));
    }
}
