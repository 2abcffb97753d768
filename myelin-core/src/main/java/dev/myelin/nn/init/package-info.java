/**
 * Weight initialisers, PyTorch's {@code torch.nn.init}: {@link dev.myelin.nn.init.Init}
 * (uniform, normal, constant, Xavier/Glorot, Kaiming/He, orthogonal) and the gains of
 * non-linearities.
 */
package dev.myelin.nn.init;
