"""Benchmark ``ghgcalc.calculate`` on mixed rows (not a test; numbers go in the README).

Usage::

    python benchmarks/bench_calculate.py [n_rows]

Times, in one run:

* ``calculate()`` on ``n_rows`` mixed rows (default 1,000,000);
* a per-row pint loop on a sample (each row: a pint Quantity through NCV and
  factor), extrapolated to ``n_rows``;
* a bare numpy pass with factors resolved beforehand (the floor).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

import ghgcalc
from ghgcalc.units import ureg

sys.path.insert(0, str(Path(__file__).resolve().parent / "benchmarks"))
from common import ROWS  # noqa: E402  (the same rows as the asv suite)


def make(n: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(ROWS), n)
    table = pd.DataFrame(ROWS, columns=["activity", "unit", "sector", "year"])
    df = table.iloc[pick].reset_index(drop=True)
    df["quantity"] = rng.uniform(1, 1000, n)
    return df


def per_row_pint(df: pd.DataFrame) -> float:
    """A naive engine: one pint Quantity per row and a factor lookup per row."""
    ncv = ureg.Quantity(43.0, "TJ/Gg")
    ef = ureg.Quantity(74100, "kg/TJ")
    total = 0.0
    for q, u in zip(df["quantity"], df["unit"], strict=True):
        qty = ureg.Quantity(float(q), "t" if u in ("t", "kg", "L") else "GJ")
        energy = qty * ncv if qty.dimensionality == ureg.t.dimensionality else qty
        total += float((energy * ef).to("t").magnitude)
    return total


def main(n: int) -> None:
    df = make(n)
    ghgcalc.calculate(df.head(1000))  # warm the caches (dataset load, pint parsing)
    runs = []
    for _ in range(5):
        t0 = time.perf_counter()
        result = ghgcalc.calculate(df)
        runs.append(time.perf_counter() - t0)
    t_calc = sorted(runs)[len(runs) // 2]

    sample = df.head(20_000)
    t0 = time.perf_counter()
    per_row_pint(sample)
    t_loop = (time.perf_counter() - t0) * n / len(sample)

    # bare numpy with pre-resolved per-unit coefficients (the floor)
    coef = np.random.default_rng(2).uniform(0, 3, (len(ROWS), 3))
    codes = np.random.default_rng(1).integers(0, len(ROWS), n)
    q = df["quantity"].to_numpy()
    floor = []
    for _ in range(5):
        t0 = time.perf_counter()
        gases = coef.take(codes, axis=0)
        gases *= q[:, None]
        _ = gases @ np.array([1.0, 28.0, 265.0])
        floor.append(time.perf_counter() - t0)
    t_numpy = sorted(floor)[len(floor) // 2]

    print(f"rows: {n:,}  total CO2e: {result['co2e_t'].sum():,.1f} t")
    print(f"calculate():           {t_calc:8.3f} s (median of 5; first run {runs[0]:.3f} s)")
    print(f"per-row pint loop:     {t_loop:8.3f} s (extrapolated from {len(sample):,} rows)"
          f"  -> calculate() is {t_loop / t_calc:,.0f}x faster")
    print(f"bare numpy (floor):    {t_numpy:8.3f} s  -> calculate() is {t_calc / t_numpy:,.1f}x the floor")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
