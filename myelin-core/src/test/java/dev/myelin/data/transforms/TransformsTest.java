package dev.myelin.data.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The batch transforms: shapes, reproducibility from a generator, and what each one does to the pixels. */
class TransformsTest {
    /** A batch (4, 2, 5, 6) of distinct positive values. */
    private static Tensor batch() {
        return Tensor.rand(Shape.of(4, 2, 5, 6), DType.FLOAT32, new Generator(1)).add(1.0);
    }

    static Stream<Transform> randomTransforms() {
        return Stream.of(new RandomCrop(5, 6, 2, 0), new RandomHorizontalFlip(0.5), RandomAffine.rotation(30),
                new RandomAffine(10, 0.2, 0.8, 1.2, 0), new GaussianNoise(0.3), new RandomErasing(),
                Compose.of(new RandomCrop(5, 6, 1, 0), new RandomErasing(1, 0.1, 0.3, 0.5, 2, -1)));
    }

    @ParameterizedTest
    @MethodSource("randomTransforms")
    void randomTransformsKeepTheShapeDependOnlyOnTheGeneratorAndLeaveTheInputAlone(Transform t) {
        Tensor x = batch();
        float[] before = x.toFloatArray();
        Tensor a = t.apply(x, new Generator(9));
        Tensor b = t.apply(x, new Generator(9));
        assertThat(a.shape()).isEqualTo(x.shape());
        assertThat(a.toFloatArray()).isEqualTo(b.toFloatArray());
        assertThat(t.apply(x, new Generator(10)).toFloatArray()).isNotEqualTo(a.toFloatArray());
        assertThat(x.toFloatArray()).isEqualTo(before);
    }

    @Test
    void flippingTwiceIsTheIdentityAndFlipReversesRows() {
        Tensor x = batch();
        RandomHorizontalFlip always = new RandomHorizontalFlip(1);
        Tensor once = always.apply(x, new Generator(0));
        assertThat(always.apply(once, new Generator(0)).toFloatArray()).isEqualTo(x.toFloatArray());
        assertThat(once.get(2, 1, 3, 0)).isEqualTo(x.get(2, 1, 3, 5));
        assertThat(new RandomHorizontalFlip(0).apply(x, new Generator(0)).toFloatArray()).isEqualTo(x.toFloatArray());
    }

    @Test
    void aCropOfThePaddedImageIsTheImageShiftedWithinThePadding() {
        Tensor x = batch();
        int pad = 2;
        Tensor out = new RandomCrop(5, 6, pad, 0).apply(x, new Generator(4));
        int shifted = 0;
        for (int b = 0; b < 4; b++) {
            int[] shift = findShift(x.select(0, b), out.select(0, b), pad);
            assertThat(shift).as("sample %d is a shifted copy", b).isNotNull();
            shifted += shift[0] != 0 || shift[1] != 0 ? 1 : 0;
        }
        assertThat(shifted).isPositive();
        Tensor big = new RandomCrop(9, 2).apply(x, new Generator(0));      // larger than the image: all of it, padded
        assertThat(big.shape()).isEqualTo(Shape.of(4, 2, 9, 9));
        assertThat(big.sum().item()).isCloseTo(x.sum().item(), offset(1e-3));
        assertThatThrownBy(() -> new RandomCrop(10, 2).apply(x, new Generator(0)))
                .hasMessageContaining("a 10 x 10 crop does not fit images of 5 x 6 padded by 2");
    }

    /** The (dy, dx) with out[c][r][q] = image[c][r + dy][q + dx] (0 outside), or null. */
    private static int[] findShift(Tensor image, Tensor out, int pad) {
        for (int dy = -pad; dy <= pad; dy++) {
            for (int dx = -pad; dx <= pad; dx++) {
                if (matches(image, out, dy, dx)) {
                    return new int[] {dy, dx};
                }
            }
        }
        return null;
    }

    private static boolean matches(Tensor image, Tensor out, int dy, int dx) {
        for (int c = 0; c < out.size(0); c++) {
            for (int r = 0; r < out.size(1); r++) {
                for (int q = 0; q < out.size(2); q++) {
                    int sr = r + dy;
                    int sq = q + dx;
                    boolean inside = sr >= 0 && sr < image.size(1) && sq >= 0 && sq < image.size(2);
                    if (out.get(c, r, q) != (inside ? image.get(c, sr, sq) : 0)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    @Test
    void erasingChangesOnlyOneRectangleOfEachErasedSample() {
        Tensor x = batch();
        Tensor out = new RandomErasing(1, 0.1, 0.3, 0.5, 2, -1).apply(x, new Generator(2));
        for (int b = 0; b < 4; b++) {
            int top = Integer.MAX_VALUE;
            int left = Integer.MAX_VALUE;
            int bottom = -1;
            int right = -1;
            int changed = 0;
            for (int r = 0; r < 5; r++) {
                for (int q = 0; q < 6; q++) {
                    if (out.get(b, 0, r, q) != x.get(b, 0, r, q)) {
                        top = Math.min(top, r);
                        bottom = Math.max(bottom, r);
                        left = Math.min(left, q);
                        right = Math.max(right, q);
                        changed++;
                        assertThat(out.get(b, 0, r, q)).isEqualTo(-1);
                        assertThat(out.get(b, 1, r, q)).isEqualTo(-1);
                    }
                }
            }
            assertThat(changed).as("sample %d", b).isPositive().isEqualTo((bottom - top + 1) * (right - left + 1));
        }
    }

    @Test
    void rotationByNinetyDegreesTurnsTheImageCounterClockwise() {
        Tensor x = Tensor.arange(0.0, 9.0, 1.0).reshape(1, 1, 3, 3);       // 0 1 2 / 3 4 5 / 6 7 8
        Tensor out = Images.blank(1, 1, 3, 3);
        RandomAffine.warp(Images.of("test", x), 0, out.storage().floats(), 90, 0, 0, 1, 0);
        assertThat(out.toFloatArray()).containsExactly(new float[] {2, 5, 8, 1, 4, 7, 0, 3, 6}, offset(1e-5f));
        assertThat(RandomAffine.rotation(0).apply(batch(), new Generator(0)).toFloatArray())
                .containsExactly(batch().toFloatArray(), offset(1e-5f));
        Tensor shifted = Images.blank(1, 1, 3, 3);
        RandomAffine.warp(Images.of("test", x), 0, shifted.storage().floats(), 0, 1, 0, 1, -1);
        assertThat(shifted.toFloatArray()).containsExactly(new float[] {-1, 0, 1, -1, 3, 4, -1, 6, 7}, offset(1e-5f));
    }

    @Test
    void gaussianNoiseHasTheStatedSpread() {
        Tensor x = Tensor.zeros(Shape.of(8, 1, 50, 50), DType.FLOAT32);
        Tensor noisy = new GaussianNoise(0.5).apply(x, new Generator(0));
        assertThat(noisy.mean().item()).isCloseTo(0, offset(0.02));
        assertThat(noisy.std().item()).isCloseTo(0.5, offset(0.02));
    }

    @Test
    void normaliseUsesPerChannelStatisticsThatFitComputes() {
        Tensor x = Tensor.stack(List.of(Tensor.normal(3, 2, Shape.of(500, 4, 4), DType.FLOAT32, new Generator(0)),
                Tensor.normal(-1, 0.5, Shape.of(500, 4, 4), DType.FLOAT32, new Generator(1))), 1);   // (500, 2, 4, 4)
        Normalize norm = Normalize.fit(x);
        assertThat(norm.mean()[0]).isCloseTo(3, offset(0.05));
        assertThat(norm.std()[0]).isCloseTo(2, offset(0.05));
        assertThat(norm.mean()[1]).isCloseTo(-1, offset(0.02));
        assertThat(norm.std()[1]).isCloseTo(0.5, offset(0.02));
        Tensor z = norm.apply(x, null);
        Normalize after = Normalize.fit(z);
        for (int c = 0; c < 2; c++) {
            assertThat(after.mean()[c]).isCloseTo(0, offset(1e-5));
            assertThat(after.std()[c]).isCloseTo(1, offset(1e-5));
        }
        assertThat(Normalize.fit(Tensor.ones(Shape.of(3, 1, 2, 2), DType.FLOAT32)).std()).containsExactly(1);
        assertThatThrownBy(() -> new Normalize(new double[] {0}, new double[] {0}))
                .hasMessageContaining("channel 0 has mean 0.0 and std 0.0");
        assertThatThrownBy(() -> norm.apply(Tensor.zeros(2, 3, 4, 4), null))
                .hasMessageContaining("expects a floating-point batch (B, 2, ...) for 2 channels, got (2, 3, 4, 4)");
    }

    @Test
    void resizeMatchesPyTorchBilinearWithoutAlignedCorners() {
        Tensor x = Tensor.of(new float[][] {{0, 1}, {2, 3}}).reshape(1, 1, 2, 2);
        // torch.nn.functional.interpolate(x, size=(4, 4), mode="bilinear", align_corners=False)
        float[] expected = {0, 0.25f, 0.75f, 1, 0.5f, 0.75f, 1.25f, 1.5f, 1.5f, 1.75f, 2.25f, 2.5f, 2, 2.25f, 2.75f, 3};
        assertThat(new Resize(4, 4).apply(x, null).toFloatArray()).containsExactly(expected, offset(1e-6f));
        assertThat(new Resize(1, 1).apply(x, null).toFloatArray()).containsExactly(1.5f);
        Tensor wide = Tensor.arange(0.0, 30.0, 1.0).reshape(1, 1, 5, 6);
        float[] down = {2.25f, 3.75f, 5.25f, 6.75f, 12.25f, 13.75f, 15.25f, 16.75f, 22.25f, 23.75f, 25.25f, 26.75f};
        assertThat(new Resize(3, 4).apply(wide, null).toFloatArray()).containsExactly(down, offset(1e-5f));
    }

    @Test
    void imageTransformsNameWhatTheyExpect() {
        assertThatThrownBy(() -> new RandomHorizontalFlip(0.5).apply(Tensor.zeros(3, 4), new Generator(0)))
                .hasMessage("RandomHorizontalFlip: expects a float32 batch of images (B, C, H, W), got shape (3, 4) float32");
        assertThatThrownBy(() -> new RandomHorizontalFlip(2)).hasMessageContaining("p must be in [0, 1], got 2.0");
        assertThatThrownBy(() -> new RandomErasing(0.5, 0.5, 0.2, 1, 1, 0)).hasMessageContaining("RandomErasing: expects");
    }
}
