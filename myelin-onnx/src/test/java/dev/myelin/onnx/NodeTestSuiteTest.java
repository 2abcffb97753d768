package dev.myelin.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * ONNX's backend node tests (Debian package {@code libonnx-testdata}), run through
 * {@link NodeTests}. Every failure must be listed, with its reason, in
 * {@code node-tests-expected-failures.txt}; a test that now passes is reported so that the list
 * shrinks. Of the tests ONNX Runtime passes on the same data ({@code node-tests-ort-passed.txt},
 * measured by {@link OrtNodeTestSurvey}), Myelin must pass at least 90%.
 *
 * <p>{@code -Dmyelin.updateNodeTestList=true} rewrites the list of expected failures from this run.
 */
class NodeTestSuiteTest {
    static final Path NODE_TESTS = Path.of("/usr/share/libonnx-testdata/data/node");
    static final String EXPECTED_FAILURES = "node-tests-expected-failures.txt";
    static final String ORT_PASSED = "node-tests-ort-passed.txt";

    @Test
    void nodeTestsPassExceptTheListedOnes() throws IOException {
        assumeTrue(Files.isDirectory(NODE_TESTS), "ONNX node tests not installed (apt-get install libonnx-testdata): "
                + NODE_TESTS + " is missing; skipping");
        List<NodeTests.Result> results = NodeTests.runAll(List.of(NODE_TESTS), null);
        Map<String, String> expected = listed(EXPECTED_FAILURES, true);
        Set<String> ortPassed = listed(ORT_PASSED, false).keySet();

        List<String> unexpected = new ArrayList<>();
        List<String> nowPassing = new ArrayList<>();
        int passedOfOrt = 0;
        int passed = 0;
        for (NodeTests.Result r : results) {
            passed += r.passed() ? 1 : 0;
            if (r.passed() && ortPassed.contains(r.name())) {
                passedOfOrt++;
            }
            if (!r.passed() && !expected.containsKey(r.name())) {
                unexpected.add(r.toString());
            }
            if (r.passed() && expected.containsKey(r.name())) {
                nowPassing.add(r.name());
            }
        }
        if (Boolean.getBoolean("myelin.updateNodeTestList")) {
            writeList(results);
        }
        System.out.printf("ONNX node tests: %d passed, %d failed of %d; of the %d that ONNX Runtime passes, Myelin"
                + " passes %d (%.1f%%)%n", passed, results.size() - passed, results.size(), ortPassed.size(),
                passedOfOrt, 100.0 * passedOfOrt / ortPassed.size());
        if (!nowPassing.isEmpty()) {
            System.out.println("These node tests pass now; remove them from " + EXPECTED_FAILURES + ": " + nowPassing);
        }
        assertThat(unexpected).as("node tests that fail but are not in " + EXPECTED_FAILURES).isEmpty();
        assertThat(passedOfOrt).as("node tests passed among those ONNX Runtime passes")
                .isGreaterThanOrEqualTo((int) Math.ceil(0.9 * ortPassed.size()));
    }

    /** The names in a resource list (one per line, '#' comments), with the reasons after ': ' if wanted. */
    private static Map<String, String> listed(String resource, boolean withReasons) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream in = NodeTestSuiteTest.class.getResourceAsStream("/" + resource)) {
            assertThat(in).as(resource + " on the test classpath").isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                int colon = l.indexOf(": ");
                out.put(colon < 0 ? l : l.substring(0, colon), withReasons && colon >= 0 ? l.substring(colon + 2) : "");
            }
        }
        return out;
    }

    private static void writeList(List<NodeTests.Result> results) throws IOException {
        Set<String> lines = new LinkedHashSet<>();
        lines.add("# ONNX node tests (Debian libonnx-testdata) that Myelin fails, with the reason: one per line.");
        lines.add("# NodeTestSuiteTest fails when a test not listed here fails; remove a line when its test passes.");
        lines.add("# Regenerate with -Dmyelin.updateNodeTestList=true.");
        for (NodeTests.Result r : results) {
            if (!r.passed()) {
                lines.add(r.name() + ": " + r.reason());
            }
        }
        Files.write(Path.of("src/test/resources").resolve(EXPECTED_FAILURES), lines, StandardCharsets.UTF_8);
    }
}
