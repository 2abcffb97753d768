package dev.myelin.models;

import dev.myelin.nn.BatchNorm2d;
import dev.myelin.nn.ConvTranspose2d;
import dev.myelin.nn.Module;
import dev.myelin.nn.functional.ConvOptions;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * The generator of a DCGAN (Radford et al., 2016) for 28 × 28 grey images: transposed
 * convolutions grow a noise vector into an image, with batch normalisation and ReLU between them
 * and tanh at the end, so that images are in [-1, 1] (scale the real images to match).
 *
 * <pre>
 * z (B, latentDim) seen as (B, latentDim, 1, 1)
 * deconv1 latentDim -> 2w, 7x7, BatchNorm, ReLU            (B, 2w, 7, 7)
 * deconv2 2w -> w, 4x4, stride 2, pad 1, BatchNorm, ReLU   (B, w, 14, 14)
 * deconv3 w -> 1, 4x4, stride 2, pad 1, tanh                (B, 1, 28, 28)
 * </pre>
 *
 * <p>w is the {@code width} (64 in the paper's MNIST setting). Weights are initialised as in the
 * paper, N(0, 0.02), batch-norm scales N(1, 0.02) (see {@link Dcgan#initWeights}).
 *
 * <pre>{@code
 * DcganGenerator g = new DcganGenerator(100, 64);
 * Tensor fakes = g.forward(g.noise(16, generator));   // (16, 1, 28, 28) in [-1, 1]
 * }</pre>
 */
public final class DcganGenerator extends Module {
    private static final ConvOptions DOUBLE = ConvOptions.defaults().stride(2).padding(1);

    private final int latentDim;
    private final int width;
    private final ConvTranspose2d deconv1;
    private final BatchNorm2d bn1;
    private final ConvTranspose2d deconv2;
    private final BatchNorm2d bn2;
    private final ConvTranspose2d deconv3;

    /** A generator of images from {@code latentDim} noise numbers, with {@code width} feature maps before the last layer. */
    public DcganGenerator(int latentDim, int width) {
        this.latentDim = Inputs.positive("DcganGenerator", "latentDim", latentDim);
        this.width = Inputs.positive("DcganGenerator", "width", width);
        this.deconv1 = register("deconv1", new ConvTranspose2d(latentDim, 2 * width, new int[] {7, 7},
                ConvOptions.defaults(), false));
        this.bn1 = register("bn1", new BatchNorm2d(2 * width));
        this.deconv2 = register("deconv2", new ConvTranspose2d(2 * width, width, new int[] {4, 4}, DOUBLE, false));
        this.bn2 = register("bn2", new BatchNorm2d(width));
        this.deconv3 = register("deconv3", new ConvTranspose2d(width, 1, 4, DOUBLE));
        Dcgan.initWeights(this);
    }

    /** Images from noise: (B, latentDim) -> (B, 1, 28, 28), values in [-1, 1]. */
    @Override
    public Tensor forward(Tensor z) {
        Inputs.requireLatents("DcganGenerator", z, latentDim);
        Tensor h = bn1.forward(deconv1.forward(z.unflatten(1, latentDim, 1, 1))).relu();
        h = bn2.forward(deconv2.forward(h)).relu();
        return hooked(deconv3.forward(h).tanh());
    }

    /** {@code n} noise vectors z ~ N(0, I) from {@code generator}: (n, latentDim). */
    public Tensor noise(int n, Generator generator) {
        return Tensor.randn(Shape.of(Inputs.positive("DcganGenerator.noise", "n", n), latentDim), DType.FLOAT32, generator);
    }

    /** The size of the noise vectors. */
    public int latentDim() {
        return latentDim;
    }

    @Override
    protected String extraRepr() {
        return "latentDim=" + latentDim + ", width=" + width;
    }
}
