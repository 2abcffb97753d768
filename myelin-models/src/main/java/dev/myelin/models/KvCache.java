package dev.myelin.models;

import dev.myelin.tensor.Tensor;
import java.util.List;

/**
 * The keys and values a {@link Gpt} has computed so far, per layer, so that each new token
 * attends to the past without recomputing it: the "past key values" of incremental decoding.
 *
 * <p>Each layer holds keys and values (B, H, S, E/H) for the S positions seen so far; a forward
 * pass with the cache appends its own and attends over all of them. {@link #reset()} empties the
 * cache for a new sequence.
 *
 * <pre>{@code
 * KvCache cache = gpt.newCache();
 * Tensor logits = gpt.forward(prompt, cache);          // (B, T, V); cache.length() == T
 * logits = gpt.forward(nextTokens, cache);             // nextTokens (B, 1): attends to T + 1 positions
 * }</pre>
 */
public final class KvCache {
    private final Tensor[] keys;
    private final Tensor[] values;

    /** An empty cache for a model of {@code layers} layers; {@link Gpt#newCache()} makes the right one. */
    KvCache(int layers) {
        keys = new Tensor[layers];
        values = new Tensor[layers];
    }

    /** The number of positions cached: 0 when empty. */
    public int length() {
        return keys[0] == null ? 0 : keys[0].size(2);
    }

    /** The number of sequences cached (the batch size); 0 when empty. */
    public int batchSize() {
        return keys[0] == null ? 0 : keys[0].size(0);
    }

    /** The number of layers this cache serves. */
    public int layers() {
        return keys.length;
    }

    /** Forgets every cached position, for a new sequence. */
    public void reset() {
        java.util.Arrays.fill(keys, null);
        java.util.Arrays.fill(values, null);
    }

    /** Appends {@code k} and {@code v} (B, H, T, E/H) to layer {@code layer}'s cache; returns all of its keys and values. */
    Tensor[] append(int layer, Tensor k, Tensor v) {
        keys[layer] = keys[layer] == null ? k : Tensor.cat(List.of(keys[layer], k), 2);
        values[layer] = values[layer] == null ? v : Tensor.cat(List.of(values[layer], v), 2);
        return new Tensor[] {keys[layer], values[layer]};
    }
}
