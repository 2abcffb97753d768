package dev.myelin.nn;

import dev.myelin.tensor.Tensor;
import java.util.List;

/**
 * Truncated backpropagation through time: a long sequence is cut into chunks of a fixed number
 * of steps; the state runs on from chunk to chunk, but is detached at every boundary, so that
 * each backward pass reaches at most one chunk back and memory stays bounded.
 *
 * <pre>{@code
 * RnnState last = TruncatedBptt.run(inputs, targets, 35, null, (x, y, state) -> {
 *     RnnOutput out = lstm.forward(x, state);
 *     Tensor loss = F.crossEntropy(head.forward(out.output()).flatten(0, 1), y.flatten());
 *     opt.zeroGrad();
 *     loss.backward();
 *     opt.step();
 *     return out.state();
 * });
 * }</pre>
 */
public final class TruncatedBptt {
    private TruncatedBptt() {}

    /** One chunk's work: train on (inputs, targets) from {@code state}, return the state after the chunk. */
    @FunctionalInterface
    public interface ChunkStep {
        RnnState run(Tensor inputs, Tensor targets, RnnState state);
    }

    /**
     * Runs {@code step} over consecutive chunks of {@code chunkLength} steps of time-major inputs
     * (T, B, ...) and targets (T, B, ...); the last chunk may be shorter.
     *
     * @param initial the state before the first chunk, or null for zeros
     * @return the (detached) state after the last chunk
     */
    public static RnnState run(Tensor inputs, Tensor targets, int chunkLength, RnnState initial, ChunkStep step) {
        if (chunkLength < 1) {
            throw new IllegalArgumentException("TruncatedBptt: chunkLength must be positive, got " + chunkLength);
        }
        if (inputs.size(0) != targets.size(0)) {
            throw new IllegalArgumentException("TruncatedBptt: inputs " + inputs.shape() + " and targets "
                    + targets.shape() + " differ in length (dimension 0)");
        }
        List<Tensor> xs = inputs.split(chunkLength, 0);
        List<Tensor> ys = targets.split(chunkLength, 0);
        RnnState state = initial;
        for (int i = 0; i < xs.size(); i++) {
            RnnState next = step.run(xs.get(i).detach(), ys.get(i).detach(), state);
            state = next == null ? null : next.detach();
        }
        return state;
    }
}
