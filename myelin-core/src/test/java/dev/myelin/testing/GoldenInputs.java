package dev.myelin.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.io.SafeTensors;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the float32 inputs of every registry sample, with a random upstream gradient for the
 * differentiable ones, to a safetensors file that {@code scripts/goldens/torch_ops.py} reads to
 * compute PyTorch's outputs and gradients. Run by {@code scripts/make-goldens.sh}.
 *
 * <p>Tensors are named {@code op/i/in0..}, {@code op/i/gout}; the metadata entry {@code samples}
 * lists each sample's op, PyTorch expression, arguments and differentiable inputs.
 */
public final class GoldenInputs {
    private GoldenInputs() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "ops-inputs.safetensors");
        ObjectMapper json = new ObjectMapper();
        ArrayNode samples = json.createArrayNode();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (OpInfo op : OpRegistry.all()) {
            for (int i = 0; i < op.samples().size(); i++) {
                OpInfo.Sample sample = op.samples().get(i);
                String key = op.name() + "/" + i;
                List<Tensor> inputs = sample.make(DType.FLOAT32, op.name(), i);
                ObjectNode entry = samples.addObject();
                entry.put("key", key);
                entry.put("torch", op.torch());
                entry.set("kwargs", json.readTree(sample.kwargs().toJson()));
                entry.put("inputs", inputs.size());
                ArrayNode grads = entry.putArray("grad");
                for (int k = 0; k < inputs.size(); k++) {
                    tensors.put(key + "/in" + k, inputs.get(k).detach().contiguous());
                    if (op.differentiable() && sample.inputs().get(k).isFloating()) {
                        grads.add(k);
                    }
                }
                if (op.differentiable()) {
                    Tensor output = op.fn().apply(inputs, sample.kwargs());
                    tensors.put(key + "/gout", Tensor.randn(output.shape(), DType.FLOAT32, new Generator(i + 17L)));
                }
            }
        }
        SafeTensors.save(out, tensors, Map.of("samples", samples.toString()));
        System.out.println("wrote " + tensors.size() + " tensors of " + samples.size() + " samples to " + out);
    }
}
