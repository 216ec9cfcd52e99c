#!/usr/bin/python3
"""Side-by-side timings for docs/scale-out.md: `dsch search` against FAISS on the same 64-bit codes, and the
throughput of `dsch encode` (one process, and two shards run at once, then merged and checked against the
unsharded codes).

Needs Debian's python3-faiss and python3-numpy (apt-get install python3-faiss python3-numpy) and a built CLI
(./dsch builds it). Run from the repository root:

    /usr/bin/python3 tools/bench_scale_out.py [--database 50000,500000] [--queries 1000] [--top 100] [--images 2000]

Everything is written under a temporary folder and removed at the end. Times are wall-clock medians of --repeats
runs; the CLI times include process start and reading the .npy files, as a user sees them. The encode part trains
a short 64-bit run on generated 32 px images (an image list) first.
"""
import argparse, json, os, random, shutil, statistics, struct, subprocess, sys, tempfile, time, zlib

import faiss
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DSCH = os.path.join(ROOT, "dsch")


def run(*args, **kw):
    start = time.perf_counter()
    done = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} failed ({done.returncode}): {done.stderr}")
    return time.perf_counter() - start, done.stdout


def median_time(repeats, fn):
    return statistics.median(fn() for _ in range(repeats))


def bench_search(folder, n_db, n_q, top, repeats, seed):
    rng = np.random.default_rng(seed)
    # Clustered codes (100 centres, ~6 flipped bits each), so neighbours and ties exist as with trained codes.
    centres = rng.integers(0, 2, size=(100, 64), dtype=np.int8)
    def draw(n):
        rows = centres[rng.integers(0, 100, size=n)]
        flips = rng.random((n, 64)) < 0.1
        return np.where(rows ^ flips, 1, -1).astype(np.int8)
    db, q = draw(n_db), draw(n_q)
    db_path, q_path = os.path.join(folder, f"db{n_db}.npy"), os.path.join(folder, f"q{n_q}.npy")
    np.save(db_path, db)
    np.save(q_path, q)
    packed_db, packed_q = np.packbits(db >= 0, axis=1), np.packbits(q >= 0, axis=1)

    def dsch_search():
        seconds, out = run(DSCH, "search", "--codes", db_path, "--query-codes", q_path, "--top", str(top))
        dsch_search.result = json.loads(out)
        return seconds
    t_dsch = median_time(repeats, dsch_search)
    ours = np.array([[h["distance"] for h in query["hits"]] for query in dsch_search.result["queries"]])

    flat_path = os.path.join(folder, f"flat{n_db}.faiss")
    t_export, _ = run(DSCH, "export", "--codes", db_path, "--format", "faiss", "--out", flat_path)
    index = faiss.read_index_binary(flat_path)
    def faiss_flat():
        start = time.perf_counter()
        faiss_flat.result = index.search(packed_q, top)
        return time.perf_counter() - start
    t_flat = median_time(repeats, faiss_flat)
    same = bool((faiss_flat.result[0] == ours).all())

    nlist = max(1, int(np.sqrt(n_db)))
    ivf_path = os.path.join(folder, f"ivf{n_db}.faiss")
    t_ivf_export, _ = run(DSCH, "export", "--codes", db_path, "--format", "faiss", "--out", ivf_path, "--ivf", str(nlist))
    ivf = faiss.read_index_binary(ivf_path)
    ivf.nprobe = 16
    def faiss_ivf():
        start = time.perf_counter()
        faiss_ivf.result = ivf.search(packed_q, top)
        return time.perf_counter() - start
    t_ivf = median_time(repeats, faiss_ivf)
    # Recall of the exact top-K distances: share of each query's K-th exact distance reached.
    recall = float(np.mean(faiss_ivf.result[0][:, -1] <= ours[:, -1]))
    return dict(database=n_db, queries=n_q, top=top, dsch_search_s=t_dsch, faiss_flat_s=t_flat, same_distances=same,
                export_flat_s=t_export, nlist=nlist, export_ivf_s=t_ivf_export, faiss_ivf16_s=t_ivf, ivf16_kth_reached=recall,
                faiss_threads=faiss.omp_get_max_threads())


def png(path, pixels, side):
    raw = b"".join(b"\x00" + bytes(pixels[y * side * 3:(y + 1) * side * 3]) for y in range(side))
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def bench_encode(folder, images, seed):
    rng = random.Random(seed)
    data = os.path.join(folder, "images")
    os.makedirs(os.path.join(data, "img"))
    colours = [(200, 40, 40), (40, 180, 60), (50, 60, 210), (220, 200, 40)]
    lines = []
    for i in range(images):
        c, side = i % 4, 32
        x0, y0, s = rng.randint(2, 11), rng.randint(2, 11), rng.randint(12, 17)
        pixels = []
        for y in range(side):
            for x in range(side):
                inside = x0 <= x < x0 + s and y0 <= y < y0 + s
                noise = rng.randint(-15, 15)
                pixels += [max(0, min(255, v + noise)) for v in (colours[c] if inside else (120, 120, 120))]
        name = f"img/{i:06d}.png"
        png(os.path.join(data, name), pixels, 32)
        lines.append(name + " " + " ".join("1" if k == c else "0" for k in range(4)))
    with open(os.path.join(data, "test.txt"), "w") as f: f.write("\n".join(lines[:40]) + "\n")
    with open(os.path.join(data, "database.txt"), "w") as f: f.write("\n".join(lines[40:]) + "\n")
    with open(os.path.join(data, "train.txt"), "w") as f: f.write("\n".join(lines[40:240]) + "\n")
    run_dir = os.path.join(folder, "run")
    t_train, _ = run(DSCH, "train", "--dataset", "imagelist", "--root", data, "--bits", "64", "--epochs", "1", "--out", run_dir)
    t_whole, out = run(DSCH, "encode", "--run", run_dir, "--images", os.path.join(data, "img"), "--out", os.path.join(folder, "whole.npy"))
    rate = [l for l in out.splitlines() if "images/s" in l][-1]
    start = time.perf_counter()
    shards = [subprocess.Popen([DSCH, "encode", "--run", run_dir, "--images", os.path.join(data, "img"), "--shard", f"{i}/2",
                                "--out", os.path.join(folder, f"part{i}.npy")], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
              for i in (1, 2)]
    for p in shards:
        if p.wait() != 0: sys.exit(f"sharded encode failed: {p.stderr.read().decode()}")
    t_sharded = time.perf_counter() - start
    t_merge, _ = run(DSCH, "codes", "merge", os.path.join(folder, "part1.npy"), os.path.join(folder, "part2.npy"),
                     "--out", os.path.join(folder, "merged.npy"))
    same = open(os.path.join(folder, "whole.npy"), "rb").read() == open(os.path.join(folder, "merged.npy"), "rb").read()
    return dict(images=images, train_s=t_train, encode_s=t_whole, encode_last_line=rate, two_shards_at_once_s=t_sharded,
                merge_s=t_merge, merged_equals_whole=same)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default="50000,500000", help="database sizes, comma-separated")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--top", type=int, default=100)
    parser.add_argument("--images", type=int, default=2000, help="images for the encode timing (0: skip it)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="dsch-bench-")
    try:
        run(DSCH, "info")  # builds the CLI once, outside the timings
        load = os.getloadavg()
        print(json.dumps({"machine": {"cores": os.cpu_count(), "load_average_1_5_15": load, "faiss": faiss.__version__,
                                      "numpy": np.__version__,
                                      "commit": subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], stdout=subprocess.PIPE, text=True).stdout.strip()}}))
        for n_db in (int(n) for n in args.database.split(",")):
            print(json.dumps({"search": bench_search(folder, n_db, args.queries, args.top, args.repeats, args.seed)}), flush=True)
        if args.images > 0:
            print(json.dumps({"encode": bench_encode(folder, args.images, args.seed)}), flush=True)
        print(json.dumps({"load_average_after": os.getloadavg()}))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
