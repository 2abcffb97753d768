package dev.myelin.nn;

import dev.myelin.nn.functional.ConvOptions;
import dev.myelin.nn.functional.F;
import dev.myelin.tensor.Tensor;

/**
 * A 2-D convolution over images: x (N, C_in, H, W) gives (N, C_out, H', W') with
 * H' = ⌊(H + 2·padding - dilation·(kH - 1) - 1) / stride⌋ + 1. PyTorch's {@code nn.Conv2d};
 * {@link F#conv2d} as a function. Weight (C_out, C_in/groups, kH, kW); see {@link ConvLayer} for
 * the initialisation.
 *
 * <pre>{@code
 * Conv2d conv = new Conv2d(3, 16, 3, ConvOptions.defaults().stride(2).padding(1));
 * Tensor y = conv.forward(images);         // (8, 3, 32, 32) -> (8, 16, 16, 16)
 * }</pre>
 */
public final class Conv2d extends ConvLayer {
    /** A square kernel, stride 1, no padding, with bias. */
    public Conv2d(int inChannels, int outChannels, int kernel) {
        this(inChannels, outChannels, new int[] {kernel, kernel}, ConvOptions.defaults(), true);
    }

    /** A square kernel with the given options, with bias. */
    public Conv2d(int inChannels, int outChannels, int kernel, ConvOptions options) {
        this(inChannels, outChannels, new int[] {kernel, kernel}, options, true);
    }

    /** A (kH, kW) kernel with the given options, with or without bias. */
    public Conv2d(int inChannels, int outChannels, int[] kernel, ConvOptions options, boolean bias) {
        super(inChannels, outChannels, checkKernel(kernel), options, bias, false);
    }

    static int[] checkKernel(int[] kernel) {
        if (kernel.length != 2) {
            throw new IllegalArgumentException("a 2-D kernel needs two sizes (kH, kW), got " + kernel.length);
        }
        return kernel;
    }

    @Override
    Tensor convolve(Tensor x) {
        return F.conv2d(x, weight(), bias(), options());
    }

    @Override
    String spatial() {
        return "H, W";
    }
}
