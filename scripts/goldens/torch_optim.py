"""Records PyTorch's 20-step optimizer and learning-rate-schedule trajectories for every case that
OptimGoldenInputs wrote.

    python3 torch_optim.py optim-inputs.safetensors optim-torch.safetensors

Each case minimises mean((tanh(X W^T + b) - Y)^2) over W and b in float64 (a third parameter u is
unused, so it has no gradient), with the optimizer and scheduler built from their PyTorch
expressions (declared next to the Myelin code in OptimizerRegistry.java). After each step it
records the parameters (flattened, concatenated) and each group's learning rate; after the last,
the optimizer's per-parameter state. Run with Debian's python3-torch; see scripts/make-goldens.sh.
"""
import json
import math
import sys

import numpy as np
import torch
import torch.optim.lr_scheduler as S

import safetensors_io


class NAdam(torch.optim.Optimizer):
    """torch.optim.NAdam as of PyTorch 2.0 (single-tensor path). PyTorch 1.13 multiplies one mu too
    many into the second step's denominator (fixed by pytorch/pytorch#92699); Myelin follows 2.0."""

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, momentum_decay=4e-3):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                      momentum_decay=momentum_decay))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            beta1, beta2 = group['betas']
            for p in group['params']:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state['step'] = torch.tensor(0.)
                    state['mu_product'] = torch.tensor(1.)
                    state['exp_avg'] = torch.zeros_like(p)
                    state['exp_avg_sq'] = torch.zeros_like(p)
                grad = p.grad
                state['step'] += 1
                step = state['step'].item()
                bias_correction2 = 1 - beta2 ** step
                if group['weight_decay'] != 0:
                    grad = grad.add(p, alpha=group['weight_decay'])
                mu = beta1 * (1. - 0.5 * (0.96 ** (step * group['momentum_decay'])))
                mu_next = beta1 * (1. - 0.5 * (0.96 ** ((step + 1) * group['momentum_decay'])))
                state['mu_product'] *= mu
                mu_product = state['mu_product'].item()
                state['exp_avg'].mul_(beta1).add_(grad, alpha=1 - beta1)
                state['exp_avg_sq'].mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
                denom = state['exp_avg_sq'].div(bias_correction2).sqrt().add_(group['eps'])
                p.addcdiv_(grad, denom, value=-group['lr'] * (1. - mu) / (1. - mu_product))
                p.addcdiv_(state['exp_avg'], denom, value=-group['lr'] * mu_next / (1. - mu_product * mu_next))


def main(inputs_path, output_path):
    tensors, metadata = safetensors_io.load(inputs_path)
    cases = json.loads(metadata["cases"])
    steps = int(metadata["steps"])
    problem = {k: torch.from_numpy(tensors[f"problem/{k}"]) for k in ("W", "b", "u", "X", "Y")}
    out = {}
    for case in cases:
        key = case["key"]
        p = [problem[k].clone().requires_grad_(True) for k in ("W", "b", "u")]
        opt = eval(case["optimizer"], {"torch": torch, "p": p, "NAdam": NAdam})
        sched = eval(case["scheduler"], {"S": S, "opt": opt}) if case["scheduler"] else None
        trace, lrs = [], []
        for _ in range(steps):
            opt.zero_grad()
            loss = ((problem["X"] @ p[0].T + p[1]).tanh() - problem["Y"]).square().mean()
            loss.backward()
            if case["clip"] == "norm":
                torch.nn.utils.clip_grad_norm_(p, float(metadata["clip_norm"]))
            elif case["clip"] == "value":
                torch.nn.utils.clip_grad_value_(p, float(metadata["clip_value"]))
            opt.step()
            if isinstance(sched, S.ReduceLROnPlateau):
                sched.step(loss.item())
            elif sched is not None:
                sched.step()
            trace.append(torch.cat([t.detach().reshape(-1) for t in p]).numpy())
            lrs.append([g["lr"] for g in opt.param_groups])
        out[f"{key}/params"] = np.stack(trace)
        out[f"{key}/lr"] = np.array(lrs, dtype=np.float64)
        for i, param in enumerate(p):
            for name, value in opt.state[param].items():
                if value is None:   # SGD without momentum keeps momentum_buffer = None
                    continue
                value = value if torch.is_tensor(value) else torch.tensor(float(value))
                out[f"{key}/state/{i}/{name}"] = value.detach().to(torch.float64).numpy()
    safetensors_io.save(output_path, out, {"torch": torch.__version__, "numpy": np.__version__})
    print(f"wrote {len(out)} tensors for {len(cases)} optimizer cases to {output_path} (torch {torch.__version__})")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
