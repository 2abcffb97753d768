package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.nn.functional.Reduction;
import dev.myelin.tensor.Tensor;

/**
 * Binary cross-entropy of logits, computed stably (sigmoid and BCE in one). PyTorch's {@code
 * nn.BCEWithLogitsLoss}; {@link F#binaryCrossEntropyWithLogits} as a function.
 *
 * <pre>{@code
 * Tensor loss = new BCEWithLogitsLoss(null, Tensor.of(3f), Reduction.MEAN).forward(logits, labels);
 * }</pre>
 */
public final class BCEWithLogitsLoss extends Loss {
    /** No weights, mean. */
    public BCEWithLogitsLoss() {
        this(null, null, Reduction.MEAN);
    }

    /**
     * @param weight broadcast to the input, or {@code null}
     * @param posWeight the weight of positive examples per class (last dimension), or {@code null}
     */
    public BCEWithLogitsLoss(Tensor weight, Tensor posWeight, Reduction reduction) {
        super(reduction);
        registerBuffer("weight", weight);
        registerBuffer("pos_weight", posWeight);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return hooked(F.binaryCrossEntropyWithLogits(input, target, buffer("weight"), buffer("pos_weight"), reduction()));
    }
}
