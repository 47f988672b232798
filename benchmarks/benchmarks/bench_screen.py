"""Screening (``ghgcalc check``'s library path): Decision 42/2026's 2,441 facilities against 10."""

from __future__ import annotations

import datetime as dt
import time

import numpy as np
import pandas as pd

import ghgcalc
from ghgcalc.data import dataset_dir

AS_OF = dt.date(2026, 11, 23)
ENERGY = ["DO [t]", "FO [t]", "grid_electricity [MWh]", "LPG [kg]", "trấu [t]", "xăng [L]"]


def facilities(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    names = pd.read_csv(dataset_dir() / "lists" / "vn_decision_42_2026_facilities.csv", dtype=str)["name"]
    df = pd.DataFrame({"name": [names.iloc[i % len(names)] for i in range(n)], "facility_type": "industrial"})
    df["annual_emissions_tco2e"] = np.where(rng.random(n) < 0.5, rng.uniform(100, 9000, n), np.nan)
    for col in ENERGY:
        df[col] = np.where(rng.random(n) < 0.6, rng.uniform(1, 3000, n).round(1), np.nan)
    return df


class Screen:
    timeout = 300

    def setup(self) -> None:
        self.small, self.big = facilities(10), facilities(2441)
        ghgcalc.screen(self.small, as_of=AS_OF)

    def time_screen_10(self) -> None:
        ghgcalc.screen(self.small, as_of=AS_OF)

    def time_screen_2441(self) -> None:
        ghgcalc.screen(self.big, as_of=AS_OF)

    def track_2441_vs_10(self) -> float:
        """2,441 facilities ÷ 10 (library call; the CLI's ratio also counts start-up, see README)."""
        t0 = time.perf_counter()
        ghgcalc.screen(self.big, as_of=AS_OF)
        t1 = time.perf_counter()
        ghgcalc.screen(self.small, as_of=AS_OF)
        return (t1 - t0) / (time.perf_counter() - t1)

    track_2441_vs_10.unit = "ratio"  # type: ignore[attr-defined]
