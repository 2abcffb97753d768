#!/usr/bin/env bash
# Runs workloads in Myelin and in the PyTorch peer (../shared/bench/pytorch), alternating the two,
# with 1 thread and with all cores, then prints one table: workload, threads, metric, Myelin,
# PyTorch, ratio (above 1: Myelin is better).
#
#   bench/compare.sh W1 [W2 ...] [-- extra arguments for both sides]
#
# The peer needs: apt-get install python3-torch libopenblas0-openmp dataset-fashion-mnist. W6's peer is
# ONNX Runtime for Java (myelin-bench's test class path, fetched by Maven); its lines go with the PyTorch peer's.
# Every run holds /tmp/bench.lock, like the peer's run.sh, so that timing runs never overlap.
# Results land in bench/results/<date>/ (myelin.jsonl, pytorch.jsonl, table.md).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PEER="${PEER:-$ROOT/../shared/bench/pytorch}"
OUT="${OUT:-$ROOT/bench/results/$(date +%Y-%m-%d-%H%M%S)}"
LOCK=/tmp/bench.lock
mkdir -p "$OUT"

workloads=()
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --) shift; extra=("$@"); break ;;
    *) workloads+=("$1"); shift ;;
  esac
done
[ ${#workloads[@]} -gt 0 ] || { echo "usage: bench/compare.sh W1 [W2 ...] [-- args]" >&2; exit 2; }

peer_script() {
  case "$1" in
    W1) echo w1_gemm.py ;; W2) echo w2_mlp.py ;; W3) echo w3_cnn.py ;;
    W4) echo w4_lstm.py ;; W5) echo w5_transformer.py ;;
    *) echo "" ;;
  esac
}

# As the peer's run.sh: OpenBLAS 0.3.21 needs a core type on CPUs it does not know.
OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE-Cooperlake}
if [ -n "$OPENBLAS_CORETYPE" ]; then export OPENBLAS_CORETYPE; else unset OPENBLAS_CORETYPE; fi

"$ROOT/myelin" build >&2
all=$(nproc)
threads=1
[ "$all" -gt 1 ] && threads="1 $all"
{
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "machine: $(lscpu | sed -n 's/^Model name:[[:space:]]*//p'), $(nproc) cores"
  /usr/bin/python3 -c '
import ctypes, torch
lib = [line.split()[-1] for line in open("/proc/self/maps") if "blas" in line][0]
try:
    name = ctypes.CDLL(lib).openblas_get_corename
    name.restype = ctypes.c_char_p
    lib += " (OpenBLAS core %s)" % name().decode()
except AttributeError:
    pass
print("peer: torch", torch.__version__, "BLAS", lib)' 2>/dev/null || echo "peer: torch not installed"
} > "$OUT/machine.txt"
cat "$OUT/machine.txt" >&2

run_locked() {  # run_locked FILE COMMAND...: appends the command's JSON lines to FILE under the lock
  local file=$1; shift
  exec 9>>"$LOCK"
  flock 9
  echo "== $* (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  "$@" >>"$file" || echo "!! exited with status $?" >&2
  exec 9>&-
}

ort_classpath() {  # myelin-bench's test class path, for W6's ONNX Runtime peer
  (cd "$ROOT" && JAVA_HOME="$("$ROOT/myelin" java-home)" mvn -B -q --no-transfer-progress -pl myelin-bench \
    test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath >&2)
  echo "$ROOT/myelin-bench/target/test-classes:$ROOT/myelin-bench/target/classes:$(cat "$ROOT/myelin-bench/target/test.classpath")"
}

for w in "${workloads[@]}"; do
  script=$(peer_script "$w")
  [ "$w" = W6 ] && cp_ort=$(ort_classpath)
  for t in $threads; do
    run_locked "$OUT/myelin.jsonl" "$ROOT/myelin" bench "$w" --threads "$t" ${extra[@]+"${extra[@]}"}
    if [ "$w" = W6 ]; then
      run_locked "$OUT/pytorch.jsonl" "$("$ROOT/myelin" java-home)/bin/java" --add-modules jdk.incubator.vector \
        --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED -cp "$cp_ort" \
        dev.myelin.bench.OrtMiniLmPeer --threads "$t" ${extra[@]+"${extra[@]}"}
    elif [ -n "$script" ]; then
      run_locked "$OUT/pytorch.jsonl" env OMP_NUM_THREADS="$t" OPENBLAS_NUM_THREADS="$t" \
        /usr/bin/python3 "$PEER/$script" --threads "$t" ${extra[@]+"${extra[@]}"}
    fi
  done
done
/usr/bin/python3 "$ROOT/bench/compare.py" "$OUT" | tee "$OUT/table.md"
