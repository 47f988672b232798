"""Large inputs: the .xlsx detail rows written as XML are the bytes openpyxl writes, and the Form 06 document
sums its activity-data and detail tables above ``DOCUMENT_ROWS`` rows (every row stays in xlsx, JSON, CSV)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from docx import Document

from ghgcalc import Inventory
from ghgcalc.io.report_writers import to_json, write
from ghgcalc.l10n import num
from ghgcalc.render import document, xlsx
from ghgcalc.render.markup import to_html, to_markdown
from ghgcalc.report_model import ReportModel

AS_OF = dt.date(2026, 11, 23)
#: texts that the XML writer must escape or mark as openpyxl/lxml do
HOSTILE = ["Xe tải số 1 & 2 <kho> \"A\"", "  leading and trailing  ", "Lò hơi đốt than — ca đêm", "emoji 😀 row",
           "two\nlines", "=SUM(A1:A2)", "", "Bơm nước"]


def _inventory() -> Inventory:
    rows = [{"activity": "diesel", "quantity": q, "unit": "t", "year": 2025, "description": d}
            for q, d in zip([1, 2, 3, 4.5, 0.25, 7, 1e6, 3.3], HOSTILE, strict=True)]
    rows += [{"activity": "grid_electricity", "quantity": 1200.5, "unit": "MWh", "year": 2025, "description": "Xưởng"},
             {"activity": "grid_electricity", "quantity": 800, "unit": "MWh", "year": 2024}]
    inv = Inventory.from_dict({"name": "Công ty A & B", "facility_type": "industrial", "reporting_years": "2024-2025"},
                              rows, as_of=AS_OF)
    inv.provenance_info["run_at_utc"] = "2026-01-01T00:00:00+00:00"
    return inv


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}  # core.xml: the save time


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("formulas", [False, True])
def test_held_rows_are_the_bytes_openpyxl_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str,
                                                formulas: bool) -> None:
    inv = _inventory()
    held = write(inv, tmp_path / "held.xlsx", lang=lang, formulas=formulas)
    monkeypatch.setattr(xlsx, "HOLD_ROWS", False)
    plain = write(inv, tmp_path / "plain.xlsx", lang=lang, formulas=formulas)
    a, b = _parts(held), _parts(plain)
    assert a.keys() == b.keys()
    different = [n for n in a if a[n] != b[n]]
    assert different == []
    # the hostile texts really went through the held rows: escaped, non-ASCII as character references
    assert any(b"s&#7889; 1 &amp; 2 &lt;kho&gt;" in v and b"emoji &#128512;" in v for v in a.values())


@pytest.mark.parametrize("text", [*HOSTILE, " lead", "trail ", "tab\tand\rreturn", "a > b ' \" &", "ĐƯỜNG 𝔸"])
def test_text_escaped_as_lxml_writes_it(text: str) -> None:
    from lxml import etree
    from openpyxl.xml.functions import xmlfile

    from ghgcalc.render.xlsx_rows import _escape

    buf = io.BytesIO()
    with xmlfile(buf) as xf:
        el = etree.Element("t")
        el.text = text
        xf.write(el)
    assert buf.getvalue().decode("ascii") in (f"<t>{_escape(text)}</t>", "<t/>")


def _model(rows: int, monkeypatch: pytest.MonkeyPatch) -> ReportModel:
    monkeypatch.setattr(document, "DOCUMENT_ROWS", rows)
    return _inventory().report()


def test_document_lists_each_row_up_to_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    md = to_markdown(_model(10, monkeypatch), "en")  # 10 rows: not more than the limit
    assert "input rows" not in md
    assert md.count("Xe tải số 1") >= 2  # each row listed: in the activity table and in the detail


def test_document_sums_rows_above_the_limit(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    m = _model(9, monkeypatch)  # 10 rows > 9
    assert len(m.sources) == 10
    diesel = [s for s in m.sources if s.activity == "gas_diesel_oil"]
    total = sum(s.quantity or 0 for s in diesel)
    assert total == 1 + 2 + 3 + 4.5 + 0.25 + 7 + 1e6 + 3.3  # 1,000,021.05 t
    en, vi = to_markdown(m, "en"), to_markdown(m, "vi")
    assert "10 input rows: the tables below sum them by activity, year and unit" in en
    assert "10 dòng dữ liệu đầu vào" in vi
    assert f"| {num(total, 'en', 1)} | t |" in en  # the quantity summed (1,000,021.0 or .1)
    assert "(8 rows)" in en and "(8 dòng)" in vi  # the detail names how many rows it sums
    assert "Xe tải số 1" not in en  # descriptions are in the xlsx detail, not the document
    co2e = sum(s.co2e_t for s in diesel)
    assert num(co2e, "en") in en and num(co2e, "vi") in vi
    html = to_html(m, "en")
    assert "10 input rows" in html and "(8 rows)" in html
    from ghgcalc.render.docx import write_docx

    path = tmp_path / "report.docx"
    write_docx(m, path, "vi")
    doc = Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = {c.text for t in doc.tables for r in t.rows for c in r.cells}
    assert "10 dòng dữ liệu đầu vào" in text
    assert any("(8 dòng)" in c for c in cells) and num(co2e, "vi") in cells
    import json

    assert len(json.loads(to_json(m))["sources"]) == 10  # the JSON keeps every row
