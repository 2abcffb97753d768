package dev.myelin.text;

import java.util.OptionalInt;

/** What {@link CharTokenizer} and {@link WordTokenizer} share: a {@link Vocabulary}, and decoding by joining tokens. */
abstract sealed class VocabularyTokenizer implements Tokenizer permits CharTokenizer, WordTokenizer {
    final Vocabulary vocabulary;
    private final String separator;

    VocabularyTokenizer(Vocabulary vocabulary, String separator) {
        this.vocabulary = vocabulary;
        this.separator = separator;
    }

    /** The vocabulary. */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    @Override
    public String decode(int[] ids, boolean skipSpecialTokens) {
        StringBuilder sb = new StringBuilder(ids.length);
        boolean first = true;
        for (int id : ids) {
            String t = idToToken(id);
            if (skipSpecialTokens && vocabulary.specialTokens().isSpecial(id)) {
                continue;
            }
            if (!first) {
                sb.append(separator);
            }
            sb.append(t);
            first = false;
        }
        return sb.toString();
    }

    @Override
    public int vocabSize() {
        return vocabulary.size();
    }

    @Override
    public OptionalInt tokenToId(String token) {
        return vocabulary.id(token);
    }

    @Override
    public String idToToken(int id) {
        return vocabulary.token(id);
    }

    @Override
    public SpecialTokens specialTokens() {
        return vocabulary.specialTokens();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + vocabulary + ")";
    }
}
