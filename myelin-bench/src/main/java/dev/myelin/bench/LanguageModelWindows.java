package dev.myelin.bench;

import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/** Random training windows of a token stream, as the peers' {@code sample_windows} draws them (W4, W5). */
final class LanguageModelWindows {
    private LanguageModelWindows() {}

    /** {@code batch} x (seq + 1) windows at random offsets of a 1-D int64 token tensor. */
    static Tensor sample(Tensor corpus, int batch, int seq, Generator g) {
        long[] ids = corpus.toLongArray();
        long[] starts = Tensor.randint(0, ids.length - seq, Shape.of(batch), g).toLongArray();
        long[] out = new long[batch * (seq + 1)];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(ids, (int) starts[b], out, b * (seq + 1), seq + 1);
        }
        return Tensor.fromArray(out, batch, seq + 1);
    }
}
