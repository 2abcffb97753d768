package dev.myelin.nn;

import dev.myelin.nn.functional.CrossEntropyOptions;
import dev.myelin.nn.functional.F;
import dev.myelin.tensor.Tensor;

/**
 * Cross-entropy of logits against class indices or class probabilities, with optional class
 * weights, ignored index and label smoothing. PyTorch's {@code nn.CrossEntropyLoss}; {@link
 * F#crossEntropy} as a function.
 *
 * <pre>{@code
 * var criterion = new CrossEntropyLoss(CrossEntropyOptions.defaults().labelSmoothing(0.1));
 * Tensor loss = criterion.forward(logits, labels);          // (N, C) and int64 (N)
 * }</pre>
 */
public final class CrossEntropyLoss extends Loss {
    private final CrossEntropyOptions options;

    /** PyTorch's defaults: no weights, ignore index -100, no smoothing, mean. */
    public CrossEntropyLoss() {
        this(CrossEntropyOptions.defaults());
    }

    /** The given options; class weights become the buffer {@code weight}. */
    public CrossEntropyLoss(CrossEntropyOptions options) {
        super(options.reduction());
        this.options = options;
        registerBuffer("weight", options.weight());
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return hooked(F.crossEntropy(input, target, options.weight(buffer("weight"))));
    }
}
