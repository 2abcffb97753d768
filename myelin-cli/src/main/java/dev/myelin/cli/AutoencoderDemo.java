package dev.myelin.cli;

import dev.myelin.data.DataLoader;
import dev.myelin.data.FashionMnist;
import dev.myelin.data.TensorDataset;
import dev.myelin.data.transforms.Transform;
import dev.myelin.models.ConvAutoencoder;
import dev.myelin.models.ModelFiles;
import dev.myelin.nn.functional.F;
import dev.myelin.optim.Adam;
import dev.myelin.plot.ImageGrid;
import dev.myelin.plot.Plot;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import dev.myelin.train.Metrics;
import dev.myelin.train.ProgressBar;
import dev.myelin.train.RocCurve;
import dev.myelin.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A convolutional autoencoder ({@link ConvAutoencoder}) used three ways on Fashion-MNIST:
 * (1) denoising: trained to rebuild clean images from ones with Gaussian noise, PSNR before and
 * after on the test set and a picture of noisy, denoised and clean images; (2) anomaly detection:
 * trained on nine classes, its reconstruction error tells the held-out tenth class apart (ROC-AUC,
 * ROC curve); (3) dimensionality reduction: a 2-number code, the test set drawn in it by class.
 */
@Command(name = "autoencoder", description = "A convolutional autoencoder three ways: denoising (PSNR), anomaly"
        + " detection of a held-out class (ROC-AUC) and a 2-D latent space.")
final class AutoencoderDemo implements Callable<Integer> {
    @Mixin
    FashionData data = new FashionData();

    @Option(names = "--epochs", description = "Epochs of each of the three trainings (default: ${DEFAULT-VALUE}).",
            defaultValue = "5")
    int epochs;

    @Option(names = "--latent", description = "Code size of the denoising and anomaly autoencoders (default:"
            + " ${DEFAULT-VALUE}).", defaultValue = "32")
    int latent;

    @Option(names = "--noise", description = "Standard deviation of the Gaussian noise (default: ${DEFAULT-VALUE}).",
            defaultValue = "0.3")
    double noise;

    @Option(names = "--anomaly-class", description = "The class held out as the anomaly, 0-9 (default: ${DEFAULT-VALUE},"
            + " Bag).", defaultValue = "8")
    int anomalyClass;

    @Option(names = "--lr", description = "Adam's learning rate (default: ${DEFAULT-VALUE}).", defaultValue = "0.002")
    double lr;

    /** The figures of a run and its folder. */
    record Result(double psnrNoisy, double psnrDenoised, double auc, Path dir) {}

    @Override
    public Integer call() throws Exception {
        run(System.out);
        return 0;
    }

    Result run(PrintStream out) throws Exception {
        if (anomalyClass < 0 || anomalyClass > 9) {
            throw new IllegalArgumentException("--anomaly-class must be a class 0-9, got " + anomalyClass);
        }
        if (!(noise > 0)) {
            throw new IllegalArgumentException("--noise must be positive, got " + noise);
        }
        out.println("Convolutional autoencoders on Fashion-MNIST");
        FashionData.Selected d = data.load(out);
        Path dir = Runs.create(data.runs, "autoencoder");

        out.printf(Locale.ROOT, "%n1. Denoising: %d-number code, trained on images with Gaussian noise (std %s, clipped to"
                + " [0, 1]) to give the clean image, %d epochs%n", latent, noise, epochs);
        Transform corrupt = (x, g) -> x.add(Tensor.randn(x.shape(), x.dtype(), g), noise).clamp(0, 1);
        ConvAutoencoder denoiser = train(d.train().x(), corrupt, latent, out);
        Tensor clean = d.test().x();
        Tensor noisy = corrupt.apply(clean, new Generator(data.seed + 1));
        Tensor denoised = Trainer.predict(denoiser, noisy, 500);
        double before = psnr(noisy, clean);
        double after = psnr(denoised, clean);
        out.printf(Locale.ROOT, "test PSNR: %.2f dB noisy -> %.2f dB denoised (%+.2f dB), mean over %d test images%n",
                before, after, after - before, clean.size(0));
        Path grid = dir.resolve("denoising.png");
        saveDenoising(grid, d.test(), noisy, denoised);
        ModelFiles.save(dir.resolve("autoencoder.safetensors"), new ModelFiles.Description("conv-autoencoder",
                Map.of("latent", latent), List.of(), Shape.of(1, 1, 28, 28)), denoiser);
        out.println("picture: " + grid + " (noisy, denoised and clean test images)");

        String held = FashionMnist.CLASSES.get(anomalyClass);
        TensorDataset normal = exceptClass(d.train(), anomalyClass);
        out.printf(Locale.ROOT, "%n2. Anomaly detection: trained on the %d training images of the other nine classes,"
                + " %d epochs; class %d (%s) is the anomaly%n", normal.size(), epochs, anomalyClass, held);
        ConvAutoencoder normalOnly = train(normal.x(), null, latent, out);
        Tensor error = perImageMse(Trainer.predict(normalOnly, clean, 500), clean);
        Tensor isAnomaly = d.test().y().eq((double) anomalyClass).to(DType.INT64);
        RocCurve roc = RocCurve.of(error, isAnomaly);
        double auc = Metrics.rocAuc(error, isAnomaly);
        double[] mean = meanByGroup(error, isAnomaly);
        out.printf(Locale.ROOT, "mean reconstruction error (MSE): %.4f on the nine known classes, %.4f on %s%n", mean[0],
                mean[1], held);
        out.printf(Locale.ROOT, "ROC-AUC of the reconstruction error for %s vs the rest: %.4f%n", held, auc);
        Path rocFile = dir.resolve("anomaly-roc.png");
        Plot rocPlot = Plot.of("Anomaly detection: " + held + " held out of training", "false-positive rate",
                "true-positive rate", 640, 600)
                .line(String.format(Locale.ROOT, "reconstruction error (AUC %.3f)", auc), roc.falsePositiveRate(),
                        roc.truePositiveRate())
                .line("chance (AUC 0.5)", new double[] {0, 1}, new double[] {0, 1})
                .legend(Styler.LegendPosition.InsideSE);
        rocPlot.chart().getSeriesMap().values().forEach(s -> s.setMarker(SeriesMarkers.NONE));
        // Fixed unit axes with one decimal: XChart's own ticks for a curve of thousands of points are unreadable.
        rocPlot.chart().getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0)
                .setXAxisDecimalPattern("0.0").setYAxisDecimalPattern("0.0");
        rocPlot.save(rocFile);
        out.println("picture: " + rocFile + " (ROC curve)");

        out.printf(Locale.ROOT, "%n3. Dimensionality reduction: a 2-number code, %d epochs%n", epochs);
        ConvAutoencoder flat = train(d.train().x(), null, 2, out);
        Tensor codes = Trainer.predict(flat.encoder(), clean, 500);
        Path scatter = dir.resolve("latent-2d.png");
        saveScatter(scatter, codes, d.test().y().toLongArray());
        out.printf(Locale.ROOT, "test reconstruction MSE with 2 numbers per image: %.4f%n",
                perImageMse(Trainer.predict(flat, clean, 500), clean).mean().item());
        out.println("picture: " + scatter + " (the test images' codes, coloured by class)");
        out.println("\nsaved in " + dir + "/ (autoencoder.safetensors: the denoising autoencoder; ./myelin demo cluster"
                + " --model takes it)");
        return new Result(before, after, auc, dir);
    }

    /** An autoencoder with a {@code code}-number code trained to give {@code images} back from (corrupted) ones. */
    private ConvAutoencoder train(Tensor images, Transform corrupt, int code, PrintStream out) {
        return train(images, corrupt, code, epochs, lr, data.seed, out);
    }

    /**
     * Trains a {@link ConvAutoencoder} with Adam on the mean squared error between its output for
     * (corrupted, unless {@code corrupt} is null) images and the images, batches of 64.
     */
    static ConvAutoencoder train(Tensor images, Transform corrupt, int code, int epochs, double lr, long seed,
            PrintStream out) {
        Generator.seedDefault(seed);
        ConvAutoencoder ae = new ConvAutoencoder(code);
        var loader = DataLoader.builder(new TensorDataset(images, images)).batchSize(64).shuffle(true).seed(seed);
        if (corrupt != null) {
            loader.transform(corrupt);
        }
        Trainer.builder(ae, new Adam(ae.parameters(), lr), F::mseLoss).epochs(epochs).seed(seed)
                .callbacks(new ProgressBar(out)).build().fit(loader.build(), null);
        return ae;
    }

    /** The mean squared error of each image: (N, 1, 28, 28) twice -> (N). */
    static Tensor perImageMse(Tensor images, Tensor clean) {
        return images.sub(clean).square().flatten(1).mean(1);
    }

    /** The peak signal-to-noise ratio for pixels in [0, 1], 10·log10(1 / MSE), averaged over the images, in dB. */
    static double psnr(Tensor images, Tensor clean) {
        return perImageMse(images, clean).log().mul(-10 / Math.log(10)).mean().item();
    }

    private static double[] meanByGroup(Tensor values, Tensor group) {
        double[] v = values.toDoubleArray();
        long[] g = group.toLongArray();
        double[] sum = new double[2];
        int[] count = new int[2];
        for (int i = 0; i < v.length; i++) {
            sum[(int) g[i]] += v[i];
            count[(int) g[i]]++;
        }
        return new double[] {sum[0] / count[0], sum[1] / count[1]};
    }

    private static TensorDataset exceptClass(TensorDataset data, int held) {
        long[] labels = data.y().toLongArray();
        return data.subset(IntStream.range(0, labels.length).filter(i -> labels[i] != held).toArray());
    }

    /** Three rows over one test image of each class: noisy, denoised, clean, each titled with its PSNR. */
    private static void saveDenoising(Path file, TensorDataset test, Tensor noisy, Tensor denoised) throws IOException {
        Tensor index = Tensor.fromArray(FashionData.firstOfEachClass(test, 10), 10);
        Tensor clean = test.x().indexSelect(0, index);
        List<Tensor> rows = List.of(noisy.indexSelect(0, index), denoised.indexSelect(0, index), clean);
        List<String> titles = new ArrayList<>();
        String[] names = {"noisy", "denoised", "clean"};
        for (int r = 0; r < 3; r++) {
            double[] db = r == 2 ? null : perImageMse(rows.get(r), clean).toDoubleArray();
            for (int c = 0; c < 10; c++) {
                titles.add(db == null ? "clean" : String.format(Locale.ROOT, "%s %.1f dB", names[r], -10 * Math.log10(db[c])));
            }
        }
        ImageGrid.save(file, Tensor.cat(rows, 0), titles, 10);
    }

    private static void saveScatter(Path file, Tensor codes, long[] labels) throws IOException {
        Plot plot = Plot.of("Fashion-MNIST test images in a 2-D autoencoder code", "z1", "z2", 900, 700);
        float[] z = codes.contiguous().toFloatArray();
        for (int c = 0; c < 10; c++) {
            int cls = c;
            int[] rows = IntStream.range(0, labels.length).filter(i -> labels[i] == cls).toArray();
            plot.scatter(FashionMnist.CLASSES.get(c), IntStream.of(rows).mapToDouble(i -> z[2 * i]).toArray(),
                    IntStream.of(rows).mapToDouble(i -> z[2 * i + 1]).toArray());
        }
        plot.legend(Styler.LegendPosition.OutsideE);
        plot.chart().getStyler().setMarkerSize(4);
        plot.save(file);
    }
}
