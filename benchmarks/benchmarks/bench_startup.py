"""Start-up: fresh interpreters (asv ``timeraw_``), and the targets as ratios to ``import pandas``."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time


def _median(code: list[str], repeats: int = 5) -> float:
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, *code], check=True, stdout=subprocess.DEVNULL)
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def timeraw_import_pandas() -> str:
    return "import pandas"


def timeraw_import_ghgcalc() -> str:
    return "import ghgcalc"


def timeraw_import_engine() -> str:
    return "from ghgcalc import calculate"


def track_import_ghgcalc_vs_pandas() -> float:
    """``import ghgcalc`` ÷ ``import pandas`` (target ≤ 1.3)."""
    return _median(["-c", "import ghgcalc"]) / _median(["-c", "import pandas"])


def track_version_vs_pandas() -> float:
    """``ghgcalc --version`` ÷ ``import pandas`` (target ≤ 0.5)."""
    return _median(["-m", "ghgcalc", "--version"]) / _median(["-c", "import pandas"])


track_import_ghgcalc_vs_pandas.unit = "ratio"  # type: ignore[attr-defined]
track_version_vs_pandas.unit = "ratio"  # type: ignore[attr-defined]
