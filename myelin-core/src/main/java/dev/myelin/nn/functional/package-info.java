/**
 * The functional API, PyTorch's {@code torch.nn.functional}: {@link dev.myelin.nn.functional.F}
 * (activations, linear maps, normalisations, dropout, embedding, convolution, pooling, losses),
 * the {@link dev.myelin.nn.functional.Reduction} of losses and the
 * {@link dev.myelin.nn.functional.CrossEntropyOptions}. Every function is differentiable.
 */
package dev.myelin.nn.functional;
