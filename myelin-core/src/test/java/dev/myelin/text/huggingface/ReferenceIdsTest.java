package dev.myelin.text.huggingface;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.text.Encoding;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ids of real tokenizers equal the reference implementation's for varied texts: punctuation,
 * accents (precomposed and combining), numbers, casing, CJK, Hangul, Cyrillic, Arabic, emoji,
 * empty and blank text, very long words, special tokens inside the text, control and format
 * characters, and truncation to 128 tokens. The references were made once with
 * {@code scripts/make-text-references.sh} (@huggingface/transformers and gpt-3-encoder).
 */
class ReferenceIdsTest {
    static List<ReferenceTokenizers.Case> minilmCases() {
        return ReferenceTokenizers.cases("minilm-reference.json");
    }

    static List<ReferenceTokenizers.Case> gpt2Cases() {
        return ReferenceTokenizers.cases("gpt2-reference.json");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("minilmCases")
    void wordPieceIdsOfAllMiniLmL6V2MatchTheReference(ReferenceTokenizers.Case c) {
        HuggingFaceTokenizer untruncated = ReferenceTokenizers.minilm().withMaxLength(0);
        Encoding e = untruncated.encode(c.text());
        assertThat(e.ids()).as("ids of %s; tokens %s", c.text(), e.tokens()).containsExactly(c.ids());
        assertThat(untruncated.decode(c.ids())).isEqualTo(c.decoded());
    }

    /**
     * The file truncates to 128 tokens as the Rust tokenizers library does: the text is cut before
     * [CLS] and [SEP] are added, so [SEP] stays (transformers.js, the reference, cuts after, which
     * is why the reference ids are untruncated).
     */
    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("minilmCases")
    void theFileTruncatesToTheModels128TokensKeepingSep(ReferenceTokenizers.Case c) {
        int[] expected = c.ids();
        if (expected.length > 128) {
            expected = Arrays.copyOf(expected, 128);
            expected[127] = 102;                   // [SEP]
        }
        assertThat(ReferenceTokenizers.minilm().maxLength()).isEqualTo(128);
        assertThat(ReferenceTokenizers.minilm().encode(c.text()).ids()).containsExactly(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("gpt2Cases")
    void byteLevelBpeIdsOfGpt2MatchTheReferenceAndDecodeBackToTheText(ReferenceTokenizers.Case c) {
        Encoding e = ReferenceTokenizers.gpt2().encode(c.text());
        assertThat(e.ids()).as("ids of %s; tokens %s", c.text(), e.tokens()).containsExactly(c.ids());
        assertThat(ReferenceTokenizers.gpt2().decode(c.ids(), false)).isEqualTo(c.text());
    }
}
