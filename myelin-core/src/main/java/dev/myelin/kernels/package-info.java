/**
 * CPU kernels over Java arrays, offsets and strides: elementwise row kernels and their
 * reference definitions ({@link dev.myelin.kernels.UnaryOp}, {@link dev.myelin.kernels.BinaryOp}),
 * reductions, matrix multiplication, strided iteration ({@link dev.myelin.kernels.StridedLoop})
 * and the shared intra-op thread pool ({@link dev.myelin.kernels.Parallel}).
 *
 * <p>Kernels know nothing of tensors or autograd; the tensor package calls them.
 */
package dev.myelin.kernels;
