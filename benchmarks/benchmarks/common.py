"""Inputs shared by the benchmarks (built in the benchmark process, deterministic)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

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


# Stationary fuels both ghgcalc and the EPA calculator port atomic6ghg know, in units both accept:
# (ghgcalc activity, ghgcalc unit, atomic6ghg fuelCombusted, atomic6ghg units). Natural gas by energy
# (MMBtu), liquids by US gallon, coals by short ton, as the EPA calculator's users enter them.
STATIONARY = [
    ("natural_gas", "MMBtu", "naturalGas", "mmbtu"),
    ("gas_diesel_oil", "gallon", "distillateFuelOilNo2", "gallons"),
    ("residual_fuel_oil", "gallon", "residualFuelOilNo6", "gallons"),
    ("other_kerosene", "gallon", "kerosene", "gallons"),
    ("liquefied_petroleum_gases", "gallon", "liquefiedPetroleumGases", "gallons"),
    ("anthracite", "short_ton", "anthraciteCoal", "shortTon"),
    ("other_bituminous_coal", "short_ton", "bituminousCoal", "shortTon"),
    ("sub_bituminous_coal", "short_ton", "subBituminousCoal", "shortTon"),
    ("lignite", "short_ton", "ligniteCoal", "shortTon"),
]
STATIONARY_SECTOR = "manufacturing_construction"


def stationary(n: int, seed: int = 1) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The same ``n`` stationary-combustion rows in each tool's own input.

    ghgcalc: a frame of ``activity, quantity, unit`` (plain strings, as read from a CSV);
    atomic6ghg: its stationary-combustion worksheet document, one dict per row in
    ``stationarySourceFuelConsumption`` (its schema's required fields).
    """
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(STATIONARY), n)
    quantity = rng.uniform(1, 1000, n).round(3)
    table = pd.DataFrame(STATIONARY, columns=["activity", "unit", "fuel", "units"])
    chosen = table.iloc[pick].reset_index(drop=True)
    df = pd.DataFrame({"activity": chosen["activity"], "quantity": quantity, "unit": chosen["unit"]})
    rows = [{"fuelCombusted": f, "quantityCombusted": float(q), "units": u}
            for f, q, u in zip(chosen["fuel"], quantity, chosen["units"], strict=True)]
    return df, {"version": "stationary-combustion.1.0.0", "stationarySourceFuelConsumption": rows}


def mixed(n: int, seed: int = 1) -> pd.DataFrame:
    """``n`` mixed activity rows (the rows of ``bench_calculate.py``), strings as categoricals."""
    rng = np.random.default_rng(seed)
    table = pd.DataFrame(ROWS, columns=["activity", "unit", "sector", "year"])
    df = table.iloc[rng.integers(0, len(ROWS), n)].reset_index(drop=True)
    df["quantity"] = rng.uniform(200, 900, n)
    return df.astype({c: "category" for c in ("activity", "unit", "sector")})


def run_atomic6ghg(doc: dict[str, Any]) -> dict[str, Any]:
    """atomic6ghg as its documentation calls it: one worksheet document in, its output dict out."""
    from atomic6ghg.formulas import StationaryCombustion

    out: dict[str, Any] = StationaryCombustion(doc).to_dict()
    return out


def hand_merge(df: pd.DataFrame, coef: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The hand-written pandas comparator: a merge with pre-resolved per-unit coefficients, times quantity."""
    m = df.merge(coef, on=keys, how="left")
    return m[["co2", "ch4", "n2o"]].mul(m["quantity"], axis=0)


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
