/**
 * The benchmark workloads of {@code shared/bench/WORKLOADS.md}, each mirroring its PyTorch peer
 * and printing the same JSON lines: {@link dev.myelin.bench.GemmWorkload} (W1 {@code gemm}) and
 * {@link dev.myelin.bench.ClassifierWorkload} (W2 {@code mlp}, W3 {@code cnn}); and (in
 * {@code jmh}) micro-benchmarks of the kernels.
 */
package dev.myelin.bench;
