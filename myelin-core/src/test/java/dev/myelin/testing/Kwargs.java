package dev.myelin.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** The non-tensor arguments of one op sample (dims, flags, scalars), shared by the Java call and the PyTorch expression. */
public record Kwargs(Map<String, Object> values) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static Kwargs none() {
        return new Kwargs(Map.of());
    }

    /** Arguments from alternating keys and values. */
    public static Kwargs of(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new Kwargs(m);
    }

    public int integer(String key) {
        return ((Number) get(key)).intValue();
    }

    /** A number; the strings "inf" and "-inf" stand for infinities (JSON has none). */
    public double real(String key) {
        Object v = get(key);
        return v instanceof String s ? Double.parseDouble(s.replace("inf", "Infinity")) : ((Number) v).doubleValue();
    }

    public boolean flag(String key) {
        return (Boolean) get(key);
    }

    public int[] ints(String key) {
        return (int[]) get(key);
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    private Object get(String key) {
        Object v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("sample has no argument '" + key + "'");
        }
        return v;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(values);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
