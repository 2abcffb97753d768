package dev.myelin.nn;

import dev.myelin.nn.functional.ConvOptions;
import dev.myelin.nn.functional.F;
import dev.myelin.tensor.Tensor;

/**
 * A 1-D convolution over sequences: x (N, C_in, L) gives (N, C_out, L'). PyTorch's
 * {@code nn.Conv1d}; {@link F#conv1d} as a function. Weight (C_out, C_in/groups, k); see
 * {@link ConvLayer} for the initialisation.
 *
 * <pre>{@code
 * Conv1d conv = new Conv1d(64, 128, 3, ConvOptions.defaults().paddingSame());
 * Tensor y = conv.forward(x);              // (8, 64, 100) -> (8, 128, 100)
 * }</pre>
 */
public final class Conv1d extends ConvLayer {
    /** Stride 1, no padding, with bias. */
    public Conv1d(int inChannels, int outChannels, int kernel) {
        this(inChannels, outChannels, kernel, ConvOptions.defaults(), true);
    }

    /** The given options, with bias. */
    public Conv1d(int inChannels, int outChannels, int kernel, ConvOptions options) {
        this(inChannels, outChannels, kernel, options, true);
    }

    /** The given options, with or without bias. */
    public Conv1d(int inChannels, int outChannels, int kernel, ConvOptions options, boolean bias) {
        super(inChannels, outChannels, new int[] {kernel}, options, bias, false);
    }

    @Override
    Tensor convolve(Tensor x) {
        return F.conv1d(x, weight(), bias(), options());
    }

    @Override
    String spatial() {
        return "L";
    }
}
