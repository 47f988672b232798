"""Screening (``ghgcalc check``'s library path): Decision 42/2026's 2,441 facilities against 10."""

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

    def track_check_file_2441_vs_10(self) -> float:
        """``ghgcalc check`` on a file of 2,441 facilities ÷ on a file of 10, each in a fresh process as a user
        runs it (start-up included), median of 3 alternated runs: the issue's target (≤ 5)."""
        with tempfile.TemporaryDirectory() as tmp:
            times: dict[int, list[float]] = {10: [], 2441: []}
            files = {}
            for n, frame in ((10, self.small), (2441, self.big)):
                files[n] = Path(tmp) / f"f{n}.csv"
                frame.to_csv(files[n], index=False)
            for _ in range(3):
                for n, src in files.items():
                    t0 = time.perf_counter()
                    subprocess.run([sys.executable, "-m", "ghgcalc", "check", str(src), "-o",
                                    str(Path(tmp) / f"out{n}.csv"), "--as-of", AS_OF.isoformat()],
                                   check=True, capture_output=True)
                    times[n].append(time.perf_counter() - t0)
        return float(np.median(times[2441]) / np.median(times[10]))

    track_check_file_2441_vs_10.unit = "ratio"  # type: ignore[attr-defined]
