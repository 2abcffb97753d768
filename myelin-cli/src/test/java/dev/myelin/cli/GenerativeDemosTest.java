package dev.myelin.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generative demos end to end on a few hundred embedded images and one epoch: each prints its
 * figures, saves its pictures, and gives the same figures again from the same seed.
 */
class GenerativeDemosTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream text = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8);

    private String printed() {
        return text.toString(StandardCharsets.UTF_8);
    }

    private FashionData small(int images) {
        FashionData d = new FashionData();
        d.embedded = true;
        d.images = images;
        d.testImages = 200;
        d.seed = 3;
        d.runs = dir;
        return d;
    }

    @Test
    void autoencoderDenoisesAndScoresTheHeldOutClass() throws Exception {
        AutoencoderDemo demo = new AutoencoderDemo();
        demo.data = small(200);
        demo.epochs = 1;
        demo.latent = 8;
        demo.noise = 0.3;
        demo.anomalyClass = 1;
        demo.lr = 2e-3;
        AutoencoderDemo.Result r = demo.run(out);
        assertThat(r.psnrNoisy()).isBetween(5.0, 20.0);   // noise of std 0.3 costs about 13 dB
        assertThat(r.psnrDenoised()).isPositive();
        assertThat(r.auc()).isBetween(0.0, 1.0);
        assertThat(r.dir().resolve("denoising.png")).exists();
        assertThat(r.dir().resolve("anomaly-roc.png")).exists();
        assertThat(r.dir().resolve("latent-2d.png")).exists();
        assertThat(printed()).contains("test PSNR: ", "ROC-AUC of the reconstruction error for Trouser vs the rest: ");
        demo.anomalyClass = 10;
        assertThatThrownBy(() -> demo.run(out)).hasMessage("--anomaly-class must be a class 0-9, got 10");
    }

    @Test
    void vaeReportsItsElboAndIsReproducible() throws Exception {
        VaeDemo demo = new VaeDemo();
        demo.data = small(200);
        demo.epochs = 1;
        demo.latent = 4;
        demo.beta = 1;
        demo.lr = 1e-3;
        VaeDemo.Result first = demo.run(out);
        VaeDemo.Result again = demo.run(out);
        assertThat(first.elbo()).isNegative().isCloseTo(-(first.reconstruction() + first.kl()), within(1e-9));
        // Same seed, same run; up to the last bits that JIT-compiled float sums may change (see README, training).
        assertThat(again.elbo()).isCloseTo(first.elbo(), within(1e-3));
        assertThat(first.dir().resolve("samples.png")).exists();
        assertThat(first.dir().resolve("interpolation.png")).exists();
        assertThat(printed()).contains("test ELBO: ");
        demo.beta = -1;
        assertThatThrownBy(() -> demo.run(out)).hasMessage("--beta must be finite and non-negative, got -1.0");
    }

    @Test
    void ganSavesAGridPerEpochAndItsQualityFigure() throws Exception {
        GanDemo demo = new GanDemo();
        demo.data = small(128);
        demo.epochs = 2;
        demo.latent = 16;
        demo.width = 8;
        demo.lr = 2e-4;
        demo.realLabel = 0.9;
        demo.classifierEpochs = 1;
        demo.samples = 100;
        GanDemo.Result r = demo.run(out);
        assertThat(r.grids()).hasSize(2).allMatch(p -> p.toFile().isFile());
        assertThat(r.losses()).exists();
        assertThat(r.generatedConfidence()).isBetween(0.1, 1.0);
        assertThat(r.realConfidence()).isBetween(0.1, 1.0);
        assertThat(r.classEntropy()).isBetween(0.0, Math.log(10) + 1e-9);
        assertThat(printed()).contains("one-sided label smoothing", "quality: the classifier's mean max-softmax is");
    }

    @Test
    void clusterScoresPixelsAndCodes() throws Exception {
        ClusterDemo demo = new ClusterDemo();
        demo.data = small(200);
        demo.epochs = 1;
        demo.latent = 4;
        demo.lr = 2e-3;
        demo.k = 10;
        demo.nInit = 2;
        ClusterDemo.Result r = demo.run(out);
        for (ClusterDemo.Scores s : new ClusterDemo.Scores[] {r.pixels(), r.codes()}) {
            assertThat(s.adjustedRandIndex()).isBetween(-1.0, 1.0);
            assertThat(s.purity()).isBetween(0.1, 1.0);
        }
        assertThat(r.picture()).exists();
        assertThat(printed()).contains("raw pixels", "autoencoder codes");
    }
}
