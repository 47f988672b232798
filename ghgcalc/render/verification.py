"""The verification findings as a document in one language: summary, findings, factors, conclusion.

:func:`verification_blocks` turns a :class:`~ghgcalc.verification.Verification`
into the blocks of :mod:`ghgcalc.render.document` (every word from the
catalogue, every number from :mod:`ghgcalc.l10n`), so Word, HTML and Markdown
say the same; :func:`write_xlsx` lays the same findings out as a workbook whose
numbers stay numbers. What a verifier pastes into the verification report
(ISO 14064-3:2019) is the summary at the top.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import l10n
from ..l10n import num, t
from .document import Block, Col, Heading, Para, Run, Table, cat_name, p

if TYPE_CHECKING:
    from ..verification import Verification


def _category(code: str, lang: str) -> str:
    return f"{code} {cat_name(code, lang)}"


def verification_blocks(v: Verification, lang: str) -> list[Block]:
    """Title, the summary, the yearly totals, the findings, the stated factors that differ, the conclusion."""
    lines = v.summary_lines(lang)
    out: list[Block] = [Heading(1, t("verify.title", lang, facility=v.facility)), p(lines[0])]
    cols = (Col(t("col.year", lang), weight=0.6), Col(t("verify.col.submitted", lang), numeric=True),
            Col(t("verify.col.recomputed", lang), numeric=True), Col(t("verify.col.difference", lang),
                                                                       numeric=True),
            Col(t("verify.col.threshold", lang), numeric=True))
    out.append(Table(cols, tuple((str(y.year), num(y.submitted_t, lang), num(y.recomputed_t, lang),
                                  num(y.difference_t, lang, sign=True), num(y.threshold_t, lang))
                                 for y in v.years.itertuples(index=False)), caption=t("verify.years", lang)))
    out += [p(t("verify.summary.not_submitted_year", lang, year=y), style="bullet") for y in v.recomputed_only_years]
    f = v.table(lang)
    out.append(Heading(2, t("verify.findings", lang)))
    if f.empty:
        out.append(p(t("verify.no_findings", lang)))
    else:
        fcols = (Col(t("verify.col.finding", lang), weight=0.6), Col(t("col.year", lang), weight=0.6),
                 Col(t("verify.col.line", lang), weight=2.0), Col(t("verify.col.submitted", lang), numeric=True),
                 Col(t("verify.col.recomputed", lang), numeric=True),
                 Col(t("verify.col.difference", lang), numeric=True),
                 Col(t("verify.col.explanation", lang), weight=2.6))
        rows = []
        bold = set()
        for i, r in enumerate(f.itertuples(index=False)):
            if r.status == "material":
                bold.add(i)
            assessment = t(f"verify.status.{r.status}", lang)
            rows.append((str(r.finding), str(r.year), f"{_category(str(r.category), lang)} — "
                         f"{v.gas_label(str(r.gas), lang)}", num(r.submitted_t, lang), num(r.recomputed_t, lang),
                         num(r.difference_t, lang, sign=True),
                         f"{assessment}: {r.explanation}" if r.explanation else assessment))
        out.append(Table(fcols, tuple(rows), frozenset(bold), caption=t("verify.findings_table", lang)))
        out.append(p(t("verify.bold_material", lang), style="note"))
    if len(v.factors):
        out.append(Heading(2, t("verify.factors", lang)))
        out.append(p(t("verify.summary.factors", lang, n=len(v.factors), m=len(v.factor_findings))))
        ff = v.factor_findings
        if not ff.empty:
            kcols = (Col(t("verify.col.finding", lang), weight=0.6), Col(t("verify.col.factor_of", lang), weight=1.6),
                     Col(t("verify.col.stated", lang), weight=1.4), Col(t("verify.col.cited", lang), weight=2.6),
                     Col(t("verify.col.explanation", lang), weight=2.4))
            krows = []
            for _, r in ff.iterrows():
                stated = f"{l10n.sig(float(r['value']), lang)} {l10n.unit(str(r['unit'] or ''), lang)}".strip()
                if r["source"]:
                    stated += f" ({l10n.translate(str(r['source']), lang)})"
                cited = ("—" if r["cited_value"] != r["cited_value"] else l10n.factor_citation(
                    r["cited_value"], r["cited_unit"], r["cited_source_id"], r["cited_table"], lang))
                krows.append((str(r["finding"]), v.factor_label(r, lang), stated, cited, v.factor_cause_text(r, lang)))
            out.append(Table(kcols, tuple(krows), caption=t("verify.factors_table", lang)))
    out.append(Para((Run(lines[-1], bold=True),)))  # "Conclusion: …"
    return out


def write_xlsx(v: Verification, path: Path, lang: str) -> None:
    """The summary, the findings (numbers as numbers) and the stated factors, labels in ``lang``."""
    from .xlsx import NUM_1, _Sheet, empty_workbook

    wb = empty_workbook()
    s = _Sheet(wb, t("verify.sheet.summary", lang))
    s.title(t("verify.title", lang, facility=v.facility))
    for line in v.summary_lines(lang):
        s.note(line)
    s.widths[1] = 110  # the summary's sentences wrap within one wide column
    sheets = [s]
    f = v.table(lang)
    s = _Sheet(wb, t("verify.sheet.findings", lang))
    rows: list[list[Any]] = [
        [r.finding, int(r.year), _category(str(r.category), lang), v.gas_label(str(r.gas), lang), r.submitted_t,
         r.recomputed_t, r.difference_t, r.threshold_t, t(f"verify.status.{r.status}", lang), r.explanation]
        for r in f.itertuples(index=False)]
    s.table([t("verify.col.finding", lang), t("col.year", lang), t("verify.col.category", lang),
             t("verify.col.gas", lang), t("verify.col.submitted_t", lang), t("verify.col.recomputed_t", lang),
             t("verify.col.difference_t", lang), t("verify.col.threshold_t", lang), t("verify.col.status", lang),
             t("verify.col.explanation", lang)], rows, [None, None, None, None, NUM_1, NUM_1, NUM_1, NUM_1, None, None])
    sheets.append(s)
    if len(v.factors):
        s = _Sheet(wb, t("verify.sheet.factors", lang))
        krows: list[list[Any]] = []
        for _, r in v.factors.iterrows():
            krows.append([r["finding"], v.factor_label(r, lang), float(r["value"]),
                          l10n.unit(str(r["unit"] or ""), lang),
                          None if r["cited_value"] != r["cited_value"] else float(r["cited_value"]),
                          l10n.unit(str(r["cited_unit"] or ""), lang),
                          ", ".join(x for x in (l10n.source(r["cited_source_id"], lang),
                                                l10n.table_ref(r["cited_table"], lang)) if x),
                          t("verify.status.factor_agrees", lang) if r["status"] == "agrees"
                          else v.factor_cause_text(r, lang)])
        s.table([t("verify.col.finding", lang), t("verify.col.factor_of", lang), t("verify.col.stated", lang),
                 t("col.unit", lang), t("verify.col.cited_value", lang), t("col.unit", lang), t("col.source", lang),
                 t("verify.col.explanation", lang)], krows, [None, None, "General", None, "General", None, None, None])
        sheets.append(s)
    for sh in sheets:
        sh.finish(lang)
    wb.save(str(path))
