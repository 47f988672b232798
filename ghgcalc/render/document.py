"""The report as a document in one language: Form 06 sections, then an annex, as a list of blocks.

:func:`form06` turns a :class:`~ghgcalc.report_model.ReportModel` into headings,
paragraphs and tables whose every word comes from the catalogue of the
language and every number from :mod:`ghgcalc.l10n`; the Word, HTML and
Markdown renderers lay the same blocks out, so the three always say the same.
Section headings follow Form 06 (Appendix II, Decree 06/2022/NĐ-CP); the
activity-data tables are numbered as Circular 38/2023/TT-BCT Appendix II §1.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from .. import l10n
from ..l10n import num, t
from ..methods.energy_basis import GROSS_NOTE
from ..report_model import FORM06_FIELDS, FORM06_III4_FIELDS, ChecklistRow, IsoRow, ReportModel, SourceRow, YearReport


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    missing: bool = False  # a field the facility has not filled in: highlighted


@dataclass(frozen=True)
class Para:
    runs: tuple[Run, ...]
    align: Literal["left", "center", "right", "justify"] = "justify"
    style: Literal["body", "caption", "note", "bullet"] = "body"


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Col:
    label: str
    numeric: bool = False
    weight: float = 1.0  # relative width


@dataclass(frozen=True)
class Table:
    columns: tuple[Col, ...]
    rows: tuple[tuple[str, ...], ...]
    bold_rows: frozenset[int] = frozenset()
    caption: str = ""
    #: the figure that goes with the table, for renderers that draw one: ("iso" | "monte_carlo", year)
    figure: tuple[str, int] | None = None
    missing: frozenset[tuple[int, int]] = frozenset()  # (row, column) of cells the facility must still fill in

    @property
    def wide(self) -> bool:
        """Whether the table needs a landscape page."""
        return len(self.columns) > 7


@dataclass(frozen=True)
class Signature:
    title: str
    hint: str
    name: str
    missing: bool


@dataclass(frozen=True)
class Header:
    """Form 06 header: the facility (left), the national motto (right), place and date, title."""

    facility: str
    motto: tuple[str, str]
    place_date: str
    title: str
    subtitle: str


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Para | Heading | Table | Signature | Header | PageBreak


def p(text: str, **kw: object) -> Para:
    return Para((Run(text),), **kw)  # type: ignore[arg-type]


#: Circular 38/2023/TT-BCT Appendix II §1 tables by workbook sheet.
CIRCULAR_38_TABLES = {"stationary": "1.1", "mobile": "1.2", "refrigerants": "2.1", "electricity": "4.1",
                      "steam": "4.2"}


@dataclass
class _Doc:
    model: ReportModel
    lang: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, *b: Block) -> None:
        self.blocks.extend(b)


def _years_text(m: ReportModel, lang: str) -> str:
    ys = [str(y) for y in m.facility.reporting_years] or [str(y.year) for y in m.years]
    if len(ys) >= 2:
        return t("doc.year_and", lang, a=", ".join(ys[:-1]), b=ys[-1])
    return ", ".join(ys)


def _field(d: _Doc, key: str, value: str | None) -> tuple[Run, ...]:
    if value:
        return (Run(value),)
    return (Run(t("doc.missing", d.lang, field=t(f"field.{key}", d.lang)), missing=True),)


def cat_name(code: str, lang: str) -> str:
    return t(f"cat.{code}", lang) if l10n.has(f"cat.{code}", lang) else code


def iso_table(y: YearReport, lang: str, gwp_set: str) -> Table:
    """One year's ISO 14064-1 table: only the gases that occur, a CO2e-only column where needed, subtotals."""
    gases = [g for g in ("CO2", "CH4", "N2O", "HFCs", "PFCs", "SF6", "NF3")
             if any(abs(r.co2e_by_gas_t[g]) > 0 for r in y.iso)] or ["CO2"]
    only = any(abs(r.co2e_only_t) > 0 for r in y.iso)
    cols = [Col(t("col.code", lang), weight=0.6), Col(t("col.name", lang), weight=2.6)]
    cols += [Col(t(f"gas.{g}", lang), numeric=True) for g in gases]
    cols += [Col(t("col.co2e_only_t", lang), numeric=True)] if only else []
    cols += [Col(t("col.co2e_t", lang), numeric=True, weight=1.2)]

    def values(by_gas: dict[str, float], co2e_only: float, total: float) -> tuple[str, ...]:
        out = [num(by_gas.get(g, 0.0), lang) for g in gases]
        return (*out, *([num(co2e_only, lang)] if only else []), num(total, lang))

    rows = [(r.category, cat_name(r.category, lang), *values(r.co2e_by_gas_t, r.co2e_only_t, r.co2e_t))
            for r in y.iso if r.co2e_t or r.category in ("1.1", "2.1")]
    direct = [r for r in y.iso if r.category.startswith("1")]
    indirect = [r for r in y.iso if not r.category.startswith("1")]

    def subtotal(rs: list[IsoRow]) -> tuple[dict[str, float], float, float]:
        by = {g: float(sum(r.co2e_by_gas_t[g] for r in rs)) for g in gases}
        return by, float(sum(r.co2e_only_t for r in rs)), float(sum(r.co2e_t for r in rs))

    bold = set()
    for code, key, rs in (("1", "doc.direct", direct), ("2-6", "doc.indirect", indirect),
                          ("", "doc.total", direct + indirect)):
        bold.add(len(rows))
        rows.append((code, t(key, lang), *values(*subtotal(rs))))
    return Table(tuple(cols), tuple(rows), frozenset(bold),
                 caption=t("doc.results_year", lang, year=y.year, gwp_set=gwp_set), figure=("iso", y.year))


def outside_total(y: YearReport, lang: str) -> Para:
    tot = y.totals
    parts = [f"{t('doc.biogenic', lang)}: {num(tot.biogenic_co2_t, lang)}",
             f"{t('doc.memo', lang)}: {num(tot.memo_co2e_t, lang)}"]
    if tot.removals_co2e_t:
        parts.append(f"{t('doc.removals', lang)}: {num(tot.removals_co2e_t, lang)}")
    return p(f"{t('doc.outside_total', lang)} — " + "; ".join(parts) + ".", style="note")


def scope_table(y: YearReport, lang: str) -> Table:
    cols = (Col(t("col.scope", lang), weight=3), Col(t("unit.t_co2e", lang), numeric=True))
    rows = tuple((t(f"scope.{s.scope}", lang) if l10n.has(f"scope.{s.scope}", lang) else s.scope,
                  num(s.co2e_t, lang)) for s in y.scopes)
    return Table(cols, rows, caption=t("doc.scopes_year", lang, year=y.year))


def coverage_table(m: ReportModel, lang: str) -> Table:
    """Indirect categories 3-6 of every year in one table: quantified ones a row each, a value per year;
    those excluded in every year grouped by their reason (ISO 14064-1:2018 5.2.3: exclusions justified)."""
    years = [y.year for y in m.years]
    codes = list(dict.fromkeys(c.category for y in m.years for c in y.indirect_coverage))
    by = {(y.year, c.category): c for y in m.years for c in y.indirect_coverage}
    cols = (Col(t("col.code", lang), weight=0.6), Col(t("col.name", lang), weight=2.2),
            *[Col(str(y), numeric=True) for y in years], Col(t("col.exclusion_reason", lang), weight=2.4))

    def reason(code: str) -> str:
        texts = {y: l10n.translate(c.exclusion_reason, lang) if c.exclusion_reason else t("doc.no_reason", lang)
                 for y in years if (c := by.get((y, code))) is not None and not c.quantified}
        if len(set(texts.values())) <= 1:
            return next(iter(texts.values()), "")
        return "; ".join(f"{y}: {r}" for y, r in texts.items())

    rows: list[tuple[str, ...]] = []
    excluded: dict[str, list[str]] = {}
    for code in codes:
        cells = [by.get((y, code)) for y in years]
        if any(c is not None and c.quantified for c in cells):
            rows.append((code, cat_name(code, lang),
                         *[num(c.co2e_t, lang) if c is not None and c.quantified else t("doc.not_quantified", lang)
                           for c in cells], reason(code)))
        else:
            excluded.setdefault(reason(code), []).append(code)
    for why, group in excluded.items():
        names = [cat_name(c, lang) if len(group) == 1 else f"{c} {cat_name(c, lang)}" for c in group]
        rows.append((_code_ranges(group, codes), "; ".join(names),
                     *[t("doc.not_quantified", lang)] * len(years), why))
    # an exclusion without its reason is a gap the facility must fill (ISO 14064-1:2018 5.2.3): highlighted
    missing = frozenset((i, len(cols) - 1) for i, r in enumerate(rows) if t("doc.no_reason", lang) in r[-1])
    return Table(cols, tuple(rows), caption=t("doc.coverage", lang), missing=missing)


def _code_ranges(group: list[str], order: list[str]) -> str:
    """Codes as runs of consecutive ones in ``order``: ``3.1-3.5, 4.2, 5.1-6``."""
    pos = sorted(order.index(c) for c in group)
    runs: list[list[int]] = []
    for i in pos:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return ", ".join(order[r[0]] if len(r) == 1 else f"{order[r[0]]}–{order[r[-1]]}" for r in runs)


def uncertainty_table(y: YearReport, lang: str) -> Table:
    cols = (Col(t("col.category", lang), weight=2.6), Col(t("col.co2e_t", lang), numeric=True),
            Col(t("col.quantified_share", lang), numeric=True), Col(t("col.u95_pct", lang), numeric=True))
    rows: list[tuple[str, ...]] = []
    bold = set()
    for u in y.uncertainty:
        name = t("doc.total", lang) if u.category == "total" else f"{u.category} {cat_name(u.category, lang)}"
        if u.category == "total":
            bold.add(len(rows))
        rows.append((name, num(u.co2e_t, lang), l10n.pct(u.quantified_share, lang),
                     "" if u.u95_pct is None else f"± {num(u.u95_pct, lang)} %"))
    return Table(cols, tuple(rows), frozenset(bold), caption=t("doc.uncertainty_year", lang, year=y.year))


def factor_table(m: ReportModel, lang: str) -> Table:
    used: dict[str, set[str]] = {}
    ratios: set[str] = set()  # a gross row's factor without a gas: its NCV/GCV ratio (an energy unit needs no other)
    for s in m.sources:
        for fid in s.factor_ids:
            used.setdefault(fid, set()).add(s.activity)
        if gross(s):
            ratios.update(s.factor_ids)
    cols = (Col(t("col.activity", lang), weight=1.6), Col(t("col.gas", lang), weight=0.5),
            Col(t("col.factor", lang), weight=3.4), Col(t("col.tier", lang), weight=1.0))
    rows = []
    for f in m.factors:
        acts = sorted(used.get(f.factor_id, set()))
        what = ", ".join(l10n.activity(a, lang) for a in acts) or (l10n.activity(f.activity, lang) if f.activity
                                                                    else "")
        cite = (l10n.factor_citation(f.value, f.unit, f.source_id, f.table, lang) if f.value is not None
                else t("doc.own_factor", lang))
        if f.gas is None and f.factor_id in ratios:
            cite = t("doc.gross_ratio", lang, factor=cite)
        tier = t(f"tier.{f.tier}", lang) if l10n.has(f"tier.{f.tier}", lang) else f.tier
        rows.append((what, f.gas or "", cite, tier))
    rows.sort()
    return Table(cols, tuple(rows), caption=t("doc.factors_table", lang))


#: Input rows above which the document (Word, HTML, Markdown) sums its activity-data tables and its detail
#: annex by activity, year and unit instead of listing each row: a table of 100,000 rows is thousands of pages
#: that nobody reads and Word barely opens. Every row, with its factors and result, stays in the .xlsx
#: report's detail sheet, the JSON report and the CSV folder (``sources.csv``), which the document names.
DOCUMENT_ROWS = 1_000


def summed(m: ReportModel) -> bool:
    """Whether the document sums the rows (more than :data:`DOCUMENT_ROWS` input rows)."""
    return len(m.sources) > DOCUMENT_ROWS


def _sum(values: list[float | None]) -> float | None:
    """The sum of the given numbers in row order; ``None`` when none is given."""
    given = [v for v in values if v is not None]
    return sum(given) if given else None


def activity_tables(m: ReportModel, lang: str) -> list[Table]:
    """Activity data by Circular 38 App. II §1 table (sheet), a row per source and year (summed by activity,
    year and unit above :data:`DOCUMENT_ROWS` rows)."""
    out = []
    sheets = list(dict.fromkeys(s.sheet or "other" for s in m.sources))
    ordered = [s for s in CIRCULAR_38_TABLES if s in sheets] + [s for s in sheets if s not in CIRCULAR_38_TABLES]
    for sheet in ordered:
        rows = [s for s in m.sources if (s.sheet or "other") == sheet]
        name = t(f"sheet.{sheet}", lang) if l10n.has(f"sheet.{sheet}", lang) else sheet
        number = CIRCULAR_38_TABLES.get(sheet)
        caption = (t("doc.ad_table", lang, number=number, name=name) if number
                   else t("doc.ad_other", lang, name=name))
        if summed(m):
            out.append(_summed_activity_table(rows, lang, caption))
            continue
        energy = any(r.energy_tj for r in rows)
        described = any(r.description for r in rows)  # a column that tells rows apart, when the workbook has one
        cols = [Col(t("col.description", lang), weight=2.0)] if described else []
        cols += [Col(t("col.activity", lang), weight=1.8),
                Col(t("col.year", lang), weight=0.5), Col(t("col.quantity", lang), numeric=True),
                Col(t("col.unit", lang), weight=0.6)]
        cols += [_energy_col(rows, lang)] if energy else []
        recorded = any(r.data_document or r.data_provider or r.data_method for r in rows)
        cols += [Col(t("col.data_source", lang), weight=2.0)] if recorded else []
        body = []
        for r in sorted(rows, key=lambda r: (r.year or 0, r.row or 0)):
            line = ((l10n.translate(r.description or "", lang),) if described else ()) + (
                l10n.activity(r.activity, lang), str(r.year or ""), num(r.quantity, lang, _decimals(r.quantity)),
                _unit(r.unit, gross(r), lang))
            line += (num(r.energy_tj, lang, 3),) if energy else ()
            record = "; ".join(x for x in (r.data_document, r.data_provider, r.data_method) if x)
            body.append(line + ((l10n.translate(record, lang),) if recorded else ()))
        out.append(Table(tuple(cols), tuple(body), caption=caption))
    return out


def _summed_activity_table(rows: list[SourceRow], lang: str, caption: str) -> Table:
    """One sheet's activity data summed by activity, year and unit, with the number of input rows."""
    groups: dict[tuple[int | None, str, str, bool], list[SourceRow]] = {}
    for r in rows:  # a quantity stated gross is never added to one stated net
        groups.setdefault((r.year, r.activity, r.unit, gross(r)), []).append(r)
    energy = any(r.energy_tj for r in rows)
    cols = [Col(t("col.activity", lang), weight=1.8), Col(t("col.year", lang), weight=0.5),
            Col(t("col.quantity", lang), numeric=True), Col(t("col.unit", lang), weight=0.6)]
    cols += [_energy_col(rows, lang)] if energy else []
    cols += [Col(t("col.rows", lang), numeric=True, weight=0.6)]
    body = []
    for (year, activity, unit, stated_gross), group in sorted(groups.items(),
                                                              key=lambda kv: (kv[0][0] or 0, kv[1][0].row or 0)):
        quantity = _sum([r.quantity for r in group])
        line: tuple[str, ...] = (l10n.activity(activity, lang), str(year or ""),
                                 num(quantity, lang, _decimals(quantity)), _unit(unit, stated_gross, lang))
        line += (num(_sum([r.energy_tj for r in group]), lang, 3),) if energy else ()
        body.append(line + (num(len(group), lang, 0),))
    return Table(tuple(cols), tuple(body), caption=caption)


def gross(r: SourceRow) -> bool:
    """Whether the row's quantity was stated on the gross calorific basis (``energy_basis = gross``)."""
    return any(n.startswith(GROSS_NOTE) for n in r.notes)


def _unit(unit: str, stated_gross: bool, lang: str) -> str:
    """The unit as written, marked when its energy was stated gross: ``MMBtu (nhiệt trị cao, GCV)``."""
    return t("doc.unit_gross", lang, unit=l10n.unit(unit, lang)) if stated_gross else l10n.unit(unit, lang)


def _energy_col(rows: list[SourceRow], lang: str) -> Col:
    """The energy column, said to be net when a row was stated gross (its TJ are the net ones the factors met)."""
    key = "col.energy_tj_net" if any(gross(r) for r in rows) else "col.energy_tj"
    return Col(t(key, lang), numeric=True)


def _decimals(x: float | None) -> int:
    """Activity data as entered: whole numbers without decimals, others with up to three."""
    if x is None or float(x).is_integer():
        return 0
    return 3 if abs(x) < 10 else 1


def gwp_values_text(m: ReportModel, lang: str) -> str:
    return "; ".join(f"{t(f'gas.{g}', lang) if l10n.has(f'gas.{g}', lang) else g} {l10n.sig(v, lang)}"
                     for g, v in m.provenance.gwp_values.items())


def form06(m: ReportModel, lang: str) -> list[Block]:
    """Form 06 in ``lang`` (sections I-III and the signature), then an annex of ghgcalc's analyses."""
    d = _Doc(m, lang)
    f = m.facility
    d.add(Header(facility=(f.name or "").upper(), motto=(t("doc.motto_1", lang), t("doc.motto_2", lang)),
                 place_date=t("doc.place_date", lang, place=f.province or "……"),
                 title=t("doc.form06_title", lang, years=_years_text(m, lang)).upper(),
                 subtitle=t("doc.form06_ref", lang)))
    d.add(Heading(1, t("doc.s1", lang)), Heading(2, t("doc.s1_1", lang)))
    d.add(Para((Run(f"{t('doc.name', lang)}: "), *_field(d, "name", f.name)), style="bullet"),
          Para((Run(f"{t('doc.address', lang)}: "), *_field(d, "address", f.address)), style="bullet"),
          Para((Run(f"{t('doc.tax_code', lang)}: "), *_field(d, "tax_code", f.tax_code)), style="bullet"))
    d.add(Heading(2, t("doc.s1_2", lang)), Para(_field(d, "legal_representative", f.legal_representative)))
    d.add(Heading(2, t("doc.s1_3", lang)), Para(_field(d, "business_field", f.business_field)))

    d.add(Heading(1, t("doc.s2", lang)))
    for key, fid in (("doc.s2_1", "boundary_notes"), ("doc.s2_2", "technology_notes"),
                     ("doc.s2_3", "sources_notes"), ("doc.s2_4", "data_system_notes")):
        d.add(Heading(2, t(key, lang)), Para(_field(d, fid, getattr(f, fid))))
        if fid == "sources_notes":
            d.add(p(t("doc.sources_in_inventory", lang)))
            cats: dict[str, list[str]] = {}
            for s in m.sources:
                if s.co2e_t or s.biogenic_co2_t or s.memo_co2e_t:
                    cats.setdefault(s.category, [])
                    name = l10n.activity(s.activity, lang)
                    if name not in cats[s.category]:
                        cats[s.category].append(name)
            for code in sorted(cats):
                d.add(p(f"{code} {cat_name(code, lang)}: {', '.join(cats[code])}", style="bullet"))
        if fid == "boundary_notes":
            if f.consolidation:
                d.add(p(t("doc.consolidation", lang, value=f.consolidation)))

    d.add(Heading(1, t("doc.s3", lang)), Heading(2, t("doc.s3_1", lang)))
    d.add(p(t("doc.method_text", lang, gwp_set=m.provenance.gwp_set, gwp_values=gwp_values_text(m, lang))))
    for y in m.years:
        d.add(p(t("doc.period", lang, start=l10n.date(y.period_start, lang), end=l10n.date(y.period_end, lang)),
                style="bullet"))
    d.add(Para((Run(t("doc.base_year", lang, value="")),
                *_field(d, "base_year", str(f.base_year) if f.base_year else None)), style="bullet"))
    d.add(p(t("doc.recalc", lang, pct=l10n.sig(f.recalculation_threshold_pct, lang)), style="bullet"))
    d.add(p(t("doc.conformance", lang)))
    d.add(factor_table(m, lang))

    d.add(Heading(2, t("doc.s3_2", lang)))
    if summed(m):
        d.add(p(t("doc.summed_activity", lang, n=num(len(m.sources), lang, 0), sheet=t("sheet_name.detail", lang)),
                style="note"))
    d.add(*activity_tables(m, lang))

    d.add(Heading(2, t("doc.s3_3", lang)))
    for y in m.years:
        d.add(iso_table(y, lang, m.provenance.gwp_set), outside_total(y, lang), scope_table(y, lang))
        if y.intensity is not None:
            i = y.intensity
            d.add(p(t("doc.intensity_year", lang, year=y.year, value=num(i.co2e_t_per_unit, lang, 3),
                      unit=i.output_unit, co2e=num(i.co2e_t, lang), output=num(i.output, lang, _decimals(i.output)))))
    if m.change_vs_previous:
        d.add(years_table(m, lang))
    if m.recalculation is not None:
        d.add(*recalculation_blocks(m, lang))

    d.add(Heading(2, t("doc.s3_4", lang)))
    d.add(*quality_blocks(m, lang))
    for y in m.years:
        d.add(uncertainty_table(y, lang))
        if y.monte_carlo is not None:
            d.add(monte_carlo_table(y, lang))
    d.add(p(t("doc.uncertainty_note", lang), style="note"), p(t("doc.completeness", lang)))
    d.add(coverage_table(m, lang))
    if m.warnings:
        d.add(p(t("doc.warnings", lang) + ":"))
        d.add(*[p(l10n.translate(w, lang), style="bullet") for w in m.warnings])

    d.add(Signature(t("doc.signature", lang), t("doc.signature_hint", lang),
                    f.legal_representative or t("doc.missing", lang, field=t("field.legal_representative", lang)),
                    missing=not f.legal_representative))
    d.add(PageBreak(), Heading(1, t("doc.annex", lang)))
    annex(d)
    return d.blocks


def years_table(m: ReportModel, lang: str) -> Table:
    years = [y.year for y in m.years]
    cols = (Col(t("col.category", lang), weight=2.6), *[Col(str(y), numeric=True) for y in years],
            Col(t("col.change_t", lang), numeric=True))
    codes = list(dict.fromkeys(r.category for y in m.years for r in y.iso))
    rows = []
    for code in codes:
        vals = [next((r.co2e_t for r in y.iso if r.category == code), 0.0) for y in m.years]
        if not any(vals):
            continue
        rows.append((f"{code} {cat_name(code, lang)}", *[num(v, lang) for v in vals],
                     num(vals[-1] - vals[-2], lang, sign=True)))
    tot = [y.totals.co2e_t for y in m.years]
    rows.append((t("doc.total", lang), *[num(v, lang) for v in tot], num(tot[-1] - tot[-2], lang, sign=True)))
    return Table(cols, tuple(rows), frozenset({len(rows) - 1}), caption=t("doc.years_compared", lang))


def annex(d: _Doc) -> None:
    m, lang = d.model, d.lang
    if m.applicability is not None:
        d.add(Heading(2, t("doc.applicability", lang)))
        for line in l10n.translate(m.applicability.explanation[lang], lang).splitlines():
            d.add(p(line.lstrip("- "), style="bullet" if line.startswith("-") else "body"))
    if m.quota is not None:
        d.add(Heading(2, t("doc.quota", lang)), *quota_blocks(m, lang))
    if m.plan is not None:  # reductions come before counterbalancing (ISO 14068-1:2023)
        from .plan import plan_section

        d.add(*plan_section(m, lang))
    if m.neutrality is not None:
        d.add(Heading(2, t("doc.neutral", lang)), *neutrality_blocks(m, lang))
    for y in m.years:  # the heading names the first table: no caption repeating it
        d.add(Heading(2, t("doc.top_year", lang, year=y.year)), replace(top_table(y, lang), caption=""),
              gas_table(y, lang))
    if m.checklist:
        d.add(Heading(2, t("doc.checklist", lang)), replace(checklist_table(m, lang), caption=""))
    d.add(Heading(2, t("sheet_name.detail", lang)))
    if summed(m):
        d.add(p(t("doc.summed_detail", lang, n=num(len(m.sources), lang, 0), sheet=t("sheet_name.detail", lang)),
                style="note"))
    d.add(replace(detail_table(m, lang), caption=""))
    d.add(Heading(2, t("doc.provenance", lang)), replace(provenance_table(m, lang), caption=""))


def quota_blocks(m: ReportModel, lang: str) -> list[Block]:
    q = m.quota
    assert q is not None
    src = t("doc.quota_source_decision" if q.source == "decision" else "doc.quota_source_workbook", lang,
            decision=q.decision)
    cols = (Col(t("col.year", lang), weight=0.6), Col(t("col.allocated_t", lang), numeric=True),
            Col(t("col.emissions_t" if not q.emissions_verified else "col.emissions_verified_t", lang), numeric=True),
            Col(t("col.balance_t", lang), numeric=True))
    rows = tuple((str(y.year), num(y.quota.allocated_t, lang, 0), num(y.quota.emissions_t, lang, 0),
                  num(y.quota.balance_t, lang, 0, sign=True)) for y in m.years if y.quota is not None)
    out: list[Block] = [p(src)]
    if q.boundary:
        how = t("doc.quota_default" if q.boundary_is_default else "doc.quota_chosen", lang)
        out.append(p(t("doc.quota_counted", lang, text=q.boundary_text.get(lang, q.boundary), how=how,
                       citation=l10n.translate(q.boundary_citation, lang))))
        if any(q.outside_t.values()):
            per_year = "; ".join(f"{y}: {num(v, lang, 0)}" for y, v in sorted(q.outside_t.items()))
            out.append(p(t("doc.quota_outside", lang, categories=", ".join(q.outside_categories),
                           values=per_year)))
    out.append(Table(cols, rows))
    if not q.emissions_verified:
        out.append(p(t("doc.quota_not_verified", lang), style="note"))
    if q.balance_t is not None and q.balance_t < 0:
        short = -q.balance_t
        out.append(p(t("doc.quota_shortfall", lang, value=num(short, lang, 0), cap=num(q.offset_cap_t, lang, 0),
                       citation=l10n.translate(q.offset_cap_citation, lang))))
        rest = short - min(short, q.offset_cap_t)
        out.append(p(t("doc.quota_rest", lang, value=num(rest, lang, 0)) if rest > 0
                     else t("doc.quota_within_cap", lang)))
    elif q.balance_t is not None:
        out.append(p(t("doc.quota_surplus", lang, value=num(q.balance_t, lang, 0))))
    out.append(p(t("doc.quota_surrender", lang, date=l10n.date(q.surrender_deadline, lang))))
    return out


def top_table(y: YearReport, lang: str) -> Table:
    cols = (Col(t("col.activity", lang), weight=2.4), Col(t("col.category", lang), weight=0.6),
            Col(t("unit.t_co2e", lang), numeric=True), Col(t("col.share", lang), numeric=True))
    rows = tuple((l10n.activity(s.activity, lang), s.category, num(s.co2e_t, lang), l10n.pct(s.share, lang))
                 for s in y.top_sources)
    return Table(cols, rows, caption=t("doc.top_year", lang, year=y.year))


def gas_table(y: YearReport, lang: str) -> Table:
    cols = (Col(t("col.gas", lang), weight=1.6), Col(t("col.t_gas", lang), numeric=True),
            Col(t("unit.t_co2e", lang), numeric=True))
    rows = tuple((t(f"gas.{g.gas}", lang), "" if g.mass_t is None else num(g.mass_t, lang, 3 if abs(g.mass_t) < 100
                                                                            else 1), num(g.co2e_t, lang))
                 for g in y.by_gas if g.co2e_t or g.mass_t)
    return Table(cols, rows, caption=t("doc.by_gas_year", lang, year=y.year))


def detail_table(m: ReportModel, lang: str) -> Table:
    """Every source row: where it is in the workbook, its data, its factors as citations, its result, notes.

    Above :data:`DOCUMENT_ROWS` input rows, the rows of the same year, activity, unit and factors are summed
    (quantity and t CO2e, their distinct notes listed), and the activity names the number of rows."""
    by_id = {f.factor_id: f for f in m.factors}
    cols = (Col(t("col.year", lang), weight=0.5), Col(t("col.description", lang), weight=1.6),
            Col(t("col.quantity", lang), numeric=True), Col(t("col.unit", lang), weight=0.5),
            Col(t("col.factor", lang), weight=3.0), Col(t("col.co2e_t", lang), numeric=True),
            Col(t("col.notes", lang), weight=2.0))

    def cites(s: SourceRow) -> str:
        out = []
        for fid in s.factor_ids:
            f = by_id.get(fid)
            out.append(l10n.factor_citation(f.value, f.unit, f.source_id, f.table, lang)
                       if f is not None and f.value is not None else t("doc.own_factor", lang))
        return "; ".join(out)

    rows = []
    if summed(m):
        groups: dict[tuple[int | None, str, str, tuple[str, ...]], list[SourceRow]] = {}
        for s in m.sources:
            groups.setdefault((s.year, s.activity, s.unit, tuple(s.factor_ids)), []).append(s)
        for (year, activity, unit, _), group in groups.items():
            quantity = _sum([s.quantity for s in group])
            notes = list(dict.fromkeys(n for s in group for n in s.notes))
            where = t("doc.rows_of", lang, name=l10n.activity(activity, lang), n=num(len(group), lang, 0))
            rows.append((str(year or ""), where, num(quantity, lang, _decimals(quantity)),
                         _unit(unit, gross(group[0]), lang), cites(group[0]), num(sum(s.co2e_t for s in group), lang),
                         l10n.translate("; ".join(notes), lang)))
        return Table(cols, tuple(rows), caption=t("sheet_name.detail", lang))
    for s in m.sources:
        where = l10n.activity(s.activity, lang) + (f" — {l10n.translate(s.description, lang)}" if s.description else "")
        rows.append((str(s.year or ""), where, num(s.quantity, lang, _decimals(s.quantity)),
                     _unit(s.unit, gross(s), lang), cites(s), num(s.co2e_t, lang),
                     l10n.translate("; ".join(s.notes), lang)))
    return Table(cols, tuple(rows), caption=t("sheet_name.detail", lang))


def provenance_table(m: ReportModel, lang: str) -> Table:
    pv = m.provenance
    items = [("prov.schema_version", m.schema_version), ("prov.ghgcalc_version", pv.ghgcalc_version),
             ("prov.factor_dataset_version", pv.factor_dataset_version), ("prov.gwp_set", pv.gwp_set),
             ("prov.gwp_values", gwp_values_text(m, lang)), ("prov.input_file", pv.input_file or ""),
             ("prov.input_sha256", pv.input_sha256 or ""), ("prov.run_at_utc", pv.run_at_utc or ""),
             ("prov.rules_as_of", _iso_date(pv.rules_as_of, lang)),
             ("prov.default_combustion_sector",
              t(f"tech.{pv.default_combustion_sector}", lang) if pv.default_combustion_sector else "")]
    items += [("prov.factor_files", f) for f in pv.factor_files]
    items += [("prov.factors_as_of", _iso_date(pv.factors_as_of, lang))] if pv.factors_as_of else []
    cols = (Col(t("col.item", lang), weight=1.4), Col(t("col.value", lang), weight=3.0))
    return Table(cols, tuple((t(k, lang), v) for k, v in items), caption=t("doc.provenance", lang))


def _iso_date(text: str | None, lang: str) -> str:
    import datetime as dt

    try:
        return l10n.date(dt.date.fromisoformat(str(text)), lang)
    except ValueError:
        return str(text or "")


def missing_fields(m: ReportModel, lang: str) -> list[str]:
    """Warnings for the Form 06 fields the facility left blank, in ``lang``."""
    return [t("doc.missing_warning", lang, field=t(f"field.{k}", lang)) for k in (*FORM06_FIELDS, *FORM06_III4_FIELDS)
            if k in m.facility.missing]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def quality_blocks(m: ReportModel, lang: str) -> list[Block]:
    """Form 06 III.4 in words: the six statements on reliability, completeness and uncertainty (of the emission
    data, of the results), each flagged when blank, then the quality-control log (Circular 38/2023/TT-BCT Art. 20)."""
    f = m.facility
    out: list[Block] = []
    for group, keys in (("doc.quality_data", FORM06_III4_FIELDS[:3]), ("doc.quality_results", FORM06_III4_FIELDS[3:])):
        out.append(p(t(group, lang) + ":"))
        for k in keys:
            value = getattr(f, k)
            runs = (Run(value),) if value else (Run(t("doc.missing", lang, field=t(f"field.{k}", lang)), missing=True),)
            out.append(Para((Run(f"{_capital(t(f'aspect.{k}', lang))}: "), *runs), style="bullet"))
    if m.qc_log:
        out.append(qc_table(m, lang))
    else:
        out.append(Para((Run(t("doc.qc_none", lang), missing=True),)))
    return out


def qc_table(m: ReportModel, lang: str) -> Table:
    """The quality-control log: each check, by whom, when, its result, errors found and action taken."""
    cols = (Col(t("col.qc_check", lang), weight=2.4),
            Col(t("col.checked_by", lang), weight=1.2), Col(t("col.date", lang), weight=0.9),
            Col(t("col.result", lang), weight=0.9), Col(t("col.errors_found", lang), weight=1.6),
            Col(t("col.action_taken", lang), weight=1.6))
    rows = tuple((l10n.translate(q.check, lang), q.checked_by, l10n.date(q.date, lang),
                  t(f"qc.{q.result}", lang), q.errors_found or "", q.action_taken or "") for q in m.qc_log)
    return Table(cols, rows, caption=t("doc.qc_log", lang))


def _place(item: str, lang: str) -> str:
    """``sheet:row`` as words (``sheet 1.1 Stationary fuels, row 4``); ``column:key`` as a missing column."""
    kind, _, rest = item.partition(":")
    if kind == "column":
        return t("check.no_column", lang, column=t(f"colkey.{rest}", lang) if l10n.has(f"colkey.{rest}", lang)
                 else rest)
    name = t(f"sheet.{kind}", lang) if l10n.has(f"sheet.{kind}", lang) else kind
    return t("check.place", lang, sheet=name, row=rest) if kind else t("check.row", lang, row=rest)


def _places(items: list[str], lang: str) -> list[str]:
    """``sheet:row`` items grouped by sheet, in order: ``sheet 1.1 …, rows 4, 5, 7``."""
    groups: dict[str, list[str]] = {}
    for i in items:
        kind, _, rest = i.partition(":")
        if kind == "column":
            groups.setdefault(i, [])
        else:
            groups.setdefault(kind, []).append(rest)
    out = []
    for kind, rows in groups.items():
        if kind.startswith("column:") or len(rows) == 1:
            out.append(_place(kind if kind.startswith("column:") else f"{kind}:{rows[0]}", lang))
            continue
        name = t(f"sheet.{kind}", lang) if l10n.has(f"sheet.{kind}", lang) else kind
        out.append(t("check.places", lang, sheet=name, rows=", ".join(rows)) if kind
                   else t("check.rows", lang, rows=", ".join(rows)))
    return out


def check_findings(c: ChecklistRow, lang: str) -> str:
    """What a check found, in ``lang`` (ids turned into words)."""
    items = c.items
    if c.check in ("form06_fields", "quality_aspects"):
        text = "; ".join(t(f"field.{k}", lang) for k in items)
    elif c.check == "reporting_years":
        if c.due is None:
            return t("check.no_deadline", lang)
        text = t("check.due", lang, date=l10n.date(c.due, lang), years=", ".join(map(str, c.years)))
        if items:
            text += "; " + t("check.no_data", lang, years=", ".join(items))
    elif c.check == "indirect_exclusions":
        text = ", ".join(items) + (f" ({', '.join(map(str, c.years))})" if items else "")
    elif c.check in ("data_sources", "data_method"):
        text = "; ".join(_places(items, lang))
    elif c.check == "qc_log":
        text = (t("check.qc_done", lang, n=items[0], errors=items[1]) if len(items) == 2
                else t("check.qc_none", lang))
    else:  # base_year, gwp_set, factors_cited: values and factor ids as they are
        text = ", ".join(items)
    if c.more:
        text += " " + t("check.more", lang, n=c.more)
    return text


def checklist_table(m: ReportModel, lang: str) -> Table:
    """The pre-submission checklist: each check, pass or fail, what it found, and the article it rests on."""
    cols = (Col(t("col.check", lang), weight=2.0), Col(t("col.status", lang), weight=0.8),
            Col(t("col.findings", lang), weight=2.6), Col(t("col.reference", lang), weight=2.0))
    rows = tuple((t(f"check.{c.check}", lang), t(f"status.{c.status}", lang), check_findings(c, lang),
                  t(f"check_ref.{c.check}", lang)) for c in m.checklist)
    missing = frozenset((i, 1) for i, c in enumerate(m.checklist) if c.status == "fail")
    return Table(cols, rows, caption=t("doc.checklist", lang), missing=missing)


def recalculation_blocks(m: ReportModel, lang: str) -> list[Block]:
    """Earlier years as published and as computed today, with the reasons (ISO 14064-1:2018 6.4)."""
    r = m.recalculation
    assert r is not None
    cols = (Col(t("col.year", lang), weight=0.5), Col(t("col.category", lang), weight=2.2),
            Col(t("col.original_co2e_t" if r.previous_factors_as_of is None else "col.then_co2e_t", lang),
                numeric=True),
            Col(t("col.recalculated_co2e_t" if r.previous_factors_as_of is None else "col.now_co2e_t", lang),
                numeric=True),
            Col(t("col.change_t", lang), numeric=True), Col(t("col.change_pct", lang), numeric=True),
            Col(t("col.reasons", lang), weight=2.0))
    rows: list[tuple[str, ...]] = []
    bold = set()
    for x in r.rows:
        name = t("doc.total", lang) if x.category == "total" else f"{x.category} {cat_name(x.category, lang)}"
        if x.category == "total":
            bold.add(len(rows))
        reasons = ", ".join(t(f"recalc.{c}", lang) if l10n.has(f"recalc.{c}", lang) else c for c in x.reasons)
        rows.append((str(x.year), name, num(x.original_co2e_t, lang), num(x.recalculated_co2e_t, lang),
                     num(x.difference_co2e_t, lang, sign=True),
                     "" if x.difference_pct is None else f"{num(x.difference_pct, lang, sign=True)} %", reasons))
    verdict = t("doc.recalc_required" if r.required else "doc.recalc_not_required", lang,
                pct=l10n.sig(r.threshold_pct, lang))
    out: list[Block] = []
    if r.previous_factors_as_of is not None:
        out.append(p(t("doc.recalc_as_of", lang, date=l10n.date(r.previous_factors_as_of, lang))))
    caption = t("doc.recalc_table_as_of" if r.previous_factors_as_of is not None else "doc.recalc_table", lang)
    return [*out, Table(cols, tuple(rows), frozenset(bold), caption=caption), p(verdict)]


def monte_carlo_table(y: YearReport, lang: str) -> Table:
    """One year's Monte Carlo result (IPCC 2006 Vol. 1 Ch. 3 Approach 2): mean and 95 % interval per category."""
    mc = y.monte_carlo
    assert mc is not None
    cols = (Col(t("col.category", lang), weight=2.4), Col(t("col.co2e_t", lang), numeric=True),
            Col(t("col.mean_co2e_t", lang), numeric=True), Col(t("col.p2_5_co2e_t", lang), numeric=True),
            Col(t("col.p97_5_co2e_t", lang), numeric=True), Col(t("col.u_range", lang), numeric=True))
    rows: list[tuple[str, ...]] = []
    bold = set()
    for r in mc.rows:
        name = t("doc.total", lang) if r.category == "total" else f"{r.category} {cat_name(r.category, lang)}"
        if r.category == "total":
            bold.add(len(rows))
        spread = r.u_lower_pct is not None and r.u_upper_pct is not None and (
            round(abs(r.u_lower_pct), 1) > 0 or round(r.u_upper_pct, 1) > 0)
        u = f"−{num(abs(r.u_lower_pct or 0), lang)} % / +{num(r.u_upper_pct or 0, lang)} %" if spread else "—"
        rows.append((name, num(r.co2e_t, lang), num(r.mean_co2e_t, lang), num(r.p2_5_co2e_t, lang),
                     num(r.p97_5_co2e_t, lang), u))
    caption = t("doc.mc_year", lang, year=y.year, draws=num(mc.draws, lang, 0),
                seed="—" if mc.seed is None else str(mc.seed))
    return Table(cols, tuple(rows), frozenset(bold), caption=caption, figure=("monte_carlo", y.year))


def neutrality_blocks(m: ReportModel, lang: str) -> list[Block]:
    """The carbon-neutrality balance (ISO 14068-1:2023): per year footprint, reduction, credits, balance, claim;
    the credits retired; the Decree 119 cap for a quota facility."""
    n = m.neutrality
    assert n is not None
    out: list[Block] = [p(t("doc.neutral_intro", lang))]
    capped = any(y.offset_cap_t is not None for y in n.years)
    cols = [Col(t("col.year", lang), weight=0.6), Col(t("col.footprint_t", lang), numeric=True)]
    if n.base_year is not None:
        cols.append(Col(t("col.reduction_vs_base_t", lang, year=n.base_year), numeric=True))
    cols += [Col(t("col.credits_t", lang), numeric=True), Col(t("col.neutral_balance_t", lang), numeric=True)]
    if capped:
        cols += [Col(t("col.offset_cap_t", lang), numeric=True)]
    cols.append(Col(t("col.claim", lang), weight=1.6))
    rows = []
    for y in n.years:
        row = [str(y.year), num(y.footprint_t, lang)]
        if n.base_year is not None:
            row.append(num(y.reduction_vs_base_t, lang, sign=True))
        row += [num(y.credits_t, lang), num(y.balance_t, lang, sign=True)]
        if capped:
            row.append(num(y.offset_cap_t, lang))
        row.append(t(f"neutral.claim.{y.claim}", lang) if y.reason is None
                   else f"{t(f'neutral.claim.{y.claim}', lang)}: {t(f'neutral.reason.{y.reason}', lang)}")
        rows.append(tuple(row))
    out.append(Table(tuple(cols), tuple(rows), caption=t("doc.neutral_table", lang)))
    out.append(p(t("doc.neutral_rule", lang), style="note"))
    if not n.reduction_plan:
        out.append(p(t("doc.neutral_no_plan", lang)))
    if capped and n.offset_cap_share is not None:
        over = [y for y in n.years if y.credits_over_cap_t]
        out.append(p(t("doc.neutral_cap", lang, share=num(100 * n.offset_cap_share, lang, 0),
                       citation=l10n.translate(n.offset_cap_citation or "", lang))))
        for y in over:
            out.append(p(t("doc.neutral_over_cap", lang, year=y.year, value=num(y.credits_over_cap_t, lang),
                           cap=num(y.offset_cap_t, lang)), style="bullet"))
    # the serial numbers (unbroken, up to about 70 characters) in a table of their own, so both fit a portrait page
    ccols = (Col(t("col.number", lang), weight=0.4), Col(t("col.registry_type", lang), weight=1.2),
             Col(t("col.project", lang), weight=2.0), Col(t("col.vintage", lang), weight=0.8),
             Col(t("col.quantity_t_co2e", lang), numeric=True), Col(t("col.retired_for_year_date", lang), weight=1.2))
    crow = tuple((str(i), f"{c.registry}, {c.type}", c.project or "", str(c.vintage), num(c.quantity_t, lang),
                  str(c.retired_for_year) + (f" ({_iso_date(c.retirement_date, lang)})" if c.retirement_date else ""))
                 for i, c in enumerate(n.credits, start=1))
    out.append(Table(ccols, crow, caption=t("doc.neutral_credits", lang)))
    out.append(Table((Col(t("col.number", lang), weight=0.4), Col(t("col.serial", lang), weight=6.0)),
                     tuple((str(i), c.serial) for i, c in enumerate(n.credits, start=1)),
                     caption=t("doc.neutral_serials", lang)))
    return out
