package dev.myelin.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.io.InvalidFileException;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shape;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Fashion-MNIST loader on the embedded subset. myelin-core does not depend on myelin-datasets
 * (so that building this module alone needs nothing installed), so the test reads the subset from
 * the repository: as classpath resources through a class loader over the resource folder, and as
 * a directory.
 */
class FashionMnistTest {
    static final Path RESOURCES = Path.of("../myelin-datasets/src/main/resources").toAbsolutePath().normalize();

    @Test
    void theEmbeddedSubsetHasTenThousandTrainingAndTwoThousandTestImages() throws Exception {
        FashionMnist data;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {RESOURCES.toUri().toURL()}, null)) {
            data = FashionMnist.embedded(loader);
        }
        assertThat(data.source()).contains("embedded").contains("10000 training and 2000 test images");
        assertThat(data.train().size()).isEqualTo(10_000);
        assertThat(data.test().size()).isEqualTo(2_000);
        assertThat(data.train().x().shape()).isEqualTo(Shape.of(10_000, 1, 28, 28));
        assertThat(data.train().x().dtype()).isEqualTo(DType.FLOAT32);
        assertThat(data.train().y().dtype()).isEqualTo(DType.INT64);
        assertThat(data.train().x().min().item()).isEqualTo(0);
        assertThat(data.train().x().max().item()).isEqualTo(1);
        assertThat(data.train().x().mean().item()).isBetween(0.25, 0.32);     // 0.286 on the full set
        long[] counts = new long[10];
        for (long y : data.train().y().toLongArray()) {
            counts[(int) y]++;
        }
        for (long c : counts) {
            assertThat(c).as("images per class").isBetween(900L, 1100L);
        }
        assertThat(FashionMnist.CLASSES).hasSize(10).startsWith("T-shirt/top").endsWith("Ankle boot");
    }

    @Test
    void aDirectoryIsReadAndMissingFilesAreNamed(@TempDir Path empty) throws Exception {
        FashionMnist data = FashionMnist.load(RESOURCES.resolve(FashionMnist.RESOURCE_DIR));
        assertThat(data.test().size()).isEqualTo(2_000);
        assertThat(data.source()).startsWith("Fashion-MNIST from ");
        assertThatThrownBy(() -> FashionMnist.load(empty)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("has neither train-images-idx3-ubyte.gz nor train-images-idx3-ubyte");
        try (URLClassLoader nothing = new URLClassLoader(new URL[0], null)) {
            assertThatThrownBy(() -> FashionMnist.embedded(nothing))
                    .hasMessageContaining("is not on the classpath; add the dependency dev.myelin:myelin-datasets");
        }
    }
}
