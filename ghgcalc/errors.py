"""The errors ghgcalc raises. Every message says what is wrong, where, and what to do.

All inherit from :class:`GhgcalcError`; the CLI turns them into a message on
stderr and exit code 1, never a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class GhgcalcError(Exception):
    """Base class of every error ghgcalc raises on purpose."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return self.message + (f"\n  → {self.hint}" if self.hint else "")


class UnitError(GhgcalcError):
    """A unit string that does not parse, or whose dimension does not fit."""


class DataError(GhgcalcError):
    """A shipped or user-supplied factor/rule file that fails validation."""


class FactorNotFoundError(GhgcalcError):
    """No emission factor matches an activity (and its sector, year, region)."""


class RuleNotInForceError(GhgcalcError):
    """A legal rule asked about a date before it took effect (or beyond what is encoded)."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell of the input."""

    row: object
    column: str
    message: str
    file: str | None = None
    sheet: str | None = None

    def where(self) -> str:
        parts = []
        if self.file:
            parts.append(f"file {self.file}")
        if self.sheet:
            parts.append(f"sheet {self.sheet!r}")
        if self.row not in ("-", None):
            parts.append(f"row {self.row}")
        if self.column not in ("-", None, ""):
            parts.append(f"column {self.column!r}")
        return ", ".join(parts) or "input"


class InputError(GhgcalcError):
    """Bad input data. Carries every problem found, each naming its row and column."""

    def __init__(self, problems: Sequence[Problem], *, hint: str | None = None) -> None:
        self.problems = list(problems)
        shown = self.problems[:20]
        lines = [f"{len(self.problems)} problem(s) in the input:"]
        lines += [f"  - {p.where()}: {p.message}" for p in shown]
        if len(self.problems) > len(shown):
            lines.append(f"  ... and {len(self.problems) - len(shown)} more")
        super().__init__("\n".join(lines), hint=hint)

    @property
    def first(self) -> Problem:
        return self.problems[0]
