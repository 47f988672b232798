"""The report as an Excel workbook for a verifier: one results sheet per year, then id-keyed detail sheets.

Numbers stay numbers (formatted as the language writes them by Excel's own
locale), labels and sheet names are in the report's language, every sheet has a
frozen header, widths that fit its text and an A4 print setup (fit to width,
header rows repeated). Each year's sheet has its ISO 14064-1 table, the
direct/indirect/total lines, the items outside the total, the scopes and a
chart with its title and unit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .. import l10n
from ..l10n import t
from ..report_model import ReportModel, YearReport
from .document import cat_name, missing_fields

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


class _Sheet:
    def __init__(self, wb: Workbook, name: str) -> None:
        self.ws: Worksheet = wb.create_sheet(name[:31])
        self.row = 1
        self.widths: dict[int, int] = {}
        self.header_rows: list[int] = []

    def _set(self, r: int, c: int, v: Any, fmt: str | None = None, font: Font | None = None) -> None:
        cell = self.ws.cell(r, c)
        if v is None:
            return
        cell.value = v
        if isinstance(v, str):
            cell.data_type = "s"  # never a formula, whatever the text starts with
            self.widths[c] = max(self.widths.get(c, 8), min(60, len(v) + 2))
        else:
            self.widths[c] = max(self.widths.get(c, 8), 14)
        if fmt:
            cell.number_format = fmt
        if font:
            cell.font = font

    def title(self, text: str) -> None:
        self._set(self.row, 1, text, font=TITLE)
        self.row += 1

    def note(self, text: str) -> None:
        self._set(self.row, 1, text)
        self.ws.cell(self.row, 1).alignment = Alignment(wrap_text=False)
        self.row += 1

    def table(self, header: list[str], rows: list[list[Any]], formats: list[str | None],
              bold_rows: set[int] | None = None) -> tuple[int, int]:
        """Write a table; returns (first data row, last data row)."""
        for j, h in enumerate(header, start=1):
            self._set(self.row, j, h, font=BOLD)
            cell = self.ws.cell(self.row, j)
            cell.fill = HEAD_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        self.header_rows.append(self.row)
        self.row += 1
        first = self.row
        for i, r in enumerate(rows):
            for j, (v, fmt) in enumerate(zip(r, formats, strict=True), start=1):
                self._set(self.row, j, v, fmt if not isinstance(v, str) else None,
                          BOLD if bold_rows and i in bold_rows else None)
            self.row += 1
        last = self.row - 1
        self.row += 1
        return first, last

    def finish(self, lang: str) -> None:
        ws = self.ws
        for c, w in self.widths.items():
            ws.column_dimensions[get_column_letter(c)].width = w
        if self.header_rows:
            ws.freeze_panes = ws.cell(self.header_rows[0] + 1, 1)
            ws.print_title_rows = f"{self.header_rows[0]}:{self.header_rows[0]}"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if len(self.widths) > 6 else "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.gridLines = False
        ws.oddFooter.center.text = "&P / &N"
        ws.oddHeader.left.text = ws.title


def _year_sheet(wb: Workbook, m: ReportModel, y: YearReport, lang: str) -> _Sheet:
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
    sub = [[ "1", t("doc.direct", lang), tot.direct_co2e_t], ["2-6", t("doc.indirect", lang), tot.indirect_co2e_t],
           ["", t("doc.total", lang), tot.co2e_t]]
    s.table([t("col.category", lang), t("col.name", lang), t("col.co2e_t", lang)], sub, [None, None, NUM_1],
            bold_rows={2})
    s.title(t("doc.outside_total", lang))
    s.table([t("col.item", lang), t("col.value", lang)],
            [[t("doc.biogenic", lang), tot.biogenic_co2_t], [t("doc.memo", lang), tot.memo_co2e_t],
             [t("doc.removals", lang), tot.removals_co2e_t]], [None, NUM_1])
    s.title(t("doc.scopes_year", lang, year=y.year))
    s.table([t("col.scope", lang), t("unit.t_co2e", lang)],
            [[t(f"scope.{x.scope}", lang) if l10n.has(f"scope.{x.scope}", lang) else x.scope, x.co2e_t]
             for x in y.scopes], [None, NUM_1])
    s.title(t("doc.by_gas_year", lang, year=y.year))
    s.table([t("col.gas", lang), t("col.t_gas", lang), t("unit.t_co2e", lang)],
            [[t(f"gas.{g.gas}", lang), g.mass_t, g.co2e_t] for g in y.by_gas], [None, NUM_3, NUM_1])
    if y.intensity is not None:
        i = y.intensity
        s.title(t("doc.intensity", lang))
        s.table([t("col.co2e_t", lang), t("col.output", lang), t("col.output_unit", lang),
                 t("col.co2e_t_per_unit", lang)], [[i.co2e_t, i.output, i.output_unit, i.co2e_t_per_unit]],
                [NUM_1, NUM_0, None, NUM_3])
    chart = BarChart()
    chart.type = "bar"
    chart.title = t("doc.chart_iso", lang, year=y.year)
    chart.y_axis.title = t("unit.t_co2e", lang)
    chart.legend = None
    ncol = 2 + len(gases) + 2
    chart.add_data(Reference(s.ws, min_col=ncol, min_row=chart_rows[0] - 1, max_row=chart_rows[1]),
                   titles_from_data=True)
    chart.set_categories(Reference(s.ws, min_col=2, min_row=chart_rows[0], max_row=chart_rows[1]))
    chart.height, chart.width = 9, 20
    s.ws.add_chart(chart, f"A{s.row + 1}")
    s.row += 20
    return s


def write_xlsx(m: ReportModel, path: Path, lang: str) -> None:
    """Write the workbook of ``m`` in ``lang`` to ``path`` (the caller makes the write atomic)."""
    wb = Workbook()
    first_ws = wb.active
    assert first_ws is not None
    wb.remove(first_ws)
    sheets = [_year_sheet(wb, m, y, lang) for y in m.years]
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
    s = _Sheet(wb, t("sheet_name.detail", lang))
    s.table([t("col.year", lang), t("col.sheet", lang), t("col.row", lang), t("col.description", lang),
             t("col.activity", lang), t("col.quantity", lang), t("col.unit", lang), t("col.category", lang),
             t("col.tier", lang), t("col.factor", lang), t("col.co2_t", lang), t("col.ch4_t", lang),
             t("col.n2o_t", lang), t("col.hfcs_co2e_t", lang), t("col.co2e_only_t", lang), t("col.co2e_t", lang),
             t("col.biogenic_co2_t", lang), t("col.memo_co2e_t", lang), t("col.notes", lang)],
            [[x.year, t(f"sheet.{x.sheet}", lang) if x.sheet and l10n.has(f"sheet.{x.sheet}", lang) else x.sheet,
              x.row, l10n.translate(x.description or "", lang), l10n.activity(x.activity, lang), x.quantity,
              l10n.unit(x.unit, lang), x.category, _tier(x.tier, lang),
              "; ".join(_cite(by_id.get(i), lang) for i in x.factor_ids), x.co2_t, x.ch4_t, x.n2o_t, x.hfcs_co2e_t,
              x.co2e_only_t, x.co2e_t, x.biogenic_co2_t, x.memo_co2e_t, l10n.translate("; ".join(x.notes), lang)]
             for x in m.sources],
            [None, None, None, None, None, "#,##0.###", None, None, None, None, NUM_3, "#,##0.0000", "#,##0.0000",
             NUM_3, NUM_3, NUM_1, NUM_1, NUM_1, None])
    sheets.append(s)
    s = _Sheet(wb, t("sheet_name.factors", lang))
    s.table([t("col.factor_id", lang), t("col.activity", lang), t("col.gas", lang), t("col.value", lang),
             t("col.unit", lang), t("col.source", lang), t("col.table", lang), t("col.tier", lang)],
            [[f.factor_id, l10n.activity(f.activity, lang) if f.activity else "", f.gas, f.value,
              l10n.unit(f.unit, lang), l10n.source(f.source_id, lang), l10n.table_ref(f.table, lang),
              _tier(f.tier, lang)] for f in m.factors],
            [None, None, None, "General", None, None, None, None])
    sheets.append(s)
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
    wb.save(str(path))


def _tier(tier: str, lang: str) -> str:
    return " + ".join(t(f"tier.{x}", lang) if l10n.has(f"tier.{x}", lang) else x for x in tier.split("+"))


def _cite(f: Any, lang: str) -> str:
    if f is None or f.value is None:
        return t("doc.own_factor", lang)
    return l10n.factor_citation(f.value, f.unit, f.source_id, f.table, lang)
