package dev.myelin.bench.jmh;

import dev.myelin.nn.Conv2d;
import dev.myelin.nn.Flatten;
import dev.myelin.nn.Linear;
import dev.myelin.nn.MaxPool2d;
import dev.myelin.nn.Module;
import dev.myelin.nn.ReLU;
import dev.myelin.nn.Sequential;
import dev.myelin.nn.functional.ConvOptions;
import dev.myelin.nn.functional.F;
import dev.myelin.optim.Adam;
import dev.myelin.tensor.DType;
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
 * One training step (forward, cross-entropy, backward, Adam) of the W2 MLP and the W3 CNN on a
 * batch of 128. Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is the bytes allocated
 * per step, the figure to watch for garbage-collector churn.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:-UseLoopPredicate", "-XX:-UseProfiledLoopPredicate"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TrainStepBench {
    private Module mlp;
    private Module cnn;
    private Adam mlpOpt;
    private Adam cnnOpt;
    private Tensor images;
    private Tensor flat;
    private Tensor labels;

    @Setup
    public void setUp() {
        Generator g = new Generator(0);
        mlp = new Sequential(new Linear(784, 512), new ReLU(), new Linear(512, 256), new ReLU(), new Linear(256, 10));
        ConvOptions same = ConvOptions.defaults().padding(1);
        cnn = new Sequential(new Conv2d(1, 32, 3, same), new ReLU(), new MaxPool2d(2), new Conv2d(32, 64, 3, same),
                new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(3136, 128), new ReLU(), new Linear(128, 10));
        mlpOpt = new Adam(mlp.parameters(), 1e-3);
        cnnOpt = new Adam(cnn.parameters(), 1e-3);
        images = Tensor.rand(Shape.of(128, 1, 28, 28), DType.FLOAT32, g);
        flat = images.reshape(128, 784);
        labels = Tensor.randint(0, 10, Shape.of(128), g);
    }

    @Benchmark
    public double mlpStep() {
        Tensor loss = F.crossEntropy(mlp.forward(flat), labels);
        mlpOpt.zeroGrad();
        loss.backward();
        mlpOpt.step();
        return loss.item();
    }

    @Benchmark
    public double cnnStep() {
        Tensor loss = F.crossEntropy(cnn.forward(images), labels);
        cnnOpt.zeroGrad();
        loss.backward();
        cnnOpt.step();
        return loss.item();
    }
}
