package dev.myelin.tensor;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Float32 buffers of dead tensors handed to new ones, within one scope on one thread: the memory
 * planning of an inference runtime, for a caller that knows when each value dies (the ONNX graph
 * runner does: its release lists). Users never need it; tensors stay ordinary heap objects.
 *
 * <p>While a pool is open on a thread, an op whose output it writes in full (a dense layer, a
 * pointwise op, layer norm, attention) takes a released buffer of the same length, instead of a
 * fresh array the JVM must zero and the caches must fetch. {@link #release} gives a storage back
 * once nothing reads it; storages the pool did not hand out (inputs, weights, constants) are
 * never taken.
 *
 * <pre>{@code
 * try (var pool = BufferPool.open()) {
 *     Tensor h = x.matmul(w).gelu();   // h's buffer is new
 *     Tensor y = h.matmul(v);
 *     pool.release(h.storage());       // h is dead: its buffer may back the next output
 *     ...
 * }
 * }</pre>
 */
public final class BufferPool implements AutoCloseable {
    private static final ThreadLocal<BufferPool> OPEN = new ThreadLocal<>();

    private final Thread owner = Thread.currentThread();
    private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
    // Weak, so that outputs nobody releases (an op's temporaries, a run's results) stay collectable;
    // Storage keeps Object's identity equality, so this is an identity set.
    private final Set<Storage> handedOut = Collections.newSetFromMap(new WeakHashMap<>());

    private BufferPool() {}

    /**
     * Opens a pool on the calling thread.
     *
     * @throws IllegalStateException if one is already open on it
     */
    public static BufferPool open() {
        if (OPEN.get() != null) {
            throw new IllegalStateException("BufferPool.open: a pool is already open on thread "
                    + Thread.currentThread().getName());
        }
        BufferPool pool = new BufferPool();
        OPEN.set(pool);
        return pool;
    }

    /** The pool open on the calling thread, or null. */
    public static BufferPool current() {
        return OPEN.get();
    }

    /**
     * Makes the buffer of {@code storage} available to later outputs of the same length. The
     * caller guarantees that no tensor still in use reads it. A storage this pool did not hand
     * out, or already took back, is left alone.
     */
    public void release(Storage storage) {
        if (handedOut.remove(storage)) {
            float[] buffer = storage.floats();
            free.computeIfAbsent(buffer.length, n -> new ArrayDeque<>()).push(buffer);
        }
    }

    /**
     * A float32 storage of {@code length} elements whose contents are undefined: a released buffer
     * when the calling thread's pool has one of that length, else a new array.
     */
    static Storage uninitializedFloats(int length) {
        BufferPool pool = OPEN.get();
        if (pool == null) {
            return Storage.allocate(DType.FLOAT32, length);
        }
        ArrayDeque<float[]> buffers = pool.free.get(length);
        float[] buffer = buffers == null || buffers.isEmpty() ? new float[length] : buffers.pop();
        Storage storage = new Storage(DType.FLOAT32, buffer);
        pool.handedOut.add(storage);
        return storage;
    }

    /** Closes the pool: later allocations on this thread are fresh arrays again. */
    @Override
    public void close() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("BufferPool.close: the pool belongs to thread " + owner.getName());
        }
        OPEN.remove();
        free.clear();
        handedOut.clear();
    }
}
