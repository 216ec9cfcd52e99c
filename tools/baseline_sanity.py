#!/usr/bin/env python3
"""Sanity checks of the deep baselines (docs/baselines.md, "Public numbers usable as sanity checks").

Reads a folder written by `./dsch reproduce` that still has its runs' codes (runs/<method>-<bits>b-s<seed>/
database_codes.npy; committed reference folders leave the .npy out, so point it at a local rerun) and prints, as
markdown:

1. each trained method's primary mAP minus ITQ's on the same features, per code length (mean over seeds), beside the
   relations public re-runs report (check 1);
2. the properties the methods claim, on the database codes (check 3): per-bit balance (fraction of +1 per bit; a
   bit whose minority sign holds under 1 % of the images is "dead"), for GreedyHash how close |h| is to 1 (its L_q
   term), for CIBHash how saturated sigma(a) is (within 0.05 of 0 or 1).

Usage: /usr/bin/python3 tools/baseline_sanity.py RESULTS_FOLDER [--metric mAP@1000]
Needs NumPy only (Debian's python3-numpy).
"""
import argparse
import csv
import glob
import os
import re
import statistics
import sys

import numpy as np

TRAINED = ["dsch", "baseline", "cibhash", "bihalf", "greedyhash"]


def read_metric(folder, metric):
    """{(method, bits): [value per seed]} of one metric in results.csv."""
    values = {}
    with open(os.path.join(folder, "results.csv"), newline="") as f:
        for row in csv.DictReader(f):
            if row["metric"] == metric:
                values.setdefault((row["method"], int(row["bits"])), []).append(float(row["value"]))
    return values


def code_properties(path):
    """Bit balance, dead bits, |h| and sigmoid saturation of one run's database codes (N, L)."""
    h = np.load(path).astype(np.float64)
    plus = (h >= 0).mean(axis=0)                       # (L) fraction of +1 per bit (sign(0) = +1)
    minority = np.minimum(plus, 1 - plus)              # (L)
    sigma = 1 / (1 + np.exp(-np.clip(h, -60, 60)))     # (N, L)
    return {
        "dead": int((minority < 0.01).sum()),
        "median_minority": float(np.median(minority)),
        "abs_h_minus_1": float(np.abs(np.abs(h) - 1).mean()),
        "near_1": float((np.abs(np.abs(h) - 1) < 0.1).mean()),
        "saturated": float(((sigma < 0.05) | (sigma > 0.95)).mean()),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--metric", default="mAP@1000")
    args = parser.parse_args()
    if not os.path.isfile(os.path.join(args.folder, "results.csv")):
        sys.exit(f"{args.folder}: no results.csv (a folder written by ./dsch reproduce)")

    values = read_metric(args.folder, args.metric)
    bits_list = sorted({b for (_, b) in values})
    methods = [m for m in TRAINED if any((m, b) in values for b in bits_list)]
    print(f"### Check 1 · {args.metric} minus ITQ's on the same features (mean over seeds, points)\n")
    print("| method | " + " | ".join(f"{b} bits" for b in bits_list) + " |")
    print("|---|" + "---|" * len(bits_list))
    for method in methods:
        cells = []
        for b in bits_list:
            if (method, b) in values and ("itq", b) in values:
                diff = statistics.mean(values[(method, b)]) - statistics.mean(values[("itq", b)])
                cells.append(f"{100 * diff:+.1f}")
            else:
                cells.append("—")
        print(f"| {method} | " + " | ".join(cells) + " |")
    if ("itq", bits_list[0]) in values:
        itq = " / ".join(f"{statistics.mean(values[('itq', b)]):.3f}" for b in bits_list if ("itq", b) in values)
        print(f"\nITQ itself: {itq} at {' / '.join(str(b) for b in bits_list)} bits.")

    print("\n### Check 3 · the properties each method claims, on the database codes (mean over seeds)\n")
    print("| method | bits | dead bits (minority < 1 %) | median minority share | mean abs(abs(h) − 1) | share with abs(h) within 0.1 of 1 | share of σ(h) within 0.05 of 0 or 1 |")
    print("|---|---|---|---|---|---|---|")
    pattern = re.compile(r"^(?P<method>[a-z]+)-(?P<bits>\d+)b-s(?P<seed>\d+)$")
    runs = {}
    for path in sorted(glob.glob(os.path.join(args.folder, "runs", "*", "database_codes.npy"))):
        match = pattern.match(os.path.basename(os.path.dirname(path)))
        if match and match["method"] in TRAINED:
            runs.setdefault((match["method"], int(match["bits"])), []).append(code_properties(path))
    if not runs:
        sys.exit(f"{args.folder}: no runs/*/database_codes.npy — committed references leave the codes out; use a local rerun")
    for method in methods:
        for b in bits_list:
            props = runs.get((method, b))
            if not props:
                continue
            dead = " / ".join(str(p["dead"]) for p in props)
            row = [f"{statistics.mean(p[k] for p in props):.3f}" for k in ("median_minority", "abs_h_minus_1", "near_1", "saturated")]
            print(f"| {method} | {b} | {dead} | " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
