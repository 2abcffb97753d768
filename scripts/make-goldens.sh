#!/usr/bin/env bash
# Regenerates the PyTorch golden files the parity tests compare against:
#   1. Java writes the inputs of every op sample in the registry (GoldenInputs);
#   2. PyTorch computes the outputs and gradients (scripts/goldens/torch_ops.py).
# Needs Debian's python3-torch (apt-get install python3-torch). CI never runs this: the files are committed.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/myelin-core/src/test/resources/goldens"
mkdir -p "$OUT"
"$ROOT/myelin" build
cd "$ROOT"
JAVA_HOME="$("$ROOT/myelin" java-home)"
export JAVA_HOME MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow"
mvn -B -q --no-transfer-progress -pl myelin-core test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath 2>&1 | sed $'s/\x1b\\[[0-9;]*m//g'
CP="myelin-core/target/test-classes:myelin-core/target/classes:$(cat myelin-core/target/test.classpath)"
"$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -cp "$CP" dev.myelin.testing.GoldenInputs "$OUT/ops-inputs.safetensors" 2>&1 \
    | grep -v 'incubator modules'
cd "$ROOT/scripts/goldens"
/usr/bin/python3 torch_ops.py "$OUT/ops-inputs.safetensors" "$OUT/ops-torch.safetensors"
