package dev.myelin.nn.functional;

import dev.myelin.tensor.Tensor;

/**
 * The optional settings of {@link F#crossEntropy(Tensor, Tensor, CrossEntropyOptions)} and
 * {@link F#nllLoss(Tensor, Tensor, CrossEntropyOptions)}, PyTorch's keyword arguments. Start from
 * {@link #defaults()} and change what you need:
 *
 * <pre>{@code
 * F.crossEntropy(logits, labels, CrossEntropyOptions.defaults().labelSmoothing(0.1).ignoreIndex(0))
 * }</pre>
 *
 * @param weight a weight per class (C), or {@code null} for equal weights
 * @param ignoreIndex a target class index that contributes neither loss nor gradient
 * @param labelSmoothing in [0, 1]: the share of the target mass spread evenly over all classes
 *     (cross-entropy only)
 * @param reduction how per-sample losses combine; {@code MEAN} divides by the total weight of the
 *     targets that are not ignored
 */
public record CrossEntropyOptions(Tensor weight, long ignoreIndex, double labelSmoothing, Reduction reduction) {
    /** PyTorch's default ignore index. */
    public static final long DEFAULT_IGNORE_INDEX = -100;

    public CrossEntropyOptions {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("crossEntropy: labelSmoothing must lie in [0, 1], got " + labelSmoothing);
        }
        if (weight != null && weight.dim() != 1) {
            throw new IllegalArgumentException("crossEntropy: the class weights must be 1-D (C), got shape "
                    + weight.shape());
        }
        if (reduction == null || reduction == Reduction.BATCH_MEAN) {
            throw new IllegalArgumentException("crossEntropy: reduction must be NONE, MEAN or SUM, got " + reduction);
        }
    }

    /** No class weights, ignore index -100, no label smoothing, mean reduction. */
    public static CrossEntropyOptions defaults() {
        return new CrossEntropyOptions(null, DEFAULT_IGNORE_INDEX, 0, Reduction.MEAN);
    }

    /** These options with class weights (C). */
    public CrossEntropyOptions weight(Tensor weight) {
        return new CrossEntropyOptions(weight, ignoreIndex, labelSmoothing, reduction);
    }

    /** These options with another ignored target index. */
    public CrossEntropyOptions ignoreIndex(long ignoreIndex) {
        return new CrossEntropyOptions(weight, ignoreIndex, labelSmoothing, reduction);
    }

    /** These options with label smoothing in [0, 1]. */
    public CrossEntropyOptions labelSmoothing(double labelSmoothing) {
        return new CrossEntropyOptions(weight, ignoreIndex, labelSmoothing, reduction);
    }

    /** These options with another reduction. */
    public CrossEntropyOptions reduction(Reduction reduction) {
        return new CrossEntropyOptions(weight, ignoreIndex, labelSmoothing, reduction);
    }
}
