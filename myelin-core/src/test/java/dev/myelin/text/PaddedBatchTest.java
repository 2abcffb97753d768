package dev.myelin.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.data.Batch;
import dev.myelin.data.DataLoader;
import dev.myelin.data.TensorDataset;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Padding and truncating encodings into (B, T) tensors, and language-modelling windows. */
class PaddedBatchTest {
    private static final List<int[]> SEQUENCES = List.of(new int[] {5, 6, 7}, new int[] {8}, new int[] {9, 10, 11, 12, 13});

    @Test
    void rightPaddingToTheLongestRow() {
        PaddedBatch b = PaddedBatch.ofIds(SEQUENCES, Padding.of(Side.RIGHT, 0));
        assertThat(b.ids().shape()).isEqualTo(Shape.of(3, 5));
        assertThat(b.ids().dtype()).isEqualTo(DType.INT64);
        assertThat(b.ids().toLongArray()).containsExactly(5, 6, 7, 0, 0, 8, 0, 0, 0, 0, 9, 10, 11, 12, 13);
        assertThat(b.attentionMask().toLongArray()).containsExactly(1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1);
        assertThat(b.lengths().toLongArray()).containsExactly(3, 1, 5);
        assertThat(b.paddingMask().dtype()).isEqualTo(DType.BOOL);
        assertThat(b.paddingMask().toBooleanArray()).containsExactly(false, false, false, true, true,
                false, true, true, true, true, false, false, false, false, false);
        assertThat(b.batchSize()).isEqualTo(3);
        assertThat(b.sequenceLength()).isEqualTo(5);
    }

    @Test
    void leftPaddingAndTruncationKeepTheEndOfEachRow() {
        PaddedBatch b = PaddedBatch.ofIds(SEQUENCES, Padding.of(Side.LEFT, 1).withMaxLength(4));
        assertThat(b.ids().toLongArray()).containsExactly(1, 5, 6, 7, 1, 1, 1, 8, 10, 11, 12, 13);
        assertThat(b.attentionMask().toLongArray()).containsExactly(0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1);
        assertThat(b.lengths().toLongArray()).containsExactly(3, 1, 4);
        PaddedBatch right = PaddedBatch.ofIds(SEQUENCES, Padding.of(Side.RIGHT, 0).withMaxLength(2));
        assertThat(right.ids().toLongArray()).containsExactly(5, 6, 8, 0, 9, 10);
    }

    @Test
    void fixedLengthAndMultiplesWidenTheBatch() {
        assertThat(PaddedBatch.ofIds(SEQUENCES, Padding.of(Side.RIGHT, 0).withLength(8)).ids().shape())
                .isEqualTo(Shape.of(3, 8));
        assertThat(PaddedBatch.ofIds(SEQUENCES, Padding.of(Side.RIGHT, 0).withLength(2)).ids().shape())
                .isEqualTo(Shape.of(3, 5));                       // rows longer than the fixed length are kept
        assertThat(PaddedBatch.ofIds(SEQUENCES, Padding.of(Side.RIGHT, 0).withMultipleOf(4)).ids().shape())
                .isEqualTo(Shape.of(3, 8));
        PaddedBatch empty = PaddedBatch.ofIds(List.of(new int[0], new int[0]), Padding.of(Side.RIGHT, 0));
        assertThat(empty.ids().shape()).isEqualTo(Shape.of(2, 0));
    }

    @Test
    void typeIdsComeFromTheEncodingsAndPadWithThePadTypeId() {
        Encoding a = new Encoding(new int[] {1, 2, 3}, List.of("a", "b", "c"), new int[6], new int[] {0, 1, 1},
                new boolean[3]);
        Encoding b = new Encoding(new int[] {4}, List.of("d"), new int[2], new int[] {1}, new boolean[1]);
        PaddedBatch batch = PaddedBatch.of(List.of(a, b), Padding.of(Side.RIGHT, 0).withPadTypeId(2));
        assertThat(batch.typeIds().toLongArray()).containsExactly(0, 1, 1, 1, 2, 2);
        assertThat(batch.ids().toLongArray()).containsExactly(1, 2, 3, 4, 0, 0);
    }

    @Test
    void badArgumentsAreRejectedWithTheirValues() {
        assertThatThrownBy(() -> PaddedBatch.ofIds(List.of(), Padding.of(Side.RIGHT, 0)))
                .hasMessage("PaddedBatch.ofIds: expected at least one sequence");
        assertThatThrownBy(() -> PaddedBatch.ofIds(List.of(new int[] {1, -2}), Padding.of(Side.RIGHT, 0)))
                .hasMessage("PaddedBatch.ofIds: sequence 0 has the negative id -2 at position 1");
        assertThatThrownBy(() -> Padding.of(Side.RIGHT, -1)).hasMessageContaining("got -1, 0, 0, 0, 1");
        assertThatThrownBy(() -> Padding.of(Side.RIGHT, 0).withMultipleOf(0)).hasMessageContaining("multipleOf >= 1");
        assertThatThrownBy(() -> new Encoding(new int[] {1}, List.of(), new int[2], new int[1], new boolean[1]))
                .hasMessageContaining("expected 1 tokens, 2 offsets, 1 type ids and 1 special flags for 1 ids, got 0, 2, 1 and 1");
        assertThatThrownBy(() -> new Encoding(new int[] {1}, List.of("a"), new int[] {3, 2}, new int[1], new boolean[1]))
                .hasMessage("Encoding: token 0 has the invalid offsets [3, 2)");
    }

    @Test
    void textWindowsAreShiftedByOneToken() {
        int[] ids = {10, 11, 12, 13, 14, 15, 16, 17, 18, 19};
        TensorDataset d = TextWindows.of(ids, 3);
        assertThat(d.size()).isEqualTo(3);                       // (10 - 3 - 1) / 3 + 1
        assertThat(d.x().toLongArray()).containsExactly(10, 11, 12, 13, 14, 15, 16, 17, 18);
        assertThat(d.y().toLongArray()).containsExactly(11, 12, 13, 14, 15, 16, 17, 18, 19);
        TensorDataset overlapping = TextWindows.of(ids, 4, 1);
        assertThat(overlapping.size()).isEqualTo(6);
        assertThat(overlapping.get(5).x().toLongArray()).containsExactly(15, 16, 17, 18);
        assertThat(overlapping.get(5).y().toLongArray()).containsExactly(16, 17, 18, 19);
        assertThat(TextWindows.of(new int[] {1, 2}, 1).size()).isEqualTo(1);
        assertThatThrownBy(() -> TextWindows.of(new int[] {1, 2, 3}, 3))
                .hasMessage("TextWindows.of: 3 ids are too few for one window of 3 inputs and its shifted targets (need 4)");
        assertThatThrownBy(() -> TextWindows.of(ids, 3, 0)).hasMessage("TextWindows.of: seqLen and stride must be >= 1, got 3 and 0");
    }

    @Test
    void textWindowsAtGivenStartsAreShiftedByOneToken() {
        int[] ids = {10, 11, 12, 13, 14, 15, 16};
        Tensor[] xy = TextWindows.at(ids, 3, new int[] {3, 0});
        assertThat(xy[0].toLongArray()).containsExactly(13, 14, 15, 10, 11, 12);
        assertThat(xy[1].toLongArray()).containsExactly(14, 15, 16, 11, 12, 13);
        assertThatThrownBy(() -> TextWindows.at(ids, 3, new int[] {4}))
                .hasMessage("TextWindows.at: a window of 3 inputs and its targets starting at 4 does not fit in 7 ids");
    }

    @Test
    void textWindowsFeedADataLoader() {
        String text = "to be or not to be, that is the question";
        CharTokenizer tok = CharTokenizer.fromCorpus(text);
        TensorDataset d = TextWindows.of(tok.encode(text).ids(), 8, 4);
        List<Batch> batches = new ArrayList<>();
        DataLoader.builder(d).batchSize(4).build().forEach(batches::add);
        assertThat(batches.getFirst().x().shape()).isEqualTo(Shape.of(4, 8));
        assertThat(batches.getFirst().y().shape()).isEqualTo(Shape.of(4, 8));
        int[] first = batches.getFirst().x().select(0, 0).toIntArray();
        assertThat(tok.decode(first)).isEqualTo("to be or");
    }
}
