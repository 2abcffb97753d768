package dev.myelin.text.huggingface;

import com.fasterxml.jackson.databind.JsonNode;
import dev.myelin.io.InvalidFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The {@code pre_tokenizer} section of a {@code tokenizer.json}: splitting text into words before the model. */
final class PreTokenizers {
    static final String SUPPORTED = "BertPreTokenizer, Whitespace, WhitespaceSplit, Punctuation, Digits,"
            + " CharDelimiterSplit, Split, ByteLevel, Sequence";

    /** GPT-2's split into words, numbers, punctuation runs and spaces. */
    static final Pattern GPT2 = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern WORDS = Pattern.compile("\\w+|[^\\w\\s]+", Pattern.UNICODE_CHARACTER_CLASS);

    /** Splits one piece of text into smaller ones, appended to {@code out}. */
    interface PreTokenizer {
        void split(Aligned piece, List<Aligned> out);
    }

    /** What happens to the matched parts when splitting (Hugging Face's {@code SplitDelimiterBehavior}). */
    enum Behavior { REMOVED, ISOLATED, MERGED_WITH_PREVIOUS, MERGED_WITH_NEXT, CONTIGUOUS }

    private PreTokenizers() {}

    /** The pre-tokenizer described by {@code node}; null keeps the text whole. */
    static PreTokenizer parse(Json json, JsonNode node, String path) throws InvalidFileException {
        if (node == null || node.isNull()) {
            return (piece, out) -> out.add(piece);
        }
        String type = json.type(node, path);
        return switch (type) {
            case "BertPreTokenizer" -> (piece, out) -> {
                List<Aligned> words = new ArrayList<>();
                splitOn(piece, Normalizers::isWhitespace, Behavior.REMOVED, words);
                for (Aligned w : words) {
                    splitOn(w, PreTokenizers::isPunctuation, Behavior.ISOLATED, out);
                }
            };
            case "Whitespace" -> (piece, out) -> split(piece, matches(piece, WORDS), Behavior.REMOVED, true, out);
            case "WhitespaceSplit" -> (piece, out) -> splitOn(piece, Normalizers::isWhitespace, Behavior.REMOVED, out);
            case "Punctuation" -> {
                Behavior b = behavior(json, node, path, Behavior.ISOLATED);
                yield (piece, out) -> splitOn(piece, PreTokenizers::isPunctuation, b, out);
            }
            case "Digits" -> {
                Behavior b = json.bool(node, "individual_digits", path, false) ? Behavior.ISOLATED : Behavior.CONTIGUOUS;
                yield (piece, out) -> splitOn(piece, cp -> cp >= '0' && cp <= '9', b, out);
            }
            case "CharDelimiterSplit" -> {
                String d = json.text(node, "delimiter", path, null);
                if (d.codePointCount(0, d.length()) != 1) {
                    throw json.invalid(path + ".delimiter", "expected one character, got \"" + d + "\"");
                }
                int delimiter = d.codePointAt(0);
                yield (piece, out) -> splitOn(piece, cp -> cp == delimiter, Behavior.REMOVED, out);
            }
            case "Split" -> splitter(json, node, path);
            case "ByteLevel" -> byteLevel(json.bool(node, "add_prefix_space", path, true), json.bool(node, "use_regex", path, true));
            case "Sequence" -> {
                List<PreTokenizer> steps = new ArrayList<>();
                List<JsonNode> children = json.elements(node, "pretokenizers", path);
                for (int i = 0; i < children.size(); i++) {
                    steps.add(parse(json, children.get(i), path + ".pretokenizers[" + i + "]"));
                }
                yield (piece, out) -> {
                    List<Aligned> pieces = List.of(piece);
                    for (PreTokenizer step : steps) {
                        List<Aligned> next = new ArrayList<>();
                        for (Aligned p : pieces) {
                            step.split(p, next);
                        }
                        pieces = next;
                    }
                    out.addAll(pieces);
                };
            }
            default -> throw json.unsupported("pre_tokenizer", type, SUPPORTED);
        };
    }

    /** GPT-2's byte-level pre-tokenizer: optional leading space, the GPT-2 split, bytes as characters. */
    static PreTokenizer byteLevel(boolean addPrefixSpace, boolean useRegex) {
        return (piece, out) -> {
            Aligned p = addPrefixSpace && !piece.isEmpty() && piece.text.charAt(0) != ' ' ? piece.prepend(" ") : piece;
            List<Aligned> words = new ArrayList<>();
            if (useRegex) {
                split(p, matches(p, GPT2), Behavior.ISOLATED, false, words);
            } else {
                words.add(p);
            }
            for (Aligned w : words) {
                out.add(w.map(ByteLevel::encode));
            }
        };
    }

    private static PreTokenizer splitter(Json json, JsonNode node, String path) throws InvalidFileException {
        JsonNode pattern = json.object(node, "pattern", path, false);
        Pattern regex;
        if (pattern.hasNonNull("String")) {
            regex = Pattern.compile(Pattern.quote(json.text(pattern, "String", path + ".pattern", null)));
        } else {
            String source = json.text(pattern, "Regex", path + ".pattern", null);
            try {
                regex = Pattern.compile(source, Pattern.UNICODE_CHARACTER_CLASS);
            } catch (PatternSyntaxException e) {
                throw new UnsupportedOperationException(json.file + ": " + path + ".pattern: the regular expression \""
                        + source + "\" is not one Java can compile: " + e.getDescription(), e);
            }
        }
        Behavior b = behavior(json, node, path, null);
        boolean invert = json.bool(node, "invert", path, false);
        return (piece, out) -> split(piece, matches(piece, regex), b, invert, out);
    }

    private static Behavior behavior(Json json, JsonNode node, String path, Behavior fallback) throws InvalidFileException {
        String name = json.text(node, "behavior", path, fallback == null ? null : "Isolated");
        return switch (name) {
            case "Removed" -> Behavior.REMOVED;
            case "Isolated" -> Behavior.ISOLATED;
            case "MergedWithPrevious" -> Behavior.MERGED_WITH_PREVIOUS;
            case "MergedWithNext" -> Behavior.MERGED_WITH_NEXT;
            case "Contiguous" -> Behavior.CONTIGUOUS;
            default -> throw json.invalid(path + ".behavior", "unknown behavior \"" + name + "\"");
        };
    }

    /** The non-empty matches of {@code regex}, as {start, end} pairs. */
    private static List<int[]> matches(Aligned piece, Pattern regex) {
        List<int[]> out = new ArrayList<>();
        Matcher m = regex.matcher(piece.text);
        while (m.find()) {
            if (m.end() > m.start()) {
                out.add(new int[] {m.start(), m.end()});
            }
        }
        return out;
    }

    /** Splits where single characters satisfy {@code delimiter}, each such character a match. */
    static void splitOn(Aligned piece, IntPredicate delimiter, Behavior behavior, List<Aligned> out) {
        List<int[]> matches = new ArrayList<>();
        String t = piece.text;
        for (int i = 0; i < t.length(); ) {
            int cp = t.codePointAt(i);
            int w = Character.charCount(cp);
            if (delimiter.test(cp)) {
                matches.add(new int[] {i, i + w});
            }
            i += w;
        }
        split(piece, matches, behavior, false, out);
    }

    /**
     * Cuts {@code piece} into the matches and the gaps between them, then keeps, drops or merges
     * them as {@code behavior} says; {@code invert} swaps the roles of matches and gaps.
     */
    static void split(Aligned piece, List<int[]> matches, Behavior behavior, boolean invert, List<Aligned> out) {
        List<int[]> segments = new ArrayList<>();   // {start, end, isMatch}
        int at = 0;
        for (int[] m : matches) {
            if (m[0] > at) {
                segments.add(new int[] {at, m[0], invert ? 1 : 0});
            }
            segments.add(new int[] {m[0], m[1], invert ? 0 : 1});
            at = m[1];
        }
        if (at < piece.length()) {
            segments.add(new int[] {at, piece.length(), invert ? 1 : 0});
        }
        List<int[]> kept = new ArrayList<>();
        switch (behavior) {
            case REMOVED -> segments.stream().filter(s -> s[2] == 0).forEach(kept::add);
            case ISOLATED -> kept.addAll(segments);
            case CONTIGUOUS -> {
                for (int[] s : segments) {
                    int[] last = kept.isEmpty() ? null : kept.getLast();
                    if (last != null && last[2] == 1 && s[2] == 1 && last[1] == s[0]) {
                        last[1] = s[1];
                    } else {
                        kept.add(s.clone());
                    }
                }
            }
            case MERGED_WITH_PREVIOUS -> {
                boolean previousMatch = false;
                for (int[] s : segments) {
                    if (s[2] == 1 && !previousMatch && !kept.isEmpty()) {
                        kept.getLast()[1] = s[1];
                    } else {
                        kept.add(s.clone());
                    }
                    previousMatch = s[2] == 1;
                }
            }
            case MERGED_WITH_NEXT -> {
                boolean previousMatch = false;
                for (int k = segments.size() - 1; k >= 0; k--) {
                    int[] s = segments.get(k);
                    if (s[2] == 1 && !previousMatch && !kept.isEmpty()) {
                        kept.getFirst()[0] = s[0];
                    } else {
                        kept.addFirst(s.clone());
                    }
                    previousMatch = s[2] == 1;
                }
            }
        }
        for (int[] s : kept) {
            if (s[1] > s[0]) {
                out.add(piece.slice(s[0], s[1]));
            }
        }
    }

    /** BERT's punctuation: ASCII punctuation and symbols, and Unicode punctuation (P*). */
    static boolean isPunctuation(int cp) {
        if (cp < 128) {
            return (cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126);
        }
        int type = Character.getType(cp);
        return type >= Character.DASH_PUNCTUATION && type <= Character.OTHER_PUNCTUATION
                || type == Character.INITIAL_QUOTE_PUNCTUATION || type == Character.FINAL_QUOTE_PUNCTUATION;
    }
}
