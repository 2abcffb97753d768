/**
 * Tensors: {@link dev.myelin.tensor.Tensor}, its {@link dev.myelin.tensor.Shape},
 * {@link dev.myelin.tensor.DType} and {@link dev.myelin.tensor.Device}, random numbers from a
 * seedable {@link dev.myelin.tensor.Generator}, and the op families behind Tensor's methods.
 *
 * <p>Each op family is a package-private class holding the forward computation (promotion,
 * broadcasting, output allocation, kernel calls) and the gradient rule of each op:
 * {@code MathOps} (elementwise), {@code Reductions}, {@code Views}, {@code Indexing},
 * {@code LinearAlgebra}, {@code Conversion}, {@code InPlace}, {@code Creation} and {@code Random}.
 * Gradient rules are written with tensor ops, so they can be differentiated again.
 */
package dev.myelin.tensor;
