package dev.myelin.text.huggingface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.io.InvalidFileException;
import dev.myelin.tensor.Shape;
import dev.myelin.text.Encoding;
import dev.myelin.text.PaddedBatch;
import dev.myelin.text.Padding;
import dev.myelin.text.Side;
import dev.myelin.text.SpecialTokens.Role;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tokenizer.json pipeline beyond the reference ids: offsets, special tokens, truncation, padding, files. */
class HuggingFaceTokenizerTest {
    static HuggingFaceTokenizer fromJson(String json) throws IOException {
        return HuggingFaceTokenizer.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json");
    }

    /** The substrings of the original text that each token's offsets point at. */
    static List<String> spans(String text, Encoding e) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < e.length(); i++) {
            out.add(text.substring(e.start(i), e.end(i)));
        }
        return out;
    }

    @Test
    void wordPieceTokensOffsetsTypeIdsAndSpecialMask() {
        String text = "Héllo, WORLD! Tokenization";
        Encoding e = ReferenceTokenizers.minilm().encode(text);
        assertThat(e.tokens()).containsExactly("[CLS]", "hello", ",", "world", "!", "token", "##ization", "[SEP]");
        assertThat(spans(text, e)).containsExactly("", "Héllo", ",", "WORLD", "!", "Token", "ization", "");
        assertThat(e.typeIds()).containsOnly(0);
        assertThat(e.specialTokensMask()).containsExactly(true, false, false, false, false, false, false, true);
    }

    @Test
    void offsetsPointIntoTheOriginalTextThroughNormalization() {
        String text = "cafe\u0301 北京 naïve";          // a combining accent, CJK padded with spaces, a precomposed one
        Encoding e = ReferenceTokenizers.minilm().withMaxLength(0).encode(text);
        assertThat(e.tokens()).containsExactly("[CLS]", "cafe", "北", "京", "naive", "[SEP]");
        assertThat(spans(text, e)).containsExactly("", "cafe\u0301", "北", "京", "naïve", "");
    }

    @Test
    void byteLevelOffsetsIncludeTheLeadingSpaceAsTheGpt2FileSays() {
        String text = "Hello world 😀";
        Encoding e = ReferenceTokenizers.gpt2().encode(text);
        assertThat(e.tokens()).startsWith("Hello", "Ġworld");
        assertThat(spans(text, e).subList(0, 2)).containsExactly("Hello", " world");
        // the emoji is four bytes in two or more tokens; each token points at the whole emoji, after its space
        assertThat(spans(text, e).subList(2, e.length())).allMatch(s -> s.equals(" 😀") || s.equals("😀"));
    }

    @Test
    void specialTokensInTheTextAreMatchedWholeAndDecodeCanKeepThem() {
        HuggingFaceTokenizer tok = ReferenceTokenizers.minilm();
        Encoding e = tok.encode("a [MASK] b");
        assertThat(e.tokens()).containsExactly("[CLS]", "a", "[MASK]", "b", "[SEP]");
        assertThat(e.specialTokensMask()).containsExactly(true, false, true, false, true);
        assertThat(tok.decode(e.ids(), false)).isEqualTo("[CLS] a [MASK] b [SEP]");
        assertThat(tok.decode(e.ids())).isEqualTo("a b");
        HuggingFaceTokenizer gpt2 = ReferenceTokenizers.gpt2();
        int[] ids = gpt2.encode("end.<|endoftext|>Next").ids();
        assertThat(ids).contains(50256);
        assertThat(gpt2.decode(ids)).isEqualTo("end.Next");
    }

    @Test
    void rolesVocabularySizeAndLookups() {
        HuggingFaceTokenizer tok = ReferenceTokenizers.minilm();
        assertThat(tok.vocabSize()).isEqualTo(30522);
        assertThat(tok.specialTokens().id(Role.PAD)).hasValue(0);
        assertThat(tok.specialTokens().id(Role.UNK)).hasValue(100);
        assertThat(tok.specialTokens().id(Role.CLS)).hasValue(101);
        assertThat(tok.specialTokens().id(Role.SEP)).hasValue(102);
        assertThat(tok.specialTokens().id(Role.MASK)).hasValue(103);
        assertThat(tok.specialTokens().id(Role.BOS)).isEmpty();
        assertThat(tok.tokenToId("hello")).hasValue(7592);
        assertThat(tok.idToToken(7592)).isEqualTo("hello");
        assertThatThrownBy(() -> tok.idToToken(30522)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("all-minilm-l6-v2-tokenizer.json: id 30522 is outside [0, 30522)");
        assertThatThrownBy(() -> tok.decode(new int[] {101, -1})).hasMessageContaining("id -1 is outside [0, 30522)");
        HuggingFaceTokenizer gpt2 = ReferenceTokenizers.gpt2();
        assertThat(gpt2.vocabSize()).isEqualTo(50257);
        assertThat(gpt2.specialTokens().id(Role.EOS)).hasValue(50256);
        assertThat(gpt2.specialTokens().id(Role.PAD)).isEmpty();
        assertThatThrownBy(gpt2::padding).isInstanceOf(IllegalStateException.class).hasMessageContaining("no pad token");
    }

    @Test
    void truncationKeepsSpecialTokensAndCanBeChanged() {
        HuggingFaceTokenizer tok = ReferenceTokenizers.minilm();
        String text = "word ".repeat(300);
        assertThat(tok.encode(text).length()).isEqualTo(128);
        Encoding short8 = tok.withMaxLength(8).encode(text);
        assertThat(short8.tokens()).containsExactly("[CLS]", "word", "word", "word", "word", "word", "word", "[SEP]");
        assertThat(tok.withMaxLength(0).encode(text).length()).isEqualTo(302);
        assertThatThrownBy(() -> tok.withMaxLength(1)).hasMessageContaining("at least the 2 special tokens");
    }

    @Test
    void theFilesFixedPaddingMakesBatchesOf128() {
        HuggingFaceTokenizer tok = ReferenceTokenizers.minilm();
        Padding p = tok.padding();
        assertThat(p).isEqualTo(Padding.of(Side.RIGHT, 0).withLength(128));
        PaddedBatch b = PaddedBatch.of(tok.encodeBatch(List.of("a b c", "hello")), p);
        assertThat(b.ids().shape()).isEqualTo(Shape.of(2, 128));
        assertThat(b.lengths().toLongArray()).containsExactly(5, 3);
        assertThat(b.ids().select(0, 1).narrow(0, 0, 4).toLongArray()).containsExactly(101, 7592, 102, 0);
    }

    @Test
    void encodingIsThreadSafe() {
        HuggingFaceTokenizer gpt2 = ReferenceTokenizers.gpt2();
        List<String> texts = IntStream.range(0, 400).mapToObj(i -> "text number " + i + " with some words" + i * 7).toList();
        List<Encoding> sequential = gpt2.encodeBatch(texts);
        List<Encoding> parallel = texts.parallelStream().map(gpt2::encode).toList();
        assertThat(parallel).isEqualTo(sequential);
    }

    @Test
    void loadReadsRolesFromATokenizerConfigBesideTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tokenizer.json");
        try (var in = ReferenceTokenizers.class.getResourceAsStream(ReferenceTokenizers.MINILM_RESOURCE)) {
            Files.copy(in, file);
        }
        HuggingFaceTokenizer byName = HuggingFaceTokenizer.load(file);
        assertThat(byName.specialTokens().id(Role.BOS)).isEmpty();
        Files.writeString(dir.resolve("tokenizer_config.json"),
                "{\"cls_token\": \"[CLS]\", \"bos_token\": {\"content\": \"[CLS]\"}, \"pad_token\": \"[PAD]\"}");
        HuggingFaceTokenizer configured = HuggingFaceTokenizer.load(file);
        assertThat(configured.specialTokens().id(Role.BOS)).hasValue(101);
        assertThat(configured.specialTokens().id(Role.SEP)).isEmpty();
        assertThat(configured.encode("Hi").ids()).containsExactly(101, 7632, 102);
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"eos_token\": \"</s>\"}");
        assertThatThrownBy(() -> HuggingFaceTokenizer.load(file)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("tokenizer_config.json: eos_token: the token \"</s>\" is not in the tokenizer's vocabulary");
    }
}
