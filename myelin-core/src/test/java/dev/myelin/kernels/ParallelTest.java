package dev.myelin.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shared thread pool: every index exactly once, errors propagate, results independent of the thread count. */
class ParallelTest {
    private final int threads = Parallel.threads();

    @AfterEach
    void restore() {
        Parallel.setThreads(threads);
    }

    @Test
    void forRangeVisitsEveryIndexOnce() {
        Parallel.setThreads(3);
        AtomicIntegerArray hits = new AtomicIntegerArray(10_007);
        Parallel.forRange(hits.length(), 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                hits.incrementAndGet(i);
            }
        });
        for (int i = 0; i < hits.length(); i++) {
            assertThat(hits.get(i)).isEqualTo(1);
        }
    }

    @Test
    void forRangeSplitsIntoSeveralChunksPerThreadAndForEachIntoSingleIndexes() {
        Parallel.setThreads(2);
        AtomicInteger chunks = new AtomicInteger();
        Parallel.forRange(1000, 1, (from, to) -> chunks.incrementAndGet());
        assertThat(chunks.get()).isEqualTo(2 * Parallel.CHUNKS_PER_THREAD);
        AtomicIntegerArray hits = new AtomicIntegerArray(37);
        Parallel.forEach(hits.length(), (from, to) -> {
            assertThat(to - from).isEqualTo(1);
            hits.incrementAndGet(from);
        });
        for (int i = 0; i < hits.length(); i++) {
            assertThat(hits.get(i)).isEqualTo(1);
        }
        assertThatThrownBy(() -> Parallel.forEach(5, (from, to) -> {
            if (from == 3) {
                throw new IllegalStateException("boom in task " + from);
            }
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("boom in task 3");
    }

    @Test
    void exceptionsInWorkersReachTheCaller() {
        Parallel.setThreads(2);
        assertThatThrownBy(() -> Parallel.forRange(100, 1, (from, to) -> {
            if (from > 0) {
                throw new IllegalStateException("boom in " + from);
            }
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("boom");
    }

    @Test
    void loopsFromSeveralThreadsAndNestedLoopsAllComplete() throws Exception {
        Parallel.setThreads(3);
        int callers = 4;
        AtomicIntegerArray hits = new AtomicIntegerArray(callers * 1000);
        Thread[] threads = new Thread[callers];
        for (int t = 0; t < callers; t++) {
            int base = t * 1000;
            threads[t] = new Thread(() -> {
                for (int round = 0; round < 200; round++) {
                    Parallel.forRange(10, 1, (from, to) -> {
                        for (int i = from; i < to; i++) {
                            int row = base + i * 100;
                            Parallel.forRange(100, 1, (f2, t2) -> {
                                for (int j = f2; j < t2; j++) {
                                    hits.incrementAndGet(row + j);
                                }
                            });
                        }
                    });
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        for (int i = 0; i < hits.length(); i++) {
            assertThat(hits.get(i)).isEqualTo(200);
        }
    }

    @Test
    void threadCountIsValidated() {
        assertThatThrownBy(() -> Parallel.setThreads(0)).hasMessageContaining("at least 1");
    }

    @Test
    void largeElementwiseOpsAndMatmulsAgreeAcrossThreadCounts() {
        Generator g = new Generator(5);
        Tensor a = Tensor.randn(Shape.of(300, 400), DType.FLOAT32, g);
        Tensor b = Tensor.randn(Shape.of(400, 200), DType.FLOAT32, g);
        Parallel.setThreads(1);
        double[] ew1 = a.t().exp().add(a.t().mul(2.0)).toDoubleArray();
        double[] mm1 = a.matmul(b).toDoubleArray();
        double[] red1 = a.sum(0).toDoubleArray();
        Parallel.setThreads(4);
        assertThat(a.t().exp().add(a.t().mul(2.0)).toDoubleArray()).containsExactly(ew1);
        assertThat(a.matmul(b).toDoubleArray()).containsExactly(mm1);
        assertThat(a.sum(0).toDoubleArray()).containsExactly(red1);
    }
}
