package dev.myelin.text;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Turns text into token ids and back: the first step of every language model.
 *
 * <p>Implementations: {@link CharTokenizer} (one token per character), {@link WordTokenizer}
 * (words and punctuation from a vocabulary built on a corpus) and
 * {@link dev.myelin.text.huggingface.HuggingFaceTokenizer} (WordPiece and BPE tokenizers from a
 * Hugging Face {@code tokenizer.json}). Tokenizers are immutable and safe to share between threads.
 *
 * <pre>{@code
 * Tokenizer tok = HuggingFaceTokenizer.load(Path.of("tokenizer.json"));
 * List<Encoding> encodings = tok.encodeBatch(List.of("a short text", "a longer text, with punctuation"));
 * PaddedBatch batch = PaddedBatch.of(encodings, tok.padding());   // ids (2, T) int64, mask (2, T)
 * String text = tok.decode(encodings.get(0).ids());
 * }</pre>
 */
public interface Tokenizer {
    /**
     * The tokens of {@code text}, with the special tokens this tokenizer adds (such as
     * {@code [CLS]} and {@code [SEP]}) and its truncation, if it has any.
     *
     * @throws IllegalArgumentException for text the vocabulary cannot represent when the tokenizer
     *     has no unknown token (the message names the character or word and where it is)
     */
    Encoding encode(String text);

    /** {@link #encode} of each text, in order. */
    default List<Encoding> encodeBatch(List<String> texts) {
        List<Encoding> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            out.add(encode(text));
        }
        return out;
    }

    /** The text of {@code ids}, leaving out special tokens: {@code decode(ids, true)}. */
    default String decode(int[] ids) {
        return decode(ids, true);
    }

    /**
     * The text of {@code ids}.
     *
     * @param skipSpecialTokens whether to leave out the ids in {@link SpecialTokens#ids()}
     * @throws IllegalArgumentException if an id is outside [0, {@link #vocabSize()})
     */
    String decode(int[] ids, boolean skipSpecialTokens);

    /** The number of token ids: one more than the largest id (the rows of an embedding table). */
    int vocabSize();

    /** The id of {@code token}, if it is in the vocabulary. */
    OptionalInt tokenToId(String token);

    /**
     * The token with id {@code id}.
     *
     * @throws IllegalArgumentException if the id is outside [0, {@link #vocabSize()}) or unused
     */
    String idToToken(int id);

    /** The special tokens and their roles. */
    SpecialTokens specialTokens();

    /**
     * How to pad this tokenizer's encodings into a batch: the tokenizer's own settings where it has
     * them (a {@code tokenizer.json} may), else right padding to the longest sequence with the pad token.
     *
     * @throws IllegalStateException if the tokenizer has no pad token: pass a {@link Padding} with
     *     an id of your choice to {@link PaddedBatch#of} instead
     */
    default Padding padding() {
        SpecialTokens.Token pad = specialTokens().get(SpecialTokens.Role.PAD).orElseThrow(() -> new IllegalStateException(
                getClass().getSimpleName() + " has no pad token: pad with Padding.of(Side.RIGHT, id) and an id of your"
                        + " choice (the end-of-sequence id is a common one)"));
        return Padding.of(Side.RIGHT, pad.id());
    }
}
