"""Time and peak memory of ``ghgcalc.calculate`` at scale, by string column type.

Usage::

    python benchmarks/bench_memory.py [n_rows] [kind ...]

``kind``: ``object`` (Python strings), ``category`` (pandas categoricals),
``arrow`` (pyarrow-backed strings), ``chunks`` (``calculate_chunks`` over
1,000,000-row slices of the object frame). Each kind runs in a fresh process;
reported: the input frame's memory (deep), the time of one ``calculate()``
after a warm-up on 1,000 rows, and the peak resident memory added during the
call, as a multiple of the input frame (target: 10M rows ≤ 10 s, peak ≤ 3 ×).
"""

from __future__ import annotations

import json
import subprocess
import sys

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, {bench!r})
import pandas as pd
import ghgcalc
from bench_calculate import make

n, kind = {n}, {kind!r}
df = make(n)
if kind == "category":
    df = df.astype({{c: "category" for c in ("activity", "unit", "sector")}})
elif kind == "arrow":
    df = df.astype({{c: pd.ArrowDtype(__import__("pyarrow").string()) for c in ("activity", "unit", "sector")}})
else:
    df = df.astype({{c: object for c in ("activity", "unit", "sector")}})
size = df.memory_usage(deep=True).sum()
ghgcalc.calculate(df.head(1000))
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
t0 = time.perf_counter()
if kind == "chunks":
    step = 1_000_000
    total = sum(float(r["co2e_t"].sum()) for r in ghgcalc.calculate_chunks(df.iloc[i:i + step]
                                                                           for i in range(0, n, step)))
else:
    total = float(ghgcalc.calculate(df)["co2e_t"].sum())
took = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({{"size": int(size), "took": took, "added": max(0, peak - base), "total": total}}))
"""


def main(n: int, kinds: list[str]) -> None:
    bench = __file__.rsplit("/", 1)[0]
    for kind in kinds:
        out = subprocess.run([sys.executable, "-c", CHILD.format(bench=bench, n=n, kind=kind)],
                             capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{n:,} rows, {kind:>8}: input {r['size'] / 2**20:7.0f} MB, calculate {r['took']:6.2f} s, "
              f"peak added {r['added'] / 2**20:7.0f} MB = {r['added'] / r['size']:.1f} x input")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000, sys.argv[2:] or ["object", "category", "arrow"])
