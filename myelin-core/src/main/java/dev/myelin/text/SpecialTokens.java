package dev.myelin.text;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The special tokens of a vocabulary and the role each plays: padding, unknown, beginning and end
 * of sequence, classification, separator, mask.
 *
 * <p>{@link #ids()} holds every special id, including special tokens that have no role here (a
 * model's {@code <|im_start|>}); {@link Tokenizer#decode(int[])} leaves them all out.
 *
 * <pre>{@code
 * int pad = tokenizer.specialTokens().id(Role.PAD).orElseThrow();
 * boolean skip = tokenizer.specialTokens().isSpecial(id);
 * }</pre>
 *
 * @param roles the token for each role a vocabulary has
 * @param ids every special token id (the ids of {@code roles} are added if missing)
 */
public record SpecialTokens(Map<Role, Token> roles, Set<Integer> ids) {
    /** What a special token is for. */
    public enum Role {
        /** Fills the positions after (or before) a short sequence in a batch. */
        PAD,
        /** Stands for text the vocabulary cannot represent. */
        UNK,
        /** Marks the beginning of a sequence. */
        BOS,
        /** Marks the end of a sequence; generation stops when it is sampled. */
        EOS,
        /** The classification token BERT puts first. */
        CLS,
        /** The separator BERT puts after each segment. */
        SEP,
        /** The token masked language modelling predicts. */
        MASK
    }

    /** A special token's text and id. */
    public record Token(String text, int id) {}

    /** Copies the map and the set; every role's id is a special id. */
    public SpecialTokens {
        EnumMap<Role, Token> copy = new EnumMap<>(Role.class);
        copy.putAll(roles);
        Set<Integer> all = new LinkedHashSet<>(ids);
        copy.values().forEach(t -> all.add(t.id()));
        roles = Collections.unmodifiableMap(copy);
        ids = Collections.unmodifiableSet(all);
    }

    /** No special tokens. */
    public static SpecialTokens none() {
        return new SpecialTokens(Map.of(), Set.of());
    }

    /** The token playing {@code role}, if the vocabulary has one. */
    public Optional<Token> get(Role role) {
        return Optional.ofNullable(roles.get(role));
    }

    /** The id of the token playing {@code role}, if the vocabulary has one. */
    public OptionalInt id(Role role) {
        Token t = roles.get(role);
        return t == null ? OptionalInt.empty() : OptionalInt.of(t.id());
    }

    /** Whether {@code id} is a special token. */
    public boolean isSpecial(int id) {
        return ids.contains(id);
    }
}
