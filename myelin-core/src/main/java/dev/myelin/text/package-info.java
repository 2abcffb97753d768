/**
 * Text for neural networks: tokenizers, padded batches, language-modelling windows and sampling for
 * generation.
 *
 * <ul>
 *   <li>{@link dev.myelin.text.Tokenizer}: text to {@link dev.myelin.text.Encoding} (ids, tokens,
 *       offsets, type ids) and ids back to text, with {@link dev.myelin.text.SpecialTokens};
 *       implemented by {@link dev.myelin.text.CharTokenizer} (characters),
 *       {@link dev.myelin.text.WordTokenizer} (words and punctuation) over a
 *       {@link dev.myelin.text.Vocabulary} built from a corpus, and by
 *       {@link dev.myelin.text.huggingface.HuggingFaceTokenizer} (WordPiece and BPE from a
 *       {@code tokenizer.json});</li>
 *   <li>{@link dev.myelin.text.PaddedBatch}: encodings as (B, T) int64 tensors of ids, attention
 *       mask and type ids, padded and truncated as a {@link dev.myelin.text.Padding} says;</li>
 *   <li>{@link dev.myelin.text.TextWindows}: one long id sequence as (input, next-token target)
 *       windows in a {@link dev.myelin.data.TensorDataset};</li>
 *   <li>{@link dev.myelin.text.TokenSampler}: the next token from logits, greedy or sampled with
 *       temperature, top-k and top-p, reproducible from a {@link dev.myelin.tensor.Generator}.</li>
 * </ul>
 *
 * <pre>{@code
 * CharTokenizer tok = CharTokenizer.fromCorpus(text);
 * TensorDataset train = TextWindows.of(tok.encode(text).ids(), 64);   // x, y (N, 64) int64
 * ...
 * Tensor next = TokenSampler.of(0.8).withTopK(40).sample(model.forward(context), generator);
 * }</pre>
 */
package dev.myelin.text;
