package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.nn.functional.Reduction;
import dev.myelin.tensor.Tensor;

/**
 * Binary cross-entropy of probabilities. PyTorch's {@code nn.BCELoss}; {@link
 * F#binaryCrossEntropy} as a function. Prefer {@link BCEWithLogitsLoss} on logits: it is stabler.
 *
 * <pre>{@code
 * Tensor loss = new BCELoss().forward(probabilities, labels);  // labels 0 or 1, floats
 * }</pre>
 */
public final class BCELoss extends Loss {
    /** No weight, mean. */
    public BCELoss() {
        this(null, Reduction.MEAN);
    }

    /** A weight broadcast to the input (or {@code null}) and a reduction. */
    public BCELoss(Tensor weight, Reduction reduction) {
        super(reduction);
        registerBuffer("weight", weight);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return hooked(F.binaryCrossEntropy(input, target, buffer("weight"), reduction()));
    }
}
