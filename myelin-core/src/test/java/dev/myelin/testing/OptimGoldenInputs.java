package dev.myelin.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.io.SafeTensors;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the fixed float64 problem (W, b, u, X, Y) and the list of {@link OptimizerRegistry}
 * cases for {@code scripts/goldens/torch_optim.py}, which records PyTorch's 20-step trajectories.
 * Run by {@code scripts/make-goldens.sh}.
 */
public final class OptimGoldenInputs {
    private static final String[] NAMES = {"W", "b", "u", "X", "Y"};

    private OptimGoldenInputs() {}

    /** The problem: W (4, 3), b (4), an unused u (2), inputs X (8, 3) and targets Y (8, 4), float64. */
    public static List<Tensor> problem() {
        Generator g = new Generator(2024);
        return List.of(Tensor.randn(Shape.of(4, 3), DType.FLOAT64, g), Tensor.randn(Shape.of(4), DType.FLOAT64, g),
                Tensor.randn(Shape.of(2), DType.FLOAT64, g), Tensor.randn(Shape.of(8, 3), DType.FLOAT64, g),
                Tensor.rand(Shape.of(8, 4), DType.FLOAT64, g).mul(1.6).sub(0.8));
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "optim-inputs.safetensors");
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        List<Tensor> problem = problem();
        for (int i = 0; i < NAMES.length; i++) {
            tensors.put("problem/" + NAMES[i], problem.get(i));
        }
        ObjectMapper json = new ObjectMapper();
        ArrayNode cases = json.createArrayNode();
        for (OptimizerCase c : OptimizerRegistry.all()) {
            ObjectNode entry = cases.addObject();
            entry.put("key", c.name());
            entry.put("optimizer", c.torchOptimizer());
            entry.put("scheduler", c.torchScheduler());
            entry.put("clip", c.clip());
            entry.put("signature", signature(c));
        }
        Map<String, String> metadata = new LinkedHashMap<>();   // in a fixed order, so the file is reproducible
        metadata.put("cases", cases.toString());
        metadata.put("steps", String.valueOf(OptimizerCase.STEPS));
        metadata.put("clip_norm", String.valueOf(OptimizerCase.CLIP_NORM));
        metadata.put("clip_value", String.valueOf(OptimizerCase.CLIP_VALUE));
        SafeTensors.save(out, tensors, metadata);
        System.out.println("wrote the problem and " + cases.size() + " optimizer cases to " + out);
    }

    /** What the goldens of a case depend on besides the code, to detect stale goldens. */
    public static String signature(OptimizerCase c) {
        return c.toString();
    }
}
