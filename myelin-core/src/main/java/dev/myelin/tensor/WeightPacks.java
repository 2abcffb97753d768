package dev.myelin.tensor;

import dev.myelin.kernels.Gemm;
import java.util.Arrays;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The packed transposes of layer weights, kept while the weights do not change, so that a weight
 * used many times between two optimizer steps (a recurrent layer's W_hh at every time step) is
 * packed for the matrix kernel once. An entry is valid while its storage's version, offset, shape
 * and strides are those it was packed from; any in-place write (an optimizer step) bumps the
 * version. Entries go when their storage is collected.
 */
final class WeightPacks {
    /** Weights smaller than this are packed afresh: the bookkeeping would cost more. */
    static final int MIN_ELEMENTS = 4096;

    private record Entry(int version, int offset, Shape shape, int[] strides, Gemm.Packed packed) {}

    private static final Map<Storage, Entry> CACHE = new WeakHashMap<>();

    private WeightPacks() {}

    /** Wᵀ (in x out) for a float32 weight W (out, in), packed as the right-hand operand of x·Wᵀ. */
    static Gemm.Packed transposed(Tensor weight) {
        Storage s = weight.storage();
        synchronized (CACHE) {
            Entry e = CACHE.get(s);
            if (e != null && e.version == s.version() && e.offset == weight.storageOffset()
                    && e.shape.equals(weight.shape()) && Arrays.equals(e.strides, weight.stridesRef())) {
                return e.packed;
            }
        }
        int[] ws = weight.stridesRef();
        Gemm.Packed packed = Gemm.pack(weight.size(1), weight.size(0), s.floats(), weight.storageOffset(), ws[1], ws[0]);
        synchronized (CACHE) {
            CACHE.put(s, new Entry(s.version(), weight.storageOffset(), weight.shape(), ws.clone(), packed));
        }
        return packed;
    }
}
