#!/usr/bin/env python3
"""Where DSCH's effect shows: DSCH − contrastive baseline, paired by seed, per metric, from committed reference runs.

Reads only what a reference folder commits (results.csv, curves.csv, runs/*/metrics.jsonl) — no training, no codes.
Prints a Markdown table per setting and, with --figure OUT.png, draws (a) the paired difference in precision@N
against N and (b) the mean fine-posterior entropy and the median fine-component size per epoch of the DSCH runs.

Usage: python3 tools/effect_view.py [--bits 32] [--figure results/effect_view_32bits.png] FOLDER...
Per class or per label differences need the runs' codes, which reference folders do not commit (.npy is ignored).
"""
import argparse
import csv
import json
import math
import os
import statistics
import sys
from collections import defaultdict


def read_rows(path):
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def paired(values, first="dsch", second="baseline"):
    """Per-seed differences first − second over the seeds both have; (mean, std, n)."""
    seeds = sorted(set(values[first]) & set(values[second]))
    diffs = [values[first][s] - values[second][s] for s in seeds]
    if not diffs:
        return math.nan, math.nan, 0
    spread = statistics.stdev(diffs) if len(diffs) > 1 else math.nan
    return statistics.mean(diffs), spread, len(diffs)


def metric_table(folder, bits):
    """{metric: {method: {seed: value}}} for the scalar metrics and precision@N."""
    table = defaultdict(lambda: defaultdict(dict))
    for row in read_rows(os.path.join(folder, "results.csv")):
        if int(row["bits"]) == bits:
            table[row["metric"]][row["method"]][int(row["seed"])] = float(row["value"])
    curves = os.path.join(folder, "curves.csv")
    if os.path.exists(curves):
        for row in read_rows(curves):
            if row["curve"] == "at_n" and int(row["bits"]) == bits:
                table[f"P@N={int(float(row['x']))}"][row["method"]][int(row["seed"])] = float(row["precision"])
    return table


def epoch_diagnostics(folder, bits):
    """Per epoch, the mean over DSCH seeds of the fine-posterior entropy and the median fine-component size."""
    runs = os.path.join(folder, "runs")
    entropy, median_size = defaultdict(list), defaultdict(list)
    for name in sorted(os.listdir(runs)) if os.path.isdir(runs) else []:
        if not name.startswith(f"dsch-{bits}b-s"):
            continue
        with open(os.path.join(runs, name, "metrics.jsonl")) as handle:
            for line in handle:
                record = json.loads(line)
                value = record["diagnostics"]["fine_entropy"]
                if isinstance(value, (int, float)) and math.isfinite(value):
                    entropy[record["epoch"]].append(value)
                if record.get("fine_sizes"):
                    median_size[record["epoch"]].append(record["fine_sizes"]["median"])
    return ({e: statistics.mean(v) for e, v in sorted(entropy.items())},
            {e: statistics.mean(v) for e, v in sorted(median_size.items())})


def print_setting(folder, bits, out):
    table = metric_table(folder, bits)
    name = os.path.basename(os.path.normpath(folder))
    out.write(f"\n### {name}, {bits} bits\n\n| metric | DSCH | baseline | DSCH − baseline (paired, mean ± std) | seeds ahead |\n|---|---|---|---|---|\n")
    scalar = [m for m in table if not m.startswith("P@N=") and "tie_aware" not in m]
    at_n = sorted((m for m in table if m.startswith("P@N=")), key=lambda m: int(m[4:]))
    for metric in scalar + at_n:
        values = table[metric]
        if "dsch" not in values or "baseline" not in values:
            continue
        mean, spread, n = paired(values)
        ahead = sum(values["dsch"][s] > values["baseline"][s] for s in set(values["dsch"]) & set(values["baseline"]))
        out.write(f"| {metric} | {statistics.mean(values['dsch'].values()):.4f} | {statistics.mean(values['baseline'].values()):.4f} "
                  f"| {mean:+.4f} ± {spread:.4f} | {ahead}/{n} |\n")
    entropy, size = epoch_diagnostics(folder, bits)
    if entropy:
        out.write("\nDSCH runs per epoch (mean over seeds): P1 entropy (nats) "
                  + ", ".join(f"{v:.3f}" for v in entropy.values())
                  + "; median fine-component size " + ", ".join(f"{v:g}" for v in size.values()) + "\n")
    return table, entropy, size


def draw(settings, bits, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    for name, (table, entropy, _) in settings.items():
        at_n = sorted((m for m in table if m.startswith("P@N=")), key=lambda m: int(m[4:]))
        xs, means, spreads = [], [], []
        for metric in at_n:
            mean, spread, _ = paired(table[metric])
            xs.append(int(metric[4:]))
            means.append(mean)
            spreads.append(0 if math.isnan(spread) else spread)
        left.errorbar(xs, means, yerr=spreads, marker="o", capsize=3, label=name)
        if entropy:
            right.plot(list(entropy.keys()), list(entropy.values()), marker="o", label=name)
    left.axhline(0, color="grey", linewidth=0.8)
    left.set_xlabel("N (retrieved items)")
    left.set_ylabel("precision@N: DSCH − baseline (paired by seed)")
    left.set_title(f"(a) where the gain sits in the ranking, {bits} bits")
    left.legend(fontsize=8)
    right.set_yscale("log")
    right.set_xlabel("epoch")
    right.set_ylabel("mean fine-posterior entropy (nats)")
    right.set_title("(b) how soft P1 stays (DSCH runs)")
    right.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=110)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="+")
    parser.add_argument("--bits", type=int, default=32)
    parser.add_argument("--figure")
    args = parser.parse_args()
    settings = {}
    for folder in args.folders:
        if not os.path.isfile(os.path.join(folder, "results.csv")):
            sys.exit(f"{folder}: no results.csv")
        settings[os.path.basename(os.path.normpath(folder))] = print_setting(folder, args.bits, sys.stdout)
    if args.figure:
        draw(settings, args.bits, args.figure)


if __name__ == "__main__":
    main()
