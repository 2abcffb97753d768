/**
 * The benchmark workloads of {@code shared/bench/WORKLOADS.md}, each mirroring its PyTorch peer
 * and printing the same JSON lines, and (in {@code jmh}) micro-benchmarks of the kernels.
 */
package dev.myelin.bench;
