/**
 * Define-by-run automatic differentiation: grad mode ({@link dev.myelin.autograd.Grad}), the
 * recorded graph ({@link dev.myelin.autograd.Node}), the backward engine, the functional
 * {@link dev.myelin.autograd.Autograd#grad} and custom ops ({@link dev.myelin.autograd.Autograd#record}),
 * and finite-difference {@link dev.myelin.autograd.GradCheck}.
 *
 * <p>The engine visits nodes in decreasing creation order, which is a topological order of the
 * graph, so deep graphs need no recursion. The graph is freed as backward runs unless
 * {@code retainGraph} is set; saved tensors are checked for in-place changes before use.
 */
package dev.myelin.autograd;
