"""Where a run's reports go, decided before anything is computed; written all or nothing.

``plan(inputs, templates)`` turns every ``-o`` (with ``{stem}`` for several inputs)
into one target per input and refuses, as a usage error, an output the writers
cannot write, a target that is one of the inputs, a ``{stem}`` that leads out of
the template's folder (an input named ``..json``), and two targets that are the
same file. ``write_all`` writes every target to a temporary file beside it and
renames them only when all were written: a writer that fails leaves no output of
the run.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import UsageError
from .atomic import for_target

#: Report suffixes the writers know (a path without a suffix, or ending in /, is a folder of CSV tables).
SUFFIXES = (".xlsx", ".json", ".md", ".markdown", ".html", ".htm", ".docx")


def is_folder(target: str | Path) -> bool:
    """A target without a suffix, or ending in a path separator: a folder of CSV tables."""
    return Path(target).suffix == "" or str(target).endswith(("/", "\\"))


def check_writable(target: str | Path) -> None:
    """Refuse, as a usage error, an output whose suffix no writer knows."""
    if not is_folder(target) and Path(target).suffix.lower() not in SUFFIXES:
        raise UsageError(f"unsupported output {Path(target).name!r}: use .xlsx, .json, .md, .html, .docx or a folder/")


def check_not_input(target: str | Path, sources: Mapping[Path, Path], hint: str | None = None) -> None:
    """Refuse, as a usage error, an output that is one of the inputs (``sources``: each input by its resolved path)."""
    src = sources.get(Path(target).resolve())
    if src is not None:
        raise UsageError(f"-o {target} is the input {src}: it would be overwritten", hint=hint)


def plan(inputs: Sequence[Path], templates: Sequence[Path]) -> list[tuple[int, Path]]:
    """``(input index, target)`` for every input and ``-o``, checked before anything is computed."""
    for t in templates:
        check_writable(t)
    sources = {Path(p).resolve(): Path(p) for p in inputs}
    out: list[tuple[int, Path]] = []
    seen: dict[Path, tuple[Path, Path]] = {}
    for i, src in enumerate(inputs):
        stem = Path(src).stem
        for t in templates:
            text = str(t)
            if "{stem}" in text and (stem in ("", ".", "..") or "/" in stem or "\\" in stem):
                raise UsageError(f"input {Path(src).name!r} gives {{stem}} {stem!r}, which is no file name; "
                                 "rename the input")
            target = Path(text.replace("{stem}", stem))
            prefix = text.split("{stem}")[0]
            folder = (Path(prefix) if prefix.endswith(("/", "\\")) else Path(prefix).parent) if "{stem}" in text \
                else target.parent
            resolved = target.resolve()
            if "{stem}" in text and not resolved.is_relative_to(folder.resolve()):
                raise UsageError(f"-o {text} with input {Path(src).name!r} resolves to {target}, outside {folder}/")
            check_not_input(target, sources, hint="write the report to another name, e.g. -o {stem}_report.xlsx")
            if resolved in seen:
                a, b = seen[resolved][0], src
                raise UsageError(f"-o {target} is the report of both {a} and {b}; nothing was written",
                                 hint="give the reports distinct names, e.g. put the inputs' folders in the -o path")
            seen[resolved] = (Path(src), target)
            out.append((i, target))
    return out


def write_all(jobs: Sequence[tuple[Any, Path]], writer: Callable[[Any, Path], Any]) -> list[Path]:
    """Write every ``(inventory, target)`` with ``writer``, all or nothing.

    Files are written to hidden temporary names beside their targets and renamed
    once all are written; folders of CSV tables are written last (each table file
    itself atomically). On any error the temporary files are removed and the
    error raised; no target of the run has changed.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for inv, target in jobs:
            if is_folder(target):
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{target.stem}.{secrets.token_hex(4)}.part{target.suffix}")
            staged.append((tmp, target))
            try:
                writer(inv, tmp)
            except OSError as exc:  # the system's refusal names the user's file, not the hidden one
                raise for_target(exc, tmp.name, target) from None
        for inv, target in jobs:
            if is_folder(target):
                writer(inv, target)
        for tmp, target in staged:
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise for_target(exc, tmp.name, target) from None
    except BaseException:
        for tmp, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        raise
    return [t for _, t in jobs]
