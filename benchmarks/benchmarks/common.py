"""Inputs shared by the benchmarks (built in the benchmark process, deterministic)."""

from __future__ import annotations

import numpy as np
import pandas as pd

ROWS = [
    ("diesel", "L", "manufacturing_construction", 2023),
    ("FO", "t", "manufacturing_construction", 2023),
    ("trấu", "t", "manufacturing_construction", 2023),
    ("natural_gas", "GJ", "commercial_institutional", 2023),
    ("điện", "kWh", "", 2023),
    ("điện", "MWh", "", 2022),
    ("R-410A", "kg", "", 2023),
    ("DO", "L", "road_transport", 2023),
]


def mixed(n: int, seed: int = 1) -> pd.DataFrame:
    """``n`` mixed activity rows (the rows of ``bench_calculate.py``), strings as categoricals."""
    rng = np.random.default_rng(seed)
    table = pd.DataFrame(ROWS, columns=["activity", "unit", "sector", "year"])
    df = table.iloc[rng.integers(0, len(ROWS), n)].reset_index(drop=True)
    df["quantity"] = rng.uniform(200, 900, n)
    return df.astype({c: "category" for c in ("activity", "unit", "sector")})


def ncv_rows(n: int, distinct: bool) -> pd.DataFrame:
    """Diesel rows with a measured NCV each (``distinct``) or one NCV for all."""
    ncv = np.linspace(42.0, 44.0, n) if distinct else np.full(n, 43.0)
    return pd.DataFrame({"activity": "diesel", "quantity": np.linspace(1, 100, n), "unit": "t",
                         "sector": "manufacturing_construction", "year": 2025, "ncv": ncv, "ncv_unit": "TJ/Gg"})
