package dev.myelin.text.huggingface;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code added_tokens} of a {@code tokenizer.json} that are matched in the text before the
 * model sees it ({@code [MASK]}, {@code <|endoftext|>}): the leftmost match wins, the longest on
 * ties; {@code lstrip}/{@code rstrip} take the whitespace beside a match with it, and
 * {@code single_word} matches only between non-word characters.
 */
final class AddedTokens {
    /** One added token: its text as matched, id, and matching options. */
    record Token(String content, int id, boolean special, boolean singleWord, boolean lstrip, boolean rstrip) {}

    /** A piece of text, and the added token it is (null for ordinary text). */
    record Segment(Aligned text, Token token) {}

    private final Map<Character, List<Token>> byFirstChar = new HashMap<>();

    AddedTokens(List<Token> tokens) {
        for (Token t : tokens) {
            if (!t.content.isEmpty()) {
                byFirstChar.computeIfAbsent(t.content.charAt(0), c -> new ArrayList<>()).add(t);
            }
        }
        byFirstChar.values().forEach(l -> l.sort(Comparator.comparingInt((Token t) -> t.content.length()).reversed()));
    }

    boolean isEmpty() {
        return byFirstChar.isEmpty();
    }

    /** {@code text} cut into ordinary pieces and added tokens, in order; empty pieces are left out. */
    List<Segment> split(Aligned text) {
        List<Segment> out = new ArrayList<>();
        String s = text.text;
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            List<Token> candidates = byFirstChar.get(s.charAt(i));
            if (candidates == null) {
                continue;
            }
            for (Token t : candidates) {
                int end = i + t.content.length();
                if (!s.startsWith(t.content, i) || (t.singleWord && !wordBoundaries(s, i, end))) {
                    continue;
                }
                int start = i;
                while (t.lstrip && start > from && Character.isWhitespace(s.charAt(start - 1))) {
                    start--;
                }
                while (t.rstrip && end < s.length() && Character.isWhitespace(s.charAt(end))) {
                    end++;
                }
                if (start > from) {
                    out.add(new Segment(text.slice(from, start), null));
                }
                out.add(new Segment(text.slice(start, end), t));
                from = end;
                i = end - 1;
                break;
            }
        }
        if (from < s.length()) {
            out.add(new Segment(text.slice(from, s.length()), null));
        }
        return out;
    }

    private static boolean wordBoundaries(String s, int start, int end) {
        return (start == 0 || !Character.isLetterOrDigit(s.codePointBefore(start)))
                && (end == s.length() || !Character.isLetterOrDigit(s.codePointAt(end)));
    }
}
