package dev.myelin.text.huggingface;

import com.fasterxml.jackson.databind.JsonNode;
import dev.myelin.io.InvalidFileException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code post_processor} section of a {@code tokenizer.json}: special tokens around the text
 * ({@code [CLS] A [SEP]}, {@code <s> A </s>}) and, for byte-level models, offsets that leave out
 * the leading space of each token.
 */
final class PostProcessor {
    static final String SUPPORTED = "TemplateProcessing, BertProcessing, RobertaProcessing, ByteLevel, Sequence of these";

    /** One element of a template: special tokens, or the text (ids == null). */
    private record Item(int[] ids, String[] tokens, int typeId) {}

    private final List<Item> template;          // null: the text alone
    private final boolean trimOffsets;
    private final boolean addPrefixSpace;

    private PostProcessor(List<Item> template, boolean trimOffsets, boolean addPrefixSpace) {
        this.template = template;
        this.trimOffsets = trimOffsets;
        this.addPrefixSpace = addPrefixSpace;
    }

    static PostProcessor parse(Json json, JsonNode node, String path) throws InvalidFileException {
        if (node == null || node.isNull()) {
            return new PostProcessor(null, false, false);
        }
        String type = json.type(node, path);
        return switch (type) {
            case "TemplateProcessing" -> new PostProcessor(template(json, node, path), false, false);
            case "BertProcessing" -> new PostProcessor(clsSep(json, node, path), false, false);
            case "RobertaProcessing" -> new PostProcessor(clsSep(json, node, path),
                    json.bool(node, "trim_offsets", path, true), json.bool(node, "add_prefix_space", path, true));
            case "ByteLevel" -> new PostProcessor(null, json.bool(node, "trim_offsets", path, true),
                    json.bool(node, "add_prefix_space", path, true));
            case "Sequence" -> {
                List<Item> template = null;
                boolean trim = false;
                boolean prefix = false;
                List<JsonNode> children = json.elements(node, "processors", path);
                for (int i = 0; i < children.size(); i++) {
                    PostProcessor p = parse(json, children.get(i), path + ".processors[" + i + "]");
                    if (p.template != null && template != null) {
                        throw json.unsupported("post_processor", "Sequence with two templates", SUPPORTED);
                    }
                    template = p.template != null ? p.template : template;
                    trim |= p.trimOffsets;
                    prefix |= p.addPrefixSpace;
                }
                yield new PostProcessor(template, trim, prefix);
            }
            default -> throw json.unsupported("post_processor", type, SUPPORTED);
        };
    }

    private static List<Item> template(Json json, JsonNode node, String path) throws InvalidFileException {
        JsonNode specials = json.object(node, "special_tokens", path, true);
        List<Item> items = new ArrayList<>();
        List<JsonNode> single = json.elements(node, "single", path);
        for (int i = 0; i < single.size(); i++) {
            String at = path + ".single[" + i + "]";
            JsonNode e = single.get(i);
            if (e.has("Sequence")) {
                JsonNode s = json.object(e, "Sequence", at, false);
                if (!"A".equals(json.text(s, "id", at + ".Sequence", null))) {
                    throw json.invalid(at + ".Sequence.id", "a single-text template can only hold sequence A");
                }
                items.add(new Item(null, null, json.integer(s, "type_id", at + ".Sequence", 0, 0, 255)));
            } else if (e.has("SpecialToken")) {
                JsonNode s = json.object(e, "SpecialToken", at, false);
                String name = json.text(s, "id", at + ".SpecialToken", null);
                JsonNode def = specials == null ? null : specials.get(name);
                if (def == null || !def.isObject()) {
                    throw json.invalid(at, "the special token \"" + name + "\" is not defined in " + path + ".special_tokens");
                }
                String dp = path + ".special_tokens." + name;
                List<JsonNode> idNodes = json.elements(def, "ids", dp);
                List<JsonNode> tokenNodes = json.elements(def, "tokens", dp);
                if (idNodes.size() != tokenNodes.size()) {
                    throw json.invalid(dp, idNodes.size() + " ids but " + tokenNodes.size() + " tokens");
                }
                int[] ids = new int[idNodes.size()];
                String[] tokens = new String[ids.length];
                for (int k = 0; k < ids.length; k++) {
                    ids[k] = json.integer(idNodes.get(k), dp + ".ids[" + k + "]", 0, Integer.MAX_VALUE);
                    tokens[k] = tokenNodes.get(k).asText();
                }
                items.add(new Item(ids, tokens, json.integer(s, "type_id", at + ".SpecialToken", 0, 0, 255)));
            } else {
                throw json.invalid(at, "expected a Sequence or a SpecialToken, got " + e);
            }
        }
        return items;
    }

    private static List<Item> clsSep(Json json, JsonNode node, String path) throws InvalidFileException {
        Item cls = pairItem(json, node, "cls", path);
        Item sep = pairItem(json, node, "sep", path);
        return List.of(cls, new Item(null, null, 0), sep);
    }

    private static Item pairItem(Json json, JsonNode node, String field, String path) throws InvalidFileException {
        JsonNode a = json.array(node, field, path);
        if (a.size() != 2 || !a.get(0).isTextual()) {
            throw json.invalid(path + "." + field, "expected [token, id], got " + a);
        }
        int id = json.integer(a.get(1), path + "." + field + "[1]", 0, Integer.MAX_VALUE);
        return new Item(new int[] {id}, new String[] {a.get(0).asText()}, 0);
    }

    /** Rejects special tokens whose id has no token in the vocabulary ({@code tokens} by id). */
    void checkIds(Json json, String[] tokens) throws InvalidFileException {
        if (template == null) {
            return;
        }
        for (Item item : template) {
            for (int k = 0; item.ids != null && k < item.ids.length; k++) {
                int id = item.ids[k];
                if (id >= tokens.length || tokens[id] == null) {
                    throw json.invalid("post_processor", "the special token \"" + item.tokens[k] + "\" has the id " + id
                            + ", which is not in the vocabulary");
                }
            }
        }
    }

    /** The number of special tokens added to a single text. */
    int added() {
        int n = 0;
        if (template != null) {
            for (Item item : template) {
                n += item.ids == null ? 0 : item.ids.length;
            }
        }
        return n;
    }

    /** The final tokens: {@code text}'s tokens placed in the template, offsets trimmed where configured. */
    Tokens apply(Tokens text) {
        if (trimOffsets) {
            trim(text);
        }
        if (template == null) {
            return text;
        }
        Tokens out = new Tokens();
        for (Item item : template) {
            if (item.ids == null) {
                for (int i = 0; i < text.size(); i++) {
                    out.add(text.ids[i], text.tokens.get(i), text.offsets[2 * i], text.offsets[2 * i + 1],
                            text.special[i], item.typeId);
                }
            } else {
                for (int k = 0; k < item.ids.length; k++) {
                    out.add(item.ids[k], item.tokens[k], 0, 0, true, item.typeId);
                }
            }
        }
        return out;
    }

    /** Hugging Face's ByteLevel offset trimming: a token's leading and trailing spaces leave its range. */
    private void trim(Tokens t) {
        char space = ByteLevel.space();
        for (int i = 0; i < t.size(); i++) {
            String token = t.tokens.get(i);
            int leading = 0;
            while (leading < token.length() && (token.charAt(leading) == space || Character.isWhitespace(token.charAt(leading)))) {
                leading++;
            }
            int trailing = 0;
            while (trailing < token.length()
                    && (token.charAt(token.length() - 1 - trailing) == space
                    || Character.isWhitespace(token.charAt(token.length() - 1 - trailing)))) {
                trailing++;
            }
            int start = t.offsets[2 * i];
            int end = t.offsets[2 * i + 1];
            if (leading > 0) {
                boolean first = i == 0 || start == 0;
                if (!(first && addPrefixSpace && leading == 1)) {
                    start = Math.min(start + leading, end);
                }
            }
            if (trailing > 0 && end >= trailing) {
                end = Math.max(end - trailing, start);
            }
            t.offsets[2 * i] = start;
            t.offsets[2 * i + 1] = end;
        }
    }
}
