package dev.myelin.text.huggingface;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.io.InvalidFileException;
import dev.myelin.text.Encoding;
import dev.myelin.text.Padding;
import dev.myelin.text.Side;
import dev.myelin.text.SpecialTokens;
import dev.myelin.text.SpecialTokens.Role;
import dev.myelin.text.Tokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A tokenizer read from a Hugging Face {@code tokenizer.json}: the format of the {@code tokenizers}
 * library, in which BERT's WordPiece, GPT-2's byte-level BPE and most other models ship their
 * tokenizer. Encodings equal the reference implementation's ids.
 *
 * <p>The file describes a pipeline, run in this order:
 * <ol>
 *   <li>added tokens ({@code [MASK]}, {@code <|endoftext|>}) are found in the text and kept whole;</li>
 *   <li>normalizer: {@code BertNormalizer} (clean-up, spaces around CJK characters, accent
 *       stripping, lowercasing), {@code Lowercase}, {@code NFC/NFD/NFKC/NFKD}, {@code StripAccents},
 *       {@code Strip}, {@code Replace}, {@code Prepend}, {@code Sequence};</li>
 *   <li>pre-tokenizer: {@code BertPreTokenizer}, {@code Whitespace}, {@code WhitespaceSplit},
 *       {@code Punctuation}, {@code Digits}, {@code CharDelimiterSplit}, {@code Split},
 *       {@code ByteLevel}, {@code Sequence};</li>
 *   <li>model: {@code WordPiece}, {@code BPE} (merges in either file format, unknown token,
 *       continuation prefix, end-of-word suffix, byte fallback) or {@code WordLevel};</li>
 *   <li>truncation ({@code max_length}, {@code direction}) before the post-processor, so that
 *       {@code [CLS]} and {@code [SEP]} survive it;</li>
 *   <li>post-processor: {@code TemplateProcessing}, {@code BertProcessing},
 *       {@code RobertaProcessing}, {@code ByteLevel}, {@code Sequence};</li>
 * </ol>
 * and {@link #decode} runs the decoder ({@code WordPiece}, {@code ByteLevel}, {@code BPEDecoder},
 * {@code ByteFallback}, {@code Fuse}, {@code Strip}, {@code Replace}, {@code Sequence}). The file's
 * {@code padding} section becomes {@link #padding()}; {@code encode} itself never pads.
 *
 * <p>A component outside these lists (a {@code Unigram} model, a {@code Metaspace} pre-tokenizer)
 * fails the load with an {@link UnsupportedOperationException} naming the file and the component;
 * a file that is not valid JSON or lacks required fields fails with an {@link InvalidFileException}.
 * Only single texts are encoded (no pairs). Offsets are UTF-16 indices into the original text.
 * Where the Rust {@code tokenizers} library and its JavaScript port differ, this class follows
 * the Rust library: truncation keeps {@code [SEP]}, lowercasing maps each character on its own
 * (no final-sigma rule), and a BPE model without an unknown token rejects a character outside its
 * vocabulary with an {@link IllegalArgumentException} instead of dropping it silently.
 *
 * <p>The roles of special tokens come from a {@code tokenizer_config.json} beside the file when
 * {@link #load} finds one, else from their usual names ({@code [PAD]}, {@code <pad>}, {@code [UNK]},
 * {@code <unk>}, {@code [CLS]}, {@code [SEP]}, {@code [MASK]}, {@code <mask>}, {@code <s>},
 * {@code </s>}, {@code <|endoftext|>}, ...) and the model's unknown token.
 *
 * <pre>{@code
 * HuggingFaceTokenizer tok = HuggingFaceTokenizer.load(Path.of("all-MiniLM-L6-v2/tokenizer.json"));
 * Encoding e = tok.encode("Hello, world!");   // [CLS] hello , world ! [SEP]: 101 7592 1010 2088 999 102
 * PaddedBatch b = PaddedBatch.of(tok.encodeBatch(texts), tok.padding());
 * }</pre>
 */
public final class HuggingFaceTokenizer implements Tokenizer {
    /** The largest file accepted. */
    static final long MAX_FILE_BYTES = 1L << 30;
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final String MODELS = "WordPiece, BPE, WordLevel";

    private final String source;
    private final UnaryOperator<Aligned> normalizer;
    private final PreTokenizers.PreTokenizer preTokenizer;
    private final Model model;
    private final PostProcessor postProcessor;
    private final Decoders.Decoder decoder;
    private final AddedTokens rawAdded;          // matched in the original text
    private final AddedTokens normalizedAdded;   // matched in the normalized text
    private final String[] tokens;               // by id; null for unused ids
    private final Map<String, Integer> ids;
    private final SpecialTokens specials;
    private final Padding padding;               // null: the file has none
    private final int maxLength;                 // 0: no truncation
    private final Side truncationSide;

    private HuggingFaceTokenizer(String source, UnaryOperator<Aligned> normalizer, PreTokenizers.PreTokenizer preTokenizer,
            Model model, PostProcessor postProcessor, Decoders.Decoder decoder, AddedTokens rawAdded,
            AddedTokens normalizedAdded, String[] tokens, Map<String, Integer> ids, SpecialTokens specials,
            Padding padding, int maxLength, Side truncationSide) {
        this.source = source;
        this.normalizer = normalizer;
        this.preTokenizer = preTokenizer;
        this.model = model;
        this.postProcessor = postProcessor;
        this.decoder = decoder;
        this.rawAdded = rawAdded;
        this.normalizedAdded = normalizedAdded;
        this.tokens = tokens;
        this.ids = ids;
        this.specials = specials;
        this.padding = padding;
        this.maxLength = maxLength;
        this.truncationSide = truncationSide;
    }

    /**
     * Reads a {@code tokenizer.json}, and the roles of special tokens from a
     * {@code tokenizer_config.json} in the same folder if there is one.
     *
     * @throws InvalidFileException if a file is not valid JSON or lacks what a tokenizer needs
     * @throws UnsupportedOperationException if the file uses a component this class does not implement
     * @throws IOException if a file cannot be read
     */
    public static HuggingFaceTokenizer load(Path file) throws IOException {
        JsonNode root = readJson(file);
        Path config = file.toAbsolutePath().getParent() == null ? null
                : file.toAbsolutePath().getParent().resolve("tokenizer_config.json");
        JsonNode configRoot = config != null && Files.isRegularFile(config) ? readJson(config) : null;
        return build(root, file.toString(), configRoot, config == null ? null : config.toString());
    }

    /**
     * Reads a {@code tokenizer.json} from a stream ({@code name} is used in error messages); special
     * token roles come from their names.
     *
     * @throws InvalidFileException if the content is not valid JSON or lacks what a tokenizer needs
     * @throws UnsupportedOperationException if it uses a component this class does not implement
     */
    public static HuggingFaceTokenizer read(InputStream in, String name) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(MAX_FILE_BYTES + 1, Integer.MAX_VALUE - 8));
        if (bytes.length > MAX_FILE_BYTES) {
            throw new InvalidFileException(name + ": larger than " + MAX_FILE_BYTES + " bytes");
        }
        return build(parse(bytes, name), name, null, null);
    }

    private static JsonNode readJson(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new InvalidFileException(file + ": " + size + " bytes, larger than the " + MAX_FILE_BYTES + " accepted");
        }
        return parse(Files.readAllBytes(file), file.toString());
    }

    private static JsonNode parse(byte[] bytes, String name) throws InvalidFileException {
        try {
            JsonNode root = JSON.readTree(bytes);
            if (root == null || !root.isObject()) {
                throw new InvalidFileException(name + ": expected a JSON object, got "
                        + (root == null ? "nothing" : root.getNodeType()));
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new InvalidFileException(name + ": not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) {
            throw new InvalidFileException(name + ": not valid JSON: " + e.getMessage());
        }
    }

    private static HuggingFaceTokenizer build(JsonNode root, String name, JsonNode config, String configName)
            throws InvalidFileException {
        Json json = new Json(name);
        Model model = model(json, json.object(root, "model", "", false));
        Map<String, Integer> ids = new HashMap<>(model.vocab);
        UnaryOperator<Aligned> normalizer = Normalizers.parse(json, root.get("normalizer"), "normalizer");

        List<AddedTokens.Token> raw = new ArrayList<>();
        List<AddedTokens.Token> normalized = new ArrayList<>();
        Set<Integer> specialIds = new LinkedHashSet<>();
        JsonNode added = root.get("added_tokens");
        if (added != null && !added.isNull()) {
            List<JsonNode> list = json.elements(root, "added_tokens", "");
            for (int i = 0; i < list.size(); i++) {
                String at = "added_tokens[" + i + "]";
                JsonNode a = list.get(i);
                String content = json.text(a, "content", at, null);
                int id = json.integer(a, "id", at, -1, 0, Vocabularies.MAX_ID);
                if (id < 0) {
                    throw json.invalid(at + ".id", "missing");
                }
                boolean isNormalized = json.bool(a, "normalized", at, true);
                boolean special = json.bool(a, "special", at, false);
                String matched = isNormalized ? normalizer.apply(Aligned.of(content)).text : content;
                AddedTokens.Token t = new AddedTokens.Token(matched, id, special, json.bool(a, "single_word", at, false),
                        json.bool(a, "lstrip", at, false), json.bool(a, "rstrip", at, false));
                (isNormalized ? normalized : raw).add(t);
                ids.put(content, id);
                if (special) {
                    specialIds.add(id);
                }
            }
        }
        String[] tokens = Vocabularies.byId(ids);

        PostProcessor post = PostProcessor.parse(json, root.get("post_processor"), "post_processor");
        post.checkIds(json, tokens);
        int maxLength = 0;
        Side side = Side.RIGHT;
        JsonNode truncation = json.object(root, "truncation", "", true);
        if (truncation != null) {
            maxLength = json.integer(truncation, "max_length", "truncation", 0, 1, Integer.MAX_VALUE);
            if (maxLength == 0) {
                throw json.invalid("truncation.max_length", "missing");
            }
            side = side(json, truncation, "truncation");
        }
        Map<Role, SpecialTokens.Token> roles = roles(ids, model.unk, config == null ? null : new Json(configName), config);
        Padding padding = padding(json, json.object(root, "padding", "", true), ids, roles);
        return new HuggingFaceTokenizer(name, normalizer,
                PreTokenizers.parse(json, root.get("pre_tokenizer"), "pre_tokenizer"), model, post,
                Decoders.parse(json, root.get("decoder"), "decoder"), new AddedTokens(raw), new AddedTokens(normalized),
                tokens, ids, new SpecialTokens(roles, specialIds), padding, maxLength, side);
    }

    private static Model model(Json json, JsonNode node) throws InvalidFileException {
        String type = node.hasNonNull("type") ? json.type(node, "model") : node.has("merges") ? "BPE" : "WordPiece";
        Map<String, Integer> vocab = Vocabularies.read(json, json.object(node, "vocab", "model", false), "model.vocab");
        return switch (type) {
            case "WordPiece" -> {
                String unk = json.text(node, "unk_token", "model", "[UNK]");
                requireToken(json, vocab, unk, "model.unk_token");
                yield new WordPiece(vocab, unk, json.text(node, "continuing_subword_prefix", "model", "##"),
                        json.integer(node, "max_input_chars_per_word", "model", 100, 1, Integer.MAX_VALUE));
            }
            case "BPE" -> {
                JsonNode dropout = node.get("dropout");
                if (dropout != null && !dropout.isNull() && dropout.asDouble() != 0) {
                    throw json.unsupported("model option", "BPE dropout " + dropout, "dropout null or 0");
                }
                String unk = json.optionalText(node, "unk_token", "model");
                if (unk != null) {
                    requireToken(json, vocab, unk, "model.unk_token");
                }
                String prefix = json.optionalText(node, "continuing_subword_prefix", "model");
                yield new Bpe(vocab, Vocabularies.byId(vocab), Vocabularies.merges(json, node, vocab, prefix), unk,
                        prefix, json.optionalText(node, "end_of_word_suffix", "model"),
                        json.bool(node, "fuse_unk", "model", false), json.bool(node, "byte_fallback", "model", false),
                        json.bool(node, "ignore_merges", "model", false));
            }
            case "WordLevel" -> {
                String unk = json.text(node, "unk_token", "model", "<unk>");
                requireToken(json, vocab, unk, "model.unk_token");
                yield Model.wordLevel(vocab, unk);
            }
            default -> throw json.unsupported("model", type, MODELS);
        };
    }

    private static void requireToken(Json json, Map<String, Integer> vocab, String token, String path)
            throws InvalidFileException {
        if (!vocab.containsKey(token)) {
            throw json.invalid(path, "the token \"" + token + "\" is not in the vocabulary");
        }
    }

    private static Side side(Json json, JsonNode node, String path) throws InvalidFileException {
        String d = json.text(node, "direction", path, "Right");
        return switch (d) {
            case "Right" -> Side.RIGHT;
            case "Left" -> Side.LEFT;
            default -> throw json.invalid(path + ".direction", "expected Right or Left, got \"" + d + "\"");
        };
    }

    private static Padding padding(Json json, JsonNode node, Map<String, Integer> ids, Map<Role, SpecialTokens.Token> roles)
            throws InvalidFileException {
        if (node == null) {
            return null;
        }
        int length = 0;
        JsonNode strategy = node.get("strategy");
        if (strategy != null && strategy.isObject() && strategy.has("Fixed")) {
            length = json.integer(strategy.get("Fixed"), "padding.strategy.Fixed", 1, Integer.MAX_VALUE);
        } else if (strategy != null && !strategy.isNull() && !"BatchLongest".equals(strategy.asText())) {
            throw json.invalid("padding.strategy", "expected \"BatchLongest\" or {\"Fixed\": n}, got " + strategy);
        }
        SpecialTokens.Token pad = roles.get(Role.PAD);
        int padId = json.integer(node, "pad_id", "padding", pad == null ? 0 : pad.id(), 0, Vocabularies.MAX_ID);
        return new Padding(side(json, node, "padding"), padId, json.integer(node, "pad_type_id", "padding", 0, 0, 255),
                length, 0, json.integer(node, "pad_to_multiple_of", "padding", 1, 1, Integer.MAX_VALUE));
    }

    /** Special token roles from a tokenizer_config.json, else from the usual names. */
    private static Map<Role, SpecialTokens.Token> roles(Map<String, Integer> ids, String unk, Json configJson,
            JsonNode config) throws InvalidFileException {
        Map<Role, SpecialTokens.Token> roles = new EnumMap<>(Role.class);
        if (config != null) {
            for (Role role : Role.values()) {
                String field = role.name().toLowerCase(java.util.Locale.ROOT) + "_token";
                JsonNode v = config.get(field);
                String text = v == null || v.isNull() ? null : v.isObject() ? configJson.text(v, "content", field, null)
                        : configJson.text(config, field, "", null);
                if (text != null) {
                    Integer id = ids.get(text);
                    if (id == null) {
                        throw configJson.invalid(field, "the token \"" + text + "\" is not in the tokenizer's vocabulary");
                    }
                    roles.put(role, new SpecialTokens.Token(text, id));
                }
            }
            return roles;
        }
        Map<Role, List<String>> names = Map.of(
                Role.PAD, List.of("[PAD]", "<pad>", "<|pad|>", "<|padding|>"),
                Role.UNK, unk == null ? List.of("[UNK]", "<unk>", "<|unk|>") : List.of(unk),
                Role.BOS, List.of("<s>", "<bos>", "<|begin_of_text|>", "<|startoftext|>", "<|endoftext|>"),
                Role.EOS, List.of("</s>", "<eos>", "<|end_of_text|>", "<|endoftext|>"),
                Role.CLS, List.of("[CLS]", "<cls>"),
                Role.SEP, List.of("[SEP]", "<sep>"),
                Role.MASK, List.of("[MASK]", "<mask>"));
        for (var e : names.entrySet()) {
            for (String text : e.getValue()) {
                Integer id = ids.get(text);
                if (id != null) {
                    roles.put(e.getKey(), new SpecialTokens.Token(text, id));
                    break;
                }
            }
        }
        return roles;
    }

    /** This tokenizer with truncation to {@code maxLength} tokens, special tokens included (0: no truncation). */
    public HuggingFaceTokenizer withMaxLength(int maxLength) {
        if (maxLength < 0 || (maxLength > 0 && maxLength < postProcessor.added())) {
            throw new IllegalArgumentException("HuggingFaceTokenizer.withMaxLength: expected 0 or at least the "
                    + postProcessor.added() + " special tokens added to each text, got " + maxLength);
        }
        return new HuggingFaceTokenizer(source, normalizer, preTokenizer, model, postProcessor, decoder, rawAdded,
                normalizedAdded, tokens, ids, specials, padding, maxLength, truncationSide);
    }

    /** The truncation length, special tokens included; 0 when encodings are not truncated. */
    public int maxLength() {
        return maxLength;
    }

    @Override
    public Encoding encode(String text) {
        Tokens out = new Tokens();
        for (AddedTokens.Segment raw : rawAdded.split(Aligned.of(text))) {
            if (raw.token() != null) {
                addAdded(raw, out);
                continue;
            }
            Aligned n = normalizer.apply(raw.text());
            for (AddedTokens.Segment seg : normalizedAdded.isEmpty() ? List.of(new AddedTokens.Segment(n, null))
                    : normalizedAdded.split(n)) {
                if (seg.token() != null) {
                    addAdded(seg, out);
                    continue;
                }
                List<Aligned> words = new ArrayList<>();
                preTokenizer.split(seg.text(), words);
                for (Aligned w : words) {
                    model.tokenize(w, out);
                }
            }
        }
        if (maxLength > 0) {
            int limit = Math.max(0, maxLength - postProcessor.added());
            if (out.size() > limit) {
                out.keep(truncationSide == Side.LEFT ? out.size() - limit : 0, limit);
            }
        }
        Tokens fin = postProcessor.apply(out);
        int n = fin.size();
        return new Encoding(Arrays.copyOf(fin.ids, n), fin.tokens, Arrays.copyOf(fin.offsets, 2 * n),
                Arrays.copyOf(fin.typeIds, n), Arrays.copyOf(fin.special, n));
    }

    private static void addAdded(AddedTokens.Segment s, Tokens out) {
        AddedTokens.Token t = s.token();
        out.add(t.id(), t.content(), s.text().originalStart(0), s.text().originalEnd(s.text().length()), t.special(), 0);
    }

    @Override
    public String decode(int[] ids, boolean skipSpecialTokens) {
        List<String> pieces = new ArrayList<>(ids.length);
        for (int id : ids) {
            String t = idToToken(id);
            if (!(skipSpecialTokens && specials.isSpecial(id))) {
                pieces.add(t);
            }
        }
        return String.join("", decoder.decode(pieces));
    }

    @Override
    public int vocabSize() {
        return tokens.length;
    }

    @Override
    public OptionalInt tokenToId(String token) {
        Integer id = ids.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    @Override
    public String idToToken(int id) {
        if (id < 0 || id >= tokens.length || tokens[id] == null) {
            throw new IllegalArgumentException(source + ": id " + id + (id < 0 || id >= tokens.length
                    ? " is outside [0, " + tokens.length + ")" : " is not used by the vocabulary"));
        }
        return tokens[id];
    }

    @Override
    public SpecialTokens specialTokens() {
        return specials;
    }

    /** The file's padding settings, else right padding to the longest row with the pad token. */
    @Override
    public Padding padding() {
        return padding != null ? padding : Tokenizer.super.padding();
    }

    @Override
    public String toString() {
        return "HuggingFaceTokenizer(" + source + ", " + model + ", " + tokens.length + " ids"
                + (maxLength > 0 ? ", max length " + maxLength : "") + ")";
    }

    /** Reading vocabularies and merges. */
    static final class Vocabularies {
        /** The largest token id accepted. */
        static final int MAX_ID = 1 << 26;

        private Vocabularies() {}

        static Map<String, Integer> read(Json json, JsonNode node, String path) throws InvalidFileException {
            Map<String, Integer> vocab = new HashMap<>(node.size() * 2);
            Set<Integer> seen = new HashSet<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                int id = json.integer(e.getValue(), path + "[\"" + e.getKey() + "\"]", 0, MAX_ID);
                if (!seen.add(id)) {
                    throw json.invalid(path, "the id " + id + " is given to two tokens (one is \"" + e.getKey() + "\")");
                }
                vocab.put(e.getKey(), id);
            }
            return vocab;
        }

        /** Tokens by id, null where no token has the id. */
        static String[] byId(Map<String, Integer> vocab) {
            int max = -1;
            for (int id : vocab.values()) {
                max = Math.max(max, id);
            }
            String[] out = new String[max + 1];
            vocab.forEach((t, id) -> out[id] = t);
            return out;
        }

        /** The merges as (left id, right id) -> (rank, merged id); both file formats ("a b" and ["a", "b"]). */
        static Map<Long, Long> merges(Json json, JsonNode model, Map<String, Integer> vocab, String prefix)
                throws InvalidFileException {
            List<JsonNode> list = json.elements(model, "merges", "model");
            Map<Long, Long> merges = new HashMap<>(list.size() * 2);
            for (int rank = 0; rank < list.size(); rank++) {
                String at = "model.merges[" + rank + "]";
                JsonNode m = list.get(rank);
                String a;
                String b;
                if (m.isTextual()) {
                    String[] parts = m.asText().split(" ", -1);
                    if (parts.length != 2) {
                        throw json.invalid(at, "expected two tokens separated by one space, got \"" + m.asText() + "\"");
                    }
                    a = parts[0];
                    b = parts[1];
                } else if (m.isArray() && m.size() == 2 && m.get(0).isTextual() && m.get(1).isTextual()) {
                    a = m.get(0).asText();
                    b = m.get(1).asText();
                } else {
                    throw json.invalid(at, "expected \"a b\" or [\"a\", \"b\"], got " + m);
                }
                String merged = a + (prefix != null && b.startsWith(prefix) ? b.substring(prefix.length()) : b);
                Integer left = vocab.get(a);
                Integer right = vocab.get(b);
                Integer result = vocab.get(merged);
                if (left == null || right == null || result == null) {
                    throw json.invalid(at, "the merge of \"" + a + "\" and \"" + b + "\" uses a token missing from the"
                            + " vocabulary (\"" + (left == null ? a : right == null ? b : merged) + "\")");
                }
                merges.putIfAbsent(Bpe.pair(left, right), ((long) rank << 32) | result);
            }
            return merges;
        }
    }
}
