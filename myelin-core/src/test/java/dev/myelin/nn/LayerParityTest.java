package dev.myelin.nn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.autograd.Autograd;
import dev.myelin.io.SafeTensors;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.Goldens;
import dev.myelin.testing.ModuleCase;
import dev.myelin.testing.ModuleRegistry;
import dev.myelin.testing.NnGoldenInputs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every layer, activation and loss of {@link ModuleRegistry} against PyTorch, in float32: with
 * the same weights (Myelin's state dict, loaded strictly by PyTorch, so the keys must be
 * PyTorch's) and the same inputs, the output, the gradients of the inputs and parameters, and the
 * buffers after the forward pass must match the committed goldens (rtol 1e-4).
 */
class LayerParityTest {
    private static final double RTOL = 1e-4;
    private static final double ATOL = 1e-5;
    private static final AtomicInteger CHECKED = new AtomicInteger();

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() throws Exception {
        SafeTensors.Contents inputs = Goldens.load("nn-inputs.safetensors");
        Map<String, Tensor> torch = Goldens.tensors("nn-torch.safetensors");
        Map<String, String> signatures = new HashMap<>();
        for (JsonNode c : new ObjectMapper().readTree(inputs.metadata().get("cases"))) {
            signatures.put(c.get("key").asText(), c.get("signature").asText());
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (ModuleCase c : ModuleRegistry.all()) {
            tests.add(DynamicTest.dynamicTest(c.toString(), () -> {
                assertThat(signatures.get(c.name())).as("golden of %s is missing or stale: run scripts/make-goldens.sh",
                        c.name()).isEqualTo(NnGoldenInputs.signature(c));
                check(c, inputs.tensors(), torch);
                CHECKED.incrementAndGet();
            }));
        }
        return tests.stream();
    }

    private static void check(ModuleCase c, Map<String, Tensor> stored, Map<String, Tensor> torch) {
        String key = c.name();
        Module m = c.build();
        Map<String, Tensor> state = new LinkedHashMap<>();
        String prefix = key + "/state/";
        stored.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                state.put(k.substring(prefix.length()), v);
            }
        });
        m.loadStateDict(state);
        List<Tensor> in = new ArrayList<>();
        List<Tensor> wrt = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int k = 0; k < c.args().size(); k++) {
            Tensor t = stored.get(key + "/in" + k).clone();
            if (c.args().get(k).grad()) {
                t.requiresGrad(true);
                wrt.add(t);
                names.add("input " + k);
            }
            in.add(t);
        }
        Map<String, Tensor> params = m.namedParameters();
        params.forEach((name, p) -> {
            wrt.add(p);
            names.add("parameter " + name);
        });
        Tensor out = c.call().apply(m, in);
        Goldens.assertClose(key + " output", out, torch.get(key + "/out"), RTOL, ATOL);
        if (!wrt.isEmpty() && out.requiresGrad()) {
            List<Tensor> grads = Autograd.grad(List.of(out), wrt, List.of(stored.get(key + "/gout")), false, false, true);
            for (int j = 0; j < wrt.size(); j++) {
                String name = names.get(j);
                Tensor expected = name.startsWith("input")
                        ? torch.get(key + "/grad" + name.substring(6))
                        : torch.get(key + "/pgrad/" + name.substring(10));
                Tensor g = grads.get(j) == null ? Tensor.zerosLike(wrt.get(j)) : grads.get(j);
                Goldens.assertClose(key + " gradient of " + name, g, expected, RTOL, ATOL);
            }
        }
        m.namedBuffers().forEach((name, b) ->
                Goldens.assertClose(key + " buffer " + name, b, torch.get(key + "/buffer/" + name), RTOL, ATOL));
    }

    @AfterAll
    static void report() {
        System.out.printf("PyTorch parity: %d layer and loss cases matched (outputs, input and parameter gradients,"
                + " buffers; float32, rtol %.0e)%n", CHECKED.get(), RTOL);
    }
}
