package dev.myelin.models;

import java.util.List;
import java.util.Map;

/** Reads the arguments of a model or layer from a configuration map, with messages that name the bad value. */
final class ModelArgs {
    private ModelArgs() {}

    static int integer(Map<String, ?> args, String owner, String key, int fallback) {
        Object v = args.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n && n.doubleValue() == n.intValue()) {
            return n.intValue();
        }
        throw new IllegalArgumentException(owner + ": '" + key + "' must be an integer, got " + v);
    }

    static int required(Map<String, ?> args, String owner, String key) {
        if (!args.containsKey(key)) {
            throw new IllegalArgumentException(owner + ": the argument '" + key + "' is missing");
        }
        return integer(args, owner, key, 0);
    }

    static double number(Map<String, ?> args, String owner, String key, double fallback) {
        Object v = args.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(owner + ": '" + key + "' must be a number, got " + v);
    }

    static boolean bool(Map<String, ?> args, String owner, String key, boolean fallback) {
        Object v = args.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(owner + ": '" + key + "' must be true or false, got " + v);
    }

    static int[] ints(Map<String, ?> args, String owner, String key, int[] fallback) {
        Object v = args.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof List<?> list)) {
            throw new IllegalArgumentException(owner + ": '" + key + "' must be a list of integers, got " + v);
        }
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Number n) || n.doubleValue() != n.intValue()) {
                throw new IllegalArgumentException(owner + ": '" + key + "' must be a list of integers, got " + v);
            }
            out[i] = n.intValue();
        }
        return out;
    }
}
