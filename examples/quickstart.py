"""Quickstart: a Đồng Tháp pangasius processor's year, computed with ghgcalc.

Run with ``python examples/quickstart.py``. The activity data are illustrative.
"""

from __future__ import annotations

import warnings

import pandas as pd

import ghgcalc

activities = pd.DataFrame(
    [
        # activity (id or the alias people write), quantity, unit, sector, year
        {"activity": "dầu FO", "quantity": 180_000, "unit": "lít", "sector": "manufacturing_construction"},
        {"activity": "trấu", "quantity": 2_400, "unit": "tấn", "sector": "manufacturing_construction"},
        {"activity": "DO", "quantity": 12_000, "unit": "lít", "sector": "road_transport"},
        {"activity": "điện", "quantity": 6_500, "unit": "MWh", "year": 2023},
        {"activity": "R-22", "quantity": 120, "unit": "kg"},
        {"activity": "R-404A", "quantity": 40, "unit": "kg"},
        {"activity": "R-717", "quantity": 300, "unit": "kg"},
    ]
)
activities["year"] = 2023

with warnings.catch_warnings():
    warnings.simplefilter("ignore", ghgcalc.GhgcalcWarning)
    result = ghgcalc.calculate(activities, gwp="AR5")

pd.set_option("display.width", 160)
cols = ["activity", "quantity", "unit", "co2_t", "ch4_t", "n2o_t", "hfcs_co2e_t", "co2e_t",
        "biogenic_co2_t", "memo_co2e_t", "iso_category", "tier"]
print(result[cols].round(3).to_string())
print()
print(f"Total (Kyoto gases, {result.attrs['gwp_set']}): {result['co2e_t'].sum():,.1f} t CO2e")
print(f"Biogenic CO2 (reported apart):   {result['biogenic_co2_t'].sum():,.1f} t CO2")
print(f"R-22 memo item (not in total):   {result['memo_co2e_t'].sum():,.1f} t CO2e")
print(f"factor dataset {result.attrs['factor_dataset_version']}, ghgcalc {result.attrs['ghgcalc_version']}")
print()
print(result.groupby("iso_category", observed=True)["co2e_t"].sum().round(1).to_string())
