package dev.myelin.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Dropout and BatchNorm behave differently in training and evaluation mode. */
class TrainEvalTest {
    @Test
    void dropoutZeroesAndRescalesInTrainingOnly() {
        Dropout drop = new Dropout(0.3, new Generator(1));
        Tensor x = Tensor.ones(100, 100);
        double[] y = drop.forward(x).toDoubleArray();
        int zeros = 0;
        for (double v : y) {
            if (v == 0) {
                zeros++;
            } else {
                assertThat(v).isCloseTo(1 / 0.7, within(1e-6));
            }
        }
        assertThat(zeros / 10000.0).isCloseTo(0.3, within(0.02));
        drop.eval();
        assertThat(drop.forward(x)).isSameAs(x);
    }

    @Test
    void dropoutGradientFollowsTheMask() {
        Dropout drop = new Dropout(0.5, new Generator(2));
        Tensor x = Tensor.ones(4, 6).requiresGrad(true);
        Tensor y = drop.forward(x);
        y.sum().backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(y.detach().toDoubleArray());
    }

    @Test
    void dropoutIsDeterministicForAGeneratorSeed() {
        Tensor a = new Dropout(0.5, new Generator(7)).forward(Tensor.ones(10));
        Tensor b = new Dropout(0.5, new Generator(7)).forward(Tensor.ones(10));
        assertThat(a.toDoubleArray()).containsExactly(b.toDoubleArray());
    }

    @Test
    void dropout2dZeroesWholeChannels() {
        Dropout2d drop = new Dropout2d(0.5, new Generator(3));
        Tensor y = drop.forward(Tensor.ones(8, 6, 3, 3));
        Tensor perChannel = y.amax(new int[] {2, 3}, false);
        Tensor minPerChannel = y.amin(new int[] {2, 3}, false);
        assertThat(perChannel.toDoubleArray()).containsExactly(minPerChannel.toDoubleArray());   // constant planes
        assertThat(perChannel.toDoubleArray()).contains(0.0, 2.0);
        assertThat(drop.eval().forward(Tensor.ones(1, 2, 2, 2)).toDoubleArray()).containsOnly(1);
    }

    @Test
    void batchNormUsesBatchStatisticsInTrainingAndRunningOnesInEval() {
        BatchNorm1d bn = new BatchNorm1d(3);
        Generator g = new Generator(4);
        Tensor batch = Tensor.randn(Shape.of(64, 3), DType.FLOAT32, g).mul(2.0).add(5.0);
        Tensor y = bn.forward(batch);
        assertThat(y.mean(0).abs().max().item()).isLessThan(1e-5);                       // normalised by the batch
        assertThat(y.var(new int[] {0}, 0, false).sub(1.0).abs().max().item()).isLessThan(1e-3);
        double[] mean = batch.mean(0).toDoubleArray();
        double[] running = bn.runningMean().toDoubleArray();
        for (int c = 0; c < 3; c++) {
            assertThat(running[c]).isCloseTo(0.1 * mean[c], within(1e-5));              // momentum 0.1 from 0
        }
        assertThat(bn.buffer("num_batches_tracked").itemLong()).isEqualTo(1);
        bn.eval();
        Tensor z = bn.forward(batch);
        Tensor expected = batch.sub(bn.runningMean()).div(bn.runningVar().add(1e-5).sqrt());
        assertThat(z.allClose(expected, 1e-5, 1e-5)).isTrue();
        assertThat(bn.buffer("num_batches_tracked").itemLong()).isEqualTo(1);            // eval leaves stats alone
        assertThat(bn.runningMean().toDoubleArray()).containsExactly(running);
    }

    @Test
    void batchNormConvergesToTheDataStatistics() {
        BatchNorm2d bn = new BatchNorm2d(2, 1e-5, 0.5, true, true);
        Generator g = new Generator(6);
        for (int i = 0; i < 40; i++) {
            bn.forward(Tensor.randn(Shape.of(16, 2, 4, 4), DType.FLOAT32, g).mul(3.0).add(-1.0));
        }
        for (int c = 0; c < 2; c++) {
            assertThat(bn.runningMean().get(c)).isCloseTo(-1, within(0.2));
            assertThat(bn.runningVar().get(c)).isCloseTo(9, within(1.5));
        }
    }
}
