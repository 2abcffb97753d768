package dev.myelin.text;

/**
 * The end of a sequence that padding is added to, or that truncation cuts from.
 *
 * <p>Encoders pad on the right; decoder-only models generating text pad on the left, so that the
 * last position of every row is a real token.
 *
 * <pre>{@code
 * Padding.of(Side.LEFT, padId)
 * }</pre>
 */
public enum Side {
    /** The start of the sequence. */
    LEFT,
    /** The end of the sequence. */
    RIGHT
}
