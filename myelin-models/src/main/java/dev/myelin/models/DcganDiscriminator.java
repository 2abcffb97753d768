package dev.myelin.models;

import dev.myelin.nn.BatchNorm2d;
import dev.myelin.nn.Conv2d;
import dev.myelin.nn.Module;
import dev.myelin.nn.functional.ConvOptions;
import dev.myelin.nn.functional.F;
import dev.myelin.tensor.Tensor;

/**
 * The discriminator of a DCGAN (Radford et al., 2016) for 28 × 28 grey images in [-1, 1]:
 * strided convolutions with LeakyReLU (slope 0.2) and batch normalisation, no pooling, ending in
 * one logit per image (positive: "real").
 *
 * <pre>
 * conv1 1 -> w, 4x4, stride 2, pad 1, LeakyReLU               (B, w, 14, 14)
 * conv2 w -> 2w, 4x4, stride 2, pad 1, BatchNorm, LeakyReLU   (B, 2w, 7, 7)
 * conv3 2w -> 1, 7x7                                          (B) logits
 * </pre>
 *
 * <p>The batch normalisation keeps no running statistics: the discriminator always normalises
 * with the statistics of the batch it sees, so that the generator's step, which runs it, changes
 * nothing in it (see {@link Dcgan}).
 *
 * <pre>{@code
 * Tensor logits = new DcganDiscriminator(64).forward(images);   // (B, 1, 28, 28) -> (B)
 * }</pre>
 */
public final class DcganDiscriminator extends Module {
    private static final ConvOptions HALVE = ConvOptions.defaults().stride(2).padding(1);
    private static final double SLOPE = 0.2;

    private final int width;
    private final Conv2d conv1;
    private final Conv2d conv2;
    private final BatchNorm2d bn2;
    private final Conv2d conv3;

    /** A discriminator with {@code width} feature maps in its first layer. */
    public DcganDiscriminator(int width) {
        this.width = Inputs.positive("DcganDiscriminator", "width", width);
        this.conv1 = register("conv1", new Conv2d(1, width, 4, HALVE));
        this.conv2 = register("conv2", new Conv2d(width, 2 * width, new int[] {4, 4}, HALVE, false));
        this.bn2 = register("bn2", new BatchNorm2d(2 * width, 1e-5, 0.1, true, false));
        this.conv3 = register("conv3", new Conv2d(2 * width, 1, 7));
        Dcgan.initWeights(this);
    }

    /** The logits of "real": (B, 1, 28, 28) -> (B). */
    @Override
    public Tensor forward(Tensor x) {
        Inputs.requireImages("DcganDiscriminator", x);
        Tensor h = F.leakyRelu(conv1.forward(x), SLOPE);
        h = F.leakyRelu(bn2.forward(conv2.forward(h)), SLOPE);
        return hooked(conv3.forward(h).flatten());
    }

    @Override
    protected String extraRepr() {
        return "width=" + width;
    }
}
