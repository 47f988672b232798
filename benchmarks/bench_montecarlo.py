"""Benchmark the Monte Carlo uncertainty (IPCC Approach 2) (not a test; numbers go in the README).

Usage::

    python benchmarks/bench_montecarlo.py [n_sources] [draws]

``n_sources`` (default 1,000) sources — fuels of several sectors and years
(four in ten with their own stack-tested CO2 factor and its uncertainty: one
parameter each), grid electricity, refrigerants — each with its own
activity-data uncertainty; ``draws`` iterations
(default 10,000). Prints the median of 5 calls of
:func:`ghgcalc.montecarlo.simulate` (after ``calculate()``, which is not timed).
"""

from __future__ import annotations

import statistics
import sys
import time
import warnings

import numpy as np
import pandas as pd

import ghgcalc
from ghgcalc.montecarlo import simulate

FUELS = [("gas_diesel_oil", "t"), ("residual_fuel_oil", "t"), ("natural_gas", "GJ"), ("anthracite", "t"),
         ("liquefied_petroleum_gases", "t"), ("other_bituminous_coal", "t"), ("wood_wood_waste", "t")]
SECTORS = ["manufacturing_construction", "energy_industries", "commercial_institutional", "residential_agriculture"]


def make(n: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        kind = i % 10
        year = 2022 + i % 2
        if kind < 4:  # a boiler with its own stack-tested CO2 factor: its own parameter, never pooled
            fuel, unit = FUELS[i % len(FUELS)]
            rows.append({"activity": fuel, "unit": unit, "sector": SECTORS[(i // 7) % len(SECTORS)], "year": year,
                         "ef_co2": 70_000 + i, "ef_unit": "kg CO2/TJ", "ef_source": f"stack test {i}",
                         "ef_uncertainty_pct": 5.0})
        elif kind < 7:  # IPCC / national defaults shared by many rows
            fuel, unit = FUELS[i % len(FUELS)]
            rows.append({"activity": fuel, "unit": unit, "sector": SECTORS[(i // 7) % len(SECTORS)], "year": year})
        elif kind < 9:
            rows.append({"activity": "grid_electricity", "unit": "MWh", "year": year,
                         "ef_uncertainty_pct": 10.0})
        else:
            rows.append({"activity": "R-410A", "unit": "kg", "year": year})
    df = pd.DataFrame(rows)
    df["quantity"] = rng.uniform(1, 1000, n)
    df["ad_uncertainty_pct"] = rng.uniform(1, 10, n).round(6)
    return df


def main(n: int, draws: int) -> None:
    acts = make(n)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ghgcalc.GhgcalcWarning)
        res = ghgcalc.calculate(acts)
    registry = ghgcalc.factors.shipped_registry()
    simulate(res, registry, draws=100, seed=0, activities=acts)  # warm caches
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        mc = simulate(res, registry, draws=draws, seed=1, activities=acts)
        times.append(time.perf_counter() - t0)
    units = len(mc.contributors[mc.contributors["kind"] == "activity_data"])
    print(f"simulate(): {n:,} sources ({units:,} pooled units with activity-data draws), {draws:,} draws: "
          f"median {statistics.median(times):.2f} s (min {min(times):.2f}, max {max(times):.2f})")
    print(mc.summary[mc.summary["category"] == "total"].to_string(index=False))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000, int(sys.argv[2]) if len(sys.argv) > 2 else 10_000)
