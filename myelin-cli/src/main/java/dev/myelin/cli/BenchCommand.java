package dev.myelin.cli;

import dev.myelin.bench.ClassifierWorkload;
import dev.myelin.bench.GemmWorkload;
import dev.myelin.bench.LstmWorkload;
import dev.myelin.bench.TransformerWorkload;
import dev.myelin.bench.Report;
import dev.myelin.kernels.Parallel;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code myelin bench}: the workloads of WORKLOADS.md as JSON lines, and JMH micro-benchmarks. */
@Command(name = "bench", description = "Run a benchmark workload (W1-W6) and print its JSON lines.",
        subcommands = {BenchCommand.W1.class, BenchCommand.W2.class, BenchCommand.W3.class, BenchCommand.W4.class,
            BenchCommand.W5.class, BenchCommand.W6.class, BenchCommand.Jmh.class})
final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Options every workload takes. */
    static class Common {
        @Option(names = "--threads", description = "Kernel threads (default: all cores).")
        int threads = Runtime.getRuntime().availableProcessors();

        @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).", defaultValue = "0")
        long seed;

        Report start() {
            Parallel.setThreads(threads);
            return new Report(System.out);
        }
    }

    @Command(name = "W1", aliases = "gemm", description = "C = A x B for square float32 matrices: GFLOP/s and error.")
    static final class W1 implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Common common = new Common();

        @Option(names = "--sizes", split = ",", description = "Matrix sizes (default: 128,256,512,1024,2048).")
        int[] sizes = {128, 256, 512, 1024, 2048};

        @Option(names = "--min-seconds", description = "Timed repetitions last about this long (default: 1).")
        double minSeconds = 1.0;

        @Override
        public Integer call() {
            Report report = common.start();
            GemmWorkload.run(common.threads, sizes, minSeconds, common.seed, report);
            return report.failed() ? 1 : 0;
        }
    }

    /** Options of the Fashion-MNIST classifiers W2 and W3, as the peer's {@code classifier_args}. */
    static class ClassifierOptions {
        @Option(names = "--epochs", description = "Training epochs before the test-accuracy check (0: skip the check).")
        Integer epochs;

        @Option(names = "--timed-epochs", description = "Report the median time of the first T epochs (default: all).")
        Integer timedEpochs;

        @Option(names = "--min-accuracy", description = "Test accuracy that passes the check.")
        Double minAccuracy;

        int run(Common common, ClassifierWorkload.Kind kind) throws java.io.IOException {
            Report report = common.start();
            int e = epochs == null ? kind.defaultEpochs() : epochs;
            ClassifierWorkload.run(kind, common.threads, e, timedEpochs == null ? e : timedEpochs,
                    minAccuracy == null ? kind.minAccuracy() : minAccuracy, common.seed, report);
            return report.failed() ? 1 : 0;
        }
    }

    @Command(name = "W2", aliases = "mlp", description = "Fashion-MNIST MLP 784-512-256-10, Adam, batch 128: seconds per"
            + " epoch and test accuracy after 5 epochs (>= 0.86). Needs the full set (dataset-fashion-mnist).")
    static final class W2 implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Common common = new Common();

        @picocli.CommandLine.Mixin
        ClassifierOptions options = new ClassifierOptions();

        @Override
        public Integer call() throws Exception {
            return options.run(common, ClassifierWorkload.Kind.MLP);
        }
    }

    @Command(name = "W3", aliases = "cnn", description = "Fashion-MNIST two-convolution CNN, Adam, batch 128: seconds per"
            + " epoch and test accuracy after 3 epochs (>= 0.88). Needs the full set (dataset-fashion-mnist).")
    static final class W3 implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Common common = new Common();

        @picocli.CommandLine.Mixin
        ClassifierOptions options = new ClassifierOptions();

        @Override
        public Integer call() throws Exception {
            return options.run(common, ClassifierWorkload.Kind.CNN);
        }
    }

    @Command(name = "W4", aliases = "lstm", description = "Character LSTM language model: training tokens per second.")
    static final class W4 implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Common common = new Common();

        @Option(names = "--steps", description = "Timed training steps after warm-up (default: 20).")
        int steps = 20;

        @Option(names = "--check-steps", description = "Steps of the loss check on repeating text (0: skip; default: 200).")
        int checkSteps = 200;

        @Override
        public Integer call() {
            Report report = common.start();
            LstmWorkload.run(common.threads, steps, checkSteps, common.seed, report);
            return report.failed() ? 1 : 0;
        }
    }

    @Command(name = "W5", aliases = "transformer", description = "GPT-style decoder: training steps per second.")
    static final class W5 implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Common common = new Common();

        @Option(names = "--steps", description = "Timed training steps after warm-up (default: 10).")
        int steps = 10;

        @Option(names = "--check-steps", description = "Steps of the loss check on a repeated sequence (0: skip; default: 20).")
        int checkSteps = 20;

        @Override
        public Integer call() {
            Report report = common.start();
            TransformerWorkload.run(common.threads, steps, checkSteps, common.seed, report);
            return report.failed() ? 1 : 0;
        }
    }

    @Command(name = "W6", aliases = "minilm", description = "all-MiniLM-L6-v2 inference (ONNX import): latency at"
            + " batch 1 x 128 tokens (ms) and throughput at batch 32 x 128 (sequences/s). The peer, ONNX Runtime, runs"
            + " in bench/compare.sh W6.")
    static final class W6 implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Common common = new Common();

        @Option(names = "--min-seconds", description = "Timed repetitions last about this long (default: 2).")
        double minSeconds = 2.0;

        @Override
        public Integer call() throws Exception {
            Report report = common.start();
            dev.myelin.bench.MiniLmWorkload.run(common.threads, minSeconds, common.seed, report);
            return report.failed() ? 1 : 0;
        }
    }

    @Command(name = "jmh", description = "JMH micro-benchmarks of the kernels: every argument goes to JMH"
            + " (a name regex such as Gemm, -l to list, -h for JMH's help).")
    static final class Jmh implements Callable<Integer> {
        @picocli.CommandLine.Unmatched
        java.util.List<String> args = new java.util.ArrayList<>();

        @Override
        public Integer call() throws Exception {
            org.openjdk.jmh.Main.main(args.toArray(new String[0]));
            return 0;
        }
    }
}
