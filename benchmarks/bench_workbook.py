"""Benchmark the workbook path: a workbook of N activity rows → ``ghgcalc report`` to every format.

Not a test; the numbers go in the README's Performance section. Usage::

    python benchmarks/bench_workbook.py [n_rows ...] [--example examples/freight_company.xlsx]

For each size (default 5,000 and 100,000 added rows) the example workbook is
copied and its activity rows are repeated, cycling over its sheets, with the
quantities varied (numbers typed as text in the example stay text, so the
decimal-separator path is timed too). Then, in one run:

* ``ghgcalc report`` as a user runs it (a new process: start-up, read, compute,
  write), once per output format, and the unmodified example for the ratio;
* in-process stages: reading the workbook (:func:`read_workbook`), building the
  inventory (read + calculate + applicability), and with ``--writers`` each writer alone;
* the peak memory (max RSS) of a process that only reads the workbook.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "benchmarks"))
from common import make_workbook  # noqa: E402  (the same workbooks as the asv suite)

FORMATS = ("report.xlsx", "report.json", "report.md", "report.html", "report.docx", "tables/", "terminal")
ROOT = Path(__file__).resolve().parents[1]


#: CPU seconds (user + system) of the last :func:`cli` process: on a shared machine the wall time also counts
#: the other processes' turns, the CPU time is what the run itself costs
LAST_CPU: list[float] = [0.0]


def cli(workbook: Path, output: Path, timeout: float) -> float:
    """Seconds of one ``ghgcalc report`` process (``-o output``; ``terminal``: the printed summary); ``inf``
    when it runs past ``timeout``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = [] if output.name == "terminal" else ["-o", str(output)]
    try:
        run = subprocess.run([sys.executable, "-m", "ghgcalc", "report", str(workbook), *out,
                              "--as-of", "2026-11-23"], capture_output=True, text=True, cwd=ROOT, timeout=timeout)
    except subprocess.TimeoutExpired:
        return float("inf")
    if run.returncode != 0:
        raise SystemExit(f"ghgcalc report failed on {workbook.name}:\n{run.stderr}")
    took = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    LAST_CPU[0] = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return took


def shown(t: float, base: float | None = None) -> str:
    if t == float("inf"):
        return "  (stopped at the timeout)"
    return f"{t:7.2f} s" + (f"  ({t / base:.1f}x the example)" if base else "")


def peak_read_mb(workbook: Path) -> float:
    """Peak resident memory of a new process that reads the workbook (VmHWM: ru_maxrss would count the
    parent's pages at fork, as Linux keeps it across exec)."""
    code = ("import re, resource, sys; from ghgcalc.io.workbook import read_workbook; read_workbook(sys.argv[1]); "
            "s = open('/proc/self/status').read() if sys.platform == 'linux' else ''; "
            "m = re.search(r'VmHWM:\\s+(\\d+)', s); "
            "print(m.group(1) if m else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    run = subprocess.run([sys.executable, "-c", code, str(workbook)], capture_output=True, text=True, cwd=ROOT,
                         check=True)
    return int(run.stdout.strip()) / 1024


def stages(workbook: Path, tmp: Path, writers: bool) -> Iterator[tuple[str, float | str]]:
    """Each in-process stage and its time (or why it failed), as it is measured."""
    import datetime as dt

    from ghgcalc.io.report_writers import write
    from ghgcalc.io.workbook import read_workbook
    from ghgcalc.report import build_inventory

    t0 = time.perf_counter()
    read_workbook(workbook)
    yield "read_workbook", time.perf_counter() - t0
    t0 = time.perf_counter()
    inv = build_inventory(workbook, as_of=dt.date(2026, 11, 23))
    yield "build_inventory (read + compute)", time.perf_counter() - t0
    for fmt in [f for f in FORMATS if f != "terminal"] if writers else []:
        t0 = time.perf_counter()
        try:
            write(inv, tmp / "inproc" / fmt)
        except Exception as exc:  # a writer's failure is reported, the other formats are still timed
            yield f"write {fmt}", f"failed: {type(exc).__name__}: {exc}"
            continue
        yield f"write {fmt}", time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("rows", nargs="*", type=int, default=[5_000, 100_000])
    ap.add_argument("--example", type=Path, default=ROOT / "examples" / "freight_company.xlsx")
    ap.add_argument("--timeout", type=float, default=120.0, help="stop one `ghgcalc report` run after this (s)")
    ap.add_argument("--writers", action="store_true", help="also time each writer alone, in process (no timeout)")
    args = ap.parse_args()
    print(f"python {sys.version.split()[0]}, example {args.example.name}")
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        base = {fmt: cli(args.example, tmp / "base" / fmt, args.timeout) for fmt in FORMATS}
        print("\nunmodified example: " + ", ".join(f"{f} {t:.2f} s" for f, t in base.items()), flush=True)
        for n in args.rows:
            wb = tmp / f"rows_{n}.xlsx"
            t0 = time.perf_counter()
            make_workbook(args.example, n, wb)
            print(f"\n== {n:,} added rows ({wb.stat().st_size / 1e6:.1f} MB, made in {time.perf_counter() - t0:.1f} s)")
            print(f"peak memory of a read-only process: {peak_read_mb(wb):,.0f} MB", flush=True)
            for name, t in stages(wb, tmp, args.writers):
                print(f"  {name:<36} {t:7.2f} s" if isinstance(t, float) else f"  {name:<36} {t}", flush=True)
            for fmt in FORMATS:
                t = cli(wb, tmp / f"out_{n}" / fmt, args.timeout)
                print(f"  ghgcalc report -o {fmt:<17} {shown(t, base[fmt])}, CPU {LAST_CPU[0]:.2f} s", flush=True)
            shutil.rmtree(tmp / f"out_{n}", ignore_errors=True)
    print(f"\n(max RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB)")


if __name__ == "__main__":
    main()
