package dev.myelin.cli;

import dev.myelin.onnx.NodeTests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code myelin onnx}: ONNX tools. */
@Command(name = "onnx", description = "ONNX tools: run ONNX's backend node tests.",
        subcommands = {OnnxCommand.Test.class})
final class OnnxCommand implements Runnable {
    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code myelin onnx test DIR...}: one line per node test, then the totals; exit status 1 if any failed. */
    @Command(name = "test", description = "Run ONNX backend node tests: folders with a model.onnx and test_data_set_*"
            + " folders (a parent folder runs every test below it). Compares with ONNX's tolerances (rtol 1e-3,"
            + " atol 1e-5); an unsupported operator counts as a failure.")
    static final class Test implements Callable<Integer> {
        static final Path DEFAULT = Path.of("/usr/share/libonnx-testdata/data/node");

        @Parameters(arity = "0..*", paramLabel = "DIR",
                description = "Test folders (default: /usr/share/libonnx-testdata/data/node, from the Debian"
                        + " package libonnx-testdata).")
        List<Path> dirs = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            List<Path> roots = dirs.isEmpty() ? List.of(DEFAULT) : dirs;
            for (Path p : roots) {
                if (!Files.isDirectory(p)) {
                    System.err.println("myelin: " + p + " is not a folder"
                            + (p.equals(DEFAULT) ? " (install the node tests: apt-get install libonnx-testdata)" : ""));
                    return 2;
                }
            }
            int[] counts = new int[2];
            NodeTests.runAll(roots, r -> {
                counts[r.passed() ? 0 : 1]++;
                System.out.println(r);
            });
            System.out.println(counts[0] + " passed, " + counts[1] + " failed");
            return counts[1] == 0 ? 0 : 1;
        }
    }
}
