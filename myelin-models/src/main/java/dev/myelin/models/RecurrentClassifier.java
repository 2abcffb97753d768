package dev.myelin.models;

import dev.myelin.nn.Dropout;
import dev.myelin.nn.Embedding;
import dev.myelin.nn.GRU;
import dev.myelin.nn.LSTM;
import dev.myelin.nn.Linear;
import dev.myelin.nn.Module;
import dev.myelin.nn.Recurrent;
import dev.myelin.nn.RnnOutput;
import dev.myelin.tensor.Tensor;
import java.util.List;

/**
 * A text classifier over token ids: embeddings, a bidirectional GRU or LSTM that reads each text
 * to its own end (packed-sequence semantics from the lengths), and a linear layer on the final
 * states of both directions joined with the maximum of the outputs over time.
 *
 * <p>Shapes: ids (B, T) int64, right-padded with id 0 (the {@code <pad>} of a
 * {@link dev.myelin.text.WordTokenizer}), give logits (B, numClasses). The features are
 * [h_fwd, h_bwd, max_t o_t], 4·hiddenSize wide; padded steps are left out of the maximum.
 * Submodules {@code embedding} (padding row 0), {@code rnn}, {@code dropout}, {@code head}.
 *
 * <pre>{@code
 * var model = new RecurrentClassifier(RecurrentClassifier.Cell.GRU, tok.vocabSize(), 64, 64, 2, 0.3);
 * Tensor logits = model.forward(batch.ids());          // (B, T) -> (B, 2)
 * }</pre>
 */
public final class RecurrentClassifier extends Module {
    /** The recurrent layer. */
    public enum Cell { GRU, LSTM }

    private final Cell cell;
    private final Embedding embedding;
    private final Recurrent rnn;
    private final Dropout dropout;
    private final Linear head;

    /**
     * A classifier of texts over {@code vocabSize} token ids into {@code numClasses} classes.
     *
     * @param embeddingDim the width of a token's vector
     * @param hiddenSize the hidden size of each direction
     * @param dropout dropout on the features before the last layer (training only)
     */
    public RecurrentClassifier(Cell cell, int vocabSize, int embeddingDim, int hiddenSize, int numClasses, double dropout) {
        this.cell = cell;
        embedding = register("embedding", new Embedding(vocabSize, embeddingDim, PaddedIds.PAD));
        Recurrent.Options options = Recurrent.Options.defaults().batchFirst(true).bidirectional(true);
        rnn = register("rnn", cell == Cell.GRU ? new GRU(embeddingDim, hiddenSize, options)
                : new LSTM(embeddingDim, hiddenSize, options));
        this.dropout = register("dropout", new Dropout(dropout));
        head = register("head", new Linear(4 * hiddenSize, numClasses));
    }

    /**
     * Logits (B, numClasses) of right-padded token ids (B, T).
     *
     * @throws IllegalArgumentException if ids is not (B, T) integers, a row is all padding or has a token after padding
     */
    @Override
    public Tensor forward(Tensor ids) {
        Tensor lengths = PaddedIds.lengths(ids, describe());
        RnnOutput out = rnn.forward(embedding.forward(ids), null, lengths);
        Tensor h = out.state().h();                                            // (2, B, H): forward, backward
        Tensor padding = ids.eq(PaddedIds.PAD).unsqueeze(2);                   // (B, T, 1)
        Tensor max = out.output().maskedFill(padding, Double.NEGATIVE_INFINITY).amax(new int[] {1}, false);
        Tensor features = Tensor.cat(List.of(h.select(0, 0), h.select(0, 1), max), 1);
        return hooked(head.forward(dropout.forward(features)));
    }

    @Override
    protected String extraRepr() {
        return "cell=" + cell;
    }
}
