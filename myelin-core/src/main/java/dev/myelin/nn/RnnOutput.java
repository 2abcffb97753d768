package dev.myelin.nn;

import dev.myelin.tensor.Tensor;

/**
 * What a recurrent layer returns: the top layer's hidden state at every step, (T, B, D·H) or
 * (B, T, D·H) with {@code batchFirst} (zeros at padded steps), and the final state of every layer
 * and direction, (layers·D, B, H), taken at each sequence's last real step.
 */
public record RnnOutput(Tensor output, RnnState state) {}
