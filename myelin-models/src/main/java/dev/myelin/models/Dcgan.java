package dev.myelin.models;

import dev.myelin.nn.BatchNorm;
import dev.myelin.nn.ConvLayer;
import dev.myelin.nn.Module;
import dev.myelin.nn.functional.F;
import dev.myelin.nn.init.Init;
import dev.myelin.optim.Adam;
import dev.myelin.tensor.Tensor;
import java.util.List;

/**
 * Adversarial training of a {@link DcganGenerator} G against a {@link DcganDiscriminator} D, one
 * batch at a time, as in the DCGAN paper: each player has its own Adam (lr 2e-4, β₁ 0.5) and
 * minimises its own binary cross-entropy.
 *
 * <pre>
 * fake = G(z)
 * D's step:  BCE(D(real), realLabel) + BCE(D(fake.detach()), 0)    updates D only
 * G's step:  BCE(D(fake), 1)                                       updates G only (non-saturating loss)
 * </pre>
 *
 * <p><b>Keeping the players apart.</b> D's step sees the fakes detached, so no gradient reaches G;
 * G's step runs D with its parameters frozen (no gradient is even computed for them) and only G's
 * optimizer steps; D's batch normalisation keeps no running statistics, so G's step leaves D
 * exactly as it was.
 *
 * <p><b>Against mode collapse.</b> One-sided label smoothing (Salimans et al., 2016): D's target
 * for real images is {@code realLabel} (0.9 by default) instead of 1, so D never becomes certain
 * and keeps giving G useful gradients instead of punishing a few modes G has found hard; the
 * fakes' target stays 0, so G is not rewarded for off-data samples.
 *
 * <pre>{@code
 * Dcgan gan = new Dcgan(new DcganGenerator(100, 64), new DcganDiscriminator(64), 2e-4, 0.9);
 * for (Batch b : loader) {
 *     Dcgan.Losses l = gan.step(b.x().mul(2).sub(1), gan.generator().noise(b.x().size(0), rng));
 * }
 * }</pre>
 */
public final class Dcgan {
    private final DcganGenerator generator;
    private final DcganDiscriminator discriminator;
    private final Adam generatorOptimizer;
    private final Adam discriminatorOptimizer;
    private final double realLabel;

    /**
     * The losses of one step, and D's mean belief that its inputs were real.
     *
     * @param discriminator D's loss
     * @param generator G's loss
     * @param realScore the mean of σ(D(real)) in D's step
     * @param fakeScore the mean of σ(D(fake)) in D's step
     */
    public record Losses(double discriminator, double generator, double realScore, double fakeScore) {}

    /**
     * The two players with Adam at learning rate {@code lr} (β₁ 0.5, β₂ 0.999) each.
     *
     * @param realLabel D's target for real images: 1 for none, 0.9 for one-sided label smoothing
     * @throws IllegalArgumentException if lr is not positive or realLabel is not in (0.5, 1]
     */
    public Dcgan(DcganGenerator generator, DcganDiscriminator discriminator, double lr, double realLabel) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("Dcgan: lr must be positive, got " + lr);
        }
        if (!(realLabel > 0.5 && realLabel <= 1)) {
            throw new IllegalArgumentException("Dcgan: realLabel must be in (0.5, 1], got " + realLabel);
        }
        this.generator = generator;
        this.discriminator = discriminator;
        this.realLabel = realLabel;
        Adam.Options options = Adam.options(lr).betas(0.5, 0.999);
        this.generatorOptimizer = new Adam(generator.parameters(), options);
        this.discriminatorOptimizer = new Adam(discriminator.parameters(), options);
    }

    /**
     * One step of each player on a batch: fake = G(z), D's step, then G's step on the same fakes.
     *
     * @param real real images (B, 1, 28, 28) scaled to [-1, 1]
     * @param z noise (B', latentDim)
     */
    public Losses step(Tensor real, Tensor z) {
        generator.train();
        discriminator.train();
        Tensor fake = generator.forward(z);
        Losses d = discriminatorStep(real, fake);
        return new Losses(d.discriminator(), generatorStep(fake), d.realScore(), d.fakeScore());
    }

    /**
     * D's step: lowers BCE(D(real), realLabel) + BCE(D(fake), 0) by one Adam step of D's
     * parameters; {@code fake} is detached, so G gets no gradient. The returned generator loss is NaN.
     */
    public Losses discriminatorStep(Tensor real, Tensor fake) {
        Tensor realLogits = discriminator.forward(real);
        Tensor fakeLogits = discriminator.forward(fake.detach());
        Tensor loss = F.binaryCrossEntropyWithLogits(realLogits, Tensor.fullLike(realLogits, realLabel))
                .add(F.binaryCrossEntropyWithLogits(fakeLogits, Tensor.zerosLike(fakeLogits)));
        discriminatorOptimizer.zeroGrad();
        loss.backward();
        discriminatorOptimizer.step();
        return new Losses(loss.item(), Double.NaN, realLogits.detach().sigmoid().mean().item(),
                fakeLogits.detach().sigmoid().mean().item());
    }

    /**
     * G's step: lowers BCE(D(fake), 1) by one Adam step of G's parameters, with D frozen.
     *
     * @param fake G's output, still attached to G's graph
     * @return G's loss
     */
    public double generatorStep(Tensor fake) {
        List<Tensor> trainable = discriminator.parameters().stream().filter(Tensor::requiresGrad).toList();
        trainable.forEach(p -> p.requiresGrad(false));
        try {
            Tensor logits = discriminator.forward(fake);
            Tensor loss = F.binaryCrossEntropyWithLogits(logits, Tensor.onesLike(logits));
            generatorOptimizer.zeroGrad();
            loss.backward();
            generatorOptimizer.step();
            return loss.item();
        } finally {
            trainable.forEach(p -> p.requiresGrad(true));
        }
    }

    /** G. */
    public DcganGenerator generator() {
        return generator;
    }

    /** D. */
    public DcganDiscriminator discriminator() {
        return discriminator;
    }

    /** D's target for real images. */
    public double realLabel() {
        return realLabel;
    }

    /**
     * The DCGAN paper's initialisation: convolution weights N(0, 0.02), batch-norm scales N(1, 0.02)
     * and shifts 0 (biases keep PyTorch's default).
     */
    static void initWeights(Module model) {
        model.apply(m -> {
            if (m instanceof ConvLayer conv) {
                Init.normal(conv.weight(), 0, 0.02);
            } else if (m instanceof BatchNorm bn) {
                Init.normal(bn.weight(), 1, 0.02);
                Init.zeros(bn.bias());
            }
        });
    }
}
