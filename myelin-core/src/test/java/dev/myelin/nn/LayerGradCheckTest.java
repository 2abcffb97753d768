package dev.myelin.nn;

import dev.myelin.autograd.GradCheck;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ModuleCase;
import dev.myelin.testing.ModuleRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Finite-difference gradient checks in float64 of every layer, activation and loss of
 * {@link ModuleRegistry}, with respect to its inputs and its parameters.
 */
class LayerGradCheckTest {
    private static final AtomicInteger PASSED = new AtomicInteger();

    @TestFactory
    Stream<DynamicTest> gradientsMatchFiniteDifferences() {
        List<DynamicTest> tests = new ArrayList<>();
        for (ModuleCase c : ModuleRegistry.all().stream().filter(ModuleCase::gradCheck).toList()) {
            tests.add(DynamicTest.dynamicTest(c.toString(), () -> {
                Module m = c.build().to(DType.FLOAT64);
                List<Tensor> inputs = new ArrayList<>(c.makeInputs(DType.FLOAT64));
                int count = inputs.size();
                inputs.addAll(m.parameters());
                GradCheck.check(in -> c.call().apply(m, in.subList(0, count)), inputs);
                PASSED.incrementAndGet();
            }));
        }
        return tests.stream();
    }

    @AfterAll
    static void report() {
        System.out.printf("Gradient checks: %d layer and loss cases passed (float64, inputs and parameters)%n",
                PASSED.get());
    }
}
