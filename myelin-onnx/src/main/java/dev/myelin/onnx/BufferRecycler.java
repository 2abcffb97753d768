package dev.myelin.onnx;

import dev.myelin.tensor.BufferPool;
import dev.myelin.tensor.Storage;
import dev.myelin.tensor.Tensor;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Hands the buffers of a graph run's dead values to its thread's {@link BufferPool}. A value's
 * storage may back several values (views: Reshape, Transpose, a slice), so the recycler counts, per
 * storage, the live values that read it, and releases the storage when the count falls to zero.
 * Storages the run did not produce (inputs, weights, constants, values of an enclosing graph) are
 * pinned. A value that is not a tensor (a sequence, a map) may hold tensors the counts do not see:
 * from the first one on, nothing more is released.
 */
final class BufferRecycler {
    private static final int PINNED = -1;

    private final BufferPool pool;
    private final Map<Storage, int[]> readers = new IdentityHashMap<>();
    private boolean stopped;

    /** Starts counting for a run whose slots hold {@code env} before its first step. */
    BufferRecycler(BufferPool pool, Object[] env) {
        this.pool = pool;
        for (Object value : env) {
            if (value instanceof Tensor t) {
                readers.put(t.storage(), new int[] {PINNED});
            } else if (value != null) {
                stopped = true;
            }
        }
    }

    /** A step wrote {@code value} into a slot. */
    void produced(Object value) {
        if (value instanceof Tensor t) {
            int[] count = readers.computeIfAbsent(t.storage(), s -> new int[1]);
            if (count[0] != PINNED) {
                count[0]++;
            }
        } else if (value != null) {
            stopped = true;
        }
    }

    /** The slot holding {@code value} has been read for the last time. */
    void released(Object value) {
        if (!(value instanceof Tensor t)) {
            return;
        }
        int[] count = readers.get(t.storage());
        if (count != null && count[0] != PINNED && --count[0] == 0) {
            readers.remove(t.storage());
            if (!stopped) {
                pool.release(t.storage());
            }
        }
    }
}
