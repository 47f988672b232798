"""Cost of distinct keys and of a one-row call to ``ghgcalc.calculate`` (issue 15).

Usage::

    python benchmarks/bench_keys.py

Times, in one run (median of repeated calls, caches warm):

* 1,000 diesel rows that each carry their own measured NCV (1,000 distinct keys)
  against the same rows with one NCV (one key); target ratio ≤ 10;
* one row (an embedder calling ``calculate`` per request).
"""

from __future__ import annotations

import statistics
import time

import numpy as np
import pandas as pd

import ghgcalc


def rows(n: int, distinct: bool) -> pd.DataFrame:
    ncv = np.linspace(42.0, 44.0, n) if distinct else np.full(n, 43.0)
    return pd.DataFrame({"activity": "diesel", "quantity": np.linspace(1, 100, n), "unit": "t",
                         "sector": "manufacturing_construction", "year": 2025, "ncv": ncv, "ncv_unit": "TJ/Gg"})


def timed(df: pd.DataFrame, repeats: int) -> float:
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        ghgcalc.calculate(df)
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def main() -> None:
    one = pd.DataFrame({"activity": ["diesel"], "quantity": [10.0], "unit": ["t"],
                        "sector": ["manufacturing_construction"]})
    ghgcalc.calculate(one)  # load the dataset and build the registry
    t_one = timed(one, 21)
    t_same = timed(rows(1000, False), 7)
    t_distinct = timed(rows(1000, True), 3)
    print(f"one-row calculate():                 {t_one * 1000:8.1f} ms")
    print(f"1,000 rows, one key:                 {t_same * 1000:8.1f} ms")
    print(f"1,000 rows, 1,000 distinct NCVs:     {t_distinct * 1000:8.1f} ms   ratio {t_distinct / t_same:.1f} "
          "(target <= 10)")


if __name__ == "__main__":
    main()
