"""``calculate()`` at 1M and 10M rows, against a hand-written pandas merge of the same rows."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

import ghgcalc

from .common import mixed


def _hand_pandas(df: pd.DataFrame, coef: pd.DataFrame) -> pd.DataFrame:
    """The comparator: a merge on the key columns with pre-resolved per-unit coefficients, times quantity."""
    m = df.merge(coef, on=["activity", "unit", "sector", "year"], how="left")
    return m[["co2", "ch4", "n2o"]].mul(m["quantity"], axis=0)


class Calculate:
    params = [1_000_000, 10_000_000]
    param_names = ["rows"]
    number = 1
    repeat = (1, 3, 20.0)
    timeout = 300

    def setup(self, n: int) -> None:
        self.df = mixed(n)
        ghgcalc.calculate(self.df.head(1000))
        keys = self.df[["activity", "unit", "sector", "year"]].drop_duplicates()
        rng = np.random.default_rng(2)
        self.coef = keys.assign(co2=rng.uniform(0, 3, len(keys)), ch4=0.001, n2o=0.0001)

    def time_calculate(self, n: int) -> None:
        ghgcalc.calculate(self.df)

    def peakmem_calculate(self, n: int) -> None:
        ghgcalc.calculate(self.df)

    def time_hand_written_pandas(self, n: int) -> None:
        _hand_pandas(self.df, self.coef)

    def track_vs_hand_written_pandas(self, n: int) -> float:
        """``calculate()`` ÷ the hand-written merge, same rows, same run."""
        t0 = time.perf_counter()
        ghgcalc.calculate(self.df)
        t1 = time.perf_counter()
        _hand_pandas(self.df, self.coef)
        return (t1 - t0) / (time.perf_counter() - t1)

    track_vs_hand_written_pandas.unit = "ratio"  # type: ignore[attr-defined]


class Chunks:
    number = 1
    repeat = (1, 2, 20.0)
    timeout = 300

    def setup(self) -> None:
        self.df = mixed(10_000_000)

    def peakmem_calculate_chunks_10m(self) -> None:
        for _ in ghgcalc.calculate_chunks(self.df.iloc[i:i + 1_000_000] for i in range(0, len(self.df), 1_000_000)):
            pass
