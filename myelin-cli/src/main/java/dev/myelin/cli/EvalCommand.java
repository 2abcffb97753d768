package dev.myelin.cli;

import dev.myelin.data.FashionMnist;
import dev.myelin.models.ModelFiles;
import dev.myelin.nn.functional.F;
import dev.myelin.optim.SGD;
import dev.myelin.plot.ConfusionMatrixPlot;
import dev.myelin.train.ClassificationReport;
import dev.myelin.train.Metrics;
import dev.myelin.train.Trainer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code myelin eval <model>}: accuracy, per-class precision/recall/F1 and the confusion matrix on the test set. */
@Command(name = "eval", description = "Evaluate a saved model on the Fashion-MNIST test set.")
final class EvalCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "A model file saved by quickstart or train (model.safetensors).")
    Path modelFile;

    @Option(names = "--data", description = "A folder with the Fashion-MNIST files (default: the full set if installed,"
            + " else the embedded subset).")
    Path data;

    @Option(names = "--embedded", description = "Use the embedded subset's 2,000 test images.")
    boolean embedded;

    @Option(names = "--confusion", description = "Also write the confusion matrix to this PNG file.")
    Path confusion;

    @Override
    public Integer call() throws Exception {
        ModelFiles.Loaded loaded = ModelFiles.load(modelFile);
        if (!loaded.description().inputShape().equals(dev.myelin.tensor.Shape.of(1, 1, 28, 28))) {
            throw new IllegalArgumentException(modelFile + " takes inputs of shape " + loaded.description().inputShape()
                    + "; eval evaluates Fashion-MNIST models (1, 1, 28, 28)");
        }
        FashionMnist fm = Runs.fashionMnist(data, embedded);
        var model = loaded.model();
        Trainer trainer = Trainer.builder(model, new SGD(model.parameters(), 0.0), F::crossEntropy).build();
        Trainer.Predictions test = trainer.predict(Runs.ordered(fm.test(), 500));
        List<String> classes = loaded.description().classes().isEmpty() ? FashionMnist.CLASSES
                : loaded.description().classes();
        ClassificationReport report = ClassificationReport.of(test.outputs(), test.targets(), classes);
        System.out.println("model: " + modelFile + " (" + loaded.description().name() + ")");
        System.out.println("data:  " + fm.source());
        System.out.println();
        System.out.print(report);
        System.out.printf(Locale.ROOT, "%ntest loss %.4f, accuracy %.4f, top-5 accuracy %.4f, macro F1 %.4f%n", test.loss(),
                report.accuracy(), Metrics.topKAccuracy(test.outputs(), test.targets(), 5), report.macroF1());
        if (confusion != null) {
            ConfusionMatrixPlot.save(confusion, report.confusion(), classes, "Test set confusion matrix");
            System.out.println("confusion matrix: " + confusion);
        }
        return 0;
    }
}
