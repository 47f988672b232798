"""Form 06 as a Word document laid out as Decree 30/2020/NĐ-CP presents administrative documents.

A4 portrait, margins top/bottom 20 mm, left 30 mm, right 15 mm (Decree
30/2020/NĐ-CP Appendix I), Times New Roman 13 pt body, the national motto bold
and centred beside the facility's name, page numbers from page 2, table header
rows repeated on every page, widths fixed within the text width, landscape
sections for tables that need width, and the signature block kept on one page.
The content is :func:`ghgcalc.render.document.form06`, the same as HTML/Markdown.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..l10n import t
from ..report_model import ReportModel
from .document import Header, Heading, PageBreak, Para, Signature, Table, form06

FONT = "Times New Roman"
BODY_PT, TABLE_PT, SMALL_PT = 13, 11, 10
PAGE_W, PAGE_H = Mm(210), Mm(297)
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
          "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
_LANG_TAG = {"vi": "vi-VN", "en": "en-GB"}


def _font(style_or_run: Any, size: int | None = None, bold: bool | None = None, lang: str = "vi") -> None:
    f = style_or_run.font
    f.name = FONT
    if size:
        f.size = Pt(size)
    if bold is not None:
        f.bold = bold
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]
    lang_el = rpr.find(qn("w:lang"))
    if lang_el is None:
        lang_el = OxmlElement("w:lang")
        rpr.append(lang_el)
    lang_el.set(qn("w:val"), _LANG_TAG[lang])


def _styles(doc: Any, lang: str) -> None:
    st = doc.styles
    _font(st["Normal"], BODY_PT, lang=lang)
    pf = st["Normal"].paragraph_format
    pf.space_after, pf.space_before, pf.line_spacing = Pt(3), Pt(0), 1.15
    for name, size in (("Heading 1", 13), ("Heading 2", 13), ("Heading 3", 13), ("Title", 14)):
        s = st[name]
        _font(s, size, bold=True, lang=lang)
        s.font.color.rgb = None
        s.font.italic = name == "Heading 3"
        s.paragraph_format.space_before, s.paragraph_format.space_after = Pt(8), Pt(4)
        s.paragraph_format.keep_with_next = True
        rpr = s.element.get_or_add_rPr()
        color = rpr.find(qn("w:color"))
        if color is not None:
            rpr.remove(color)
    for name in ("List Bullet", "Table Grid"):
        _font(st[name], BODY_PT if name == "List Bullet" else TABLE_PT, lang=lang)


def _section_layout(section: Any, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (PAGE_H, PAGE_W) if landscape else (PAGE_W, PAGE_H)
    for side, value in MARGINS.items():
        setattr(section, f"{side}_margin", value)
    section.header_distance = section.footer_distance = Mm(10)


def _text_width(section: Any) -> int:
    return int(section.page_width - section.left_margin - section.right_margin)


def _page_number(section: Any) -> None:
    """Page number centred in the header, not on the first page (Decree 30/2020: from page 2)."""
    section.different_first_page_header_footer = True
    para = section.header.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = para.add_run()
    _font(run, BODY_PT)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


def _repeat_header(row: Any) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _cant_split(row: Any) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:cantSplit")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _fixed_layout(table: Any, widths: list[int]) -> None:
    tbl = table._tbl
    tblpr = tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)
    tblw = tblpr.find(qn("w:tblW"))
    if tblw is None:
        tblw = OxmlElement("w:tblW")
        tblpr.append(tblw)
    tblw.set(qn("w:type"), "dxa")
    tblw.set(qn("w:w"), str(sum(widths) // 635))  # EMU → twips
    grid = tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(w // 635))
    for row in table.rows:
        for cell, w in zip(row.cells, widths, strict=True):
            cell.width = w


def _no_borders(table: Any) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblpr.append(borders)


def _para(container: Any, text: str, *, size: int = BODY_PT, bold: bool = False, italic: bool = False,
          align: str = "justify", lang: str = "vi") -> Any:
    para = container.add_paragraph()
    para.alignment = _ALIGN[align]
    run = para.add_run(text)
    _font(run, size, bold=bold, lang=lang)
    run.italic = italic
    return para


class _Writer:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.doc = Document()
        self.landscape = False
        _styles(self.doc, lang)
        _section_layout(self.doc.sections[0], landscape=False)
        _page_number(self.doc.sections[0])

    def orientation(self, landscape: bool) -> None:
        if landscape == self.landscape:
            return
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        _section_layout(section, landscape)
        section.different_first_page_header_footer = False
        self.landscape = landscape

    def header(self, b: Header) -> None:
        section = self.doc.sections[-1]
        width = _text_width(section)
        table = self.doc.add_table(rows=1, cols=2)
        _no_borders(table)
        left, right = table.rows[0].cells
        left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(left.paragraphs[0].add_run(b.facility), 12, bold=True, lang=self.lang)
        right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(right.paragraphs[0].add_run(b.motto[0]), 12, bold=True, lang=self.lang)
        motto = right.add_paragraph()
        motto.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = motto.add_run(b.motto[1])
        _font(run, BODY_PT, bold=True, lang=self.lang)
        run.underline = True
        _fixed_layout(table, [int(width * 0.38), width - int(width * 0.38)])
        _para(self.doc, b.place_date, italic=True, align="right", lang=self.lang)
        title = _para(self.doc, b.title, size=14, bold=True, align="center", lang=self.lang)
        title.paragraph_format.space_before = Pt(12)
        _para(self.doc, b.subtitle, italic=True, align="center", size=12, lang=self.lang)
        self.doc.core_properties.title = b.title
        self.doc.core_properties.author = b.facility.title() if b.facility else "ghgcalc"
        self.doc.core_properties.language = _LANG_TAG[self.lang]

    def heading(self, b: Heading) -> None:
        self.orientation(False)
        h = self.doc.add_heading(level=min(b.level, 3))
        _font(h.add_run(b.text), 14 if b.level == 1 else BODY_PT, bold=True, lang=self.lang)
        h.alignment = WD_ALIGN_PARAGRAPH.LEFT

    def para(self, b: Para) -> None:
        style = "List Bullet" if b.style == "bullet" else None
        para = self.doc.add_paragraph(style=style)
        para.alignment = _ALIGN["left" if b.style == "bullet" else b.align]
        for r in b.runs:
            run = para.add_run(r.text)
            _font(run, SMALL_PT + 1 if b.style == "note" else BODY_PT, bold=r.bold or r.missing, lang=self.lang)
            run.italic = r.italic or b.style == "note"
            if r.missing:
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW

    def table(self, b: Table) -> None:
        self.orientation(b.wide)
        if b.caption:
            cap = _para(self.doc, b.caption, size=BODY_PT - 1, bold=True, align="left", lang=self.lang)
            cap.paragraph_format.keep_with_next = True
        section = self.doc.sections[-1]
        width = _text_width(section)
        total = sum(c.weight for c in b.columns)
        widths = [int(width * c.weight / total) for c in b.columns]
        table = self.doc.add_table(rows=1, cols=len(b.columns))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        size = TABLE_PT if len(b.columns) <= 7 else SMALL_PT
        head = table.rows[0]
        _repeat_header(head)
        for cell, col in zip(head.cells, b.columns, strict=True):
            para = cell.paragraphs[0]
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _font(para.add_run(col.label), size, bold=True, lang=self.lang)
        for i, row in enumerate(b.rows):
            cells = table.add_row()
            _cant_split(cells)
            for cell, col, value in zip(cells.cells, b.columns, row, strict=True):
                para = cell.paragraphs[0]
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT if col.numeric else WD_ALIGN_PARAGRAPH.LEFT
                _font(para.add_run(value), size, bold=i in b.bold_rows, lang=self.lang)
        _fixed_layout(table, widths)
        self.doc.add_paragraph().paragraph_format.space_after = Pt(2)

    def signature(self, b: Signature) -> None:
        self.orientation(False)
        width = _text_width(self.doc.sections[-1])
        table = self.doc.add_table(rows=1, cols=2)
        _no_borders(table)
        _cant_split(table.rows[0])
        cell = table.rows[0].cells[1]
        first = cell.paragraphs[0]
        first.alignment = WD_ALIGN_PARAGRAPH.CENTER
        first.paragraph_format.keep_with_next = True
        _font(first.add_run(b.title), BODY_PT, bold=True, lang=self.lang)
        hint = _para(cell, b.hint, italic=True, align="center", lang=self.lang)
        hint.paragraph_format.keep_with_next = True
        for _ in range(3):
            cell.add_paragraph().paragraph_format.keep_with_next = True
        name = _para(cell, b.name, bold=True, align="center", lang=self.lang)
        if b.missing:
            for run in name.runs:
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        _fixed_layout(table, [width // 2, width - width // 2])

    def page_break(self) -> None:
        self.orientation(False)
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def write_docx(m: ReportModel, path: Path, lang: str) -> None:
    """Write Form 06 of ``m`` in ``lang`` to ``path`` (the caller makes the write atomic)."""
    w = _Writer(lang)
    for b in form06(m, lang):
        if isinstance(b, Header):
            w.header(b)
        elif isinstance(b, Heading):
            w.heading(b)
        elif isinstance(b, Para):
            w.para(b)
        elif isinstance(b, Table):
            w.table(b)
        elif isinstance(b, Signature):
            w.signature(b)
        elif isinstance(b, PageBreak):
            w.page_break()
    w.doc.core_properties.comments = t("doc.generated", lang, version=m.provenance.ghgcalc_version,
                                       factors=m.provenance.factor_dataset_version)
    w.doc.save(str(path))
