"""Weights interoperability between PyTorch and Myelin through safetensors files.

    torch_weights.py write WEIGHTS IO     PyTorch writes a small CNN's state dict (with the metadata
                                          Myelin's ModelFiles reads) and an input/output pair
    torch_weights.py check WEIGHTS IO     PyTorch loads weights written by Myelin (a model file, or a
                                          training checkpoint's model.* tensors), runs the input of IO
                                          and compares with the output Myelin computed; exit 1 if they differ

The network is the layer list LAYERS below, the same one ModelInteropTest builds with LayerSpecs.
Needs Debian's python3-torch; safetensors_io.py stands in for the safetensors package.
"""
import json
import sys

import numpy as np
import torch
from torch import nn

import safetensors_io

LAYERS = [{"type": "Conv2d", "in": 1, "out": 4, "kernel": 3, "padding": 1}, {"type": "ReLU"},
          {"type": "MaxPool2d", "kernel": 2}, {"type": "Flatten"}, {"type": "Linear", "in": 784, "out": 10}]


def model():
    return nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(784, 10))


def write(weights_path, io_path):
    torch.manual_seed(0)
    m = model()
    x = torch.rand(3, 1, 28, 28)
    with torch.no_grad():
        y = m(x)
    state = {k: v.numpy() for k, v in m.state_dict().items()}
    safetensors_io.save(weights_path, state, {
        "myelin.model": "layers", "myelin.args": json.dumps({"layers": LAYERS}),
        "myelin.classes": json.dumps([str(i) for i in range(10)]), "myelin.input_shape": "[1, 1, 28, 28]"})
    safetensors_io.save(io_path, {"input": x.numpy(), "output": y.numpy()}, {})


def check(weights_path, io_path):
    tensors, _ = safetensors_io.load(weights_path)
    if any(k.startswith("model.") for k in tensors):  # a training checkpoint: the model's part
        tensors = {k[len("model."):]: v for k, v in tensors.items() if k.startswith("model.")}
    m = model()
    m.load_state_dict({k: torch.from_numpy(v) for k, v in tensors.items()}, strict=True)
    io, _ = safetensors_io.load(io_path)
    with torch.no_grad():
        y = m(torch.from_numpy(io["input"])).numpy()
    err = float(np.abs(y - io["output"]).max())
    print(f"PyTorch loaded {len(tensors)} tensors from {weights_path}; max |torch - myelin| = {err:.3g}")
    return err < 1e-5


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("write", "check"):
        sys.exit(__doc__)
    if sys.argv[1] == "write":
        write(sys.argv[2], sys.argv[3])
    else:
        sys.exit(0 if check(sys.argv[2], sys.argv[3]) else 1)
