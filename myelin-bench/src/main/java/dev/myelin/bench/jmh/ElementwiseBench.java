package dev.myelin.bench.jmh;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Fused;
import dev.myelin.tensor.Generator;
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

/**
 * Elementwise ops, softmax and a bias-add on (2048, 1024) float32 tensors (a W5 activation's
 * size), and layer normalisation of (2048, 256). Score: microseconds per call; 2M elements, so
 * 1 µs = 2 elements per ns.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:-UseLoopPredicate", "-XX:-UseProfiledLoopPredicate"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ElementwiseBench {
    private Tensor x;
    private Tensor y;
    private Tensor bias;
    private Tensor tokens;
    private Tensor gamma;
    private Tensor beta;

    @Setup
    public void setUp() {
        Generator g = new Generator(0);
        x = Tensor.randn(Shape.of(2048, 1024), DType.FLOAT32, g);
        y = Tensor.randn(Shape.of(2048, 1024), DType.FLOAT32, g);
        bias = Tensor.randn(Shape.of(1024), DType.FLOAT32, g);
        tokens = Tensor.randn(Shape.of(2048, 256), DType.FLOAT32, g);
        gamma = Tensor.randn(Shape.of(256), DType.FLOAT32, g);
        beta = Tensor.randn(Shape.of(256), DType.FLOAT32, g);
    }

    /** W5's layer norm: (2048, 256) activations over the last dimension, fused kernel. */
    @Benchmark
    public Tensor layerNorm() {
        return Fused.layerNorm(tokens, gamma, beta, 1e-5);
    }

    /** The same layer norm as composite tensor ops, for comparison. */
    @Benchmark
    public Tensor layerNormComposite() {
        return Fused.layerNormComposite(tokens, gamma, beta, 1e-5);
    }

    @Benchmark
    public Tensor relu() {
        return x.relu();
    }

    @Benchmark
    public Tensor gelu() {
        return x.gelu();
    }

    @Benchmark
    public Tensor exp() {
        return x.exp();
    }

    @Benchmark
    public Tensor addBias() {
        return x.add(bias);
    }

    @Benchmark
    public Tensor mulAddChain() {
        return x.mul(y).add(x).mul(0.5);
    }

    @Benchmark
    public Tensor softmaxLastDim() {
        return x.softmax(-1);
    }

    @Benchmark
    public Tensor sumLastDim() {
        return x.sum(-1);
    }

    @Benchmark
    public Tensor sumFirstDim() {
        return x.sum(0);
    }
}
