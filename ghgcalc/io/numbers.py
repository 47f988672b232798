"""Numbers as people type them in Vietnamese and English spreadsheets.

``98.300`` (Vietnamese thousands), ``0,6592`` (Vietnamese decimal),
``1,234.5`` and ``1.234,5`` are read when unambiguous. ``1.234`` or ``1,234``
alone could be either a thousand-and-something or one-point-something; they are
rejected with a message asking the user to write the number unambiguously,
unless the caller states the convention (``decimal=","`` or ``"."``). Even then a
number valid only in the other convention is refused, and one whose grouping
suggests the other (``9,000`` with a decimal comma) unless the caller opts in.
"""

from __future__ import annotations

import re
from typing import Literal

_VI_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
_EN_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


class AmbiguousNumber(ValueError):
    """A number whose separators can be read two ways."""


def parse_number(text: str, decimal: Literal[".", ",", None] = None, *, grouping_ok: bool = False) -> float:
    """Read a number written with Vietnamese or English separators.

    With a stated ``decimal`` separator, a number only valid in the other convention
    (``1.200,5`` under ``.``) is refused, and so is one valid in both whose digit
    grouping suggests the other (``9,000`` under ``,``, ``120.000`` under ``.``) unless
    ``grouping_ok`` (the workbook opted in; see :func:`grouping_lookalike`).

    >>> parse_number("98.300", ","), parse_number("0,25"), parse_number("1.234,5"), parse_number("1,234.5")
    (98300.0, 0.25, 1234.5, 1234.5)
    """
    s = str(text).strip().replace("\u00a0", "").replace(" ", "").replace("\u2009", "")
    if not s:
        raise ValueError("empty")
    if decimal in (",", ".") and re.fullmatch(r"[+-]?[\d.,]+", s):
        other = "." if decimal == "," else ","
        pattern = _VI_STRICT if decimal == "," else _EN_STRICT
        if other in s and not pattern.match(s):
            raise AmbiguousNumber(f"{text!r} is not a number with {decimal!r} as the decimal separator "
                                  f"(it reads as one with {other!r})")
        if not grouping_ok and grouping_lookalike(s, decimal):
            alt = s.replace(decimal, "")
            raise AmbiguousNumber(f"{text!r} reads as {float(s.replace(other, '').replace(decimal, '.')):g} with "
                                  f"{decimal!r} as the decimal separator, but its grouping suggests {alt}")
        return float(s.replace(other, "").replace(decimal, "."))
    if decimal in (",", "."):
        return float(s.replace(",", ".") if decimal == "," and "." not in s else s)
    has_dot, has_comma = "." in s, "," in s
    if has_dot and has_comma:
        if s.rfind(",") > s.rfind("."):
            return float(s.replace(".", "").replace(",", "."))
        return float(s.replace(",", ""))
    if has_comma:
        if s.count(",") == 1 and not _EN_THOUSANDS.match(s):
            return float(s.replace(",", "."))
        if s.count(",") > 1 and _EN_THOUSANDS.match(s):
            return float(s.replace(",", ""))
        raise AmbiguousNumber(f"{text!r} could be {s.replace(',', '')} or {s.replace(',', '.')}")
    if has_dot:
        if s.count(".") > 1 and _VI_THOUSANDS.match(s):
            return float(s.replace(".", ""))
        if s.count(".") == 1 and _VI_THOUSANDS.match(s):
            raise AmbiguousNumber(f"{text!r} could be {s.replace('.', '')} or {s}")
        return float(s)
    return float(s)


#: A number in one convention: digits, optional thousands groups of three, optional decimals.
_VI_STRICT = re.compile(r"^[+-]?(\d+|\d{1,3}(\.\d{3})+)(,\d+)?$")
_EN_STRICT = re.compile(r"^[+-]?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?([eE][+-]?\d+)?$")


def grouping_lookalike(text: str, decimal: Literal[".", ","]) -> bool:
    """A number valid with ``decimal`` whose only separator is that one followed by exactly three
    digits, so it looks like a thousands group of the other convention (``9,000`` / ``120.000``).

    >>> grouping_lookalike("9,000", ","), grouping_lookalike("9,5", ","), grouping_lookalike("120.000", ".")
    (True, False, True)
    """
    s = str(text).strip().replace("\u00a0", "").replace(" ", "")
    return bool(re.match(r"^[+-]?\d{1,3}" + re.escape(decimal) + r"\d{3}$", s))


_NUMBER_THEN_UNIT = re.compile(r"^\s*([+-]?\d[\d.,\u00a0\u2009 ]*?)\s*([^\d\s.,+-].*?)\s*$")


def split_number_unit(text: str, decimal: Literal[".", ",", None] = None) -> tuple[float, str]:
    """A number written with its unit in one cell: ``2000 mg/L`` -> ``(2000.0, "mg/L")``.

    The number part is read as :func:`parse_number` reads it; a cell without a unit raises
    ``ValueError`` (use :func:`parse_number` for those).

    >>> split_number_unit("2000 mg/L"), split_number_unit("15 t"), split_number_unit("1.234,5kg")
    ((2000.0, 'mg/L'), (15.0, 't'), (1234.5, 'kg'))
    """
    m = _NUMBER_THEN_UNIT.match(str(text))
    if not m:
        raise ValueError(f"{text!r} is not a number followed by a unit")
    return parse_number(m.group(1), decimal), m.group(2)
