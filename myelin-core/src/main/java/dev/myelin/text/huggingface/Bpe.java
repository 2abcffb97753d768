package dev.myelin.text.huggingface;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Byte-pair encoding: a word starts as single characters and the adjacent pair with the best
 * (lowest) merge rank is merged, again and again, until no pair has a merge. With a byte-level
 * pre-tokenizer every character is in the vocabulary; otherwise a character outside it becomes the
 * unknown token (consecutive ones fused with {@code fuseUnk}), its UTF-8 bytes as {@code <0xNN>}
 * tokens with {@code byteFallback}, or an error naming it when the model has neither.
 */
final class Bpe extends Model {
    private static final int CACHE_LIMIT = 100_000;

    private final String[] byId;
    private final Map<Long, Long> merges;       // (left id, right id) -> (rank, merged id)
    private final String prefix;
    private final String suffix;
    private final boolean fuseUnk;
    private final boolean byteFallback;
    private final boolean ignoreMerges;
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();

    Bpe(Map<String, Integer> vocab, String[] byId, Map<Long, Long> merges, String unk, String prefix, String suffix,
            boolean fuseUnk, boolean byteFallback, boolean ignoreMerges) {
        super(vocab, unk);
        this.byId = byId;
        this.merges = merges;
        this.prefix = prefix;
        this.suffix = suffix;
        this.fuseUnk = fuseUnk;
        this.byteFallback = byteFallback;
        this.ignoreMerges = ignoreMerges;
    }

    static long pair(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    @Override
    void tokenize(Aligned word, Tokens out) {
        String w = word.text;
        if (w.isEmpty()) {
            return;
        }
        int[] symbols = cache.get(w);              // id, start, end per symbol
        if (symbols == null) {
            symbols = merge(w);
            if (cache.size() >= CACHE_LIMIT) {
                cache.clear();
            }
            cache.put(w, symbols);
        }
        for (int k = 0; k < symbols.length; k += 3) {
            out.add(symbols[k], byId[symbols[k]], word, symbols[k + 1], symbols[k + 2]);
        }
    }

    private int[] merge(String w) {
        Integer whole = ignoreMerges ? vocab.get(w) : null;
        if (whole != null) {
            return new int[] {whole, 0, w.length()};
        }
        int[] ids = new int[w.length() * 4];
        int[] starts = new int[ids.length];
        int[] ends = new int[ids.length];
        int n = 0;
        boolean lastWasUnk = false;
        for (int i = 0; i < w.length(); ) {
            int cp = w.codePointAt(i);
            int next = i + Character.charCount(cp);
            String s = Character.toString(cp);
            if (i > 0 && prefix != null) {
                s = prefix + s;
            }
            if (next == w.length() && suffix != null) {
                s = s + suffix;
            }
            Integer id = vocab.get(s);
            if (id != null) {
                ids[n] = id;
                starts[n] = i;
                ends[n++] = next;
                lastWasUnk = false;
            } else if (byteFallback && allBytesKnown(cp)) {
                for (byte b : Character.toString(cp).getBytes(StandardCharsets.UTF_8)) {
                    ids[n] = vocab.get(byteToken(b));
                    starts[n] = i;
                    ends[n++] = next;
                }
                lastWasUnk = false;
            } else if (unk != null) {
                if (fuseUnk && lastWasUnk) {
                    ends[n - 1] = next;
                } else {
                    ids[n] = vocab.get(unk);
                    starts[n] = i;
                    ends[n++] = next;
                }
                lastWasUnk = true;
            } else {
                throw new IllegalArgumentException(String.format("BPE: the character '%s' (U+%04X) in \"%s\" is not in"
                        + " the vocabulary and the model has no unknown token", Character.toString(cp), cp, w));
            }
            i = next;
        }
        while (n > 1) {
            int best = -1;
            long bestRank = Long.MAX_VALUE;
            int merged = -1;
            for (int k = 0; k + 1 < n; k++) {
                Long m = merges.get(pair(ids[k], ids[k + 1]));
                if (m != null && (m >>> 32) < bestRank) {
                    bestRank = m >>> 32;
                    best = k;
                    merged = (int) (long) m;
                }
            }
            if (best < 0) {
                break;
            }
            ids[best] = merged;
            ends[best] = ends[best + 1];
            System.arraycopy(ids, best + 2, ids, best + 1, n - best - 2);
            System.arraycopy(starts, best + 2, starts, best + 1, n - best - 2);
            System.arraycopy(ends, best + 2, ends, best + 1, n - best - 2);
            n--;
        }
        int[] out = new int[3 * n];
        for (int k = 0; k < n; k++) {
            out[3 * k] = ids[k];
            out[3 * k + 1] = starts[k];
            out[3 * k + 2] = ends[k];
        }
        return out;
    }

    private boolean allBytesKnown(int cp) {
        for (byte b : Character.toString(cp).getBytes(StandardCharsets.UTF_8)) {
            if (!vocab.containsKey(byteToken(b))) {
                return false;
            }
        }
        return true;
    }

    private static String byteToken(byte b) {
        return String.format("<0x%02X>", b & 0xFF);
    }

    @Override
    public String toString() {
        return "BPE(" + vocab.size() + " tokens, " + merges.size() + " merges" + (unk == null ? "" : ", unk " + unk)
                + (byteFallback ? ", byte fallback" : "") + ")";
    }
}
