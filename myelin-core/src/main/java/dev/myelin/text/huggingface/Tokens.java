package dev.myelin.text.huggingface;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A growing list of tokens with their ids, original offsets, type ids and special flags. */
final class Tokens {
    int[] ids = new int[16];
    int[] offsets = new int[32];
    int[] typeIds = new int[16];
    boolean[] special = new boolean[16];
    final List<String> tokens = new ArrayList<>();

    int size() {
        return tokens.size();
    }

    void add(int id, String token, int start, int end, boolean isSpecial, int typeId) {
        int n = tokens.size();
        if (n == ids.length) {
            ids = Arrays.copyOf(ids, 2 * n);
            offsets = Arrays.copyOf(offsets, 4 * n);
            typeIds = Arrays.copyOf(typeIds, 2 * n);
            special = Arrays.copyOf(special, 2 * n);
        }
        ids[n] = id;
        offsets[2 * n] = start;
        offsets[2 * n + 1] = end;
        typeIds[n] = typeId;
        special[n] = isSpecial;
        tokens.add(token);
    }

    /** A token read from {@code word}'s units [from, to). */
    void add(int id, String token, Aligned word, int from, int to) {
        add(id, token, word.originalStart(from), word.originalEnd(to), false, 0);
    }

    /** Keeps {@code count} tokens starting at {@code from}. */
    void keep(int from, int count) {
        System.arraycopy(ids, from, ids, 0, count);
        System.arraycopy(offsets, 2 * from, offsets, 0, 2 * count);
        System.arraycopy(typeIds, from, typeIds, 0, count);
        System.arraycopy(special, from, special, 0, count);
        List<String> kept = new ArrayList<>(tokens.subList(from, from + count));
        tokens.clear();
        tokens.addAll(kept);
    }
}
