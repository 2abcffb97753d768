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


def flat(cls, packed=False):
    """A subclass of a recurrent module (same state-dict keys) whose forward takes x, then lengths if
    packed, then initial state tensors, and returns the output and final states flattened and joined."""

    class Flat(cls):
        def forward(self, x, *rest):
            lengths = None
            if packed:
                lengths, rest = rest[0], rest[1:]
            state = None if not rest else (rest[0] if len(rest) == 1 else tuple(rest))
            steps = x.shape[1 if getattr(self, "batch_first", False) else 0]
            if packed:
                x = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=self.batch_first, enforce_sorted=False)
            result = super().forward(x, state)
            parts = []

            def collect(item):
                if isinstance(item, nn.utils.rnn.PackedSequence):
                    item = nn.utils.rnn.pad_packed_sequence(item, batch_first=self.batch_first, total_length=steps)[0]
                if isinstance(item, torch.Tensor):
                    parts.append(item.reshape(-1))
                elif isinstance(item, (tuple, list)):
                    for sub in item:
                        collect(sub)

            collect(result)
            return torch.cat(parts)

    return Flat


def keywords(cls, names):
    """A subclass of cls (same state-dict keys) whose forward takes its inputs in the order of `names`
    (space-separated keyword names; "self" passes one tensor as query, key and value) and returns
    tensor results flattened and joined."""
    keys = names.split(" ")

    class Keywords(cls):
        def forward(self, *args):
            kwargs = {}
            for key, value in zip(keys, args):
                if key == "self":
                    kwargs.update(query=value, key=value, value=value)
                else:
                    kwargs[key] = value
            result = super().forward(**kwargs)
            if isinstance(result, tuple):
                return torch.cat([r.reshape(-1) for r in result if r is not None])
            return result

    return Keywords


def main(inputs_path, output_path):
    tensors, metadata = safetensors_io.load(inputs_path)
    cases = json.loads(metadata["cases"])
    scope = {"nn": nn, "torch": torch, "F": F, "RMSNorm": RMSNorm, "HingeLoss": HingeLoss, "flat": flat,
             "keywords": keywords}
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
