"""Benchmark ``ghgcalc.screen`` (the ``ghgcalc check`` path) at Decision 42/2026's size.

Usage::

    python benchmarks/bench_screen.py [n_facilities]

Screens ``n_facilities`` (default 2,441, the size of the Decision 42/2026/QĐ-TTg
list) and a 10-row table built the same way, in one run, and prints both times
and their ratio (target ≤ 5). Half of the names are taken from the shipped list
(found exactly), half are names the list does not hold (a fuzzy search each);
each facility has three to five energy columns, one of them a carrier without
a MOIT coefficient (rice husk, converted through its NCV).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

import ghgcalc
from ghgcalc.data import dataset_dir

TYPES = ["industrial", "thermal_power", "freight_transport", "commercial_building", "solid_waste_treatment"]
ENERGY = ["DO [t]", "FO [t]", "grid_electricity [MWh]", "LPG [kg]", "trấu [t]", "than cám [t]", "xăng [L]"]
AS_OF = dt.date(2026, 11, 23)


def make(n: int, seed: int = 3, unlisted: bool = True) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    listed = pd.read_csv(dataset_dir() / "lists" / "vn_decision_42_2026_facilities.csv", dtype=str)["name"]
    names = [str(listed.iloc[i % len(listed)]) if i % 2 == 0 or not unlisted
             else f"Công ty TNHH Sản xuất Thử nghiệm số {i}" for i in range(n)]
    df = pd.DataFrame({"name": names, "facility_type": rng.choice(TYPES, n)})
    df["annual_emissions_tco2e"] = np.where(rng.random(n) < 0.5, rng.uniform(100, 9000, n), np.nan)
    df["waste_capacity_t_per_year"] = np.where(df["facility_type"] == "solid_waste_treatment",
                                               rng.uniform(1e4, 1e5, n), np.nan)
    for col in ENERGY:
        df[col] = np.where(rng.random(n) < 0.6, rng.uniform(1, 3000, n).round(1), np.nan)
    return df


def timed(df: pd.DataFrame, repeats: int = 3) -> float:
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        ghgcalc.screen(df, as_of=AS_OF)
        runs.append(time.perf_counter() - t0)
    return sorted(runs)[len(runs) // 2]


def cli(table: pd.DataFrame, folder: Path, repeats: int) -> float:
    """``ghgcalc check table.csv -o out.csv`` in a fresh process, median of ``repeats``."""
    src, out = folder / f"f{len(table)}.csv", folder / "out.csv"
    table.to_csv(src, index=False)
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "ghgcalc", "check", str(src), "-o", str(out), "--as-of",
                        AS_OF.isoformat()], check=True, stderr=subprocess.DEVNULL)
        runs.append(time.perf_counter() - t0)
    return sorted(runs)[len(runs) // 2]


def main(n: int) -> None:
    ghgcalc.screen(make(10), as_of=AS_OF)  # warm the caches (dataset, list, pint)
    for unlisted in (False, True):
        what = "half not on the list" if unlisted else "names of the list"
        small, big = make(10, unlisted=unlisted), make(n, unlisted=unlisted)
        t_small = timed(small, 5)
        t_big = timed(big, 1 if n > 500 else 3)
        print(f"screen(), {what}: {len(small)} rows {t_small:.3f} s, {len(big)} rows {t_big:.3f} s, "
              f"ratio {t_big / t_small:.1f}")
        with tempfile.TemporaryDirectory() as tmp:
            c_small, c_big = cli(small, Path(tmp), 3), cli(big, Path(tmp), 1)
        print(f"ghgcalc check, {what}: {len(small)} rows {c_small:.3f} s, {len(big)} rows {c_big:.3f} s, "
              f"ratio {c_big / c_small:.1f} (target <= 5)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2441)
