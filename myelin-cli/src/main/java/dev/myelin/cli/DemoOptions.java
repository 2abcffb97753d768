package dev.myelin.cli;

/** Checks of the demos' numeric options, with the sentence the user sees when one is out of range. */
final class DemoOptions {
    private DemoOptions() {}

    /**
     * Returns {@code value} if it is at least {@code min}.
     *
     * @throws IllegalArgumentException naming the option otherwise
     */
    static int atLeast(String option, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(option + " must be at least " + min + ", got " + value);
        }
        return value;
    }

    /**
     * Returns {@code value} if it is positive and finite.
     *
     * @throws IllegalArgumentException naming the option otherwise
     */
    static double positive(String option, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(option + " must be a positive number, got " + value);
        }
        return value;
    }
}
