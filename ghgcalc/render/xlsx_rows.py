"""A large table of an .xlsx sheet written as XML text, byte for byte as openpyxl would write its cells.

openpyxl keeps a Python object per cell and writes each through lxml (tens of
microseconds a cell: a minute for a 100,000-row detail sheet). The rows of a
large table are instead held as plain values (:class:`HeldRows`) and, when the
workbook is saved, rendered straight to the sheet's XML in openpyxl's own
spelling: the same elements and attributes in the same order, text escaped as
lxml escapes it (ASCII with character references), numbers as
``openpyxl.compat.safe_string`` writes them, and each cell's style registered
in the workbook's style list in the order the cells are written, so the style
ids are those openpyxl would give. Everything else of the sheet (header, notes,
columns, panes, print setup) is openpyxl's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.compat import safe_string
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.functions import Element

#: Longest text a cell holds (Excel's limit; openpyxl cuts there).
CELL_TEXT_MAX = 32767
_MARKER = "ghgcalcheldrows"
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


@dataclass
class HeldRows:
    """Rows ``first`` … ``last`` of a sheet, kept out of openpyxl, by column: per row (value, kind, style)
    or ``None`` (no cell, or an empty one).

    ``kind`` is openpyxl's data type (``s`` text, ``n`` number, ``b`` yes/no, ``f`` formula); ``style`` the
    cell's ``StyleArray`` (``None``: no style) or a key of :attr:`styles`. ``heights``: row heights [points]
    of the rows that have one.
    Every row of the range exists (a table row always has cells), as openpyxl writes it.
    """

    first: int
    last: int
    columns: dict[int, list[tuple[Any, str, Any] | None]] = field(default_factory=dict)
    heights: dict[int, float] = field(default_factory=dict)
    #: style key → ``StyleArray``, for the cells of a table (which carry the key)
    styles: dict[tuple[Any, ...], Any] = field(default_factory=dict)

    def __contains__(self, row: int) -> bool:
        return self.first <= row <= self.last

    def _column(self, c: int) -> list[tuple[Any, str, Any] | None]:
        col = self.columns.get(c)
        if col is None:
            col = self.columns[c] = [None] * (self.last - self.first + 1)
        return col

    def get(self, r: int, c: int) -> tuple[Any, str, Any] | None:
        col = self.columns.get(c)
        return None if col is None else col[r - self.first]

    def put(self, r: int, c: int, value: Any, style: Any, formula: bool = False) -> None:
        """Hold one cell as openpyxl would bind ``value`` (text cut at 32,767 characters, illegal characters
        refused)."""
        self._column(c)[r - self.first] = (checked_text(value) if formula or isinstance(value, str) else value,
                                           "f" if formula else kind_of(value), style)

    def put_column(self, c: int, cells: list[tuple[Any, str, Any] | None]) -> None:
        """A whole column from row ``first``: (value as openpyxl binds it, kind, style) or ``None``."""
        assert len(cells) == self.last - self.first + 1
        self.columns[c] = cells

    def array(self, style: Any) -> Any:
        """The ``StyleArray`` of a held cell's style (a table's cells carry the key of :attr:`styles`)."""
        return self.styles[style] if isinstance(style, tuple) else style

    def render(self, wb: Workbook) -> Iterator[str]:
        """The rows' XML, registering each style in ``wb`` in cell order (what openpyxl's writer does)."""
        order = sorted(self.columns)
        # each cell's XML after its reference, column by column, and where each style first occurs
        first: dict[int, tuple[int, int, Any]] = {}  # id(style) → (row offset, column, style)
        texts: dict[str, str] = {}
        tails = []
        for c in order:
            seen: dict[int, int] = {}
            tail: list[tuple[int, str] | None] = []
            for i, one in enumerate(self.columns[c]):
                if one is None:
                    tail.append(None)
                    continue
                value, kind, style = one
                sid = id(style)
                if sid not in seen:
                    seen[sid] = i
                    if sid not in first or (i, c) < first[sid][:2]:
                        first[sid] = (i, c, style)
                if kind == "s":
                    if value == "":
                        tail.append((sid, ' t="inlineStr"></c>'))
                        continue
                    body = texts.get(value)
                    if body is None:
                        space = ' xml:space="preserve"' if value != value.strip() else ""
                        body = texts[value] = f' t="inlineStr"><is><t{space}>{_escape(value)}</t></is></c>'
                    tail.append((sid, body))
                elif kind == "f":
                    tail.append((sid, f"><f>{_escape(value[1:])}</f><v></v></c>"))
                else:
                    tail.append((sid, f' t="{kind}"><v>{_number(value)}</v></c>'))
            tails.append((get_column_letter(c), tail))
        attrs: dict[int, str] = {}
        for _, _, style in sorted(first.values(), key=lambda x: (x[0], x[1])):
            array = self.array(style)
            attrs[id(style)] = f' s="{wb._cell_styles.add(array)}"' if array is not None and any(array) else ""
        rows = range(self.first, self.last + 1)
        cells = [[f'<c r="{letter}{r}"{attrs[xml[0]]}{xml[1]}' if xml is not None else ""
                  for r, xml in zip(rows, tail, strict=True)] for letter, tail in tails]
        lines = zip(*cells, strict=True) if cells else [()] * len(rows)
        for r, parts in zip(rows, lines, strict=True):
            height = self.heights.get(r)
            head = (f'<row r="{r}" ht="{safe_string(height)}" customHeight="1">' if height is not None
                    else f'<row r="{r}">')
            yield head + "".join(parts) + "</row>"


def _number(value: Any) -> str:
    """``openpyxl.compat.safe_string`` of an int, float or bool."""
    if value != value or value in _INFINITE:
        return ""
    return "%.16g" % value  # noqa: UP031 - openpyxl's own spelling, kept to the byte


_INFINITE = (float("inf"), float("-inf"))


def kind_of(value: Any) -> str:
    """openpyxl's data type of a value a held cell may have."""
    if isinstance(value, str):
        return "s"
    if isinstance(value, bool):
        return "b"
    if isinstance(value, (int, float)):
        return "n"
    raise TypeError(f"cannot hold a {type(value).__name__} in a held row")


def checked_text(value: str) -> str:
    """A text as openpyxl binds it to a cell: cut at 32,767 characters, illegal characters refused."""
    value = value[:CELL_TEXT_MAX]
    if ILLEGAL_CHARACTERS_RE.search(value):
        raise IllegalCharacterError(f"{value} cannot be used in worksheets.")
    return value


def _escape(text: str) -> str:
    """Text as lxml writes it in an ASCII document."""
    return text.translate(_ESCAPES).encode("ascii", "xmlcharrefreplace").decode("ascii")


class _HeldWorksheetWriter(WorksheetWriter):  # type: ignore[misc]
    """openpyxl's sheet writer, with a marker where the held rows go (their styles registered there)."""

    def __init__(self, ws: Worksheet, held: HeldRows) -> None:
        self.held = held
        self.body: list[str] = []
        super().__init__(ws)

    def write_rows(self) -> None:
        xf = self.xf.send(True)
        placed = False
        with xf.element("sheetData"):
            for row_idx, row in self.rows():
                if row_idx in self.held:
                    continue  # cells openpyxl made there (a pane's anchor) are the held rows' own
                if row_idx > self.held.last and not placed:
                    self._place(xf)
                    placed = True
                self.write_row(xf, row, row_idx)
            if not placed:
                self._place(xf)
        self.xf.send(None)

    def _place(self, xf: Any) -> None:
        xf.write(Element(_MARKER))
        self.body = list(self.held.render(self.ws.parent))


class _Writer(ExcelWriter):  # type: ignore[misc]
    def __init__(self, wb: Workbook, archive: ZipFile, held: dict[int, HeldRows]) -> None:
        super().__init__(wb, archive)
        self.held = held

    def write_worksheet(self, ws: Worksheet) -> None:
        held = self.held.get(id(ws))
        if held is None:
            super().write_worksheet(ws)
            return
        # ExcelWriter.write_worksheet, with the held rows put in place of the marker
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = _HeldWorksheetWriter(ws, held)
        writer.write()
        ws._rels = writer._rels
        xml = Path(writer.out).read_text(encoding="ascii")
        head, tail = re.split(f"<{_MARKER}[^>]*/>", xml, maxsplit=1)
        with open(writer.out, "w", encoding="ascii") as f:
            f.write(head)
            f.writelines(writer.body)
            f.write(tail)
        self._archive.write(writer.out, ws.path[1:])
        self.manifest.append(ws)
        writer.cleanup()


def save(wb: Workbook, path: str | Path, held: dict[int, HeldRows]) -> None:
    """``wb.save(path)`` with the held rows of each sheet (by ``id`` of its worksheet) written in place."""
    import datetime as dt

    archive = ZipFile(str(path), "w", ZIP_DEFLATED, allowZip64=True)
    wb.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
    _Writer(wb, archive, held).save()
