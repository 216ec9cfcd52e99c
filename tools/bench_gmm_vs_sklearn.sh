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
cpu = time.process_time()
g = GaussianMixture(int(sys.argv[2]), covariance_type=sys.argv[4], max_iter=int(sys.argv[3]), tol=1e-3,
                    reg_covar=1e-6, init_params="kmeans", n_init=1, random_state=0).fit(X)
seconds = time.perf_counter() - start
cpu = time.process_time() - cpu
print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "mean_log_likelihood": float(g.score(X)), "iterations": int(g.n_iter_),
                  "converged": bool(g.converged_)}))
PYEOF
"$PY" - "$WORK" "$M1" "$COV" "$MAX_ITER" "$ROOT/bin/dsch/Dsch.Cli.dll" <<'PYEOF'
import json, resource, subprocess, sys, time
work, m1, cov, max_iter, cli = sys.argv[1:6]
start = time.perf_counter()
out = subprocess.run(["dotnet", cli, "components", "--codes", f"{work}/H.npy", "--fine", m1, "--coarse", str(min(100, int(m1))),
                      "--covariance", cov, "--max-iter", max_iter, "--tol", "1e-3", "--seed", "0", "--device", "cpu",
                      "--out", f"{work}/out", "--json"], check=True, capture_output=True, text=True).stdout
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
sk = json.load(open(f"{work}/sklearn.json")); ours = json.loads(out.strip().splitlines()[-1])
print(f"scikit-learn GaussianMixture: {sk['seconds']:8.2f} s wall, {sk['cpu_seconds']:8.2f} s CPU  "
      f"mean log-likelihood {sk['mean_log_likelihood']:.4f}  iterations {sk['iterations']}  converged {sk['converged']}")
print(f"dsch components (E-step):     {ours['seconds']:8.2f} s wall                 "
      f"mean log-likelihood {ours['mean_log_likelihood']:.4f}  iterations {ours['iterations']}  converged {ours['converged']}")
print(f"dsch components (process):    {wall:8.2f} s wall, {usage.ru_utime + usage.ru_stime:8.2f} s CPU  "
      "(incl. .NET start-up, .npy I/O, coarse k-means)")
print(f"speed-up: {sk['seconds'] / ours['seconds']:.1f}x (E-step wall), {sk['seconds'] / wall:.1f}x (process wall), "
      f"{sk['cpu_seconds'] / (usage.ru_utime + usage.ru_stime):.1f}x (CPU time)")
print(f"log-likelihood difference (ours - sklearn): {ours['mean_log_likelihood'] - sk['mean_log_likelihood']:+.4f}")
PYEOF
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
