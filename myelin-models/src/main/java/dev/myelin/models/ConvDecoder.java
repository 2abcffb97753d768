package dev.myelin.models;

import dev.myelin.nn.ConvTranspose2d;
import dev.myelin.nn.Linear;
import dev.myelin.nn.Module;
import dev.myelin.nn.functional.ConvOptions;
import dev.myelin.tensor.Tensor;

/**
 * The decoder of {@link ConvAutoencoder} and {@link Vae}, the mirror of {@link ConvEncoder}: a
 * linear layer to 64 maps of 7 × 7, then two 4×4 transposed convolutions of stride 2 double them
 * to a 28 × 28 image of logits (apply a sigmoid for pixel values in (0, 1)).
 *
 * <pre>
 * fc latent -> 3136, ReLU, unflatten               (B, 64, 7, 7)
 * deconv1 64 -> 32, 4x4, stride 2, pad 1, ReLU     (B, 32, 14, 14)
 * deconv2 32 -> 1, 4x4, stride 2, pad 1            (B, 1, 28, 28) logits
 * </pre>
 *
 * <pre>{@code
 * Tensor images = new ConvDecoder(16).forward(z).sigmoid();   // (B, 16) -> (B, 1, 28, 28)
 * }</pre>
 */
public final class ConvDecoder extends Module {
    private static final ConvOptions DOUBLE = ConvOptions.defaults().stride(2).padding(1);

    private final int latentDim;
    private final Linear fc;
    private final ConvTranspose2d deconv1;
    private final ConvTranspose2d deconv2;

    /** A decoder of latent vectors of {@code latentDim} numbers. */
    public ConvDecoder(int latentDim) {
        this.latentDim = Inputs.positive("ConvDecoder", "latentDim", latentDim);
        this.fc = register("fc", new Linear(latentDim, 64 * 7 * 7));
        this.deconv1 = register("deconv1", new ConvTranspose2d(64, 32, 4, DOUBLE));
        this.deconv2 = register("deconv2", new ConvTranspose2d(32, 1, 4, DOUBLE));
    }

    /** The logits of the images: (B, latentDim) -> (B, 1, 28, 28). */
    @Override
    public Tensor forward(Tensor z) {
        Inputs.requireLatents("ConvDecoder", z, latentDim);
        Tensor h = fc.forward(z).relu().unflatten(1, 64, 7, 7);
        return hooked(deconv2.forward(deconv1.forward(h).relu()));
    }
}
