"""The reduction plan (Decree 06/2022 Art. 12) in the report: blocks shared by Word, HTML and Markdown, the
marginal abatement cost curve as SVG, terminal lines and the workbook sheet with its chart.

Every word comes from the catalogue of the language, every number from :mod:`ghgcalc.l10n`; a measure is
named by its description (the user's words), else its id.
"""

from __future__ import annotations

import html
import textwrap
from typing import Any

from .. import l10n
from ..l10n import num, t
from ..report_model import PlanMeasure, PlanModel, ReportModel
from .document import Block, Col, Heading, Para, Table, p


def _label(pm: PlanModel, measure: str) -> str:
    for x in pm.measures:
        if x.measure == measure:
            return x.description or x.measure
    return measure


def _mid(name: str) -> str:
    """An activity's name inside a sentence: "dầu nhiên liệu (FO)", "purchased grid electricity"; R-22 stays."""
    return name[0].lower() + name[1:] if name[1:2].islower() else name


def _share(v: Any, lang: str) -> str:
    return l10n.pct(float(v), lang, 0 if float(v) * 100 == int(float(v) * 100) else 1)


def _sig(v: Any, lang: str) -> str:
    return l10n.sig(float(v), lang)


def what(x: PlanMeasure, lang: str) -> str:
    """What the measure changes, in words and the numbers given."""
    a = x.parameters
    key = f"doc.plan_what.{x.kind}"

    def act(k: str) -> str:
        from ..activities import resolve

        v = str(a.get(k, ""))
        return _mid(l10n.activity(resolve(v) or v, lang)) if v else ""

    share = _share(a.get("share", 1.0), lang)
    part = "" if float(a.get("share", 1.0)) == 1.0 else t("doc.plan_what.share_part", lang, share=share)
    if x.kind == "solar_rooftop":
        mwh = float(a["kwp"]) * float(a["yield_kwh_per_kwp"]) / 1000
        return t(key, lang, **{"kwp": num(float(a["kwp"]), lang, 0), "mwh": num(mwh, lang, 0),
                               "yield": num(float(a["yield_kwh_per_kwp"]), lang, 0),
                               "source": str(a.get("yield_source", ""))})
    if x.kind in ("electricity_saving", "biogas_capture"):
        return t(key, lang, pct=_sig(a["pct"], lang))
    if x.kind == "dppa":
        return t(key, lang, pct=_sig(a["pct"], lang), ef=_sig(a["ef_market"], lang))
    if x.kind == "fuel_switch":
        ratio = a.get("efficiency_ratio")
        extra = t("doc.plan_what.fuel_switch_ratio", lang, ratio=_sig(ratio, lang)) if ratio not in (None, 1.0) else ""
        return t(key, lang, share=share, source=act("from_activity"), target=act("to_activity"), ratio=extra)
    if x.kind == "boiler_efficiency":
        return t(key, lang, source=act("from_activity"), before=_sig(a["efficiency_before"], lang),
                 after=_sig(a["efficiency_after"], lang), share=part)
    return t(key, lang, share=share, source=act("from_activity"), target=act("to_activity"))


def _years(m: ReportModel, pm: PlanModel) -> list[int]:
    """The years the plan's tables show: the report's years from the first measure's start."""
    first = min((x.from_year for x in pm.measures), default=0)
    stated = set(m.facility.reporting_years)
    shown = [y.year for y in pm.years if y.year >= first and (not stated or y.year in stated)]
    return shown or [pm.years[-1].year]


def _unit(unit: str, lang: str) -> str:
    from ..applicability import _UNIT_VI

    return _UNIT_VI.get(unit, unit) if lang == "vi" else unit


def note_text(pm: PlanModel, n: Any, lang: str) -> str:
    act = _mid(l10n.activity(n.activity, lang)) if n.activity else ""
    return t(f"plan.note.{n.code}", lang, measure=_label(pm, n.measure),
             other=", ".join(_label(pm, o) for o in n.other), activity=act, years=", ".join(map(str, n.years)))


def plan_blocks(m: ReportModel, lang: str) -> list[Block]:
    """The plan's section: the measures, emissions without and with them, the MAC table (and its figure),
    the Decree 06 status and listing criteria, the quota balance, the notes."""
    pm = m.plan
    assert pm is not None
    cur = pm.currency
    out: list[Block] = [p(t("doc.plan_intro", lang))]
    costs = any(x.annualised_cost is not None for x in pm.measures)
    cols = [Col(t("col.order", lang), weight=0.4), Col(t("col.measure", lang), weight=2.0),
            Col(t("col.from_year", lang), weight=0.6), Col(t("col.what", lang), weight=3.4)]
    if costs:
        cols += [Col(t("col.capital_cost", lang), numeric=True, weight=1.4),
                 Col(t("col.annual_cost", lang), numeric=True, weight=1.4)]
    rows = []
    for x in pm.measures:
        row: tuple[str, ...] = (str(x.order), x.description or x.measure, str(x.from_year), what(x, lang))
        if costs:
            row += (num(x.capital_cost, lang, 0), num(x.annual_cost, lang, 0, sign=x.annual_cost is not None
                                                      and x.annual_cost > 0))
        rows.append(row)
    out.append(Table(tuple(cols), tuple(rows), caption=t("doc.plan_measures", lang, currency=cur)))

    years = _years(m, pm)
    by = {y.year: y for y in pm.years}
    ecols = (Col("", weight=2.6), *[Col(str(y), numeric=True) for y in years])
    erows: list[tuple[str, ...]] = [(t("doc.plan_baseline", lang), *[num(by[y].baseline_t, lang) for y in years])]
    for x in pm.measures:
        vals = [next(v.abatement_t for v in by[y].measures if v.measure == x.measure) for y in years]
        erows.append((t("doc.plan_abated_by", lang, measure=x.description or x.measure),
                      *[num(-v, lang, sign=True) if v else "—" for v in vals]))
    erows.append((t("doc.plan_with", lang), *[num(by[y].with_plan_t, lang) for y in years]))
    erows.append((t("doc.plan_abatement", lang), *[num(by[y].abatement_t, lang) for y in years]))
    bold = {0, len(erows) - 2}
    if any(x.kind == "dppa" for x in pm.measures):
        erows.append((t("doc.plan_market_baseline", lang), *[num(by[y].baseline_scope2_market_t, lang)
                                                            for y in years]))
        erows.append((t("doc.plan_market_with", lang), *[num(by[y].with_plan_scope2_market_t, lang) for y in years]))
    out.append(Table(ecols, tuple(erows), frozenset(bold), caption=t("doc.plan_emissions", lang)))

    if pm.mac and pm.mac_year is not None:
        mcols = (Col(t("col.measure", lang), weight=2.4), Col(t("col.abatement_t", lang), numeric=True),
                 Col(t("col.cost_per_t", lang, currency=cur), numeric=True),
                 Col(t("col.cumulative_t", lang), numeric=True))
        mrows = tuple((_label(pm, s.measure), num(s.abatement_t, lang), num(s.cost_per_t, lang, 0),
                       num(s.cumulative_end_t, lang)) for s in pm.mac)
        out.append(Table(mcols, mrows, caption=t("doc.plan_mac", lang, year=pm.mac_year, currency=cur),
                         figure=("mac", pm.mac_year)))
        on_curve = {s.measure for s in pm.mac}
        off = [_label(pm, x.measure) for x in pm.measures if x.measure not in on_curve]
        if off:
            out.append(p(t("doc.plan_mac_missing", lang, year=pm.mac_year, names="; ".join(off)), style="note"))
    if costs:
        out.append(p(t("doc.plan_cost_method", lang), style="note"))

    st = {s.scenario: s for s in pm.status}
    if "baseline" in st and "with_plan" in st:
        from ..applicability import _STATUS

        words = _STATUS.get(lang, _STATUS["en"])
        out.append(p(t("doc.plan_status", lang, year=st["with_plan"].data_year or "",
                       baseline=words.get(st["baseline"].status, st["baseline"].status),
                       with_plan=words.get(st["with_plan"].status, st["with_plan"].status))))
    if pm.criteria:
        def cell(v: float | None, met: bool | None, unit: str) -> str:
            if v is None:
                return "—"
            return f"{num(v, lang)} {_unit(unit, lang)} ({t('doc.met' if met else 'doc.not_met', lang)})"

        ccols = (Col(t("col.criterion", lang), weight=2.6), Col(t("col.threshold", lang), numeric=True),
                 Col(t("col.without_plan", lang), numeric=True), Col(t("col.with_plan", lang), numeric=True))
        crow = tuple((f"{c.description.get(lang, c.description['en'])} ({l10n.translate(c.citation, lang)})",
                      f"{num(c.threshold, lang, 0)} {_unit(c.unit, lang)}",
                      cell(c.value_baseline, c.met_baseline, c.unit), cell(c.value_with_plan, c.met_with_plan, c.unit))
                     for c in pm.criteria)
        out.append(Table(ccols, crow, caption=t("doc.plan_criteria", lang, year=st["with_plan"].data_year
                                                 if "with_plan" in st else "")))
    if pm.quota:
        qcols = (Col(t("col.year", lang), weight=0.6), Col(t("col.allocated_t", lang), numeric=True),
                 Col(t("col.balance_without_t", lang), numeric=True), Col(t("col.balance_with_t", lang), numeric=True))
        qrows = tuple((str(q.year), num(q.allocated_t, lang, 0), num(q.balance_baseline_t, lang, 0, sign=True),
                       num(q.balance_with_plan_t, lang, 0, sign=True)) for q in pm.quota)
        out.append(Table(qcols, qrows, caption=t("doc.plan_quota", lang)))
    if pm.notes:
        out.append(p(t("doc.plan_notes", lang) + ":"))
        out += [p(note_text(pm, n, lang), style="bullet") for n in pm.notes]
    return out


def plan_section(m: ReportModel, lang: str) -> list[Block]:
    """The heading and blocks of the plan (empty without a plan)."""
    if m.plan is None:
        return []
    return [Heading(2, t("doc.plan", lang)), *plan_blocks(m, lang)]


def _h(text: str) -> str:
    return html.escape(text, quote=True)


def mac_svg(m: ReportModel, lang: str) -> str:
    """The marginal abatement cost curve: a column per measure, as wide as its reduction [t CO2e] and as high as
    its cost per tonne (below the axis: a saving), cheapest first, numbered; a legend names each measure with its
    cost; both axes in ``lang``. Coordinates are whole numbers (the SVG may stand in Markdown, whose numbers are
    read as the language's)."""
    pm = m.plan
    if pm is None or not pm.mac or pm.mac_year is None:
        return ""
    steps = pm.mac
    w, left, right, top, plot_h, line_h = 720, 100, 20, 30, 220, 18
    legend_top = top + plot_h + 52
    h = legend_top + line_h * len(steps) + 8
    total = steps[-1].cumulative_end_t or 1.0
    hi = max(0.0, *(s.cost_per_t for s in steps))
    lo = min(0.0, *(s.cost_per_t for s in steps))
    span = (hi - lo) or 1.0

    def x(v: float) -> int:
        return round(left + (w - left - right) * v / total)

    def y(v: float) -> int:
        return round(top + plot_h * (hi - v) / span)

    colours = ("#2f6f9f", "#5a9b4b", "#c47d2a", "#8a5aa8", "#3d9a9a", "#b24a4a", "#6b6b6b")
    title = t("doc.chart_mac", lang, year=pm.mac_year)
    unit = t("doc.mac_y", lang, currency=pm.currency)
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' role='img' viewBox='0 0 {w} {h}' width='100%' "
             f"style='max-width:{w}px' font-family='Times New Roman, serif'><title>{_h(title)}</title>"]
    zero = y(0.0)
    for i, s in enumerate(steps):
        x0, x1 = x(s.cumulative_start_t), x(s.cumulative_end_t)
        y0, y1 = sorted((zero, y(s.cost_per_t)))
        colour = colours[i % len(colours)]
        parts.append(f"<rect x='{x0}' y='{y0}' width='{max(x1 - x0 - 1, 1)}' height='{max(y1 - y0, 1)}' "
                     f"fill='{colour}'><title>{_h(_label(pm, s.measure))}</title></rect>")
        # the measure's number on the other side of the axis from its column
        ny = zero - 4 if s.cost_per_t < 0 else zero + 13
        parts.append(f"<text x='{(x0 + x1) // 2}' y='{ny}' font-size='11' text-anchor='middle'>{i + 1}</text>")
        ly = legend_top + line_h * i
        parts.append(f"<rect x='{left}' y='{ly - 10}' width='12' height='12' fill='{colour}'/>"
                     f"<text x='{left + 18}' y='{ly}' font-size='12'>{i + 1}. {_h(_label(pm, s.measure))}: "
                     f"{_h(num(s.cost_per_t, lang, 0))} {_h(unit)}; {_h(num(s.abatement_t, lang))} "
                     f"{_h(t('unit.t_co2e', lang))}</text>")
    bottom = top + plot_h
    parts.append(f"<line x1='{left}' x2='{w - right}' y1='{zero}' y2='{zero}' stroke='#111'/>"
                 f"<line x1='{left}' x2='{left}' y1='{top}' y2='{bottom}' stroke='#111'/>")
    for v in sorted({hi, lo, 0.0}):
        parts.append(f"<line x1='{left - 4}' x2='{left}' y1='{y(v)}' y2='{y(v)}' stroke='#111'/>"
                     f"<text x='{left - 6}' y='{y(v) + 4}' font-size='11' text-anchor='end'>"
                     f"{_h(num(v, lang, 0))}</text>")
    for v, anchor in ((0.0, "start"), (total, "end")):
        parts.append(f"<text x='{x(v)}' y='{bottom + 16}' font-size='11' text-anchor='{anchor}'>"
                     f"{_h(num(v, lang, 0))}</text>")
    parts.append(f"<text x='{left}' y='{top - 12}' font-size='12' font-style='italic'>{_h(unit)}</text>"
                 f"<text x='{(left + w - right) // 2}' y='{bottom + 34}' font-size='12' font-style='italic' "
                 f"text-anchor='middle'>{_h(t('doc.mac_x', lang))}</text></svg>")
    return f"<figure><figcaption>{_h(title)}</figcaption>{''.join(parts)}</figure>"


def plan_lines(m: ReportModel, lang: str) -> list[str]:
    """The plan for the terminal: its tables as aligned columns, its sentences as lines."""
    out = [t("doc.plan", lang) + ":"]
    for b in plan_section(m, lang)[1:]:
        if isinstance(b, Para):
            text = "".join(r.text for r in b.runs)
            out.append(("  - " if b.style == "bullet" else "  ") + text)
        elif isinstance(b, Table):
            if b.caption:
                out.append("  " + b.caption)
            widths = [min(max(len(c.label), *(len(r[j]) for r in b.rows)), 48) for j, c in enumerate(b.columns)]
            for row in ((c.label for c in b.columns), *b.rows):  # a long cell wraps within its column
                cells = [textwrap.wrap(v, w) or [""] for v, w in zip(row, widths, strict=True)]
                for k in range(max(len(c) for c in cells)):
                    parts = [(c[k] if k < len(c) else "") for c in cells]
                    out.append("    " + "  ".join(v.rjust(w) if col.numeric else v.ljust(w)
                                                  for v, w, col in zip(parts, widths, b.columns, strict=True))
                               .rstrip())
    return out


def plan_sheet(wb: Any, m: ReportModel, lang: str) -> Any:
    """The plan's sheet of the report workbook: its tables with numbers as numbers, the MAC curve as a step chart
    (x: cumulative reduction, y: cost per tonne), the status, criteria, quota balance and notes as text."""
    from openpyxl.chart import Reference, ScatterChart, Series

    from .xlsx import NUM_0, NUM_1, _Sheet

    pm = m.plan
    assert pm is not None
    s = _Sheet(wb, t("sheet_name.plan", lang))
    s.title(t("doc.plan", lang))
    s.note(t("doc.plan_intro", lang))
    cur = pm.currency
    s.title(t("doc.plan_measures", lang, currency=cur))
    s.table([t("col.order", lang), t("col.measure", lang), t("col.kind", lang), t("col.from_year", lang),
             t("col.what", lang), t("col.capital_cost", lang), t("col.annual_cost", lang)],
            [[x.order, x.description or x.measure, t(f"plan.kind.{x.kind}", lang), x.from_year, what(x, lang),
              x.capital_cost, x.annual_cost] for x in pm.measures], [None, None, None, None, None, NUM_0, NUM_0])
    years = _years(m, pm)
    by = {y.year: y for y in pm.years}
    rows: list[list[Any]] = [[t("doc.plan_baseline", lang), *[by[y].baseline_t for y in years]]]
    for x in pm.measures:
        rows.append([t("doc.plan_abated_by", lang, measure=x.description or x.measure),
                     *[-next(v.abatement_t for v in by[y].measures if v.measure == x.measure) for y in years]])
    rows.append([t("doc.plan_with", lang), *[by[y].with_plan_t for y in years]])
    rows.append([t("doc.plan_abatement", lang), *[by[y].abatement_t for y in years]])
    if any(x.kind == "dppa" for x in pm.measures):
        rows.append([t("doc.plan_market_baseline", lang), *[by[y].baseline_scope2_market_t for y in years]])
        rows.append([t("doc.plan_market_with", lang), *[by[y].with_plan_scope2_market_t for y in years]])
    s.title(t("doc.plan_emissions", lang))
    s.table(["", *[str(y) for y in years]], rows, [None, *[NUM_1] * len(years)], bold_rows={0, len(pm.measures) + 1})
    if pm.mac and pm.mac_year is not None:
        s.title(t("doc.plan_mac", lang, year=pm.mac_year, currency=cur))
        s.table([t("col.measure", lang), t("col.abatement_t", lang), t("col.cost_per_t", lang, currency=cur),
                 t("col.cumulative_t", lang)],
                [[_label(pm, st.measure), st.abatement_t, st.cost_per_t, st.cumulative_end_t] for st in pm.mac],
                [None, NUM_1, NUM_0, NUM_1])
        # the curve's corners: each step from its start to its end at its cost, down to 0 between steps
        pts: list[list[Any]] = []
        for st in pm.mac:
            pts += [[st.cumulative_start_t, 0.0], [st.cumulative_start_t, st.cost_per_t],
                    [st.cumulative_end_t, st.cost_per_t], [st.cumulative_end_t, 0.0]]
        s.title(t("doc.chart_mac", lang, year=pm.mac_year))
        p0, p1 = s.table([t("col.cumulative_t", lang), t("col.cost_per_t", lang, currency=cur)], pts,
                         [NUM_1, NUM_0])
        chart = ScatterChart()
        chart.title = t("doc.chart_mac", lang, year=pm.mac_year)
        chart.style = 13
        chart.x_axis.title = t("doc.mac_x", lang)
        chart.y_axis.title = t("doc.mac_y", lang, currency=cur)
        chart.legend = None
        series = Series(Reference(s.ws, min_col=2, min_row=p0, max_row=p1),
                        Reference(s.ws, min_col=1, min_row=p0, max_row=p1))
        series.marker.symbol = "none"
        series.smooth = False
        chart.series.append(series)
        chart.x_axis.number_format = NUM_0
        chart.y_axis.number_format = NUM_0
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.x_axis.tickLblPos = "low"  # the axis labels under the plot, not on the zero line
        chart.height, chart.width = 9, 18
        s.ws.add_chart(chart, f"D{p0}")  # beside the curve's points
    numeric = {t("doc.plan_measures", lang, currency=cur), t("doc.plan_emissions", lang),
               t("doc.plan_mac", lang, year=pm.mac_year, currency=cur)}  # written above with numbers as numbers
    for b in plan_blocks(m, lang)[1:]:  # after the introduction: the notes, status, criteria, quota as text
        if isinstance(b, Para):
            s.note(("• " if b.style == "bullet" else "") + "".join(r.text for r in b.runs))
        elif isinstance(b, Table) and b.caption not in numeric:
            s.title(b.caption)
            s.table([c.label for c in b.columns], [list(r) for r in b.rows], [None] * len(b.columns))
    return s
