#!/usr/bin/python3
"""Reference values for tests/Dsch.Tests/Components/GaussianMixtureReferenceTests.cs.

Run once with Debian's scikit-learn (1.2.1, numpy 1.24): /usr/bin/python3 tools/gmm_reference_values.py
The data are a closed-form formula (no RNG) so the C# test rebuilds them exactly:
  point i (0..N-1) belongs to cluster c = i % 3, x_ij = centre[c][j] + spread[c] * sin(1.7 i + 0.9 j + 0.3 c).
The mixture starts from fixed parameters (weights 1/3, means = centres + 0.5, identity covariances)
so that no initialisation randomness enters the comparison.
"""
import numpy as np
from sklearn.mixture import GaussianMixture

N, L = 150, 3
centres = np.array([[0.0, 0.0, 0.0], [5.0, 5.0, 0.0], [-5.0, 4.0, 3.0]])
spread = np.array([1.0, 0.6, 1.4])
X = np.array([[centres[i % 3][j] + spread[i % 3] * np.sin(1.7 * i + 0.9 * j + 0.3 * (i % 3)) for j in range(L)]
              for i in range(N)])
means_init = centres + 0.5
weights_init = np.full(3, 1 / 3)

for cov in ("full", "diag"):
    precisions_init = np.stack([np.eye(L)] * 3) if cov == "full" else np.ones((3, L))
    g = GaussianMixture(3, covariance_type=cov, tol=1e-3, reg_covar=1e-6, max_iter=100, weights_init=weights_init,
                        means_init=means_init, precisions_init=precisions_init).fit(X)
    print(f"// covariance_type={cov}")
    print(f"score = {g.score(X)!r}; lower_bound = {g.lower_bound_!r}; n_iter = {g.n_iter_}; converged = {g.converged_}")
    print("weights = {" + ", ".join(repr(w) for w in g.weights_) + "}")
    print("means = {" + ", ".join(repr(v) for v in g.means_.ravel()) + "}")
    covs = g.covariances_ if cov == "full" else g.covariances_
    print("covariances = {" + ", ".join(repr(v) for v in np.asarray(covs).ravel()) + "}")
    print("first posterior row = {" + ", ".join(repr(v) for v in g.predict_proba(X[:1]).ravel()) + "}")
