package dev.myelin.text.huggingface;

import java.util.Map;

/**
 * BERT's WordPiece: each word is cut greedily into the longest vocabulary entries from the left,
 * pieces after the first carrying the continuation prefix ({@code ##}). A word that cannot be cut
 * this way, or is longer than {@code maxInputCharsPerWord} characters, is one unknown token.
 */
final class WordPiece extends Model {
    private final int unkId;
    private final String prefix;
    private final int maxInputCharsPerWord;

    WordPiece(Map<String, Integer> vocab, String unk, String prefix, int maxInputCharsPerWord) {
        super(vocab, unk);
        this.unkId = vocab.get(unk);
        this.prefix = prefix;
        this.maxInputCharsPerWord = maxInputCharsPerWord;
    }

    @Override
    void tokenize(Aligned word, Tokens out) {
        String w = word.text;
        if (w.codePointCount(0, w.length()) > maxInputCharsPerWord) {
            out.add(unkId, unk, word, 0, w.length());
            return;
        }
        int mark = out.size();
        int start = 0;
        while (start < w.length()) {
            int end = w.length();
            Integer id = null;
            String piece = null;
            while (end > start) {
                piece = start > 0 ? prefix + w.substring(start, end) : w.substring(start, end);
                id = vocab.get(piece);
                if (id != null) {
                    break;
                }
                end -= Character.isLowSurrogate(w.charAt(end - 1)) && end - 2 >= start ? 2 : 1;   // whole code points
            }
            if (id == null) {                        // no piece fits: the whole word is unknown
                out.keep(0, mark);
                out.add(unkId, unk, word, 0, w.length());
                return;
            }
            out.add(id, piece, word, start, end);
            start = end;
        }
    }

}
