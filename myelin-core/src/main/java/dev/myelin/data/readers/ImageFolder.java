package dev.myelin.data.readers;

import dev.myelin.data.transforms.Resize;
import dev.myelin.io.InvalidFileException;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Images sorted into one folder per class, read into one tensor: torchvision's
 * {@code ImageFolder}, loaded eagerly.
 *
 * <p>{@code root/<class>/<image>}: the classes are the sub-folders' names in sorted order (label
 * i is {@code classes().get(i)}), the images of a class are its {@code .png}, {@code .jpg},
 * {@code .jpeg}, {@code .bmp} and {@code .gif} files in sorted order (other files are ignored),
 * decoded with {@code javax.imageio}. Pixels become float32 in [0, 1]; with 1 channel colour
 * images are turned to grey (ITU-R 601 luma, as PIL's {@code convert("L")}), with 3 grey images
 * are repeated over R, G and B; alpha is dropped. Images must all have one size unless a size is
 * given, in which case each is resized to it bilinearly ({@link Resize}).
 *
 * <p>Each image's header is read and its size checked (at most 2^26 pixels) before it is
 * decoded, and the total before the tensor is allocated; an unreadable image, an empty class
 * folder or a size mismatch is an {@link InvalidFileException} naming the file.
 *
 * <pre>{@code
 * ImageFolder f = ImageFolder.read(Path.of("flowers/train"), 3, 64, 64);
 * TensorDataset train = new TensorDataset(f.images(), f.labels());   // (N, 3, 64, 64), (N)
 * f.classes();                                                      // [daisy, rose, tulip]
 * }</pre>
 *
 * @param images the pixels (N, C, H, W) float32 in [0, 1]
 * @param labels the class of each image (N) int64
 * @param classes the class names, in label order
 * @param files the image files, in the order of {@code images}
 */
public record ImageFolder(Tensor images, Tensor labels, List<String> classes, List<Path> files) {
    /** The largest image accepted, in pixels. */
    static final long MAX_PIXELS = 1L << 26;
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    /** Copies the lists. */
    public ImageFolder {
        classes = List.copyOf(classes);
        files = List.copyOf(files);
    }

    /**
     * The images under {@code root}, which must all have the same size.
     *
     * @param channels 1 (grey) or 3 (RGB)
     */
    public static ImageFolder read(Path root, int channels) throws IOException {
        return read(root, channels, 0, 0);
    }

    /**
     * The images under {@code root}, each resized to {@code height × width}.
     *
     * @param channels 1 (grey) or 3 (RGB)
     */
    public static ImageFolder read(Path root, int channels, int height, int width) throws IOException {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("ImageFolder: channels must be 1 (grey) or 3 (RGB), got " + channels);
        }
        if (height < 0 || width < 0 || (height == 0) != (width == 0)) {
            throw new IllegalArgumentException("ImageFolder: expects a positive size (or none), got " + height + " x " + width);
        }
        List<String> classes = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Long> labels = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                List<Path> images;
                try (Stream<Path> entries = Files.list(dir)) {
                    images = entries.filter(p -> Files.isRegularFile(p) && isImage(p)).sorted().toList();
                }
                if (images.isEmpty()) {
                    throw new InvalidFileException("ImageFolder " + root + ": class folder '" + dir.getFileName()
                            + "' has no image files (" + String.join(", ", EXTENSIONS) + ")");
                }
                for (Path p : images) {
                    files.add(p);
                    labels.add((long) classes.size());
                }
                classes.add(dir.getFileName().toString());
            }
        }
        if (classes.isEmpty()) {
            throw new InvalidFileException("ImageFolder " + root + ": no class folders (expected root/<class>/<image>)");
        }
        int[] size = height > 0 ? new int[] {height, width} : sizeOfAll(files);
        long total = (long) files.size() * channels * size[0] * size[1];
        if (total > Integer.MAX_VALUE - 8) {
            throw new InvalidFileException("ImageFolder " + root + ": " + files.size() + " images of " + channels + " x "
                    + size[0] + " x " + size[1] + " are more than one tensor can hold (2^31 - 9 elements)");
        }
        Tensor out = Tensor.zeros(Shape.of(files.size(), channels, size[0], size[1]), DType.FLOAT32);
        float[] dst = out.storage().floats();
        int per = channels * size[0] * size[1];
        for (int i = 0; i < files.size(); i++) {
            Tensor image = decode(files.get(i), channels);
            if (image.size(2) != size[0] || image.size(3) != size[1]) {
                image = new Resize(size[0], size[1]).apply(image, null);
            }
            System.arraycopy(image.storage().floats(), 0, dst, i * per, per);
        }
        long[] y = labels.stream().mapToLong(Long::longValue).toArray();
        return new ImageFolder(out, Tensor.fromArray(y, y.length), classes, files);
    }

    private static boolean isImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    /** The common {height, width} of the files, read from their headers; a file of another size is an error. */
    private static int[] sizeOfAll(List<Path> files) throws IOException {
        int[] first = headerSize(files.getFirst());
        for (Path p : files) {
            int[] s = headerSize(p);
            if (s[0] != first[0] || s[1] != first[1]) {
                throw new InvalidFileException("ImageFolder: " + p + " is " + s[1] + " x " + s[0] + " pixels but "
                        + files.getFirst() + " is " + first[1] + " x " + first[0] + "; give a size to resize them all");
            }
        }
        return first;
    }

    /** {height, width} from the image's header, without decoding the pixels; checks the size limit. */
    private static int[] headerSize(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new InvalidFileException("ImageFolder: " + file + " is not an image javax.imageio can read");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w < 1 || h < 1 || (long) w * h > MAX_PIXELS) {
                    throw new InvalidFileException("ImageFolder: " + file + " declares " + w + " x " + h
                            + " pixels (the limit is 2^26 pixels per image)");
                }
                return new int[] {h, w};
            } catch (IOException | RuntimeException e) {
                if (e instanceof InvalidFileException invalid) {
                    throw invalid;
                }
                throw new InvalidFileException("ImageFolder: " + file + " is corrupt: " + e.getMessage());
            } finally {
                reader.dispose();
            }
        }
    }

    /**
     * One image file as a (1, channels, H, W) float32 tensor in [0, 1] (1 channel: grey, 3: RGB),
     * its size checked before decoding: what a model's {@code predict} reads.
     *
     * @throws InvalidFileException if the file is not an image javax.imageio can read, or is too large
     */
    public static Tensor readImage(Path file, int channels) throws IOException {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("ImageFolder.readImage: channels must be 1 or 3, got " + channels);
        }
        return decode(file, channels);
    }

    /** One image as a (1, channels, H, W) float32 tensor in [0, 1], its size checked before decoding. */
    private static Tensor decode(Path file, int channels) throws IOException {
        int[] size = headerSize(file);
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new InvalidFileException("ImageFolder: " + file + " is corrupt: " + e.getMessage());
        }
        if (image == null || image.getHeight() != size[0] || image.getWidth() != size[1]) {
            throw new InvalidFileException("ImageFolder: " + file + " could not be decoded");
        }
        int h = size[0];
        int w = size[1];
        Tensor out = Tensor.zeros(Shape.of(1, channels, h, w), DType.FLOAT32);
        float[] dst = out.storage().floats();
        Raster raster = image.getRaster();
        if (image.getColorModel().getNumColorComponents() == 1) {
            // Grey (perhaps with alpha in band 1): samples straight from band 0, since getRGB would
            // pass them through a colour-space conversion that brightens them.
            float scale = 1f / ((1 << raster.getSampleModel().getSampleSize(0)) - 1);
            int[] row = new int[w];
            for (int r = 0; r < h; r++) {
                raster.getSamples(0, r, w, 1, 0, row);
                for (int c = 0; c < channels; c++) {
                    for (int q = 0; q < w; q++) {
                        dst[(c * h + r) * w + q] = row[q] * scale;
                    }
                }
            }
            return out;
        }
        int[] argb = new int[w];
        for (int r = 0; r < h; r++) {
            image.getRGB(0, r, w, 1, argb, 0, w);
            for (int q = 0; q < w; q++) {
                int red = (argb[q] >> 16) & 0xFF;
                int green = (argb[q] >> 8) & 0xFF;
                int blue = argb[q] & 0xFF;
                if (channels == 1) {
                    dst[r * w + q] = (red * 299 + green * 587 + blue * 114) / 1000f / 255f;
                } else {
                    dst[r * w + q] = red / 255f;
                    dst[(h + r) * w + q] = green / 255f;
                    dst[(2 * h + r) * w + q] = blue / 255f;
                }
            }
        }
        return out;
    }
}
