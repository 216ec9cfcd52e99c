#!/usr/bin/python3
"""Writes the benchmark codes: N points in (-1, 1)^L, tanh of a seeded Gaussian mixture.

Usage: bench_gmm_data.py OUT.npy [N] [L] [seed]
Mimics continuous hash codes: 100 latent clusters (unit-variance centres scaled by 1.5,
within-cluster std 0.5), squashed by tanh like the hash head's output.
"""
import sys
import numpy as np

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
dim = int(sys.argv[3]) if len(sys.argv) > 3 else 64
seed = int(sys.argv[4]) if len(sys.argv) > 4 else 0
rng = np.random.default_rng(seed)
centres = 1.5 * rng.standard_normal((100, dim))
labels = rng.integers(0, 100, size=n)
codes = np.tanh(centres[labels] + 0.5 * rng.standard_normal((n, dim)))
np.save(out, codes.astype(np.float32))
