package dev.myelin.bench.jmh;

import dev.myelin.tensor.Convolution;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Pooling;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** W3's convolutions and pooling on a batch of 128: forward, and forward plus backward. Score: ms per call. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:-UseLoopPredicate", "-XX:-UseProfiledLoopPredicate"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ConvBench {
    private static final int[] ONE = {1, 1};
    private Tensor x1;
    private Tensor w1;
    private Tensor x2;
    private Tensor w2;

    @Setup
    public void setUp() {
        Generator g = new Generator(0);
        x1 = Tensor.rand(Shape.of(128, 1, 28, 28), DType.FLOAT32, g);
        w1 = Tensor.randn(Shape.of(32, 1, 3, 3), DType.FLOAT32, g).requiresGrad(true);
        x2 = Tensor.rand(Shape.of(128, 32, 14, 14), DType.FLOAT32, g).requiresGrad(true);
        w2 = Tensor.randn(Shape.of(64, 32, 3, 3), DType.FLOAT32, g).requiresGrad(true);
    }

    @Benchmark
    public Tensor conv1Forward() {
        return Convolution.conv2d(x1, w1.detach(), null, ONE, ONE, ONE, 1);
    }

    @Benchmark
    public Tensor conv2Forward() {
        return Convolution.conv2d(x2.detach(), w2.detach(), null, ONE, ONE, ONE, 1);
    }

    @Benchmark
    public Tensor conv2ForwardBackward() {
        Tensor y = Convolution.conv2d(x2, w2, null, ONE, ONE, ONE, 1);
        y.sum().backward();
        x2.setGrad(null);
        w2.setGrad(null);
        return y;
    }

    @Benchmark
    public Tensor maxPoolForward() {
        return Pooling.maxPool2d(x2.detach(), new int[] {2, 2}, null, new int[] {0, 0}, ONE, false);
    }
}
