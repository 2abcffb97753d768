"""PyTorch's random numbers for the seeds and draws of RandomParityTest, and the initial weights of layers.

    torch_random.py OUT     writes OUT (safetensors): for each seed, the draws below in order from
                            torch.manual_seed(seed) on, named "<seed>.<index>.<draw>"; and for each
                            layer, its state dict right after torch.manual_seed(1) and its construction,
                            named "<layer>.<parameter>"
                            (flattened; of a tensor over 4,096 elements, its first and last 64)

RandomParityTest (myelin-core) makes the same draws and layers in the same order and compares.
Needs Debian's python3-torch; safetensors_io.py stands in for the safetensors package.
"""
import sys

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

import safetensors_io

SEEDS = [0, 42, 2**32 + 7]


def draws():
    """(name, thunk) in the order they are drawn; RandomParityTest.draws() lists the same."""
    return [
        ("rand_f32", lambda: torch.rand(1000)),
        ("uniform_f32", lambda: torch.empty(999).uniform_(-0.3, 0.7)),
        ("uniform_f64", lambda: torch.empty(1001, dtype=torch.float64).uniform_(-0.3, 0.7)),
        ("randint", lambda: torch.randint(-5, 1000, (1000,))),
        ("randint_wide", lambda: torch.randint(0, 2**40, (100,))),
        ("randperm", lambda: torch.randperm(1000)),
        ("bernoulli_f32", lambda: torch.bernoulli(torch.full((1000,), 0.3))),
        ("bernoulli_f64", lambda: torch.bernoulli(torch.full((1000,), 0.3, dtype=torch.float64))),
        ("dropout_f32", lambda: F.dropout(torch.ones(1000), 0.3)),
        ("randn_f64_small", lambda: torch.randn(5, dtype=torch.float64)),
        ("randn_f64_small_again", lambda: torch.randn(5, dtype=torch.float64)),
        ("normal_f32_small", lambda: torch.empty(7).normal_(2, 3)),
        ("normal_f64", lambda: torch.empty(1003, dtype=torch.float64).normal_(2, 3)),
        ("normal_f32", lambda: torch.empty(1003).normal_(2, 3)),
        ("rand_after", lambda: torch.rand(10)),
        ("orthogonal_wide", lambda: nn.init.orthogonal_(torch.empty(3, 5))),
        ("orthogonal_tall", lambda: nn.init.orthogonal_(torch.empty(6, 4), gain=2)),
    ]


def layers():
    """(name, constructor); RandomParityTest.layers() builds the same."""
    return [
        ("linear", lambda: nn.Linear(20, 7)),
        ("conv2d", lambda: nn.Conv2d(3, 4, 3)),
        ("lstm", lambda: nn.LSTM(5, 6, num_layers=2, bidirectional=True)),
        ("gru", lambda: nn.GRU(4, 3)),
        ("embedding", lambda: nn.Embedding(10, 4)),
        ("mha", lambda: nn.MultiheadAttention(8, 2)),
        ("encoder_layer", lambda: nn.TransformerEncoderLayer(8, 2, dim_feedforward=16)),
        ("decoder_layer", lambda: nn.TransformerDecoderLayer(8, 2, dim_feedforward=16)),
        ("transformer", lambda: nn.Transformer(8, 2, num_encoder_layers=1, num_decoder_layers=1,
                                               dim_feedforward=16)),
        ("mlp", lambda: nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(),
                                      nn.Linear(256, 10))),
    ]


def main(out):
    tensors = {}
    for seed in SEEDS:
        torch.manual_seed(seed)
        for i, (name, draw) in enumerate(draws()):
            tensors[f"{seed}.{i}.{name}"] = draw().numpy()
    for name, make in layers():
        torch.manual_seed(1)
        for key, value in make().state_dict().items():
            flat = value.numpy().reshape(-1)
            # the ends of large tensors only (W2's MLP), enough to show that every draw lines up
            tensors[f"{name}.{key}"] = flat if flat.size <= 4096 else np.concatenate([flat[:64], flat[-64:]])
    safetensors_io.save(out, tensors, {})


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
