"""Many workbooks in one run: ``ghgcalc report clients/*.xlsx``.

Each workbook is read, computed and written on its own, then dropped, so
memory does not grow with the batch; a workbook that fails does not stop the
others (its error is listed at the end). ``jobs`` > 1 runs workbooks in worker
processes (one Python process each, as CPU-bound pandas work needs). What comes
back from a workbook is one small summary row per year.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Outcome:
    """What one workbook of a batch gave: summary rows and written files, or an error."""

    path: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    error: str | None = None
    bug: bool = False  # an unexpected exception (a bug in ghgcalc), not the user's input


#: Options shared by every workbook of a run (set once per worker process).
_OPTIONS: dict[str, Any] = {}


def _init(options: dict[str, Any]) -> None:
    _OPTIONS.clear()
    _OPTIONS.update(options)


def process_one(path: Path) -> Outcome:
    """Read, compute and write one workbook with the run's options; errors become the outcome's message."""
    from .errors import GhgcalcError
    from .io.report_writers import write
    from .report import build_inventory

    opts = dict(_OPTIONS)
    outputs: Sequence[Path] = opts.pop("outputs", ())
    formulas = bool(opts.pop("formulas", False))
    lang = str(opts.get("lang", "en"))
    try:
        inv = build_inventory(path, **opts)
        written = [str(write(inv, Path(str(out).replace("{stem}", path.stem)), formulas=formulas))
                   for out in outputs]
        return Outcome(str(path), summary_rows(path, inv), written)
    except GhgcalcError as exc:
        return Outcome(str(path), error=exc.render(lang))
    except OSError as exc:
        from .errors import os_error_text

        return Outcome(str(path), error=os_error_text(exc, lang))
    except Exception as exc:  # a bug: reported for this workbook, the others go on
        said = (f"lỗi nội bộ của ghgcalc ({type(exc).__name__}): đây là lỗi của chương trình, xin báo cho nhóm phát "
                "triển ghgcalc" if lang == "vi" else f"internal error in ghgcalc ({type(exc).__name__}: {exc})")
        return Outcome(str(path), error=said, bug=True)


def summary_rows(path: Path, inv: Any) -> list[dict[str, Any]]:
    """The workbook's rows of the portfolio table (:func:`ghgcalc.consolidation.portfolio`): one per year."""
    from .consolidation import portfolio

    rows: list[dict[str, Any]] = portfolio([(path, inv)]).astype(object).to_dict("records")
    return rows


def summary_table(rows: list[dict[str, Any]]) -> Any:
    """The batch's portfolio table from the rows its workbooks gave, in input order."""
    import pandas as pd

    from .consolidation import portfolio

    empty = portfolio([])
    out = pd.DataFrame(rows, columns=list(empty.columns))
    out["year"] = out["year"].astype("Int64")
    return out


#: Workbooks handed to a worker at a time: at most MAX_CHUNK, and at least CHUNKS_PER_JOB hand-outs per worker
#: so a slow workbook does not leave the other workers idle at the end (performance knobs)
MAX_CHUNK = 16
CHUNKS_PER_JOB = 4


def run(paths: Sequence[Path], options: dict[str, Any], *, jobs: int = 1) -> Iterator[Outcome]:
    """Outcomes of ``paths`` in input order, as they are done; ``jobs`` worker processes when > 1."""
    if jobs <= 1 or len(paths) <= 1:
        _init(options)
        for p in paths:
            yield process_one(p)
        return
    # fork shares the parent's loaded dataset and factor files with the workers without pickling them
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    if method == "fork":
        _warm()
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method),
                             initializer=_init, initargs=(options,)) as pool:
        yield from pool.map(process_one, paths, chunksize=max(1, min(MAX_CHUNK, len(paths) // (CHUNKS_PER_JOB * jobs))))


def _warm() -> None:
    """Load what every workbook needs (units, factor registry, activity names, rules, the list) once, before forking."""
    import datetime as dt

    from .activities import resolve
    from .factors import shipped_registry
    from .lists import lookup
    from .units import registry

    registry()
    shipped_registry()
    resolve("diesel")
    try:
        lookup("ghgcalc", as_of=dt.date.today())
    except Exception:  # noqa: S110 - warming only; the workbooks report their own errors
        pass


def progress(total: int, quiet: bool, unit: str = "workbook") -> Any:
    """A progress bar on stderr when it is a terminal (tqdm), else a silent stand-in; ``unit`` names what it counts."""
    if quiet or total <= 1 or not sys.stderr.isatty():
        return _Silent()
    from tqdm import tqdm

    return tqdm(total=total, file=sys.stderr, unit=unit, dynamic_ncols=True)


class _Silent:
    def update(self, n: int = 1) -> None:
        """Nothing to show."""

    def close(self) -> None:
        """Nothing to close."""


def default_jobs() -> int:
    """Worker processes when ``--jobs 0`` asks for one per CPU."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
