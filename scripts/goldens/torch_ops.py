"""Computes PyTorch's outputs and input gradients for every op sample that GoldenInputs wrote.

    python3 torch_ops.py ops-inputs.safetensors ops-torch.safetensors

For each sample it evaluates the op's PyTorch expression (declared next to the Myelin call in
OpRegistry.java) on the stored inputs, and, for differentiable ops, backpropagates the stored
upstream gradient. Run with Debian's python3-torch; see scripts/make-goldens.sh.
"""
import json
import sys

import numpy as np
import torch
import torch.nn.functional as F

import safetensors_io


def sdpa(q, k, v, mask, causal, scale):
    """softmax(q k^T scale + mask) v, with PyTorch 2's conventions (torch 1.13 has no F.scaled_dot_product_attention):
    a bool mask is true where attending is allowed, a float mask is added; causal forbids keys after the query."""
    scores = q @ k.transpose(-2, -1) * scale
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf")) if mask.dtype == torch.bool else scores + mask
    if causal:
        scores = scores.masked_fill(torch.ones(q.shape[-2], k.shape[-2], dtype=torch.bool).triu(1), float("-inf"))
    return torch.softmax(scores, -1) @ v


def main(inputs_path, output_path):
    tensors, metadata = safetensors_io.load(inputs_path)
    samples = json.loads(metadata["samples"])
    out = {}
    for sample in samples:
        key = sample["key"]
        a = [torch.from_numpy(tensors[f"{key}/in{k}"]) for k in range(sample["inputs"])]
        for k in sample["grad"]:
            a[k].requires_grad_(True)
        kw = sample["kwargs"]
        try:
            result = eval(sample["torch"], {"torch": torch, "F": F, "a": a, "kw": kw, "sdpa": sdpa})
        except Exception as e:
            raise SystemExit(f"{key}: {sample['torch']} failed with {kw}: {e}")
        out[f"{key}/out"] = result.detach().numpy()
        if sample["grad"]:
            gout = torch.from_numpy(tensors[f"{key}/gout"])
            result.backward(gout)
            for k in sample["grad"]:
                grad = a[k].grad if a[k].grad is not None else torch.zeros_like(a[k])
                out[f"{key}/grad{k}"] = grad.numpy()
    safetensors_io.save(output_path, out, {"torch": torch.__version__, "numpy": np.__version__})
    print(f"wrote {len(out)} tensors for {len(samples)} samples to {output_path} (torch {torch.__version__})")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
