"""The xlsx as a verifier prints and reads it: A4 fitted to the width with the header row repeated, columns
as wide as their text (or wrapping it), sheet names and chart titles in the report's language, one chart
per year with its title and unit, and no English in the Vietnamese workbook (factor ids aside)."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path

import openpyxl
import pytest

from ghgcalc import l10n
from ghgcalc.l10n import t
from ghgcalc.render.xlsx import write_xlsx
from ghgcalc.report import build_inventory
from ghgcalc.report_model import ReportModel

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NAMES = sorted(p.stem for p in EXAMPLES.glob("*.xlsx"))


@cache
def _model(name: str) -> ReportModel:
    return build_inventory(EXAMPLES / f"{name}.xlsx", as_of=dt.date(2026, 11, 23)).report()


@cache
def _english_words() -> frozenset[str]:
    """Words an English message uses that its Vietnamese translation does not (labels, units, prose)."""
    en, vi = l10n._catalogue("en")[0], l10n._catalogue("vi")[0]

    def words(text: str) -> set[str]:
        return {w.lower() for w in re.findall(r"[A-Za-z]{4,}", text)}

    out: set[str] = set()
    for key, text in en.items():
        out |= words(text) - words(vi.get(key, ""))
    return frozenset(out)


@cache
def _own_words(name: str) -> frozenset[str]:
    """Words of the facility's own workbook (its descriptions, its factors' sources): its text, as it wrote it."""
    wb = openpyxl.load_workbook(EXAMPLES / f"{name}.xlsx", read_only=True)
    return frozenset(w.lower() for ws in wb for row in ws.iter_rows(values_only=True) for v in row
                     if isinstance(v, str) for w in re.findall(r"[A-Za-z]{4,}", v))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("xlsx_layout")


def _chart_title(chart: object) -> str:
    rich = chart.title.tx.rich  # type: ignore[attr-defined]
    return "".join(r.t for p in rich.p for r in (p.r or []))


@pytest.mark.parametrize("formulas", [False, True])
@pytest.mark.parametrize("name", NAMES)
def test_vietnamese_workbook_prints_and_reads_in_vietnamese(name: str, formulas: bool, folder: Path) -> None:
    m = _model(name)
    path = folder / f"{name}.{formulas}.xlsx"
    write_xlsx(m, path, "vi", formulas=formulas)
    wb = openpyxl.load_workbook(path)
    names = {t(k, "vi") for k in l10n._catalogue("vi")[0] if k.startswith("sheet_name.")}
    year_sheets = [f"{t('sheet_name.iso', 'vi')} {y.year}" for y in m.years]
    assert wb.sheetnames[:len(m.years)] == year_sheets  # one results sheet per year, first
    english = _english_words() - _own_words(name)
    for ws in wb:
        assert ws.title in names or ws.title in year_sheets, ws.title
        ps = ws.page_setup
        assert int(ps.paperSize) == 9 and ps.fitToWidth == 1  # 9: A4 and ws.sheet_properties.pageSetUpPr.fitToPage
        if ws.title in year_sheets:
            year = int(ws.title.rsplit(" ", 1)[1])
            assert ps.fitToHeight == 1  # the year's results on one page
            (chart,) = ws._charts
            assert _chart_title(chart) == t("doc.chart_iso", "vi", year=year)
            assert str(year) in _chart_title(chart) and t("unit.t_co2e", "vi") in _chart_title(chart)
        else:  # the table's header row on every printed page
            assert re.fullmatch(r"\$(\d+):\$\1", ws.print_title_rows or ""), (ws.title, ws.print_title_rows)
        width = {c: ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width or 8.43
                 for c in range(1, ws.max_column + 1)}
        header = {c: ws.cell(1, c).value for c in range(1, ws.max_column + 1)}
        merged = {cell for rng in ws.merged_cells.ranges for row in ws.iter_rows(
            min_row=rng.min_row, max_row=rng.max_row, min_col=rng.min_col, max_col=rng.max_col) for cell in row}
        for row in ws.iter_rows():
            for cell in row:
                v = cell.value
                if not isinstance(v, str) or v.startswith("=") or cell.font.sz == 13 or cell in merged:
                    continue  # formulas, sheet titles (they overflow into empty cells), notes across the table
                # every text fits its column or wraps inside it (a names column is never cut)
                assert cell.alignment.wrap_text or len(v) + 1 <= width[cell.column], (ws.title, cell.coordinate, v)
                if ws.title == t("sheet_name.factors", "vi") and cell.column == 1:
                    continue  # factor ids: the traceability keys
                if header.get(cell.column) == t("col.description", "vi"):
                    continue  # the facility's own description of the row, as it wrote it
                if ws.title == t("sheet_name.provenance", "vi") and v == m.provenance.input_file:
                    continue
                found = {w for w in re.findall(r"[A-Za-z]{4,}", v) if w.lower() in english}
                assert not found, (ws.title, cell.coordinate, v, found)
                assert not re.search(r"\b[a-z]+_[a-z_]+\b", v), (ws.title, cell.coordinate, v)  # no program ids


def test_english_workbook_speaks_english(folder: Path) -> None:
    m = _model("cement_plant")
    path = folder / "cement_plant.en.xlsx"
    write_xlsx(m, path, "en")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:2] == ["ISO 14064-1 2025", "ISO 14064-1 2026"]
    assert {"Sources", "Factors", "Provenance"} <= set(wb.sheetnames)
    assert _chart_title(wb["ISO 14064-1 2026"]._charts[0]) == "Emissions by ISO 14064-1 category, 2026 (t CO2e)"
