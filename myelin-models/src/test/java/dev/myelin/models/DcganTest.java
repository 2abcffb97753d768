package dev.myelin.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.nn.Module;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The DCGAN players' shapes, and their training step: each step updates its own player only
 * (the generator's step leaves the discriminator untouched and the other way round) and lowers
 * that player's loss.
 */
class DcganTest {
    private static Dcgan gan(long seed) {
        Generator.seedDefault(seed);
        return new Dcgan(new DcganGenerator(8, 4), new DcganDiscriminator(4), 2e-3, 0.9);
    }

    private static Map<String, Tensor> snapshot(Module m) {
        Map<String, Tensor> copy = new LinkedHashMap<>();
        m.stateDict().forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }

    private static boolean unchanged(Module m, Map<String, Tensor> before) {
        return m.stateDict().entrySet().stream().allMatch(e -> e.getValue().allClose(before.get(e.getKey()), 0, 0));
    }

    private static Tensor real() {
        return Squares.images(8, 5).mul(2).sub(1);
    }

    @Test
    void shapesAndRanges() {
        Dcgan gan = gan(0);
        Tensor fake = gan.generator().forward(gan.generator().noise(3, new Generator(1)));
        assertThat(fake.shape()).isEqualTo(Shape.of(3, 1, 28, 28));
        assertThat(fake.abs().max().item()).isLessThanOrEqualTo(1);
        assertThat(gan.discriminator().forward(fake).shape()).isEqualTo(Shape.of(3));
        assertThat(gan.discriminator().namedBuffers()).isEmpty();
        assertThatThrownBy(() -> gan.generator().forward(Tensor.zeros(2, 7)))
                .hasMessage("DcganGenerator: expected latent vectors (B, 8), got shape (2, 7)");
        assertThatThrownBy(() -> new Dcgan(new DcganGenerator(8, 4), new DcganDiscriminator(4), 2e-4, 0.4))
                .hasMessage("Dcgan: realLabel must be in (0.5, 1], got 0.4");
    }

    @Test
    void theDiscriminatorsStepUpdatesOnlyTheDiscriminator() {
        Dcgan gan = gan(1);
        Tensor fake = gan.generator().forward(gan.generator().noise(8, new Generator(2)));
        var g = snapshot(gan.generator());
        var d = snapshot(gan.discriminator());
        gan.discriminatorStep(real(), fake);
        assertThat(unchanged(gan.generator(), g)).isTrue();
        assertThat(gan.generator().parameters()).allMatch(p -> p.grad() == null);   // the fakes were detached
        assertThat(unchanged(gan.discriminator(), d)).isFalse();
    }

    @Test
    void theGeneratorsStepUpdatesOnlyTheGenerator() {
        Dcgan gan = gan(2);
        Tensor fake = gan.generator().forward(gan.generator().noise(8, new Generator(3)));
        var g = snapshot(gan.generator());
        var d = snapshot(gan.discriminator());
        gan.generatorStep(fake);
        assertThat(unchanged(gan.discriminator(), d)).isTrue();
        assertThat(gan.discriminator().parameters()).allMatch(p -> p.grad() == null && p.requiresGrad());
        assertThat(unchanged(gan.generator(), g)).isFalse();
    }

    @Test
    void eachPlayersStepsLowerItsOwnLoss() {
        Dcgan gan = gan(3);
        Tensor real = real();
        Tensor z = gan.generator().noise(8, new Generator(4));
        double[] d = new double[6];
        for (int i = 0; i < d.length; i++) {           // each value is the loss before that step's update
            d[i] = gan.discriminatorStep(real, gan.generator().forward(z)).discriminator();
        }
        assertThat(d[5]).isLessThan(d[0]);
        double[] g = new double[6];
        for (int i = 0; i < g.length; i++) {
            g[i] = gan.generatorStep(gan.generator().forward(z));
        }
        assertThat(g[5]).isLessThan(g[0]);
        Dcgan.Losses both = gan.step(real, z);
        assertThat(both.discriminator()).isFinite();
        assertThat(both.generator()).isFinite();
        assertThat(both.realScore()).isBetween(0.0, 1.0);
    }
}
