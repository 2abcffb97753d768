package dev.myelin.train;

import dev.myelin.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Per-class precision, recall, F1 and support with their macro averages, the accuracy and the
 * confusion matrix of a classifier's outputs: scikit-learn's {@code classification_report}.
 *
 * <pre>{@code
 * ClassificationReport r = ClassificationReport.of(logits, labels, FashionMnist.CLASSES);
 * System.out.print(r);          // a table, one row per class
 * r.macroF1();
 * }</pre>
 *
 * @param classes the class names (index = label)
 * @param confusion {@code confusion[true][predicted]} counts
 * @param precision per class
 * @param recall per class
 * @param f1 per class
 */
public record ClassificationReport(List<String> classes, long[][] confusion, double[] precision, double[] recall,
        double[] f1) {
    /**
     * The report of scores (N, C) against class indices (N).
     *
     * @param classNames C names, or null for "0", "1", ...
     */
    public static ClassificationReport of(Tensor outputs, Tensor targets, List<String> classNames) {
        long[][] cm = Metrics.confusionMatrix(outputs, targets);
        List<String> names = classNames != null ? List.copyOf(classNames)
                : java.util.stream.IntStream.range(0, cm.length).mapToObj(String::valueOf).toList();
        if (names.size() != cm.length) {
            throw new IllegalArgumentException("ClassificationReport: " + names.size() + " class names for " + cm.length
                    + " classes");
        }
        return new ClassificationReport(names, cm, Metrics.precision(cm), Metrics.recall(cm), Metrics.f1(cm));
    }

    /** The fraction classified correctly. */
    public double accuracy() {
        long right = 0;
        long all = 0;
        for (int c = 0; c < confusion.length; c++) {
            right += confusion[c][c];
            all += Arrays.stream(confusion[c]).sum();
        }
        return (double) right / all;
    }

    /** The mean F1 over classes. */
    public double macroF1() {
        return Metrics.macro(f1);
    }

    @Override
    public String toString() {
        int w = Math.max(12, classes.stream().mapToInt(String::length).max().orElse(0) + 2);
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-" + w + "s %9s %9s %9s %9s%n", "class",
                "precision", "recall", "f1", "support"));
        for (int c = 0; c < classes.size(); c++) {
            sb.append(String.format(Locale.ROOT, "%-" + w + "s %9.4f %9.4f %9.4f %9d%n", classes.get(c), precision[c],
                    recall[c], f1[c], Arrays.stream(confusion[c]).sum()));
        }
        long total = Arrays.stream(confusion).flatMapToLong(Arrays::stream).sum();
        sb.append(String.format(Locale.ROOT, "%-" + w + "s %9.4f %9.4f %9.4f %9d%n", "macro avg", Metrics.macro(precision),
                Metrics.macro(recall), macroF1(), total));
        sb.append(String.format(Locale.ROOT, "%-" + w + "s %29.4f %9d%n", "accuracy", accuracy(), total));
        return sb.toString();
    }
}
