package dev.myelin.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.kernels.Parallel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Random numbers: reproducible from a seed, whatever the thread count, with sensible statistics. */
class GeneratorTest {
    private final int threads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(threads);
    }

    private static double[] draw(long seed) {
        Generator g = new Generator(seed);
        return Tensor.cat(java.util.List.of(
                Tensor.randn(Shape.of(300, 300), DType.FLOAT32, g).reshape(-1),
                Tensor.rand(Shape.of(1000), DType.FLOAT32, g),
                Tensor.randint(0, 10, Shape.of(1000), g).to(DType.FLOAT32),
                Tensor.full(Shape.of(1000), 0.3, DType.FLOAT32).bernoulli(g)), 0).toDoubleArray();
    }

    @Test
    void theSameSeedGivesTheSameNumbersWhateverTheThreadCount() {
        Parallel.setThreads(1);
        double[] one = draw(42);
        Parallel.setThreads(4);
        double[] four = draw(42);
        assertThat(four).containsExactly(one);
        assertThat(draw(43)).isNotEqualTo(one);
    }

    @Test
    void stateCanBeSavedAndRestored() {
        Generator g = new Generator(7);
        Tensor.randn(Shape.of(5), DType.FLOAT64, g);
        long[] state = g.state();
        double[] first = Tensor.randn(Shape.of(5), DType.FLOAT64, g).toDoubleArray();
        g.setState(state);
        assertThat(Tensor.randn(Shape.of(5), DType.FLOAT64, g).toDoubleArray()).containsExactly(first);
    }

    @Test
    void aStateThatIsNotOneOfOursIsRefused() {
        Generator g = new Generator(7);
        assertThatThrownBy(() -> g.setState(new long[] {1, 2, 3, 4})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected " + Generator.STATE_LENGTH + " integers, got 4");
        long[] wordTooWide = g.state();
        wordTooWide[3] = 1L << 32;
        assertThatThrownBy(() -> g.setState(wordTooWide)).hasMessageContaining("word 3");
        long[] allZero = new long[Generator.STATE_LENGTH];
        assertThatThrownBy(() -> g.setState(allZero)).hasMessageContaining("not all zero");
        long[] badPosition = g.state();
        badPosition[624] = 625;
        assertThatThrownBy(() -> g.setState(badPosition)).hasMessageContaining("position 625");
        double before = Tensor.rand(Shape.of(1), DType.FLOAT64, g).item();
        assertThat(before).isBetween(0.0, 1.0);   // refused states leave the generator working
    }

    @Test
    void distributionsHaveTheRightMoments() {
        Generator g = new Generator(1);
        Tensor n = Tensor.normal(2, 3, Shape.of(200_000), DType.FLOAT64, g);
        assertThat(n.mean().item()).isBetween(1.97, 2.03);
        assertThat(n.std().item()).isBetween(2.97, 3.03);
        Tensor u = Tensor.rand(Shape.of(200_000), DType.FLOAT64, g);
        assertThat(u.min().item()).isGreaterThanOrEqualTo(0.0);
        assertThat(u.max().item()).isLessThan(1.0);
        assertThat(u.mean().item()).isBetween(0.497, 0.503);
        Tensor r = Tensor.randint(-3, 4, Shape.of(70_000), g);
        assertThat(r.min().itemLong()).isEqualTo(-3);
        assertThat(r.max().itemLong()).isEqualTo(3);
        assertThat(r.eq(0.0).to(DType.FLOAT64).mean().item()).isBetween(0.13, 0.156);
        Tensor b = Tensor.full(Shape.of(100_000), 0.25, DType.FLOAT32).bernoulli(g);
        assertThat(b.mean().item()).isBetween(0.245, 0.255);
    }
}
