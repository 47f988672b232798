"""Distinct keys (1,000 own NCVs against one key) and a one-row call."""

from __future__ import annotations

import time

import pandas as pd

import ghgcalc

from .common import ncv_rows


class Keys:
    def setup(self) -> None:
        self.one_row = pd.DataFrame({"activity": ["diesel"], "quantity": [10.0], "unit": ["t"],
                                     "sector": ["manufacturing_construction"]})
        self.same, self.distinct = ncv_rows(1000, False), ncv_rows(1000, True)
        ghgcalc.calculate(self.one_row)

    def time_one_row(self) -> None:
        ghgcalc.calculate(self.one_row)

    def time_1000_rows_one_key(self) -> None:
        ghgcalc.calculate(self.same)

    def time_1000_rows_1000_keys(self) -> None:
        ghgcalc.calculate(self.distinct)

    def track_distinct_vs_one_key(self) -> float:
        """1,000 distinct keys ÷ one key, same rows (target ≤ 10)."""
        t0 = time.perf_counter()
        ghgcalc.calculate(self.distinct)
        t1 = time.perf_counter()
        for _ in range(3):
            ghgcalc.calculate(self.same)
        return (t1 - t0) / ((time.perf_counter() - t1) / 3)

    track_distinct_vs_one_key.unit = "ratio"  # type: ignore[attr-defined]
