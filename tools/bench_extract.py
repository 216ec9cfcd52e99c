#!/usr/bin/env python3
"""Feature extraction, TorchSharp against PyTorch on the same CPU, side by side.

The extraction is the quick preset's frozen-features pass: Fashion-MNIST images at 32 px through the ResNet-18 of the
offline weights (the ONNX model's (2, 2, 2, 3) blocks; PyTorch pads inside the layers as TorchVision does, or
explicitly as the ONNX graph does with --onnx-padding), eval mode, no gradients, batch 64.
Two figures per implementation, in images per second:

- forward only: batches already in memory as (B, 3, 32, 32) float tensors, the network alone (its BGR x 255 minus
  mean image included, as it is the backbone's first layer in both);
- whole path: TorchSharp runs the feature cache's own extractor (decode the PNG-free IDX bytes into images, resize,
  augment the V views, to tensor, forward, copy out); PyTorch gets the same images as a uint8 tensor already
  decoded and does what it can without torchvision: to float, bilinear resize, grey to RGB, forward, copy out.
  PyTorch's path therefore has no augmentation and no per-image decoding, so its figure is an upper bound.

Weights do not change the speed: PyTorch's network is randomly initialised. Rounds alternate the two
implementations so that a change of load on the shared machine hits both; the medians of the rounds are printed
with their ratio (PyTorch / TorchSharp images per second: below 1 means TorchSharp is faster).
Needs Debian's python3-torch (`apt-get install python3-torch`) and the Fashion-MNIST package (dataset-fashion-mnist).

    /usr/bin/python3 tools/bench_extract.py [--rounds 3] [--images 2048] [--views 1] [--batch 64] [--threads N] [--onnx-padding] [--cli DLL]
"""
import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_finetune_step import Block  # noqa: E402  the same ResNet block, ONNX padding

FASHION = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"


class SymmetricBlock(Block):
    """The block with TorchVision's symmetric padding in the strided convolution (same windows for even sides)."""

    def __init__(self, inp, planes, stride):
        super().__init__(inp, planes, stride)
        self.conv1.padding = (1, 1)
        self.stride = 1  # Block.forward then adds no explicit pad


class Backbone(torch.nn.Module):
    """ResNet-18 with (2, 2, 2, 3) blocks to the 512-d global average pool, Caffe preprocessing first.

    onnx=True pads as the ONNX graph does (explicit pad copies, the form TorchSharp runs when training);
    onnx=False pads inside the convolutions and the max pool as TorchVision does (the same windows at even sides,
    the form TorchSharp runs without gradients) — PyTorch's natural and faster way to write the same network.
    """

    def __init__(self, size, onnx=False):
        super().__init__()
        self.onnx = onnx
        self.register_buffer("mean", torch.rand(1, 3, size, size) * 128)
        self.conv1 = torch.nn.Conv2d(3, 64, 7, 2, padding=0 if onnx else 3, bias=False)
        self.bn1 = torch.nn.BatchNorm2d(64)
        stages, inp = [], 64
        for planes, stride, count in [(64, 1, 2), (128, 2, 2), (256, 2, 2), (512, 2, 3)]:
            for i in range(count):
                stages.append((Block if onnx else SymmetricBlock)(inp, planes, stride if i == 0 else 1))
                inp = planes
        self.stages = torch.nn.Sequential(*stages)

    def forward(self, rgb):
        x = rgb.flip(1) * 255 - self.mean
        if self.onnx:
            x = F.relu(self.bn1(self.conv1(F.pad(x, (3, 2, 3, 2)))))
            x = F.max_pool2d(F.pad(x, (1, 0, 1, 0), value=float("-inf")), 3, 2)
        else:
            x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 3, 2, 1)
        return F.adaptive_avg_pool2d(self.stages(x), 1).flatten(1)


def fashion_images(count):
    """The first `count` Fashion-MNIST training images as (N, 28, 28) uint8 (IDX file: 16-byte header)."""
    with gzip.open(FASHION, "rb") as f:
        raw = f.read()
    return torch.frombuffer(bytearray(raw[16:16 + count * 784]), dtype=torch.uint8).reshape(count, 28, 28)


def to_batch(pixels, size):
    """(B, 28, 28) uint8 -> (B, 3, S, S) float in [0, 1]: bilinear resize, grey to RGB."""
    x = pixels.unsqueeze(1).float().div_(255)
    x = F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False)
    return x.expand(-1, 3, -1, -1).contiguous()


def pytorch_round(args, pixels, model):
    with torch.no_grad():
        batches = [to_batch(pixels[i:i + args.batch], args.size) for i in range(0, len(pixels), args.batch)]
        model(batches[0])
        t0 = time.perf_counter()
        for x in batches:
            model(x).numpy().copy()
        forward = len(pixels) / (time.perf_counter() - t0)
        t0 = time.perf_counter()
        for _ in range(1 + args.views):
            for i in range(0, len(pixels), args.batch):
                model(to_batch(pixels[i:i + args.batch], args.size)).numpy().copy()
        whole = len(pixels) * (1 + args.views) / (time.perf_counter() - t0)
    return {"forward": forward, "whole": whole}


def torchsharp_round(args, dsch):
    command = (["dotnet", args.cli] if args.cli else [dsch]) + [
        "bench", "extract", "--json", "--images", str(args.images), "--views", str(args.views),
        "--batch-size", str(args.batch), "--input-size", str(args.size)]
    env = dict(os.environ, OMP_NUM_THREADS=str(args.threads))
    env.setdefault("DSCH_ROOT", os.path.dirname(dsch))  # as the launcher sets it
    out = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout
    report = json.loads(out.strip().splitlines()[-1])
    return {"forward": report["forwardImagesPerSecond"], "whole": report["wholeImagesPerSecond"]}, report


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--images", type=int, default=2048)
    parser.add_argument("--views", type=int, default=1)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--size", type=int, default=32)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--cli", help="another build's Dsch.Cli.dll to time instead of this checkout's ./dsch (A/B runs)")
    parser.add_argument("--onnx-padding", action="store_true",
                        help="PyTorch pads explicitly as the ONNX graph does (default: TorchVision's padding inside the layers)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    dsch = os.path.join(root, "dsch")
    if not args.cli:
        subprocess.run([dsch, "--version"], check=True, capture_output=True)  # builds the CLI before anything is timed
    pixels = fashion_images(args.images)
    model = Backbone(args.size, onnx=args.onnx_padding).eval()

    sharp_rounds, torch_rounds, report = [], [], None
    for r in range(args.rounds):
        sharp, report = torchsharp_round(args, dsch)
        sharp_rounds.append(sharp)
        torch_rounds.append(pytorch_round(args, pixels, model))
        print(f"round {r + 1}/{args.rounds}: forward TorchSharp {sharp['forward']:.0f} / PyTorch "
              f"{torch_rounds[-1]['forward']:.0f} images/s, whole path {sharp['whole']:.0f} / "
              f"{torch_rounds[-1]['whole']:.0f} images/s", flush=True)

    load = os.getloadavg()
    print(f"\nResNet-18 (2,2,2,3) at {args.size} px, batch {args.batch}, eval, no grad, PyTorch padding "
          f"{'ONNX (explicit)' if args.onnx_padding else 'TorchVision (in the layers)'}; {args.images} images "
          f"(+ {args.views} augmented view(s) each in the whole path); median over {args.rounds} rounds; threads: "
          f"TorchSharp {report['threads']}, PyTorch {torch.get_num_threads()}; load average "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"{'path':<14}{'TorchSharp img/s':>18}{'PyTorch img/s':>15}{'PyTorch/TorchSharp':>20}")
    for path in ("forward", "whole"):
        a = statistics.median(s[path] for s in sharp_rounds)
        b = statistics.median(t[path] for t in torch_rounds)
        print(f"{path:<14}{a:>18.0f}{b:>15.0f}{b / a:>19.2f}x")
    print(f"versions: {report['implementation']}; PyTorch {torch.__version__}; python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
