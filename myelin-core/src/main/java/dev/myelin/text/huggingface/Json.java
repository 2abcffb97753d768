package dev.myelin.text.huggingface;

import com.fasterxml.jackson.databind.JsonNode;
import dev.myelin.io.InvalidFileException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading one {@code tokenizer.json}: typed field access whose errors name the file and the path
 * of the field, and the two kinds of refusal (a malformed file, an unsupported component).
 */
final class Json {
    final String file;

    Json(String file) {
        this.file = file;
    }

    /** The path of {@code field} inside the object at {@code path} ("" for the root). */
    static String at(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    InvalidFileException invalid(String path, String problem) {
        return new InvalidFileException(file + ": " + path + ": " + problem);
    }

    UnsupportedOperationException unsupported(String section, String type, String supported) {
        return new UnsupportedOperationException(file + ": the " + section + " \"" + type + "\" is not supported"
                + " (supported: " + supported + ")");
    }

    /** The object at {@code node[field]}; absent or null give null when {@code optional}. */
    JsonNode object(JsonNode node, String field, String path, boolean optional) throws InvalidFileException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (optional) {
                return null;
            }
            throw invalid(at(path, field), "missing");
        }
        if (!v.isObject()) {
            throw invalid(at(path, field), "expected an object, got " + v.getNodeType());
        }
        return v;
    }

    JsonNode array(JsonNode node, String field, String path) throws InvalidFileException {
        JsonNode v = node.get(field);
        if (v == null || !v.isArray()) {
            throw invalid(at(path, field), v == null ? "missing" : "expected an array, got " + v.getNodeType());
        }
        return v;
    }

    /** The string at {@code node[field]}, or {@code fallback} when absent or null. */
    String text(JsonNode node, String field, String path, String fallback) throws InvalidFileException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (fallback == null) {
                throw invalid(at(path, field), "missing");
            }
            return fallback;
        }
        if (!v.isTextual()) {
            throw invalid(at(path, field), "expected a string, got " + v.getNodeType());
        }
        return v.asText();
    }

    /** The string at {@code node[field]}, or null when absent or null. */
    String optionalText(JsonNode node, String field, String path) throws InvalidFileException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        return text(node, field, path, null);
    }

    boolean bool(JsonNode node, String field, String path, boolean fallback) throws InvalidFileException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw invalid(at(path, field), "expected true or false, got " + v.getNodeType());
        }
        return v.asBoolean();
    }

    /** The integer at {@code node[field]} in [min, max], or {@code fallback} when absent or null. */
    int integer(JsonNode node, String field, String path, int fallback, int min, int max) throws InvalidFileException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        return integer(v, at(path, field), min, max);
    }

    int integer(JsonNode v, String path, int min, int max) throws InvalidFileException {
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
            throw invalid(path, "expected an integer in [" + min + ", " + max + "], got " + v);
        }
        return v.asInt();
    }

    /** The {@code type} of a component object. */
    String type(JsonNode node, String path) throws InvalidFileException {
        return text(node, "type", path, null);
    }

    /** The elements of the array at {@code node[field]}. */
    List<JsonNode> elements(JsonNode node, String field, String path) throws InvalidFileException {
        List<JsonNode> out = new ArrayList<>();
        array(node, field, path).forEach(out::add);
        return out;
    }
}
