package dev.myelin.models;

import dev.myelin.nn.LSTM;
import dev.myelin.nn.Linear;
import dev.myelin.nn.Module;
import dev.myelin.tensor.Tensor;

/**
 * One-step-ahead forecasting of a time series with an LSTM: it reads a window of the last W steps,
 * F features each (the series' past values and whatever else is known, such as the calendar), and
 * a linear layer on its final hidden state predicts the next value.
 *
 * <p>Shapes: x (B, W, F) float gives (B). Windows come from
 * {@link dev.myelin.data.SeriesWindows}. Submodules {@code lstm}, {@code head}.
 *
 * <pre>{@code
 * var model = new LstmForecaster(51, 64, 1);
 * Tensor next = model.forward(windows);             // (B, 28, 51) -> (B)
 * Tensor loss = F.mseLoss(next, targets);
 * }</pre>
 */
public final class LstmForecaster extends Module {
    private final int inputSize;
    private final LSTM lstm;
    private final Linear head;

    /** A forecaster of windows with {@code inputSize} features per step. */
    public LstmForecaster(int inputSize, int hiddenSize, int numLayers) {
        this.inputSize = inputSize;
        lstm = register("lstm", new LSTM(inputSize, hiddenSize, LSTM.defaults().numLayers(numLayers).batchFirst(true)));
        head = register("head", new Linear(hiddenSize, 1));
    }

    /**
     * The next value (B) after each window of x (B, W, F).
     *
     * @throws IllegalArgumentException if x is not (B, W, inputSize)
     */
    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 3 || x.size(2) != inputSize) {
            throw new IllegalArgumentException(describe() + ": expected windows (B, W, " + inputSize + "), got " + x.shape());
        }
        Tensor h = lstm.forward(x, null).state().h();                 // (layers, B, H)
        return hooked(head.forward(h.select(0, h.size(0) - 1)).squeeze(1));
    }

    @Override
    protected String extraRepr() {
        return "inputSize=" + inputSize;
    }
}
