package dev.myelin.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.autograd.Grad;
import dev.myelin.nn.TransformerOptions;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The encoder-decoder model: greedy decoding against decoding one token at a time, attention weights, errors. */
class Seq2SeqTransformerTest {
    private static final int BOS = 1;
    private static final int EOS = 2;

    private static Seq2SeqTransformer model(boolean normFirst) {
        Generator.seedDefault(3);
        var m = new Seq2SeqTransformer(9, 7, 16, 16, 2, 2, 2,
                TransformerOptions.defaults().dimFeedforward(32).dropout(0.1).normFirst(normFirst));
        m.eval();
        return m;
    }

    /** Source ids (3, 5), the last row padded (id 0) after three tokens. */
    private static Tensor source() {
        return Tensor.of(new long[] {3, 4, 5, 6, 7, 8, 3, 3, 4, 5, 6, 7, 8, 0, 0}).reshape(3, 5);
    }

    @ParameterizedTest(name = "pre-norm: {0}")
    @ValueSource(booleans = {false, true})
    void greedyDecodingPicksTheArgmaxGivenTheTokensBefore(boolean normFirst) {
        Seq2SeqTransformer m = model(normFirst);
        Tensor src = source();
        Tensor padding = src.eq(0);
        Tensor decoded = m.greedyDecode(src, padding, BOS, EOS, 6);
        assertThat(decoded.shape()).isEqualTo(Shape.of(3, 6));
        long[] got = decoded.toLongArray();
        try (var off = Grad.off()) {
            Tensor memory = m.encode(src, padding);
            Tensor prefix = Tensor.full(Shape.of(3, 1), BOS, dev.myelin.tensor.DType.INT64);
            for (int i = 0; i < 6; i++) {                            // the textbook loop: a growing prefix
                long[] next = m.decode(prefix, memory, padding).select(1, i).argmax(-1, false).toLongArray();
                for (int r = 0; r < 3; r++) {
                    boolean ended = false;
                    for (int j = 0; j < i; j++) {
                        ended |= got[r * 6 + j] == EOS;
                    }
                    assertThat(got[r * 6 + i]).as("row %d, step %d", r, i).isEqualTo(ended ? EOS : next[r]);
                }
                prefix = Tensor.cat(List.of(prefix, decoded.narrow(1, i, 1)), 1);
            }
        }
        long[] single = m.greedyDecode(src.narrow(0, 1, 1), null, BOS, EOS, 6).toLongArray();
        assertThat(single).containsExactly(decoded.narrow(0, 1, 1).toLongArray());
    }

    @ParameterizedTest(name = "pre-norm: {0}")
    @ValueSource(booleans = {false, true})
    void crossAttentionWeightsAreDistributionsOverTheUnpaddedSource(boolean normFirst) {
        Seq2SeqTransformer m = model(normFirst);
        Tensor src = source();
        Tensor tgt = Tensor.of(new long[] {1, 3, 4, 1, 5, 6, 1, 4, 4}).reshape(3, 3);
        Tensor w = m.crossAttention(src, src.eq(0), tgt);
        assertThat(w.shape()).isEqualTo(Shape.of(3, 3, 5));
        assertThat(w.sum(2).allClose(Tensor.ones(3, 3), 1e-5, 1e-5)).isTrue();
        assertThat(w.select(0, 2).narrow(1, 3, 2).abs().max().item()).isZero();
        assertThat(w.select(0, 0).narrow(1, 3, 2).min().item()).isPositive();
        assertThat(w.requiresGrad()).isFalse();
    }

    @Test
    void teacherForcingGivesLogitsPerTargetPositionAndRefusesBadIds() {
        Seq2SeqTransformer m = model(true);
        Tensor tgt = Tensor.of(new long[] {1, 3, 4, 1, 5, 6, 1, 4, 4}).reshape(3, 3);
        assertThat(m.forward(source(), tgt, source().eq(0)).shape()).isEqualTo(Shape.of(3, 3, 7));
        assertThatThrownBy(() -> m.forward(source(), Tensor.of(new long[] {1, 7}).reshape(1, 2), null))
                .hasMessage("Seq2SeqTransformer: tgt: token id 7 at (0, 1) is outside the vocabulary [0, 7)");
        assertThatThrownBy(() -> m.encode(Tensor.zeros(2, 3), null))
                .hasMessage("Seq2SeqTransformer: src: expected token ids (B, T) of an integer type, got shape (2, 3) float32");
        assertThatThrownBy(() -> m.greedyDecode(source(), null, BOS, 7, 4))
                .hasMessage("Seq2SeqTransformer.greedyDecode: expected maxLen >= 1 and BOS and EOS in [0, 7), got maxLen 4,"
                        + " BOS 1, EOS 7");
    }
}
