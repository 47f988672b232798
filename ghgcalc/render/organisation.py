"""An organisation's inventory (``report --consolidate``) as a document, a workbook and terminal lines.

:func:`organisation_blocks` turns a :class:`~ghgcalc.consolidation.Consolidation`
into the blocks of :mod:`ghgcalc.render.document` (every word from the catalogue
of the language, every number from :mod:`ghgcalc.l10n`), so Word, HTML and
Markdown say the same: the approach and its basis (ISO 14064-1:2018 clause 5.1;
GHG Protocol Corporate Standard ch. 3), the sites with their share and their own
Decree 06/2022 status, the organisation's emissions by site and by ISO 14064-1
category, one column per year. :func:`write_xlsx` lays the same tables out with
numbers kept as numbers; :func:`lines` is the terminal summary.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import l10n
from ..l10n import num, t
from .document import Block, Col, Heading, Table, cat_name, p

if TYPE_CHECKING:
    from ..consolidation import Consolidation


def _years(c: Consolidation) -> list[int]:
    return sorted(int(y) for y in c.totals["year"].unique())


def _site_name(c: Consolidation, site: str, lang: str) -> str:
    """The organisation's line, or the site's facility name (its file stem when the name is blank)."""
    if site == "organisation":
        return t("org.total", lang)
    name = c.sites.set_index("site")["name"].get(site, "")
    return str(name) if name else site


def basis_text(r: Any, lang: str) -> str:
    """Why a site counts with its share: ``equity 40 %``, ``operational control``, ``no operational control`` …"""
    pct = r.equity_pct if r.equity_pct == r.equity_pct else None  # NaN: not stated
    return t(f"org.basis.{r.basis_id}", lang, pct=l10n.sig(pct, lang) if pct is not None else "—")


def _status(r: Any, lang: str) -> str:
    text = t(f"org.d06.{r.decree06_status}", lang)
    return f"{text} ({t('org.group', lang, group=r.decree06_group)})" if r.decree06_group else text


def _due(r: Any, lang: str) -> str:
    import datetime as dt

    return l10n.date(dt.date.fromisoformat(r.next_deadline), lang) if r.next_deadline else "—"


def sites_table(c: Consolidation, lang: str) -> Table:
    cols = (Col(t("org.col.name", lang), weight=2.4),
            Col(t("org.col.share", lang), numeric=True, weight=0.7), Col(t("org.col.basis", lang), weight=1.6),
            Col(t("org.col.status", lang), weight=1.8), Col(t("org.col.deadline", lang), weight=1.0))
    rows = tuple((_site_name(c, str(r.site), lang), l10n.pct(float(r.share), lang, 0), basis_text(r, lang),
                  _status(r, lang), _due(r, lang)) for r in c.sites.itertuples(index=False))
    return Table(cols, rows, caption=t("org.sites", lang))


def totals_table(c: Consolidation, lang: str) -> Table:
    """Each site's consolidated t CO2e per year (its whole inventory × its share), and the organisation's."""
    years = _years(c)
    cols = (Col(t("org.col.name", lang), weight=2.4), Col(t("org.col.share", lang), numeric=True, weight=0.7),
            *[Col(str(y), numeric=True) for y in years])
    rows = []
    for site in [*c.sites["site"], "organisation"]:
        part = c.totals[c.totals["site"] == site].set_index("year")
        share = "" if site == "organisation" else l10n.pct(float(part["share"].iloc[0]), lang, 0)
        rows.append((_site_name(c, site, lang), share,
                     *[num(float(part["consolidated_co2e_t"].get(y, 0.0)), lang) for y in years]))
    return Table(cols, tuple(rows), frozenset({len(rows) - 1}), caption=t("org.totals", lang))


def category_table(c: Consolidation, lang: str) -> Table:
    """The organisation's consolidated t CO2e by ISO 14064-1 category, one column per year, and the total."""
    years = _years(c)
    cols = (Col(t("col.category", lang), weight=2.6), *[Col(str(y), numeric=True) for y in years])
    by = c.by_category.set_index(["category", "year"])["consolidated_co2e_t"]
    codes = sorted(set(c.by_category["category"]), key=lambda x: [int(q) if q.isdigit() else 0 for q in x.split(".")])
    rows = [(f"{code} {cat_name(code, lang)}", *[num(float(by.get((code, y), 0.0)), lang) for y in years])
            for code in codes]
    tot = c.totals[c.totals["site"] == "organisation"].set_index("year")["consolidated_co2e_t"]
    rows.append((t("doc.total", lang), *[num(float(tot.get(y, 0.0)), lang) for y in years]))
    return Table(cols, tuple(rows), frozenset({len(rows) - 1}), caption=t("org.by_category", lang))


def organisation_blocks(c: Consolidation, lang: str) -> list[Block]:
    """Title, the approach and why each site counts as it does, the sites, totals by site and by category."""
    return [Heading(1, t("org.title", lang, organisation=c.organisation)),
            p(t(f"org.approach.{c.approach}", lang)),
            p(t("org.per_site", lang)),
            sites_table(c, lang), totals_table(c, lang), category_table(c, lang),
            p(t("org.years_apart", lang), style="note")]


def lines(c: Consolidation, lang: str) -> list[str]:
    """The terminal summary: the approach, each site's share, basis and status, then the totals per year."""
    out = [t("org.title", lang, organisation=c.organisation) + " — " + t(f"org.approach_short.{c.approach}", lang)]
    width = max(12, *(len(str(s)) for s in c.sites["site"]), len(t("org.total", lang)))
    for r in c.sites.itertuples(index=False):
        out.append(f"  {r.site:<{width}} {l10n.pct(float(r.share), lang, 0):>6}  {basis_text(r, lang)}; "
                   f"{_status(r, lang)}")
    years = _years(c)
    out.append(f"  {t('unit.t_co2e', lang):<{width}} {'':>6} " + " ".join(f"{y:>12}" for y in years))
    for site in [*c.sites["site"], "organisation"]:
        part = c.totals[c.totals["site"] == site].set_index("year")["consolidated_co2e_t"]
        label = t("org.total", lang) if site == "organisation" else site
        out.append(f"  {label:<{width}} {'':>6} "
                   + " ".join(f"{num(float(part.get(y, 0.0)), lang):>12}" for y in years))
    return out


def write_xlsx(c: Consolidation, path: Path, lang: str) -> None:
    """Sites, totals by site and by category (numbers as numbers, shares as %), labels in ``lang``."""
    from .xlsx import NUM_1, PCT, _Sheet, empty_workbook

    wb = empty_workbook()
    years = _years(c)
    s = _Sheet(wb, t("org.sheet.sites", lang))
    s.title(t("org.title", lang, organisation=c.organisation))
    s.note(t(f"org.approach.{c.approach}", lang))
    st = sites_table(c, lang)
    s.table([t("org.col.file", lang), *[x.label for x in st.columns]],
            [[r.file or r.site, r.name, float(r.share), basis_text(r, lang), _status(r, lang), _due(r, lang)]
             for r in c.sites.itertuples(index=False)], [None, None, PCT, None, None, None])
    sheets = [s]
    s = _Sheet(wb, t("org.sheet.totals", lang))
    s.title(t("org.totals", lang))
    rows: list[list[Any]] = []
    for site in [*c.sites["site"], "organisation"]:
        part = c.totals[c.totals["site"] == site].set_index("year")
        share = None if site == "organisation" else float(part["share"].iloc[0])
        rows.append([_site_name(c, site, lang), share,
                     *[float(part["consolidated_co2e_t"].get(y, 0.0)) for y in years]])
    s.table([t("org.col.name", lang), t("org.col.share", lang), *[str(y) for y in years]], rows,
            [None, PCT, *[NUM_1] * len(years)], bold_rows={len(rows) - 1})
    s.note(t("org.years_apart", lang))
    sheets.append(s)
    s = _Sheet(wb, t("org.sheet.by_category", lang))
    s.title(t("org.by_category", lang))
    by = c.by_category.set_index(["category", "year"])["consolidated_co2e_t"]
    codes = sorted(set(c.by_category["category"]), key=lambda x: [int(q) if q.isdigit() else 0 for q in x.split(".")])
    s.table([t("col.category", lang), *[str(y) for y in years]],
            [[f"{code} {cat_name(code, lang)}", *[float(by.get((code, y), 0.0)) for y in years]] for code in codes],
            [None, *[NUM_1] * len(years)])
    sheets.append(s)
    for sh in sheets:
        sh.finish(lang)
    wb.save(str(path))


#: Suffixes :func:`write` renders in a language (others: the id tables of :func:`ghgcalc.consolidation.write_tables`)
RENDERED = (".docx", ".html", ".htm", ".md", ".markdown", ".xlsx")


def write(c: Consolidation, path: str | Path, lang: str) -> Path:
    """The organisation's report to ``path`` by its suffix (.docx, .html, .md, .xlsx), atomically."""
    from .markup import write_document

    return write_document(path, organisation_blocks(c, lang), t("org.title", lang, organisation=c.organisation),
                          lang, lambda tmp: write_xlsx(c, tmp, lang))
