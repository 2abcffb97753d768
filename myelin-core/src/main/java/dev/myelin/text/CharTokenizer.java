package dev.myelin.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One token per character (Unicode code point): the tokenizer of character-level language models
 * such as char-RNN.
 *
 * <p>The vocabulary comes from a corpus ({@link #fromCorpus}: its distinct characters in code point
 * order), a fixed alphabet ({@link #of}), or a {@link Vocabulary} with special tokens. A character
 * outside the vocabulary maps to the unknown token when the vocabulary has one; otherwise
 * {@link #encode} throws an {@link IllegalArgumentException} naming the character and its position.
 * Special tokens are never produced by {@code encode}; {@code decode} writes their text.
 *
 * <pre>{@code
 * CharTokenizer tok = CharTokenizer.fromCorpus(shakespeare);
 * int[] ids = tok.encode("To be").ids();
 * CharTokenizer lenient = new CharTokenizer(Vocabulary.builder().pad("<pad>").unk("<unk>")
 *         .build(CharTokenizer.characters(shakespeare)));   // unknown characters become <unk>
 * }</pre>
 */
public final class CharTokenizer extends VocabularyTokenizer {
    private final int[] bmp;                          // id of each BMP character, -1 if absent
    private final Map<Integer, Integer> supplementary = new HashMap<>();
    private final int unk;

    /**
     * A tokenizer over {@code vocabulary}, whose tokens other than the special ones must be single characters.
     *
     * @throws IllegalArgumentException if a non-special token is not exactly one code point
     */
    public CharTokenizer(Vocabulary vocabulary) {
        super(vocabulary, "");
        SpecialTokens specials = vocabulary.specialTokens();
        int maxBmp = -1;
        for (int id = 0; id < vocabulary.size(); id++) {
            String t = vocabulary.token(id);
            if (specials.isSpecial(id)) {
                continue;
            }
            if (t.isEmpty() || t.codePointCount(0, t.length()) != 1) {
                throw new IllegalArgumentException("CharTokenizer: token " + id + " \"" + t
                        + "\" is not one character (only special tokens may be longer)");
            }
            int cp = t.codePointAt(0);
            if (cp < Character.MIN_SUPPLEMENTARY_CODE_POINT) {
                maxBmp = Math.max(maxBmp, cp);
            } else {
                supplementary.put(cp, id);
            }
        }
        this.bmp = new int[maxBmp + 1];
        Arrays.fill(bmp, -1);
        for (int id = 0; id < vocabulary.size(); id++) {
            String t = vocabulary.token(id);
            if (!specials.isSpecial(id) && t.charAt(0) <= maxBmp && t.length() == 1) {
                bmp[t.charAt(0)] = id;
            }
        }
        this.unk = specials.id(SpecialTokens.Role.UNK).orElse(-1);
    }

    /** The distinct characters of {@code corpus} in code point order, without special tokens. */
    public static CharTokenizer fromCorpus(String corpus) {
        TreeSet<Integer> distinct = new TreeSet<>();
        corpus.codePoints().forEach(distinct::add);
        List<String> tokens = new ArrayList<>(distinct.size());
        distinct.forEach(cp -> tokens.add(Character.toString(cp)));
        return new CharTokenizer(Vocabulary.of(tokens, Map.of()));
    }

    /**
     * The characters of {@code alphabet} in the given order (ids 0, 1, ...), without special tokens.
     *
     * @throws IllegalArgumentException if a character appears twice
     */
    public static CharTokenizer of(String alphabet) {
        return new CharTokenizer(Vocabulary.of(characters(alphabet), Map.of()));
    }

    /** The characters (code points) of {@code text} as strings: the corpus for {@link Vocabulary.Builder#build}. */
    public static List<String> characters(String text) {
        List<String> out = new ArrayList<>(text.length());
        text.codePoints().forEach(cp -> out.add(Character.toString(cp)));
        return out;
    }

    @Override
    public Encoding encode(String text) {
        int n = text.codePointCount(0, text.length());
        int[] ids = new int[n];
        int[] offsets = new int[2 * n];
        List<String> tokens = new ArrayList<>(n);
        int k = 0;
        for (int i = 0; i < text.length(); k++) {
            int cp = text.codePointAt(i);
            int width = Character.charCount(cp);
            int id = cp < bmp.length ? bmp[cp] : supplementary.getOrDefault(cp, -1);
            if (id < 0) {
                if (unk < 0) {
                    throw new IllegalArgumentException(String.format("CharTokenizer: the character '%s' (U+%04X) at"
                            + " index %d is not in the vocabulary of %d tokens, which has no unknown token; build the"
                            + " vocabulary with Vocabulary.builder().unk(...) to map such characters to it",
                            Character.toString(cp), cp, i, vocabulary.size()));
                }
                id = unk;
            }
            ids[k] = id;
            tokens.add(vocabulary.token(id));
            offsets[2 * k] = i;
            offsets[2 * k + 1] = i + width;
            i += width;
        }
        return new Encoding(ids, tokens, offsets, new int[n], new boolean[n]);
    }
}
