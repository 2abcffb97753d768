package dev.myelin.models;

import dev.myelin.nn.Module;
import dev.myelin.tensor.Tensor;

/**
 * A convolutional autoencoder for 28 × 28 grey images: a {@link ConvEncoder} compresses an image
 * to {@code latentDim} numbers, a {@link ConvDecoder} and a sigmoid rebuild it. Trained to
 * reproduce its input (or, for denoising, the clean image from a noisy one) with a pixel loss such
 * as the mean squared error; the latent vectors are a learnt low-dimensional code of the images.
 *
 * <pre>{@code
 * ConvAutoencoder ae = new ConvAutoencoder(16);
 * Tensor z = ae.encode(images);            // (B, 1, 28, 28) -> (B, 16)
 * Tensor rebuilt = ae.decode(z);           // (B, 16) -> (B, 1, 28, 28), values in (0, 1)
 * Tensor loss = F.mseLoss(ae.forward(noisy), images);
 * }</pre>
 */
public final class ConvAutoencoder extends Module {
    private final int latentDim;
    private final ConvEncoder encoder;
    private final ConvDecoder decoder;

    /** An autoencoder with a code of {@code latentDim} numbers. */
    public ConvAutoencoder(int latentDim) {
        this.latentDim = Inputs.positive("ConvAutoencoder", "latentDim", latentDim);
        this.encoder = register("encoder", new ConvEncoder(latentDim));
        this.decoder = register("decoder", new ConvDecoder(latentDim));
    }

    /** The codes of images: (B, 1, 28, 28) -> (B, latentDim). */
    public Tensor encode(Tensor x) {
        return encoder.forward(x);
    }

    /** The images of codes: (B, latentDim) -> (B, 1, 28, 28), values in (0, 1). */
    public Tensor decode(Tensor z) {
        return decoder.forward(z).sigmoid();
    }

    /** The reconstruction of images: (B, 1, 28, 28) -> (B, 1, 28, 28). */
    @Override
    public Tensor forward(Tensor x) {
        return hooked(decode(encode(x)));
    }

    /** The encoder, as a module of its own (for {@code Trainer.predict} of the codes). */
    public ConvEncoder encoder() {
        return encoder;
    }

    /** The size of the code. */
    public int latentDim() {
        return latentDim;
    }

    @Override
    protected String extraRepr() {
        return "latentDim=" + latentDim;
    }
}
