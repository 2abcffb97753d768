package dev.myelin.text.huggingface;

import com.fasterxml.jackson.databind.JsonNode;
import dev.myelin.io.InvalidFileException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The {@code decoder} section of a {@code tokenizer.json}: tokens back to text. */
final class Decoders {
    static final String SUPPORTED = "WordPiece, ByteLevel, BPEDecoder, ByteFallback, Fuse, Strip, Replace (string"
            + " pattern), Sequence";

    /** Turns a list of tokens into a list of strings; the text is their concatenation. */
    interface Decoder {
        List<String> decode(List<String> tokens);
    }

    private Decoders() {}

    /** The decoder described by {@code node}; null joins the tokens with spaces, as Hugging Face does. */
    static Decoder parse(Json json, JsonNode node, String path) throws InvalidFileException {
        if (node == null || node.isNull()) {
            return tokens -> List.of(String.join(" ", tokens));
        }
        String type = json.type(node, path);
        return switch (type) {
            case "WordPiece" -> wordPiece(json.text(node, "prefix", path, "##"), json.bool(node, "cleanup", path, true));
            case "ByteLevel" -> Decoders::byteLevel;
            case "BPEDecoder" -> {
                String suffix = json.text(node, "suffix", path, "</w>");
                yield tokens -> {
                    List<String> out = new ArrayList<>(tokens.size());
                    for (int i = 0; i < tokens.size(); i++) {
                        out.add(tokens.get(i).replace(suffix, i == tokens.size() - 1 ? "" : " "));
                    }
                    return out;
                };
            }
            case "ByteFallback" -> Decoders::byteFallback;
            case "Fuse" -> tokens -> List.of(String.join("", tokens));
            case "Strip" -> {
                String content = json.text(node, "content", path, " ");
                if (content.length() != 1) {
                    throw json.invalid(path + ".content", "expected one character, got \"" + content + "\"");
                }
                yield strip(content.charAt(0), json.integer(node, "start", path, 0, 0, 1 << 20),
                        json.integer(node, "stop", path, 0, 0, 1 << 20));
            }
            case "Replace" -> {
                JsonNode pattern = json.object(node, "pattern", path, false);
                if (!pattern.hasNonNull("String")) {
                    throw json.unsupported("decoder", "Replace with a Regex pattern", "Replace with a String pattern");
                }
                String target = json.text(pattern, "String", path + ".pattern", null);
                String content = json.text(node, "content", path, null);
                yield tokens -> tokens.stream().map(t -> t.replace(target, content)).toList();
            }
            case "Sequence" -> {
                List<Decoder> steps = new ArrayList<>();
                List<JsonNode> children = json.elements(node, "decoders", path);
                for (int i = 0; i < children.size(); i++) {
                    steps.add(parse(json, children.get(i), path + ".decoders[" + i + "]"));
                }
                yield tokens -> {
                    for (Decoder d : steps) {
                        tokens = d.decode(tokens);
                    }
                    return tokens;
                };
            }
            default -> throw json.unsupported("decoder", type, SUPPORTED);
        };
    }

    private static Decoder wordPiece(String prefix, boolean cleanup) {
        return tokens -> {
            List<String> out = new ArrayList<>(tokens.size());
            for (int i = 0; i < tokens.size(); i++) {
                String t = tokens.get(i);
                if (i > 0) {
                    t = t.startsWith(prefix) ? t.substring(prefix.length()) : " " + t;
                }
                out.add(cleanup ? cleanup(t) : t);
            }
            return out;
        };
    }

    /** Hugging Face's {@code clean_up_tokenization}: no space before punctuation and contractions. */
    static String cleanup(String s) {
        return s.replace(" .", ".").replace(" ?", "?").replace(" !", "!").replace(" ,", ",").replace(" ' ", "'")
                .replace(" n't", "n't").replace(" 'm", "'m").replace(" do not", " don't").replace(" 's", "'s")
                .replace(" 've", "'ve").replace(" 're", "'re");
    }

    private static List<String> byteLevel(List<String> tokens) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String t : tokens) {
            ByteLevel.appendBytes(t, bytes);
        }
        return List.of(bytes.toString(StandardCharsets.UTF_8));
    }

    private static List<String> byteFallback(List<String> tokens) {
        List<String> out = new ArrayList<>();
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        for (String t : tokens) {
            if (t.length() == 6 && t.startsWith("<0x") && t.endsWith(">") && isHex(t.substring(3, 5))) {
                pending.write(Integer.parseInt(t.substring(3, 5), 16));
                continue;
            }
            flush(pending, out);
            out.add(t);
        }
        flush(pending, out);
        return out;
    }

    private static boolean isHex(String s) {
        return s.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    private static void flush(ByteArrayOutputStream pending, List<String> out) {
        if (pending.size() > 0) {
            out.add(pending.toString(StandardCharsets.UTF_8));
            pending.reset();
        }
    }

    private static Decoder strip(char c, int start, int stop) {
        return tokens -> tokens.stream().map(t -> {
            int from = 0;
            while (from < start && from < t.length() && t.charAt(from) == c) {
                from++;
            }
            int to = t.length();
            while (t.length() - to < stop && to > from && t.charAt(to - 1) == c) {
                to--;
            }
            return t.substring(from, to);
        }).toList();
    }
}
