/**
 * Tokenizers from Hugging Face {@code tokenizer.json} files:
 * {@link dev.myelin.text.huggingface.HuggingFaceTokenizer} reads the pipeline (normalizer,
 * pre-tokenizer, WordPiece/BPE/WordLevel model, truncation, post-processor, decoder, added tokens,
 * padding) and gives the same ids as the reference library. Everything else in this package is
 * the implementation of those components and is not public.
 *
 * <pre>{@code
 * HuggingFaceTokenizer tok = HuggingFaceTokenizer.load(Path.of("tokenizer.json"));
 * PaddedBatch b = PaddedBatch.of(tok.encodeBatch(List.of("first text", "second")), tok.padding());
 * }</pre>
 */
package dev.myelin.text.huggingface;
