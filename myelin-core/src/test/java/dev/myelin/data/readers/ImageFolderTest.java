package dev.myelin.data.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.myelin.io.InvalidFileException;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image folders: classes from folder names, pixel conversion, resizing, and rejected inputs. */
class ImageFolderTest {
    @TempDir
    Path root;

    /** Writes a w x h RGB image filled with one colour. */
    private static void rgb(Path file, int w, int h, int argb) throws IOException {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, argb);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(image, file.toString().endsWith(".png") ? "png" : "jpg", file.toFile());
    }

    /** Writes a grey PNG whose pixel (x, y) is 10·y + x. */
    private static void grey(Path file, int w, int h) throws IOException {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.getRaster().setSample(x, y, 0, 10 * y + x);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    @Test
    void classesAreTheSortedFolderNamesAndPixelsAreScaledToOne() throws IOException {
        rgb(root.resolve("zebra/b.png"), 3, 2, 0xFF0000);
        rgb(root.resolve("zebra/a.png"), 3, 2, 0x00FF00);
        rgb(root.resolve("cat/1.png"), 3, 2, 0x0000FF);
        rgb(root.resolve("cat/2.jpg"), 3, 2, 0x808080);
        Files.writeString(root.resolve("cat/notes.txt"), "not an image");
        Files.writeString(root.resolve("README"), "not a class");
        ImageFolder f = ImageFolder.read(root, 3);
        assertThat(f.classes()).containsExactly("cat", "zebra");
        assertThat(f.labels().toLongArray()).containsExactly(0, 0, 1, 1);
        assertThat(f.files()).extracting(p -> p.getFileName().toString()).containsExactly("1.png", "2.jpg", "a.png", "b.png");
        assertThat(f.images().shape()).isEqualTo(Shape.of(4, 3, 2, 3));
        assertThat(f.images().dtype()).isEqualTo(DType.FLOAT32);
        assertThat(f.images().select(0, 0).sum(new int[] {1, 2}, false).toFloatArray()).containsExactly(0, 0, 6);
        assertThat(f.images().get(1, 1, 0, 0)).isCloseTo(128 / 255.0, offset(0.02));     // JPEG is lossy
        assertThat(f.images().select(0, 2).sum(new int[] {1, 2}, false).toFloatArray()).containsExactly(0, 6, 0);

        ImageFolder grey = ImageFolder.read(root, 1);
        assertThat(grey.images().shape()).isEqualTo(Shape.of(4, 1, 2, 3));
        assertThat(grey.images().get(3, 0, 0, 0)).isCloseTo(0.299, offset(1e-6));          // red's luma
    }

    @Test
    void greyImagesKeepTheirExactLevelsAndRepeatOverRgb() throws IOException {
        grey(root.resolve("digits/0.png"), 4, 3);
        ImageFolder f = ImageFolder.read(root, 3);
        assertThat(f.images().get(0, 0, 2, 3)).isEqualTo(23 / 255f);
        assertThat(f.images().get(0, 2, 1, 1)).isEqualTo(11 / 255f);
    }

    @Test
    void imagesOfUnequalSizeAreRejectedUnlessASizeIsGiven() throws IOException {
        rgb(root.resolve("a/small.png"), 2, 2, 0xFFFFFF);
        rgb(root.resolve("b/large.png"), 4, 6, 0xFFFFFF);
        assertThatThrownBy(() -> ImageFolder.read(root, 3)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("large.png is 4 x 6 pixels but").hasMessageContaining("small.png is 2 x 2");
        ImageFolder f = ImageFolder.read(root, 1, 5, 5);
        assertThat(f.images().shape()).isEqualTo(Shape.of(2, 1, 5, 5));
        assertThat(f.images().toFloatArray()).containsOnly(1f);
    }

    @Test
    void badFoldersAndFilesAreNamed() throws IOException {
        Files.createDirectories(root.resolve("empty"));
        assertThatThrownBy(() -> ImageFolder.read(root, 3)).hasMessageContaining("class folder 'empty' has no image files");
        Files.delete(root.resolve("empty"));
        assertThatThrownBy(() -> ImageFolder.read(root, 3)).hasMessageContaining("no class folders");
        Path broken = root.resolve("x/broken.png");
        Files.createDirectories(broken.getParent());
        Files.write(broken, new byte[] {1, 2, 3, 4});
        assertThatThrownBy(() -> ImageFolder.read(root, 3)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining(broken + " is not an image javax.imageio can read");
        assertThatThrownBy(() -> ImageFolder.read(root, 2)).hasMessageContaining("channels must be 1 (grey) or 3 (RGB)");
    }

    @Test
    void anImageDeclaringHugeDimensionsIsRejectedBeforeDecoding() throws IOException {
        rgb(root.resolve("a/ok.png"), 2, 2, 0);
        byte[] png = Files.readAllBytes(root.resolve("a/ok.png"));
        ByteBuffer.wrap(png).putInt(16, 100_000).putInt(20, 100_000);    // IHDR width and height
        Files.write(root.resolve("a/ok.png"), png);
        assertThatThrownBy(() -> ImageFolder.read(root, 3)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("declares 100000 x 100000 pixels (the limit is 2^26 pixels per image)");
    }
}
