#!/usr/bin/python3
"""Reference values for the cores of the three deep unsupervised baselines of issue 25 (docs/baselines.md):
CIBHash, BiHalf and unsupervised GreedyHash — each method's binarisation (forward values, backward gradient) and
loss terms on one tiny fixed batch, printed as C# literals with full (round-trip) precision.

Run with Debian's PyTorch (1.13): /usr/bin/python3 tools/baseline_reference_values.py > tools/baseline_reference_values.txt
It runs in well under a second; everything is float64 on the CPU.

The math is written here from the equations in docs/baselines.md (each traced there to the authors' repository,
file and commit); no code of those repositories is used. Each binarisation is a torch.autograd.Function so that its
backward is the authors' rule (straight-through or bi-half), not the true derivative of sign (zero).

The inputs are literals (four decimals), not draws, so a C# test rebuilds them exactly without sharing an RNG:
  * a batch of B = 3 images × 2 views = 6 rows, L = 8 bits, in DSCH's layout: rows 2b and 2b+1 are image b;
  * H (6, 8): what the method's head outputs before its binarisation (CIBHash: the logits a, with prob = σ(a);
    BiHalf and GreedyHash: the linear code layer's output h = U). No entry is 0 and no column has ties, so sign and
    the per-bit sort are unambiguous;
  * X (6, 5): backbone features of the same rows (non-negative, as VGG's fc7 after ReLU), the similarity target of
    BiHalf's and GreedyHash's loss;
  * U01 (6, 8): uniform noise in (0, 1) for the paper's stochastic CIBHash variant;
  * G (6, 8): an upstream gradient dL/db, to pin each binarisation's backward on its own.

Row pairing. CIBHash's contrastive loss pairs the two views of an image (rows 2b, 2b+1 here; the authors stack view 1
then view 2, which gives the same loss because NT-Xent is invariant under a consistent permutation of rows — this
script checks that). BiHalf's and GreedyHash's loss pair row r with row r + n/2 of the matrix they are given (the
authors' first-half/second-half split of a single-view batch); which rows the trainer hands them is the implementer's
decision (docs/baselines.md, open questions), and the values below are for the 6 rows exactly as listed.
"""
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

B, L, D = 3, 8, 5
N = 2 * B

H = torch.tensor([
    [0.8127, -0.4213, -1.3301, -0.0718, 0.2544, -1.1096, 0.6632, -0.3377],
    [0.5519, -0.2875, -0.9412, 0.1963, -0.4461, -0.8837, 0.7265, 0.1189],
    [-0.6604, 1.0247, -0.1552, 0.8876, 1.2113, 0.3359, -0.9918, 0.4725],
    [-0.3086, 0.7731, 0.2291, 0.5402, 0.9687, 0.6714, -0.5183, -0.2249],
    [0.1347, -1.2561, -0.8129, -0.6633, -0.1825, 1.4402, 0.3011, -0.7764],
    [0.4238, -0.9342, -0.5567, -1.0485, 0.0631, 1.0219, -0.0487, -1.3092],
])
X = torch.tensor([
    [1.2034, 0.0000, 0.8812, 0.4127, 0.0561],
    [0.9871, 0.1233, 0.7420, 0.5536, 0.0000],
    [0.0000, 1.4102, 0.2215, 0.0873, 0.9634],
    [0.1189, 1.1557, 0.0000, 0.2741, 1.1028],
    [0.6425, 0.3318, 0.0517, 1.2896, 0.4473],
    [0.5572, 0.4061, 0.1924, 1.0117, 0.6208],
])
U01 = torch.tensor([
    [0.4963, 0.7682, 0.0885, 0.1320, 0.3074, 0.6341, 0.4901, 0.8964],
    [0.4556, 0.6323, 0.3489, 0.4017, 0.0223, 0.1689, 0.2939, 0.5185],
    [0.6977, 0.8000, 0.1610, 0.2823, 0.6816, 0.9152, 0.3971, 0.8742],
    [0.4194, 0.5529, 0.9527, 0.0362, 0.1852, 0.3734, 0.3051, 0.9320],
    [0.1759, 0.2698, 0.1507, 0.0317, 0.2081, 0.9298, 0.7231, 0.7423],
    [0.5263, 0.2437, 0.5846, 0.0332, 0.1387, 0.2422, 0.8155, 0.7932],
])
G = torch.tensor([
    [0.25, -0.5, 0.125, 0.75, -0.25, 0.5, -0.125, 0.375],
    [-0.375, 0.25, 0.5, -0.625, 0.125, -0.25, 0.875, -0.5],
    [0.5, 0.125, -0.75, 0.25, 0.625, -0.375, 0.25, 0.125],
    [-0.125, -0.25, 0.375, 0.5, -0.5, 0.75, -0.625, 0.25],
    [0.625, 0.375, -0.25, -0.125, 0.25, 0.5, -0.375, -0.75],
    [-0.5, 0.625, 0.25, 0.375, -0.875, -0.125, 0.5, 0.25],
])

assert (H != 0).all() and all(len(set(H[:, j].tolist())) == N for j in range(L)), "H must have no zero and no tie per bit"

# ---------------------------------------------------------------- binarisations --------------------------------------

class StraightThroughSign(torch.autograd.Function):
    """b = sign(v); db/dv := identity (GreedyHash's 'greedy' gradient, CIBHash's straight-through estimator)."""

    @staticmethod
    def forward(ctx, v):
        return torch.sign(v)

    @staticmethod
    def backward(ctx, g):
        return g


class BiHalf(torch.autograd.Function):
    """Per bit (column), the larger half of the n rows gets +1, the rest −1 (n odd: the extra row gets −1).
    Backward: g + γ (U − b) / (n·L), γ = 6."""
    gamma = 6.0

    @staticmethod
    def forward(ctx, u):
        n = u.shape[0]
        order = torch.argsort(u, dim=0, descending=True)                         # (n, L)
        ranks = torch.empty_like(order)
        ranks.scatter_(0, order, torch.arange(n).unsqueeze(1).expand_as(order))  # rank of each entry in its column
        b = torch.where(ranks < n // 2, 1.0, -1.0)
        ctx.save_for_backward(u, b)
        return b

    @staticmethod
    def backward(ctx, g):
        u, b = ctx.saved_tensors
        return g + BiHalf.gamma * (u - b) / b.numel()


# ---------------------------------------------------------------- loss pieces ----------------------------------------

def nt_xent(first, second, tau):
    """SimCLR's NT-Xent over 2m rows: cosine similarities / τ, each row's positive is its other view, the candidates
    are all rows but itself; summed cross-entropy divided by 2m. first, second: (m, L), row k of each = image k."""
    z = torch.cat([first, second], 0)                                            # (2m, L)
    m = first.shape[0]
    sim = F.cosine_similarity(z.unsqueeze(1), z.unsqueeze(0), dim=2) / tau       # (2m, 2m)
    sim = sim.masked_fill(torch.eye(2 * m, dtype=torch.bool), float("-inf"))
    partner = torch.cat([torch.arange(m, 2 * m), torch.arange(0, m)])
    return F.cross_entropy(sim, partner, reduction="sum") / (2 * m)


def bernoulli_kl(p, q):
    """mean over rows of Σ_bits KL(Bern(p) ‖ Bern(q)), q detached, logs offset by 1e-8 as the authors' code."""
    q = q.detach()
    eps = 1e-8
    kl = p * (torch.log(p + eps) - torch.log(q + eps)) + (1 - p) * (torch.log(1 - p + eps) - torch.log(1 - q + eps))
    return kl.sum(1).mean()


def similarity_mse(b, x):
    """GreedyHash's unsupervised loss: pairs row r with row r + n/2; MSE between the pairs' code cosines and their
    feature cosines (the feature side carries no gradient here: the authors' backbone is frozen)."""
    n = b.shape[0] // 2
    target_b = F.cosine_similarity(b[:n], b[n:2 * n], dim=1)                    # (n/2)
    target_x = F.cosine_similarity(x[:n], x[n:2 * n], dim=1).detach()           # (n/2)
    return F.mse_loss(target_b, target_x)


# ---------------------------------------------------------------- printing -------------------------------------------

def literal(name, t):
    values = ", ".join(repr(float(v)) for v in t.reshape(-1).tolist())
    shape = ", ".join(str(s) for s in t.shape)
    print(f"double[] {name} = {{ {values} }}; // ({shape}), row-major")


def scalar(name, t):
    print(f"const double {name} = {float(t)!r};")


def section(title):
    print()
    print(f"// ===== {title}")


print("// Made by tools/baseline_reference_values.py (PyTorch " + torch.__version__ + ", float64, CPU).")
print(f"// B = {B} images x 2 views = {N} rows (rows 2b, 2b+1 = image b), L = {L} bits, D = {D} feature dims.")
section("inputs")
literal("H", H)
literal("X", X)
literal("U01", U01)
literal("G", G)

# ---------------------------------------------------------------- CIBHash --------------------------------------------
section("CIBHash (official code): prob = sigmoid(a), b = sign(prob - 0.5) straight-through, tau = 0.3, beta = 0.001")
tau, beta = 0.3, 0.001
a = H.clone().requires_grad_(True)
prob = torch.sigmoid(a)
b = StraightThroughSign.apply(prob - 0.5)                                        # (2B, L)
view1, view2 = b[0::2], b[1::2]                                                  # authors' z_i, z_j: (B, L) each
p1, p2 = prob[0::2], prob[1::2]
contrastive = nt_xent(view1, view2, tau)
kl = (bernoulli_kl(p1, p2) + bernoulli_kl(p2, p1)) / 2
total = contrastive + beta * kl
literal("CibProb", prob.detach())
literal("CibCodes", b.detach())
scalar("CibContrastive", contrastive)
scalar("CibKl", kl)
scalar("CibTotal", total)
grad_total, = torch.autograd.grad(total, a, retain_graph=True)
grad_contrastive, = torch.autograd.grad(contrastive, a, retain_graph=True)
grad_kl, = torch.autograd.grad(kl, a)
literal("CibGradTotalWrtLogits", grad_total)
literal("CibGradContrastiveWrtLogits", grad_contrastive)
literal("CibGradKlWrtLogits", grad_kl)

# The same loss in DSCH's interleaved layout (row 2b's positive is 2b+1): must agree with the authors' stacking.
z = F.normalize(b.detach(), dim=1)
logits = (z @ z.t() / tau).masked_fill(torch.eye(N, dtype=torch.bool), float("-inf"))
partner = torch.arange(N) ^ 1
interleaved = F.cross_entropy(logits, partner)
assert torch.allclose(interleaved, contrastive.detach(), rtol=0, atol=1e-12), (interleaved, contrastive)
print("// check: the NT-Xent in DSCH's interleaved layout (L_ic with S = I on b/||b||) equals CibContrastive to 1e-12")

# Backward of the binarisation alone: upstream G on b gives G * sigmoid'(a) on the logits.
a2 = H.clone().requires_grad_(True)
StraightThroughSign.apply(torch.sigmoid(a2) - 0.5).backward(G)
literal("CibGradLogitsFromG", a2.grad)

section("CIBHash (paper's stochastic layer, as read in docs/baselines.md): b = sign(sigmoid(a) - u), u = U01")
a3 = H.clone().requires_grad_(True)
prob3 = torch.sigmoid(a3)
b3 = StraightThroughSign.apply(prob3 - U01)
contrastive3 = nt_xent(b3[0::2], b3[1::2], tau)
kl3 = (bernoulli_kl(prob3[0::2], prob3[1::2]) + bernoulli_kl(prob3[1::2], prob3[0::2])) / 2
total3 = contrastive3 + beta * kl3
literal("CibStochasticCodes", b3.detach())
scalar("CibStochasticContrastive", contrastive3)
scalar("CibStochasticTotal", total3)
literal("CibStochasticGradTotalWrtLogits", torch.autograd.grad(total3, a3)[0])

# ---------------------------------------------------------------- BiHalf ---------------------------------------------
section("BiHalf (official code): per-bit half/half over the n rows given, backward g + 6 (U - b)/(n L); "
        "loss = MSE(cos(b_r, b_r+n/2), cos(x_r, x_r+n/2))")
u = H.clone().requires_grad_(True)
b = BiHalf.apply(u)
loss = similarity_mse(b, X)
literal("BiHalfCodes", b.detach())
literal("BiHalfCodeCosines", F.cosine_similarity(b[:B], b[B:], dim=1).detach())
literal("FeatureCosines", F.cosine_similarity(X[:B], X[B:], dim=1))
scalar("BiHalfLoss", loss)
literal("BiHalfGradLossWrtU", torch.autograd.grad(loss, u)[0])
u2 = H.clone().requires_grad_(True)
BiHalf.apply(u2).backward(G)
literal("BiHalfGradUFromG", u2.grad)
assert (b.detach().sum(0) == 0).all(), "each bit must be half +1, half -1"

# ---------------------------------------------------------------- GreedyHash -----------------------------------------
section("GreedyHash unsupervised (official code): b = sign(h) straight-through; "
        "loss = MSE(cos(b_r, b_r+n/2), cos(x_r, x_r+n/2)) + 0.1 mean(| |h| - 1 |^3)")
alpha = 0.1
h = H.clone().requires_grad_(True)
b = StraightThroughSign.apply(h)
similarity = similarity_mse(b, X)
quantisation = (h.abs() - 1).pow(3).abs().mean()
total = similarity + alpha * quantisation
literal("GreedyCodes", b.detach())
scalar("GreedySimilarity", similarity)
scalar("GreedyQuantisation", quantisation)
scalar("GreedyTotal", total)
grad_total, = torch.autograd.grad(total, h, retain_graph=True)
grad_similarity, = torch.autograd.grad(similarity, h, retain_graph=True)
grad_quantisation, = torch.autograd.grad(quantisation, h)
literal("GreedyGradTotalWrtH", grad_total)
literal("GreedyGradSimilarityWrtH", grad_similarity)
literal("GreedyGradQuantisationWrtH", grad_quantisation)
h2 = H.clone().requires_grad_(True)
StraightThroughSign.apply(h2).backward(G)
assert torch.equal(h2.grad, G), "the straight-through backward is the identity"
print("// check: the straight-through sign passes G unchanged (GreedyHash, CIBHash before the sigmoid)")
