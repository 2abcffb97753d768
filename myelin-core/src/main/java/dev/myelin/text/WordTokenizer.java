package dev.myelin.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Words and punctuation marks as tokens, from a vocabulary built on a corpus: the classic tokenizer
 * of word-level models (torchtext's {@code basic_english} with a {@code Vocab}).
 *
 * <p>Text is split at whitespace, and every punctuation mark (Unicode categories P*, and the ASCII
 * symbols such as {@code $ + < = > ^ ` | ~}) is a token of its own; with {@code lowercase} the words
 * are lowercased first. Words outside the vocabulary become the unknown token, or, for a vocabulary
 * without one, make {@link #encode} throw an {@link IllegalArgumentException} naming the word and
 * its position. {@link #decode} joins tokens with single spaces, so it does not restore the
 * original spacing.
 *
 * <pre>{@code
 * WordTokenizer tok = WordTokenizer.fromCorpus(reviews, true, 2, 20_000);  // <pad> = 0, <unk> = 1
 * Encoding e = tok.encode("A great film, really!");   // a, great, film, ",", really, !
 * }</pre>
 */
public final class WordTokenizer extends VocabularyTokenizer {
    /** The padding token of {@link #fromCorpus}, id 0. */
    public static final String PAD = "<pad>";
    /** The unknown token of {@link #fromCorpus}, id 1. */
    public static final String UNK = "<unk>";

    private final boolean lowercase;

    /** A tokenizer over {@code vocabulary}, lowercasing words first when {@code lowercase} is set. */
    public WordTokenizer(Vocabulary vocabulary, boolean lowercase) {
        super(vocabulary, " ");
        this.lowercase = lowercase;
    }

    /**
     * A tokenizer whose vocabulary is {@code <pad>}, {@code <unk>}, then the words of {@code texts}
     * seen at least {@code minFrequency} times, most frequent first, up to {@code maxSize} tokens in all.
     */
    public static WordTokenizer fromCorpus(Iterable<String> texts, boolean lowercase, int minFrequency, int maxSize) {
        List<String> words = new ArrayList<>();
        for (String text : texts) {
            words.addAll(words(text, lowercase));
        }
        Vocabulary v = Vocabulary.builder().pad(PAD).unk(UNK).minFrequency(minFrequency).maxSize(maxSize).build(words);
        return new WordTokenizer(v, lowercase);
    }

    /** The words and punctuation marks of {@code text}, as {@link #encode} splits it. */
    public static List<String> words(String text, boolean lowercase) {
        List<String> out = new ArrayList<>();
        split(text, (from, to) -> out.add(word(text, from, to, lowercase)));
        return out;
    }

    private interface Span {
        void accept(int from, int to);
    }

    private static void split(String text, Span span) {
        int start = -1;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int width = Character.charCount(cp);
            boolean space = Character.isWhitespace(cp) || Character.isSpaceChar(cp);
            boolean punct = !space && isPunctuation(cp);
            if ((space || punct) && start >= 0) {
                span.accept(start, i);
                start = -1;
            }
            if (punct) {
                span.accept(i, i + width);
            } else if (!space && start < 0) {
                start = i;
            }
            i += width;
        }
        if (start >= 0) {
            span.accept(start, text.length());
        }
    }

    private static boolean isPunctuation(int cp) {
        if (cp < 128) {
            return (cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126);
        }
        int type = Character.getType(cp);
        return type >= Character.DASH_PUNCTUATION && type <= Character.OTHER_PUNCTUATION
                || type == Character.INITIAL_QUOTE_PUNCTUATION || type == Character.FINAL_QUOTE_PUNCTUATION;
    }

    private static String word(String text, int from, int to, boolean lowercase) {
        String w = text.substring(from, to);
        return lowercase ? w.toLowerCase(Locale.ROOT) : w;
    }

    @Override
    public Encoding encode(String text) {
        List<String> tokens = new ArrayList<>();
        List<int[]> spans = new ArrayList<>();
        split(text, (from, to) -> {
            tokens.add(word(text, from, to, lowercase));
            spans.add(new int[] {from, to});
        });
        int n = tokens.size();
        int[] ids = new int[n];
        int[] offsets = new int[2 * n];
        boolean hasUnk = vocabulary.specialTokens().get(SpecialTokens.Role.UNK).isPresent();
        for (int k = 0; k < n; k++) {
            int id = vocabulary.idOrMinusOne(tokens.get(k));
            if (id < 0) {
                if (!hasUnk) {
                    throw new IllegalArgumentException("WordTokenizer: the word \"" + tokens.get(k) + "\" at index "
                            + spans.get(k)[0] + " is not in the vocabulary of " + vocabulary.size() + " tokens, which"
                            + " has no unknown token; build the vocabulary with Vocabulary.builder().unk(...) to map"
                            + " such words to it");
                }
                id = vocabulary.idOrUnknown(tokens.get(k));
                tokens.set(k, vocabulary.token(id));
            }
            ids[k] = id;
            offsets[2 * k] = spans.get(k)[0];
            offsets[2 * k + 1] = spans.get(k)[1];
        }
        return new Encoding(ids, tokens, offsets, new int[n], new boolean[n]);
    }

    @Override
    public String toString() {
        return "WordTokenizer(" + vocabulary + (lowercase ? ", lowercase" : "") + ")";
    }
}
