"""Inputs shared by the benchmarks (built in the benchmark process, deterministic)."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import openpyxl
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


def make_workbook(example: Path, n: int, out: Path, seed: int = 1) -> None:
    """Copy ``example`` with ``n`` activity rows added (its own rows, cycled, quantities varied)."""
    from ghgcalc.io.schema import SHEETS

    wb = openpyxl.load_workbook(example)
    rows: dict[str, list[list[object]]] = {}
    for ws in wb.worksheets:
        if ws.title not in {s.key for s in SHEETS}:
            continue
        data = [list(r) for r in ws.iter_rows(min_row=3, values_only=True)
                if any(v is not None for v in r) and not any(isinstance(v, str) and "EXAMPLE" in v for v in r)]
        if data:
            rows[ws.title] = data
    if not rows:
        raise SystemExit(f"{example.name} has no activity rows to repeat")
    rng = random.Random(seed)
    titles = sorted(rows)
    for i in range(n):
        title = titles[i % len(titles)]
        row = list(rng.choice(rows[title]))
        if isinstance(row[1], (int, float)) and not isinstance(row[1], bool):
            row[1] = round(row[1] * rng.uniform(0.5, 1.5), 3)
        wb[title].append(row)
    wb.save(out)
