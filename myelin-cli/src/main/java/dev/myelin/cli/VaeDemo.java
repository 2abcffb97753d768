package dev.myelin.cli;

import dev.myelin.autograd.Grad;
import dev.myelin.data.Batch;
import dev.myelin.data.DataLoader;
import dev.myelin.data.FashionMnist;
import dev.myelin.models.ModelFiles;
import dev.myelin.models.Vae;
import dev.myelin.optim.Adam;
import dev.myelin.plot.ImageGrid;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A variational autoencoder ({@link Vae}) on Fashion-MNIST: trained with the reparameterisation
 * trick on reconstruction + β·KL, it reports the test-set evidence lower bound (ELBO) and draws
 * new images from the prior N(0, I) and the images along straight lines in latent space between
 * the codes of two test images.
 */
@Command(name = "vae", description = "A variational autoencoder: test-set ELBO, samples from the prior and"
        + " interpolations in latent space.")
final class VaeDemo implements Callable<Integer> {
    /** The interpolations drawn: pairs of classes (T-shirt to Trouser, Sneaker to Ankle boot, Pullover to Bag). */
    private static final int[][] PAIRS = {{0, 1}, {7, 9}, {2, 8}};
    private static final int STEPS = 10;

    @Mixin
    FashionData data = new FashionData();

    @Option(names = "--epochs", description = "Epochs (default: ${DEFAULT-VALUE}).", defaultValue = "8")
    int epochs;

    @Option(names = "--latent", description = "Latent dimensions (default: ${DEFAULT-VALUE}).", defaultValue = "16")
    int latent;

    @Option(names = "--beta", description = "Weight of the KL term; 1 is the plain VAE (default: ${DEFAULT-VALUE}).",
            defaultValue = "1.0")
    double beta;

    @Option(names = "--lr", description = "Adam's learning rate (default: ${DEFAULT-VALUE}).", defaultValue = "0.001")
    double lr;

    /** The test-set figures (nats per image) and the run folder. */
    record Result(double elbo, double reconstruction, double kl, Path dir) {}

    @Override
    public Integer call() throws Exception {
        run(System.out);
        return 0;
    }

    Result run(PrintStream out) throws Exception {
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("--beta must be finite and non-negative, got " + beta);
        }
        out.println("Variational autoencoder on Fashion-MNIST");
        FashionData.Selected d = data.load(out);
        Path dir = Runs.create(data.runs, "vae");
        Generator.seedDefault(data.seed);
        Vae vae = new Vae(latent);
        out.printf(Locale.ROOT, "model: convolutional VAE, %d latent dimensions, %,d parameters; loss = reconstruction"
                + " (BCE summed over pixels) + %s x KL; Adam %s, %d epochs of batches of 64%n", latent,
                vae.parameterCount(), beta, lr, epochs);
        var opt = new Adam(vae.parameters(), lr);
        DataLoader<Batch> loader = DataLoader.builder(d.train()).batchSize(64).shuffle(true).seed(data.seed).build();
        Generator noise = new Generator(data.seed + 1);
        for (int epoch = 0; epoch < epochs; epoch++) {
            long start = System.nanoTime();
            double[] sums = new double[3];
            int n = 0;
            for (Batch batch : loader) {
                Tensor x = batch.x();
                Vae.Loss loss = Vae.loss(vae.forward(x, noise), x, beta);
                opt.zeroGrad();
                loss.total().backward();
                opt.step();
                double total = loss.total().item();
                if (!Double.isFinite(total)) {
                    throw new IllegalStateException("vae: the loss became " + total + " in epoch " + (epoch + 1)
                            + "; lower --lr");
                }
                int b = x.size(0);
                sums[0] += total * b;
                sums[1] += loss.reconstruction().item() * b;
                sums[2] += loss.kl().item() * b;
                n += b;
            }
            out.printf(Locale.ROOT, "epoch %d/%d  %.1fs  loss %.2f  reconstruction %.2f  KL %.2f%n", epoch + 1, epochs,
                    (System.nanoTime() - start) / 1e9, sums[0] / n, sums[1] / n, sums[2] / n);
        }
        double[] test = evaluate(vae, d.test().x(), new Generator(data.seed + 2));
        double elbo = -(test[0] + test[1]);
        out.printf(Locale.ROOT, "test ELBO: %.2f nats per image (reconstruction %.2f + KL %.2f; one draw of z per image,"
                + " %d test images)%n", elbo, test[0], test[1], d.test().size());

        vae.eval();
        Path samples = dir.resolve("samples.png");
        try (var off = Grad.off()) {
            ImageGrid.save(samples, vae.sample(64, new Generator(data.seed + 3)), Collections.nCopies(64, ""), 8);
        }
        out.println("picture: " + samples + " (64 images decoded from z ~ N(0, I))");
        Path interpolation = dir.resolve("interpolation.png");
        saveInterpolations(interpolation, vae, d);
        out.println("picture: " + interpolation + " (decoded points on straight lines between the codes of two test"
                + " images, the images at both ends)");
        ModelFiles.save(dir.resolve("vae.safetensors"), new ModelFiles.Description("vae", Map.of("latent", latent),
                List.of(), Shape.of(1, 1, 28, 28)), vae);
        out.println("saved in " + dir + "/");
        return new Result(elbo, test[0], test[1], dir);
    }

    /** The mean reconstruction term and KL term over images x, with one draw of z each. */
    private static double[] evaluate(Vae vae, Tensor x, Generator noise) {
        boolean training = vae.isTraining();
        vae.eval();
        double[] sums = new double[2];
        try (var off = Grad.off()) {
            for (int from = 0; from < x.size(0); from += 500) {
                Tensor batch = x.narrow(0, from, Math.min(500, x.size(0) - from));
                Vae.Loss loss = Vae.loss(vae.forward(batch, noise), batch, 1.0);
                sums[0] += loss.reconstruction().item() * batch.size(0);
                sums[1] += loss.kl().item() * batch.size(0);
            }
        } finally {
            vae.train(training);
        }
        return new double[] {sums[0] / x.size(0), sums[1] / x.size(0)};
    }

    /** One row per pair of classes: the first test image, the decoded (1-t)·μ_a + t·μ_b for t = 0..1, the second. */
    private static void saveInterpolations(Path file, Vae vae, FashionData.Selected d) throws IOException {
        int[] first = FashionData.firstOfEachClass(d.test(), 10);
        List<Tensor> rows = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        try (var off = Grad.off()) {
            for (int[] pair : PAIRS) {
                Tensor a = d.test().x().select(0, first[pair[0]]).unsqueeze(0);
                Tensor b = d.test().x().select(0, first[pair[1]]).unsqueeze(0);
                Tensor za = vae.encode(a).mean();
                Tensor zb = vae.encode(b).mean();
                Tensor t = Tensor.linspace(0, 1, STEPS).unsqueeze(1);                       // (STEPS, 1)
                Tensor z = za.mul(t.neg().add(1.0)).add(zb.mul(t));                          // (STEPS, latent)
                rows.add(Tensor.cat(List.of(a, vae.decode(z), b), 0));
                titles.add(FashionMnist.CLASSES.get(pair[0]));
                for (int s = 0; s < STEPS; s++) {
                    titles.add(String.format(Locale.ROOT, "t = %.2f", s / (double) (STEPS - 1)));
                }
                titles.add(FashionMnist.CLASSES.get(pair[1]));
            }
        }
        ImageGrid.save(file, Tensor.cat(rows, 0), titles, STEPS + 2);
    }
}
