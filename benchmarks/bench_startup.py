"""Start-up time of ghgcalc against ``import pandas``, as ratios measured in one run.

Usage::

    python benchmarks/bench_startup.py [repeats]

Each command runs in a fresh interpreter, the commands interleaved so that the
machine's load hits them alike; the median of ``repeats`` runs (default 7) is
reported with its ratio to ``import pandas``. Targets (issue 15):
``import ghgcalc`` ≤ 1.3 ×, ``ghgcalc --version`` ≤ 0.5 ×.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

COMMANDS = {
    "import pandas": [sys.executable, "-c", "import pandas"],
    "import ghgcalc": [sys.executable, "-c", "import ghgcalc"],
    "from ghgcalc import calculate": [sys.executable, "-c", "from ghgcalc import calculate"],
    "ghgcalc --version": [sys.executable, "-m", "ghgcalc", "--version"],
    "ghgcalc --help": [sys.executable, "-m", "ghgcalc", "--help"],
    "import + first calculate() (1 row)": [sys.executable, "-c", (
        "import pandas as pd, ghgcalc; ghgcalc.calculate(pd.DataFrame({'activity': ['diesel'], "
        "'quantity': [1.0], 'unit': ['t'], 'sector': ['manufacturing_construction']}))")],
}


def measure(repeats: int) -> dict[str, float]:
    times: dict[str, list[float]] = {k: [] for k in COMMANDS}
    for _ in range(repeats):
        for name, cmd in COMMANDS.items():
            t0 = time.perf_counter()
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - t0)
    return {k: statistics.median(v) for k, v in times.items()}


def main(repeats: int) -> None:
    med = measure(repeats)
    base = med["import pandas"]
    print(f"{'command':<40} {'median s':>9} {'× import pandas':>16}")
    for name, t in med.items():
        print(f"{name:<40} {t:>9.3f} {t / base:>16.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
