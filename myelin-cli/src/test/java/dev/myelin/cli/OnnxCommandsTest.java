package dev.myelin.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code myelin onnx test} and {@code myelin embed} as a user runs them. */
class OnnxCommandsTest {
    static final Path NODE = Path.of("/usr/share/libonnx-testdata/data/node");

    /** Runs the command line; returns {exit status, standard output}. */
    private static Object[] run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(new Main()).execute(args);
            return new Object[] {code, out.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(saved);
        }
    }

    @Test
    void onnxTestPrintsOneLinePerTestAndTheTotals() {
        assumeTrue(Files.isDirectory(NODE), "libonnx-testdata is not installed");
        Object[] r = run("onnx", "test", NODE.resolve("test_abs").toString(), NODE.resolve("test_bernoulli").toString());
        String out = (String) r[1];
        assertThat(out.lines()).containsExactly("PASS test_abs",
                "FAIL test_bernoulli: operator Bernoulli (opset 15) is not supported", "1 passed, 1 failed");
        assertThat(r[0]).isEqualTo(1);
    }

    @Test
    void aParentFolderRunsEveryTestBelowIt() throws Exception {
        assumeTrue(Files.isDirectory(NODE), "libonnx-testdata is not installed");
        Path parent = Files.createTempDirectory("node-tests");
        Files.createSymbolicLink(parent.resolve("test_relu"), NODE.resolve("test_relu"));
        Files.createSymbolicLink(parent.resolve("test_add"), NODE.resolve("test_add"));
        Object[] r = run("onnx", "test", parent.toString());
        assertThat(((String) r[1]).lines()).containsExactly("PASS test_add", "PASS test_relu", "2 passed, 0 failed");
        assertThat(r[0]).isEqualTo(0);
    }

    @Test
    void embedPrintsUnitVectorsAndSimilarities() {
        Object[] r = run("embed", "A man is eating food.", "A man is eating a piece of bread.", "--similarity");
        String[] lines = ((String) r[1]).split("\n");
        assertThat(r[0]).isEqualTo(0);
        assertThat(lines[0]).startsWith("{\"text\": \"A man is eating food.\", \"embedding\": [");
        String[] values = lines[0].substring(lines[0].indexOf('[') + 1, lines[0].indexOf(']')).split(", ");
        assertThat(values).hasSize(384);
        double norm = 0;
        for (String v : values) {
            norm += Double.parseDouble(v) * Double.parseDouble(v);
        }
        assertThat(norm).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(lines[2]).contains("1.0000").endsWith("A man is eating food.");
    }
}
