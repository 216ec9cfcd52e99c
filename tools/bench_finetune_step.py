#!/usr/bin/env python3
"""One fine-tuning step, TorchSharp against PyTorch on the same CPU, side by side.

The step is the trainer's M-step for one batch: 2B views (B = 15) of 32 px images through the ResNet-18 of the
offline weights (the ONNX model's (2, 2, 2, 3) blocks and its padding) and a tanh hash head, the contrastive loss
(NT-Xent, tau = 0.3), backward and Adam. PyTorch gets random images (its data phase is not timed); TorchSharp's
figures come from `dsch bench finetune-step --json`, which decodes and augments real Fashion-MNIST images and
reports that phase separately, so "model step" (forward + backward + Adam) compares like with like.

Run in rounds that alternate the two implementations, so a load change on the shared machine hits both;
the medians of the rounds are printed with the ratio. Needs Debian's python3-torch (`apt-get install python3-torch`).

    /usr/bin/python3 tools/bench_finetune_step.py [--rounds 3] [--steps 20] [--threads N] [--cli DLL]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    """ResNet basic block; stride-2 convolutions pad (1, 0, 1, 0) as the ONNX graph does."""

    def __init__(self, inp, planes, stride):
        super().__init__()
        self.stride = stride
        self.conv1 = nn.Conv2d(inp, planes, 3, stride, padding=1 if stride == 1 else 0, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.down = None
        if stride != 1 or inp != planes:
            self.down = nn.Sequential(nn.Conv2d(inp, planes, 1, stride, bias=False), nn.BatchNorm2d(planes))

    def forward(self, x):
        y = x if self.stride == 1 else F.pad(x, (1, 0, 1, 0))
        y = F.relu(self.bn1(self.conv1(y)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + (x if self.down is None else self.down(x)))


class Encoder(nn.Module):
    """ResNet-18 with (2, 2, 2, 3) blocks, global average pool, linear + tanh head."""

    def __init__(self, bits):
        super().__init__()
        self.register_buffer("mean", torch.rand(1, 3, 1, 1) * 128)
        self.conv1 = nn.Conv2d(3, 64, 7, 2, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        stages, inp = [], 64
        for planes, stride, count in [(64, 1, 2), (128, 2, 2), (256, 2, 2), (512, 2, 3)]:
            for i in range(count):
                stages.append(Block(inp, planes, stride if i == 0 else 1))
                inp = planes
        self.stages = nn.Sequential(*stages)
        self.head = nn.Linear(512, bits)

    def forward(self, rgb):
        x = rgb.flip(1) * 255 - self.mean
        x = F.relu(self.bn1(self.conv1(F.pad(x, (3, 2, 3, 2)))))
        x = F.max_pool2d(F.pad(x, (1, 0, 1, 0), value=float("-inf")), 3, 2)
        x = F.adaptive_avg_pool2d(self.stages(x), 1).flatten(1)
        return torch.tanh(self.head(x))


def nt_xent(h, tau):
    """Rows 2b and 2b+1 are the two views of image b."""
    z = F.normalize(h, dim=1)
    logits = z @ z.t() / tau
    logits = logits.masked_fill(torch.eye(len(z), dtype=torch.bool), float("-inf"))
    twin = torch.arange(len(z)) ^ 1
    return F.cross_entropy(logits, twin)


def pytorch_round(args):
    torch.manual_seed(0)
    model = Encoder(args.bits).train()
    optimizer = torch.optim.Adam(model.parameters(), lr=5e-4, eps=1e-8)
    x = torch.rand(2 * args.batch, 3, args.size, args.size)
    phases = {"forward": [], "backward": [], "adam": []}
    for step in range(args.warmup + args.steps):
        t0 = time.perf_counter()
        loss = nt_xent(model(x), 0.3)
        t1 = time.perf_counter()
        optimizer.zero_grad()
        loss.backward()
        t2 = time.perf_counter()
        optimizer.step()
        t3 = time.perf_counter()
        if step >= args.warmup:
            phases["forward"].append(t1 - t0)
            phases["backward"].append(t2 - t1)
            phases["adam"].append(t3 - t2)
    medians = {k: 1000 * statistics.median(v) for k, v in phases.items()}
    medians["model step"] = sum(medians.values())
    return medians


def torchsharp_round(args, dsch):
    command = (["dotnet", args.cli] if args.cli else [dsch]) + [
        "bench", "finetune-step", "--json", "--steps", str(args.steps), "--warmup", str(args.warmup),
        "--batch-size", str(args.batch), "--input-size", str(args.size), "--bits", str(args.bits)]
    env = dict(os.environ, OMP_NUM_THREADS=str(args.threads))  # libtorch reads it at start: the same thread count as PyTorch
    env.setdefault("DSCH_ROOT", os.path.dirname(dsch))  # as the launcher sets it
    out = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout
    report = json.loads(out.strip().splitlines()[-1])
    medians = {k: report["medianMs"][k] for k in ("forward", "backward", "adam")}
    medians["model step"] = sum(medians.values())
    medians["data"] = report["medianMs"]["data"]
    return medians, report


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--batch", type=int, default=15)
    parser.add_argument("--size", type=int, default=32)
    parser.add_argument("--bits", type=int, default=32)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--cli", help="another build's Dsch.Cli.dll to time instead of this checkout's ./dsch (A/B runs)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    dsch = os.path.join(root, "dsch")
    if not args.cli:
        subprocess.run([dsch, "--version"], check=True, capture_output=True)  # builds the CLI before anything is timed

    sharp_rounds, torch_rounds, report = [], [], None
    for r in range(args.rounds):
        sharp, report = torchsharp_round(args, dsch)
        sharp_rounds.append(sharp)
        torch_rounds.append(pytorch_round(args))
        print(f"round {r + 1}/{args.rounds}: TorchSharp model step {sharp['model step']:.1f} ms, "
              f"PyTorch {torch_rounds[-1]['model step']:.1f} ms", flush=True)

    load = os.getloadavg()[0]
    print(f"\nResNet-18 (2,2,2,3) + {args.bits}-bit head, {2 * args.batch} views of {args.size} px, forward + NT-Xent + "
          f"backward + Adam; median over {args.rounds} rounds of the per-round medians of {args.steps} steps; "
          f"threads: TorchSharp {report['threads']}, PyTorch {torch.get_num_threads()}; load average {load:.2f}")
    print(f"{'phase':<12}{'TorchSharp ms':>15}{'PyTorch ms':>12}{'ratio':>8}")
    for phase in ("forward", "backward", "adam", "model step"):
        a = statistics.median(s[phase] for s in sharp_rounds)
        b = statistics.median(t[phase] for t in torch_rounds)
        print(f"{phase:<12}{a:>15.1f}{b:>12.1f}{a / b:>7.2f}x")
    data = statistics.median(s["data"] for s in sharp_rounds)
    print(f"{'data':<12}{data:>15.1f}{'-':>12}{'':>8}   (decode + augment two views of B images, TorchSharp only)")
    print(f"versions: {report['implementation']}; PyTorch {torch.__version__}; python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
