package dev.myelin.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.io.SafeTensors;
import dev.myelin.nn.Module;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes, for every case of {@link ModuleRegistry}, the module's state dict (Myelin's initial
 * weights, under PyTorch's keys), the float32 inputs and a random upstream gradient, for
 * {@code scripts/goldens/torch_nn.py} to compute PyTorch's outputs and gradients. Run by
 * {@code scripts/make-goldens.sh}.
 *
 * <p>Tensors are named {@code case/in<k>}, {@code case/state/<key>} and {@code case/gout}; the
 * metadata entry {@code cases} lists each case's PyTorch expression, mode, inputs that require
 * grad and parameters.
 */
public final class NnGoldenInputs {
    private NnGoldenInputs() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "nn-inputs.safetensors");
        ObjectMapper json = new ObjectMapper();
        ArrayNode cases = json.createArrayNode();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (ModuleCase c : ModuleRegistry.all()) {
            Generator.seedDefault(c.name().hashCode());
            Module m = c.build();
            List<Tensor> inputs = c.makeInputs(DType.FLOAT32);
            ObjectNode entry = cases.addObject();
            entry.put("key", c.name());
            entry.put("torch", c.torch());
            entry.put("train", c.train());
            entry.put("signature", signature(c));
            entry.put("inputs", inputs.size());
            ArrayNode grads = entry.putArray("grad");
            for (int k = 0; k < inputs.size(); k++) {
                tensors.put(c.name() + "/in" + k, inputs.get(k).detach());
                if (inputs.get(k).requiresGrad()) {
                    grads.add(k);
                }
            }
            ArrayNode params = entry.putArray("params");
            m.namedParameters().keySet().forEach(params::add);
            m.stateDict().forEach((key, t) -> tensors.put(c.name() + "/state/" + key, t.clone()));
            Tensor output = c.call().apply(m, inputs);
            tensors.put(c.name() + "/gout", Tensor.randn(output.shape(), DType.FLOAT32, new Generator(17)));
        }
        SafeTensors.save(out, tensors, Map.of("cases", cases.toString()));
        System.out.println("wrote " + tensors.size() + " tensors of " + cases.size() + " module cases to " + out);
    }

    /** What the goldens of a case depend on besides the module's code, to detect stale goldens. */
    public static String signature(ModuleCase c) {
        return c.torch() + " " + c.args() + (c.train() ? " train" : " eval");
    }
}
