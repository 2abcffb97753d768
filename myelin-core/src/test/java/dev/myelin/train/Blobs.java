package dev.myelin.train;

import dev.myelin.data.Batch;
import dev.myelin.data.DataLoader;
import dev.myelin.data.TensorDataset;
import dev.myelin.nn.Dropout;
import dev.myelin.nn.Linear;
import dev.myelin.nn.Module;
import dev.myelin.nn.ReLU;
import dev.myelin.nn.Sequential;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/** A small classification problem for the trainer tests: three Gaussian blobs in 8 dimensions. */
final class Blobs {
    static final int FEATURES = 8;
    static final int CLASSES = 3;

    private Blobs() {}

    /** {@code n} points: class c is centred at 3·e_c with unit noise. */
    static TensorDataset make(int n, long seed) {
        Generator g = new Generator(seed);
        Tensor noise = Tensor.randn(Shape.of(n, FEATURES), DType.FLOAT32, g);
        long[] labels = new long[n];
        float[] centres = new float[n * FEATURES];
        for (int i = 0; i < n; i++) {
            labels[i] = i % CLASSES;
            centres[i * FEATURES + i % CLASSES] = 3f;
        }
        return new TensorDataset(noise.add(Tensor.fromArray(centres, n, FEATURES)), Tensor.fromArray(labels, n));
    }

    static DataLoader<Batch> loader(TensorDataset data, int batch, boolean shuffle) {
        return DataLoader.builder(data).batchSize(batch).shuffle(shuffle).seed(7).prefetch(0).build();
    }

    /** 8-32-3 with dropout, its weights from the default generator seeded with {@code seed}. */
    static Module model(long seed) {
        Generator.seedDefault(seed);
        return new Sequential(new Linear(FEATURES, 32), new ReLU(), new Dropout(0.2), new Linear(32, CLASSES));
    }
}
