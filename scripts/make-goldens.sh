#!/usr/bin/env bash
# Regenerates the PyTorch golden files the parity tests compare against:
#   1. Java writes the inputs of every op sample in the registry (GoldenInputs);
#   2. PyTorch computes the outputs and gradients (scripts/goldens/torch_ops.py);
#   3. Java writes the weights and inputs of every layer and loss (NnGoldenInputs), PyTorch computes
#      outputs, input and parameter gradients and buffers (scripts/goldens/torch_nn.py);
#   4. Java writes the optimizer problem and cases (OptimGoldenInputs), PyTorch records the 20-step
#      optimizer and schedule trajectories (scripts/goldens/torch_optim.py);
#   5. PyTorch writes its random draws and layers' initial weights for fixed seeds
#      (scripts/goldens/torch_random.py, for RandomParityTest);
#   6. PyTorch writes a small CNN's weights and an input/output pair that Myelin must load and reproduce
#      (scripts/goldens/torch_weights.py, for myelin-models' ModelInteropTest).
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
for exporter in GoldenInputs:ops NnGoldenInputs:nn OptimGoldenInputs:optim; do
  "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -cp "$CP" "dev.myelin.testing.${exporter%%:*}" \
      "$OUT/${exporter##*:}-inputs.safetensors" 2>&1 | grep -v 'incubator modules'
done
cd "$ROOT/scripts/goldens"
/usr/bin/python3 torch_ops.py "$OUT/ops-inputs.safetensors" "$OUT/ops-torch.safetensors"
/usr/bin/python3 -W ignore torch_nn.py "$OUT/nn-inputs.safetensors" "$OUT/nn-torch.safetensors"
/usr/bin/python3 -W ignore torch_optim.py "$OUT/optim-inputs.safetensors" "$OUT/optim-torch.safetensors"
/usr/bin/python3 -W ignore torch_random.py "$OUT/random-torch.safetensors"
/usr/bin/python3 -W ignore torch_gpt_init.py "$ROOT/myelin-models/src/test/resources/goldens/gpt-init-torch.safetensors"
/usr/bin/python3 -W ignore torch_weights.py write "$ROOT/myelin-models/src/test/resources/goldens/torch-cnn.safetensors" \
    "$ROOT/myelin-models/src/test/resources/goldens/torch-cnn-io.safetensors"
