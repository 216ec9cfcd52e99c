#!/usr/bin/env python3
"""Builds results/studies/cooccurrence/tables.md from the study's folders (tools/cooccurrence_study.sh).

Usage: tools/cooccurrence_summary.py [STUDY_DIR]   (default: results/studies/cooccurrence)

For every dataset folder <name>/ (and the folders <name>-… beside it — the combination grid, grids of more seeds —
merged into the same table; a seed two folders both hold must agree to the last digit) it reads each run's
runs/<variant>-32b-s<seed>/metrics.jsonl, takes the last epoch, and writes one table per dataset: validation mAP at
the cut-off scaled to the validation database and at the protocol's cut-off (mean ± sample sd over the seeds), the
difference to today's DSCH, and the diagnostics of that epoch (means over the seeds). Provenance comes from each
folder's summary.md header line and provenance.json. Standard library only; writes via a temporary file + rename.
"""
import json
import os
import re
import statistics
import sys

RUN = re.compile(r"^(?P<variant>.+)-(?P<bits>\d+)b-s(?P<seed>\d+)$")
# Row order when a grid has no config.json yet: that of tools/cooccurrence_study.sh.
GRID_ORDER = ["dsch", "baseline", "lambda=0.3", "lambda=1", "s-coarse=1", "s-coarse=0.5", "s-temperature=3", "s-temperature=10",
              "fine-batches+mates=3", "coarse-batches+mates=3", "mate-memory", "warmup=3"]
DIAGNOSTICS = [
    ("fine_entropy", "fine H (nats)", "{:.4f}"),
    ("other_image_share", "other-image share", "{:.3f}"),
    ("fine_partners_per_row", "fine partners/row", "{:.3f}"),
    ("coarse_partners_per_row", "coarse partners/row", "{:.2f}"),
    ("fine_purity", "fine purity", "{:.3f}"),
    ("coarse_purity", "coarse purity", "{:.3f}"),
]


def fail(message):
    print(f"cooccurrence_summary.py: {message}", file=sys.stderr)
    sys.exit(2)


def last_epoch(path):
    last = None
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if line.strip():
                try:
                    last = json.loads(line)
                except json.JSONDecodeError as e:
                    fail(f"{path}: line {number}: not JSON ({e.msg})")
    if last is None or "map" not in last:
        fail(f"{path}: no epoch with an evaluation")
    return last


def cutoffs(config, record):
    """(scaled key, protocol key) of record['map']: the protocol's is the preset's primary metric, the scaled one the extra key."""
    protocol = config["primaryMetric"].split("@", 1)[1]
    extra = [k for k in record["map"] if k not in ("all", "1000", "5000")]
    return (extra[0] if extra else protocol), protocol


def number(value):
    """A metrics.jsonl number: NaN is written as the string "NaN" (JSON has no NaN); None when absent or NaN."""
    value = float(value) if isinstance(value, (int, float, str)) and value is not True and value is not False else None
    return None if value is None or value != value else value


def mean_sd(values):
    values = [v for v in map(number, values) if v is not None]
    if not values:
        return None, None
    return statistics.fmean(values), (statistics.stdev(values) if len(values) > 1 else None)


def cell(values, digits=4):
    mean, sd = mean_sd(values)
    if mean is None:
        return "–"
    text = f"{mean:.{digits}f}"
    return text + (f" ± {sd:.{digits}f}" if sd is not None else "") + f" ({len(values)})"


def read_folder(folder):
    config_path = os.path.join(folder, "config.json")
    grid_path = os.path.join(folder, "grid.json")   # a resumable grid records its configuration when it starts
    if os.path.isfile(config_path) or os.path.isfile(grid_path):
        with open(config_path if os.path.isfile(config_path) else grid_path, encoding="utf-8") as f:
            config = json.load(f)
        training = config["training"]
        config["training"] = dict(training, Epochs=training.get("Epochs", training.get("epochs")))
    elif os.path.isdir(os.path.join(folder, "runs")):
        # ablate writes config.json only when the whole grid is done; an unfinished grid is reported as such
        # (header line below) with the quick preset's values: 10 epochs, mAP@1000 single-label, mAP@5000 multi-label.
        name = os.path.basename(folder.rstrip("/"))
        config = {"primaryMetric": "mAP@1000" if name.startswith("fashion-mnist") else "mAP@5000",
                  "training": {"Epochs": 10}, "methods": []}
    else:
        fail(f"{folder}: neither config.json nor runs/ (not an ablate results folder)")
    runs = {}
    runs_dir = os.path.join(folder, "runs")
    for name in sorted(os.listdir(runs_dir)) if os.path.isdir(runs_dir) else []:
        match = RUN.match(name)
        metrics = os.path.join(runs_dir, name, "metrics.jsonl")
        if not match or not os.path.isfile(metrics):
            continue
        record = last_epoch(metrics)
        if record["epoch"] + 1 < config["training"]["Epochs"]:
            continue  # a run still training: its last line is not the final epoch
        runs.setdefault(match["variant"], {})[int(match["seed"])] = record
    header = ""
    # summary.md comes with a finished grid; a grid stopped early carries PROVENANCE.txt (same header line, written by hand
    # from the run's log and clone) instead.
    for name in ("summary.md", "PROVENANCE.txt"):
        summary = os.path.join(folder, name)
        if not header and os.path.isfile(summary):
            with open(summary, encoding="utf-8") as f:
                header = next((l.strip() for l in f if l.startswith("Dataset ")), "")
    provenance = {}
    provenance_path = os.path.join(folder, "provenance.json")
    if os.path.isfile(provenance_path):
        with open(provenance_path, encoding="utf-8") as f:
            provenance = json.load(f)
    return config, runs, header, provenance


def merge(runs, extra, folder):
    """Adds extra's runs to runs; a run both hold must be the same to the last digit (deterministic on the CPU)."""
    for variant, seeds in extra.items():
        for seed, record in seeds.items():
            mine = runs.get(variant, {}).get(seed)
            if mine is None:
                runs.setdefault(variant, {})[seed] = record
            elif mine["map"] != record["map"]:
                fail(f"{folder}/runs/{variant}-32b-s{seed}: differs from the same run in another folder (not the same code path)")


def table(config, runs, order):
    first = next(iter(next(iter(runs.values())).values()))
    scaled, protocol = cutoffs(config, first)
    lines = [
        f"| variant | mAP@{scaled} (scaled) | Δ vs dsch | paired Δ | mAP@{protocol} (protocol) | "
        + " | ".join(label for _, label, _ in DIAGNOSTICS) + " |",
        "|---|---|---|---|---|" + "---|" * len(DIAGNOSTICS),
    ]
    reference = mean_sd([r["map"][scaled] for r in runs.get("dsch", {}).values()])
    for variant in order:
        records = [runs[variant][s] for s in sorted(runs[variant])]
        scaled_values = [r["map"][scaled] for r in records]
        mean, sd = mean_sd(scaled_values)
        delta = "–"
        if reference[0] is not None and variant != "dsch":
            delta = f"{mean - reference[0]:+.4f}"
            if sd is not None and reference[1] is not None and mean - reference[0] > max(sd, reference[1]):
                delta += " **beyond spread**"
            elif sd is None and reference[1] is not None and mean - reference[0] > reference[1]:
                delta += " (above dsch's sd; 1 seed)"   # a lead to confirm on more seeds, not a result
        paired = "–"
        common = sorted(set(runs[variant]) & set(runs.get("dsch", {}))) if variant != "dsch" else []
        if common:
            differences = [runs[variant][s]["map"][scaled] - runs["dsch"][s]["map"][scaled] for s in common]
            mean_difference, sd_difference = mean_sd(differences)
            paired = f"{mean_difference:+.4f}" + (f" ± {sd_difference:.4f}" if sd_difference is not None else "") + f" ({len(common)})"
        diagnostics = []
        for key, _, fmt in DIAGNOSTICS:
            value, _ = mean_sd([r.get("diagnostics", {}).get(key) for r in records])
            diagnostics.append("NaN" if value is None else fmt.format(value))
        lines.append(f"| {variant} | {cell(scaled_values)} | {delta} | {paired} | {cell([r['map'][protocol] for r in records])} | "
                     + " | ".join(diagnostics) + " |")
    return lines


def main():
    study = sys.argv[1] if len(sys.argv) > 1 else os.path.join("results", "reference", "cooccurrence")
    if not os.path.isdir(study):
        fail(f"{study}: not a folder")
    folders = sorted(d for d in os.listdir(study) if os.path.isdir(os.path.join(study, d)))
    started = [d for d in folders if any(os.path.exists(os.path.join(study, d, f)) for f in ("config.json", "runs"))]
    # A folder <dataset>-… (combination, candidates, more seeds) belongs to the dataset folder it extends.
    datasets = [d for d in started if not any(d.startswith(other + "-") for other in started if other != d)]
    out = [
        "# Co-occurrence study (issue 19): which readings let component-mates meet, on validation splits",
        "",
        "Generated by `tools/cooccurrence_summary.py` from the folders beside this file, each written by",
        "`tools/cooccurrence_study.sh DATASET [main|combination|candidates|on-warmup] [SEEDS]` (`./dsch ablate --validation`, 32 bits, seeds 0, 1, 2, frozen",
        "ResNet-18 features). Scores are on the **validation split** carved from the training set (10 % of it as queries,",
        "the rest as training set and database), never the test queries. Cells: mean ± sample sd over the seeds (number of",
        "seeds). `Δ vs dsch` is the difference of the means at the scaled cut-off; **beyond spread** marks a gain larger",
        "than the larger of the two seed spreads (the issue's bar for a new default, which must hold on two datasets);",
        "a variant with one seed can only be marked *above dsch's sd* — a lead to confirm, not a result. `paired Δ` is",
        "the mean ± sd of the per-seed differences to today's DSCH over the seeds both have (same seed, same batches until",
        "the variants diverge, so less noisy than the difference of the means).",
        "Diagnostics: last epoch of `metrics.jsonl` (`EpochDiagnostics`, docs/method.md), means over the seeds; fine H is",
        "the mean entropy of a row of P1; the other-image share is the share of L_ic's positive weight on other images;",
        "partners/row count other batch images in a row's component (hard assignment); purity is against the labels",
        "(for reporting only). The baseline has no E-step, so its component diagnostics are NaN.",
        "`dsch` is DSCH as it was when these grids ran, without a warm-up. Since commit 6bfb2a2 the quick preset warms up",
        "for 3 epochs (the study's decision), so a grid rerun at a later commit writes the `warmup=3` runs under `dsch`: to",
        "reproduce a folder, run it from the commit its provenance names (the fine-tuning preset is unchanged).",
    ]
    for dataset in datasets:
        config, runs, header, provenance = read_folder(os.path.join(study, dataset))
        sources = [(dataset, header, provenance)]
        config["methods"] = config["methods"] or list(GRID_ORDER)
        for name in (d for d in started if d.startswith(dataset + "-")):
            extra_config, extra, extra_header, extra_provenance = read_folder(os.path.join(study, name))
            merge(runs, extra, name)
            for method in extra_config["methods"]:
                if method not in config["methods"]:
                    config["methods"] = config["methods"] + [method]
            sources.append((name, extra_header, extra_provenance))
        if not runs:
            continue
        grid = config["methods"]
        order = [v for v in grid if v in runs] + sorted(v for v in runs if v not in grid)
        out += ["", f"## {dataset}", ""] + table(config, runs, order) + [""]
        for name, line, prov in sources:
            threads = prov.get("torchThreads")
            began = prov.get("startedUtc", "")[:19]
            finished = prov.get("finishedUtc", "")[:19]
            out.append(f"- `{name}/`: {line or '(grid not finished: no summary.md yet)'}"
                       + (f" Torch threads {threads}; started {began} UTC, finished {finished} UTC." if threads else ""))
    text = "\n".join(out) + "\n"
    target = os.path.join(study, "tables.md")
    temporary = target + f".tmp-{os.getpid()}"
    with open(temporary, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(temporary, target)
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
