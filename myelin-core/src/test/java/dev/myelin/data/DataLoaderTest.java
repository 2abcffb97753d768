package dev.myelin.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.myelin.data.transforms.Compose;
import dev.myelin.data.transforms.GaussianNoise;
import dev.myelin.data.transforms.RandomCrop;
import dev.myelin.data.transforms.RandomHorizontalFlip;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The data loader: order, batching, samplers, collate, determinism with prefetch and workers, failures, threads. */
class DataLoaderTest {
    /** n samples whose x (n, 1, 4, 4) is filled with the sample's index and whose y is the index. */
    static TensorDataset indexed(int n) {
        Tensor x = Tensor.arange(0.0, n, 1.0).reshape(n, 1, 1, 1).expand(n, 1, 4, 4).contiguous();
        return new TensorDataset(x, Tensor.arange(n));
    }

    private static List<long[]> labels(Iterable<Batch> loader) {
        List<long[]> out = new ArrayList<>();
        for (Batch b : loader) {
            out.add(b.y().toLongArray());
        }
        return out;
    }

    private static List<Batch> epoch(DataLoader<Batch> loader) {
        List<Batch> out = new ArrayList<>();
        loader.forEach(out::add);
        return out;
    }

    @Test
    void batchesFollowTheDatasetOrderAndKeepAShortLastBatch() {
        DataLoader<Batch> loader = DataLoader.builder(indexed(10)).batchSize(4).build();
        List<Batch> batches = epoch(loader);
        assertThat(batches).hasSize(3);
        assertThat(batches.get(0).x().shape()).isEqualTo(Shape.of(4, 1, 4, 4));
        assertThat(batches.get(0).x().isContiguous()).isTrue();
        assertThat(batches.get(0).y().dtype()).isEqualTo(DType.INT64);
        assertThat(batches.get(2).y().toLongArray()).containsExactly(8, 9);
        assertThat(batches.get(1).x().select(0, 2).toFloatArray()).containsOnly(6f);
        assertThat(loader.numBatches()).isEqualTo(3);
    }

    @Test
    void dropLastDropsTheShortBatch() {
        DataLoader<Batch> loader = DataLoader.builder(indexed(10)).batchSize(4).dropLast(true).build();
        assertThat(labels(loader)).extracting(a -> a.length).containsExactly(4, 4);
        assertThat(loader.numBatches()).isEqualTo(2);
    }

    @Test
    void shuffleVisitsEverySampleOncePerEpochInAnOrderFixedBySeedAndEpoch() {
        DataLoader<Batch> a = DataLoader.builder(indexed(50)).batchSize(8).shuffle(true).seed(7).build();
        DataLoader<Batch> b = DataLoader.builder(indexed(50)).batchSize(8).shuffle(true).seed(7).build();
        long[] first = flatten(labels(a));
        long[] second = flatten(labels(a));
        assertThat(first).containsExactlyInAnyOrder(rangeOf(50));
        assertThat(first).isNotEqualTo(rangeOf(50)).isNotEqualTo(second);
        assertThat(flatten(labels(b))).isEqualTo(first);
        assertThat(flatten(labels(b))).isEqualTo(second);
        DataLoader<Batch> other = DataLoader.builder(indexed(50)).batchSize(8).shuffle(true).seed(8).build();
        assertThat(flatten(labels(other))).isNotEqualTo(first);
    }

    @Test
    void prefetchAndWorkersGiveExactlyTheBatchesOfASynchronousRun() {
        var augment = Compose.of(new RandomCrop(4, 1), new RandomHorizontalFlip(0.5), new GaussianNoise(0.1));
        List<List<Batch>> runs = new ArrayList<>();
        for (int[] setting : new int[][] {{0, 1}, {1, 1}, {2, 1}, {2, 3}, {1, 4}}) {
            DataLoader<Batch> loader = DataLoader.builder(indexed(37)).batchSize(5).shuffle(true).seed(3)
                    .transform(augment).prefetch(setting[0]).workers(setting[1]).build();
            epoch(loader);                                 // epoch 0
            runs.add(epoch(loader));                       // epoch 1
        }
        for (List<Batch> run : runs.subList(1, runs.size())) {
            assertThat(run).hasSize(runs.getFirst().size());
            for (int i = 0; i < run.size(); i++) {
                assertThat(run.get(i).y().toLongArray()).isEqualTo(runs.getFirst().get(i).y().toLongArray());
                assertThat(run.get(i).x().toFloatArray()).isEqualTo(runs.getFirst().get(i).x().toFloatArray());
            }
        }
    }

    @Test
    void aResumedLoaderReproducesTheEpochAndBatchItStoppedAt() {
        DataLoader<Batch> original = DataLoader.builder(indexed(30)).batchSize(4).shuffle(true).seed(11)
                .transform(new GaussianNoise(1)).build();
        epoch(original);
        epoch(original);
        List<Batch> third = epoch(original);
        assertThat(original.epoch()).isEqualTo(3);

        DataLoader<Batch> resumed = DataLoader.builder(indexed(30)).batchSize(4).shuffle(true).seed(11)
                .transform(new GaussianNoise(1)).build();
        resumed.setEpoch(2);
        assertThat(epoch(resumed).getLast().x().toFloatArray()).isEqualTo(third.getLast().x().toFloatArray());

        try (BatchIterator<Batch> it = resumed.iterator(2, 5)) {
            assertThat(it.epoch()).isEqualTo(2);
            assertThat(it.batchIndex()).isEqualTo(5);
            Batch b = it.next();
            assertThat(b.y().toLongArray()).isEqualTo(third.get(5).y().toLongArray());
            assertThat(b.x().toFloatArray()).isEqualTo(third.get(5).x().toFloatArray());
        }
        assertThat(resumed.epoch()).isEqualTo(3);
    }

    @Test
    void theWeightedSamplerDrawsInProportionToTheWeights() {
        double[] weights = {1, 0, 2, 7};
        DataLoader<Batch> loader = DataLoader.builder(indexed(4)).batchSize(1000)
                .sampler(Sampler.weighted(weights, 20_000, true)).seed(5).build();
        int[] counts = new int[4];
        for (long[] batch : labels(loader)) {
            for (long y : batch) {
                counts[(int) y]++;
            }
        }
        assertThat(IntStream.of(counts).sum()).isEqualTo(20_000);
        assertThat(counts[1]).isZero();
        assertThat(counts[0] / 20_000.0).isCloseTo(0.1, offset(0.01));
        assertThat(counts[2] / 20_000.0).isCloseTo(0.2, offset(0.01));
        assertThat(counts[3] / 20_000.0).isCloseTo(0.7, offset(0.01));
    }

    @Test
    void theWeightedSamplerWithoutReplacementDrawsDistinctIndicesFavouringHeavyOnes() {
        double[] weights = new double[100];
        Arrays.fill(weights, 1);
        weights[42] = 1e6;
        Sampler s = Sampler.weighted(weights, 10, false);
        for (int trial = 0; trial < 20; trial++) {
            int[] drawn = s.indices(100, new Generator(trial));
            assertThat(drawn).hasSize(10).doesNotHaveDuplicates().contains(42);
        }
        assertThatThrownBy(() -> Sampler.weighted(new double[] {1, 0}, 2, false))
                .hasMessageContaining("cannot draw 2 samples without replacement from 1 positive weights");
        assertThatThrownBy(() -> Sampler.weighted(new double[] {1, -1}, 1, true))
                .hasMessageContaining("weight 1 is -1.0");
        assertThatThrownBy(() -> s.indices(99, new Generator(0))).hasMessageContaining("100 weights for a dataset of 99");
    }

    @Test
    void aCustomSamplerChoosesTheIndices() {
        Sampler evensBackwards = (size, g) -> IntStream.iterate(size - 2, i -> i >= 0, i -> i - 2).toArray();
        DataLoader<Batch> loader = DataLoader.builder(indexed(8)).batchSize(3).sampler(evensBackwards).build();
        assertThat(labels(loader)).containsExactly(new long[] {6, 4, 2}, new long[] {0});
    }

    @Test
    void aCollateFunctionMakesBatchesOfAnyDataset() {
        Dataset<String> words = Dataset.of(List.of("a", "bb", "ccc", "dddd", "eeeee"));
        DataLoader<Tensor> lengths = DataLoader.builder(words).batchSize(2)
                .collate(batch -> Tensor.of(batch.stream().mapToLong(String::length).toArray())).build();
        List<long[]> out = new ArrayList<>();
        lengths.forEach(t -> out.add(t.toLongArray()));
        assertThat(out).containsExactly(new long[] {1, 2}, new long[] {3, 4}, new long[] {5});

        DataLoader<List<String>> lists = DataLoader.builder(words).batchSize(3).prefetch(0).build();
        assertThat(lists).containsExactly(List.of("a", "bb", "ccc"), List.of("dddd", "eeeee"));
    }

    @Test
    void stackingSamplesGivesTheSameBatchAsTheTensorFastPath() {
        TensorDataset data = indexed(9);
        List<Batch> fast = epoch(DataLoader.builder(data).batchSize(4).shuffle(true).seed(1).build());
        List<Batch> stacked = new ArrayList<>();
        DataLoader.builder(data).batchSize(4).shuffle(true).seed(1).collate(Batch::stack).build().forEach(stacked::add);
        assertThat(stacked).hasSameSizeAs(fast);
        for (int i = 0; i < fast.size(); i++) {
            assertThat(stacked.get(i).x().shape()).isEqualTo(fast.get(i).x().shape());
            assertThat(stacked.get(i).x().toFloatArray()).isEqualTo(fast.get(i).x().toFloatArray());
            assertThat(stacked.get(i).y().toLongArray()).isEqualTo(fast.get(i).y().toLongArray());
        }
    }

    @Test
    void iterableDatasetsAreBatchedInStreamOrder() {
        IterableDataset<Integer> counts = () -> IntStream.range(0, 10).iterator();
        for (int prefetch : new int[] {0, 3}) {
            List<List<Integer>> batches = new ArrayList<>();
            DataLoader.builder(counts).batchSize(4).prefetch(prefetch).build().forEach(batches::add);
            assertThat(batches).containsExactly(List.of(0, 1, 2, 3), List.of(4, 5, 6, 7), List.of(8, 9));
        }
        List<List<Integer>> dropped = new ArrayList<>();
        DataLoader.builder(counts).batchSize(4).dropLast(true).build().forEach(dropped::add);
        assertThat(dropped).hasSize(2);
        List<List<Integer>> resumed = new ArrayList<>();
        DataLoader.builder(counts).batchSize(4).build().iterator(0, 1).forEachRemaining(resumed::add);
        assertThat(resumed).containsExactly(List.of(4, 5, 6, 7), List.of(8, 9));
        assertThatThrownBy(() -> DataLoader.builder(counts).build().numBatches())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void contradictorySettingsAreRejected() {
        TensorDataset data = indexed(4);
        assertThatThrownBy(() -> DataLoader.builder(data).shuffle(true).sampler(Sampler.sequential()).build())
                .hasMessageContaining("shuffle(true) and a sampler exclude each other");
        assertThatThrownBy(() -> DataLoader.builder(data).prefetch(0).workers(2).build())
                .hasMessageContaining("workers(2) need prefetch > 0");
        assertThatThrownBy(() -> DataLoader.builder(data).batchSize(0)).hasMessageContaining("batchSize must be at least 1");
        IterableDataset<Integer> stream = List.of(1, 2)::iterator;
        assertThatThrownBy(() -> DataLoader.builder(stream).shuffle(true).build())
                .hasMessageContaining("shuffle and samplers need a map-style Dataset");
        assertThatThrownBy(() -> DataLoader.builder(stream).workers(2).build()).hasMessageContaining("read by one thread");
    }

    @Test
    void anExceptionInAWorkerSurfacesInTheCallerWithItsCause() {
        Dataset<Integer> failing = new Dataset<>() {
            @Override
            public int size() {
                return 10;
            }

            @Override
            public Integer get(int index) {
                if (index == 7) {
                    throw new IllegalStateException("sample 7 is broken");
                }
                return index;
            }
        };
        for (int prefetch : new int[] {0, 2}) {
            BatchIterator<List<Integer>> it = DataLoader.builder(failing).batchSize(3).prefetch(prefetch).workers(prefetch == 0 ? 1 : 2)
                    .build().iterator();
            assertThat(it.next()).containsExactly(0, 1, 2);
            assertThat(it.next()).containsExactly(3, 4, 5);
            assertThatThrownBy(it::next).isInstanceOf(DataLoaderException.class)
                    .hasMessageContaining("batch 2 of epoch 0 failed")
                    .hasCauseInstanceOf(IllegalStateException.class)
                    .cause().hasMessage("sample 7 is broken");
            assertThat(it.hasNext()).isFalse();
        }
    }

    @Test
    void transformsNeedBatches() {
        DataLoader<List<String>> loader = DataLoader.builder(Dataset.of(List.of("x"))).transform((x, g) -> x).build();
        assertThatThrownBy(() -> loader.iterator().next()).isInstanceOf(DataLoaderException.class)
                .cause().hasMessageContaining("transforms apply to Batch.x");
    }

    @Test
    void workerThreadsEndWhenTheEpochEndsIsClosedOrIsAbandoned() throws InterruptedException {
        TensorDataset data = indexed(64);
        DataLoader<Batch> loader = DataLoader.builder(data).batchSize(2).prefetch(2).workers(3).build();
        epoch(loader);
        awaitNoLoaderThreads();

        BatchIterator<Batch> closed = loader.iterator();
        closed.next();
        assertThat(loaderThreads()).isPositive();
        closed.close();
        assertThat(closed.hasNext()).isFalse();
        awaitNoLoaderThreads();

        for (Batch b : loader) {
            if (b.y().toLongArray()[0] >= 4) {
                break;                                      // abandoned: workers finish their window and stop
            }
        }
        awaitNoLoaderThreads();
    }

    private static long loaderThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("myelin-loader-") && !t.getName().contains("cleaner"))
                .count();
    }

    private static void awaitNoLoaderThreads() throws InterruptedException {
        for (int i = 0; i < 100 && loaderThreads() > 0; i++) {
            System.gc();
            Thread.sleep(50);
        }
        assertThat(loaderThreads()).as("live loader threads").isZero();
    }

    private static long[] flatten(List<long[]> parts) {
        return parts.stream().flatMapToLong(Arrays::stream).toArray();
    }

    private static long[] rangeOf(int n) {
        return LongStream.range(0, n).toArray();
    }
}
