"""The errors ghgcalc raises. Every message says what is wrong, where, and what to do.

All inherit from :class:`GhgcalcError`; the CLI turns them into a message on
stderr and exit code 1, never a traceback. Any other exception is a bug in
ghgcalc: the CLI exits 70 and asks for a report.

Each error and each :class:`Problem` carries a stable ``code`` (``unknown_unit``,
``not_a_number`` …) that programs can test, and ``to_dict()`` gives plain,
JSON-serialisable data.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

#: Words of the error frame in the report languages (the problems' own text stays as written).
_WORDS: dict[str, dict[str, str]] = {
    "en": {"file": "file", "sheet": "sheet", "row": "row", "column": "column", "input": "input",
           "problems": "{n} problem(s) in the input:", "more": "... and {n} more", "read": "read",
           "accepted": "accepted"},
    "vi": {"file": "tệp", "sheet": "sheet", "row": "dòng", "column": "cột", "input": "dữ liệu vào",
           "problems": "{n} lỗi trong dữ liệu vào:", "more": "... và {n} lỗi khác", "read": "giá trị đọc được",
           "accepted": "chấp nhận"},
}
#: A short Vietnamese statement of each problem code, shown before the detail when ``lang="vi"``.
CODES_VI: dict[str, str] = {
    "invalid": "giá trị không hợp lệ",
    "missing": "thiếu giá trị bắt buộc",
    "missing_column": "thiếu cột bắt buộc",
    "missing_sheet": "thiếu sheet bắt buộc",
    "not_found": "không tìm thấy tệp",
    "unreadable": "không đọc được tệp",
    "empty": "không có dòng số liệu nào",
    "not_a_number": "không phải là số",
    "ambiguous_number": "số viết có thể hiểu hai cách (dấu thập phân/dấu phân cách hàng nghìn)",
    "not_finite": "số không hữu hạn hoặc quá lớn",
    "negative": "số âm không được chấp nhận",
    "zero": "giá trị phải lớn hơn 0",
    "boolean": "ô số chứa giá trị đúng/sai",
    "date": "ô số chứa ngày tháng",
    "unsupported_value": "kiểu giá trị không đọc được",
    "not_a_year": "không phải là năm dương lịch",
    "unknown_activity": "loại nhiên liệu/hoạt động không có trong danh mục",
    "unknown_unit": "đơn vị không nhận ra",
    "ambiguous_unit": "đơn vị có thể hiểu nhiều cách",
    "unit_dimension": "đơn vị không phù hợp",
    "unit_conflict": "đơn vị mâu thuẫn với đơn vị của đại lượng",
    "unknown_value": "giá trị không nằm trong danh sách cho phép",
    "unknown_key": "tên trường không có trong mẫu",
    "missing_source": "hệ số riêng thiếu nguồn (ef_source)",
    "wrong_sheet": "hoạt động không thuộc sheet này",
    "formula_without_value": "công thức chưa có giá trị đã lưu",
    "error_value": "ô chứa lỗi của công thức (#DIV/0!, #N/A …)",
    "too_large": "tệp quá lớn hoặc không phải sổ tính thông thường (zip bomb, DTD, quá nhiều dòng)",
    "two_facilities": "hai cơ sở trong một sổ",
    "wrong_input": "tệp không phải loại mà lệnh này đọc",
    "factor_not_found": "không tìm thấy hệ số phát thải",
}


#: Words of English prose; a message still holding one after translation is not shown in Vietnamese.
_ENGLISH = re.compile(r"\b(the|of|and|or|not|no|for|with|per|from|is|are|by|in|at|to|an?|use|write|give|set|one|"
                      r"missing|number|text|unknown|did|you|mean|where|expected|this|cannot|be|on|must|read|"
                      r"empty|needs?|its|field|could|required|column|row|file|found|date|yes)\b",
                      re.IGNORECASE)
#: What a Vietnamese message may carry as written: quoted values and ids, options, file names (a.csv), paths.
_AS_WRITTEN = re.compile(r"'[^'\n]*'|--[\w-]+|\S*[/\\]\S*|\b[\w-]+\.\w+\b")
#: Problem codes whose ``accepted`` (a list of values, the units to write) is shown after a Vietnamese message.
_SHOW_ACCEPTED = ("unknown_value", "ambiguous_unit", "unknown_unit")


def vietnamese(text: str | None) -> str | None:
    """``text`` (an English message of ghgcalc) in Vietnamese by the catalogue's patterns, or None if it stays English.

    >>> vietnamese("the year is missing"), vietnamese("the value nobody translated")
    ('thiếu năm', None)
    """
    if not text:
        return text
    from .l10n import translate

    out = translate(text, "vi")
    bare = re.sub(_AS_WRITTEN, "", out)  # quoted values and ids, file names and paths, as written
    return None if _ENGLISH.search(bare) else out


def os_error_text(exc: OSError, lang: str = "en") -> str:
    """What the system said of a file it could not read or write, and the file: the system's words in English,
    the catalogue's (``oserror.ENOENT`` …) in another language."""
    import errno

    from . import l10n

    key = f"oserror.{errno.errorcode.get(exc.errno or 0, '')}"
    said = l10n.t(key, lang) if lang != "en" and l10n.has(key, lang) else str(exc.strerror or exc)
    return said + (f": {exc.filename}" if exc.filename else "")


def _plain(value: Any) -> Any:
    """A value as plain JSON data: numpy scalars to Python, non-finite floats to text."""
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()
        except (TypeError, ValueError):
            value = str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


class GhgcalcError(Exception):
    """Base class of every error ghgcalc raises on purpose."""

    #: Stable identifier of the kind of error (for programs; messages may change).
    code = "error"

    def __init__(self, message: str, *, hint: str | None = None, code: str | None = None) -> None:
        self.message = message
        self.hint = hint
        if code is not None:
            self.code = code
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return self.message + (f"\n  → {self.hint}" if self.hint else "")

    def render(self, lang: str = "en") -> str:
        """The message in a report language (``en`` or ``vi``; a text without a Vietnamese pattern stays as written)."""
        if lang != "vi":
            return str(self)
        hint = (vietnamese(self.hint) or self.hint) if self.hint else None
        return (vietnamese(self.message) or self.message) + (f"\n  → {hint}" if hint else "")

    def to_dict(self) -> dict[str, Any]:
        """Plain data: ``code``, ``message``, ``hint`` (JSON-serialisable)."""
        return {"code": self.code, "message": self.message, "hint": self.hint}


class UsageError(GhgcalcError):
    """The command or call itself is wrong (an output the writers cannot write, two outputs colliding)."""

    code = "usage"


class UnitError(GhgcalcError):
    """A unit string that does not parse, or whose dimension does not fit."""

    code = "unit"


class DataError(GhgcalcError):
    """A shipped or user-supplied factor/rule file that fails validation."""

    code = "data"


class FactorNotFoundError(GhgcalcError):
    """No emission factor matches an activity (and its sector, year, region)."""

    code = "factor_not_found"


class RuleNotInForceError(GhgcalcError):
    """A legal rule asked about a date before it took effect (or beyond what is encoded)."""

    code = "rule_not_in_force"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell of the input.

    ``code`` is stable (see :data:`CODES_VI` for the list); ``value`` is what
    was read in the cell and ``accepted`` what would have been accepted.
    """

    row: object
    column: str
    message: str
    file: str | None = None
    sheet: str | None = None
    code: str = "invalid"
    value: object = None
    accepted: str | None = None

    def __post_init__(self) -> None:
        # numpy row labels (np.int64) would break json.dumps; keep plain Python values
        object.__setattr__(self, "row", _plain(self.row))
        object.__setattr__(self, "column", str(self.column))

    def where(self, lang: str = "en") -> str:
        w = _WORDS.get(lang, _WORDS["en"])
        parts = []
        if self.file:
            parts.append(f"{w['file']} {self.file}")
        if self.sheet:
            parts.append(f"{w['sheet']} {self.sheet!r}")
        if self.row not in ("-", None):
            parts.append(f"{w['row']} {self.row}")
        if self.column not in ("-", None, ""):
            parts.append(f"{w['column']} {self.column!r}")
        return ", ".join(parts) or w["input"]

    def text(self, lang: str = "en") -> str:
        """``where: message`` in a report language.

        In Vietnamese the message is translated by the catalogue's patterns; one that has no
        pattern is replaced by the kind of problem (:data:`CODES_VI`) and the value read, so no
        English sentence reaches a Vietnamese reader.
        """
        w = _WORDS.get(lang, _WORDS["en"])
        msg: str | None = self.message
        accepted = self.accepted if self.code in _SHOW_ACCEPTED else None
        if lang == "vi":
            msg = vietnamese(self.message)
            if msg is None:
                msg = CODES_VI.get(self.code, CODES_VI["invalid"])
                if self.value not in (None, ""):
                    msg += f"; {w['read']}: {_plain(self.value)!r}"
            accepted = vietnamese(accepted)
        assert msg is not None
        if accepted and accepted not in msg:  # the values to choose from, or what to write instead
            msg += f" → {accepted}" if accepted.startswith(("write", "hãy")) else f" ({w['accepted']}: {accepted})"
        return f"{self.where(lang)}: {msg}"

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-serialisable data."""
        return {"code": self.code, "file": self.file, "sheet": self.sheet, "row": _plain(self.row),
                "column": self.column, "value": _plain(self.value), "accepted": self.accepted,
                "message": self.message}


class InputError(GhgcalcError):
    """Bad input data. Carries every problem found, each naming its row and column."""

    code = "input"

    def __init__(self, problems: Sequence[Problem], *, hint: str | None = None, partial: Any = None) -> None:
        self.problems = list(problems)
        #: What a reader could read despite the problems (its :class:`~ghgcalc.io.workbook.WorkbookData`),
        #: so that the checks that follow reading can list their problems in the same pass.
        self.partial = partial
        super().__init__(self._lines("en"), hint=hint)

    def _lines(self, lang: str) -> str:
        w = _WORDS.get(lang, _WORDS["en"])
        shown = self.problems[:20]
        lines = [w["problems"].format(n=len(self.problems))]
        lines += [f"  - {p.text(lang)}" for p in shown]
        if len(self.problems) > len(shown):
            lines.append("  " + w["more"].format(n=len(self.problems) - len(shown)))
        return "\n".join(lines)

    def render(self, lang: str = "en") -> str:
        hint = vietnamese(self.hint) if lang == "vi" else self.hint
        return self._lines(lang) + (f"\n  → {hint}" if hint else "")

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "problems": [p.to_dict() for p in self.problems]}

    @property
    def first(self) -> Problem:
        return self.problems[0]
