"""Computes PyTorch's outputs and gradients for every module case that NnGoldenInputs wrote.

    python3 torch_nn.py nn-inputs.safetensors nn-torch.safetensors

For each case it builds the module from its PyTorch expression (declared next to the Myelin
constructor in ModuleRegistry.java), loads Myelin's state dict into it strictly (so the state-dict
keys must be PyTorch's), runs it in the case's mode on the stored inputs and backpropagates the
stored upstream gradient. It stores the output, the gradients of the inputs and parameters, and
the buffers after the forward pass (BatchNorm's running statistics). Run with Debian's
python3-torch; see scripts/make-goldens.sh.
"""
import json
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

import safetensors_io


class RMSNorm(nn.Module):
    """PyTorch 2.4's nn.RMSNorm, which torch 1.13 lacks: x / sqrt(mean(x^2) + eps) * weight."""

    def __init__(self, normalized_shape, eps=None, elementwise_affine=True):
        super().__init__()
        if isinstance(normalized_shape, int):
            normalized_shape = (normalized_shape,)
        self.normalized_shape = tuple(normalized_shape)
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(self.normalized_shape)) if elementwise_affine else None

    def forward(self, x):
        eps = self.eps if self.eps is not None else torch.finfo(x.dtype).eps
        dims = tuple(range(-len(self.normalized_shape), 0))
        y = x * torch.rsqrt(x.pow(2).mean(dims, keepdim=True) + eps)
        return y * self.weight if self.weight is not None else y


class HingeLoss(nn.Module):
    """The binary hinge loss max(0, margin - y * x), which torch.nn has no module for."""

    def __init__(self, margin=1.0, reduction='mean'):
        super().__init__()
        self.margin = margin
        self.reduction = reduction

    def forward(self, x, y):
        loss = torch.clamp(self.margin - y * x, min=0)
        return loss.mean() if self.reduction == 'mean' else loss.sum() if self.reduction == 'sum' else loss


def main(inputs_path, output_path):
    tensors, metadata = safetensors_io.load(inputs_path)
    cases = json.loads(metadata["cases"])
    scope = {"nn": nn, "torch": torch, "F": F, "RMSNorm": RMSNorm, "HingeLoss": HingeLoss}
    out = {}
    for case in cases:
        key = case["key"]
        try:
            m = eval(case["torch"], scope)
            prefix = f"{key}/state/"
            state = {k[len(prefix):]: torch.from_numpy(v) for k, v in tensors.items() if k.startswith(prefix)}
            m.load_state_dict(state, strict=True)
            m.train(case["train"])
            a = [torch.from_numpy(tensors[f"{key}/in{k}"]) for k in range(case["inputs"])]
            for k in case["grad"]:
                a[k].requires_grad_(True)
            result = m(*a)
            result.backward(torch.from_numpy(tensors[f"{key}/gout"]))
        except Exception as e:
            raise SystemExit(f"{key}: {case['torch']} failed: {e}")
        out[f"{key}/out"] = result.detach().numpy()
        for k in case["grad"]:
            out[f"{key}/grad{k}"] = (a[k].grad if a[k].grad is not None else torch.zeros_like(a[k])).numpy()
        for name, p in m.named_parameters():
            out[f"{key}/pgrad/{name}"] = (p.grad if p.grad is not None else torch.zeros_like(p)).detach().numpy()
        for name, b in m.named_buffers():
            out[f"{key}/buffer/{name}"] = b.detach().numpy()
    safetensors_io.save(output_path, out, {"torch": torch.__version__, "numpy": np.__version__})
    print(f"wrote {len(out)} tensors for {len(cases)} module cases to {output_path} (torch {torch.__version__})")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
