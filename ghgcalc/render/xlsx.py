"""The report as an Excel workbook for a verifier: one results sheet per year, then id-keyed detail sheets.

Numbers stay numbers (formatted as the language writes them by Excel's own
locale), labels and sheet names are in the report's language, every sheet has a
frozen header, widths that fit its text and an A4 print setup (fit to width,
header rows repeated). Each year's sheet has its ISO 14064-1 table, the
direct/indirect/total lines, the items outside the total, the scopes and a
chart with its title and unit.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass, field
from itertools import chain
from operator import attrgetter
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .. import l10n
from ..l10n import t
from ..report_model import ReportModel, YearReport
from .document import cat_name, missing_fields
from .xlsx_formulas import COLUMNS, OUTSIDE, RowTerms, gwp_block, row_terms
from .xlsx_rows import HeldRows, checked_text, kind_of, save

BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
TITLE = Font(bold=True, size=13)
NUM_1 = "#,##0.0"
NUM_0 = "#,##0"
NUM_3 = "#,##0.000"
PCT = "0.0%"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(v: Any) -> Any:
    """Text is written as text (never a formula); numbers as numbers."""
    if isinstance(v, str):
        return v
    return v


#: Widest a text column gets [characters]; longer text wraps within it.
TEXT_CAP = 40
#: The same on the wide sheets (sources, factors), so that they print at a readable scale.
DETAIL_CAP = 28
#: A header wraps at this width unless one of its words is longer.
HEAD_CAP = 14
#: The cap of an id column (never wrapped): wider than any id.
NOWRAP_CAP = 10_000
#: Whole numbers shown as a year (centred, no thousands separator) when the column has no number format.
YEARS = range(1901, 2200)


def _height(lines: int) -> float:
    """Row height in points for ``lines`` lines of wrapped text (13.5 pt a line of the 11 pt font, 2 pt margin)."""
    return 13.5 * lines + 2


def _shown(v: float, fmt: str | None) -> int:
    """Characters a number takes in ``fmt`` (thousands separators and the format's decimals)."""
    decimals = len(fmt.split(".")[1].rstrip("%")) if fmt and "." in fmt else (3 if fmt == "General" else 0)
    text = f"{abs(v) * (100 if fmt and fmt.endswith('%') else 1):,.{min(decimals, 6)}f}"
    return len(text) + (v < 0) + (1 if fmt and fmt.endswith("%") else 0)


def _widest(numbers: list[Any], fmt: str | None) -> int:
    """``max(_shown(v, fmt) for v in numbers)``: the text of a finite number grows with its magnitude, so the
    largest positive and the largest negative number decide (non-finite numbers are measured one by one)."""
    arr = np.asarray(numbers, dtype=float)
    finite = np.isfinite(arr)
    widths = [_shown(float(v), fmt) for v in arr[~finite]]
    for part in (arr[finite & (arr >= 0)], arr[finite & (arr < 0)]):
        if part.size:
            widths.append(_shown(float(part[np.argmax(np.abs(part))]), fmt))
    return max(widths)


#: Whether the detail sheets' rows are held and written as XML (:mod:`ghgcalc.render.xlsx_rows`); off, openpyxl
#: writes every cell (the same bytes, slower: tests compare the two).
HOLD_ROWS = True

#: Cell styles already built in a workbook, by (number format, font, alignment).
_STYLES: weakref.WeakKeyDictionary[Workbook, dict[Any, Any]] = weakref.WeakKeyDictionary()


#: A held table cell: its value as openpyxl binds it, its kind ("n", "s" …) and its style key.
_Cell = tuple[Any, str, tuple[Any, ...]]


class _Looks(NamedTuple):
    """The style keys (number format, font, alignment) a table cell of one font can get."""

    wrap: tuple[Any, ...]  # text wider than the column's cap
    flat: tuple[Any, ...]  # other text
    centred: tuple[Any, ...]  # a year
    number: tuple[Any, ...]


def _looks(fmt: str | None, font: Font | None) -> _Looks:
    return _Looks((None, font, (True, None)), (None, font, (False, None)), (fmt, font, (False, "center")),
                  (fmt, font, (False, None)))


class _Sheet:
    def __init__(self, wb: Workbook, name: str, cap: int = TEXT_CAP, nowrap: tuple[int, ...] = (),
                 hold: bool = False) -> None:
        self.ws: Worksheet = wb.create_sheet(name[:31])
        #: ``hold``: the data rows of the sheet's (one) table are kept as values and written as XML at save
        #: (:mod:`ghgcalc.render.xlsx_rows`), the same bytes without an openpyxl cell each
        self.hold = hold
        self.held: HeldRows | None = None
        self.cap = cap  # text wider than this wraps
        self.nowrap = nowrap  # columns of ids: never wrapped, as wide as their longest id
        self.row = 1
        self.widths: dict[int, int] = {}
        self.numeric: set[int] = set()
        self.centred: set[int] = set()
        self.header_rows: list[int] = []
        self.header_cells: list[tuple[int, int]] = []
        self.one_page = False  # a year's results: one page, no repeated header
        self.notes: list[int] = []

    def _cap(self, c: int) -> int:
        """Text wider than this wraps in column ``c``."""
        return NOWRAP_CAP if c in self.nowrap else self.cap

    def _fit(self, c: int, width: int) -> None:
        self.widths[c] = max(self.widths.get(c, 6), width)

    def _style(self, cell: Any, fmt: str | None, font: Font | None, align: tuple[bool, str | None] | None) -> None:
        """Number format, font and alignment, built once per combination and copied onto each cell
        (assigning openpyxl style objects cell by cell costs seconds on a large sheet)."""
        key = (fmt, id(font) if font is not None else None, align)
        styles = _STYLES.setdefault(self.ws.parent, {})
        style = styles.get(key)
        if style is None:
            if fmt:
                cell.number_format = fmt
            if font:
                cell.font = font
            if align is not None:
                cell.alignment = Alignment(wrap_text=align[0], vertical="top", horizontal=align[1])
            styles[key] = copy(cell._style)
        else:
            cell._style = copy(style)

    def _held_style(self, r: int, c: int, fmt: str | None, font: Font | None,
                    align: tuple[bool, str | None] | None) -> Any:
        """:meth:`_style` for a held cell: the style array it would get (built on a cell outside the sheet,
        starting from the cell's own style as :meth:`_style` does)."""
        assert self.held is not None
        styles = _STYLES.setdefault(self.ws.parent, {})
        style = styles.get((fmt, id(font) if font is not None else None, align))
        if style is None:
            cell = Cell(self.ws)
            prior = self.held.get(r, c)
            if prior is not None and prior[2] is not None:
                cell._style = copy(self.held.array(prior[2]))
            self._style(cell, fmt, font, align)
            style = cell._style
        return style

    def _set(self, r: int, c: int, v: Any, fmt: str | None = None, font: Font | None = None,
             fit: bool = True) -> None:
        held = self.held if self.held is not None and r in self.held else None
        cell = self.ws.cell(r, c) if held is None else None
        if v is None:
            return
        if cell is not None:
            cell.value = v
        align: tuple[bool, str | None] | None = None
        if isinstance(v, str):
            if cell is not None:
                cell.data_type = "s"  # never a formula, whatever the text starts with
            if fit:
                cap = self._cap(c)
                self._fit(c, min(cap, len(v) + 2))
                align = (len(v) + 2 > cap, None)
        elif fit and isinstance(v, int) and not fmt and v in YEARS:  # a year: centred, header too
            self.centred.add(c)
            self._fit(c, 7)
            align = (False, "center")
        elif fit:
            self.numeric.add(c)
            self._fit(c, max(8, _shown(float(v), fmt) + 2))
            align = (False, None)
        if held is not None:
            held.put(r, c, v, self._held_style(r, c, fmt, font, align))
            return
        self._style(cell, fmt, font, align)

    def formula(self, r: int, c: int, f: str, fmt: str | None = None, font: Font | None = None,
                width: int = 12) -> None:
        """A live formula (``f`` starts with ``=``), written only by this module from ids and numbers."""
        if self.held is not None and r in self.held:
            self.numeric.add(c)
            self._fit(c, width)
            self.held.put(r, c, f, self._held_style(r, c, fmt, font, (False, None)), formula=True)
            return
        cell = self.ws.cell(r, c)
        cell.value = f
        cell.data_type = "f"
        self.numeric.add(c)
        self._fit(c, width)
        self._style(cell, fmt, font, (False, None))

    def title(self, text: str) -> None:
        """A heading over the next table (it overflows into the empty cells beside it; no column is widened)."""
        self._set(self.row, 1, text, font=TITLE, fit=False)
        self.row += 1

    def note(self, text: str) -> None:
        """A sentence under a table: wrapped across the table's width (merged), never widening the page."""
        self._set(self.row, 1, text, fit=False)
        self.notes.append(self.row)
        self.row += 1

    def table(self, header: Sequence[str | None], rows: list[list[Any]], formats: list[str | None],
              bold_rows: set[int] | None = None, col: int = 1) -> tuple[int, int]:
        """Write a table from column ``col``; returns (first data row, last data row)."""
        for j, h in enumerate(header, start=col):
            self._set(self.row, j, h, font=BOLD, fit=False)
            if h:
                longest = max((len(w) for w in h.split()), default=0)
                self._fit(j, max(min(HEAD_CAP, len(h) + 2), longest + 2))
            cell = self.ws.cell(self.row, j)
            cell.fill = HEAD_FILL
            self.header_cells.append((self.row, j))
        self.header_rows.append(self.row)
        self.row += 1
        first = self.row
        if self.hold and HOLD_ROWS and rows:
            self._hold_rows(rows, formats, bold_rows or set(), col)
            self.row += len(rows)
        else:
            for i, r in enumerate(rows):
                for j, (v, fmt) in enumerate(zip(r, formats, strict=True), start=col):
                    self._set(self.row, j, v, fmt if not isinstance(v, str) else None,
                              BOLD if bold_rows and i in bold_rows else None)
                self.row += 1
        last = self.row - 1
        self.row += 1
        return first, last

    def _hold_rows(self, rows: list[list[Any]], formats: list[str | None], bold_rows: set[int], col: int) -> None:
        """:meth:`table`'s rows as held cells (:mod:`ghgcalc.render.xlsx_rows`), column by column, with the
        widths, alignments and styles that :meth:`_set` gives each cell; styles are built in the order their
        first cell comes in the rows, as cell-by-cell writing builds them."""
        assert self.held is None, "a sheet holds the rows of one table"
        first = self.row
        held = self.held = HeldRows(first, first + len(rows) - 1)
        self.ws.cell(held.last, 1)  # the sheet's dimension and row count include the held rows
        keys: dict[tuple[Any, ...], tuple[int, int]] = {}  # style key → its first cell (row, column)
        plans = []
        for j, (values, fmt) in enumerate(zip(zip(*rows, strict=True), formats, strict=True), start=col):
            plan = self._column_cells(j, values, fmt, bold_rows)
            for i, one in enumerate(plan):
                if one is not None and one[2] not in keys:
                    keys[one[2]] = (i, j)
            plans.append((j, plan))
        for key in sorted(keys, key=keys.__getitem__):  # first cells in row order, then column order
            i, j = keys[key]
            held.styles[key] = self._held_style(first + i, j, *key)
        for j, plan in plans:
            held.put_column(j, plan)

    def _column_cells(self, c: int, values: Sequence[Any], fmt: str | None,
                      bold_rows: set[int]) -> list[_Cell | None]:
        """What :meth:`_set` does with each value of a table column (``fit``): the column's width, its
        number/centred mark, and each cell as (value as openpyxl binds it, its kind, its style key: number
        format, font, alignment); ``None`` for a blank."""
        types = set(map(type, values))
        if not bold_rows and types <= {float, type(None)}:
            return self._float_cells(c, values, fmt)
        if not bold_rows and types <= {str, type(None)}:
            return self._text_cells(c, values)
        return self._mixed_cells(c, values, fmt, bold_rows)

    def _fit_numbers(self, c: int, numbers: list[Any], fmt: str | None) -> None:
        """Column ``c`` holds ``numbers``: a number column (header on the right), as wide as the widest."""
        if numbers:
            self.numeric.add(c)
            self._fit(c, max(8, _widest(numbers, fmt) + 2))

    def _float_cells(self, c: int, values: Sequence[Any], fmt: str | None) -> list[_Cell | None]:
        """:meth:`_column_cells` of a column of floats and blanks, without a bold row."""
        number = _looks(fmt, None).number
        self._fit_numbers(c, [v for v in values if v is not None], fmt)
        return [None if v is None else (v, "n", number) for v in values]

    def _text_cells(self, c: int, values: Sequence[Any]) -> list[_Cell | None]:
        """:meth:`_column_cells` of a column of text and blanks, without a bold row: each distinct text
        checked once."""
        cap, look = self._cap(c), _looks(None, None)
        given = [v for v in values if v is not None]
        if given:
            self._fit(c, min(cap, max(map(len, given)) + 2))
        texts = {v: checked_text(v) for v in set(given)}
        return [None if v is None else (texts[v], "s", look.wrap if len(v) + 2 > cap else look.flat) for v in values]

    def _mixed_cells(self, c: int, values: Sequence[Any], fmt: str | None,
                     bold_rows: set[int]) -> list[_Cell | None]:
        """:meth:`_column_cells` of any other column, cell by cell: text, years, numbers, bold rows."""
        cap = self._cap(c)
        looks = {font: _looks(fmt, font) for font in (None, BOLD)}
        out: list[_Cell | None] = []
        widest_text = -1
        year = False
        numbers: list[Any] = []
        texts: dict[str, str] = {}  # each distinct text checked once
        for i, v in enumerate(values):
            look = looks[BOLD if bold_rows and i in bold_rows else None]
            if v is None:
                out.append(None)
            elif isinstance(v, str):
                n = len(v) + 2
                if n > widest_text:
                    widest_text = n
                text = texts.get(v)
                if text is None:
                    text = texts[v] = checked_text(v)
                out.append((text, "s", look.wrap if n > cap else look.flat))
            elif isinstance(v, int) and not fmt and v in YEARS:
                year = True
                out.append((v, "n", look.centred))
            else:
                numbers.append(v)
                out.append((v, kind_of(v), look.number))
        if widest_text >= 0:
            self._fit(c, min(cap, widest_text))
        if year:
            self.centred.add(c)
            self._fit(c, 7)
        self._fit_numbers(c, numbers, fmt)
        return out

    def finish(self, lang: str) -> None:
        ws = self.ws
        for c, w in self.widths.items():
            ws.column_dimensions[get_column_letter(c)].width = w
        for r, c in self.header_cells:  # a number column's header stands over its numbers
            ws.cell(r, c).alignment = Alignment(
                wrap_text=True, vertical="top",
                horizontal="center" if c in self.centred else "right" if c in self.numeric else "left")
        last = max(self.widths, default=1)
        span = sum(self.widths.get(c, 8) for c in range(1, last + 1))
        for r in self.notes:
            cell = ws.cell(r, 1)
            text = str(cell.value or "")
            if last > 1:
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=last)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            n = max(1, math.ceil(len(text) * 0.85 / max(span, 1)))
            if n > 1:
                ws.row_dimensions[r].height = _height(n)
        lines: dict[int, int] = {}  # rows with wrapped text get the height of their longest cell
        held = self.held
        grid: Any = ws.iter_rows()
        if held is not None:  # the sheet's cells outside the held rows, then the held rows
            grid = chain(ws.iter_rows(max_row=held.first - 1) if held.first > 1 else (),
                         ws.iter_rows(min_row=held.last + 1) if ws.max_row > held.last else ())
        for row in grid:
            for cell in row:
                if (isinstance(cell.value, str) and cell.alignment.wrap_text and cell.column in self.widths
                        and cell.row not in self.notes):
                    width = self.widths[cell.column] - 1
                    # a column width is counted in digits; text averages about 0.85 of a digit per letter
                    n = sum(max(1, math.ceil(len(part) * (1.15 if cell.font.b else 0.85) / width))
                            for part in cell.value.split("\n"))
                    lines[cell.row] = max(lines.get(cell.row, 1), n)
        if held is not None:
            self._held_lines(held, lines)
        for r, n in lines.items():
            if n > 1:
                if held is not None and r in held:
                    held.heights[r] = _height(n)
                else:
                    ws.row_dimensions[r].height = _height(n)
        if self.header_rows:
            ws.freeze_panes = ws.cell(self.header_rows[0] + 1, 1)
            if not self.one_page:
                ws.print_title_rows = f"{self.header_rows[0]}:{self.header_rows[0]}"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if sum(self.widths.values()) > 100 else "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 1 if self.one_page else 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.gridLines = False
        ws.oddFooter.center.text = "&P / &N"
        ws.oddHeader.left.text = ws.title

    def _held_lines(self, held: HeldRows, lines: dict[int, int]) -> None:
        """:meth:`finish`'s lines of wrapped text, for the held rows."""
        wb = self.ws.parent
        looks: dict[int, tuple[bool, bool]] = {}  # id(style) → (wraps, bold)
        for c, column in sorted(held.columns.items()):
            if c not in self.widths:
                continue
            counted: dict[tuple[str, bool], int] = {}  # lines of each distinct text in this column
            for i, one in enumerate(column):
                if one is None:
                    continue
                v, _, style = one
                r = held.first + i
                if not isinstance(v, str) or r in self.notes:
                    continue
                look = looks.get(id(style))
                if look is None:
                    array = held.array(style) if style is not None else StyleArray()
                    look = looks[id(style)] = (bool(wb._alignments[array.alignmentId].wrap_text),
                                               bool(wb._fonts[array.fontId].b))
                if not look[0]:
                    continue
                n = counted.get((v, look[1]), 0)
                if not n:
                    width = self.widths[c] - 1
                    n = counted[(v, look[1])] = sum(max(1, math.ceil(len(part) * (1.15 if look[1] else 0.85) / width))
                                                    for part in v.split("\n"))
                lines[r] = max(lines.get(r, 1), n)


def _year_sheet(wb: Workbook, m: ReportModel, y: YearReport, lang: str,
                fx: _FormulaLayout | None = None) -> _Sheet:
    s = _Sheet(wb, f"{t('sheet_name.iso', lang)} {y.year}")
    s.title(t("doc.results_year", lang, year=y.year, gwp_set=m.provenance.gwp_set))
    gases = ("CO2", "CH4", "N2O", "HFCs", "PFCs", "SF6", "NF3")
    header = [t("col.category", lang), t("col.name", lang), *[t(f"gas.{g}", lang) for g in gases],
              t("col.co2e_only_t", lang), t("col.co2e_t", lang)]
    rows: list[list[Any]] = [[r.category, cat_name(r.category, lang), *[r.co2e_by_gas_t[g] for g in gases],
                              r.co2e_only_t, r.co2e_t] for r in y.iso]
    first, last = s.table(header, rows, [None, None, *[NUM_1] * 9])
    chart_rows = (first, last)
    tot = y.totals
    ncol = 2 + len(gases) + 2  # the total column: subtotals stand under it
    pad: list[Any] = [None] * (ncol - 3)
    sub = [["1", t("doc.direct", lang), *pad, tot.direct_co2e_t],
           ["2-6", t("doc.indirect", lang), *pad, tot.indirect_co2e_t],
           ["", t("doc.total", lang), *pad, tot.co2e_t]]
    sub_first, _ = s.table([t("col.category", lang), t("col.name", lang), *pad, t("col.co2e_t", lang)], sub,
                           [None, None, *[None] * len(pad), NUM_1], bold_rows={2})
    if fx is not None:
        fx.iso_formulas(s, y.year, first, last, [*gases, "co2e_only"], sub_first)
    # the smaller tables: label in column B (beside the category names), numbers from column C; the chart
    # stands beside them
    s.one_page = True
    chart_at = f"F{s.row}"
    s.title(t("doc.outside_total", lang))
    s.table([t("col.item", lang), t("col.value", lang)],
            [[t("doc.biogenic", lang), tot.biogenic_co2_t], [t("doc.memo", lang), tot.memo_co2e_t],
             [t("doc.removals", lang), tot.removals_co2e_t]], [None, NUM_1], col=2)
    s.title(t("doc.scopes_year", lang, year=y.year))
    s.table([t("col.scope", lang), t("unit.t_co2e", lang)],
            [[t(f"scope.{x.scope}", lang) if l10n.has(f"scope.{x.scope}", lang) else x.scope, x.co2e_t]
             for x in y.scopes], [None, NUM_1], col=2)
    s.title(t("doc.by_gas_year", lang, year=y.year))
    s.table([t("col.gas", lang), t("col.t_gas", lang), t("unit.t_co2e", lang)],
            [[t(f"gas.{g.gas}", lang), g.mass_t, g.co2e_t] for g in y.by_gas], [None, NUM_3, NUM_1], col=2)
    if y.intensity is not None:
        i = y.intensity
        s.title(t("doc.intensity", lang))
        unit_ = l10n.unit(i.output_unit, lang) if i.output_unit else ""
        r0, _ = s.table([t("col.item", lang), t("col.value", lang)],
                        [[t("col.co2e_t", lang), i.co2e_t], [f"{t('col.output', lang)} ({unit_})", i.output],
                         [t("col.co2e_t_per_unit", lang), i.co2e_t_per_unit]], [None, NUM_1], col=2)
        s.ws.cell(r0 + 1, 3).number_format = NUM_0
        s.ws.cell(r0 + 2, 3).number_format = NUM_3
    chart = BarChart()
    chart.type = "bar"
    chart.title = t("doc.chart_iso", lang, year=y.year)
    chart.y_axis.title = t("unit.t_co2e", lang)
    chart.legend = None
    chart.add_data(Reference(s.ws, min_col=ncol, min_row=chart_rows[0] - 1, max_row=chart_rows[1]),
                   titles_from_data=True)
    chart.set_categories(Reference(s.ws, min_col=2, min_row=chart_rows[0], max_row=chart_rows[1]))
    chart.y_axis.number_format = NUM_0
    chart.y_axis.majorGridlines = None
    chart.height, chart.width = 10, 20
    s.ws.add_chart(chart, chart_at)
    return s


def empty_workbook() -> Workbook:
    """A workbook without openpyxl's default sheet (each renderer adds its own, named in the language)."""
    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    return wb


def write_xlsx(m: ReportModel, path: Path, lang: str, formulas: bool = False) -> None:
    """Write the workbook of ``m`` in ``lang`` to ``path`` (the caller makes the write atomic).

    With ``formulas`` the detail sheet carries live formulas (each gas = quantity
    × coefficient × GWP, the coefficient a product of the factors sheet's cells
    where the method is one) and the year sheets' ISO 14064-1 tables are SUMIFS
    over it, so a verifier can audit the arithmetic in the spreadsheet.
    """
    wb = empty_workbook()
    fx = _FormulaLayout.of(m, lang) if formulas else None
    sheets = [_year_sheet(wb, m, y, lang, fx) for y in m.years]
    if m.change_vs_previous:
        s = _Sheet(wb, t("sheet_name.years", lang))
        s.title(t("doc.years_compared", lang))
        s.table([t("col.year", lang), t("col.previous_year", lang), t("col.co2e_t", lang), t("col.change_t", lang),
                 t("col.change_pct", lang)],
                [[c.year, c.previous_year, c.co2e_t, c.change_t, None if c.change_pct is None else c.change_pct / 100]
                 for c in m.change_vs_previous], [None, None, NUM_1, NUM_1, PCT])
        sheets.append(s)
    s = _Sheet(wb, t("sheet_name.coverage", lang))
    s.table([t("col.year", lang), t("col.category", lang), t("col.name", lang), t("col.status", lang),
             t("col.co2e_t", lang), t("col.share", lang), t("col.exclusion_reason", lang)],
            [[y.year, c.category, cat_name(c.category, lang),
              t("doc.quantified" if c.quantified else "doc.not_quantified", lang), c.co2e_t, c.share,
              "" if c.quantified else (c.exclusion_reason or t("doc.no_reason", lang))]
             for y in m.years for c in y.indirect_coverage], [None, None, None, None, NUM_1, PCT, None])
    sheets.append(s)
    s = _Sheet(wb, t("sheet_name.uncertainty", lang))
    s.table([t("col.year", lang), t("col.category", lang), t("col.co2e_t", lang), t("col.quantified_t", lang),
             t("col.quantified_share", lang), t("col.u95_pct", lang)],
            [[y.year, t("doc.total", lang) if u.category == "total" else f"{u.category} {cat_name(u.category, lang)}",
              u.co2e_t, u.quantified_t, u.quantified_share, None if u.u95_pct is None else u.u95_pct / 100]
             for y in m.years for u in y.uncertainty], [None, None, NUM_1, NUM_1, PCT, PCT])
    s.note(t("doc.uncertainty_note", lang))
    sheets.append(s)
    s = _Sheet(wb, t("sheet_name.top", lang))
    s.table([t("col.year", lang), t("col.activity", lang), t("col.category", lang), t("col.co2e_t", lang),
             t("col.share", lang)],
            [[y.year, l10n.activity(x.activity, lang), x.category, x.co2e_t, x.share]
             for y in m.years for x in y.top_sources], [None, None, None, NUM_1, PCT])
    sheets.append(s)
    by_id = {f.factor_id: f for f in m.factors}
    if fx is not None:
        sheets.append(fx.detail_sheet(wb, m, lang))
    else:
        sheets.append(_detail_sheet(wb, m, lang, by_id))
    s = _Sheet(wb, t("sheet_name.factors", lang), cap=DETAIL_CAP, nowrap=(1,))
    s.table([t("col.factor_id", lang), t("col.activity", lang), t("col.gas", lang), t("col.value", lang),
             t("col.unit", lang), t("col.source", lang), t("col.table", lang), t("col.tier", lang)],
            [[f.factor_id, l10n.activity(f.activity, lang) if f.activity else "", f.gas, f.value,
              l10n.unit(f.unit, lang), l10n.source(f.source_id, lang), l10n.table_ref(f.table, lang),
              _tier(f.tier, lang)] for f in m.factors],
            [None, None, None, "General", None, None, None, None])
    sheets.append(s)
    if fx is not None:
        sheets.append(fx.gwp_sheet(wb, m, lang))
    if m.quota is not None:
        q = m.quota
        s = _Sheet(wb, t("sheet_name.quota", lang))
        s.title(t("doc.quota_source_decision" if q.source == "decision" else "doc.quota_source_workbook", lang,
                  decision=q.decision))
        s.table([t("col.year", lang), t("col.allocated_t", lang),
                 t("col.emissions_t" if not q.emissions_verified else "col.emissions_verified_t", lang),
                 t("col.balance_t", lang)],
                [[y.year, y.quota.allocated_t, y.quota.emissions_t, y.quota.balance_t] for y in m.years
                 if y.quota is not None], [None, NUM_0, NUM_0, NUM_0])
        if not q.emissions_verified:
            s.note(t("doc.quota_not_verified", lang))
        sheets.append(s)
    if m.plan is not None:
        from .plan import plan_sheet

        sheets.append(plan_sheet(wb, m, lang))
    if m.neutrality is not None:
        sheets.append(_neutrality_sheet(wb, m, lang))
    if any(y.monte_carlo is not None for y in m.years):
        sheets.append(_monte_carlo_sheet(wb, m, lang))
    sheets.append(_quality_sheet(wb, m, lang))
    if m.checklist:
        from .document import checklist_table

        s = _Sheet(wb, t("sheet_name.checklist", lang))
        ct = checklist_table(m, lang)
        s.title(ct.caption)
        s.table([c.label for c in ct.columns], [list(r) for r in ct.rows], [None] * len(ct.columns))
        sheets.append(s)
    s = _Sheet(wb, t("sheet_name.provenance", lang))
    from .document import provenance_table

    prov = provenance_table(m, lang)
    s.table([c.label for c in prov.columns], [list(r) for r in prov.rows], [None, None])
    warn = [*(l10n.translate(w, lang) for w in m.warnings), *missing_fields(m, lang)]
    if warn:
        s.title(t("doc.warnings", lang))
        for w in warn:
            s.note(w)
    sheets.append(s)
    for sh in sheets:
        sh.finish(lang)
    if formulas:
        wb.calculation.fullCalcOnLoad = True  # Excel and LibreOffice compute the formulas on opening
    save(wb, path, {id(sh.ws): sh.held for sh in sheets if sh.held is not None})


def _neutrality_sheet(wb: Workbook, m: ReportModel, lang: str) -> _Sheet:
    """The carbon-neutrality balance per year (numbers as numbers) and the credits retired."""
    from .document import Para, _iso_date, neutrality_blocks

    n = m.neutrality
    assert n is not None
    s = _Sheet(wb, t("sheet_name.neutral", lang))
    s.title(t("doc.neutral", lang))
    capped = any(y.offset_cap_t is not None for y in n.years)
    header = [t("col.year", lang), t("col.footprint_t", lang)]
    header += [t("col.reduction_vs_base_t", lang, year=n.base_year)] if n.base_year is not None else []
    header += [t("col.credits_t", lang), t("col.neutral_balance_t", lang)]
    header += [t("col.offset_cap_t", lang)] if capped else []
    header += [t("col.claim", lang)]
    rows = []
    for y in n.years:
        row: list[Any] = [y.year, y.footprint_t]
        row += [y.reduction_vs_base_t] if n.base_year is not None else []
        row += [y.credits_t, y.balance_t]
        row += [y.offset_cap_t] if capped else []
        claim = t(f"neutral.claim.{y.claim}", lang)
        row.append(claim if y.reason is None else f"{claim}: {t(f'neutral.reason.{y.reason}', lang)}")
        rows.append(row)
    s.table(header, rows, [None, *[NUM_1] * (len(header) - 2), None])
    for b in neutrality_blocks(m, lang):  # the introduction, the rule, the plan and the cap: under the table
        if isinstance(b, Para):
            s.note("".join(r.text for r in b.runs))
    s.title(t("doc.neutral_credits", lang))
    s.table([t("col.registry", lang), t("col.serial", lang), t("col.vintage", lang), t("col.credit_type", lang),
             t("col.quantity_t_co2e", lang), t("col.retired_for_year", lang), t("col.retirement_date", lang),
             t("col.project", lang)],
            [[c.registry, c.serial, c.vintage, c.type, c.quantity_t, c.retired_for_year,
              _iso_date(c.retirement_date, lang) if c.retirement_date else "", c.project or ""] for c in n.credits],
            [None, None, None, None, NUM_1, None, None, None])
    return s


def _quality_sheet(wb: Workbook, m: ReportModel, lang: str) -> _Sheet:
    """Form 06 III.4 in words (the six statements, a blank one flagged) and the quality-control log."""
    from ..report_model import FORM06_III4_FIELDS
    from .document import qc_table

    s = _Sheet(wb, t("sheet_name.qc_log", lang))
    s.title(t("doc.s3_4", lang))
    rows = []
    for group, keys in (("doc.quality_data", FORM06_III4_FIELDS[:3]), ("doc.quality_results", FORM06_III4_FIELDS[3:])):
        for k in keys:
            value = getattr(m.facility, k)
            rows.append([t(group, lang), t(f"aspect.{k}", lang),
                         value or t("doc.missing", lang, field=t(f"field.{k}", lang))])
    s.table([t("col.item", lang), t("col.name", lang), t("col.value", lang)], rows, [None, None, None])
    qc = qc_table(m, lang)
    s.title(qc.caption)
    if m.qc_log:
        s.table([c.label for c in qc.columns], [list(r) for r in qc.rows], [None] * len(qc.columns))
    else:
        s.note(t("doc.qc_none", lang))
    return s


def _monte_carlo_sheet(wb: Workbook, m: ReportModel, lang: str) -> _Sheet:
    """Approach 2 per year: categories with mean and 95 % interval, the main inputs, and a histogram chart."""
    s = _Sheet(wb, t("sheet_name.monte_carlo", lang))
    for y in m.years:
        mc = y.monte_carlo
        if mc is None:
            continue
        s.title(t("doc.mc_year", lang, year=y.year, draws=l10n.num(mc.draws, lang, 0),
                  seed="—" if mc.seed is None else str(mc.seed)))
        s.table([t("col.category", lang), t("col.co2e_t", lang), t("col.mean_co2e_t", lang),
                 t("col.p2_5_co2e_t", lang), t("col.p97_5_co2e_t", lang)],
                [[t("doc.total", lang) if r.category == "total" else f"{r.category} {cat_name(r.category, lang)}",
                  r.co2e_t, r.mean_co2e_t, r.p2_5_co2e_t, r.p97_5_co2e_t] for r in mc.rows],
                [None, NUM_1, NUM_1, NUM_1, NUM_1])
        s.table([t("col.parameter", lang), t("col.distribution", lang), t("col.variance_share", lang)],
                [[c.parameter, c.distribution, c.variance_share] for c in mc.contributors], [None, None, PCT])
        first, last = s.table([t("col.bin_lower", lang), t("col.bin_upper", lang), t("col.count", lang)],
                              [[b.lower_t, b.upper_t, b.count] for b in mc.histogram], [NUM_0, NUM_0, NUM_0])
        chart = BarChart()
        chart.title = t("doc.chart_mc", lang, year=y.year)
        chart.x_axis.title = t("unit.t_co2e", lang)
        chart.y_axis.title = t("col.count", lang)
        chart.legend = None
        chart.gapWidth = 0
        chart.add_data(Reference(s.ws, min_col=3, min_row=first - 1, max_row=last), titles_from_data=True)
        chart.set_categories(Reference(s.ws, min_col=1, min_row=first, max_row=last))
        chart.height, chart.width = 8, 18
        s.ws.add_chart(chart, f"E{first}")
    return s


def _detail_sheet(wb: Workbook, m: ReportModel, lang: str, by_id: dict[str, Any]) -> _Sheet:
    """The sources as values: one row per input row, with its factors cited; result columns that are
    zero on every row are left out (the year sheets show every gas)."""
    s = _Sheet(wb, t("sheet_name.detail", lang), cap=DETAIL_CAP, hold=True)
    co2e = "xf.col.co2e"
    results: list[tuple[str, str, str]] = [  # (attribute, header, number format)
        ("co2_t", t("col.co2_t", lang), NUM_3), ("ch4_t", t("col.ch4_t", lang), "#,##0.0000"),
        ("n2o_t", t("col.n2o_t", lang), "#,##0.0000"),
        ("hfcs_co2e_t", t(co2e, lang, gas=t("gas.HFCs", lang)), NUM_3),
        ("pfcs_co2e_t", t(co2e, lang, gas=t("gas.PFCs", lang)), NUM_3),
        ("sf6_t", t("col.sf6_t", lang), "#,##0.0000"), ("nf3_t", t("col.nf3_t", lang), "#,##0.0000"),
        ("co2e_only_t", t(co2e, lang, gas=t("col.co2e_only_t", lang)), NUM_3),
        ("co2e_t", t("col.co2e_t", lang), NUM_1),
        ("biogenic_co2_t", t("col.biogenic_co2_t", lang), NUM_1), ("memo_co2e_t", t("col.memo_co2e_t", lang), NUM_1)]
    results = [r for r in results if r[0] == "co2e_t" or any(getattr(x, r[0]) for x in m.sources)]
    header = [t("col.year", lang), t("col.sheet", lang), t("col.row", lang), t("col.description", lang),
              t("col.activity", lang), t("col.quantity", lang), t("col.unit", lang), t("col.category", lang),
              t("col.tier", lang), t("col.factor", lang), *[h for _, h, _ in results], t("col.notes", lang)]
    src = m.sources
    # each distinct sheet, text, activity, unit, tier, factor list and notes rendered once
    sheets = {v: t(f"sheet.{v}", lang) if v and l10n.has(f"sheet.{v}", lang) else v for v in {x.sheet for x in src}}
    texts = {v: l10n.translate(v or "", lang) for v in {x.description for x in src}}
    acts = {v: l10n.activity(v, lang) for v in {x.activity for x in src}}
    units = {v: l10n.unit(v, lang) for v in {x.unit for x in src}}
    tiers = {v: _tier(v, lang) for v in {x.tier for x in src}}
    ids = [tuple(x.factor_ids) for x in src]
    cites = {v: "; ".join(_cite(by_id.get(i), lang) for i in v) for v in set(ids)}
    notes = [tuple(x.notes) for x in src]
    said = {v: l10n.translate("; ".join(v), lang) for v in set(notes)}
    getters = [attrgetter(a) for a, _, _ in results]
    rows = [[x.year, sheets[x.sheet], x.row, texts[x.description], acts[x.activity], x.quantity, units[x.unit],
             x.category, tiers[x.tier], cites[f], *[g(x) for g in getters], said[n]]
            for x, f, n in zip(src, ids, notes, strict=True)]
    s.table(header, rows, [None, None, None, None, None, "#,##0.###", None, None, None, None,
                           *[f for _, _, f in results], None])
    return s


def _sheet_ref(name: str) -> str:
    """How a formula names another sheet: quoted, quotes doubled, as long as the sheet's name can be."""
    return "'" + name[:31].replace("'", "''") + "'!"


def _number(x: float) -> str:
    """A constant inside a formula (12 significant digits, Excel's exponent spelling)."""
    return f"{x:.12g}".replace("e", "E")


@dataclass
class _FormulaLayout:
    """Where the ``--formulas`` detail sheet puts each row's cells, known before any sheet is written.

    Detail columns: year, sheet, row, activity, description, quantity, unit,
    category; then for each gas column that occurs (``COLUMNS``) its coefficient
    and its t CO2e; the row's total; the items outside the total (biogenic CO2,
    memo) as coefficient and value; how the formulas are built; the factors
    cited; the row's notes. Factors sheet: table from row 2, value in column D;
    GWP sheet: table from row 2, value in column B.
    """

    detail: str
    factors: str
    gwp: str
    rows: list[RowTerms]
    gas_cols: list[str]
    outside_cols: list[str]
    factor_row: dict[str, int]
    gwp_row: dict[str, int]
    col: dict[str, int] = field(default_factory=dict)
    FIRST = 2  # first data row of the detail, factors and GWP tables (header in row 1)

    @classmethod
    def of(cls, m: ReportModel, lang: str) -> _FormulaLayout:
        by_id = {f.factor_id: f for f in m.factors}
        memo: dict[Any, Any] = {}
        rows = [row_terms(x, m, by_id, memo) for x in m.sources]
        present = {c for r in rows for c in r.terms}
        gas_cols = [c for c, *_ in COLUMNS if c in present]
        outside_cols = [c for c, *_ in OUTSIDE if c in present]
        gwp_row = {key: cls.FIRST + i for i, (key, _, _) in enumerate(gwp_block(m, rows))}
        fx = cls(t("sheet_name.detail", lang)[:31], t("sheet_name.factors", lang)[:31], t("sheet_name.gwp", lang)[:31],
                 rows, gas_cols, outside_cols, {f.factor_id: cls.FIRST + i for i, f in enumerate(m.factors)}, gwp_row)
        c = 9
        for g in gas_cols:
            fx.col[f"coef:{g}"], fx.col[g] = c, c + 1
            c += 2
        fx.col["total"] = c
        c += 1
        for g in outside_cols:
            fx.col[f"coef:{g}"], fx.col[g] = c, c + 1
            c += 2
        fx.col["how"], fx.col["factors"], fx.col["notes"] = c, c + 1, c + 2
        return fx

    @property
    def last(self) -> int:
        return self.FIRST + len(self.rows) - 1

    def _range(self, col: int) -> str:
        letter = get_column_letter(col)
        return f"{_sheet_ref(self.detail)}${letter}${self.FIRST}:${letter}${self.last}"

    def sumifs(self, column: str, year: int, category_cell: str) -> str | None:
        """SUMIFS of one detail column over the rows of ``year`` and the category in ``category_cell``."""
        if column not in self.col or not self.rows:
            return None
        return (f"=SUMIFS({self._range(self.col[column])},{self._range(1)},{year},"
                f"{self._range(8)},{category_cell})")

    def iso_formulas(self, s: _Sheet, year: int, first: int, last: int, columns: list[str], sub_first: int) -> None:
        """Replace the year's ISO table values by SUMIFS over the detail sheet, its subtotals by SUM."""
        ws = s.ws
        total_col = 3 + len(columns)
        for r in range(first, last + 1):
            for j, column in enumerate([*columns, "total"]):
                f = self.sumifs(column, year, f"$A{r}")
                if f is not None:
                    s.formula(r, 3 + j, f, NUM_1)
                elif ws.cell(r, 3 + j).value not in (None, 0, 0.0):  # a value the detail cannot give: keep
                    continue
                else:
                    ws.cell(r, 3 + j).value = 0
        col = get_column_letter(total_col)
        cats = [(r, str(ws.cell(r, 1).value)) for r in range(first, last + 1)]
        direct = [f"{col}{r}" for r, c in cats if c.split(".")[0] == "1"]
        indirect = [f"{col}{r}" for r, c in cats if c.split(".")[0] != "1"]
        for k, cells in enumerate((direct, indirect, [f"{col}{r}" for r, _ in cats])):
            s.formula(sub_first + k, total_col, f"=SUM({','.join(cells)})" if cells else "=0", NUM_1,
                      BOLD if k == 2 else None)

    def detail_sheet(self, wb: Workbook, m: ReportModel, lang: str) -> _Sheet:
        s = _Sheet(wb, self.detail, cap=DETAIL_CAP, hold=True)
        unit_of = {g: "xf.col.coef" if weighted else "xf.col.coef_co2e" for g, _, _, weighted in COLUMNS}

        def gas_label(g: str) -> str:
            return t("col.co2e_only_t", lang) if g == "co2e_only" else t(f"gas.{g}", lang)

        header = [t("col.year", lang), t("col.sheet", lang), t("col.row", lang), t("col.activity", lang),
                  t("col.description", lang), t("col.quantity", lang), t("col.unit", lang), t("col.category", lang)]
        for g in self.gas_cols:
            header += [t(unit_of[g], lang, gas=gas_label(g)), t("xf.col.co2e", lang, gas=gas_label(g))]
        header.append(t("col.co2e_t", lang))
        for g in self.outside_cols:
            header += [t("xf.col.coef_biogenic" if g == "biogenic_co2" else "xf.col.coef_memo", lang),
                       t("xf.col.biogenic" if g == "biogenic_co2" else "xf.col.memo", lang)]
        header += [t("xf.col.how", lang), t("col.factor", lang), t("col.notes", lang)]
        by_id = {f.factor_id: f for f in m.factors}
        values: list[list[Any]] = []
        for rt in self.rows:
            x = rt.source
            row: list[Any] = [x.year, t(f"sheet.{x.sheet}", lang) if x.sheet and l10n.has(f"sheet.{x.sheet}", lang)
                              else x.sheet, x.row, l10n.activity(x.activity, lang),
                              l10n.translate(x.description or "", lang), x.quantity, l10n.unit(x.unit, lang),
                              x.category]
            row += [None] * (len(header) - len(row))
            if not rt.has_quantity:
                how = t("xf.no_quantity", lang)
            elif rt.all_products:
                how = t("xf.product", lang, sheet=self.factors)
            else:
                how = t("xf.effective", lang)
            row[self.col["how"] - 1] = how if rt.terms else ""
            row[self.col["factors"] - 1] = "; ".join(_cite(by_id.get(i), lang) for i in x.factor_ids)
            row[self.col["notes"] - 1] = l10n.translate("; ".join(x.notes), lang)
            values.append(row)
        formats: list[str | None] = [None, None, None, None, None, "#,##0.###", None, None]
        formats += [None] * (len(header) - len(formats))
        for g in [*self.gas_cols, "total", *self.outside_cols]:
            formats[self.col[g] - 1] = NUM_1 if g == "total" else NUM_3
            if g != "total":
                formats[self.col[f"coef:{g}"] - 1] = "General"
        s.table(header, values, formats)
        s.note(t("xf.note", lang, gwp=self.gwp))
        for i, rt in enumerate(self.rows):
            self._row_formulas(s, self.FIRST + i, rt)
        for c in range(9, self.col["how"]):
            s.widths[c] = max(s.widths.get(c, 8), 14)
        return s

    def _row_formulas(self, s: _Sheet, r: int, rt: RowTerms) -> None:
        q = f"$F{r}"
        gwp_ref = _sheet_ref(self.gwp)
        fac_ref = _sheet_ref(self.factors)
        for g, tm in rt.terms.items():
            cc, vc = self.col[f"coef:{g}"], self.col[g]
            if tm.coefficient is None:
                s._set(r, vc, tm.result, NUM_3)
                continue
            if tm.is_product:
                expr = ""
                for fid, e in tm.factors:
                    ref = f"{fac_ref}$D${self.factor_row[fid]}"
                    expr += (ref if e == 1 else f"1/{ref}") if not expr else ("*" if e == 1 else "/") + ref
                if tm.scale != 1.0:
                    expr += "*" + _number(tm.scale)
                s.formula(r, cc, "=" + expr, "General")
            else:
                s._set(r, cc, tm.coefficient, "General")
            coef = f"{get_column_letter(cc)}{r}"
            gwp = f"*{gwp_ref}$B${self.gwp_row[tm.gwp_key]}" if tm.gwp_key is not None else ""
            s.formula(r, vc, f"={q}*{coef}{gwp}", NUM_3)
        cells = [f"{get_column_letter(self.col[g])}{r}" for g in self.gas_cols]
        s.formula(r, self.col["total"], f"=SUM({','.join(cells)})" if cells else "=0", NUM_1)

    def gwp_sheet(self, wb: Workbook, m: ReportModel, lang: str) -> _Sheet:
        s = _Sheet(wb, self.gwp)
        rows = [[t(f"gas.{gas}", lang) if key == gas else t("xf.gwp_by_origin", lang, gas=t(f"gas.{gas}", lang)),
                 value] for key, gas, value in gwp_block(m, self.rows)]
        s.table([t("col.gas", lang), t("xf.col.gwp", lang)], rows, [None, "General"])
        s.note(t("xf.gwp_title", lang, gwp_set=m.provenance.gwp_set, sheet=self.detail))
        return s


def _tier(tier: str, lang: str) -> str:
    return " + ".join(t(f"tier.{x}", lang) if l10n.has(f"tier.{x}", lang) else x for x in tier.split("+"))


def _cite(f: Any, lang: str) -> str:
    if f is None or f.value is None:
        return t("doc.own_factor", lang)
    return l10n.factor_citation(f.value, f.unit, f.source_id, f.table, lang)
