"""The initial weights of a small GPT built as W5's PyTorch peer builds its model, for GptTest.

    torch_gpt_init.py OUT   writes OUT (safetensors): the state dict of GPT below right after
                            torch.manual_seed(1) and its construction, under the names Myelin's Gpt
                            gives the same tensors (pos.embedding.weight, blocks.N..., no causal mask)

GPT is ../shared/bench/pytorch/w5_transformer.py's class with smaller sizes: token and position
embeddings, one nn.TransformerEncoderLayer (pre-LN, GELU) cloned by nn.TransformerEncoder, a final
LayerNorm and an untied head. Needs Debian's python3-torch; safetensors_io.py stands in for the
safetensors package.
"""
import sys

import torch
from torch import nn

import safetensors_io

VOCAB, D, HEADS, LAYERS, FF, SEQ = 13, 32, 4, 3, 48, 12


class GPT(nn.Module):
    def __init__(self):
        super().__init__()
        self.tok = nn.Embedding(VOCAB, D)
        self.pos = nn.Embedding(SEQ, D)
        block = nn.TransformerEncoderLayer(D, HEADS, FF, dropout=0.0, activation="gelu",
                                           batch_first=True, norm_first=True)
        self.blocks = nn.TransformerEncoder(block, LAYERS, enable_nested_tensor=False)
        self.norm = nn.LayerNorm(D)
        self.head = nn.Linear(D, VOCAB)
        self.register_buffer("causal", torch.full((SEQ, SEQ), float("-inf")).triu(1))


def myelin_name(key):
    return key.replace("pos.weight", "pos.embedding.weight").replace("blocks.layers.", "blocks.")


def main(out):
    torch.manual_seed(1)
    state = GPT().state_dict()
    tensors = {myelin_name(k): v.numpy() for k, v in state.items() if k != "causal"}
    safetensors_io.save(out, tensors, {})


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
