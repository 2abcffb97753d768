package dev.myelin.models;

import dev.myelin.nn.AdaptiveAvgPool2d;
import dev.myelin.nn.AvgPool2d;
import dev.myelin.nn.BatchNorm1d;
import dev.myelin.nn.BatchNorm2d;
import dev.myelin.nn.Conv2d;
import dev.myelin.nn.Dropout;
import dev.myelin.nn.ELU;
import dev.myelin.nn.Flatten;
import dev.myelin.nn.GELU;
import dev.myelin.nn.LayerNorm;
import dev.myelin.nn.LeakyReLU;
import dev.myelin.nn.Linear;
import dev.myelin.nn.MaxPool2d;
import dev.myelin.nn.Module;
import dev.myelin.nn.ReLU;
import dev.myelin.nn.Sequential;
import dev.myelin.nn.SiLU;
import dev.myelin.nn.Sigmoid;
import dev.myelin.nn.Tanh;
import dev.myelin.nn.functional.ConvOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A model declared as a list of layers, as a run configuration writes it: each layer is a map
 * with a {@code type} and its sizes. The result is a {@link Sequential} whose state-dict keys are
 * PyTorch's for the same {@code nn.Sequential} ({@code 0.weight}, ...).
 *
 * <pre>{@code
 * [{"type": "Flatten"}, {"type": "Linear", "in": 784, "out": 128}, {"type": "ReLU"},
 *  {"type": "Dropout", "p": 0.2}, {"type": "Linear", "in": 128, "out": 10}]
 * }</pre>
 *
 * <p>Types and their arguments: {@code Linear} (in, out), {@code Conv2d} (in, out, kernel,
 * stride = 1, padding = 0), {@code MaxPool2d} and {@code AvgPool2d} (kernel, stride = kernel),
 * {@code AdaptiveAvgPool2d} (size), {@code BatchNorm1d} and {@code BatchNorm2d} (features),
 * {@code LayerNorm} (features), {@code Dropout} (p), {@code Flatten}, {@code ReLU},
 * {@code LeakyReLU} (slope = 0.01), {@code ELU}, {@code GELU}, {@code SiLU}, {@code Tanh},
 * {@code Sigmoid}.
 */
public final class LayerSpecs {
    private static final Map<String, Function<Map<String, ?>, Module>> TYPES = new LinkedHashMap<>();

    static {
        TYPES.put("Linear", a -> new Linear(req(a, "Linear", "in"), req(a, "Linear", "out")));
        TYPES.put("Conv2d", a -> new Conv2d(req(a, "Conv2d", "in"), req(a, "Conv2d", "out"), req(a, "Conv2d", "kernel"),
                ConvOptions.defaults().stride(opt(a, "Conv2d", "stride", 1)).padding(opt(a, "Conv2d", "padding", 0))));
        TYPES.put("MaxPool2d", a -> new MaxPool2d(req(a, "MaxPool2d", "kernel"),
                opt(a, "MaxPool2d", "stride", req(a, "MaxPool2d", "kernel"))));
        TYPES.put("AvgPool2d", a -> new AvgPool2d(req(a, "AvgPool2d", "kernel"),
                opt(a, "AvgPool2d", "stride", req(a, "AvgPool2d", "kernel"))));
        TYPES.put("AdaptiveAvgPool2d", a -> new AdaptiveAvgPool2d(req(a, "AdaptiveAvgPool2d", "size")));
        TYPES.put("BatchNorm1d", a -> new BatchNorm1d(req(a, "BatchNorm1d", "features")));
        TYPES.put("BatchNorm2d", a -> new BatchNorm2d(req(a, "BatchNorm2d", "features")));
        TYPES.put("LayerNorm", a -> new LayerNorm(req(a, "LayerNorm", "features")));
        TYPES.put("Dropout", a -> new Dropout(ModelArgs.number(a, "Dropout", "p", 0.5)));
        TYPES.put("Flatten", a -> new Flatten());
        TYPES.put("ReLU", a -> new ReLU());
        TYPES.put("LeakyReLU", a -> new LeakyReLU(ModelArgs.number(a, "LeakyReLU", "slope", 0.01)));
        TYPES.put("ELU", a -> new ELU());
        TYPES.put("GELU", a -> new GELU());
        TYPES.put("SiLU", a -> new SiLU());
        TYPES.put("Tanh", a -> new Tanh());
        TYPES.put("Sigmoid", a -> new Sigmoid());
    }

    private LayerSpecs() {}

    /**
     * The layers in order, as a {@link Sequential}.
     *
     * @throws IllegalArgumentException naming the layer (by position) and what is wrong with it
     */
    public static Sequential build(List<? extends Map<String, ?>> layers) {
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("layers: the list of layers is empty");
        }
        Sequential model = new Sequential();
        for (int i = 0; i < layers.size(); i++) {
            Map<String, ?> spec = layers.get(i);
            Object type = spec == null ? null : spec.get("type");
            Function<Map<String, ?>, Module> make = type == null ? null : TYPES.get(type.toString());
            if (make == null) {
                throw new IllegalArgumentException("layer " + i + ": " + (type == null ? "no \"type\" given"
                        : "unknown type '" + type + "'") + "; the known types are " + String.join(", ", types()));
            }
            try {
                model.add(make.apply(spec));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layer " + i + " (" + type + "): " + e.getMessage(), e);
            }
        }
        return model;
    }

    /** The layer types {@link #build} understands. */
    public static List<String> types() {
        return new ArrayList<>(TYPES.keySet());
    }

    private static int req(Map<String, ?> a, String owner, String key) {
        return ModelArgs.required(a, owner, key);
    }

    private static int opt(Map<String, ?> a, String owner, String key, int fallback) {
        return ModelArgs.integer(a, owner, key, fallback);
    }
}
