package dev.myelin.nn;

import dev.myelin.nn.functional.ConvOptions;
import dev.myelin.nn.functional.F;
import dev.myelin.tensor.Tensor;

/**
 * A transposed 2-D convolution (sometimes called deconvolution), used to upsample in decoders and
 * generators: x (N, C_in, H, W) gives (N, C_out, H', W') with
 * H' = (H - 1)·stride - 2·padding + dilation·(kH - 1) + outputPadding + 1. PyTorch's
 * {@code nn.ConvTranspose2d}; {@link F#convTranspose2d} as a function. Weight
 * (C_in, C_out/groups, kH, kW); see {@link ConvLayer} for the initialisation.
 *
 * <pre>{@code
 * var up = new ConvTranspose2d(64, 32, 4, ConvOptions.defaults().stride(2).padding(1));
 * Tensor y = up.forward(z);                // (8, 64, 7, 7) -> (8, 32, 14, 14)
 * }</pre>
 */
public final class ConvTranspose2d extends ConvLayer {
    /** A square kernel, stride 1, no padding, with bias. */
    public ConvTranspose2d(int inChannels, int outChannels, int kernel) {
        this(inChannels, outChannels, new int[] {kernel, kernel}, ConvOptions.defaults(), true);
    }

    /** A square kernel with the given options (stride, padding, outputPadding, dilation, groups), with bias. */
    public ConvTranspose2d(int inChannels, int outChannels, int kernel, ConvOptions options) {
        this(inChannels, outChannels, new int[] {kernel, kernel}, options, true);
    }

    /** A (kH, kW) kernel with the given options, with or without bias. */
    public ConvTranspose2d(int inChannels, int outChannels, int[] kernel, ConvOptions options, boolean bias) {
        super(inChannels, outChannels, Conv2d.checkKernel(kernel), checkOptions(options), bias, true);
    }

    private static ConvOptions checkOptions(ConvOptions options) {
        if (options.samePadding()) {
            throw new IllegalArgumentException("ConvTranspose2d: 'same' padding is not supported");
        }
        return options;
    }

    @Override
    Tensor convolve(Tensor x) {
        return F.convTranspose2d(x, weight(), bias(), options());
    }

    @Override
    String spatial() {
        return "H, W";
    }
}
