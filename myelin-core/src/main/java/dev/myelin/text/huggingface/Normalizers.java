package dev.myelin.text.huggingface;

import com.fasterxml.jackson.databind.JsonNode;
import dev.myelin.io.InvalidFileException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/** The {@code normalizer} section of a {@code tokenizer.json}: text clean-up before splitting. */
final class Normalizers {
    static final String SUPPORTED = "BertNormalizer, Lowercase, NFC, NFD, NFKC, NFKD, StripAccents, Strip, Replace"
            + " (string pattern), Prepend, Sequence";

    private Normalizers() {}

    /** The normalizer described by {@code node}, or the identity for null. */
    static UnaryOperator<Aligned> parse(Json json, JsonNode node, String path) throws InvalidFileException {
        if (node == null || node.isNull()) {
            return UnaryOperator.identity();
        }
        String type = json.type(node, path);
        return switch (type) {
            case "BertNormalizer" -> bert(json.bool(node, "clean_text", path, true),
                    json.bool(node, "handle_chinese_chars", path, true),
                    node.hasNonNull("strip_accents") ? json.bool(node, "strip_accents", path, false)
                            : json.bool(node, "lowercase", path, true),
                    json.bool(node, "lowercase", path, true));
            case "Lowercase" -> Normalizers::lowercase;
            case "NFC" -> a -> a.normalize(Normalizer.Form.NFC);
            case "NFD" -> a -> a.normalize(Normalizer.Form.NFD);
            case "NFKC" -> a -> a.normalize(Normalizer.Form.NFKC);
            case "NFKD" -> a -> a.normalize(Normalizer.Form.NFKD);
            case "StripAccents" -> Normalizers::stripAccents;
            case "Strip" -> strip(json.bool(node, "left", path, true), json.bool(node, "right", path, true));
            case "Replace" -> replace(json, node, path);
            case "Prepend" -> {
                String prefix = json.text(node, "prepend", path, null);
                yield a -> a.isEmpty() ? a : a.prepend(prefix);
            }
            case "Sequence" -> {
                List<UnaryOperator<Aligned>> steps = new ArrayList<>();
                List<JsonNode> children = json.elements(node, "normalizers", path);
                for (int i = 0; i < children.size(); i++) {
                    steps.add(parse(json, children.get(i), path + ".normalizers[" + i + "]"));
                }
                yield a -> {
                    for (UnaryOperator<Aligned> step : steps) {
                        a = step.apply(a);
                    }
                    return a;
                };
            }
            default -> throw json.unsupported("normalizer", type, SUPPORTED);
        };
    }

    /** BERT's normalizer: clean-up, spaces around CJK characters, accents, lowercase (in that order). */
    private static UnaryOperator<Aligned> bert(boolean cleanText, boolean chinese, boolean stripAccents, boolean lower) {
        return a -> {
            if (cleanText) {
                a = a.map(cp -> cp == 0 || cp == 0xFFFD || isControl(cp) ? "" : isWhitespace(cp) && cp != ' ' ? " " : null);
            }
            if (chinese) {
                a = a.map(cp -> isCjk(cp) ? " " + Character.toString(cp) + " " : null);
            }
            if (stripAccents) {
                a = stripAccents(a);
            }
            return lower ? lowercase(a) : a;
        };
    }

    static Aligned lowercase(Aligned a) {
        return a.map(cp -> {
            if (cp < 128) {
                return cp >= 'A' && cp <= 'Z' ? String.valueOf((char) (cp + 32)) : null;
            }
            String lower = Character.toString(cp).toLowerCase(Locale.ROOT);   // full mapping, one character at a time
            return lower.codePointCount(0, lower.length()) == 1 && lower.codePointAt(0) == cp ? null : lower;
        });
    }

    static Aligned stripAccents(Aligned a) {
        return a.normalize(Normalizer.Form.NFD).map(cp -> Aligned.isMark(cp) ? "" : null);
    }

    private static UnaryOperator<Aligned> strip(boolean left, boolean right) {
        return a -> {
            int from = 0;
            int to = a.length();
            while (left && from < to && Character.isWhitespace(a.text.charAt(from))) {
                from++;
            }
            while (right && to > from && Character.isWhitespace(a.text.charAt(to - 1))) {
                to--;
            }
            return a.slice(from, to);
        };
    }

    private static UnaryOperator<Aligned> replace(Json json, JsonNode node, String path) throws InvalidFileException {
        JsonNode pattern = json.object(node, "pattern", path, false);
        String content = json.text(node, "content", path, null);
        if (!pattern.hasNonNull("String")) {
            throw json.unsupported("normalizer", "Replace with a Regex pattern", "Replace with a String pattern");
        }
        String target = json.text(pattern, "String", path + ".pattern", null);
        if (target.isEmpty()) {
            throw json.invalid(path + ".pattern.String", "the pattern is empty");
        }
        return a -> replaceAll(a, target, content);
    }

    private static Aligned replaceAll(Aligned a, String target, String content) {
        int at = a.text.indexOf(target);
        if (at < 0) {
            return a;
        }
        List<Aligned> parts = new ArrayList<>();
        int from = 0;
        while (at >= 0) {
            parts.add(a.slice(from, at));
            parts.add(a.slice(at, at + target.length()).replaceWith(content));
            from = at + target.length();
            at = a.text.indexOf(target, from);
        }
        parts.add(a.slice(from, a.length()));
        return Aligned.concat(parts);
    }

    static boolean isWhitespace(int cp) {
        return (cp >= 9 && cp <= 13) || cp == ' ' || cp == 0x85 || (cp > 127 && Character.isSpaceChar(cp));
    }

    private static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        int t = Character.getType(cp);
        return t == Character.CONTROL || t == Character.FORMAT || t == Character.PRIVATE_USE
                || t == Character.SURROGATE || t == Character.UNASSIGNED;
    }

    private static boolean isCjk(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F)
                || (cp >= 0x2B820 && cp <= 0x2CEAF) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }
}
