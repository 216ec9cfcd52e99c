#!/usr/bin/env bash
# Benchmark: our GaussianMixture (./dsch components) against scikit-learn's GaussianMixture on the
# same seeded data, same covariance type, reg_covar, tol and iteration cap, 2 threads each.
# Usage: tools/bench_gmm_vs_sklearn.sh [N=5000] [M1=1000] [L=64] [MAX_ITER=100] [COVARIANCE=full]
# Prints both times, both mean log-likelihoods (score(X) of the final parameters) and the ratio.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${1:-5000}" M1="${2:-1000}" L="${3:-64}" MAX_ITER="${4:-100}" COV="${5:-full}"
export OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 MKL_NUM_THREADS=2
PY=/usr/bin/python3
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
"$PY" "$ROOT/tools/bench_gmm_data.py" "$WORK/H.npy" "$N" "$L" 0
"$ROOT/dsch" --help >/dev/null   # build the CLI first, outside the timing
CLI=(dotnet "$ROOT/bin/dsch/Dsch.Cli.dll")

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "data: N=$N L=$L m1=$M1 covariance=$COV max_iter=$MAX_ITER tol=1e-3 reg_covar=1e-6 threads=2" >&2
SKCOV="$COV"; [[ "$COV" == "diag" ]] && SKCOV=diag
"$PY" - "$WORK/H.npy" "$M1" "$MAX_ITER" "$SKCOV" > "$WORK/sklearn.json" <<'PYEOF'
import json, sys, time, warnings
import numpy as np
from sklearn.mixture import GaussianMixture
X = np.load(sys.argv[1]).astype(np.float64)
warnings.simplefilter("ignore")
start = time.perf_counter()
g = GaussianMixture(int(sys.argv[2]), covariance_type=sys.argv[4], max_iter=int(sys.argv[3]), tol=1e-3,
                    reg_covar=1e-6, init_params="kmeans", n_init=1, random_state=0).fit(X)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "mean_log_likelihood": float(g.score(X)), "iterations": int(g.n_iter_),
                  "converged": bool(g.converged_)}))
PYEOF
start=$(date +%s.%N)
"${CLI[@]}" components --codes "$WORK/H.npy" --fine "$M1" --coarse 100 --covariance "$COV" --max-iter "$MAX_ITER" \
  --tol 1e-3 --seed 0 --device cpu --out "$WORK/out" --json > "$WORK/ours.json"
end=$(date +%s.%N)
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
"$PY" - "$WORK/sklearn.json" "$WORK/ours.json" "$start" "$end" <<'PYEOF'
import json, sys
sk = json.load(open(sys.argv[1])); ours = json.load(open(sys.argv[2]))
wall = float(sys.argv[4]) - float(sys.argv[3])
print(f"scikit-learn GaussianMixture: {sk['seconds']:8.2f} s  mean log-likelihood {sk['mean_log_likelihood']:.4f}  "
      f"iterations {sk['iterations']}  converged {sk['converged']}")
print(f"dsch components (E-step):     {ours['seconds']:8.2f} s  mean log-likelihood {ours['mean_log_likelihood']:.4f}  "
      f"iterations {ours['iterations']}  converged {ours['converged']}  (whole process incl. .NET start, I/O, coarse k-means: {wall:.2f} s)")
print(f"speed-up: {sk['seconds'] / ours['seconds']:.1f}x (E-step), {sk['seconds'] / wall:.1f}x (whole process)")
print(f"log-likelihood difference (ours - sklearn): {ours['mean_log_likelihood'] - sk['mean_log_likelihood']:+.4f}")
PYEOF
