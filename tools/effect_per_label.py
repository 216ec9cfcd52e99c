#!/usr/bin/env python3
"""Where DSCH's effect shows, per class or label: DSCH − contrastive baseline AP@K, paired by seed, from a run's codes.

Reference folders do not commit codes (.npy is ignored), so this reads a LOCAL results folder written by
`./dsch reproduce` (e.g. a clean clone's rerun of a reference: same commit, same numbers, codes kept):
runs/<method>-<L>b-s<seed>/{query,database}_{codes,labels}.npy.

For every query it ranks the database by Hamming distance (ties in database order, as the project's exact metric
does; the NumPy reference of tools/retrieval_reference.py), takes AP@K (precision at each relevant hit in the top K, averaged over the relevant hits there; K = the folder's
primary metric's cut-off) and groups the queries by label: a query counts for every label it carries. It first checks
that the mean over all queries equals the folder's results.csv value (to 1e-6), so the per-label numbers are the
project's metric split by label, not another metric. Prints a Markdown table: per label, each method's mean AP over
the seeds and the paired DSCH − baseline difference (mean ± sample sd over seeds, and how many seeds DSCH leads).

Usage: python3 tools/effect_per_label.py [--bits 32] [--names a,b,...] FOLDER
Needs numpy (Debian's python3-numpy).
"""
import argparse
import csv
import json
import os
import re
import statistics
import sys

import numpy as np

from retrieval_reference import average_precisions_at_k

RUN = re.compile(r"^(?P<method>.+)-(?P<bits>\d+)b-s(?P<seed>\d+)$")
FASHION_MNIST = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def fail(message):
    print(f"effect_per_label.py: {message}", file=sys.stderr)
    sys.exit(2)


def average_precision_at(query_codes, database_codes, query_labels, database_labels, k):
    """AP@k of every query (Q,): the independent NumPy reference of the project's metric (tools/retrieval_reference.py)."""
    signs = lambda codes: np.where(codes >= 0, 1, -1).astype(np.int8)
    return np.array(average_precisions_at_k(signs(query_codes), signs(database_codes),
                                            query_labels.astype(np.int32), database_labels.astype(np.int32), k))


def reported(folder, method, bits, seed, metric):
    with open(os.path.join(folder, "results.csv"), newline="") as handle:
        for row in csv.DictReader(handle):
            if row["method"] == method and int(row["bits"]) == bits and int(row["seed"]) == seed and row["metric"] == metric:
                return float(row["value"])
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder")
    parser.add_argument("--bits", type=int, default=32)
    parser.add_argument("--names", help="label names, comma-separated (default: Fashion-MNIST's for 10 labels)")
    args = parser.parse_args()
    try:
        with open(os.path.join(args.folder, "config.json"), encoding="utf-8") as handle:
            config = json.load(handle)
    except (OSError, json.JSONDecodeError) as e:
        fail(f"{args.folder}/config.json: {e}")
    metric = config["primaryMetric"]
    k = int(metric.split("@", 1)[1])
    runs_dir = os.path.join(args.folder, "runs")
    per_label = {}          # method -> seed -> (labels,) mean AP per label
    overall = {}
    label_count = None
    for name in sorted(os.listdir(runs_dir)):
        match = RUN.match(name)
        if not match or int(match["bits"]) != args.bits or match["method"] not in ("dsch", "baseline"):
            continue
        run = os.path.join(runs_dir, name)
        try:
            arrays = {part: np.load(os.path.join(run, f"{part}.npy"))
                      for part in ("query_codes", "database_codes", "query_labels", "database_labels")}
        except OSError as e:
            fail(f"{run}: {e} (reference folders do not commit codes; point at a local run of the same command)")
        ap = average_precision_at(arrays["query_codes"], arrays["database_codes"],
                                  arrays["query_labels"], arrays["database_labels"], k)
        method, seed = match["method"], int(match["seed"])
        expected = reported(args.folder, method, args.bits, seed, metric)
        if expected is None or abs(ap.mean() - expected) > 1e-6:
            fail(f"{run}: mean AP@{k} {ap.mean():.6f} does not equal results.csv's {expected} — not the project's metric")
        labels = arrays["query_labels"].astype(bool)
        label_count = labels.shape[1]
        per_label.setdefault(method, {})[seed] = np.array(
            [ap[labels[:, j]].mean() if labels[:, j].any() else np.nan for j in range(label_count)])
        overall.setdefault(method, {})[seed] = ap.mean()
    if "dsch" not in per_label or "baseline" not in per_label:
        fail(f"{args.folder}: no dsch and baseline runs at {args.bits} bits with codes")
    seeds = sorted(set(per_label["dsch"]) & set(per_label["baseline"]))
    names = args.names.split(",") if args.names else (FASHION_MNIST if label_count == 10 else [str(j) for j in range(label_count)])
    if len(names) != label_count:
        fail(f"--names: {len(names)} names for {label_count} labels")
    print(f"{args.folder}, {args.bits} bits, {metric} per query label, seeds {', '.join(map(str, seeds))} "
          f"(mean over all queries checked equal to results.csv)\n")
    print(f"| label | DSCH | baseline | DSCH − baseline, paired | seeds DSCH ahead |")
    print("|---|---|---|---|---|")
    rows = []
    for j, name in enumerate(names + ["all queries"]):
        if j < label_count:
            d = [per_label["dsch"][s][j] for s in seeds]
            b = [per_label["baseline"][s][j] for s in seeds]
        else:
            d = [overall["dsch"][s] for s in seeds]
            b = [overall["baseline"][s] for s in seeds]
        diffs = [x - y for x, y in zip(d, b)]
        spread = f" ± {statistics.stdev(diffs):.3f}" if len(diffs) > 1 else ""
        rows.append((name, statistics.mean(d), statistics.mean(b), statistics.mean(diffs), spread,
                     sum(x > 0 for x in diffs), len(diffs)))
    for name, d, b, diff, spread, ahead, n in rows:
        print(f"| {name} | {d:.3f} | {b:.3f} | {diff:+.3f}{spread} | {ahead}/{n} |")


if __name__ == "__main__":
    main()
