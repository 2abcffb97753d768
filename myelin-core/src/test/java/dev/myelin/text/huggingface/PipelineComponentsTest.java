package dev.myelin.text.huggingface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.text.Encoding;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Each normalizer, pre-tokenizer, decoder and BPE option on its own: one table row per behaviour. */
class PipelineComponentsTest {
    private static final Json FILE = new Json("test.json");

    static JsonNode json(String text) throws IOException {
        return new ObjectMapper().readTree(text.contains("\"") ? text : text.replace('\'', '"'));
    }

    static Stream<Arguments> normalizers() {
        return Stream.of(
                Arguments.of("{'type': 'Lowercase'}", "ÀB İ", "àb i̇"),
                Arguments.of("{'type': 'NFD'}", "é", "e\u0301"),
                Arguments.of("{'type': 'NFC'}", "e\u0301", "é"),
                Arguments.of("{'type': 'NFKC'}", "ﬁ①", "fi1"),
                Arguments.of("{'type': 'NFKD'}", "ﬁé", "fie\u0301"),
                Arguments.of("{'type': 'StripAccents'}", "e\u0301a\u0308", "ea"),
                Arguments.of("{'type': 'Sequence', 'normalizers': [{'type': 'NFD'}, {'type': 'StripAccents'},"
                        + " {'type': 'Lowercase'}]}", "Ångström", "angstrom"),
                Arguments.of("{'type': 'Strip', 'left': true, 'right': true}", "  a b \n", "a b"),
                Arguments.of("{'type': 'Strip', 'left': false, 'right': true}", "  a b \n", "  a b"),
                Arguments.of("{'type': 'Replace', 'pattern': {'String': ' '}, 'content': '▁'}", "a b  c", "a▁b▁▁c"),
                Arguments.of("{'type': 'Prepend', 'prepend': '▁'}", "ab", "▁ab"),
                Arguments.of("{'type': 'BertNormalizer', 'clean_text': true, 'handle_chinese_chars': true,"
                        + " 'strip_accents': null, 'lowercase': false}", "Ça\tva\u0000中", "Ça va 中 "),
                Arguments.of("{'type': 'BertNormalizer', 'clean_text': false, 'handle_chinese_chars': false,"
                        + " 'strip_accents': true, 'lowercase': false}", "Ça\tvá", "Ca\tva"),
                Arguments.of("null", "As Is", "As Is"));
    }

    @ParameterizedTest(name = "{0}: \"{1}\"")
    @MethodSource("normalizers")
    void normalizer(String spec, String text, String expected) throws IOException {
        Aligned out = Normalizers.parse(FILE, json(spec), "normalizer").apply(Aligned.of(text));
        assertThat(out.text).isEqualTo(expected);
        for (int i = 0; i < out.length(); i++) {           // every unit points back into the text
            assertThat(out.originalStart(i)).isBetween(0, text.length());
            assertThat(out.originalEnd(i + 1)).isBetween(out.originalStart(i), text.length());
        }
    }

    static Stream<Arguments> preTokenizers() {
        return Stream.of(
                Arguments.of("{'type': 'BertPreTokenizer'}", "Hi,there  you!", List.of("Hi", ",", "there", "you", "!")),
                Arguments.of("{'type': 'Whitespace'}", "Hello, world!!", List.of("Hello", ",", "world", "!!")),
                Arguments.of("{'type': 'WhitespaceSplit'}", " Hello,\tworld!! ", List.of("Hello,", "world!!")),
                Arguments.of("{'type': 'Punctuation'}", "a,b!!c", List.of("a", ",", "b", "!", "!", "c")),
                Arguments.of("{'type': 'Punctuation', 'behavior': 'Contiguous'}", "a,b!!c", List.of("a", ",", "b", "!!", "c")),
                Arguments.of("{'type': 'Digits', 'individual_digits': true}", "ab123c", List.of("ab", "1", "2", "3", "c")),
                Arguments.of("{'type': 'Digits', 'individual_digits': false}", "ab123c", List.of("ab", "123", "c")),
                Arguments.of("{'type': 'CharDelimiterSplit', 'delimiter': '|'}", "a|b||c", List.of("a", "b", "c")),
                Arguments.of("{'type': 'Split', 'pattern': {'Regex': '\\\\s+'}, 'behavior': 'Removed', 'invert': false}",
                        "a  b c", List.of("a", "b", "c")),
                Arguments.of("{'type': 'Split', 'pattern': {'String': '-'}, 'behavior': 'MergedWithPrevious', 'invert': false}",
                        "a-b--c", List.of("a-", "b-", "-", "c")),
                Arguments.of("{'type': 'Split', 'pattern': {'String': '-'}, 'behavior': 'MergedWithNext', 'invert': false}",
                        "a-b--c", List.of("a", "-b", "-", "-c")),
                Arguments.of("{'type': 'Split', 'pattern': {'Regex': '\\\\d'}, 'behavior': 'Contiguous', 'invert': false}",
                        "ab12c3", List.of("ab", "12", "c", "3")),
                Arguments.of("{'type': 'Split', 'pattern': {'Regex': '\\\\w+'}, 'behavior': 'Removed', 'invert': true}",
                        "a, bc!", List.of("a", "bc")),
                Arguments.of("{\"type\": \"Split\", \"pattern\": {\"Regex\": \"(?i:'s|'t)|[^\\\\r\\\\n\\\\p{L}\\\\p{N}]?"
                        + "\\\\p{L}+|\\\\p{N}{1,3}| ?[^\\\\s\\\\p{L}\\\\p{N}]+[\\\\r\\\\n]*|\\\\s*[\\\\r\\\\n]+|\\\\s+(?!\\\\S)|\\\\s+\"},"
                        + " \"behavior\": \"Isolated\", \"invert\": false}",   // Llama 3's pattern
                        "It'S 12345 ok", List.of("It", "'S", " ", "123", "45", " ok")),
                Arguments.of("{'type': 'Sequence', 'pretokenizers': [{'type': 'WhitespaceSplit'},"
                        + " {'type': 'Digits', 'individual_digits': true}]}", "ab12 c3", List.of("ab", "1", "2", "c", "3")),
                Arguments.of("{'type': 'ByteLevel', 'add_prefix_space': true, 'use_regex': true}", "Hi you",
                        List.of("ĠHi", "Ġyou")),
                Arguments.of("{'type': 'ByteLevel', 'add_prefix_space': false, 'use_regex': false}", "Hi you é",
                        List.of("HiĠyouĠÃ©")));
    }

    @ParameterizedTest(name = "{0}: \"{1}\"")
    @MethodSource("preTokenizers")
    void preTokenizer(String spec, String text, List<String> expected) throws IOException {
        List<Aligned> out = new ArrayList<>();
        PreTokenizers.parse(FILE, json(spec), "pre_tokenizer").split(Aligned.of(text), out);
        assertThat(out).extracting(a -> a.text).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> decoders() {
        return Stream.of(
                Arguments.of("{'type': 'WordPiece', 'prefix': '##', 'cleanup': true}",
                        List.of("hel", "##lo", ",", "world", "!", "don", "'", "t"), "hello, world! don ' t"),   // cleanup is per token
                Arguments.of("{'type': 'WordPiece', 'prefix': '##', 'cleanup': false}", List.of("a", "##b", ",", "c"), "ab , c"),
                Arguments.of("{'type': 'ByteLevel'}", List.of("Hello", "Ġworld", "ĠÃ", "©"), "Hello world é"),
                Arguments.of("{'type': 'BPEDecoder', 'suffix': '</w>'}", List.of("hel", "lo</w>", "world</w>"), "hello world"),
                Arguments.of("{'type': 'Sequence', 'decoders': [{'type': 'Replace', 'pattern': {'String': '▁'},"
                        + " 'content': ' '}, {'type': 'ByteFallback'}, {'type': 'Fuse'},"
                        + " {'type': 'Strip', 'content': ' ', 'start': 1, 'stop': 0}]}",
                        List.of("▁Hi", "<0xE2>", "<0x82>", "<0xAC>", "▁there"), "Hi€ there"),
                Arguments.of("null", List.of("a", "b"), "a b"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decoders")
    void decoder(String spec, List<String> tokens, String expected) throws IOException {
        assertThat(String.join("", Decoders.parse(FILE, json(spec), "decoder").decode(tokens))).isEqualTo(expected);
    }

    /** A BPE tokenizer over the letters a, b, c (and what the test adds) with WhitespaceSplit. */
    static HuggingFaceTokenizer bpe(String extraVocab, String merges, String options) throws IOException {
        return HuggingFaceTokenizerTest.fromJson(("{'model': {'type': 'BPE', 'vocab': {'a': 0, 'b': 1, 'c': 2, 'ab': 3,"
                + " 'bc': 4, 'abc': 5" + extraVocab + "}, 'merges': " + merges + options + "},"
                + " 'pre_tokenizer': {'type': 'WhitespaceSplit'}}").replace('\'', '"'));
    }

    @Test
    void bpeMergesTheBestRankedPairFirstInEitherMergeFormat() throws IOException {
        assertThat(bpe("", "['b c', 'a b', 'a bc']", "").encode("abc").tokens()).containsExactly("abc");
        assertThat(bpe("", "['a b', 'b c', 'a bc']", "").encode("abc").tokens()).containsExactly("ab", "c");
        assertThat(bpe("", "[['b', 'c'], ['a', 'bc']]", "").encode("abc cab").tokens())
                .containsExactly("abc", "c", "a", "b");
        Encoding e = bpe("", "['b c', 'a bc']", "").encode("ca abc");
        assertThat(e.ids()).containsExactly(2, 0, 5);
        assertThat(HuggingFaceTokenizerTest.spans("ca abc", e)).containsExactly("c", "a", "abc");
    }

    @Test
    void bpeUnknownCharactersFuseByteFallbackOrFail() throws IOException {
        assertThat(bpe(", '<unk>': 6", "['a b']", ", 'unk_token': '<unk>', 'fuse_unk': true").encode("axyb").tokens())
                .containsExactly("a", "<unk>", "b");
        assertThat(bpe(", '<unk>': 6", "['a b']", ", 'unk_token': '<unk>'").encode("axyb").tokens())
                .containsExactly("a", "<unk>", "<unk>", "b");
        HuggingFaceTokenizer fallback = bpe(", '<0xC3>': 6, '<0xA9>': 7", "['a b']", ", 'byte_fallback': true");
        assertThat(fallback.encode("aéb").tokens()).containsExactly("a", "<0xC3>", "<0xA9>", "b");
        assertThatThrownBy(() -> bpe("", "['a b']", "").encode("abzc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("BPE: the character 'z' (U+007A) in \"abzc\" is not in the vocabulary and the model has no"
                        + " unknown token");
    }

    @Test
    void bpeContinuingPrefixAndEndOfWordSuffix() throws IOException {
        HuggingFaceTokenizer tok = HuggingFaceTokenizerTest.fromJson(("{'model': {'type': 'BPE', 'vocab': {'a': 0,"
                + " '##b': 1, '##c</w>': 2, 'ab': 3, 'abc</w>': 4, 'a</w>': 5}, 'merges': ['a ##b', 'ab ##c</w>'],"
                + " 'continuing_subword_prefix': '##', 'end_of_word_suffix': '</w>'},"
                + " 'pre_tokenizer': {'type': 'WhitespaceSplit'}, 'decoder': {'type': 'BPEDecoder', 'suffix': '</w>'}}")
                .replace('\'', '"'));
        assertThat(tok.encode("abc a").tokens()).containsExactly("abc</w>", "a</w>");
        assertThat(tok.decode(tok.encode("abc a").ids())).isEqualTo("abc a");
    }

    @Test
    void wordPieceCutsWholeCodePointsAndMakesUnsplittableWordsUnknown() throws IOException {
        HuggingFaceTokenizer tok = HuggingFaceTokenizerTest.fromJson(("{'model': {'type': 'WordPiece', 'vocab': {"
                + "'[UNK]': 0, 'a': 1, '😀': 2, '##😀': 3, '##b': 4}, 'max_input_chars_per_word': 4},"
                + " 'pre_tokenizer': {'type': 'WhitespaceSplit'}, 'decoder': {'type': 'WordPiece'}}").replace('\'', '"'));
        String text = "a😀😀 😀b ab b 😀😀😀😀😀";
        Encoding e = tok.encode(text);
        assertThat(e.tokens()).containsExactly("a", "##😀", "##😀", "😀", "##b", "a", "##b", "[UNK]", "[UNK]");
        assertThat(HuggingFaceTokenizerTest.spans(text, e)).containsExactly("a", "😀", "😀", "😀", "b", "a", "b", "b",
                "😀😀😀😀😀");                                  // five characters: over max_input_chars_per_word
        assertThat(tok.decode(e.ids(), false)).isEqualTo("a😀😀 😀b ab [UNK] [UNK]");
        assertThat(tok.decode(e.ids())).isEqualTo("a😀😀 😀b ab");   // [UNK] is the unknown token's role: special
    }

    @Test
    void wordLevelAndRobertaStylePostProcessingWithTrimmedOffsets() throws IOException {
        HuggingFaceTokenizer tok = HuggingFaceTokenizerTest.fromJson(("{'added_tokens': [{'id': 0, 'content': '<s>',"
                + " 'special': true, 'normalized': false}, {'id': 1, 'content': '</s>', 'special': true,"
                + " 'normalized': false}], 'model': {'type': 'WordLevel', 'vocab': {'<s>': 0, '</s>': 1, '<unk>': 2,"
                + " 'ĠHi': 3, 'Ġthere': 4, 'Ġyou': 5}, 'unk_token': '<unk>'},"
                + " 'pre_tokenizer': {'type': 'ByteLevel', 'add_prefix_space': true, 'use_regex': true},"
                + " 'post_processor': {'type': 'RobertaProcessing', 'sep': ['</s>', 1], 'cls': ['<s>', 0],"
                + " 'trim_offsets': true, 'add_prefix_space': true},"
                + " 'truncation': {'max_length': 5, 'direction': 'Left'}}").replace('\'', '"'));
        Encoding e = tok.encode("Hi there you");
        assertThat(e.tokens()).containsExactly("<s>", "ĠHi", "Ġthere", "Ġyou", "</s>");
        assertThat(HuggingFaceTokenizerTest.spans("Hi there you", e)).containsExactly("", "Hi", "there", "you", "");
        assertThat(tok.encode("Hi there you all").tokens())        // left truncation keeps the end
                .containsExactly("<s>", "Ġthere", "Ġyou", "<unk>", "</s>");
        assertThat(tok.specialTokens().id(dev.myelin.text.SpecialTokens.Role.BOS)).hasValue(0);
        assertThat(tok.specialTokens().id(dev.myelin.text.SpecialTokens.Role.UNK)).hasValue(2);
    }

    @Test
    void addedTokensHonourLstripRstripAndSingleWord() throws IOException {
        HuggingFaceTokenizer tok = HuggingFaceTokenizerTest.fromJson(("{'added_tokens': [{'id': 3, 'content': '<mask>',"
                + " 'special': true, 'normalized': false, 'lstrip': true, 'rstrip': true}, {'id': 4, 'content': 'ab',"
                + " 'single_word': true, 'normalized': true}],"
                + " 'normalizer': {'type': 'Lowercase'}, 'pre_tokenizer': {'type': 'WhitespaceSplit'},"
                + " 'model': {'type': 'WordLevel', 'vocab': {'<unk>': 0, 'x': 1, 'xab': 2}, 'unk_token': '<unk>'}}")
                .replace('\'', '"'));
        String text = "x  <mask>  AB xab";
        Encoding e = tok.encode(text);
        assertThat(e.tokens()).containsExactly("x", "<mask>", "ab", "xab");
        assertThat(HuggingFaceTokenizerTest.spans(text, e)).containsExactly("x", "  <mask>  ", "AB", "xab");
        assertThat(e.specialTokensMask()).containsExactly(false, true, false, false);
    }
}
