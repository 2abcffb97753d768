package dev.myelin.cli;

import dev.myelin.autograd.Grad;
import dev.myelin.data.Batch;
import dev.myelin.data.DataLoader;
import dev.myelin.data.FashionMnist;
import dev.myelin.models.Dcgan;
import dev.myelin.models.DcganDiscriminator;
import dev.myelin.models.DcganGenerator;
import dev.myelin.models.FashionCnn;
import dev.myelin.models.ModelFiles;
import dev.myelin.nn.Module;
import dev.myelin.nn.functional.F;
import dev.myelin.optim.Adam;
import dev.myelin.plot.ImageGrid;
import dev.myelin.plot.Plot;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import dev.myelin.train.Metrics;
import dev.myelin.train.ProgressBar;
import dev.myelin.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A DCGAN ({@link Dcgan}) trained adversarially on Fashion-MNIST: a grid of samples from the same
 * noise after every epoch, a plot of both players' losses, and a quality figure: the mean
 * max-softmax of a Fashion-MNIST classifier (the quickstart's {@link FashionCnn}) on generated
 * images, next to the same figure on real test images, with the spread of the classes it sees in
 * the samples as a check against mode collapse.
 */
@Command(name = "gan", description = "A DCGAN trained adversarially: samples after every epoch, both players' losses,"
        + " and the quickstart classifier's confidence on the generated images.")
final class GanDemo implements Callable<Integer> {
    private static final int GRID = 64;

    @Mixin
    FashionData data = new FashionData();

    @Option(names = "--epochs", description = "Epochs (default: ${DEFAULT-VALUE}).", defaultValue = "5")
    int epochs;

    @Option(names = "--latent", description = "Size of the noise vectors (default: ${DEFAULT-VALUE}).", defaultValue = "100")
    int latent;

    @Option(names = "--width", description = "Feature maps of the players' outer layers; 64 in the DCGAN paper"
            + " (default: ${DEFAULT-VALUE}).", defaultValue = "32")
    int width;

    @Option(names = "--lr", description = "Adam's learning rate for both players (default: ${DEFAULT-VALUE}).",
            defaultValue = "0.0002")
    double lr;

    @Option(names = "--real-label", description = "The discriminator's target for real images; below 1 is one-sided"
            + " label smoothing, the guard against mode collapse (default: ${DEFAULT-VALUE}).", defaultValue = "0.9")
    double realLabel;

    @Option(names = "--classifier", description = "A Fashion-MNIST classifier's model.safetensors, e.g. from ./myelin"
            + " quickstart (default: train a FashionCnn for --classifier-epochs here).")
    Path classifierFile;

    @Option(names = "--classifier-epochs", description = "Epochs of the classifier trained when none is given"
            + " (default: ${DEFAULT-VALUE}).", defaultValue = "2")
    int classifierEpochs;

    @Option(names = "--samples", description = "Generated images the quality figure is computed on (default:"
            + " ${DEFAULT-VALUE}).", defaultValue = "1000")
    int samples;

    /**
     * The figures of a run: the classifier's mean max-softmax on generated and on real images, the
     * entropy of the classes it gives the generated images (nats), the pictures and the folder.
     */
    record Result(double generatedConfidence, double realConfidence, double classEntropy, List<Path> grids,
            Path losses, Path dir) {}

    @Override
    public Integer call() throws Exception {
        run(System.out);
        return 0;
    }

    Result run(PrintStream out) throws Exception {
        if (samples < 10) {
            throw new IllegalArgumentException("--samples must be at least 10, got " + samples);
        }
        out.println("DCGAN on Fashion-MNIST");
        FashionData.Selected d = data.load(out);
        Path dir = Runs.create(data.runs, "gan");
        Module classifier = classifier(d, out);

        Generator.seedDefault(data.seed);
        Dcgan gan = new Dcgan(new DcganGenerator(latent, width), new DcganDiscriminator(width), lr, realLabel);
        out.printf(Locale.ROOT, "generator: %d noise numbers -> transposed convolutions %d, %d, 1 maps with BatchNorm and"
                + " ReLU, tanh (%,d parameters)%n", latent, 2 * width, width, gan.generator().parameterCount());
        out.printf(Locale.ROOT, "discriminator: convolutions %d, %d, 1 maps with LeakyReLU 0.2 and BatchNorm (%,d"
                + " parameters)%n", width, 2 * width, gan.discriminator().parameterCount());
        out.printf(Locale.ROOT, "train: %d epochs of batches of 64, Adam %s (beta1 0.5) for each player; real images"
                + " scaled to [-1, 1]; %s%n", epochs, lr, realLabel < 1 ? "one-sided label smoothing: the discriminator's"
                + " target for real images is " + realLabel : "no label smoothing");

        Generator rng = new Generator(data.seed + 1);
        Tensor fixed = gan.generator().noise(GRID, new Generator(data.seed + 2));
        DataLoader<Batch> loader = DataLoader.builder(d.train()).batchSize(64).shuffle(true).dropLast(true)
                .seed(data.seed).build();
        List<Double> dLosses = new ArrayList<>();
        List<Double> gLosses = new ArrayList<>();
        List<Path> grids = new ArrayList<>();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long start = System.nanoTime();
            double[] sums = new double[4];
            int steps = 0;
            for (Batch b : loader) {
                Tensor real = b.x().mul(2).sub(1);
                Dcgan.Losses l = gan.step(real, gan.generator().noise(real.size(0), rng));
                if (!Double.isFinite(l.discriminator()) || !Double.isFinite(l.generator())) {
                    throw new IllegalStateException("gan: a loss became " + l + " in epoch " + epoch + "; lower --lr");
                }
                dLosses.add(l.discriminator());
                gLosses.add(l.generator());
                sums[0] += l.discriminator();
                sums[1] += l.generator();
                sums[2] += l.realScore();
                sums[3] += l.fakeScore();
                steps++;
            }
            out.printf(Locale.ROOT, "epoch %d/%d  %.1fs  D loss %.4f  G loss %.4f  D(real) %.3f  D(fake) %.3f%n", epoch,
                    epochs, (System.nanoTime() - start) / 1e9, sums[0] / steps, sums[1] / steps, sums[2] / steps,
                    sums[3] / steps);
            Path grid = dir.resolve(String.format(Locale.ROOT, "samples-epoch-%02d.png", epoch));
            Tensor images = generate(gan.generator(), fixed);
            ImageGrid.save(grid, images, titles(classifier, images), 8);
            grids.add(grid);
        }
        out.println("pictures: " + dir + "/samples-epoch-*.png (the same 64 noise vectors after each epoch, titled with"
                + " the classifier's class and confidence)");
        Path lossFile = dir.resolve("losses.png");
        saveLosses(lossFile, dLosses, gLosses);
        out.println("picture: " + lossFile + " (both players' losses per step)");

        Tensor generated = generate(gan.generator(), gan.generator().noise(samples, new Generator(data.seed + 3)));
        Tensor real = d.test().x().narrow(0, 0, Math.min(samples, d.test().size()));
        Tensor generatedProbs = Trainer.predict(classifier, generated, 500).softmax(1);
        double generatedConfidence = generatedProbs.amax(new int[] {1}, false).mean().item();
        double realConfidence = Trainer.predict(classifier, real, 500).softmax(1).amax(new int[] {1}, false).mean().item();
        double[] share = classShares(generatedProbs);
        double entropy = 0;
        StringBuilder spread = new StringBuilder();
        for (int c = 0; c < share.length; c++) {
            entropy -= share[c] > 0 ? share[c] * Math.log(share[c]) : 0;
            spread.append(String.format(Locale.ROOT, "%s%s %.0f%%", c == 0 ? "" : ", ", FashionMnist.CLASSES.get(c),
                    100 * share[c]));
        }
        out.printf(Locale.ROOT, "quality: the classifier's mean max-softmax is %.3f on %d generated images (%.3f on %d real"
                + " test images)%n", generatedConfidence, samples, realConfidence, real.size(0));
        out.println("classes it sees in the generated images: " + spread);
        out.printf(Locale.ROOT, "spread of those classes (mode-collapse check): entropy %.3f nats; %.3f if all ten were"
                + " equally common, 0 if only one%n", entropy, Math.log(10));
        ModelFiles.save(dir.resolve("generator.safetensors"), new ModelFiles.Description("dcgan-generator",
                Map.of("latent", latent, "width", width), List.of(), Shape.of(1, latent)), gan.generator());
        out.println("saved in " + dir + "/");
        return new Result(generatedConfidence, realConfidence, entropy, grids, lossFile, dir);
    }

    /** The classifier from --classifier, or a FashionCnn trained here; its test accuracy printed either way. */
    private Module classifier(FashionData.Selected d, PrintStream out) throws IOException {
        Module model;
        if (classifierFile != null) {
            model = ModelFiles.load(classifierFile).model();
            out.println("classifier: " + classifierFile);
        } else {
            out.printf(Locale.ROOT, "classifier: the quickstart's FashionCnn, trained here for %d epochs (give a trained"
                    + " one with --classifier)%n", classifierEpochs);
            Generator.seedDefault(data.seed);
            FashionCnn cnn = new FashionCnn();
            DataLoader<Batch> loader = DataLoader.builder(d.train()).batchSize(64).shuffle(true).seed(data.seed).build();
            Trainer.builder(cnn, new Adam(cnn.parameters(), 1e-3), F::crossEntropy).epochs(classifierEpochs).seed(data.seed)
                    .callbacks(new ProgressBar(out)).build().fit(loader, null);
            model = cnn;
        }
        Tensor logits = Trainer.predict(model, d.test().x(), 500);
        if (logits.dim() != 2 || logits.size(1) != FashionMnist.CLASSES.size()) {
            throw new IllegalArgumentException("--classifier: the model gives outputs of shape " + logits.shape()
                    + " for the test images; expected (N, 10), the Fashion-MNIST classes");
        }
        out.printf(Locale.ROOT, "classifier test accuracy: %.4f%n", Metrics.accuracy(logits, d.test().y()));
        return model;
    }

    /** The generator's images of noise z, in [0, 1], computed in evaluation mode (batch-norm running statistics). */
    private static Tensor generate(DcganGenerator generator, Tensor z) {
        return Trainer.predict(generator, z, 500).add(1.0).div(2.0);
    }

    /** "Sneaker 0.97": the classifier's class and confidence for each image. */
    private static List<String> titles(Module classifier, Tensor images) {
        Tensor probs = Trainer.predict(classifier, images, 500).softmax(1);
        Tensor.ValuesIndices top = probs.max(1, false);
        double[] p = top.values().toDoubleArray();
        long[] c = top.indices().toLongArray();
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            titles.add(String.format(Locale.ROOT, "%s %.2f", FashionMnist.CLASSES.get((int) c[i]), p[i]));
        }
        return titles;
    }

    private static double[] classShares(Tensor probs) {
        long[] predicted = Metrics.predictedClasses(probs).toLongArray();
        long[] count = new long[probs.size(1)];
        for (long c : predicted) {
            count[(int) c]++;
        }
        return Arrays.stream(count).mapToDouble(n -> (double) n / predicted.length).toArray();
    }

    /** Both losses per step, each averaged over a sliding window of 20 steps. */
    private static void saveLosses(Path file, List<Double> d, List<Double> g) throws IOException {
        int window = Math.min(20, d.size());
        Plot plot = Plot.of("DCGAN losses (mean of the last " + window + " steps)", "step", "binary cross-entropy")
                .line("discriminator", steps(d.size(), window), movingMean(d, window))
                .line("generator", steps(g.size(), window), movingMean(g, window));
        plot.chart().getSeriesMap().values().forEach(s -> s.setMarker(SeriesMarkers.NONE));
        plot.save(file);
    }

    private static double[] steps(int n, int window) {
        double[] x = new double[n - window + 1];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + window;
        }
        return x;
    }

    private static double[] movingMean(List<Double> values, int window) {
        double[] out = new double[values.size() - window + 1];
        double sum = 0;
        for (int i = 0; i < values.size(); i++) {
            sum += values.get(i) - (i >= window ? values.get(i - window) : 0);
            if (i >= window - 1) {
                out[i - window + 1] = sum / window;
            }
        }
        return out;
    }
}
