"""The report as a terminal summary: every figure in a column of its year, words and numbers of the language."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .. import l10n
from ..l10n import num, t
from ..report_model import ReportModel
from .document import Para, Table, cat_name, missing_fields, quota_blocks


def summary(m: ReportModel, lang: str) -> str:
    """A readable summary: ISO categories, totals, items outside the total and scopes, one column per year."""
    years = m.years
    codes = list(dict.fromkeys(r.category for y in years for r in y.iso))
    names = [cat_name(c, lang) for c in codes] + [t(k, lang) for k in ("doc.direct", "doc.indirect", "doc.memo")]
    w = min(60, max(30, *(len(n) for n in names)))

    def line(code: str, name: str, values: Sequence[float | None]) -> str:
        return f"  {code:>4}  {name[:w]:<{w}} " + " ".join(f"{num(v, lang):>12}" for v in values)

    out = [t("doc.summary_title", lang, name=m.facility.name, gwp_set=m.provenance.gwp_set), ""]
    out.append(f"  {'':>4}  {'':<{w}} " + " ".join(f"{y.year:>12}" for y in years))
    for code in codes:
        vals = [next((r.co2e_t for r in y.iso if r.category == code), 0.0) for y in years]
        if any(vals):
            out.append(line(code, cat_name(code, lang), vals))
    out.append(line("1", t("doc.direct", lang), [y.totals.direct_co2e_t for y in years]))
    out.append(line("2-6", t("doc.indirect", lang), [y.totals.indirect_co2e_t for y in years]))
    out.append(line("", t("doc.total", lang), [y.totals.co2e_t for y in years]))
    out += ["", f"  {t('doc.outside_total', lang)}:"]
    out.append(line("", t("doc.biogenic", lang), [y.totals.biogenic_co2_t for y in years]))
    out.append(line("", t("doc.memo", lang), [y.totals.memo_co2e_t for y in years]))
    if any(y.totals.removals_co2e_t for y in years):
        out.append(line("", t("doc.removals", lang), [y.totals.removals_co2e_t for y in years]))
    out += [""]
    scopes = list(dict.fromkeys(s.scope for y in years for s in y.scopes))
    for sc in scopes:
        vals = [next((s.co2e_t for s in y.scopes if s.scope == sc), 0.0) for y in years]
        out.append(line("", t(f"scope.{sc}", lang) if l10n.has(f"scope.{sc}", lang) else sc, vals))
    for c in m.change_vs_previous:
        out += ["", "  " + t("doc.change", lang, year=c.year, previous=c.previous_year,
                               change=num(c.change_t, lang, sign=True),
                               pct=("" if c.change_pct is None else f"{num(c.change_pct, lang, sign=True)} %"))]
    for y in years:
        if y.intensity is not None:
            i = y.intensity
            out.append("  " + t("doc.intensity_year", lang, year=y.year, value=num(i.co2e_t_per_unit, lang, 3),
                                 unit=i.output_unit, co2e=num(i.co2e_t, lang), output=num(i.output, lang, 0)))
    mc = monte_carlo_lines(m, lang)
    if mc:
        out += ["", *mc]
    if m.recalculation is not None:
        out += ["", *recalculation_lines(m, lang)]
    if m.applicability is not None:
        out += ["", l10n.translate(m.applicability.explanation[lang], lang)]
    if m.quota is not None:
        out += ["", t("doc.quota", lang) + ":"]
        for b in quota_blocks(m, lang):
            if isinstance(b, Para):
                out.append("  " + "".join(r.text for r in b.runs))
            elif isinstance(b, Table):
                for row in b.rows:
                    out.append("  " + "  ".join(f"{c.label}: {v}" for c, v in zip(b.columns, row, strict=True)))
    if m.plan is not None:
        from .plan import plan_lines

        out += ["", *plan_lines(m, lang)]
    if m.neutrality is not None:
        out += ["", *neutrality_lines(m, lang)]
    for warning in [*(l10n.translate(x, lang) for x in m.warnings), *missing_fields(m, lang)]:
        out.append(f"  ! {warning}")
    pv = m.provenance
    out += ["", "  " + t("doc.summary_provenance", lang, version=pv.ghgcalc_version, factors=pv.factor_dataset_version,
                         file=pv.input_file or "-", sha=(pv.input_sha256 or "")[:12])]
    return "\n".join(out)


def checklist_lines(m: ReportModel, lang: str) -> list[str]:
    """The pre-submission checklist in ``lang``: one line per check, its status first, findings, basis."""
    from .document import check_findings

    width = max((len(t(f"status.{c.status}", lang)) for c in m.checklist), default=0)
    out = [f"{m.facility.name}: {t('doc.checklist', lang).lower()}"]
    for c in m.checklist:
        found = check_findings(c, lang)
        out.append(f"  {t(f'status.{c.status}', lang).upper():<{width}}  {t(f'check.{c.check}', lang)}"
                   + (f": {found}" if found else "") + f"  ({t(f'check_ref.{c.check}', lang)})")
    return out


def recalculation_lines(m: ReportModel, lang: str) -> list[str]:
    """The comparison with the earlier report, in ``lang``: per year and category, the difference and why."""
    from .document import recalculation_blocks

    out: list[str] = []
    if m.recalculation is None:
        return out
    for b in recalculation_blocks(m, lang):
        if isinstance(b, Table):
            out.append(b.caption + ":")
            for row in b.rows:
                year, cat, before, after, change, pct, why = row
                out.append(f"  {year}  {cat[:40]:<40} {before:>12} → {after:>12} ({change}; {pct or '—'}) {why}")
        elif isinstance(b, Para):
            out.append("  " + "".join(r.text for r in b.runs))
    return out


def monte_carlo_lines(m: ReportModel, lang: str) -> list[str]:
    """Each year's total by Monte Carlo: mean and 95 % interval, draws and seed."""
    out = []
    for y in m.years:
        mc = y.monte_carlo
        if mc is None:
            continue
        total = next((r for r in mc.rows if r.category == "total"), None)
        if total is not None:
            out.append("  " + t("doc.mc_line", lang, year=y.year, mean=num(total.mean_co2e_t, lang),
                                 low=num(total.p2_5_co2e_t, lang), high=num(total.p97_5_co2e_t, lang),
                                 draws=num(mc.draws, lang, 0), seed="—" if mc.seed is None else str(mc.seed)))
    return out


def neutrality_lines(m: ReportModel, lang: str) -> list[str]:
    """The carbon-neutrality balance per year, the claim, and the Decree 119 cap where it applies."""
    from .document import neutrality_blocks

    n = m.neutrality
    out: list[str] = []
    if n is None:
        return out
    out.append(t("doc.neutral", lang) + ":")
    for y in n.years:
        claim = t(f"neutral.claim.{y.claim}", lang)
        if y.reason is not None:
            claim += f" ({t(f'neutral.reason.{y.reason}', lang)})"
        reduction = ("" if n.base_year is None or y.reduction_vs_base_t is None else
                     t("doc.neutral_line_reduction", lang, base=n.base_year,
                       value=num(y.reduction_vs_base_t, lang, sign=True)))
        out.append("  " + t("doc.neutral_line", lang, year=y.year, footprint=num(y.footprint_t, lang),
                             reduction=reduction, credits=num(y.credits_t, lang),
                             balance=num(y.balance_t, lang, sign=True), claim=claim))
    for b in neutrality_blocks(m, lang)[1:]:  # after the introduction: the plan and the cap
        if isinstance(b, Para) and b.style != "note":
            out.append("  " + "".join(r.text for r in b.runs))
    out.append("  " + t("doc.neutral_credits_line", lang, n=len(n.credits)))
    return out


def _columns(head: Sequence[str], rows: Sequence[Sequence[str]], right: frozenset[int] = frozenset()) -> list[str]:
    """A plain table: the header, then each row, every column as wide as its longest cell (``right``: aligned right)."""
    widths = [max(len(x) for x in col) for col in zip(head, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.rjust(w) if i in right else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()
    return [line(head), *(line(r) for r in rows)]


def factor_list_lines(factors: Any, lang: str) -> list[str]:
    """``ghgcalc factors list``: one line per factor under a header in ``lang`` (value, unit, source, table in words).

    The factor id and an unnamed technology stay as written: they are what ``factors show`` and a workbook's
    ``technology`` column take.
    """
    head = [t(k, lang) for k in ("col.factor_id", "factors.technology", "col.value", "col.unit", "col.source",
                                 "col.table")]
    rows = [[str(r.factor_id),
             t(f"tech.{r.technology}", lang) if lang != "en" and l10n.has(f"tech.{r.technology}", lang)
             else str(r.technology or ""),
             l10n.sig(float(r.value), lang), l10n.unit(str(r.unit), lang), l10n.source(str(r.source_id), lang),
             l10n.table_ref(str(r.table or ""), lang)]
            for r in factors.itertuples(index=False)]
    return _columns(head, rows, right=frozenset({2}))


#: Fields of a list entry shown by ``ghgcalc lookup``, in order (labels: ``lookup.<field>``).
LOOKUP_FIELDS = ("name", "address", "industry_vi", "province_vi", "ministry_vi", "appendix", "serial")


def lookup_lines(match: Any, quota: dict[str, str] | None, decision: str, years: Sequence[int],
                 lang: str) -> list[str]:
    """``ghgcalc lookup``: the outcome on the list, the entry's fields, and the quota of each year of the phase."""
    out = [match.describe(lang)]
    entry = match.entry or {}
    shown = [(t(f"lookup.{k}", lang), str(entry[k])) for k in LOOKUP_FIELDS if entry.get(k)]
    width = max((len(k) for k, _ in shown), default=0)
    out += [f"  {k:>{max(width, 12)}}: {v}" for k, v in shown]
    if quota:
        per_year = ", ".join(t("lookup.quota_year", lang, year=y, value=num(float(quota[f"quota_{y}"]), lang, 0))
                             for y in years if quota.get(f"quota_{y}") not in (None, ""))
        out.append(t("lookup.quota", lang, decision=l10n.translate(decision, lang) if lang != "en" else decision,
                     facility=quota.get("facility_name", ""), years=per_year))
    return out


#: Fields of a factor row shown by ``ghgcalc factors show``, in order (labels: ``factor.<field>``).
FACTOR_FIELDS = ("factor_id", "activity", "gas", "sector", "technology", "region", "value", "unit", "lower", "upper",
                 "kind", "source_id", "table", "ef_id", "edition_year", "valid_from", "valid_to", "notes", "tier")


def factor_lines(row: Any, src: dict[str, Any], lang: str) -> list[str]:
    """``ghgcalc factors show`` in a report language other than English: labels, names, local numbers and dates.

    English keeps the dataset's own column ids (``ghgcalc factors show`` as it always printed); a dataset note
    with no Vietnamese pattern is announced, not shown, so that no English sentence reaches the reader.
    """
    from ..errors import vietnamese

    def value(k: str, v: Any) -> str:
        if v is None or (isinstance(v, float) and v != v) or str(v) in ("", "None", "nan", "NaT"):
            return "—"
        if k == "activity":
            return f"{l10n.activity(str(v), lang)} ({v})"
        if k in ("value", "lower", "upper"):
            return l10n.sig(float(v), lang)
        if k == "unit":
            return l10n.unit(str(v), lang)
        if k == "source_id":
            return l10n.source(str(v), lang)
        if k == "table":
            return l10n.table_ref(str(v), lang)
        if k in ("valid_from", "valid_to") and hasattr(v, "year"):
            return l10n.date(v, lang)
        if k == "notes":
            return vietnamese(str(v)) or t("factor.notes_english", lang)
        key = {"tier": "tier", "kind": "factor.kind", "sector": "tech", "technology": "tech"}.get(k)
        if key and l10n.has(f"{key}.{v}", lang):
            return t(f"{key}.{v}", lang)
        return str(v)

    shown = [(t(f"factor.{k}", lang), value(k, row.get(k))) for k in FACTOR_FIELDS if k in row]
    shown.append((t("factor.url", lang), str(src.get("url") or "—")))  # the document is the source named above
    if src.get("licence"):
        shown.append((t("factor.licence", lang), str(src["licence"])))
    width = max(len(k) for k, _ in shown)
    return [f"{k:>{width}}: {v}" for k, v in shown]


#: Columns of the batch table (``ghgcalc report`` of several inputs without -o), labels ``batch.<column>``.
BATCH_COLUMNS = ("file", "name", "tax_code", "year", "co2e_t", "decree06_status", "decree06_group", "next_deadline",
                 "missing_fields")


def batch_table_lines(table: Any, lang: str) -> list[str]:
    """The batch table in words of ``lang``: labels, local numbers and dates, statuses named, blank fields counted."""
    import datetime as dt

    def cell(k: str, v: Any) -> str:
        if v is None or (isinstance(v, float) and v != v) or str(v) in ("", "<NA>", "nan"):
            return ""
        if k == "co2e_t":
            return num(float(v), lang)
        if k == "decree06_status":
            return t(f"batch.status.{v}", lang) if l10n.has(f"batch.status.{v}", lang) else str(v)
        if k == "next_deadline":
            return l10n.date(dt.date.fromisoformat(str(v)), lang)
        if k == "missing_fields":
            return str(len([x for x in str(v).split(";") if x]))
        return str(v)

    cols = [c for c in BATCH_COLUMNS if c in table.columns]
    rows = [[cell(c, v) for c, v in zip(cols, r, strict=True)] for r in table[cols].itertuples(index=False)]
    return _columns([t(f"batch.{c}", lang) for c in cols], rows,
                    right=frozenset(i for i, c in enumerate(cols) if c in ("year", "co2e_t", "missing_fields")))
