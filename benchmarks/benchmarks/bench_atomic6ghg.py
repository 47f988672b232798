"""``calculate()`` against the EPA calculator's Python port atomic6ghg on the same 100,000 stationary rows.

atomic6ghg (``pip install ghgcalc[bench]``) is called as its documentation shows: one
stationary-combustion worksheet document, ``StationaryCombustion(doc).to_dict()``. It returns totals
per fuel; ``calculate()`` returns one row per input row. The hand-written pandas merge of the same
rows (coefficients resolved beforehand) is timed beside them.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import ghgcalc

from .common import STATIONARY_SECTOR, hand_merge, run_atomic6ghg, stationary

ROWS = 100_000


def _median(call: Callable[[], object], times: int = 3) -> float:
    runs = []
    for _ in range(times):
        t0 = time.perf_counter()
        call()
        runs.append(time.perf_counter() - t0)
    return sorted(runs)[len(runs) // 2]


class Atomic6ghg:
    number = 1
    repeat = (1, 5, 30.0)
    timeout = 300

    def setup(self) -> None:
        try:
            import atomic6ghg  # noqa: F401
        except ImportError:
            raise NotImplementedError("atomic6ghg is not installed (pip install ghgcalc[bench])") from None
        self.df, self.doc = stationary(ROWS)
        keys = self.df[["activity", "unit"]].drop_duplicates().assign(quantity=1.0)
        per_unit = ghgcalc.calculate(keys, default_sector=STATIONARY_SECTOR)
        self.coef = keys[["activity", "unit"]].assign(co2=per_unit["co2_t"].to_numpy(),
                                                     ch4=per_unit["ch4_t"].to_numpy(),
                                                     n2o=per_unit["n2o_t"].to_numpy())
        ghgcalc.calculate(self.df.head(1000), default_sector=STATIONARY_SECTOR)
        run_atomic6ghg({"stationarySourceFuelConsumption": self.doc["stationarySourceFuelConsumption"][:1000]})

    def _ghgcalc(self) -> None:
        ghgcalc.calculate(self.df, default_sector=STATIONARY_SECTOR)

    def _atomic6ghg(self) -> None:
        run_atomic6ghg(self.doc)

    def time_ghgcalc_100k_stationary(self) -> None:
        self._ghgcalc()

    def time_atomic6ghg_100k_stationary(self) -> None:
        self._atomic6ghg()

    def time_hand_written_pandas_100k_stationary(self) -> None:
        hand_merge(self.df, self.coef, ["activity", "unit"])

    def track_vs_atomic6ghg(self) -> float:
        """``calculate()`` ÷ atomic6ghg, same rows, median of 3 calls each in the same run (< 1: ghgcalc faster)."""
        return _median(self._ghgcalc) / _median(self._atomic6ghg)

    track_vs_atomic6ghg.unit = "ratio"  # type: ignore[attr-defined]

    def track_vs_hand_written_pandas(self) -> float:
        """``calculate()`` ÷ the hand-written merge of the same stationary rows, same run."""
        return _median(self._ghgcalc) / _median(lambda: hand_merge(self.df, self.coef, ["activity", "unit"]))

    track_vs_hand_written_pandas.unit = "ratio"  # type: ignore[attr-defined]
