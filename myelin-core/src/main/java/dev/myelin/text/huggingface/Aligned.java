package dev.myelin.text.huggingface;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;

/**
 * A piece of text with, for each of its UTF-16 units, the range of the original text it came from:
 * Hugging Face's {@code NormalizedString}. Normalizers and pre-tokenizers make new pieces; token
 * offsets are read back through the alignment.
 */
final class Aligned {
    /** Maps one code point to its replacement, or returns null to keep it. */
    interface CodePointMap {
        String apply(int codePoint);
    }

    final String text;
    private final int[] starts;
    private final int[] ends;

    private Aligned(String text, int[] starts, int[] ends) {
        this.text = text;
        this.starts = starts;
        this.ends = ends;
    }

    /** The original text, each unit aligned to itself. */
    static Aligned of(String original) {
        int n = original.length();
        int[] starts = new int[n];
        int[] ends = new int[n];
        for (int i = 0; i < n; i++) {
            starts[i] = i;
            ends[i] = i + 1;
        }
        return new Aligned(original, starts, ends);
    }

    int length() {
        return text.length();
    }

    boolean isEmpty() {
        return text.isEmpty();
    }

    /** Units [from, to) as a piece of their own. */
    Aligned slice(int from, int to) {
        if (from == 0 && to == text.length()) {
            return this;
        }
        return new Aligned(text.substring(from, to), Arrays.copyOfRange(starts, from, to), Arrays.copyOfRange(ends, from, to));
    }

    /** Where the units [from, to) (to > from) came from: {start, end} in the original text. */
    int originalStart(int from) {
        return starts[from];
    }

    int originalEnd(int toExclusive) {
        return ends[toExclusive - 1];
    }

    /** Each code point replaced by {@code map}'s string (maybe empty), aligned to the code point's range. */
    Aligned map(CodePointMap map) {
        StringBuilder sb = null;
        int[] s = null;
        int[] e = null;
        int n = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int w = Character.charCount(cp);
            String r = map.apply(cp);
            if (r != null && sb == null) {            // first change: copy what came before
                sb = new StringBuilder(text.length() + 16).append(text, 0, i);
                s = Arrays.copyOf(starts, text.length() + 16);
                e = Arrays.copyOf(ends, text.length() + 16);
                n = i;
            }
            if (sb != null) {
                String out = r == null ? text.substring(i, i + w) : r;
                int from = starts[i];
                int to = ends[i + w - 1];
                if (n + out.length() > s.length) {
                    s = Arrays.copyOf(s, Math.max(2 * s.length, n + out.length()));
                    e = Arrays.copyOf(e, s.length);
                }
                for (int k = 0; k < out.length(); k++, n++) {
                    s[n] = from;
                    e[n] = to;
                }
                sb.append(out);
            }
            i += w;
        }
        return sb == null ? this : new Aligned(sb.toString(), Arrays.copyOf(s, n), Arrays.copyOf(e, n));
    }

    /**
     * This text in a Unicode normal form. Each base character and the combining marks after it are
     * normalized together and aligned to their common range; sequences that compose across such
     * clusters (conjoining Hangul jamo) are left as they are.
     */
    Aligned normalize(Normalizer.Form form) {
        if (Normalizer.isNormalized(text, form)) {
            return this;
        }
        StringBuilder sb = new StringBuilder(text.length() + 16);
        int[] s = new int[text.length() + 16];
        int[] e = new int[s.length];
        int n = 0;
        for (int i = 0; i < text.length(); ) {
            int j = i + Character.charCount(text.codePointAt(i));
            while (j < text.length() && isMark(text.codePointAt(j))) {
                j += Character.charCount(text.codePointAt(j));
            }
            String out = Normalizer.normalize(text.substring(i, j), form);
            if (n + out.length() > s.length) {
                s = Arrays.copyOf(s, Math.max(2 * s.length, n + out.length()));
                e = Arrays.copyOf(e, s.length);
            }
            int from = starts[i];
            int to = ends[j - 1];
            for (int k = 0; k < out.length(); k++, n++) {
                s[n] = from;
                e[n] = to;
            }
            sb.append(out);
            i = j;
        }
        return new Aligned(sb.toString(), Arrays.copyOf(s, n), Arrays.copyOf(e, n));
    }

    /** A piece made of {@code prefix}, aligned to the start of this one, followed by this text. */
    Aligned prepend(String prefix) {
        int n = text.length();
        int at = n == 0 ? 0 : starts[0];
        int[] s = new int[prefix.length() + n];
        int[] e = new int[s.length];
        Arrays.fill(s, 0, prefix.length(), at);
        Arrays.fill(e, 0, prefix.length(), n == 0 ? at : ends[0]);
        System.arraycopy(starts, 0, s, prefix.length(), n);
        System.arraycopy(ends, 0, e, prefix.length(), n);
        return new Aligned(prefix + text, s, e);
    }

    /** {@code content} in place of this whole (non-empty) piece, every unit aligned to the piece's range. */
    Aligned replaceWith(String content) {
        int[] s = new int[content.length()];
        int[] e = new int[content.length()];
        Arrays.fill(s, starts[0]);
        Arrays.fill(e, ends[ends.length - 1]);
        return new Aligned(content, s, e);
    }

    /** The pieces one after the other. */
    static Aligned concat(List<Aligned> pieces) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (Aligned p : pieces) {
            n += p.length();
        }
        int[] s = new int[n];
        int[] e = new int[n];
        int at = 0;
        for (Aligned p : pieces) {
            sb.append(p.text);
            System.arraycopy(p.starts, 0, s, at, p.length());
            System.arraycopy(p.ends, 0, e, at, p.length());
            at += p.length();
        }
        return new Aligned(sb.toString(), s, e);
    }

    static boolean isMark(int cp) {
        int t = Character.getType(cp);
        return t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK || t == Character.ENCLOSING_MARK;
    }

    @Override
    public String toString() {
        return text;
    }
}
