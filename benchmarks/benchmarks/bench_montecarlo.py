"""Monte Carlo uncertainty of an example inventory (IPCC Approach 2), 10,000 draws."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import ghgcalc
from ghgcalc.report import build_inventory

EXAMPLE = Path(ghgcalc.__file__).resolve().parents[1] / "examples" / "dong_thap_pangasius.xlsx"


class MonteCarlo:
    def setup(self) -> None:
        if not EXAMPLE.exists():
            raise NotImplementedError("the example workbooks are not in this installation")
        self.inv = build_inventory(EXAMPLE, as_of=dt.date(2026, 11, 23))

    def time_monte_carlo_10000_draws(self) -> None:
        self.inv.uncertainty(method="monte_carlo", draws=10_000, seed=1)
