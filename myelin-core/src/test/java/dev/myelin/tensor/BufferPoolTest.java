package dev.myelin.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Released buffers back later outputs of the same length, on the pool's thread and inside its scope only. */
class BufferPoolTest {
    private static final Tensor X = Tensor.of(new float[][] {{1, -2, 3}, {-4, 5, -6}});

    /** The buffer of an op's output (X's length) that has been given back to the pool. */
    private static float[] releasedOutput(BufferPool pool) {
        Tensor dead = X.add(1.0);
        pool.release(dead.storage());
        return dead.storage().floats();
    }

    @Test
    void aReleasedOutputBacksTheNextOutputOfItsLength() {
        try (BufferPool pool = BufferPool.open()) {
            float[] buffer = releasedOutput(pool);
            Tensor next = X.abs();
            assertThat(next.storage().floats()).isSameAs(buffer);
            assertThat(next.toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(X.reshape(3, 2).neg().storage().floats()).as("taken once only").isNotSameAs(buffer);
        }
    }

    @Test
    void buffersItDidNotHandOutAreNeverTaken() {
        try (BufferPool pool = BufferPool.open()) {
            pool.release(X.storage());
            assertThat(X.neg().storage().floats()).isNotSameAs(X.storage().floats());
            assertThat(X.toFloatArray()).containsExactly(1, -2, 3, -4, 5, -6);
        }
    }

    @Test
    void zerosStayZeroAndOtherLengthsGetNewArrays() {
        try (BufferPool pool = BufferPool.open()) {
            float[] buffer = releasedOutput(pool);
            Tensor zeros = Tensor.zeros(2, 3);
            assertThat(zeros.storage().floats()).isNotSameAs(buffer);
            assertThat(zeros.toFloatArray()).containsOnly(0f);
            assertThat(X.narrow(0, 0, 1).neg().storage().floats()).isNotSameAs(buffer);
        }
    }

    @Test
    void outsideTheScopeAndOnOtherThreadsNothingIsReused() throws InterruptedException {
        float[] buffer;
        float[][] fromOtherThread = new float[1][];
        try (BufferPool pool = BufferPool.open()) {
            buffer = releasedOutput(pool);
            Thread other = new Thread(() -> fromOtherThread[0] = X.abs().storage().floats());
            other.start();
            other.join();
        }
        assertThat(fromOtherThread[0]).isNotSameAs(buffer);
        assertThat(BufferPool.current()).isNull();
        assertThat(X.abs().storage().floats()).isNotSameAs(buffer);
    }

    @Test
    void onePoolPerThread() {
        try (BufferPool pool = BufferPool.open()) {
            assertThat(BufferPool.current()).isSameAs(pool);
            assertThatThrownBy(BufferPool::open).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already open");
        }
    }
}
