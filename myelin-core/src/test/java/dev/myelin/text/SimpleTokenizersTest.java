package dev.myelin.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.text.SpecialTokens.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Character and word tokenizers and the vocabulary they share. */
class SimpleTokenizersTest {
    @Test
    void aCharTokenizerFromACorpusUsesItsDistinctCharactersInCodePointOrder() {
        CharTokenizer tok = CharTokenizer.fromCorpus("hello world");
        assertThat(tok.vocabulary().tokens()).containsExactly(" ", "d", "e", "h", "l", "o", "r", "w");
        Encoding e = tok.encode("hold");
        assertThat(e.ids()).containsExactly(3, 5, 4, 1);
        assertThat(e.tokens()).containsExactly("h", "o", "l", "d");
        assertThat(e.start(2)).isEqualTo(2);
        assertThat(e.end(2)).isEqualTo(3);
        assertThat(tok.decode(e.ids())).isEqualTo("hold");
        assertThat(tok.vocabSize()).isEqualTo(8);
        assertThat(tok.specialTokens().ids()).isEmpty();
    }

    @Test
    void charactersOutsideTheBasicPlaneAreOneTokenEach() {
        CharTokenizer tok = CharTokenizer.of("ab😀é");
        Encoding e = tok.encode("a😀éb");
        assertThat(e.ids()).containsExactly(0, 2, 3, 1);
        assertThat(e.start(2)).isEqualTo(3);           // after the surrogate pair
        assertThat(tok.decode(e.ids())).isEqualTo("a😀éb");
    }

    @Test
    void unknownCharactersThrowOrMapToTheUnknownTokenAsConfigured() {
        CharTokenizer strict = CharTokenizer.of("abc");
        assertThatThrownBy(() -> strict.encode("abxc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CharTokenizer: the character 'x' (U+0078) at index 2 is not in the vocabulary of 3 tokens,"
                        + " which has no unknown token; build the vocabulary with Vocabulary.builder().unk(...) to map"
                        + " such characters to it");
        CharTokenizer lenient = new CharTokenizer(Vocabulary.builder().pad("<pad>").unk("<unk>")
                .build(CharTokenizer.characters("abcab")));
        assertThat(lenient.vocabulary().tokens()).containsExactly("<pad>", "<unk>", "a", "b", "c");
        Encoding e = lenient.encode("abxc");
        assertThat(e.ids()).containsExactly(2, 3, 1, 4);
        assertThat(e.tokens()).containsExactly("a", "b", "<unk>", "c");
        assertThat(lenient.decode(e.ids())).isEqualTo("abc");
        assertThat(lenient.decode(e.ids(), false)).isEqualTo("ab<unk>c");
        assertThat(lenient.padding()).isEqualTo(Padding.of(Side.RIGHT, 0));
        assertThatThrownBy(() -> lenient.decode(new int[] {5})).hasMessage("Vocabulary: id 5 is outside [0, 5)");
        assertThatThrownBy(() -> CharTokenizer.of("aba")).hasMessage("Vocabulary: the token \"a\" appears twice");
        assertThatThrownBy(() -> new CharTokenizer(Vocabulary.of(List.of("ab"), Map.of())))
                .hasMessageContaining("token 0 \"ab\" is not one character");
        assertThatThrownBy(strict::padding).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CharTokenizer has no pad token");
    }

    @Test
    void wordsAndPunctuationAreSplitAndOptionallyLowercased() {
        assertThat(WordTokenizer.words("Hello,  World! It's 3.5$ (ok)…", true))
                .containsExactly("hello", ",", "world", "!", "it", "'", "s", "3", ".", "5", "$", "(", "ok", ")", "…");
        assertThat(WordTokenizer.words("Keep Case", false)).containsExactly("Keep", "Case");
        assertThat(WordTokenizer.words(" \t\n", true)).isEmpty();
    }

    @Test
    void aWordVocabularyKeepsFrequentWordsMostFrequentFirst() {
        List<String> corpus = List.of("the cat sat on the mat", "The dog sat", "a cat!");
        WordTokenizer tok = WordTokenizer.fromCorpus(corpus, true, 2, 100);
        // the: 3, cat: 2, sat: 2 (ties in string order); words seen once are dropped
        assertThat(tok.vocabulary().tokens()).containsExactly("<pad>", "<unk>", "the", "cat", "sat");
        Encoding e = tok.encode("The cat sat on a mat.");
        assertThat(e.tokens()).containsExactly("the", "cat", "sat", "<unk>", "<unk>", "<unk>", "<unk>");
        assertThat(e.ids()).containsExactly(2, 3, 4, 1, 1, 1, 1);
        assertThat(e.start(0)).isEqualTo(0);
        assertThat(e.end(0)).isEqualTo(3);
        assertThat(tok.decode(e.ids())).isEqualTo("the cat sat");
        assertThat(tok.decode(e.ids(), false)).isEqualTo("the cat sat <unk> <unk> <unk> <unk>");
        WordTokenizer small = WordTokenizer.fromCorpus(corpus, true, 1, 4);
        assertThat(small.vocabulary().tokens()).containsExactly("<pad>", "<unk>", "the", "cat");
        assertThat(WordTokenizer.fromCorpus(corpus, false, 1, 100).tokenToId("The")).isPresent();
    }

    @Test
    void aWordVocabularyWithoutUnknownTokenRejectsUnknownWords() {
        WordTokenizer tok = new WordTokenizer(Vocabulary.of(List.of("hello", "world"), Map.of()), true);
        assertThat(tok.encode("Hello WORLD").ids()).containsExactly(0, 1);
        assertThatThrownBy(() -> tok.encode("hello there")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("WordTokenizer: the word \"there\" at index 6 is not in the vocabulary of 2 tokens, which has"
                        + " no unknown token; build the vocabulary with Vocabulary.builder().unk(...) to map such words to it");
    }

    @Test
    void vocabularySpecialTokensAndLimits() {
        Vocabulary v = Vocabulary.builder().pad("<pad>").unk("<unk>").bos("<s>").eos("</s>")
                .build(List.of("b", "a", "b", "<s>"));
        assertThat(v.tokens()).containsExactly("<pad>", "<unk>", "<s>", "</s>", "b", "a");
        assertThat(v.specialTokens().id(Role.EOS)).hasValue(3);
        assertThat(v.specialTokens().isSpecial(2)).isTrue();
        assertThat(v.specialTokens().isSpecial(4)).isFalse();
        assertThat(v.idOrUnknown("zzz")).isEqualTo(1);
        assertThat(v.id("zzz")).isEmpty();
        assertThatThrownBy(() -> Vocabulary.builder().pad("<p>").unk("<u>").maxSize(1).build(List.of("a")))
                .hasMessage("Vocabulary.Builder: maxSize 1 is smaller than the 2 special tokens");
        assertThatThrownBy(() -> Vocabulary.builder().pad("<p>").pad("<q>")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Vocabulary.builder().minFrequency(0)).hasMessageContaining("minFrequency must be >= 1");
        assertThatThrownBy(() -> Vocabulary.of(List.of("a"), Map.of(Role.UNK, "<unk>")))
                .hasMessage("Vocabulary.of: the UNK token \"<unk>\" is not in the token list");
        assertThatThrownBy(() -> Vocabulary.of(List.of("a"), Map.of()).idOrUnknown("b"))
                .hasMessage("Vocabulary: \"b\" is not among the 1 tokens and there is no unknown token");
    }

    @Test
    void encodeBatchEncodesEachTextInOrder() {
        CharTokenizer tok = CharTokenizer.of("abc");
        List<Encoding> batch = tok.encodeBatch(List.of("ab", "", "cba"));
        assertThat(batch).extracting(Encoding::length).containsExactly(2, 0, 3);
        assertThat(batch.get(2)).isEqualTo(tok.encode("cba"));
        assertThat(batch.get(2).truncate(2, Side.LEFT).ids()).containsExactly(1, 0);
        assertThat(batch.get(2).truncate(2, Side.RIGHT).tokens()).containsExactly("c", "b");
    }
}
