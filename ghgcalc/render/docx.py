"""Form 06 as a Word document laid out as Decree 30/2020/NĐ-CP presents administrative documents.

A4, margins top/bottom 20 mm, left 30 mm, right 15 mm (Decree 30/2020/NĐ-CP
Appendix I), Times New Roman 13 pt body, the national motto bold and centred
beside the facility's name, page numbers from page 2, table header rows
repeated on every page, column widths measured from their text and kept within
the text width, a landscape section for a table whose columns do not fit a
portrait page, and the signature block kept on the page of the content before it.
The content is :func:`ghgcalc.render.document.form06`, the same as HTML/Markdown.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from ..l10n import t
from ..report_model import ReportModel
from .document import Block, Header, Heading, PageBreak, Para, Signature, Table, form06

FONT = "Times New Roman"
BODY_PT, TABLE_PT, MIN_TABLE_PT, NOTE_PT = 13, 11, 9, 11
PAGE_W, PAGE_H = Mm(210), Mm(297)
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
          "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
_LANG_TAG = {"vi": "vi-VN", "en": "en-GB"}
EMU_PER_PT, TWIPS_PER_PT = 12700, 20
#: Left + right cell margins of a table cell (Word's default 0.08 inch each side) and a safety allowance [pt].
CELL_PAD_PT = 2 * 5.4 + 3.0
#: A table with this many columns and two or more columns of long text (citations, notes) goes to a landscape
#: page when its text would need much more than a portrait width.
MANY_COLUMNS = 6
#: A table of at most this many rows is kept on one page (with its caption).
SHORT_TABLE_ROWS = 12

# Advance widths of Times New Roman [em] (Adobe font metrics, regular); others by class below.
_TNR = dict(zip("abcdefghijklmnopqrstuvwxyz",
                (.444, .5, .444, .5, .444, .333, .5, .5, .278, .278, .5, .278, .778, .5, .5, .5, .5, .333, .389,
                 .278, .5, .5, .722, .5, .5, .444), strict=True))
_TNR.update({"I": .333, "J": .389, "M": .889, "W": .944, " ": .25, ".": .25, ",": .25, ":": .278, ";": .278,
             "(": .333, ")": .333, "-": .333, "/": .278, "%": .833, "±": .564, "—": 1.0, "…": 1.0, "[": .333,
             "]": .333, "³": .3, "²": .3, "·": .25, "+": .564, "×": .564, "=": .564, "'": .18, "§": .5})


_LETTER = re.compile(r"[^\W\d_]")


def _text_pt(text: str, size: float, bold: bool = False) -> float:
    """Estimated printed width of ``text`` in Times New Roman at ``size`` pt (Vietnamese marks take no width)."""
    em = 0.0
    for ch in unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D")):
        if unicodedata.combining(ch):
            continue
        w = _TNR.get(ch)
        if w is None:
            w = .5 if ch.isdigit() else .722 if ch.isupper() else .5
        em += w
    return em * size * (1.06 if bold else 1.0)


@dataclass(frozen=True)
class _Plan:
    landscape: bool
    size: int
    widths_pt: tuple[float, ...]


def _widths(b: Table, size: int, avail: float) -> tuple[float, ...] | None:
    """Column widths [pt] that hold every word unbroken (every number on one line) in ``avail``; None if impossible.

    Each column gets at least its longest word (numeric cells: the whole number),
    then the rest of the width goes to the columns whose text wants more, in
    proportion to what they lack.
    """
    need_min, need_full = [], []
    for j, col in enumerate(b.columns):
        cells = [r[j] for r in b.rows]
        words = [_text_pt(w, size, True) for w in col.label.split()]
        words += [_text_pt(w, size) for c in cells  # a number is one word; words in a numeric column may wrap
                  for w in ([c] if col.numeric and not _LETTER.search(c) else c.split())]
        lo = max(words, default=0.0) + CELL_PAD_PT
        full = max([_text_pt(col.label, size, True)] + [_text_pt(c, size) for c in cells]) + CELL_PAD_PT
        need_min.append(lo)
        need_full.append(max(min(full, 0.6 * avail), lo))
    if sum(need_min) > avail:
        return None
    if sum(need_full) <= avail:
        total = sum(need_full)
        return tuple(w * avail / total for w in need_full)
    slack = avail - sum(need_min)
    want = [f - m for f, m in zip(need_full, need_min, strict=True)]
    total_want = sum(want) or 1.0
    return tuple(m + slack * w / total_want for m, w in zip(need_min, want, strict=True))


def _text_width_pt(landscape: bool) -> float:
    page = PAGE_H if landscape else PAGE_W
    return (page - MARGINS["left"] - MARGINS["right"]) / EMU_PER_PT


def plan_table(b: Table) -> _Plan:
    """Orientation, font size and column widths of a table: portrait when its words fit, else landscape.

    A table of many columns whose text would need far more than a portrait width
    (long citations beside numbers) goes landscape even if its words would fit
    narrowly, so that it is not a column of one word per line.
    """
    portrait, landscape = _text_width_pt(False), _text_width_pt(True)
    natural = [max([_text_pt(c.label, TABLE_PT, True)] + [_text_pt(r[j], TABLE_PT) for r in b.rows]) + CELL_PAD_PT
               for j, c in enumerate(b.columns)]
    long_text = sum(1 for c, w in zip(b.columns, natural, strict=True) if not c.numeric and w > 0.3 * portrait)
    prefer_landscape = len(b.columns) >= MANY_COLUMNS and long_text >= 2 and sum(natural) > 1.6 * portrait
    tries = [(False, TABLE_PT), (False, TABLE_PT - 1)] if not prefer_landscape else []
    tries += [(True, size) for size in range(TABLE_PT, MIN_TABLE_PT - 1, -1)]
    for land, size in tries:
        widths = _widths(b, size, landscape if land else portrait)
        if widths is not None:
            return _Plan(land, size, widths)
    # words longer than any column can be: landscape, smallest type, widths in proportion to the text
    total = sum(c.weight for c in b.columns)
    return _Plan(True, MIN_TABLE_PT, tuple(landscape * c.weight / total for c in b.columns))


def _font(style_or_run: Any, size: float | None = None, bold: bool | None = None, lang: str = "vi") -> None:
    """Times New Roman (every script slot, no theme font) and the document's language on a style or run."""
    f = style_or_run.font
    if size:
        f.size = Pt(size)
    if bold is not None:
        f.bold = bold
    rpr = style_or_run.element.get_or_add_rPr()
    _rfonts(rpr, lang)


def _rfonts(rpr: Any, lang: str) -> None:
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
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang_el.set(qn(attr), _LANG_TAG[lang])


def _styles(doc: Any, lang: str) -> None:
    st = doc.styles
    defaults = st.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if defaults is not None:  # the template's theme fonts and en-US proofing are the fallback of every style
        _rfonts(defaults, lang)
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


def _fixed_layout(table: Any, widths: list[int]) -> None:
    """Fixed column widths [EMU] on a python-docx table (grid, table width and every cell)."""
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
    tblw.set(qn("w:w"), str(sum(w // 635 for w in widths)))  # EMU → twips
    for col, w in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
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
          align: str = "justify") -> Any:
    para = container.add_paragraph()
    para.alignment = _ALIGN[align]
    run = para.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold or None
    run.italic = italic or None
    return para


def _cell_xml(text: str, width: int, size: int, *, bold: bool, align: str, keep: bool = False,
              missing: bool = False) -> str:
    mark = "<w:highlight w:val='yellow'/>" if missing else ""
    rpr = (f"<w:rPr>{'<w:b/>' if bold or missing else ''}<w:sz w:val='{2 * size}'/><w:szCs w:val='{2 * size}'/>"
           f"{mark}</w:rPr>")
    run = f"<w:r>{rpr}<w:t xml:space='preserve'>{escape(text)}</w:t></w:r>" if text else ""
    return (f"<w:tc><w:tcPr><w:tcW w:w='{width}' w:type='dxa'/></w:tcPr><w:p><w:pPr>{'<w:keepNext/>' if keep else ''}"
            f"<w:spacing w:before='0' w:after='0' w:line='240' w:lineRule='auto'/><w:jc w:val='{align}'/>{rpr}"
            f"</w:pPr>{run}</w:p></w:tc>")


def table_xml(b: Table, plan: _Plan) -> Any:
    """The table as one WordprocessingML element: fixed grid, header row repeated, rows never split."""
    widths = [int(w * TWIPS_PER_PT) for w in plan.widths_pt]
    short = len(b.rows) <= SHORT_TABLE_ROWS  # kept on one page: every row keeps with the next
    head = "".join(_cell_xml(c.label, w, plan.size, bold=True, align="center", keep=True)
                   for c, w in zip(b.columns, widths, strict=True))
    rows = [f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{head}</w:tr>"]
    for i, row in enumerate(b.rows):
        keep = short and i < len(b.rows) - 1
        cells = "".join(_cell_xml(v, w, plan.size, bold=i in b.bold_rows, align="right" if c.numeric else "left",
                                  keep=keep, missing=(i, j) in b.missing)
                        for j, (c, v, w) in enumerate(zip(b.columns, row, widths, strict=True)))
        rows.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>")
    grid = "".join(f"<w:gridCol w:w='{w}'/>" for w in widths)
    return parse_xml(
        f"<w:tbl {nsdecls('w')}><w:tblPr><w:tblStyle w:val='TableGrid'/><w:tblW w:w='{sum(widths)}' w:type='dxa'/>"
        f"<w:jc w:val='center'/><w:tblLayout w:type='fixed'/>"
        f"<w:tblLook w:val='04A0' w:firstRow='1' w:lastRow='0' w:firstColumn='1' w:lastColumn='0' w:noHBand='0' "
        f"w:noVBand='1'/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>")


def _keep_next(p: Any) -> None:
    Paragraph(p, None).paragraph_format.keep_with_next = True  # type: ignore[arg-type]


class _Writer:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.doc = Document()
        self.landscape = False
        self.break_before = False
        self.spacer: Any = None  # the empty paragraph after the last table
        _styles(self.doc, lang)
        _section_layout(self.doc.sections[0], landscape=False)
        _page_number(self.doc.sections[0])

    def _insert(self, el: Any) -> None:
        body = self.doc.element.body
        sect = body.find(qn("w:sectPr"))
        if sect is not None:
            sect.addprevious(el)
        else:
            body.append(el)

    def orientation(self, landscape: bool) -> bool:
        """Continue on a page of that orientation; whether a new section (and so a new page) began."""
        if landscape == self.landscape:
            return False
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        _section_layout(section, landscape)
        section.different_first_page_header_footer = False
        self.landscape = landscape
        self.break_before = False
        return True

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
        left_w = int(width * 0.36)
        _fixed_layout(table, [left_w, width - left_w])
        _para(self.doc, b.place_date, italic=True, align="right")
        title = _para(self.doc, b.title, size=14, bold=True, align="center")
        title.paragraph_format.space_before = Pt(12)
        title.paragraph_format.space_after = Pt(0)
        _para(self.doc, b.subtitle, italic=True, align="center", size=12)
        self.doc.core_properties.title = b.title
        self.doc.core_properties.author = b.facility.title() if b.facility else "ghgcalc"
        self.doc.core_properties.language = _LANG_TAG[self.lang]

    def heading(self, b: Heading, landscape: bool) -> None:
        self.orientation(landscape)
        h = self.doc.add_heading(level=min(b.level, 3))
        run = h.add_run(b.text)
        run.font.size = Pt(14 if b.level == 1 else BODY_PT)
        h.alignment = WD_ALIGN_PARAGRAPH.LEFT
        if self.break_before:
            h.paragraph_format.page_break_before = True
            self.break_before = False

    def para(self, b: Para) -> None:
        style = "List Bullet" if b.style == "bullet" else None
        para = self.doc.add_paragraph(style=style)
        para.alignment = _ALIGN["left" if b.style == "bullet" else b.align]
        if b.style != "bullet" and "".join(r.text for r in b.runs).rstrip().endswith(":"):
            para.paragraph_format.keep_with_next = True  # a line that introduces a list stays with it
        for r in b.runs:
            run = para.add_run(r.text)
            if b.style == "note":
                run.font.size = Pt(NOTE_PT)
            run.bold = (r.bold or r.missing) or None
            run.italic = (r.italic or b.style == "note") or None
            if r.missing:
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        self.spacer = None

    def table(self, b: Table, plan: _Plan) -> None:
        self.orientation(plan.landscape)
        if b.caption:
            cap = _para(self.doc, b.caption, size=BODY_PT - 1, bold=True, align="left")
            cap.paragraph_format.keep_with_next = True
            cap.paragraph_format.space_before = Pt(6)
        self._insert(table_xml(b, plan))
        self.spacer = self.doc.add_paragraph()
        self.spacer.paragraph_format.space_after = Pt(2)

    def signature(self, b: Signature) -> None:
        """Title, hint, room to sign and the name, right half of the page, kept with the content before it."""
        body = self.doc.element.body
        if self.spacer is not None:  # no empty line between the last content and the signature block
            body.remove(self.spacer._p)
            self.spacer = None
        last = body.find(qn("w:sectPr")).getprevious()
        if last is not None and last.tag == qn("w:tbl"):
            for p in last.findall(f"{qn('w:tr')}")[-1].iter(qn("w:p")):
                _keep_next(p)
        elif last is not None and last.tag == qn("w:p"):
            _keep_next(last)
        indent = Pt(_text_width_pt(self.landscape) / 2)
        lines: list[tuple[str, bool, bool]] = [(b.title, True, False), (b.hint, False, True),
                                                ("", False, False), ("", False, False), ("", False, False),
                                                (b.name, True, False)]
        for i, (text, bold, italic) in enumerate(lines):
            para = _para(self.doc, text, bold=bold, italic=italic, align="center")
            para.paragraph_format.left_indent = indent
            para.paragraph_format.space_after = Pt(0)
            if i == 0:
                para.paragraph_format.space_before = Pt(12)
            if i < len(lines) - 1:
                para.paragraph_format.keep_with_next = True
            if i == len(lines) - 1 and b.missing:
                for run in para.runs:
                    run.font.highlight_color = WD_COLOR_INDEX.YELLOW

    def page_break(self) -> None:
        self.break_before = True


def _heading_orientation(blocks: list[Block], i: int, plans: dict[int, _Plan]) -> bool:
    """A heading takes the orientation of the table it introduces (it must not stay behind on another page)."""
    for j in range(i + 1, len(blocks)):
        if isinstance(blocks[j], Heading):
            continue
        return j in plans and plans[j].landscape
    return False


def write_docx(m: ReportModel, path: Path, lang: str) -> None:
    """Write Form 06 of ``m`` in ``lang`` to ``path`` (the caller makes the write atomic)."""
    write_blocks(form06(m, lang), path, lang, t("doc.generated", lang, version=m.provenance.ghgcalc_version,
                                                   factors=m.provenance.factor_dataset_version))


def write_blocks(blocks: list[Block], path: Path, lang: str, comments: str = "") -> None:
    """Document blocks as a Word document laid out as Form 06 is (the caller makes the write atomic)."""
    w = _Writer(lang)
    plans = {i: plan_table(b) for i, b in enumerate(blocks) if isinstance(b, Table)}
    for i, b in enumerate(blocks):
        if isinstance(b, Header):
            w.header(b)
        elif isinstance(b, Heading):
            w.heading(b, _heading_orientation(blocks, i, plans))
        elif isinstance(b, Para):
            w.para(b)
        elif isinstance(b, Table):
            w.table(b, plans[i])
        elif isinstance(b, Signature):
            w.signature(b)
        elif isinstance(b, PageBreak):
            w.page_break()
    if comments:
        w.doc.core_properties.comments = comments
    w.doc.core_properties.language = _LANG_TAG[lang]
    if not w.doc.core_properties.title:
        w.doc.core_properties.title = next((b.text for b in blocks if isinstance(b, Heading)), "")
    w.doc.save(str(path))
