"""The facility workbook: a blank template to fill, and a tolerant, strict reader.

Tolerated: blank rows, trailing spaces, numbers stored as text (``1.234,5`` /
``1,234.5`` where unambiguous), merged title cells, hidden columns, sheets in
any order, headers in Vietnamese, English or by key. Rejected, with the sheet,
row and column named: text in a number cell, a formula without a cached value,
an error value (``#DIV/0!``), a missing required sheet or column, two facilities
in one workbook. Unknown fuels and units that do not fit are reported by
:func:`ghgcalc.calculate` with the same sheet/row labels. The input file is only
ever read.

Reading: the archive is checked first (:mod:`ghgcalc.io.xlsx`: size, zip bombs,
DTDs, rows per sheet), then each sheet is read once by python-calamine into a
grid (:func:`_sheet_frame`: the raw cells of the known columns) and its values
are checked column by column (:func:`_sheet_values`).
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from pandas.api.types import infer_dtype

from ..activities import catalogue
from ..checks import CHOICES, FLAG_FIELDS, activity_rows, facility_problems
from ..errors import InputError, Problem
from ..methods.combustion import SECTORS
from ..methods.energy_basis import BASES
from ..textnorm import label
from .atomic import atomic_path
from .limits import DEFAULT_LIMITS
from .numbers import AmbiguousNumber, grouping_lookalike, parse_number, split_number_unit
from .schema import CREDITS_SHEET, EXAMPLE_MARK, FACILITY_FIELDS, MEASURES, QC_SHEET, SHEETS, Column, Sheet
from .xlsx import (
    SAVE_AGAIN,
    check_archive,
    check_extent,
    open_book,
    read_grid,
    scan_sheet,
    sheet_members,
    worksheet_names,
)

FACILITY_SHEET = ("facility", "Cơ sở", "Facility")
FACTORS_SHEET = ("factors", "Hệ số riêng", "Own factors")
UNITS = ("t", "kg", "L", "m3", "Nm3", "kWh", "MWh", "GJ", "TJ", "MMBtu", "tkm", "pkm")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


@dataclass
class WorkbookData:
    """What a workbook holds, validated: facility fields, activity rows, own factors."""

    facility: dict[str, Any]
    activities: pd.DataFrame
    user_factors: pd.DataFrame | None = None
    source_file: str = ""
    sha256: str = ""
    notes: list[str] = field(default_factory=list)
    #: carbon credits retired (optional ``credits`` sheet), checked by :func:`ghgcalc.neutrality.check_credits`
    credits: pd.DataFrame | None = None
    #: the ``measures`` sheet (reduction plan), checked, each row with its file, sheet and row; None without one
    measures: pd.DataFrame | None = None
    #: the quality-control log sheet, checked (:func:`ghgcalc.procedure.qc_log`), or None without one
    qc_log: pd.DataFrame | None = None


def _header(col: Column, lang: str) -> str:
    first, second = (col.vi, col.en) if lang == "vi" else (col.en, col.vi)
    return f"{first} / {second} ({col.key})"


# ---------------------------------------------------------------- template
def _titled_sheet(wb: Workbook, sheet: Sheet, lang: str, width: int, merge: bool = True) -> Any:
    """A new data sheet: its title on row 1 (merged over the columns unless ``merge`` is False) and the
    bilingual headers on row 2, ``width`` wide."""
    ws = wb.create_sheet(sheet.key)
    ws.cell(1, 1, f"{sheet.vi} / {sheet.en} — {sheet.table}").font = Font(bold=True, size=13)
    if merge:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(sheet.columns))
    for j, col in enumerate(sheet.columns, start=1):
        c = ws.cell(2, j, _header(col, lang))
        c.font, c.fill = Font(bold=True), HEADER_FILL
        c.alignment = Alignment(wrap_text=True)
        ws.column_dimensions[c.column_letter].width = width
    return ws


def _example_row(ws: Any, sheet: Sheet) -> None:
    """The sheet's example on row 3, grey, its description saying it is skipped on read."""
    example = dict(sheet.example, description=f"{EXAMPLE_MARK[0]} / {EXAMPLE_MARK[1]}: skipped on read")
    for j, col in enumerate(sheet.columns, start=1):
        if col.key in example:
            ws.cell(3, j, example[col.key]).font = Font(italic=True, color="808080")


def write_template(path: str | Path, lang: str = "vi") -> Path:
    """Write a blank, ready-to-fill facility workbook (one example row per sheet, skipped on read)."""
    wb = Workbook()
    ins = wb.active
    assert ins is not None
    ins.title = "instructions" if lang == "en" else "huong_dan"
    lines = _instructions(lang)
    for i, line in enumerate(lines, start=1):
        ins.cell(i, 1, line)
    ins.column_dimensions["A"].width = 120
    ins["A1"].font = Font(bold=True, size=14)

    lists = wb.create_sheet("lists")
    acts = _activity_names()
    for i, a in enumerate(acts, start=1):
        lists.cell(i, 1, a)
    for i, u in enumerate(UNITS, start=1):
        lists.cell(i, 2, u)
    for i, s in enumerate(SECTORS, start=1):
        lists.cell(i, 3, s)
    choice_cols: dict[str, tuple[str, int]] = {}
    for j, (key, values) in enumerate(_facility_choices().items(), start=4):
        for i, v in enumerate(values, start=1):
            lists.cell(i, j, v)
        choice_cols[key] = (lists.cell(1, j).column_letter, len(values))
    basis = lists.max_column + 1  # energy_basis: ids, then their labels
    basis_values = _choice_values(BASES)
    for i, v in enumerate(basis_values, start=1):
        lists.cell(i, basis, v)
    letter = lists.cell(1, basis).column_letter
    basis_ref = f"lists!${letter}$1:${letter}${len(basis_values)}"
    lists.sheet_state = "hidden"

    fac = wb.create_sheet(FACILITY_SHEET[0])
    fac.cell(1, 1, "Thông tin cơ sở / Facility information").font = Font(bold=True, size=13)
    fac.merge_cells("A1:C1")
    for j, h in enumerate(("Mục / Field", "Khóa / Key", "Giá trị / Value"), start=1):
        c = fac.cell(2, j, h)
        c.font, c.fill = Font(bold=True), HEADER_FILL
    for i, col in enumerate(FACILITY_FIELDS, start=3):
        fac.cell(i, 1, f"{col.vi} / {col.en}" if lang == "vi" else f"{col.en} / {col.vi}")
        fac.cell(i, 2, col.key)
        if col.help_en:
            fac.cell(i, 4, col.help_en).font = Font(italic=True, color="808080")
    for key, (letter, n) in choice_cols.items():  # ids and labels offered; anything else warned, then checked
        row = 3 + [c.key for c in FACILITY_FIELDS].index(key)
        dv = DataValidation(type="list", formula1=f"=lists!${letter}$1:${letter}${n}", allow_blank=True,
                            showErrorMessage=True, errorStyle="warning")
        dv.add(f"C{row}")
        fac.add_data_validation(dv)
    fac.cell(3 + [c.key for c in FACILITY_FIELDS].index("gwp"), 3, "AR5")
    fac.cell(3 + [c.key for c in FACILITY_FIELDS].index("decimal_separator"), 3, "," if lang == "vi" else ".")
    fac.column_dimensions["A"].width = 48
    fac.column_dimensions["B"].width = 26
    fac.column_dimensions["C"].width = 40
    fac.freeze_panes = "A3"

    for sheet in (*SHEETS, CREDITS_SHEET):
        ws = _titled_sheet(wb, sheet, lang, width=22)
        _example_row(ws, sheet)
        keys = [c.key for c in sheet.columns]
        _validation(ws, keys, "activity", f"lists!$A$1:$A${len(acts)}")
        _validation(ws, keys, "unit", f"lists!$B$1:$B${len(UNITS)}", strict=False)
        _validation(ws, keys, "sector", f"lists!$C$1:$C${len(SECTORS)}")
        _validation(ws, keys, "energy_basis", basis_ref)
        ws.freeze_panes = "A3"

    _measures_template(wb, lang, lists)
    _qc_template(wb, lang)

    fws = wb.create_sheet(FACTORS_SHEET[0])
    from ..data import FACTOR_COLUMNS

    fws.cell(1, 1, "Hệ số riêng của cơ sở (tùy chọn) / Facility's own factors (optional)").font = Font(bold=True)
    for j, key in enumerate(FACTOR_COLUMNS, start=1):
        c = fws.cell(2, j, key)
        c.font, c.fill = Font(bold=True), HEADER_FILL
    fws.freeze_panes = "A3"
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return Path(path)


def _measures_template(wb: Any, lang: str, lists: Any) -> None:
    """The optional reduction-plan sheet: headers in both languages, an example row, a dropdown of kinds."""
    from ..plan import KINDS

    ws = _titled_sheet(wb, MEASURES, lang, width=20, merge=False)
    _example_row(ws, MEASURES)
    keys = [c.key for c in MEASURES.columns]
    col = lists.max_column + 1
    for i, k in enumerate(KINDS, start=1):
        lists.cell(i, col, k)
    letter = lists.cell(1, col).column_letter
    _validation(ws, keys, "kind", f"lists!${letter}$1:${letter}${len(KINDS)}")
    n = len(_activity_names())
    _validation(ws, keys, "from_activity", f"lists!$A$1:$A${n}", strict=False)
    _validation(ws, keys, "to_activity", f"lists!$A$1:$A${n}", strict=False)
    ws.freeze_panes = "A3"


def measures_frame(grid: Grid, fname: str, decimal: Any, problems: list[Problem]) -> pd.DataFrame | None:
    """The measures sheet as a checked frame (:func:`ghgcalc.plan.check_measures`); problems name the cell."""
    from ..plan import check_measures

    raw = _sheet_frame(MEASURES, grid, fname, problems)
    if raw is None or raw.empty:
        return None
    n = len(problems)
    frame = _sheet_values(MEASURES, raw, grid.title, fname, decimal, problems)
    if len(problems) > n:
        return None
    frame["_file"] = fname
    try:
        return check_measures(frame)
    except InputError as exc:
        problems += exc.problems
        return None


def read_measures_sheet(path: str | Path) -> pd.DataFrame | None:
    """The ``measures`` sheet of an .xlsx file (a facility workbook or a file of measures only), checked;
    None when the file has no such sheet."""
    p = Path(path)
    if not p.is_file():
        raise InputError([Problem("-", "-", f"file {str(p)!r} not found", file=p.name, code="not_found")])
    check_archive(p, DEFAULT_LIMITS)
    book = open_book(p, p.name)
    titles = {label(name): name for name in worksheet_names(book)}
    title = next((str(titles[label(n)]) for n in (MEASURES.key, MEASURES.vi, MEASURES.en) if label(n) in titles),
                 None)
    if title is None:
        return None
    member = sheet_members(p).get(title)
    special: dict[tuple[int, int], tuple[str, str]] = {}
    if member is not None:
        scan = scan_sheet(p, member, p.name, DEFAULT_LIMITS, sheet=title)
        check_extent(scan, title, p.name, DEFAULT_LIMITS)
        special = {(r, c): (kind, text) for r, c, kind, text in scan.special}
    problems: list[Problem] = []
    frame = measures_frame(Grid(title, read_grid(book, title, p.name), special), p.name, None, problems)
    if problems:
        raise InputError(problems)
    if frame is None:
        raise InputError([Problem("-", "-", "the measures sheet has no measures", file=p.name, sheet=title,
                                  code="empty")])
    return frame


def _qc_template(wb: Workbook, lang: str) -> None:
    """The quality-control log sheet (Circular 38/2023/TT-BCT Art. 20): headers, an example row, a result list."""
    qws = _titled_sheet(wb, QC_SHEET, lang, width=28)
    for j, col in enumerate(QC_SHEET.columns, start=1):
        value = QC_SHEET.example.get(col.key)
        if value is not None:
            text = f"{EXAMPLE_MARK[0]} / {EXAMPLE_MARK[1]}: {value}" if col.key == "check" else value
            qws.cell(3, j, text).font = Font(italic=True, color="808080")
    letter = qws.cell(3, 1 + [c.key for c in QC_SHEET.columns].index("result")).column_letter
    dv = DataValidation(type="list", formula1='"pass,errors_found,đạt,có sai sót"', allow_blank=True,
                        showErrorMessage=True, errorStyle="warning")
    dv.add(f"{letter}3:{letter}500")
    qws.add_data_validation(dv)
    qws.freeze_panes = "A3"


def _activity_names() -> list[str]:
    """Activity ids and the aliases people type (FO, DO, điện lưới, than cám …), for the dropdown."""
    cat = catalogue()
    names = [*cat["activity"]]
    for aliases in cat["aliases"]:
        names += [a.strip() for a in str(aliases).split("|") if a.strip()]
    return list(dict.fromkeys(names))


def _facility_choices() -> dict[str, list[str]]:
    """Dropdown values of the facility fields that decide the legal verdict: ids, then their labels."""
    out = {key: _choice_values(table) for key, table in CHOICES.items()}
    for key in FLAG_FIELDS:
        out[key] = ["yes", "no", "có", "không"]
    return out


def _choice_values(table: dict[str, tuple[str, ...]]) -> list[str]:
    """A choice table's dropdown values (:data:`ghgcalc.checks.CHOICES`, an input column's such as
    ``energy_basis``): its ids, then their Vietnamese and English labels."""
    return list(dict.fromkeys([*table, *(n for names in table.values() for n in names[:2] if n)]))


def _validation(ws: Any, keys: list[str], key: str, ref: str, strict: bool = True) -> None:
    """A dropdown; ``strict`` lists warn on another value (an alias the list lacks is still read)."""
    if key not in keys:
        return
    letter = ws.cell(3, keys.index(key) + 1).column_letter
    dv = DataValidation(type="list", formula1=f"={ref}", allow_blank=True, showErrorMessage=strict,
                        errorStyle="warning")
    dv.add(f"{letter}3:{letter}2000")
    ws.add_data_validation(dv)


def _instructions(lang: str) -> list[str]:
    if lang == "vi":
        return [
            "Sổ số liệu kiểm kê khí nhà kính — ghgcalc",
            "1. Điền sheet 'facility' (thông tin cơ sở, năm kiểm kê, bộ GWP, ranh giới).",
            "2. Mỗi sheet nguồn phát thải: một dòng cho mỗi loại nhiên liệu/hoạt động trong một năm.",
            "3. Dòng in nghiêng 'VÍ DỤ / EXAMPLE' được bỏ qua khi đọc; có thể xóa.",
            "4. Đơn vị: t, kg, L (lít), m3, Nm3, kWh, MWh, GJ … Số viết kiểu Việt Nam (1.234,5) đọc được khi "
            "dấu thập phân ghi ở sheet 'facility'.",
            "5. Chạy: ghgcalc report so_lieu.xlsx -o bao_cao.xlsx (hoặc .html, .md, .json, thư mục/).",
            "6. Sheet 'credits' (tùy chọn): tín chỉ các-bon đã hủy, mỗi lô một dòng, cho cân bằng trung hòa các-bon.",
        ]
    return [
        "Greenhouse-gas inventory workbook — ghgcalc",
        "1. Fill the 'facility' sheet (facility details, inventory year(s), GWP set, boundary).",
        "2. On each source sheet: one row per fuel/activity and year.",
        "3. The italic 'VÍ DỤ / EXAMPLE' row is skipped on read; you may delete it.",
        "4. Units: t, kg, L, m3, Nm3, kWh, MWh, GJ … Numbers written 1.234,5 are read when the decimal "
        "separator is set on the 'facility' sheet.",
        "5. Run: ghgcalc report facility.xlsx -o report.xlsx (or .html, .md, .json, a folder/).",
        "6. Sheet 'credits' (optional): carbon credits retired, one block a row, for the carbon-neutrality balance.",
    ]


# ---------------------------------------------------------------- reader
@dataclass
class Grid:
    """One sheet as read: its values as rows from A1 ('' when blank), and cells calamine cannot show."""

    title: str
    rows: list[list[Any]]
    #: (row, column number) → (kind, text): "formula" never calculated, "error" such as ``#DIV/0!``.
    special: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)


def read_workbook(path: str | Path, *, max_workbook_mb: float = DEFAULT_LIMITS.max_mb,
                  max_sheet_rows: int = DEFAULT_LIMITS.max_sheet_rows) -> WorkbookData:
    """Read and validate a facility workbook. Raises :class:`InputError` naming sheet, row and column.

    The archive is checked before it is parsed (:func:`ghgcalc.io.xlsx.check_archive`): more than
    ``max_workbook_mb`` MB uncompressed, or a sheet of more than ``max_sheet_rows`` rows, is refused.
    Each sheet is read once (python-calamine) and validated column by column.
    """
    p = Path(path)
    if not p.is_file():
        raise InputError([Problem("-", "-", f"file {str(p)!r} not found", file=p.name, code="not_found")])
    limits = replace(DEFAULT_LIMITS, max_mb=max_workbook_mb, max_sheet_rows=max_sheet_rows)
    check_archive(p, limits)
    book = open_book(p, p.name)
    try:
        members = sheet_members(p)
    except Exception as exc:  # defusedxml/zipfile raise several types for a damaged workbook part
        raise InputError([Problem("-", "-", f"not a readable .xlsx workbook ({type(exc).__name__})", file=p.name,
                                  code="unreadable")], hint=SAVE_AGAIN) from exc
    problems: list[Problem] = []
    titles = {label(name): name for name in worksheet_names(book)}

    def find(names: tuple[str, ...]) -> str | None:
        for n in names:
            if label(n) in titles:
                return str(titles[label(n)])
        return None

    def grid(title: str) -> Grid:
        member = members.get(title)
        if member is None:
            raise InputError([Problem("-", "-", "the sheet's part is missing from the archive", file=p.name,
                                      sheet=title, code="unreadable")], hint=SAVE_AGAIN)
        scan = scan_sheet(p, member, p.name, limits, sheet=title)
        check_extent(scan, title, p.name, limits)
        special = {(r, c): (kind, text) for r, c, kind, text in scan.special}
        rows = read_grid(book, title, p.name)
        return Grid(title, rows, special)

    fac_title = find(FACILITY_SHEET)
    if fac_title is None:
        raise InputError([Problem("-", "-", "required sheet 'facility' (Cơ sở) is missing", file=p.name,
                                 code="missing_sheet")],
                         hint="start from `ghgcalc template -o facility.xlsx`")
    fac_rows: dict[str, int] = {}
    facility = _read_facility(grid(fac_title), p.name, problems, fac_rows)
    facility, fac_problems = facility_problems(facility, file=p.name, sheet=fac_title)
    problems += [replace(q, row=fac_rows.get(q.column, q.row)) for q in fac_problems]  # the field's row
    decimal = facility.get("decimal_separator") or None
    decimal = decimal if decimal in (".", ",") else None
    notes: list[str] = []
    frames = []
    sheet_keys: dict[str, str] = {}
    for sheet in SHEETS:
        title = find((sheet.key, sheet.vi, sheet.en))
        if title is None:
            continue
        sheet_keys[title] = sheet.key
        raw = _sheet_frame(sheet, grid(title), p.name, problems)
        if raw is None:
            continue
        if raw.empty:  # no rows (or only the example row): the typed frame depends on the columns only
            frames.append(_no_rows(sheet.key, tuple(raw.columns)).copy())
        else:
            frames.append(_sheet_values(sheet, raw, title, p.name, decimal, problems,
                                        grouping_ok=facility.get("trust_decimal_separator") is True, notes=notes))
    user_factors = None
    ftitle = find(FACTORS_SHEET)
    if ftitle is not None:
        user_factors = _read_factors(grid(ftitle))
    mtitle = find((MEASURES.key, MEASURES.vi, MEASURES.en))
    measures = measures_frame(grid(mtitle), p.name, decimal, problems) if mtitle is not None else None
    qc = None
    qtitle = find((QC_SHEET.key, QC_SHEET.vi, QC_SHEET.en))
    if qtitle is not None:
        from ..procedure import qc_log

        raw_qc = _sheet_frame(QC_SHEET, grid(qtitle), p.name, problems)
        if raw_qc is not None:
            qc, qc_problems = qc_log(raw_qc, file=p.name, sheet=qtitle)
            problems += qc_problems
    acts = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    acts, row_problems, row_notes = activity_rows(acts, facility, file=p.name, sheets=sheet_keys)
    years = sorted({int(y) for y in pd.to_numeric(acts.get("year", pd.Series(dtype=float)), errors="coerce")
                    .dropna()})
    credits = _read_credits(find, grid, p.name, decimal, years, problems, notes)
    seen = {(p.sheet, p.row, p.column) for p in problems}  # one problem per cell: the reader's comes first
    problems += [p for p in row_problems if (p.sheet, p.row, p.column) not in seen]
    notes += row_notes
    if problems:
        acts.attrs["source_file"] = p.name
        raise InputError(problems, partial=WorkbookData(facility, acts, user_factors, p.name, "", notes))
    if acts.empty:
        raise InputError([Problem("-", "-", "the workbook has no activity rows", file=p.name)],
                         hint="fill at least one source sheet (stationary, mobile, electricity …)")
    acts.attrs["source_file"] = p.name
    return WorkbookData(facility=facility, activities=acts, user_factors=user_factors, source_file=p.name,
                        sha256=_sha256(p), notes=notes, credits=credits, measures=measures,
                        qc_log=qc)


def _read_credits(find: Any, grid: Any, fname: str, decimal: Any, years: list[int],
                  problems: list[Problem], notes: list[str]) -> pd.DataFrame | None:
    """The optional ``credits`` sheet, checked (None when absent or without rows)."""
    from ..neutrality import check_credits

    title = find((CREDITS_SHEET.key, CREDITS_SHEET.vi, CREDITS_SHEET.en))
    if title is None:
        return None
    raw = _sheet_frame(CREDITS_SHEET, grid(title), fname, problems)
    if raw is None or raw.empty:
        return None
    vals = _sheet_values(CREDITS_SHEET, raw, title, fname, decimal, problems)
    table, found, warns = check_credits(vals, file=fname, sheet=title, years=years or None)
    seen = {(x.sheet, x.row, x.column) for x in problems}
    problems += [x for x in found if (x.sheet, x.row, x.column) not in seen]
    notes += warns
    return table.drop(columns=["_sheet"], errors="ignore")


def _sha256(p: Path) -> str:
    with p.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _cell_text(v: Any) -> str:
    return "" if v is None else str(_py(v)).strip()


def _py(v: Any) -> Any:
    """A cell value as a person typed it: the reader gives every number as a float; 2025.0 → 2025."""
    return int(v) if type(v) is float and v.is_integer() and abs(v) < 2**53 else v


def _special_problem(grid: Grid, row: int, col: int, key: str, fname: str) -> Problem:
    kind, text = grid.special[(row, col)]
    if kind == "formula":
        shown = f"formula {'=' + text!r}" if text else "a formula"
        return Problem(row, key, f"{shown} has no saved value: the file was never opened and saved in "
                       "Excel/LibreOffice; open it, save, and retry", file=fname, sheet=grid.title,
                       code="formula_without_value", value="=" + text if text else None)
    return Problem(row, key, f"the cell holds the error {text!r} (a formula that failed); correct it in the "
                   "workbook", file=fname, sheet=grid.title, code="error_value", value=text)


def _read_facility(grid: Grid, fname: str, problems: list[Problem],
                   rows: dict[str, int] | None = None) -> dict[str, Any]:
    """The facility fields (key → value); ``rows`` receives the spreadsheet row of each key found."""
    by_key = {c.key: c for c in FACILITY_FIELDS}
    labels = {}
    for c in FACILITY_FIELDS:
        for lab in (c.key, c.vi, c.en, f"{c.vi} / {c.en}", f"{c.en} / {c.vi}"):
            labels[label(lab)] = c.key
    out: dict[str, Any] = {}
    for r, row in enumerate(grid.rows, start=1):
        if sum(1 for v in row if v != "") < 2:
            continue
        key = None
        at = -1
        for i, v in enumerate(row[:3]):
            k = labels.get(label(v))
            if k and (key is None or k == key):
                key, at = k, i + 1
        if key is None or at >= len(row):
            continue
        if rows is not None:
            rows.setdefault(key, r)
        if (r, at + 1) in grid.special:
            problems.append(_special_problem(grid, r, at + 1, key, fname))
            continue
        v = _py(row[at])
        if v == "":
            continue
        if key == "name" and "name" in out and _cell_text(v) != out["name"]:
            problems.append(Problem(r, "name", f"two facilities in one workbook ({out['name']!r} and "
                                    f"{_cell_text(v)!r})", file=fname, sheet=grid.title, code="two_facilities"))
            continue
        if by_key[key].number and isinstance(v, str):
            try:
                v = parse_number(v)
            except ValueError:
                problems.append(Problem(r, key, f"{v!r} is not a number", file=fname, sheet=grid.title))
                continue
        out[key] = v.strip() if isinstance(v, str) else v
    if not out.get("name"):
        problems.append(Problem("-", "name", "the facility name is missing", file=fname, sheet=grid.title))
    return out


def _header_row(grid: Grid, sheet: Sheet) -> tuple[int, dict[int, str]] | None:
    """The header row (1-based) and column number → key, from the first rows of the sheet."""
    known = _known_headers(sheet)
    keys = {c.key for c in sheet.columns}
    for r, row in enumerate(grid.rows[:7], start=1):
        found: dict[int, str] = {}
        for j, value in enumerate(row, start=1):
            if value == "":
                continue
            text = label(value)
            m = re.search(r"\(([a-z0-9_]+)\)\s*$", text)
            key = m.group(1) if m and m.group(1) in keys else known.get(text)
            if key:
                found[j] = key
        if len(found) >= 2:
            return r, found
    return None


def _known_headers(sheet: Sheet) -> dict[str, str]:
    """Every header text (as :func:`label` compares it) of the sheet's columns → column key."""
    return _known_for(sheet.columns)


@functools.cache
def _known_for(columns: tuple[Column, ...]) -> dict[str, str]:
    """:func:`_known_headers` once per column set (every workbook of a batch has the same sheets)."""
    known: dict[str, str] = {}
    for c in columns:
        for lab in (c.key, c.vi, c.en, f"{c.vi} / {c.en}", f"{c.en} / {c.vi}", _header(c, "vi"), _header(c, "en")):
            known[label(lab)] = c.key
    return known


def _sheet_frame(sheet: Sheet, grid: Grid, fname: str, problems: list[Problem]) -> pd.DataFrame | None:
    """The sheet's data rows as read (raw values, text stripped, one column per known key), or None.

    Blank rows and the template's example row are dropped; ``_row`` is the spreadsheet row number.
    Formulas never calculated and error values in those columns are problems. Columns are built
    whole (no per-row Python); values are checked by :func:`_sheet_values`.
    """
    hdr = _header_row(grid, sheet)
    if hdr is None:
        problems.append(Problem(1, "-", "no header row found (expected columns such as "
                                f"{', '.join(c.key for c in sheet.columns[:3])})", file=fname, sheet=grid.title))
        return None
    hrow, cols = hdr
    missing = [c.key for c in sheet.columns if c.required and c.key not in cols.values()]
    if missing:
        problems += [Problem(hrow, m, "required column is missing", file=fname, sheet=grid.title,
                             code="missing_column") for m in missing]
        return None
    data = grid.rows[hrow:]
    n = len(data)
    columns: dict[str, Any] = {}
    for j, key in cols.items():
        if key not in columns:  # a key twice: the first column wins, as before
            columns[key] = _stripped(np.array([r[j - 1] for r in data], dtype=object))
    rows = np.arange(hrow + 1, hrow + 1 + n)
    blank = np.ones(n, dtype=bool)
    example = np.zeros(n, dtype=bool)
    for vals in columns.values():
        blank &= pd.isna(vals)
        example |= _example_cells(vals)
    if grid.special:
        by_key = {j: key for j, key in cols.items()}
        for (r, c), _ in sorted(grid.special.items()):
            i = r - hrow - 1
            if c in by_key and 0 <= i < n and not example[i]:
                blank[i] = False
                problems.append(_special_problem(grid, r, c, by_key[c], fname))
    keep = ~blank & ~example
    frame = pd.DataFrame({k: v[keep] for k, v in columns.items()}, dtype=object)
    frame.insert(0, "_row", rows[keep])
    return frame


_STRINGS = ("string", "mixed", "mixed-integer", "empty")
#: Up to this many cells a column is stripped and searched for the example mark cell by cell, above it once per
#: distinct text (``pd.factorize``): the same result, the cheaper way for its size (a performance knob; most
#: sheets of a facility's workbook hold a few rows, or only the template's example row)
SMALL_COLUMN = 64


def _stripped(vals: Any) -> Any:
    """Text cells stripped of spaces; blank ('' or spaces only) → None. Other cells as they are.

    An all-text column is stripped once per distinct text (``pd.factorize``); a mixed one cell by cell
    (factorize would take ``True`` for ``1.0``).
    """
    kind = infer_dtype(vals, skipna=True)
    if len(vals) <= SMALL_COLUMN:  # a few cells: one pass in Python costs less than pandas' set-up
        if kind == "string":  # every cell text or blank: blank (None, NaN) → None
            return np.array([(v.strip() or None) if isinstance(v, str) else None for v in vals], dtype=object)
        if kind not in _STRINGS:
            return vals
        return np.array([(v.strip() or None) if type(v) is str else v for v in vals], dtype=object)
    if kind == "string":
        codes, uniques = pd.factorize(vals)
        clean = np.array([u.strip() or None for u in uniques] + [None], dtype=object)
        return clean[codes]  # code -1 (None) takes the last entry
    if kind not in _STRINGS:
        return vals
    return np.array([(v.strip() or None) if type(v) is str else v for v in vals], dtype=object)


def _example_cells(vals: Any) -> Any:
    """Cells marked as the template's example row (``VÍ DỤ / EXAMPLE``), compared once per distinct text."""
    kind = infer_dtype(vals, skipna=True)
    if kind not in _STRINGS:
        return np.zeros(len(vals), dtype=bool)
    if len(vals) <= SMALL_COLUMN:
        return np.array([isinstance(v, str) and v[:12].upper().startswith(EXAMPLE_MARK) for v in vals], dtype=bool)
    texts = pd.unique(vals[~pd.isna(vals)] if kind == "string" else vals[[type(v) is str for v in vals]])
    marked = [t for t in texts if t[:12].upper().startswith(EXAMPLE_MARK)]
    return pd.Series(vals, dtype=object).isin(marked).to_numpy() if marked else np.zeros(len(vals), dtype=bool)


def _sheet_values(sheet: Sheet, raw: pd.DataFrame, title: str, fname: str, decimal: Any,
                  problems: list[Problem], *, grouping_ok: bool = False,
                  notes: list[str] | None = None) -> pd.DataFrame:
    """Typed columns from the raw frame: numbers (also numbers typed as text) in number columns, text elsewhere."""
    n = len(raw)
    units = {c.key for c in sheet.columns if c.key.endswith("_unit")}
    out: dict[str, Any] = {"_sheet": np.full(n, title, dtype=object), "_row": raw["_row"].to_numpy(dtype=int)}
    for col in sheet.columns:
        if col.key not in raw:
            values: Any = np.full(n, None, dtype=object)
        elif col.number:
            values = _numbers(raw[col.key].to_numpy(dtype=object), out["_row"], col.key, title, fname, decimal,
                              problems, with_unit=f"{col.key}_unit" in units, grouping_ok=grouping_ok, notes=notes)
        else:
            values = raw[col.key].to_numpy(dtype=object)
            if infer_dtype(values, skipna=True) not in ("string", "empty"):
                values = np.array([_py(v) for v in values], dtype=object)
        if col.key in sheet.defaults:
            values = np.where(pd.isna(values), sheet.defaults[col.key], values)
        out[col.key] = values
    return pd.DataFrame(out)


@functools.lru_cache(maxsize=256)
def _no_rows(key: str, columns: tuple[str, ...]) -> pd.DataFrame:
    """:func:`_sheet_values` of a sheet without data rows whose header has ``columns`` (made once per process)."""
    sheet = next(s for s in SHEETS if s.key == key)
    raw = pd.DataFrame({c: np.array([], dtype=int if c == "_row" else object) for c in columns})
    return _sheet_values(sheet, raw, "", "", None, [])


def _what_to_write(text: str, key: str, decimal: Any) -> str:
    """What to write instead of a text in a number cell, when the text shows it: a year alone (``năm 2025``),
    or a number without its unit (``12.000 lít``), the unit going to the unit column."""
    if key == "year":
        return "; write the year alone, e.g. 2025"
    try:
        split_number_unit(text, decimal)
    except ValueError:  # an ambiguous number too: it is asked about once the unit is in its column
        return ""
    return "; write the number alone, and its unit in the unit column"


def _numbers(vals: Any, rows: Any, key: str, title: str, fname: str, decimal: Any, problems: list[Problem], *,
             with_unit: bool = False, grouping_ok: bool = False, notes: list[str] | None = None) -> Any:
    """A number column: numeric cells as they are; text read with the workbook's decimal separator.

    A column of numbers only is converted whole; text cells are read once per distinct text.
    ``with_unit``: a unit column stands beside it, so ``2.000 mg/L`` is also read (number with the
    sheet's separator, written back as ``2000 mg/L`` for the engine to check against that column).
    """
    blank = pd.isna(vals)
    if infer_dtype(vals, skipna=True) in ("floating", "integer", "mixed-integer-float", "empty"):
        out = np.where(blank, np.nan, vals).astype(float)
    else:
        out = np.full(len(vals), np.nan)
        is_num = np.fromiter((isinstance(v, (int, float)) and not isinstance(v, bool) for v in vals), dtype=bool,
                             count=len(vals))
        if is_num.any():
            out[is_num] = vals[is_num].astype(float)
        texts = ~is_num & ~blank
        parsed: dict[Any, float | str | Problem] = {}
        for v in dict.fromkeys(vals[texts]):
            if isinstance(v, bool) or not isinstance(v, str):  # TRUE is not 1; a date is not a number
                what = "a yes/no value" if isinstance(v, bool) else f"a {type(v).__name__}"
                parsed[v] = Problem("-", key, f"{v} is {what}, not a number", file=fname, sheet=title,
                                    code="boolean" if isinstance(v, bool) else "date" if "date" in what else "invalid",
                                    value=str(v), accepted="a number")
                continue
            try:
                parsed[v] = parse_number(str(v), decimal, grouping_ok=grouping_ok)
                if grouping_ok and notes is not None and decimal and grouping_lookalike(str(v), decimal):
                    notes.append(f"sheet {title!r}, column {key!r}: {v!r} read as {parsed[v]:g} (decimal "
                                 f"separator {decimal!r}, as the facility sheet says)")
            except AmbiguousNumber as exc:
                remedy = (f"the facility sheet gives {decimal!r} as the decimal separator: write the number with "
                          "it, or change decimal_separator if the workbook's numbers are written the other way"
                          if decimal else "set the decimal separator on the facility sheet or write the number "
                          "without thousands separators")
                parsed[v] = Problem("-", key, f"{exc}; {remedy}", file=fname, sheet=title,
                                    code="ambiguous_number", value=v,
                                    accepted=f"a number written with {decimal!r} as the decimal separator"
                                    if decimal else "a number without thousands separators, e.g. 1234.5")
            except ValueError:
                said = f"{v!r} is text where a number is expected{_what_to_write(str(v), key, decimal)}"
                parsed[v] = Problem("-", key, said, file=fname, sheet=title, code="not_a_number", value=v,
                                    accepted="a number")
                if with_unit:
                    try:
                        num, unit = split_number_unit(str(v), decimal)
                        parsed[v] = f"{np.format_float_positional(num, trim='-')} {unit}"
                    except ValueError:
                        pass
        if any(isinstance(p, str) for p in parsed.values()):
            out = out.astype(object)
        for i in np.flatnonzero(texts):
            got = parsed[vals[i]]
            if isinstance(got, Problem):
                problems.append(replace(got, row=int(rows[i])))
            else:
                out[i] = got
    if key == "year" and out.dtype == float:
        finite = out[~np.isnan(out)]
        if (finite == np.round(finite)).all():
            return pd.array(out, dtype="Float64").astype("Int64")
    return out


def _read_factors(grid: Grid) -> pd.DataFrame | None:
    rows = grid.rows
    for i, r in enumerate(rows[:6]):
        if r and "factor_id" in [_cell_text(x) for x in r]:
            header = [_cell_text(x) for x in r]
            data = [dict(zip(header, [str(_py(x)) for x in rr], strict=False))
                    for rr in rows[i + 1:] if any(x != "" for x in rr)]
            return pd.DataFrame(data, columns=header) if data else None
    return None
