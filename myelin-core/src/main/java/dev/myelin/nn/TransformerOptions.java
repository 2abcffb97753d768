package dev.myelin.nn;

/**
 * The settings shared by Transformer encoder and decoder layers, with PyTorch's defaults:
 * feed-forward width 2048, dropout 0.1, ReLU, layer-norm epsilon 1e-5, sequence-first,
 * post-normalisation.
 *
 * @param dimFeedforward the width of the feed-forward block's hidden layer
 * @param dropout dropout after attention, inside and after the feed-forward block (training only)
 * @param gelu GELU instead of ReLU in the feed-forward block
 * @param layerNormEps the layer norms' epsilon
 * @param batchFirst inputs and outputs are (B, T, E) instead of (T, B, E)
 * @param normFirst pre-LayerNorm (normalise before each block, as GPT does) instead of after
 */
public record TransformerOptions(int dimFeedforward, double dropout, boolean gelu, double layerNormEps,
        boolean batchFirst, boolean normFirst) {
    /** PyTorch's defaults. */
    public static TransformerOptions defaults() {
        return new TransformerOptions(2048, 0.1, false, 1e-5, false, false);
    }

    /** These options with another feed-forward width. */
    public TransformerOptions dimFeedforward(int dimFeedforward) {
        return new TransformerOptions(dimFeedforward, dropout, gelu, layerNormEps, batchFirst, normFirst);
    }

    /** These options with another dropout probability. */
    public TransformerOptions dropout(double dropout) {
        return new TransformerOptions(dimFeedforward, dropout, gelu, layerNormEps, batchFirst, normFirst);
    }

    /** These options with GELU (true) or ReLU (false). */
    public TransformerOptions gelu(boolean gelu) {
        return new TransformerOptions(dimFeedforward, dropout, gelu, layerNormEps, batchFirst, normFirst);
    }

    /** These options with another layer-norm epsilon. */
    public TransformerOptions layerNormEps(double layerNormEps) {
        return new TransformerOptions(dimFeedforward, dropout, gelu, layerNormEps, batchFirst, normFirst);
    }

    /** These options with batch-first inputs and outputs. */
    public TransformerOptions batchFirst(boolean batchFirst) {
        return new TransformerOptions(dimFeedforward, dropout, gelu, layerNormEps, batchFirst, normFirst);
    }

    /** These options with pre-LayerNorm (true) or post-LayerNorm (false). */
    public TransformerOptions normFirst(boolean normFirst) {
        return new TransformerOptions(dimFeedforward, dropout, gelu, layerNormEps, batchFirst, normFirst);
    }

    MultiheadAttention.Options attention() {
        return MultiheadAttention.defaults().dropout(dropout).batchFirst(batchFirst);
    }
}
