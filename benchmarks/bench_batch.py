"""Benchmark a batch: ``ghgcalc report clients/*.xlsx --summary summary.csv`` on many small workbooks.

Usage::

    python benchmarks/bench_batch.py [n_workbooks] [jobs ...]

Copies the example workbooks (cycling through them) into a temporary folder
``n_workbooks`` times (default 2,441), then times the command in a fresh
process for each ``jobs`` value (default 1 and 2), with the peak resident memory
of the largest process. Target (issue 15): 2,441 small workbooks to one summary
table in ≤ 2 min.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def make(folder: Path, n: int) -> list[Path]:
    sources = sorted(EXAMPLES.glob("*.xlsx"))
    paths = []
    for i in range(n):
        src = sources[i % len(sources)]
        dst = folder / f"{src.stem}_{i:05d}.xlsx"
        shutil.copyfile(src, dst)
        paths.append(dst)
    return paths


def main(n: int, jobs: list[int]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = make(Path(tmp), n)
        for j in jobs:
            summary = Path(tmp) / f"summary_{j}.csv"
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            res = subprocess.run([sys.executable, "-m", "ghgcalc", "report", *map(str, paths), "--summary",
                                  str(summary), "--as-of", "2026-11-23", "--quiet", "--jobs", str(j)],
                                 capture_output=True, text=True)
            took = time.perf_counter() - t0
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            # CPU of the command and its workers (user + system): what the batch costs whatever else runs
            cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
            rss = after.ru_maxrss / 1024
            lines = len(summary.read_text(encoding="utf-8").splitlines()) - 1 if summary.exists() else 0
            print(f"{n} workbooks, --jobs {j}: {took:7.1f} s ({1000 * took / n:.0f} ms each; CPU {cpu:.1f} s, "
                  f"{1000 * cpu / n:.0f} ms a workbook), exit {res.returncode}, "
                  f"{lines} summary rows, peak RSS of a process so far {rss:.0f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2441, [int(x) for x in sys.argv[2:]] or [1, 2])
