package dev.myelin.nn;

import dev.myelin.nn.functional.CrossEntropyOptions;
import dev.myelin.nn.functional.F;
import dev.myelin.tensor.Tensor;

/**
 * Negative log-likelihood of log-probabilities against class indices. PyTorch's {@code
 * nn.NLLLoss}; {@link F#nllLoss} as a function.
 *
 * <pre>{@code
 * Tensor loss = new NLLLoss().forward(logProbs, labels);     // (N, C) and int64 (N)
 * }</pre>
 */
public final class NLLLoss extends Loss {
    private final CrossEntropyOptions options;

    /** No weights, ignore index -100, mean. */
    public NLLLoss() {
        this(CrossEntropyOptions.defaults());
    }

    /** The given options (label smoothing does not apply); class weights become the buffer {@code weight}. */
    public NLLLoss(CrossEntropyOptions options) {
        super(options.reduction());
        this.options = options;
        registerBuffer("weight", options.weight());
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return hooked(F.nllLoss(input, target, options.weight(buffer("weight"))));
    }
}
