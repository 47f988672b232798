"""The workbook path as a user runs it: ``ghgcalc report`` (a new process) on the freight example with 5,000 and
100,000 activity rows added, to every report format; targets (issue 15): each format ≤ 10 s at 100,000 rows,
and 5,000 added rows ≤ 3 × the unmodified example (both measured in the same run)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import ghgcalc

from .common import make_workbook

EXAMPLE = Path(ghgcalc.__file__).resolve().parents[1] / "examples" / "freight_company.xlsx"
FORMATS = ["report.json", "report.md", "report.html", "report.docx", "report.xlsx", "tables/", "terminal"]


def report(workbook: Path, fmt: str, out: Path) -> float:
    """Seconds of one ``ghgcalc report`` process writing ``fmt`` (``terminal``: the printed summary)."""
    target = [] if fmt == "terminal" else ["-o", str(out / fmt)]
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "ghgcalc", "report", str(workbook), *target, "--as-of", "2026-11-23"],
                   check=True, capture_output=True)
    return time.perf_counter() - t0


class WorkbookReport:
    params = FORMATS
    param_names = ["format"]
    number = 1
    repeat = (1, 3, 120.0)
    timeout = 600

    def setup_cache(self) -> dict[str, str]:
        if not EXAMPLE.exists():
            raise NotImplementedError("the example workbooks are not in this installation")
        paths = {"example": str(EXAMPLE)}
        for n in (5_000, 100_000):
            path = Path(f"rows_{n}.xlsx").resolve()
            make_workbook(EXAMPLE, n, path)
            paths[str(n)] = str(path)
        return paths

    def time_report_100000_rows(self, paths: dict[str, str], fmt: str) -> None:
        report(Path(paths["100000"]), fmt, Path("out_100000").resolve())

    def track_5000_rows_vs_example(self, paths: dict[str, str], fmt: str) -> float:
        """``ghgcalc report`` with 5,000 added rows ÷ the unmodified example, in one run (target ≤ 3)."""
        out = Path("out_ratio").resolve()
        return report(Path(paths["5000"]), fmt, out) / report(Path(paths["example"]), fmt, out)

    track_5000_rows_vs_example.unit = "ratio"  # type: ignore[attr-defined]

    def track_100000_rows_seconds(self, paths: dict[str, str], fmt: str) -> float:
        """Seconds of ``ghgcalc report`` on 100,000 added rows (target ≤ 10 s on a 2-core machine)."""
        return report(Path(paths["100000"]), fmt, Path("out_100000").resolve())

    track_100000_rows_seconds.unit = "seconds"  # type: ignore[attr-defined]
