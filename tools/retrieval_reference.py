#!/usr/bin/python3
"""Reference mAP@K / precision-within-radius-2 values computed independently with NumPy.

Run once with /usr/bin/python3 (numpy); the printed C# literals are pasted into
tests/Dsch.Tests/Retrieval/NumpyReferenceTests.cs. Ranking: Hamming distance ascending, ties by
database index (np.argsort kind="stable"), AP@K = (1/R_K) sum_{r<=K} rel(r) hits(r)/r, 0 if R_K = 0.
"""
import numpy as np


def average_precisions_at_k(q_codes, d_codes, q_labels, d_labels, k):
    """AP@K of every query (a list), the ranking and formula above; tools/effect_per_label.py splits it by label."""
    aps = []
    for i in range(len(q_codes)):
        dist = (q_codes[i][None, :] != d_codes).sum(axis=1)
        order = np.argsort(dist, kind="stable")
        rel = ((q_labels[i][None, :] & d_labels[order]).sum(axis=1) > 0)[:k]
        hits = np.cumsum(rel)
        ranks = np.arange(1, len(rel) + 1)
        aps.append(0.0 if hits[-1] == 0 else float((rel * hits / ranks).sum() / hits[-1]))
    return aps


def map_at_k(q_codes, d_codes, q_labels, d_labels, k):
    return float(np.mean(average_precisions_at_k(q_codes, d_codes, q_labels, d_labels, k)))


def precision_radius2(q_codes, d_codes, q_labels, d_labels):
    values = []
    for i in range(len(q_codes)):
        dist = (q_codes[i][None, :] != d_codes).sum(axis=1)
        within = dist <= 2
        rel = (q_labels[i][None, :] & d_labels).sum(axis=1) > 0
        values.append(0.0 if within.sum() == 0 else float((rel & within).sum() / within.sum()))
    return float(np.mean(values))


def case(name, rng, q, m, bits, classes, multi):
    q_codes = rng.integers(0, 2, (q, bits)).astype(np.uint8)
    d_codes = rng.integers(0, 2, (m, bits)).astype(np.uint8)
    if multi:
        q_labels = (rng.random((q, classes)) < 0.35).astype(np.uint8)
        d_labels = (rng.random((m, classes)) < 0.35).astype(np.uint8)
    else:
        q_labels = np.eye(classes, dtype=np.uint8)[rng.integers(0, classes, q)]
        d_labels = np.eye(classes, dtype=np.uint8)[rng.integers(0, classes, m)]
    arr = lambda a: "[" + ", ".join(str(int(v)) for v in a.ravel()) + "]"
    print(f"// {name}: Q={q}, M={m}, L={bits}, C={classes}")
    print(f"static readonly byte[] {name}QueryBits = {arr(q_codes)};")
    print(f"static readonly byte[] {name}DatabaseBits = {arr(d_codes)};")
    print(f"static readonly byte[] {name}QueryLabels = {arr(q_labels)};")
    print(f"static readonly byte[] {name}DatabaseLabels = {arr(d_labels)};")
    for k in (10, 25, m):
        print(f"// mAP@{k} = {map_at_k(q_codes, d_codes, q_labels, d_labels, k)!r}")
    print(f"// P@r2 = {precision_radius2(q_codes, d_codes, q_labels, d_labels)!r}")


if __name__ == "__main__":
    rng = np.random.default_rng(2024)
    print(f"// numpy {np.__version__}")
    case("Single", rng, 6, 50, 8, 5, multi=False)
    case("Multi", rng, 6, 50, 8, 4, multi=True)
