"""Time and peak memory of ``ghgcalc.calculate`` at scale, by string column type, and of streaming a file.

Usage::

    python benchmarks/bench_memory.py [n_rows] [kind ...]

``kind``: ``object`` (Python strings), ``category`` (pandas categoricals),
``arrow`` (pyarrow-backed strings), ``chunks`` (``calculate_chunks`` over
1,000,000-row slices of the categorical frame), ``stream`` (``ghgcalc.scale.calculate_file``,
what ``ghgcalc calculate big.parquet -o out.parquet`` runs, on a Parquet file of the rows).
Each kind runs in a fresh process; reported: the input frame's memory (deep), the time of
the call after a warm-up on 1,000 rows, and the peak resident memory added during the call
(sampled every 2 ms against the resident memory just before it), as a multiple of the input
frame, with the size of the result (target: 10M rows ≤ 10 s, peak ≤ 3 ×).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

CHILD = r"""
import gc, json, sys, threading, time
sys.path.insert(0, {bench!r})
import pandas as pd, psutil
import ghgcalc
from bench_calculate import make

n, kind, path = {n}, {kind!r}, {path!r}
if kind == "write":
    make(n).to_parquet(path, index=False, row_group_size=1_000_000)
    sys.exit(0)
df = make(n) if kind != "stream" else None
if kind in ("category", "chunks"):
    df = df.astype({{c: "category" for c in ("activity", "unit", "sector")}})
elif kind == "arrow":
    df = df.astype({{c: pd.ArrowDtype(__import__("pyarrow").string()) for c in ("activity", "unit", "sector")}})
elif kind == "object":
    df = df.astype({{c: object for c in ("activity", "unit", "sector")}})
size = int(df.memory_usage(deep=True).sum()) if df is not None else 0
ghgcalc.calculate(make(1000))
gc.collect()
proc = psutil.Process()
base = proc.memory_info().rss
peak, done = [base], []

def sample():
    while not done:
        peak[0] = max(peak[0], proc.memory_info().rss)
        time.sleep(0.002)

sampler = threading.Thread(target=sample, daemon=True)
sampler.start()
t0 = time.perf_counter()
result = 0
if kind == "chunks":
    step = 1_000_000
    for r in ghgcalc.calculate_chunks(df.iloc[i:i + step] for i in range(0, n, step)):
        result = max(result, int(r.memory_usage(deep=True).sum()))
elif kind == "stream":
    from ghgcalc.scale import calculate_file
    calculate_file(path, path + ".out.parquet")
else:
    result = int(ghgcalc.calculate(df).memory_usage(deep=True).sum())
took = time.perf_counter() - t0
done.append(True)
sampler.join()
print(json.dumps({{"size": size, "took": took, "added": max(0, peak[0] - base), "result": result}}))
"""


def run(n: int, kind: str, path: str) -> dict[str, float]:
    bench = os.path.dirname(os.path.abspath(__file__))
    # run in the file's folder, not the checkout: ghgcalc comes from the environment (or PYTHONPATH)
    out = subprocess.run([sys.executable, "-c", CHILD.format(bench=bench, n=n, kind=kind, path=path)],
                         capture_output=True, text=True, check=True, cwd=os.path.dirname(path))
    lines = out.stdout.strip().splitlines()
    return json.loads(lines[-1]) if lines else {}


def main(n: int, kinds: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "rows.parquet")
        for kind in kinds:
            if kind == "stream":
                run(n, "write", path)
            r = run(n, kind, path)
            mb = 2**20
            if kind == "stream":
                print(f"{n:,} rows, {kind:>8}: file {os.path.getsize(path) / mb:7.0f} MB, calculate_file "
                      f"{r['took']:6.2f} s, peak added {r['added'] / mb:7.0f} MB")
                continue
            print(f"{n:,} rows, {kind:>8}: input {r['size'] / mb:7.0f} MB, calculate {r['took']:6.2f} s, "
                  f"peak added {r['added'] / mb:7.0f} MB = {r['added'] / r['size']:.1f} x input "
                  f"(result {r['result'] / mb:.0f} MB = {r['result'] / r['size']:.1f} x input)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000,
         sys.argv[2:] or ["object", "category", "arrow", "chunks", "stream"])
