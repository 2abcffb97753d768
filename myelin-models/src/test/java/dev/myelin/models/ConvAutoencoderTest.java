package dev.myelin.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.nn.functional.F;
import dev.myelin.optim.Adam;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The convolutional autoencoder: shapes, value range, errors, and a few steps that lower its loss. */
class ConvAutoencoderTest {
    @Test
    void encodesToItsLatentSizeAndDecodesToImagesInZeroOne() {
        Generator.seedDefault(0);
        ConvAutoencoder ae = new ConvAutoencoder(8);
        Tensor x = Squares.images(3, 1);
        Tensor z = ae.encode(x);
        assertThat(z.shape()).isEqualTo(Shape.of(3, 8));
        Tensor y = ae.forward(x);
        assertThat(y.shape()).isEqualTo(Shape.of(3, 1, 28, 28));
        assertThat(y.min().item()).isGreaterThan(0);
        assertThat(y.max().item()).isLessThan(1);
        assertThat(ae.decode(z).allClose(y, 0, 0)).isTrue();
        assertThat(ae.stateDict().keySet()).containsExactly("encoder.conv1.weight", "encoder.conv1.bias",
                "encoder.conv2.weight", "encoder.conv2.bias", "encoder.fc.weight", "encoder.fc.bias", "decoder.fc.weight",
                "decoder.fc.bias", "decoder.deconv1.weight", "decoder.deconv1.bias", "decoder.deconv2.weight",
                "decoder.deconv2.bias");
    }

    @Test
    void wrongShapesAreNamed() {
        ConvAutoencoder ae = new ConvAutoencoder(4);
        assertThatThrownBy(() -> ae.forward(Tensor.zeros(2, 3, 28, 28)))
                .hasMessage("ConvEncoder: expected images (B, 1, 28, 28), got shape (2, 3, 28, 28)");
        assertThatThrownBy(() -> ae.decode(Tensor.zeros(2, 5)))
                .hasMessage("ConvDecoder: expected latent vectors (B, 4), got shape (2, 5)");
        assertThatThrownBy(() -> new ConvAutoencoder(0)).hasMessage("ConvAutoencoder: latentDim must be at least 1, got 0");
    }

    @Test
    void aFewStepsLowerTheReconstructionError() {
        Generator.seedDefault(1);
        ConvAutoencoder ae = new ConvAutoencoder(8);
        Tensor x = Squares.images(16, 2);
        var opt = new Adam(ae.parameters(), 3e-3);
        double first = Double.NaN;
        double last = Double.NaN;
        for (int step = 0; step < 15; step++) {
            Tensor loss = F.mseLoss(ae.forward(x), x);
            opt.zeroGrad();
            loss.backward();
            opt.step();
            last = loss.item();
            first = step == 0 ? last : first;
        }
        assertThat(last).isLessThan(0.7 * first);
    }
}
