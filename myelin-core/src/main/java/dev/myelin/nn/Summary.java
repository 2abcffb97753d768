package dev.myelin.nn;

import dev.myelin.autograd.Grad;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds {@link Module#summary}'s table: runs one forward pass in evaluation mode with a hook on
 * every module and lists, in the order they ran, the leaf layers and the modules that own
 * parameters directly, then any such module that did not run.
 */
final class Summary {
    private Summary() {}

    private record Row(String name, String shape, long params) {}

    static String of(Module model, Tensor input) {
        Map<Module, String> paths = new IdentityHashMap<>();
        for (Map.Entry<String, Module> e : model.namedModules().entrySet()) {
            paths.putIfAbsent(e.getValue(), e.getKey());
        }
        Map<Module, Row> rows = new LinkedHashMap<>();
        List<Module.HookHandle> handles = new ArrayList<>();
        Map<String, Boolean> modes = new HashMap<>();
        model.namedModules().forEach((path, m) -> modes.put(path, m.isTraining()));
        Tensor output;
        try (var off = Grad.off()) {
            for (Module m : paths.keySet()) {
                if (m != model && (m.namedChildren().isEmpty() || m.ownParameterCount() > 0)) {
                    handles.add(m.addForwardHook((mod, out) -> rows.putIfAbsent(mod, row(paths.get(mod), mod,
                            out.shape().toString()))));
                }
            }
            model.eval();
            output = model.forward(input);
        } finally {
            handles.forEach(Module.HookHandle::close);
            model.namedModules().forEach((path, m) -> m.train(modes.get(path)));
        }
        for (Module m : paths.keySet()) {
            if (m != model && m.ownParameterCount() > 0 && !rows.containsKey(m)) {
                rows.put(m, row(paths.get(m), m, "-"));
            }
        }
        List<Row> table = new ArrayList<>(rows.values());
        if (model.ownParameterCount() > 0) {
            table.add(row("(root)", model, "-"));
        }
        return format(model, input, output, table);
    }

    private static Row row(String path, Module m, String shape) {
        String type = m.getClass().getSimpleName();
        return new Row(path + " (" + (type.isEmpty() ? "Module" : type) + ")", shape, m.ownParameterCount());
    }

    private static String format(Module model, Tensor input, Tensor output, List<Row> table) {
        int nameWidth = 28;
        int shapeWidth = 22;
        for (Row r : table) {
            nameWidth = Math.max(nameWidth, r.name.length() + 2);
            shapeWidth = Math.max(shapeWidth, r.shape.length() + 2);
        }
        String fmt = "%-" + nameWidth + "s%-" + shapeWidth + "s%12s%n";
        String rule = "=".repeat(nameWidth + shapeWidth + 12) + "\n";
        StringBuilder sb = new StringBuilder();
        String type = model.getClass().getSimpleName();
        sb.append(type.isEmpty() ? "Module" : type).append(": input ").append(input.shape())
                .append(" -> output ").append(output.shape()).append('\n');
        sb.append(rule).append(String.format(fmt, "Layer (type)", "Output shape", "Param #")).append(rule);
        for (Row r : table) {
            sb.append(String.format(fmt, r.name, r.shape, String.format("%,d", r.params)));
        }
        long total = model.parameterCount();
        long trainable = model.trainableParameterCount();
        sb.append(rule);
        sb.append(String.format("Total params: %,d%n", total));
        sb.append(String.format("Trainable params: %,d%n", trainable));
        sb.append(String.format("Non-trainable params: %,d%n", total - trainable));
        return sb.toString();
    }
}
