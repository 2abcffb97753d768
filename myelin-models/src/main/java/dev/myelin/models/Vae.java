package dev.myelin.models;

import dev.myelin.nn.Module;
import dev.myelin.nn.functional.F;
import dev.myelin.nn.functional.Reduction;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * A variational autoencoder (Kingma and Welling, 2014) for 28 × 28 grey images. The encoder
 * ({@link ConvEncoder} to 2·latentDim numbers) gives the mean μ and log-variance log σ² of a
 * diagonal Gaussian q(z|x); a latent vector is drawn with the reparameterisation trick
 * z = μ + σ·ε, ε ~ N(0, I), so that gradients flow to μ and σ; the decoder ({@link ConvDecoder})
 * gives the logits of Bernoulli pixels p(x|z). Training minimises, per image,
 *
 * <pre>
 * loss = reconstruction + β·KL,  reconstruction = -log p(x|z) = Σ_pixels BCE(logits, x)
 *                                KL = KL(q(z|x) ‖ N(0, I)) = -½ Σ_j (1 + log σ²_j - μ_j² - σ²_j)
 * </pre>
 *
 * <p>With β = 1 the negative loss is the evidence lower bound (ELBO) on log p(x), in nats; β > 1
 * weighs the prior more (β-VAE: smoother latent space, blurrier images). New images are decoded
 * from z ~ N(0, I) ({@link #sample}).
 *
 * <pre>{@code
 * Vae vae = new Vae(16);
 * Vae.Output out = vae.forward(images, generator);          // logits (B, 1, 28, 28), posterior mean and logVar (B, 16)
 * Vae.Loss loss = Vae.loss(out, images, 1.0);               // loss.total() to minimise, loss.elbo()
 * Tensor samples = vae.sample(64, generator);               // (64, 1, 28, 28) in (0, 1)
 * }</pre>
 */
public final class Vae extends Module {
    private final int latentDim;
    private final ConvEncoder encoder;
    private final ConvDecoder decoder;

    /**
     * The Gaussian q(z|x) = N(mean, exp(logVar)) the encoder gives for a batch of images.
     *
     * @param mean μ (B, latentDim)
     * @param logVar log σ² (B, latentDim)
     */
    public record Posterior(Tensor mean, Tensor logVar) {
        /** Checks that mean and logVar are (B, D) of one shape. */
        public Posterior {
            if (!mean.shape().equals(logVar.shape()) || mean.dim() != 2) {
                throw new IllegalArgumentException("Vae.Posterior: expected mean and logVar (B, D) of one shape, got "
                        + mean.shape() + " and " + logVar.shape());
            }
        }

        /**
         * A draw by the reparameterisation trick: z = mean + exp(½·logVar)·ε with ε ~ N(0, I) from
         * {@code generator}; differentiable in mean and logVar. (B, D).
         */
        public Tensor sample(Generator generator) {
            Tensor eps = Tensor.randn(mean.shape(), mean.dtype(), generator);
            return mean.add(logVar.mul(0.5).exp().mul(eps));
        }

        /** KL(q ‖ N(0, I)) per example: -½ Σ_j (1 + logVar_j - mean_j² - exp(logVar_j)), (B). */
        public Tensor kl() {
            return logVar.add(1.0).sub(mean.square()).sub(logVar.exp()).sum(1).mul(-0.5);
        }
    }

    /**
     * One pass through the model.
     *
     * @param logits the decoder's pixel logits (B, 1, 28, 28)
     * @param posterior q(z|x), from which the decoded z was drawn
     */
    public record Output(Tensor logits, Posterior posterior) {}

    /**
     * The terms of the loss, each averaged over the batch (nats per image).
     *
     * @param total reconstruction + β·KL, the value to minimise
     * @param reconstruction -log p(x|z), the binary cross-entropy summed over the pixels
     * @param kl KL(q(z|x) ‖ N(0, I))
     */
    public record Loss(Tensor total, Tensor reconstruction, Tensor kl) {
        /** The evidence lower bound, -(reconstruction + KL), whatever β the total used. */
        public double elbo() {
            return -(reconstruction.item() + kl.item());
        }
    }

    /** A VAE with a latent space of {@code latentDim} dimensions. */
    public Vae(int latentDim) {
        this.latentDim = Inputs.positive("Vae", "latentDim", latentDim);
        this.encoder = register("encoder", new ConvEncoder(2 * latentDim));
        this.decoder = register("decoder", new ConvDecoder(latentDim));
    }

    /** q(z|x) of images (B, 1, 28, 28). */
    public Posterior encode(Tensor x) {
        Tensor h = encoder.forward(x);
        return new Posterior(h.narrow(1, 0, latentDim), h.narrow(1, latentDim, latentDim));
    }

    /** The images of latent vectors: (B, latentDim) -> (B, 1, 28, 28), pixel means in (0, 1). */
    public Tensor decode(Tensor z) {
        return decoder.forward(z).sigmoid();
    }

    /** Encodes, draws z from q(z|x) with the reparameterisation trick from {@code generator}, decodes. */
    public Output forward(Tensor x, Generator generator) {
        Posterior q = encode(x);
        return new Output(decoder.forward(q.sample(generator)), q);
    }

    /** The deterministic reconstruction: the decoded mean of q(z|x), (B, 1, 28, 28) in (0, 1). */
    @Override
    public Tensor forward(Tensor x) {
        return hooked(decode(encode(x).mean()));
    }

    /** {@code n} new images decoded from z ~ N(0, I): (n, 1, 28, 28) in (0, 1). */
    public Tensor sample(int n, Generator generator) {
        return decode(Tensor.randn(Shape.of(Inputs.positive("Vae.sample", "n", n), latentDim), DType.FLOAT32, generator));
    }

    /**
     * The loss of a pass on images {@code x} (the targets, values in [0, 1]) with weight {@code beta} on the KL term.
     *
     * @throws IllegalArgumentException if beta is negative or not finite, or x and the logits differ in shape
     */
    public static Loss loss(Output out, Tensor x, double beta) {
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("Vae.loss: beta must be finite and non-negative, got " + beta);
        }
        Tensor reconstruction = reconstructionLoss(out.logits(), x).mean();
        Tensor kl = out.posterior().kl().mean();
        return new Loss(reconstruction.add(kl.mul(beta)), reconstruction, kl);
    }

    /** -log p(x|z) per image: the binary cross-entropy of the logits summed over all but the first dimension, (B). */
    public static Tensor reconstructionLoss(Tensor logits, Tensor x) {
        Tensor bce = F.binaryCrossEntropyWithLogits(logits, x, null, null, Reduction.NONE);
        return bce.flatten(1).sum(1);
    }

    /** The number of latent dimensions. */
    public int latentDim() {
        return latentDim;
    }

    @Override
    protected String extraRepr() {
        return "latentDim=" + latentDim;
    }
}
