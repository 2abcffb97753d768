package dev.myelin.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Tensor datasets, subsets and the seeded train/validation split. */
class DatasetsTest {
    @Test
    void aTensorDatasetCopiesTheChosenRowsIntoOneContiguousBatch() {
        TensorDataset data = DataLoaderTest.indexed(6);
        Batch b = data.batch(new int[] {5, 0, 5});
        assertThat(b.x().shape()).isEqualTo(Shape.of(3, 1, 4, 4));
        assertThat(b.x().isContiguous()).isTrue();
        assertThat(b.x().select(0, 0).toFloatArray()).containsOnly(5f);
        assertThat(b.y().toLongArray()).containsExactly(5, 0, 5);
        Batch one = data.get(2);
        assertThat(one.x().shape()).isEqualTo(Shape.of(1, 4, 4));
        assertThat(one.y().itemLong()).isEqualTo(2);
        assertThatThrownBy(() -> data.batch(new int[] {6}))
                .hasMessage("TensorDataset.batch: index 6 is out of range for a dataset of 6 samples");
        assertThatThrownBy(() -> new TensorDataset(Tensor.zeros(3, 2), Tensor.zeros(4)))
                .hasMessageContaining("same first dimension").hasMessageContaining("(3, 2) and (4)");
    }

    @Test
    void subsetsShareTheTensorsAndMapIndices() {
        TensorDataset sub = DataLoaderTest.indexed(10).subset(new int[] {7, 3, 9}).subset(new int[] {2, 0});
        assertThat(sub.size()).isEqualTo(2);
        assertThat(sub.batch(new int[] {0, 1}).y().toLongArray()).containsExactly(9, 7);
        assertThat(sub.y().toLongArray()).containsExactly(9, 7);
        assertThat(sub.x().shape()).isEqualTo(Shape.of(2, 1, 4, 4));
        Dataset<String> letters = Dataset.of(List.of("a", "b", "c")).subset(new int[] {2, 1});
        assertThat(letters.get(0)).isEqualTo("c");
        assertThatThrownBy(() -> letters.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void theSplitIsAPartitionFixedByItsSeed() {
        TensorDataset data = DataLoaderTest.indexed(100);
        Split<TensorDataset> a = Split.random(data, 0.2, 42);
        Split<TensorDataset> b = Split.random(data, 0.2, 42);
        Split<TensorDataset> c = Split.random(data, 0.2, 43);
        assertThat(a.validation().size()).isEqualTo(20);
        assertThat(a.train().size()).isEqualTo(80);
        long[] val = a.validation().y().toLongArray();
        long[] train = a.train().y().toLongArray();
        assertThat(val).isEqualTo(b.validation().y().toLongArray()).isNotEqualTo(c.validation().y().toLongArray());
        assertThat(val).isSorted().doesNotContain(train);
        assertThat(IntStream.range(0, 100).mapToLong(i -> i).toArray())
                .containsExactlyInAnyOrder(concat(train, val));
        Split<Dataset<Integer>> generic = Split.random(Dataset.of(IntStream.range(0, 100).boxed().toList()), 0.2, 42);
        assertThat(generic.validation().get(0)).isEqualTo((int) val[0]);
        assertThatThrownBy(() -> Split.random(data, 1.5, 0)).hasMessageContaining("must be in [0, 1], got 1.5");
    }

    private static long[] concat(long[] a, long[] b) {
        return LongStream.concat(Arrays.stream(a), Arrays.stream(b)).toArray();
    }
}
