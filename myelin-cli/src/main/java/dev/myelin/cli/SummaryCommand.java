package dev.myelin.cli;

import dev.myelin.models.ModelFiles;
import dev.myelin.models.ModelZoo;
import dev.myelin.nn.Module;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code myelin summary <model>}: the layers, output shapes and parameter counts of a zoo model or a model file. */
@Command(name = "summary", description = "Show the layers, output shapes and parameter counts of a model:"
        + " a zoo name (mlp, fashion-cnn, ...) or a saved model file.")
final class SummaryCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "A zoo model name or a model file (model.safetensors).")
    String model;

    @Override
    public Integer call() throws Exception {
        Module m;
        dev.myelin.tensor.Tensor input;
        String what;
        if (model.endsWith(".safetensors") || Files.exists(Path.of(model))) {
            ModelFiles.Loaded loaded = ModelFiles.load(Path.of(model));
            m = loaded.model();
            input = dev.myelin.tensor.Tensor.zeros(loaded.description().inputShape(),
                    ModelZoo.get(loaded.description().name()).inputDType());
            what = model + " (" + loaded.description().name() + ")";
        } else {
            ModelZoo.Entry entry = ModelZoo.get(model);
            m = ModelZoo.create(model);
            input = entry.exampleInput();
            what = model + ": " + entry.description();
        }
        System.out.println(what);
        System.out.print(m.summary(input));
        return 0;
    }
}
