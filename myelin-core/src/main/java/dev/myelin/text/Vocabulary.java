package dev.myelin.text;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * An ordered list of tokens and their ids, special tokens first: the table behind
 * {@link CharTokenizer} and {@link WordTokenizer} (torchtext's {@code Vocab}).
 *
 * <p>{@link Builder#build} counts tokens in a corpus and keeps those seen at least
 * {@code minFrequency} times, most frequent first (ties in string order, so the result does not
 * depend on the order of the corpus), up to {@code maxSize} entries including the special tokens.
 * {@link #of} keeps a given order. Lookups of tokens that are not in the vocabulary give the
 * unknown token's id when there is one, else an error naming the token.
 *
 * <pre>{@code
 * Vocabulary v = Vocabulary.builder().pad("<pad>").unk("<unk>").minFrequency(2).maxSize(20_000)
 *         .build(words);                  // "<pad>" = 0, "<unk>" = 1, then by frequency
 * int id = v.idOrUnknown("zyzzyva");      // the id of "<unk>"
 * }</pre>
 */
public final class Vocabulary {
    private final List<String> tokens;
    private final Map<String, Integer> ids;
    private final SpecialTokens specials;

    private Vocabulary(List<String> tokens, Map<SpecialTokens.Role, String> roles) {
        this.tokens = List.copyOf(tokens);
        this.ids = new HashMap<>(tokens.size() * 2);
        for (String t : this.tokens) {
            if (ids.putIfAbsent(t, ids.size()) != null) {
                throw new IllegalArgumentException("Vocabulary: the token \"" + t + "\" appears twice");
            }
        }
        Map<SpecialTokens.Role, SpecialTokens.Token> byRole = new EnumMap<>(SpecialTokens.Role.class);
        roles.forEach((role, text) -> byRole.put(role, new SpecialTokens.Token(text, ids.get(text))));
        this.specials = new SpecialTokens(byRole, Set.of());
    }

    /**
     * A vocabulary of {@code tokens} in the given order (ids 0, 1, ...), with {@code roles} naming
     * which of them are special.
     *
     * @throws IllegalArgumentException if a token appears twice or a special token is not in the list
     */
    public static Vocabulary of(List<String> tokens, Map<SpecialTokens.Role, String> roles) {
        for (var e : roles.entrySet()) {
            if (!tokens.contains(e.getValue())) {
                throw new IllegalArgumentException("Vocabulary.of: the " + e.getKey() + " token \"" + e.getValue()
                        + "\" is not in the token list");
            }
        }
        return new Vocabulary(tokens, roles);
    }

    /** A builder with no special tokens, minimum frequency 1 and no size limit. */
    public static Builder builder() {
        return new Builder();
    }

    /** The number of tokens. */
    public int size() {
        return tokens.size();
    }

    /** All tokens, in id order. */
    public List<String> tokens() {
        return tokens;
    }

    /** The id of {@code token}, if present. */
    public OptionalInt id(String token) {
        Integer id = ids.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** The id of {@code token}, or -1 when it is absent. */
    int idOrMinusOne(String token) {
        Integer id = ids.get(token);
        return id == null ? -1 : id;
    }

    /**
     * The id of {@code token}, or the unknown token's id when it is absent.
     *
     * @throws IllegalArgumentException if the token is absent and there is no unknown token
     */
    public int idOrUnknown(String token) {
        Integer id = ids.get(token);
        if (id != null) {
            return id;
        }
        return specials.id(SpecialTokens.Role.UNK).orElseThrow(() -> new IllegalArgumentException(
                "Vocabulary: \"" + token + "\" is not among the " + size() + " tokens and there is no unknown token"));
    }

    /**
     * The token with id {@code id}.
     *
     * @throws IllegalArgumentException if the id is out of range
     */
    public String token(int id) {
        if (id < 0 || id >= tokens.size()) {
            throw new IllegalArgumentException("Vocabulary: id " + id + " is outside [0, " + tokens.size() + ")");
        }
        return tokens.get(id);
    }

    /** The special tokens and their roles. */
    public SpecialTokens specialTokens() {
        return specials;
    }

    @Override
    public String toString() {
        return "Vocabulary(" + size() + " tokens, special " + specials.roles() + ")";
    }

    /** Settings for building a vocabulary from a corpus. */
    public static final class Builder {
        private final Map<SpecialTokens.Role, String> roles = new EnumMap<>(SpecialTokens.Role.class);
        private final List<String> specialOrder = new ArrayList<>();
        private int minFrequency = 1;
        private int maxSize = Integer.MAX_VALUE;

        private Builder() {}

        private Builder special(SpecialTokens.Role role, String text) {
            Objects.requireNonNull(text, "Vocabulary.Builder: the " + role + " token is null");
            if (roles.containsKey(role)) {
                throw new IllegalStateException("Vocabulary.Builder: the " + role + " token is already set to \""
                        + roles.get(role) + "\"");
            }
            roles.put(role, text);
            if (!specialOrder.contains(text)) {
                specialOrder.add(text);
            }
            return this;
        }

        /** Adds a padding token (ids follow the order in which special tokens are added). */
        public Builder pad(String text) {
            return special(SpecialTokens.Role.PAD, text);
        }

        /** Adds an unknown token: tokens outside the vocabulary map to it instead of failing. */
        public Builder unk(String text) {
            return special(SpecialTokens.Role.UNK, text);
        }

        /** Adds a beginning-of-sequence token. */
        public Builder bos(String text) {
            return special(SpecialTokens.Role.BOS, text);
        }

        /** Adds an end-of-sequence token. */
        public Builder eos(String text) {
            return special(SpecialTokens.Role.EOS, text);
        }

        /** Keeps only tokens seen at least {@code minFrequency} times (default 1). */
        public Builder minFrequency(int minFrequency) {
            if (minFrequency < 1) {
                throw new IllegalArgumentException("Vocabulary.Builder: minFrequency must be >= 1, got " + minFrequency);
            }
            this.minFrequency = minFrequency;
            return this;
        }

        /** Keeps at most {@code maxSize} tokens, special tokens included (default: no limit). */
        public Builder maxSize(int maxSize) {
            if (maxSize < 1) {
                throw new IllegalArgumentException("Vocabulary.Builder: maxSize must be >= 1, got " + maxSize);
            }
            this.maxSize = maxSize;
            return this;
        }

        /**
         * The vocabulary of the tokens in {@code corpus} (each occurrence counted once): special
         * tokens, then the kept tokens by falling frequency.
         *
         * @throws IllegalArgumentException if maxSize leaves no room for the special tokens
         */
        public Vocabulary build(Iterable<String> corpus) {
            if (specialOrder.size() > maxSize) {
                throw new IllegalArgumentException("Vocabulary.Builder: maxSize " + maxSize + " is smaller than the "
                        + specialOrder.size() + " special tokens");
            }
            Map<String, Integer> counts = new HashMap<>();
            for (String t : corpus) {
                counts.merge(t, 1, Integer::sum);
            }
            List<Map.Entry<String, Integer>> kept = new ArrayList<>();
            for (var e : counts.entrySet()) {
                if (e.getValue() >= minFrequency && !specialOrder.contains(e.getKey())) {
                    kept.add(e);
                }
            }
            kept.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
            List<String> tokens = new ArrayList<>(specialOrder);
            for (int i = 0; i < kept.size() && tokens.size() < maxSize; i++) {
                tokens.add(kept.get(i).getKey());
            }
            return new Vocabulary(tokens, roles);
        }
    }
}
