package dev.myelin.cli;

import dev.myelin.text.CharTokenizer;
import dev.myelin.text.SpecialTokens;
import dev.myelin.text.Vocabulary;
import dev.myelin.text.WordTokenizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The synthetic translation task of {@code demo translate}: English number words to digits, such
 * as "three hundred and forty-two thousand seven" to "342007", for 0 to 999,999.
 *
 * <p>Numbers are drawn with 3 to 6 digits equally often (leading zeros allowed, so smaller numbers
 * occur too); a pair says "and" after "hundred" and "thousand" (British usage) with probability
 * 0.3. Words and hyphens are the source tokens; digits, BOS and EOS the target tokens.
 */
final class NumberWords {
    static final int MAX = 999_999;
    private static final List<String> ONES = List.of("zero", "one", "two", "three", "four", "five", "six", "seven",
            "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
            "eighteen", "nineteen");
    private static final List<String> TENS = List.of("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
            "eighty", "ninety");

    private NumberWords() {}

    /** One example: the number, its words and its digits. */
    record Pair(int number, String words, String digits) {}

    /**
     * The words of {@code n} in [0, 999,999]: "forty-two", "seven hundred and one" ({@code and}) or
     * "seven hundred one".
     */
    static String words(int n, boolean and) {
        if (n < 0 || n > MAX) {
            throw new IllegalArgumentException("NumberWords: " + n + " is outside [0, " + MAX + "]");
        }
        if (n == 0) {
            return "zero";
        }
        List<String> parts = new ArrayList<>();
        if (n >= 1000) {
            parts.add(belowThousand(n / 1000, and) + " thousand");
        }
        int rest = n % 1000;
        if (rest > 0) {
            parts.add((and && n >= 1000 && rest < 100 ? "and " : "") + belowThousand(rest, and));
        }
        return String.join(" ", parts);
    }

    private static String belowThousand(int n, boolean and) {
        int hundreds = n / 100;
        int rest = n % 100;
        String tail = rest == 0 ? "" : rest < 20 ? ONES.get(rest)
                : TENS.get(rest / 10) + (rest % 10 == 0 ? "" : "-" + ONES.get(rest % 10));
        if (hundreds == 0) {
            return tail;
        }
        return ONES.get(hundreds) + " hundred" + (rest == 0 ? "" : (and ? " and " : " ") + tail);
    }

    /** A number with 3 to 6 digits (leading zeros allowed), each length equally likely. */
    static int draw(Random random) {
        int digits = 3 + random.nextInt(4);
        return random.nextInt((int) Math.pow(10, digits));
    }

    /** {@code count} distinct numbers as pairs, none of them in {@code exclude}. */
    static List<Pair> distinct(int count, Set<Integer> exclude, Random random) {
        Set<Integer> numbers = new LinkedHashSet<>();
        while (numbers.size() < count) {
            int n = draw(random);
            if (!exclude.contains(n)) {
                numbers.add(n);
            }
        }
        return numbers.stream().map(n -> pair(n, random)).toList();
    }

    /** {@code count} pairs (numbers may repeat), none of their numbers in {@code exclude}. */
    static List<Pair> sample(int count, Set<Integer> exclude, Random random) {
        List<Pair> out = new ArrayList<>(count);
        while (out.size() < count) {
            int n = draw(random);
            if (!exclude.contains(n)) {
                out.add(pair(n, random));
            }
        }
        return out;
    }

    private static Pair pair(int n, Random random) {
        return new Pair(n, words(n, random.nextDouble() < 0.3), Integer.toString(n));
    }

    /** The source tokenizer: {@code <pad>} (id 0), the number words, "and" and "-". */
    static WordTokenizer sourceTokenizer() {
        List<String> tokens = new ArrayList<>(List.of(WordTokenizer.PAD));
        tokens.addAll(ONES);
        tokens.addAll(TENS.subList(2, TENS.size()));
        tokens.addAll(List.of("hundred", "thousand", "and", "-"));
        return new WordTokenizer(Vocabulary.of(tokens, Map.of(SpecialTokens.Role.PAD, WordTokenizer.PAD)), false);
    }

    /** The target tokenizer: {@code <pad>} (id 0), {@code <bos>}, {@code <eos>}, then the digits. */
    static CharTokenizer targetTokenizer() {
        List<String> tokens = new ArrayList<>(List.of("<pad>", "<bos>", "<eos>"));
        tokens.addAll(CharTokenizer.characters("0123456789"));
        return new CharTokenizer(Vocabulary.of(tokens, Map.of(SpecialTokens.Role.PAD, "<pad>", SpecialTokens.Role.BOS,
                "<bos>", SpecialTokens.Role.EOS, "<eos>")));
    }
}
