"""The report document as Markdown and as printable HTML (with an SVG chart per year)."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from .. import l10n
from ..l10n import t
from ..report_model import ReportModel, YearReport
from .document import Block, Header, Heading, PageBreak, Para, Signature, Table, cat_name, form06


def _md_text(text: str) -> str:
    """User and catalogue text made inert in Markdown: HTML escaped, table pipes and emphasis marks escaped."""
    out = html.escape(text, quote=False)
    for ch in ("\\", "|", "*", "_", "`", "[", "]"):
        out = out.replace(ch, "\\" + ch)
    return out.replace("\n", " ")


#: how each markup wraps a run: (missing field, bold, italic)
_MD_WRAP = ("**{}**", "**{}**", "*{}*")
_HTML_WRAP = ("<span class='missing'>{}</span>", "<strong>{}</strong>", "<em>{}</em>")


def _runs(b: Para, escape: Callable[[str], str], wrap: tuple[str, str, str]) -> str:
    """A paragraph's runs escaped and wrapped as the markup marks a missing field, bold and italic text."""
    out = []
    for r in b.runs:
        s = escape(r.text)
        style = 0 if r.missing else 1 if r.bold else 2 if r.italic else None
        out.append(s if style is None else wrap[style].format(s))
    return "".join(out)


def to_markdown(m: ReportModel, lang: str) -> str:
    """The Form 06 report (and annex) as GitHub-flavoured Markdown."""
    def figure(kind: str, year: int) -> str:  # the MAC curve as an SVG block (HTML in Markdown)
        from .plan import mac_svg

        return mac_svg(m, lang) if kind == "mac" else ""

    return blocks_markdown(form06(m, lang), figure)


def blocks_markdown(blocks: list[Block], figure: Callable[[str, int], str] | None = None) -> str:
    """Document blocks (:mod:`ghgcalc.render.document`) as GitHub-flavoured Markdown; ``figure`` draws a table's
    figure where Markdown can show one (an inline SVG), else nothing."""
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Header):
            out += [f"**{_md_text(b.facility)}**", "", f"**{_md_text(b.motto[0])}**  ",
                    f"**{_md_text(b.motto[1])}**", "", f"*{_md_text(b.place_date)}*", "", f"# {_md_text(b.title)}",
                    "", f"*{_md_text(b.subtitle)}*", ""]
        elif isinstance(b, Heading):
            out += [f"{'#' * (b.level + 1)} {_md_text(b.text)}", ""]
        elif isinstance(b, Para):
            prefix = "- " if b.style == "bullet" else ""
            text = _runs(b, _md_text, _MD_WRAP)
            out += [prefix + (f"*{text}*" if b.style == "note" else text), ""]
        elif isinstance(b, Table):
            if b.caption:
                out += [f"**{_md_text(b.caption)}**", ""]
            out.append("| " + " | ".join(_md_text(c.label) for c in b.columns) + " |")
            out.append("|" + "|".join("---:" if c.numeric else "---" for c in b.columns) + "|")
            for i, row in enumerate(b.rows):
                cells = [f"**{_md_text(v)}**" if v and (i in b.bold_rows or (i, j) in b.missing) else _md_text(v)
                         for j, v in enumerate(row)]
                out.append("| " + " | ".join(cells) + " |")
            out.append("")
            drawn = figure(*b.figure) if b.figure is not None and figure is not None else ""
            if drawn:
                out += [drawn, ""]
        elif isinstance(b, Signature):
            out += [f"**{_md_text(b.title)}**  ", f"*{_md_text(b.hint)}*", "", "", f"**{_md_text(b.name)}**", ""]
        elif isinstance(b, PageBreak):
            out += ["---", ""]
    return "\n".join(out)


CSS = """
@page { size: A4; margin: 20mm 15mm 20mm 25mm; }
body { font-family: "Times New Roman", Times, serif; font-size: 13pt; line-height: 1.35; max-width: 180mm;
       margin: 1em auto; color: #111; }
h1 { font-size: 14pt; text-align: center; margin: 1.2em 0 .4em; }
h2 { font-size: 13pt; margin: 1em 0 .3em; }
h3 { font-size: 13pt; font-style: italic; font-weight: normal; margin: .8em 0 .3em; }
p { margin: .3em 0; text-align: justify; }
p.note { font-size: 11pt; font-style: italic; }
li { margin: .1em 0; }
table { border-collapse: collapse; font-size: 11pt; margin: .3em 0 .8em; width: 100%; page-break-inside: auto; }
caption { caption-side: top; text-align: left; font-weight: bold; padding: .2em 0; }
th, td { border: 1px solid #555; padding: 2px 5px; vertical-align: top; }
th { background: #eef2f7; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
td.n, th.n { text-align: right; white-space: nowrap; }
tr.b td { font-weight: bold; }
.missing { background: #fff2a8; font-weight: bold; }
.head { display: flex; justify-content: space-between; text-align: center; font-weight: bold; }
.head div:first-child { width: 38%; }
.head div:last-child { width: 60%; white-space: nowrap; }
.head .motto2 { text-decoration: underline; }
.place { text-align: right; font-style: italic; }
.title { text-align: center; }
.subtitle { text-align: center; font-style: italic; }
.sign { margin-left: 55%; text-align: center; page-break-inside: avoid; margin-top: 1.5em; }
.sign .hint { font-style: italic; }
.sign .name { margin-top: 4em; font-weight: bold; }
figure { margin: .5em 0 1em; page-break-inside: avoid; }
figcaption { font-weight: bold; }
.break { page-break-before: always; }
@media print { body { max-width: none; margin: 0; } }
"""


def _h(text: str) -> str:
    return html.escape(text, quote=True)


def chart_svg(y: YearReport, lang: str) -> str:
    """A horizontal bar chart of one year's categories [t CO2e], with its title, unit and every label."""
    rows = [(f"{r.category} {cat_name(r.category, lang)}", r.co2e_t) for r in y.iso if r.co2e_t > 0]
    if not rows:
        return ""
    label_w, bar_w, row_h = 330, 300, 24
    top = max(v for _, v in rows)
    h = row_h * len(rows) + 30
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' role='img' viewBox='0 0 {label_w + bar_w + 110} {h}' "
             f"width='100%' style='max-width:{label_w + bar_w + 110}px' font-family='Times New Roman, serif'>",
             f"<title>{_h(t('doc.chart_iso', lang, year=y.year))}</title>"]
    for i, (name, v) in enumerate(rows):
        w = bar_w * v / top
        yy = 6 + row_h * i
        parts.append(f"<text x='{label_w - 6}' y='{yy + 15}' font-size='13' text-anchor='end'>{_h(name)}</text>"
                     f"<rect x='{label_w}' y='{yy}' width='{w:.1f}' height='{row_h - 6}' fill='#2f6f9f'/>"
                     f"<text x='{label_w + w + 5:.1f}' y='{yy + 15}' font-size='13'>{_h(l10n.num(v, lang))}</text>")
    axis_y = 6 + row_h * len(rows) + 14
    parts.append(f"<text x='{label_w}' y='{axis_y}' font-size='12' font-style='italic'>{_h(t('unit.t_co2e', lang))}"
                 "</text></svg>")
    return (f"<figure><figcaption>{_h(t('doc.chart_iso', lang, year=y.year))}</figcaption>{''.join(parts)}"
            "</figure>")


def histogram_svg(y: YearReport, lang: str) -> str:
    """The Monte Carlo distribution of one year's total: a column per bin, the 95 % interval marked, axis in t CO2e."""
    mc = y.monte_carlo
    if mc is None or not mc.histogram:
        return ""
    total = next((r for r in mc.rows if r.category == "total"), None)
    w, h, left, bottom = 620, 220, 50, 40
    lo, hi = mc.histogram[0].lower_t, mc.histogram[-1].upper_t
    top = max(b.count for b in mc.histogram) or 1
    span = (hi - lo) or 1.0

    def x(v: float) -> float:
        return left + (w - left - 10) * (v - lo) / span

    title = t("doc.chart_mc", lang, year=y.year)
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' role='img' viewBox='0 0 {w} {h}' width='100%' "
             f"style='max-width:{w}px' font-family='Times New Roman, serif'><title>{_h(title)}</title>"]
    for b in mc.histogram:
        bh = (h - bottom - 10) * b.count / top
        bw = max(x(b.upper_t) - x(b.lower_t) - 1, 1)
        parts.append(f"<rect x='{x(b.lower_t):.1f}' y='{h - bottom - bh:.1f}' width='{bw:.1f}' "
                     f"height='{bh:.1f}' fill='#2f6f9f'/>")
    if total is not None:
        for v in (total.p2_5_co2e_t, total.p97_5_co2e_t):
            parts.append(f"<line x1='{x(v):.1f}' x2='{x(v):.1f}' y1='10' y2='{h - bottom}' stroke='#b22' "
                         "stroke-dasharray='4 3'/>")
    for v, anchor in ((lo, "start"), ((lo + hi) / 2, "middle"), (hi, "end")):
        parts.append(f"<text x='{x(v):.1f}' y='{h - bottom + 16}' font-size='12' text-anchor='{anchor}'>"
                     f"{_h(l10n.num(v, lang, 0))}</text>")
    parts.append(f"<text x='{w / 2:.0f}' y='{h - 6}' font-size='12' font-style='italic' text-anchor='middle'>"
                 f"{_h(t('unit.t_co2e', lang))}</text></svg>")
    return f"<figure><figcaption>{_h(title)}</figcaption>{''.join(parts)}</figure>"


def _html_table(b: Table) -> str:
    head = "".join(f"<th class='{'n' if c.numeric else ''}'>{_h(c.label)}</th>" for c in b.columns)
    body = []
    for i, row in enumerate(b.rows):
        cells = "".join(f"<td class='{'n' if c.numeric else ''}{' missing' if (i, j) in b.missing else ''}'>"
                        f"{_h(v)}</td>" for j, (c, v) in enumerate(zip(b.columns, row, strict=True)))
        body.append(f"<tr class='{'b' if i in b.bold_rows else ''}'>{cells}</tr>")
    cap = f"<caption>{_h(b.caption)}</caption>" if b.caption else ""
    total = sum(c.weight for c in b.columns)  # the same relative widths as the Word document's columns
    cols = "".join(f"<col style='width:{100 * c.weight / total:.1f}%'>" for c in b.columns)
    return (f"<table>{cap}<colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody>"
            "</table>")


def to_html(m: ReportModel, lang: str) -> str:
    """The Form 06 report (and annex) as one printable HTML page (A4 print CSS), a chart per year."""
    def figure(kind: str, year: int) -> str:
        if kind == "mac":
            from .plan import mac_svg

            return mac_svg(m, lang)
        draw = chart_svg if kind == "iso" else histogram_svg
        return draw(m.year(year), lang)

    return blocks_html(form06(m, lang), f"{t('doc.report_title', lang)} — {m.facility.name}", lang, figure)


def blocks_html(blocks: list[Block], title: str, lang: str,
                figure: Callable[[str, int], str] | None = None) -> str:
    """Document blocks as one printable HTML page (A4 print CSS); ``figure`` draws a table's figure."""
    out = [f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>"
           f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
           f"<title>{_h(title)}</title><style>{CSS}</style></head><body>"]
    in_list = False
    for b in blocks:
        if in_list and not (isinstance(b, Para) and b.style == "bullet"):
            out.append("</ul>")
            in_list = False
        if isinstance(b, Header):
            out.append(f"<div class='head'><div>{_h(b.facility)}</div><div>{_h(b.motto[0])}<br>"
                       f"<span class='motto2'>{_h(b.motto[1])}</span></div></div>"
                       f"<p class='place'>{_h(b.place_date)}</p><h1 class='title'>{_h(b.title)}</h1>"
                       f"<p class='subtitle'>{_h(b.subtitle)}</p>")
        elif isinstance(b, Heading):
            out.append(f"<h{b.level + 1}>{_h(b.text)}</h{b.level + 1}>")
        elif isinstance(b, Para):
            if b.style == "bullet":
                if not in_list:
                    out.append("<ul>")
                    in_list = True
                out.append(f"<li>{_runs(b, _h, _HTML_WRAP)}</li>")
            else:
                out.append(f"<p class='{b.style}'>{_runs(b, _h, _HTML_WRAP)}</p>")
        elif isinstance(b, Table):
            out.append(_html_table(b))
            if b.figure is not None and figure is not None:
                out.append(figure(*b.figure))
        elif isinstance(b, Signature):
            out.append(f"<div class='sign'><strong>{_h(b.title)}</strong><div class='hint'>{_h(b.hint)}</div>"
                       f"<div class='name{' missing' if b.missing else ''}'>{_h(b.name)}</div></div>")
        elif isinstance(b, PageBreak):
            out.append("<div class='break'></div>")
    if in_list:
        out.append("</ul>")
    out.append("</body></html>")
    return "\n".join(out)


def write_document(path: str | Path, blocks: list[Block], title: str, lang: str,
                   write_xlsx: Callable[[Path], None]) -> Path:
    """``blocks`` to ``path`` by its suffix, atomically: .docx, .md/.markdown, .xlsx (by ``write_xlsx``, which
    lays the same tables out with numbers as numbers), anything else HTML titled ``title``."""
    from ..io.atomic import atomic_path

    out = Path(path)
    suffix = out.suffix.lower()
    with atomic_path(out) as tmp:
        if suffix == ".docx":
            from .docx import write_blocks

            write_blocks(blocks, tmp, lang)
        elif suffix == ".xlsx":
            write_xlsx(tmp)
        elif suffix in (".md", ".markdown"):
            tmp.write_text(blocks_markdown(blocks), encoding="utf-8")
        else:
            tmp.write_text(blocks_html(blocks, title, lang), encoding="utf-8")
    return out
