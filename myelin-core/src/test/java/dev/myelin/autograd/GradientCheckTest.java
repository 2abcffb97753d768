package dev.myelin.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.OpInfo;
import dev.myelin.testing.OpRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Finite-difference gradient checks in float64 of every differentiable op in the registry, on every sample. */
class GradientCheckTest {
    private static final AtomicInteger SAMPLES = new AtomicInteger();
    private static final AtomicInteger SECOND_ORDER = new AtomicInteger();

    @TestFactory
    Stream<DynamicTest> firstDerivatives() {
        return checks(op -> true, (op, sample, inputs) -> GradCheck.check(in -> op.fn().apply(in, sample.kwargs()), inputs),
                SAMPLES);
    }

    @TestFactory
    Stream<DynamicTest> secondDerivatives() {
        return checks(OpInfo::secondOrder,
                (op, sample, inputs) -> GradCheck.checkSecondOrder(in -> op.fn().apply(in, sample.kwargs()), inputs),
                SECOND_ORDER);
    }

    /** One check of one sample on float64 inputs. */
    private interface Check {
        void run(OpInfo op, OpInfo.Sample sample, List<Tensor> inputs);
    }

    private static Stream<DynamicTest> checks(Predicate<OpInfo> which, Check check, AtomicInteger passed) {
        List<DynamicTest> tests = new ArrayList<>();
        for (OpInfo op : OpRegistry.differentiable()) {
            if (!which.test(op)) {
                continue;
            }
            for (int i = 0; i < op.samples().size(); i++) {
                OpInfo.Sample sample = op.samples().get(i);
                int index = i;
                tests.add(DynamicTest.dynamicTest(op.name() + " " + sample, () -> {
                    check.run(op, sample, sample.make(DType.FLOAT64, op.name(), index));
                    passed.incrementAndGet();
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void registryCoversAtLeastSixtyDifferentiableOps() {
        assertThat(OpRegistry.differentiable()).hasSizeGreaterThanOrEqualTo(60);
    }

    @AfterAll
    static void report() {
        System.out.printf("Gradient checks: %d differentiable ops, %d samples passed (first order), %d (second order)%n",
                OpRegistry.differentiable().size(), SAMPLES.get(), SECOND_ORDER.get());
    }
}
