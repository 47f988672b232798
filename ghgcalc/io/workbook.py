"""The facility workbook: a blank template to fill, and a tolerant, strict reader.

Tolerated: blank rows, trailing spaces, numbers stored as text (``1.234,5`` /
``1,234.5`` where unambiguous), merged title cells, hidden columns, sheets in
any order, headers in Vietnamese, English or by key. Rejected, with the sheet,
row and column named: text in a number cell, a formula without a cached value,
a missing required sheet or column, two facilities in one workbook. Unknown
fuels and units that do not fit are reported by :func:`ghgcalc.calculate`
with the same sheet/row labels. The input file is only ever read.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from ..activities import catalogue
from ..errors import InputError, Problem
from ..methods.combustion import SECTORS
from ..textnorm import label
from .atomic import atomic_path
from .numbers import AmbiguousNumber, parse_number
from .schema import EXAMPLE_MARK, FACILITY_FIELDS, SHEETS, Column, Sheet

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


def _header(col: Column, lang: str) -> str:
    first, second = (col.vi, col.en) if lang == "vi" else (col.en, col.vi)
    return f"{first} / {second} ({col.key})"


# ---------------------------------------------------------------- template
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
    acts = catalogue()["activity"].tolist()
    for i, a in enumerate(acts, start=1):
        lists.cell(i, 1, a)
    for i, u in enumerate(UNITS, start=1):
        lists.cell(i, 2, u)
    for i, s in enumerate(SECTORS, start=1):
        lists.cell(i, 3, s)
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
    fac.cell(3 + [c.key for c in FACILITY_FIELDS].index("gwp"), 3, "AR5")
    fac.cell(3 + [c.key for c in FACILITY_FIELDS].index("decimal_separator"), 3, "," if lang == "vi" else ".")
    fac.column_dimensions["A"].width = 48
    fac.column_dimensions["B"].width = 26
    fac.column_dimensions["C"].width = 40
    fac.freeze_panes = "A3"

    for sheet in SHEETS:
        ws = wb.create_sheet(sheet.key)
        ws.cell(1, 1, f"{sheet.vi} / {sheet.en} — {sheet.table}").font = Font(bold=True, size=13)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(sheet.columns))
        for j, col in enumerate(sheet.columns, start=1):
            c = ws.cell(2, j, _header(col, lang))
            c.font, c.fill = Font(bold=True), HEADER_FILL
            c.alignment = Alignment(wrap_text=True)
            ws.column_dimensions[c.column_letter].width = 22
        example = dict(sheet.example, description=f"{EXAMPLE_MARK[0]} / {EXAMPLE_MARK[1]}: skipped on read")
        for j, col in enumerate(sheet.columns, start=1):
            if col.key in example:
                ws.cell(3, j, example[col.key]).font = Font(italic=True, color="808080")
        keys = [c.key for c in sheet.columns]
        _validation(ws, keys, "activity", f"lists!$A$1:$A${len(acts)}")
        _validation(ws, keys, "unit", f"lists!$B$1:$B${len(UNITS)}", strict=False)
        _validation(ws, keys, "sector", f"lists!$C$1:$C${len(SECTORS)}")
        ws.freeze_panes = "A3"

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


def _validation(ws: Any, keys: list[str], key: str, ref: str, strict: bool = True) -> None:
    if key not in keys:
        return
    letter = ws.cell(3, keys.index(key) + 1).column_letter
    dv = DataValidation(type="list", formula1=f"={ref}", allow_blank=True, showErrorMessage=strict)
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
        ]
    return [
        "Greenhouse-gas inventory workbook — ghgcalc",
        "1. Fill the 'facility' sheet (facility details, inventory year(s), GWP set, boundary).",
        "2. On each source sheet: one row per fuel/activity and year.",
        "3. The italic 'VÍ DỤ / EXAMPLE' row is skipped on read; you may delete it.",
        "4. Units: t, kg, L, m3, Nm3, kWh, MWh, GJ … Numbers written 1.234,5 are read when the decimal "
        "separator is set on the 'facility' sheet.",
        "5. Run: ghgcalc report facility.xlsx -o report.xlsx (or .html, .md, .json, a folder/).",
    ]


# ---------------------------------------------------------------- reader
def read_workbook(path: str | Path) -> WorkbookData:
    """Read and validate a facility workbook. Raises :class:`InputError` naming sheet, row and column."""
    p = Path(path)
    if not p.is_file():
        raise InputError([Problem("-", "-", f"file {str(p)!r} not found", file=p.name)])
    raw = p.read_bytes()
    try:
        values = load_workbook(p, data_only=True, read_only=False)
        formulas = load_workbook(p, data_only=False, read_only=False)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise InputError([Problem("-", "-", f"not a readable .xlsx workbook ({type(exc).__name__})", file=p.name)],
                         hint="save the file as an Excel workbook (.xlsx)") from exc
    problems: list[Problem] = []
    titles = {label(ws.title): ws.title for ws in values.worksheets}

    def find(names: tuple[str, ...]) -> str | None:
        for n in names:
            if label(n) in titles:
                return str(titles[label(n)])
        return None

    fac_title = find(FACILITY_SHEET)
    if fac_title is None:
        raise InputError([Problem("-", "-", "required sheet 'facility' (Cơ sở) is missing", file=p.name)],
                         hint="start from `ghgcalc template -o facility.xlsx`")
    facility = _read_facility(values[fac_title], p.name, problems)
    decimal = facility.get("decimal_separator") or None
    decimal = decimal if decimal in (".", ",") else None
    frames = []
    for sheet in SHEETS:
        title = find((sheet.key, sheet.vi, sheet.en))
        if title is None:
            continue
        frames.append(_read_sheet(sheet, values[title], formulas[title], p.name, decimal, problems))
    user_factors = None
    ftitle = find(FACTORS_SHEET)
    if ftitle is not None:
        user_factors = _read_factors(values[ftitle])
    if problems:
        raise InputError(problems)
    acts = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    if acts.empty:
        raise InputError([Problem("-", "-", "the workbook has no activity rows", file=p.name)],
                         hint="fill at least one source sheet (stationary, mobile, electricity …)")
    acts.attrs["source_file"] = p.name
    return WorkbookData(facility=facility, activities=acts, user_factors=user_factors, source_file=p.name,
                        sha256=hashlib.sha256(raw).hexdigest())


def _cell_text(v: Any) -> str:
    return "" if v is None else str(v).strip()


def _read_facility(ws: Any, fname: str, problems: list[Problem]) -> dict[str, Any]:
    by_key = {c.key: c for c in FACILITY_FIELDS}
    labels = {}
    for c in FACILITY_FIELDS:
        for lab in (c.key, c.vi, c.en, f"{c.vi} / {c.en}", f"{c.en} / {c.vi}"):
            labels[label(lab)] = c.key
    out: dict[str, Any] = {}
    for row in ws.iter_rows(min_row=1):
        cells = [c for c in row if c.value is not None]
        if len(cells) < 2:
            continue
        key = None
        value_cell = None
        for i, c in enumerate(row[:3]):
            k = labels.get(label(c.value))
            if k and (key is None or k == key):
                key = k
                value_cell = row[i + 1] if i + 1 < len(row) else None
        if key is None or value_cell is None or value_cell.value is None:
            continue
        v = value_cell.value
        if key == "name" and "name" in out and _cell_text(v) != out["name"]:
            problems.append(Problem(value_cell.row, "name", f"two facilities in one workbook ({out['name']!r} and "
                                    f"{_cell_text(v)!r})", file=fname, sheet=ws.title))
            continue
        if by_key[key].number and isinstance(v, str):
            try:
                v = parse_number(v)
            except ValueError:
                problems.append(Problem(value_cell.row, key, f"{v!r} is not a number", file=fname, sheet=ws.title))
                continue
        out[key] = v.strip() if isinstance(v, str) else v
    if not out.get("name"):
        problems.append(Problem("-", "name", "the facility name is missing", file=fname, sheet=ws.title))
    return out


def _header_row(ws: Any, sheet: Sheet) -> tuple[int, dict[int, str]] | None:
    known: dict[str, str] = {}
    for c in sheet.columns:
        for lab in (c.key, c.vi, c.en, f"{c.vi} / {c.en}", f"{c.en} / {c.vi}", _header(c, "vi"), _header(c, "en")):
            known[label(lab)] = c.key
    for r in range(1, 8):
        found: dict[int, str] = {}
        for cell in ws[r]:
            text = label(cell.value)
            m = re.search(r"\(([a-z0-9_]+)\)\s*$", text)
            key = m.group(1) if m and m.group(1) in {c.key for c in sheet.columns} else known.get(text)
            if key:
                found[cell.column] = key
        if len(found) >= 2:
            return r, found
    return None


def _read_sheet(sheet: Sheet, ws: Any, wf: Any, fname: str, decimal: Any, problems: list[Problem]) -> pd.DataFrame:
    hdr = _header_row(ws, sheet)
    if hdr is None:
        problems.append(Problem(1, "-", "no header row found (expected columns such as "
                                f"{', '.join(c.key for c in sheet.columns[:3])})", file=fname, sheet=ws.title))
        return pd.DataFrame()
    hrow, cols = hdr
    missing = [c.key for c in sheet.columns if c.required and c.key not in cols.values()]
    if missing:
        problems += [Problem(hrow, m, "required column is missing", file=fname, sheet=ws.title) for m in missing]
        return pd.DataFrame()
    numeric = {c.key for c in sheet.columns if c.number}
    records = []
    for row in ws.iter_rows(min_row=hrow + 1):
        vals = {cols[c.column]: c for c in row if c.column in cols}
        texts = [_cell_text(c.value) for c in vals.values()]
        if not any(texts):
            continue
        if any(t.upper().startswith(EXAMPLE_MARK) for t in texts):
            continue
        r = row[0].row
        rec: dict[str, Any] = {"_sheet": ws.title, "_row": r}
        for key, cell in vals.items():
            v = cell.value
            if v is None:
                f = wf.cell(r, cell.column).value
                if isinstance(f, str) and f.startswith("="):
                    problems.append(Problem(r, key, f"formula {f!r} has no saved value: the file was never opened "
                                            "and saved in Excel/LibreOffice; open it, save, and retry",
                                            file=fname, sheet=ws.title))
                continue
            if key in numeric and not isinstance(v, (int, float)):
                try:
                    v = parse_number(str(v), decimal)
                except AmbiguousNumber as exc:
                    problems.append(Problem(r, key, f"{exc}; set the decimal separator on the facility sheet or "
                                            "write the number without thousands separators",
                                            file=fname, sheet=ws.title))
                    continue
                except ValueError:
                    problems.append(Problem(r, key, f"{v!r} is text where a number is expected",
                                            file=fname, sheet=ws.title))
                    continue
            elif isinstance(v, str):
                v = v.strip()
            rec[key] = v
        for k, dv in sheet.defaults.items():
            rec.setdefault(k, dv)
        records.append(rec)
    return pd.DataFrame(records, columns=["_sheet", "_row", *(c.key for c in sheet.columns)])


def _read_factors(ws: Any) -> pd.DataFrame | None:
    rows = list(ws.iter_rows(min_row=1, values_only=True))
    for i, r in enumerate(rows[:6]):
        if r and "factor_id" in [_cell_text(x) for x in r]:
            header = [_cell_text(x) for x in r]
            data = [dict(zip(header, ["" if x is None else str(x) for x in rr], strict=False))
                    for rr in rows[i + 1:] if any(x is not None for x in rr)]
            return pd.DataFrame(data, columns=header) if data else None
    return None
