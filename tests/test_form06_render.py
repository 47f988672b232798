"""Form 06 as an officer receives it: the Vietnamese .docx, .html and .md of every example, read back.

Each example is computed once per module; its Vietnamese Word document is
re-opened with python-docx and checked for what Decree 06/2022/NĐ-CP Form 06
and the presentation rules of Decree 30/2020/NĐ-CP ask (A4, Times New Roman,
header rows repeated, tables within the text width, page numbers from page 2,
the signature block with its hint and name), and the text of the document, the
HTML and the Markdown for what a Vietnamese reader must not meet: program ids,
English words of the report's labels, numbers written the English way.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from ghgcalc import l10n
from ghgcalc.render.docx import write_docx
from ghgcalc.render.markup import to_html, to_markdown
from ghgcalc.report import build_inventory
from ghgcalc.report_model import FORM06_III4_FIELDS, ReportModel

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.xlsx"))
AS_OF = dt.date(2026, 11, 23)
TWIPS_PER_MM = 1440 / 25.4

#: A program id: lower-case words joined by underscores (``gas_diesel_oil``, ``ipcc_default``).
PROGRAM_ID = re.compile(r"\b[a-z]+_[a-z_]+\b")

#: English words a Vietnamese report must not show, besides every label of the English catalogue below.
ENGLISH = ("Stationary combustion", "Total", "Scope", "Uncertainty", "not quantified", "supply ef_co2",
           "default", "factor", "dimensionless", "percent", "per", "the", "and", "of", "with", "from", "for",
           "Guidelines", "Table", "Appendix", "Equation", "Volume", "Chapter")

#: English catalogue labels that are the same words in a Vietnamese report (symbols, acronyms, names).
SAME_IN_BOTH = re.compile(r"^[\W\dA-Z]*$|^(CO2|CH4|N2O|HFCs|PFCs|SF6|NF3|AR\d|GWP.*|IPCC.*|ISO.*|TOE|MWh|TJ)$")


@dataclass
class Rendered:
    stem: str
    model: ReportModel
    docx: Document  # type: ignore[valid-type]
    docx_text: str
    html_text: str
    md_text: str
    md_en: str
    facility_text: tuple[str, ...]


def _docx_text(doc: Document) -> str:  # type: ignore[valid-type]
    """Every paragraph of the body (tables included, in order) and of the headers and footers, one a line."""
    parts = []
    for el in (doc.element.body, *(s.header._element for s in doc.sections), *(s.footer._element for s in
                                                                                    doc.sections)):
        for para in el.iter(qn("w:p")):
            parts.append("".join(t.text or "" for t in para.iter(qn("w:t"))))
    return "\n".join(parts)


def _html_text(page: str) -> str:
    """The words of an HTML page as a reader sees them (tags, style and scripts removed)."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<br\s*/?>|</(p|div|li|tr|th|td|h\d|caption|figcaption|text|title)>", "\n", page)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _md_plain(md: str) -> str:
    return re.sub(r"\\(.)", r"\1", md)


@pytest.fixture(scope="module", params=EXAMPLES, ids=lambda p: p.stem)
def rendered(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    path: Path = request.param
    model = build_inventory(path, as_of=AS_OF).report()
    out = tmp_path_factory.mktemp(path.stem) / "form06.vi.docx"
    write_docx(model, out, "vi")
    doc = Document(str(out))
    f = model.facility
    own = [f.name, f.address, f.province, f.legal_representative, f.business_field, f.boundary_notes,
           f.technology_notes, f.sources_notes, f.data_system_notes, f.consolidation,
           *(getattr(f, k) for k in FORM06_III4_FIELDS),
           *(x for q in model.qc_log for x in (q.check, q.checked_by, q.errors_found, q.action_taken)),
           *(s.description for s in model.sources),
           *(c.exclusion_reason for y in model.years for c in y.indirect_coverage)]
    return Rendered(path.stem, model, doc, _docx_text(doc), _html_text(to_html(model, "vi")),
                    _md_plain(to_markdown(model, "vi")), _md_plain(to_markdown(model, "en")),
                    tuple(sorted({s for s in own if s}, key=len, reverse=True)))


def _texts(r: Rendered) -> dict[str, str]:
    return {"docx": r.docx_text, "html": r.html_text, "md": r.md_text}


# --- Word layout ------------------------------------------------------------------------------------------------


def test_every_section_is_a4_with_decree_30_margins(rendered: Rendered) -> None:
    for s in rendered.docx.sections:
        w, h = sorted((s.page_width, s.page_height))
        assert abs(w - Mm(210)) < Mm(0.5) and abs(h - Mm(297)) < Mm(0.5)
        mm = {k: getattr(s, f"{k}_margin") / Mm(1) for k in ("top", "bottom", "left", "right")}
        # Decree 30/2020 Appendix I: top/bottom 20-25 mm, left 30-35 mm, right 15-20 mm (landscape pages too)
        assert 19.9 <= mm["top"] <= 25.1 and 19.9 <= mm["bottom"] <= 25.1, mm
        assert 29.9 <= mm["left"] <= 35.1 and 14.9 <= mm["right"] <= 20.1, mm


def _style_font(style: object) -> str | None:
    while style is not None:
        name = style.font.name  # type: ignore[attr-defined]
        if name:
            return str(name)
        style = style.base_style  # type: ignore[attr-defined]
    return None


def test_times_new_roman_everywhere_and_the_motto(rendered: Rendered) -> None:
    doc = rendered.docx
    assert _style_font(doc.styles["Normal"]) == "Times New Roman"
    assert doc.styles["Normal"].font.size.pt == 13
    for fonts in doc.element.body.iter(qn("w:rFonts")):
        assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == "Times New Roman"
        assert fonts.get(qn("w:asciiTheme")) is None and fonts.get(qn("w:hAnsiTheme")) is None
    styles = {s.style_id: s for s in doc.styles}
    used = {el.get(qn("w:val")) for el in doc.element.body.iter(qn("w:pStyle"), qn("w:tblStyle"))}
    for style_id in used | {"Normal"}:
        assert _style_font(styles[style_id]) == "Times New Roman", style_id
    defaults = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert defaults.find(qn("w:rFonts")).get(qn("w:ascii")) == "Times New Roman"
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"  # proofing language, not en-US
    # the national motto: bold, centred, and short enough for its cell (no wrap)
    motto = [p for p in doc.tables[0].rows[0].cells[1].paragraphs if p.text]
    assert [p.text for p in motto] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert all(p.alignment == 1 and all(r.bold for r in p.runs) for p in motto)  # 1 = centre


def _sections_of_tables(doc: Document) -> list[tuple[object, int]]:  # type: ignore[valid-type]
    """(table element, index of its section) for every top-level table of the body."""
    out, index = [], 0
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:tbl"):
            out.append((child, index))
        elif child.tag == qn("w:p") and child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            index += 1
    return out


def test_every_table_fits_the_text_width_of_its_section(rendered: Rendered) -> None:
    doc = rendered.docx
    sections = doc.sections
    tables = _sections_of_tables(doc)
    assert len(tables) >= 5
    for tbl, index in tables:
        s = sections[index]
        text_w = (s.page_width - s.left_margin - s.right_margin) / 635  # EMU -> twips
        grid = [int(c.get(qn("w:w"))) for c in tbl.iter(qn("w:gridCol"))]  # type: ignore[attr-defined]
        assert grid and sum(grid) <= text_w + 1, (index, grid, text_w)
        assert tbl.find(f"{qn('w:tblPr')}/{qn('w:tblLayout')}").get(qn("w:type")) == "fixed"  # type: ignore
        for tc_w in tbl.iter(qn("w:tcW")):  # type: ignore[attr-defined]
            assert int(tc_w.get(qn("w:w"))) <= text_w + 1


def test_header_rows_repeat_on_every_page(rendered: Rendered) -> None:
    data_tables = [t for t in rendered.docx.tables if len(t.rows) > 1]
    assert data_tables
    for table in data_tables:
        first = table.rows[0]._tr
        assert first.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None, table.rows[0].cells[0].text
        assert all(r._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None for r in table.rows[1:])


def test_page_numbers_from_page_two_and_place_date_title(rendered: Rendered) -> None:
    doc = rendered.docx
    first = doc.sections[0]
    assert first.different_first_page_header_footer
    assert not "".join(p.text for p in first.first_page_header.paragraphs).strip()
    for s in doc.sections:
        instr = "".join(t.text or "" for t in s.header._element.iter(qn("w:instrText")))
        assert "PAGE" in instr
    text = rendered.docx_text
    assert re.search(r"^.+, ngày … tháng … năm …$", text, re.M)
    ys = [str(y) for y in rendered.model.facility.reporting_years] or [str(y.year) for y in rendered.model.years]
    years = f"{', '.join(ys[:-1])} VÀ {ys[-1]}" if len(ys) > 1 else ys[0]
    assert f"BÁO CÁO KẾT QUẢ KIỂM KÊ KHÍ NHÀ KÍNH CHO NĂM {years}" in text


def test_signature_block_is_kept_with_the_content_before_it(rendered: Rendered) -> None:
    """Title, hint and name are one block that keeps with the paragraph before it (never alone on a page)."""
    body = list(rendered.docx.element.body.iterchildren())
    paras = [el for el in body if el.tag == qn("w:p")]
    texts = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in paras]
    i = texts.index("ĐẠI DIỆN CỦA CƠ SỞ")
    assert texts[i + 1] == "(Ký, ghi rõ họ tên, đóng dấu)"
    name = rendered.model.facility.legal_representative or "[Chưa nhập: người đại diện theo pháp luật]"
    j = texts.index(name, i)
    before = paras[i - 1]
    assert texts[i - 1].strip(), "the paragraph before the signature is the last content, not a spacer"
    for p in [before, *paras[i:j]]:
        assert p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None, "".join(t.text for t in p.iter(qn("w:t")))


def test_indirect_categories_3_to_6_each_quantified_or_excluded_with_reason(rendered: Rendered) -> None:
    codes = ["3.1", "3.2", "3.3", "3.4", "3.5", "4.1", "4.2", "4.3", "4.4", "4.5", "5.1", "5.2", "5.3", "5.4", "6"]
    for y in rendered.model.years:
        assert sorted(c.category for c in y.indirect_coverage) == sorted(codes)
    text = rendered.docx_text
    for code in codes:
        assert l10n.t(f"cat.{code}", "vi") in text
    # one compact table for all years: far fewer rows than 15 a year
    caption = l10n.t("doc.coverage", "vi")
    assert text.count(caption) == 1
    table = next(t for t in rendered.docx.tables if t.rows[0].cells[0].text == l10n.t("col.code", "vi")
                 and any(c.text == l10n.t("col.exclusion_reason", "vi") for c in t.rows[0].cells))
    assert len(table.rows) <= 1 + 15
    # an exclusion without its reason is a gap the facility must fill: highlighted like a missing field
    for row in table.rows[1:]:
        cell = row.cells[-1]
        if cell.text == l10n.t("doc.no_reason", "vi"):
            assert all(r.font.highlight_color is not None for p in cell.paragraphs for r in p.runs)
    assert [c.text for c in table.rows[0].cells][2:2 + len(rendered.model.years)] == [
        str(y.year) for y in rendered.model.years]


# --- words and numbers, in the .docx, .html and .md -------------------------------------------------------------


def _strip_own_text(text: str, own: tuple[str, ...]) -> str:
    """The text without what the facility itself wrote (names, notes, descriptions): it is theirs."""
    for s in own:
        text = text.replace(s, " ")
    return text


def test_no_program_ids(rendered: Rendered) -> None:
    input_file = rendered.model.provenance.input_file or ""
    for kind, text in _texts(rendered).items():
        found = sorted(set(PROGRAM_ID.findall(text.replace(input_file, ""))))
        assert not found, (kind, found)


def _english_labels() -> list[str]:
    """Labels of the English catalogue that differ from the Vietnamese (words a Vietnamese text must not show)."""
    en, vi = l10n._catalogue("en")[0], l10n._catalogue("vi")[0]
    out = set()
    for key, text in en.items():
        label = re.sub(r"\{\w+\}", "", text).strip(" :—-,.()")
        if "{" in text or label == vi.get(key, "").strip(" :—-,.()") or SAME_IN_BOTH.match(label):
            continue
        if re.search(r"[a-z]{4,}", label) and len(label) <= 40:
            out.add(label)
    return sorted(out)


def test_english_label_list_is_meaningful() -> None:
    labels = _english_labels()
    assert {"Stationary combustion", "Imported electricity"} <= set(labels) and len(labels) > 100


def test_no_english_words(rendered: Rendered) -> None:
    words = sorted({*ENGLISH, *_english_labels()}, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w-])")
    for kind, text in _texts(rendered).items():
        found = sorted(set(pattern.findall(_strip_own_text(text, rendered.facility_text))))
        assert not found, (kind, found)


NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*")
VI_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})*(?:,\d+)?|\d+(?:,\d+)?")
REFERENCE = re.compile(r"\d+(?:\.\d+)+")  # clause, table, category and version numbers: 1.25, 2.2, 0.1.0
#: What comes before a clause, table or category number (or it starts the line, a cell, a list of them).
REFERENCE_BEFORE = re.compile(r"(?:^|\n|mục|Bảng|Chương|trình|PT|Phụ lục|§|Điều|khoản|điểm|Tập|Mẫu số|[–,;(|*-]|và)"
                              r"\s*$")


def _english_numbers(text: str, en_text: str) -> list[str]:
    """Numbers of ``text`` written the English way (1,234.5; 0.66; 1,234,567).

    ``1,234`` reads as a decimal in Vietnamese and as a thousand in English:
    it is accepted when the English rendering of the same report shows
    ``1.234`` (the same decimal), so a number formatted the English way inside
    the Vietnamese text is caught.
    """
    en_numbers = set(NUMBER.findall(en_text))
    bad = []
    for match in NUMBER.finditer(text):
        tok = match.group()
        if REFERENCE.fullmatch(tok):  # 1.234 (vi), 1.25 (a clause), 0.1.0 (a version); 0.66 and 29.8 are English
            grouped = re.fullmatch(r"[1-9]\d{0,2}(?:\.\d{3})+", tok)
            before = text[max(0, match.start() - 24):match.start()]
            if re.fullmatch(r"0\.\d+", tok) or not (grouped or REFERENCE_BEFORE.search(before)):
                bad.append(tok)
            continue
        if not VI_NUMBER.fullmatch(tok):
            bad.append(tok)
        elif re.fullmatch(r"[1-9]\d{0,2},\d{3}", tok) and tok.replace(",", ".") not in en_numbers:
            bad.append(tok)
    return bad


def test_english_number_detector() -> None:
    en = "1.234 and 41.868 and 1,234.5"
    assert _english_numbers("1.234,5 0,6592 1,234 14064-1:2018 mục 1.25 31/12/2025", en) == []
    assert _english_numbers("1,234.5 0.6592 1,234,567 4,567", en) == ["1,234.5", "0.6592", "1,234,567", "4,567"]
    assert _english_numbers("GWP 29.8 (Bảng 7.15)\n1.1 Đốt nhiên liệu", en) == ["29.8"]


def test_numbers_in_vietnamese_format(rendered: Rendered) -> None:
    for kind, text in _texts(rendered).items():
        # versions and the input's hash are identifiers, not quantities
        pv = rendered.model.provenance
        for ident in (pv.ghgcalc_version, pv.factor_dataset_version, rendered.model.schema_version,
                      pv.input_sha256 or "", pv.run_at_utc or ""):
            text = text.replace(ident, " ")
        assert _english_numbers(text, rendered.md_en) == [], kind
    # and the numbers are there: the total of each year as the Vietnamese reader writes it
    for y in rendered.model.years:
        total = l10n.num(y.totals.co2e_t, "vi")
        assert total in rendered.docx_text and total in rendered.html_text and total in rendered.md_text


def test_signature_after_a_table_keeps_with_its_last_row(rendered: Rendered, tmp_path: Path) -> None:
    """Without notes on the data the coverage table is the last content: its last row keeps with the signature."""
    model = rendered.model.model_copy(update={"warnings": []})
    out = tmp_path / "no_notes.docx"
    write_docx(model, out, "vi")
    body = list(Document(str(out)).element.body.iterchildren())
    i = next(k for k, el in enumerate(body) if el.tag == qn("w:p")
             and "".join(t.text or "" for t in el.iter(qn("w:t"))) == "ĐẠI DIỆN CỦA CƠ SỞ")
    assert body[i - 1].tag == qn("w:tbl")  # no empty paragraph between the table and the signature
    last_row = body[i - 1].findall(qn("w:tr"))[-1]
    assert all(p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None for p in last_row.iter(qn("w:p")))


def test_english_document_has_the_same_layout(rendered: Rendered, tmp_path: Path) -> None:
    """The English Form 06: same A4 sections, fixed widths within the text width, repeated headers, en-GB proofing."""
    if rendered.stem not in ("cement_plant", "hai_phong_garment"):
        pytest.skip("two examples are enough for the English layout")
    out = tmp_path / "form06.en.docx"
    write_docx(rendered.model, out, "en")
    doc = Document(str(out))
    for s in doc.sections:
        assert sorted((round(s.page_width / Mm(1)), round(s.page_height / Mm(1)))) == [210, 297]
    for tbl, index in _sections_of_tables(doc):
        s = doc.sections[index]
        grid = [int(c.get(qn("w:w"))) for c in tbl.iter(qn("w:gridCol"))]  # type: ignore[attr-defined]
        assert sum(grid) <= (s.page_width - s.left_margin - s.right_margin) / 635 + 1
    assert all(t.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
               for t in doc.tables if len(t.rows) > 1)
    defaults = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == "en-GB"
    texts = [p.text for p in doc.paragraphs]
    i = texts.index(l10n.t("doc.signature", "en"))
    assert texts[i + 1] == l10n.t("doc.signature_hint", "en")
