package dev.myelin.text.huggingface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.io.InvalidFileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and unsupported tokenizer.json files: a corrupt file is an {@link InvalidFileException}
 * naming the file and the field; a valid file with a component not implemented here is an
 * {@link UnsupportedOperationException} naming the file and the component.
 */
class TokenizerFileBadInputTest {
    private static final String WORDPIECE = "'model': {'type': 'WordPiece', 'vocab': {'[UNK]': 0, 'a': 1}}";

    static Stream<Arguments> corrupt() {
        return Stream.of(
                Arguments.of("{not json", "test.json: not valid JSON"),
                Arguments.of("", "test.json: expected a JSON object"),
                Arguments.of("[1, 2]", "test.json: expected a JSON object, got ARRAY"),
                Arguments.of("{}", "test.json: model: missing"),
                Arguments.of("{'model': 3}", "test.json: model: expected an object, got NUMBER"),
                Arguments.of("{'model': {'type': 'WordPiece'}}", "test.json: model.vocab: missing"),
                Arguments.of("{'model': {'type': 'WordPiece', 'vocab': {'a': 'one'}}}",
                        "test.json: model.vocab[\"a\"]: expected an integer in [0, 67108864], got \"one\""),
                Arguments.of("{'model': {'type': 'WordPiece', 'vocab': {'a': -1}}}", "model.vocab[\"a\"]: expected an integer"),
                Arguments.of("{'model': {'type': 'WordPiece', 'vocab': {'a': 0, 'b': 0}}}",
                        "test.json: model.vocab: the id 0 is given to two tokens"),
                Arguments.of("{'model': {'type': 'WordPiece', 'vocab': {'a': 0, 'a': 1}}}", "Duplicate field 'a'"),
                Arguments.of("{'model': {'type': 'WordPiece', 'vocab': {'a': 0}}}",
                        "test.json: model.unk_token: the token \"[UNK]\" is not in the vocabulary"),
                Arguments.of("{'model': {'type': 'BPE', 'vocab': {'a': 0, 'b': 1}, 'merges': ['a b']}}",
                        "test.json: model.merges[0]: the merge of \"a\" and \"b\" uses a token missing from the vocabulary (\"ab\")"),
                Arguments.of("{'model': {'type': 'BPE', 'vocab': {'a': 0}, 'merges': ['a b c']}}",
                        "model.merges[0]: expected two tokens separated by one space"),
                Arguments.of("{'model': {'type': 'BPE', 'vocab': {'a': 0}, 'merges': [7]}}",
                        "model.merges[0]: expected \"a b\" or [\"a\", \"b\"], got 7"),
                Arguments.of("{'model': {'type': 'BPE', 'vocab': {'a': 0}}}", "test.json: model.merges: missing"),
                Arguments.of("{" + WORDPIECE + ", 'normalizer': {'lowercase': true}}", "test.json: normalizer.type: missing"),
                Arguments.of("{" + WORDPIECE + ", 'added_tokens': [{'content': 'x'}]}", "test.json: added_tokens[0].id: missing"),
                Arguments.of("{" + WORDPIECE + ", 'truncation': {'max_length': 0}}",
                        "test.json: truncation.max_length: expected an integer in [1, 2147483647], got 0"),
                Arguments.of("{" + WORDPIECE + ", 'truncation': {'max_length': 8, 'direction': 'Up'}}",
                        "test.json: truncation.direction: expected Right or Left, got \"Up\""),
                Arguments.of("{" + WORDPIECE + ", 'padding': {'strategy': 'Longest'}}", "test.json: padding.strategy"),
                Arguments.of("{" + WORDPIECE + ", 'post_processor': {'type': 'TemplateProcessing', 'single':"
                        + " [{'SpecialToken': {'id': '[CLS]', 'type_id': 0}}], 'special_tokens': {}}}",
                        "the special token \"[CLS]\" is not defined in post_processor.special_tokens"),
                Arguments.of("{" + WORDPIECE + ", 'post_processor': {'type': 'BertProcessing', 'sep': ['[SEP]', 9],"
                        + " 'cls': ['[UNK]', 0]}}", "test.json: post_processor: the special token \"[SEP]\" has the id 9,"
                        + " which is not in the vocabulary"),
                Arguments.of("{" + WORDPIECE + ", 'pre_tokenizer': {'type': 'Split', 'pattern': {'String': '-'},"
                        + " 'behavior': 'Sideways'}}", "test.json: pre_tokenizer.behavior: unknown behavior \"Sideways\""));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("corrupt")
    void aCorruptFileIsAnInvalidFileExceptionNamingTheFileAndField(String json, String message) {
        assertThatThrownBy(() -> HuggingFaceTokenizerTest.fromJson(json.replace('\'', '"')))
                .isInstanceOf(InvalidFileException.class).hasMessageContaining(message);
    }

    static Stream<Arguments> unsupported() {
        return Stream.of(
                Arguments.of("{'model': {'type': 'Unigram', 'vocab': {}}}", "the model \"Unigram\" is not supported"
                        + " (supported: WordPiece, BPE, WordLevel)"),
                Arguments.of("{" + WORDPIECE + ", 'normalizer': {'type': 'Precompiled'}}", "the normalizer \"Precompiled\""),
                Arguments.of("{" + WORDPIECE + ", 'pre_tokenizer': {'type': 'Metaspace'}}", "the pre_tokenizer \"Metaspace\""),
                Arguments.of("{" + WORDPIECE + ", 'post_processor': {'type': 'Magic'}}", "the post_processor \"Magic\""),
                Arguments.of("{" + WORDPIECE + ", 'decoder': {'type': 'CTC'}}", "the decoder \"CTC\""),
                Arguments.of("{'model': {'type': 'BPE', 'vocab': {'a': 0}, 'merges': [], 'dropout': 0.1}}",
                        "the model option \"BPE dropout 0.1\""),
                Arguments.of("{" + WORDPIECE + ", 'pre_tokenizer': {'type': 'Split', 'pattern': {'Regex': '(?<x'},"
                        + " 'behavior': 'Isolated'}}", "pre_tokenizer.pattern: the regular expression \"(?<x\""));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("unsupported")
    void anUnsupportedComponentIsNamedWithTheFile(String json, String message) {
        assertThatThrownBy(() -> HuggingFaceTokenizerTest.fromJson(json.replace('\'', '"')))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageStartingWith("test.json: ")
                .hasMessageContaining(message);
    }

    @Test
    void aTruncatedRealFileIsRejectedWithItsPath(@TempDir Path dir) throws IOException {
        byte[] whole;
        try (InputStream in = new GZIPInputStream(ReferenceTokenizers.resource("/text/gpt2-tokenizer.json.gz"))) {
            whole = in.readAllBytes();
        }
        Path file = dir.resolve("tokenizer.json");
        Files.write(file, Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> HuggingFaceTokenizer.load(file)).isInstanceOf(InvalidFileException.class)
                .hasMessageStartingWith(file + ": not valid JSON: Unexpected end-of-input");
        assertThatThrownBy(() -> HuggingFaceTokenizer.load(dir.resolve("absent.json")))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
    }

    @Test
    void unknownWordsBecomeTheUnknownTokenInWordPiece() {
        HuggingFaceTokenizer tok = ReferenceTokenizers.minilm();
        assertThat(tok.encode("😀 ☃").tokens()).containsExactly("[CLS]", "[UNK]", "[UNK]", "[SEP]");
        assertThat(tok.encode("x".repeat(101)).tokens()).containsExactly("[CLS]", "[UNK]", "[SEP]");   // > 100 characters
    }
}
