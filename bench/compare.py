"""Joins Myelin's and the peer's benchmark JSON lines into one markdown table (the peer is PyTorch,
and ONNX Runtime for W6 `minilm`; compare.sh writes both peers' lines to pytorch.jsonl).

    python3 bench/compare.py RESULTS_DIR      (reads myelin.jsonl, pytorch.jsonl, machine.txt)

The ratio is oriented so that above 1 means Myelin is better: Myelin/PyTorch for rates
(GFLOP/s, tokens/s, steps/s, sequences/s) and PyTorch/Myelin for times. Quality metrics
(errors, accuracies, loss ratios) are shown without a ratio.
"""
import json
import os
import sys

HIGHER_IS_BETTER = ("gflops", "tokens_per_second", "steps_per_second", "throughput")
LOWER_IS_BETTER = ("epoch_seconds", "latency")


def load(path):
    rows = {}
    if os.path.exists(path):
        for line in open(path):
            line = line.strip()
            if line.startswith("{"):
                r = json.loads(line)
                rows[(r["workload"], r["threads"], r["metric"])] = (r["value"], r["unit"])
    return rows


def ratio(metric, ours, theirs):
    if metric.startswith(HIGHER_IS_BETTER):
        return f"{ours / theirs:.2f}" if theirs else ""
    if metric.startswith(LOWER_IS_BETTER):
        return f"{theirs / ours:.2f}" if ours else ""
    return "-"


def fmt(v):
    return "" if v is None else (f"{v:.4g}" if abs(v) < 1e5 else f"{v:.0f}")


def main(directory):
    ours = load(os.path.join(directory, "myelin.jsonl"))
    theirs = load(os.path.join(directory, "pytorch.jsonl"))
    machine = os.path.join(directory, "machine.txt")
    if os.path.exists(machine):
        for line in open(machine):
            print(f"<!-- {line.strip()} -->")
    print("| workload | threads | metric | Myelin | peer (PyTorch; ONNX Runtime for minilm) | ratio |")
    print("| --- | ---: | --- | ---: | ---: | ---: |")
    for key in sorted(set(ours) | set(theirs), key=lambda k: (k[0], k[1], k[2])):
        o = ours.get(key, (None, ""))[0]
        t = theirs.get(key, (None, ""))[0]
        unit = (ours.get(key) or theirs.get(key))[1]
        r = ratio(key[2], o, t) if o is not None and t is not None else ""
        print(f"| {key[0]} | {key[1]} | {key[2]} ({unit}) | {fmt(o)} | {fmt(t)} | {r} |")


if __name__ == "__main__":
    main(sys.argv[1])
