package dev.myelin.cli;

import dev.myelin.data.FashionMnist;
import dev.myelin.models.ConvAutoencoder;
import dev.myelin.models.ModelFiles;
import dev.myelin.models.cluster.ClusterScores;
import dev.myelin.models.cluster.KMeans;
import dev.myelin.nn.Module;
import dev.myelin.plot.ImageGrid;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Tensor;
import dev.myelin.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Unsupervised learning on Fashion-MNIST: k-means on the test images' raw pixels against k-means
 * on their codes from a convolutional autoencoder trained without labels, each scored against the
 * true classes by the adjusted Rand index and the purity; a picture of the clusters of the codes.
 */
@Command(name = "cluster", description = "k-means on an autoencoder's codes vs on raw pixels, scored against the true"
        + " classes (adjusted Rand index, purity).")
final class ClusterDemo implements Callable<Integer> {
    private static final int PER_CLUSTER = 8;

    @Mixin
    FashionData data = new FashionData();

    @Option(names = "--epochs", description = "Epochs of the autoencoder (default: ${DEFAULT-VALUE}).", defaultValue = "5")
    int epochs;

    @Option(names = "--latent", description = "Code size of the autoencoder (default: ${DEFAULT-VALUE}).",
            defaultValue = "10")
    int latent;

    @Option(names = "--lr", description = "Adam's learning rate (default: ${DEFAULT-VALUE}).", defaultValue = "0.002")
    double lr;

    @Option(names = "--model", description = "A trained conv-autoencoder's .safetensors (./myelin demo autoencoder saves"
            + " one) instead of training one here.")
    Path model;

    @Option(names = "--k", description = "Clusters (default: ${DEFAULT-VALUE}, the number of classes).", defaultValue = "10")
    int k;

    @Option(names = "--n-init", description = "k-means runs from different seeds, the best kept (default:"
            + " ${DEFAULT-VALUE}).", defaultValue = "10")
    int nInit;

    /** How a clustering agrees with the true classes. */
    record Scores(double adjustedRandIndex, double purity) {}

    /** The scores of k-means on pixels and on codes, the picture and the run folder. */
    record Result(Scores pixels, Scores codes, Path picture, Path dir) {}

    @Override
    public Integer call() throws Exception {
        run(System.out);
        return 0;
    }

    Result run(PrintStream out) throws Exception {
        KMeans kMeans = KMeans.of(k).nInit(nInit);
        out.println("Clustering Fashion-MNIST without labels: k-means on pixels vs on autoencoder codes");
        FashionData.Selected d = data.load(out);
        Path dir = Runs.create(data.runs, "cluster");
        ConvAutoencoder ae = autoencoder(d, out);
        Tensor images = d.test().x();
        long[] truth = d.test().y().toLongArray();
        out.printf(Locale.ROOT, "k-means, k = %d, k-means++ seeding, best of %d runs, on the %d test images%n", k, nInit,
                images.size(0));
        KMeans.Clustering onPixels = kMeans.fit(images.flatten(1), new Generator(data.seed));
        Tensor codes = Trainer.predict(ae.encoder(), images, 500);
        KMeans.Clustering onCodes = kMeans.fit(codes, new Generator(data.seed));
        Scores pixels = new Scores(ClusterScores.adjustedRandIndex(truth, onPixels.labels()),
                ClusterScores.purity(truth, onPixels.labels()));
        Scores coded = new Scores(ClusterScores.adjustedRandIndex(truth, onCodes.labels()),
                ClusterScores.purity(truth, onCodes.labels()));
        out.println();
        out.printf(Locale.ROOT, "%-26s %5s %22s %8s%n", "features", "dims", "adjusted Rand index", "purity");
        out.printf(Locale.ROOT, "%-26s %5d %22.4f %8.4f%n", "raw pixels", 784, pixels.adjustedRandIndex(), pixels.purity());
        out.printf(Locale.ROOT, "%-26s %5d %22.4f %8.4f%n", "autoencoder codes", codes.size(1), coded.adjustedRandIndex(),
                coded.purity());
        out.println();
        Path picture = dir.resolve("clusters.png");
        saveClusters(picture, images, truth, onCodes.labels());
        out.println("picture: " + picture + " (test images of each cluster of the codes, titled with its most common"
                + " class)");
        return new Result(pixels, coded, picture, dir);
    }

    /** The autoencoder from --model, or one trained here on the training images. */
    private ConvAutoencoder autoencoder(FashionData.Selected d, PrintStream out) throws IOException {
        if (model != null) {
            Module loaded = ModelFiles.load(model).model();
            if (!(loaded instanceof ConvAutoencoder ae)) {
                throw new IllegalArgumentException("--model: " + model + " holds a " + loaded.getClass().getSimpleName()
                        + ", expected a conv-autoencoder (./myelin demo autoencoder saves one)");
            }
            out.println("autoencoder: " + model + ", " + ae.latentDim() + " numbers per image");
            return ae;
        }
        out.printf(Locale.ROOT, "autoencoder: convolutional, %d numbers per image, trained without labels for %d epochs%n",
                latent, epochs);
        return AutoencoderDemo.train(d.train().x(), null, latent, epochs, lr, data.seed, out);
    }

    /** A row per cluster: its first test images, titled with the cluster's most common class and its share. */
    private void saveClusters(Path file, Tensor images, long[] truth, long[] cluster) throws IOException {
        List<Tensor> rows = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            int id = c;
            int[] members = IntStream.range(0, cluster.length).filter(i -> cluster[i] == id).toArray();
            if (members.length == 0) {
                continue;
            }
            long[] counts = new long[FashionMnist.CLASSES.size()];
            IntStream.of(members).forEach(i -> counts[(int) truth[i]]++);
            int top = IntStream.range(0, counts.length).reduce((a, b) -> counts[b] > counts[a] ? b : a).orElseThrow();
            String title = String.format(Locale.ROOT, "%d: %s %.0f%%", c + 1, FashionMnist.CLASSES.get(top),
                    100.0 * counts[top] / members.length);
            int shown = Math.min(PER_CLUSTER, members.length);
            rows.add(images.indexSelect(0, Tensor.fromArray(Arrays.copyOf(members, shown), shown)));
            for (int i = 0; i < PER_CLUSTER; i++) {
                titles.add(i == 0 ? title : "");
            }
            if (shown < PER_CLUSTER) {
                rows.add(Tensor.zeros(PER_CLUSTER - shown, 1, 28, 28));
            }
        }
        ImageGrid.save(file, Tensor.cat(rows, 0), titles, PER_CLUSTER);
    }
}
