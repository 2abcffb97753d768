package dev.myelin.bench.jmh;

import dev.myelin.kernels.Gemm;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The matrix products the benchmark workloads spend their time in, as (m, n, k, layout):
 * "nt" multiplies by a transposed B (a layer's x·Wᵀ), "tn" by a transposed A (a weight gradient
 * Gᵀ·X), "nn" plain. Score: microseconds per product; GFLOP/s = 2mnk / time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:-UseLoopPredicate", "-XX:-UseProfiledLoopPredicate"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GemmBench {
    @Param({
        "128,512,784,nt",    // W2 fc1 forward
        "512,784,128,tn",    // W2 fc1 weight gradient
        "128,784,512,nn",    // W2 fc1 input gradient
        "64,196,288,nn",     // W3 conv2 forward per image (im2col)
        "128,128,3136,nt",   // W3 fc1 forward
        "32,1024,256,nt",    // W4 recurrent step, 4 gates
        "2048,1024,64,nt",   // W4 input projection of a whole sequence batch
        "2048,768,256,nt",   // W5 q, k, v projection
        "2048,1024,256,nt",  // W5 feed-forward up / head
        "128,128,64,nt",     // W5 attention scores of one head
        "1024,1024,1024,nn"  // W1
    })
    public String shape;

    private int m;
    private int n;
    private int k;
    private boolean transA;
    private boolean transB;
    private float[] a;
    private float[] b;
    private float[] c;

    @Setup
    public void setUp() {
        String[] p = shape.split(",");
        m = Integer.parseInt(p[0]);
        n = Integer.parseInt(p[1]);
        k = Integer.parseInt(p[2]);
        transA = p[3].charAt(0) == 't';
        transB = p[3].charAt(1) == 't';
        Random r = new Random(1);
        a = new float[m * k];
        b = new float[k * n];
        c = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) r.nextGaussian();
        }
    }

    @Benchmark
    public float[] gemm() {
        Gemm.gemm(m, n, k, a, 0, transA ? 1 : k, transA ? m : 1, b, 0, transB ? 1 : n, transB ? k : 1, c, 0, n, false);
        return c;
    }
}
