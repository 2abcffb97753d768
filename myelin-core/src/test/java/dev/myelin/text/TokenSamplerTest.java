package dev.myelin.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Greedy decoding and sampling with temperature, top-k and top-p. */
class TokenSamplerTest {
    private static final Tensor LOGITS = Tensor.of(new float[] {1.0f, 3.0f, 0.5f, 2.0f, -1.0f, 2.5f});   // (6)

    private static double[] frequencies(TokenSampler s, Tensor logits, int draws, long seed) {
        Generator g = new Generator(seed);
        int v = logits.size(-1);
        Tensor batch = logits.unsqueeze(0).expand(draws, v);     // one draw per row
        double[] f = new double[v];
        for (long id : s.sample(batch, g).toLongArray()) {
            f[(int) id] += 1.0 / draws;
        }
        return f;
    }

    @Test
    void greedyIsTheArgmaxOfEachRow() {
        Tensor logits = Tensor.randn(Shape.of(16, 50), DType.FLOAT32, new Generator(3));
        Tensor ids = TokenSampler.greedy().sample(logits, new Generator(0));
        assertThat(ids.shape()).isEqualTo(Shape.of(16));
        assertThat(ids.dtype()).isEqualTo(DType.INT64);
        assertThat(ids.toLongArray()).containsExactly(logits.argmax(1, false).toLongArray());
        Tensor one = TokenSampler.greedy().sample(LOGITS, new Generator(0));
        assertThat(one.dim()).isZero();
        assertThat(one.itemLong()).isEqualTo(1);
    }

    @Test
    void sampledFrequenciesMatchTheSoftmaxProbabilities() {
        double[] p = LOGITS.to(DType.FLOAT64).softmax(0).toDoubleArray();
        double[] f = frequencies(TokenSampler.of(1.0), LOGITS, 40_000, 7);
        for (int i = 0; i < p.length; i++) {
            assertThat(f[i]).as("token %d", i).isCloseTo(p[i], within(0.01));
        }
        double[] p2 = LOGITS.to(DType.FLOAT64).div(2.0).softmax(0).toDoubleArray();
        double[] f2 = frequencies(TokenSampler.of(2.0), LOGITS, 40_000, 8);
        for (int i = 0; i < p2.length; i++) {
            assertThat(f2[i]).as("token %d at temperature 2", i).isCloseTo(p2[i], within(0.01));
        }
    }

    @Test
    void aLowTemperatureTendsToGreedy() {
        assertThat(frequencies(TokenSampler.of(0.01), LOGITS, 2_000, 1)[1]).isEqualTo(1.0, within(1e-9));
        double sharp = frequencies(TokenSampler.of(0.3), LOGITS, 5_000, 1)[1];
        double flat = frequencies(TokenSampler.of(3.0), LOGITS, 5_000, 1)[1];
        assertThat(sharp).isGreaterThan(0.8).isGreaterThan(flat);
    }

    @Test
    void topKNeverPicksOutsideTheKLargest() {
        double[] f = frequencies(TokenSampler.of(5.0).withTopK(2), LOGITS, 5_000, 2);   // top 2: ids 1 (3.0) and 5 (2.5)
        assertThat(f[1] + f[5]).isEqualTo(1.0, within(1e-9));
        assertThat(f[1]).isGreaterThan(0.3);
        assertThat(f[5]).isGreaterThan(0.3);
        Tensor warped = TokenSampler.of(1.0).withTopK(3).warp(LOGITS);
        assertThat(warped.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(warped.toFloatArray()).containsExactly(Float.NEGATIVE_INFINITY, 3.0f, Float.NEGATIVE_INFINITY, 2.0f,
                Float.NEGATIVE_INFINITY, 2.5f);
        assertThat(TokenSampler.of(1.0).withTopK(100).warp(LOGITS).toFloatArray()).containsExactly(LOGITS.toFloatArray());
    }

    @Test
    void topPKeepsTheSmallestSetReachingP() {
        Tensor logits = Tensor.of(new float[] {0.5f, 0.2f, 0.15f, 0.1f, 0.05f}).log();   // probabilities as given
        assertThat(kept(TokenSampler.of(1.0).withTopP(0.5), logits)).containsExactly(true, false, false, false, false);
        assertThat(kept(TokenSampler.of(1.0).withTopP(0.51), logits)).containsExactly(true, true, false, false, false);
        assertThat(kept(TokenSampler.of(1.0).withTopP(0.8), logits)).containsExactly(true, true, true, false, false);
        assertThat(kept(TokenSampler.of(1.0).withTopP(0.86), logits)).containsExactly(true, true, true, true, false);
        assertThat(kept(TokenSampler.of(1.0).withTopP(1.0), logits)).containsOnly(true);
        Tensor probs = TokenSampler.of(1.0).withTopP(0.8).probabilities(logits);        // renormalised over the set
        assertThat(probs.toDoubleArray()).usingComparatorWithPrecision(1e-6)
                .containsExactly(0.5 / 0.85, 0.2 / 0.85, 0.15 / 0.85, 0, 0);
        double[] f = frequencies(TokenSampler.of(1.0).withTopP(0.8), logits, 20_000, 5);
        assertThat(f[3] + f[4]).isZero();
        assertThat(f[0]).isCloseTo(0.5 / 0.85, within(0.015));
    }

    @Test
    void filtersApplyInHuggingFacesOrderTemperatureThenTopKThenTopP() {
        // The top 3 of LOGITS are ids 1, 5, 3. After temperature 0.5 their probabilities (renormalised over the
        // 3) are 0.665, 0.245, 0.090, and top-p 0.85 keeps ids 1 and 5; at temperature 1 they are 0.507, 0.307,
        // 0.186, and top-p 0.85 needs id 3 too: top-p sees the tempered distribution.
        TokenSampler s = TokenSampler.of(0.5).withTopK(3).withTopP(0.85);
        assertThat(kept(s, LOGITS)).containsExactly(false, true, false, false, false, true);
        assertThat(kept(TokenSampler.of(1.0).withTopK(3).withTopP(0.85), LOGITS))
                .containsExactly(false, true, false, true, false, true);
        double[] warped = s.warp(LOGITS.to(DType.FLOAT64)).toDoubleArray();
        assertThat(warped[1]).isEqualTo(6.0);                     // logits divided by the temperature
        assertThat(warped[5]).isEqualTo(5.0);
    }

    @Test
    void theSameSeedGivesTheSameTokens() {
        Tensor logits = Tensor.randn(Shape.of(8, 100), DType.FLOAT32, new Generator(11));
        TokenSampler s = TokenSampler.of(0.9).withTopK(20).withTopP(0.9);
        long[] a = s.sample(logits, new Generator(42)).toLongArray();
        long[] b = s.sample(logits, new Generator(42)).toLongArray();
        long[] c = s.sample(logits, new Generator(43)).toLongArray();
        assertThat(a).containsExactly(b);
        assertThat(Arrays.equals(a, c)).isFalse();
    }

    @Test
    void bannedTokensAreNeverDrawnAndBadLogitsAreRejected() {
        Tensor banned = LOGITS.maskedFill(Tensor.fromArray(new boolean[] {false, true, false, false, false, false}, 6),
                Double.NEGATIVE_INFINITY);
        assertThat(frequencies(TokenSampler.of(1.0), banned, 5_000, 3)[1]).isZero();
        assertThat(TokenSampler.greedy().sample(banned, new Generator(0)).itemLong()).isEqualTo(5);
        Tensor nan = Tensor.of(new float[] {1, Float.NaN});
        assertThatThrownBy(() -> TokenSampler.of(1.0).sample(nan, new Generator(0)))
                .hasMessage("TokenSampler: the logits contain NaN at index 1");
        assertThatThrownBy(() -> TokenSampler.greedy().sample(nan, new Generator(0))).hasMessageContaining("NaN");
        Tensor allBanned = Tensor.full(Shape.of(3), Double.NEGATIVE_INFINITY, DType.FLOAT32);
        assertThatThrownBy(() -> TokenSampler.of(1.0).sample(allBanned, new Generator(0)))
                .hasMessageContaining("no finite maximum");
        assertThatThrownBy(() -> TokenSampler.of(1.0).sample(Tensor.zeros(2, 3, 4), new Generator(0)))
                .hasMessage("TokenSampler.sample: expected non-empty floating-point logits (V) or (B, V), got shape"
                        + " (2, 3, 4) float32");
        assertThatThrownBy(() -> TokenSampler.of(1.0).sample(Tensor.of(1L, 2L), new Generator(0)))
                .hasMessageContaining("got shape (2) int64");
        assertThatThrownBy(() -> TokenSampler.of(-1)).hasMessageContaining("temperature must be finite and >= 0");
        assertThatThrownBy(() -> TokenSampler.of(1).withTopP(0)).hasMessageContaining("topP must be in (0, 1]");
        assertThatThrownBy(() -> TokenSampler.of(1).withTopK(-1)).hasMessageContaining("topK must be >= 0");
    }

    private static boolean[] kept(TokenSampler s, Tensor logits) {
        float[] w = s.warp(logits).toFloatArray();
        boolean[] out = new boolean[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = w[i] != Float.NEGATIVE_INFINITY;
        }
        return out;
    }
}
