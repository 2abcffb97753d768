package dev.myelin.text.huggingface;

import java.util.Map;

/** The {@code model} section of a {@code tokenizer.json}: one pre-tokenized word to tokens. */
abstract class Model {
    /** The model's vocabulary, token to id. */
    final Map<String, Integer> vocab;
    /** The unknown token, or null. */
    final String unk;

    Model(Map<String, Integer> vocab, String unk) {
        this.vocab = vocab;
        this.unk = unk;
    }

    /** Appends the tokens of {@code word} to {@code out}. */
    abstract void tokenize(Aligned word, Tokens out);

    /** WordLevel: each word is a token, or the unknown token. */
    static Model wordLevel(Map<String, Integer> vocab, String unk) {
        int unkId = vocab.get(unk);
        return new Model(vocab, unk) {
            @Override
            void tokenize(Aligned word, Tokens out) {
                Integer id = vocab.get(word.text);
                out.add(id == null ? unkId : id, id == null ? unk : word.text, word, 0, word.length());
            }
        };
    }
}
