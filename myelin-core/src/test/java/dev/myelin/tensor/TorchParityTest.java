package dev.myelin.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.autograd.Autograd;
import dev.myelin.autograd.Grad;
import dev.myelin.io.SafeTensors;
import dev.myelin.testing.OpInfo;
import dev.myelin.testing.OpRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every registry op, on every sample, against PyTorch: outputs and input gradients in float32
 * must match the committed goldens (rtol 1e-4). The goldens come from scripts/make-goldens.sh.
 */
class TorchParityTest {
    private static final double RTOL = 1e-4;
    private static final double ATOL = 1e-5;
    private static final AtomicInteger CHECKED = new AtomicInteger();

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() throws Exception {
        Path dir = Path.of(TorchParityTest.class.getResource("/goldens/ops-inputs.safetensors").toURI()).getParent();
        Map<String, Tensor> inputs = SafeTensors.load(dir.resolve("ops-inputs.safetensors")).tensors();
        Map<String, Tensor> torch = SafeTensors.load(dir.resolve("ops-torch.safetensors")).tensors();
        List<DynamicTest> tests = new ArrayList<>();
        for (OpInfo op : OpRegistry.all()) {
            for (int i = 0; i < op.samples().size(); i++) {
                OpInfo.Sample sample = op.samples().get(i);
                String key = op.name() + "/" + i;
                int index = i;
                tests.add(DynamicTest.dynamicTest(key + " " + sample, () -> {
                    List<Tensor> in = sample.make(DType.FLOAT32, op.name(), index);
                    for (int k = 0; k < in.size(); k++) {
                        Tensor stored = inputs.get(key + "/in" + k);
                        assertThat(stored).as("golden input %s/in%d (regenerate with scripts/make-goldens.sh)", key, k)
                                .isNotNull();
                        assertThat(in.get(k).toDoubleArray()).as("golden input %s/in%d is stale: run scripts/make-goldens.sh", key, k)
                                .containsExactly(stored.toDoubleArray());
                    }
                    Tensor out = op.fn().apply(in, sample.kwargs());
                    assertClose(key + " output", out, torch.get(key + "/out"));
                    try (var off = Grad.off()) {
                        // With nothing to record, a fused op may take another path.
                        assertClose(key + " output without autograd", op.fn().apply(in, sample.kwargs()),
                                torch.get(key + "/out"));
                    }
                    if (op.differentiable()) {
                        List<Tensor> wrt = new ArrayList<>();
                        List<Integer> positions = new ArrayList<>();
                        for (int k = 0; k < in.size(); k++) {
                            if (in.get(k).requiresGrad()) {
                                wrt.add(in.get(k));
                                positions.add(k);
                            }
                        }
                        List<Tensor> grads = Autograd.grad(List.of(out), wrt, List.of(inputs.get(key + "/gout")),
                                false, false, true);
                        for (int j = 0; j < wrt.size(); j++) {
                            Tensor g = grads.get(j) == null ? Tensor.zerosLike(wrt.get(j)) : grads.get(j);
                            assertClose(key + " gradient of input " + positions.get(j), g,
                                    torch.get(key + "/grad" + positions.get(j)));
                        }
                    }
                    CHECKED.incrementAndGet();
                }));
            }
        }
        return tests.stream();
    }

    private static void assertClose(String what, Tensor actual, Tensor expected) {
        assertThat(expected).as("%s: no golden (regenerate with scripts/make-goldens.sh)", what).isNotNull();
        assertThat(actual.shape()).as("%s: shape", what).isEqualTo(expected.shape());
        if (expected.dtype().isFloatingPoint()) {
            double[] a = actual.toDoubleArray();
            double[] e = expected.toDoubleArray();
            for (int i = 0; i < a.length; i++) {
                double tol = ATOL + RTOL * Math.abs(e[i]);
                if (!(Math.abs(a[i] - e[i]) <= tol)) {
                    throw new AssertionError(what + ": element " + i + " is " + a[i] + ", PyTorch gives " + e[i]
                            + " (tolerance " + tol + ")");
                }
            }
        } else {
            assertThat(actual.dtype()).as("%s: dtype", what).isEqualTo(expected.dtype());
            assertThat(actual.toLongArray()).as("%s: values", what).containsExactly(expected.toLongArray());
        }
    }

    @AfterAll
    static void report() {
        System.out.printf("PyTorch parity: %d ops, %d samples matched (outputs and gradients, float32, rtol %.0e)%n",
                OpRegistry.all().size(), CHECKED.get(), RTOL);
    }
}
