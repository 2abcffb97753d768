package dev.myelin.train;

import dev.myelin.tensor.Tensor;
import java.util.Objects;
import java.util.function.ToDoubleBiFunction;

/**
 * A named measure of a model's outputs against the targets, which the {@link Trainer} computes
 * over each epoch's training and validation data and records in the {@link History} (with a
 * {@code val_} prefix for validation). The functions behind them are in {@link Metrics}.
 *
 * <pre>{@code
 * Trainer.builder(model, opt, F::crossEntropy).metrics(Metric.accuracy(), Metric.topK(5), Metric.macroF1())
 * Metric custom = Metric.of("median_error", (out, y) -> ...);
 * }</pre>
 *
 * @param name the key in the history ({@code accuracy}, {@code top5_accuracy}, ...)
 * @param higherIsBetter whether larger values are better (what "improved" means for early stopping)
 * @param perSample whether the value is a mean over examples, so that batch values average into the
 *     epoch's (the progress bar shows such metrics live)
 * @param function the measure of outputs and targets
 */
public record Metric(String name, boolean higherIsBetter, boolean perSample, ToDoubleBiFunction<Tensor, Tensor> function) {
    public Metric {
        Objects.requireNonNull(name, "Metric: name is null");
        Objects.requireNonNull(function, "Metric: function is null");
    }

    /** A custom metric where higher is better, computed once per epoch. */
    public static Metric of(String name, ToDoubleBiFunction<Tensor, Tensor> function) {
        return new Metric(name, true, false, function);
    }

    /** The value on these outputs and targets. */
    public double compute(Tensor outputs, Tensor targets) {
        return function.applyAsDouble(outputs, targets);
    }

    /** {@code accuracy}: the fraction of rows classified correctly. */
    public static Metric accuracy() {
        return new Metric("accuracy", true, true, Metrics::accuracy);
    }

    /** {@code top{k}_accuracy}: the fraction of rows whose class is among the k highest scores. */
    public static Metric topK(int k) {
        return new Metric("top" + k + "_accuracy", true, true, (o, t) -> Metrics.topKAccuracy(o, t, k));
    }

    /** {@code precision}: the macro average over classes. */
    public static Metric macroPrecision() {
        return new Metric("precision", true, false, (o, t) -> Metrics.macro(Metrics.precision(Metrics.confusionMatrix(o, t))));
    }

    /** {@code recall}: the macro average over classes. */
    public static Metric macroRecall() {
        return new Metric("recall", true, false, (o, t) -> Metrics.macro(Metrics.recall(Metrics.confusionMatrix(o, t))));
    }

    /** {@code f1}: the macro average over classes of F1. */
    public static Metric macroF1() {
        return new Metric("f1", true, false, (o, t) -> Metrics.macro(Metrics.f1(Metrics.confusionMatrix(o, t))));
    }

    /** {@code mae}: mean absolute error. */
    public static Metric mae() {
        return new Metric("mae", false, true, Metrics::mae);
    }

    /** {@code rmse}: root mean squared error. */
    public static Metric rmse() {
        return new Metric("rmse", false, false, Metrics::rmse);
    }

    /** {@code roc_auc}: binary AUC for outputs (N) or (N, 1), one-vs-rest macro AUC for scores (N, C). */
    public static Metric rocAuc() {
        return new Metric("roc_auc", true, false, (o, t) -> o.dim() == 2 && o.size(1) > 1
                ? Metrics.rocAucOvr(o, t) : Metrics.rocAuc(o.reshape(-1), t));
    }

    /**
     * The metric with this name, for configuration files: {@code accuracy}, {@code top{k}_accuracy},
     * {@code precision}, {@code recall}, {@code f1}, {@code mae}, {@code rmse}, {@code roc_auc}.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static Metric named(String name) {
        if (name.matches("top[1-9][0-9]*_accuracy")) {
            return topK(Integer.parseInt(name.substring(3, name.indexOf('_'))));
        }
        return switch (name) {
            case "accuracy" -> accuracy();
            case "precision" -> macroPrecision();
            case "recall" -> macroRecall();
            case "f1" -> macroF1();
            case "mae" -> mae();
            case "rmse" -> rmse();
            case "roc_auc" -> rocAuc();
            default -> throw new IllegalArgumentException("unknown metric '" + name + "'; the known metrics are accuracy,"
                    + " top{k}_accuracy (e.g. top5_accuracy), precision, recall, f1, mae, rmse, roc_auc");
        };
    }
}
