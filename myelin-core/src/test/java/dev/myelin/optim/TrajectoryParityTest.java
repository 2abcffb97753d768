package dev.myelin.optim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.io.SafeTensors;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.Goldens;
import dev.myelin.testing.OptimGoldenInputs;
import dev.myelin.testing.OptimizerCase;
import dev.myelin.testing.OptimizerRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every optimizer, clipping mode and learning-rate schedule of {@link OptimizerRegistry} against
 * PyTorch: 20 steps on a fixed problem in float64, the parameters and learning rates after each
 * step and the optimizer's state after the last (under PyTorch's names) must match the committed
 * goldens (rtol 1e-5).
 */
class TrajectoryParityTest {
    private static final double RTOL = 1e-5;
    private static final double ATOL = 1e-10;
    private static final AtomicInteger CHECKED = new AtomicInteger();

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() throws Exception {
        SafeTensors.Contents inputs = Goldens.load("optim-inputs.safetensors");
        Map<String, Tensor> torch = Goldens.tensors("optim-torch.safetensors");
        Map<String, String> signatures = new HashMap<>();
        for (JsonNode c : new ObjectMapper().readTree(inputs.metadata().get("cases"))) {
            signatures.put(c.get("key").asText(), c.get("signature").asText());
        }
        List<Tensor> problem = OptimGoldenInputs.problem();
        List<DynamicTest> tests = new ArrayList<>();
        for (OptimizerCase c : OptimizerRegistry.all()) {
            tests.add(DynamicTest.dynamicTest(c.toString(), () -> {
                assertThat(signatures.get(c.name())).as("golden of %s is missing or stale: run scripts/make-goldens.sh",
                        c.name()).isEqualTo(OptimGoldenInputs.signature(c));
                assertThat(problem.get(0).toDoubleArray()).as("the problem changed: run scripts/make-goldens.sh")
                        .containsExactly(inputs.tensors().get("problem/W").toDoubleArray());
                OptimizerCase.Trajectory run = c.run(problem);
                String key = c.name();
                Tensor params = torch.get(key + "/params");
                Tensor lrs = torch.get(key + "/lr");
                for (int s = 0; s < OptimizerCase.STEPS; s++) {
                    Goldens.assertClose(key + " learning rates after step " + (s + 1), Tensor.fromArray(run.lrs()[s], run.lrs()[s].length),
                            lrs.select(0, s), RTOL, ATOL);
                    Goldens.assertClose(key + " parameters after step " + (s + 1), Tensor.fromArray(run.params()[s], run.params()[s].length),
                            params.select(0, s), RTOL, ATOL);
                }
                checkState(key, run.optimizer().stateDict(), torch);
                CHECKED.incrementAndGet();
            }));
        }
        return tests.stream();
    }

    /** The per-parameter state must have PyTorch's keys and values. */
    private static void checkState(String key, Map<String, Tensor> ours, Map<String, Tensor> torch) {
        TreeSet<String> expected = new TreeSet<>();
        String prefix = key + "/state/";
        torch.keySet().stream().filter(k -> k.startsWith(prefix))
                .forEach(k -> expected.add("state." + k.substring(prefix.length()).replace('/', '.')));
        TreeSet<String> actual = new TreeSet<>(ours.keySet().stream().filter(k -> k.startsWith("state.")).toList());
        assertThat(actual).as("%s: optimizer state keys", key).isEqualTo(expected);
        for (String k : actual) {
            Tensor golden = torch.get(prefix + k.substring("state.".length()).replace('.', '/'));
            Goldens.assertClose(key + " " + k, ours.get(k).reshape(golden.shape().toArray()), golden, RTOL, ATOL);
        }
    }

    @AfterAll
    static void report() {
        System.out.printf("PyTorch parity: %d optimizer and schedule trajectories matched (%d steps, float64, rtol %.0e)%n",
                CHECKED.get(), OptimizerCase.STEPS, RTOL);
    }
}
