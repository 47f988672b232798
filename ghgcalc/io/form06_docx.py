"""Form 06 (Mẫu số 06, Appendix II, Decree 06/2022/NĐ-CP) as a Word document.

The header, section I (facility), II (activities and activity data), III
(method and factors with tiers and sources, activity data in the Circular 38
App. II §1 tables, results per gas, per source and per year, reliability,
completeness and uncertainty) and the signature block. Text the user wrote in
the workbook (boundary, technology, sources, data system) flows into section II.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from ..i18n import L
from ..inventory import Inventory
from .atomic import atomic_path

SHEET_TABLES = {
    "stationary": "1.1", "mobile": "1.2", "refrigerants": "2.1", "electricity": "4.1", "steam": "4.2",
}


def _cell(v: Any) -> str:
    if isinstance(v, float):
        return "" if math.isnan(v) else f"{v:,.3f}"
    return "" if v is None else str(v)


def _table(doc: Any, frame: pd.DataFrame) -> None:
    t = doc.add_table(rows=1, cols=len(frame.columns))
    t.style = "Table Grid"
    for j, c in enumerate(frame.columns):
        t.rows[0].cells[j].text = str(c)
    for row in frame.itertuples(index=False):
        cells = t.add_row().cells
        for j, v in enumerate(row):
            cells[j].text = _cell(v)


def write_docx(inv: Inventory, path: Path) -> Path:
    """Write ``inv`` as Form 06 in its language (Vietnamese by default in the CLI)."""
    lab = L[inv.lang]
    vi = inv.lang == "vi"
    f = inv.facility
    ng = lab["not_given"]
    doc = Document()
    doc.styles["Normal"].font.size = Pt(11)
    head = doc.add_table(rows=1, cols=2)
    head.rows[0].cells[0].text = str(f.get("name", "")).upper()
    head.rows[0].cells[1].text = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc" if vi else
                                  "SOCIALIST REPUBLIC OF VIETNAM\nIndependence - Freedom - Happiness")
    years = inv.years()
    span = f"{years[0]}-{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "")
    title = doc.add_heading(("BÁO CÁO KẾT QUẢ KIỂM KÊ KHÍ NHÀ KÍNH CHO NĂM " if vi else
                             "GREENHOUSE-GAS INVENTORY REPORT FOR ") + span, level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(lab["form06"]).alignment = WD_ALIGN_PARAGRAPH.CENTER

    doc.add_heading(lab["s1"], level=2)
    for label_vi, label_en, key in (("1. Tên cơ sở", "1. Facility name", "name"),
                                    ("   Địa chỉ", "   Address", "address"),
                                    ("   Mã số thuế", "   Tax code", "tax_code"),
                                    ("2. Người đại diện theo pháp luật", "2. Legal representative",
                                     "legal_representative"),
                                    ("3. Ngành nghề sản xuất kinh doanh", "3. Business field", "business_field")):
        doc.add_paragraph(f"{label_vi if vi else label_en}: {f.get(key) or ng}")

    doc.add_heading(lab["s2"], level=2)
    for i, (key, field) in enumerate((("boundary", "boundary_notes"), ("technology", "technology_notes"),
                                      ("sources", "sources_notes"), ("data_system", "data_system_notes")), 1):
        doc.add_heading(f"{i}. {lab[key]}", level=3)
        doc.add_paragraph(str(f.get(field) or ng))

    doc.add_heading(lab["s3"], level=2)
    detail = inv.detail()
    doc.add_heading(f"1. {lab['method']}", level=3)
    doc.add_paragraph(
        ("Phương pháp IPCC 2006 (Điều 11 khoản 1 điểm a Nghị định 06/2022); hệ số phát thải theo thứ tự "
         "Điều 18 Thông tư 38/2023/TT-BCT: hệ số riêng của cơ sở, hệ số quốc gia (Quyết định 2626/QĐ-BTNMT), "
         f"hệ số mặc định IPCC. Giá trị GWP: {inv.gwp_set}.") if vi else
        ("IPCC 2006 methods (Decree 06/2022 Art. 11(1)(a)); emission factors in the order of Circular "
         "38/2023/TT-BCT Art. 18: facility-specific, national (Decision 2626/QĐ-BTNMT), IPCC default. "
         f"GWP values: {inv.gwp_set}."))
    _table(doc, detail[["activity", "tier", "factors_used"]].drop_duplicates().reset_index(drop=True))

    doc.add_heading(f"2. {lab['activity_data']}", level=3)
    sheets = detail["_sheet"] if "_sheet" in detail else pd.Series("", index=detail.index)
    for sheet, number in SHEET_TABLES.items():
        part = detail[sheets == sheet]
        if part.empty:
            continue
        doc.add_paragraph(f"Bảng {number} Phụ lục II Thông tư 38/2023/TT-BCT" if vi else
                           f"Table {number} of Circular 38/2023/TT-BCT Appendix II")
        cols = ["activity", "quantity", "unit", "year"] + (["energy_tj"] if part["energy_tj"].notna().any() else [])
        _table(doc, part[cols].reset_index(drop=True))
    others = detail[~sheets.isin(list(SHEET_TABLES))]
    if not others.empty:
        doc.add_paragraph("Nguồn khác" if vi else "Other sources")
        _table(doc, others[["activity", "quantity", "unit", "year"]].reset_index(drop=True))

    doc.add_heading(f"3. {lab['results']}", level=3)
    doc.add_paragraph(f"ISO 14064-1 ({inv.gwp_set}, t CO2e)")
    _table(doc, inv.iso_table())
    for y in years if len(years) > 1 else []:
        doc.add_paragraph(f"{lab['results']} {y}")
        _table(doc, inv.iso_table(y))
    if len(years) > 1:
        doc.add_paragraph(lab["per_year"])
        _table(doc, inv.per_year())
    doc.add_paragraph(lab["by_gas"])
    _table(doc, inv.by_gas())
    doc.add_paragraph(lab["top"])
    _table(doc, inv.top_sources())

    doc.add_heading(f"4. {lab['reliability']}", level=3)
    doc.add_paragraph(lab["uncertainty_note"])
    _table(doc, inv.uncertainty())
    for w in inv.results.attrs.get("warnings", []):
        doc.add_paragraph(w, style="List Bullet")
    if inv.applicability is not None:
        doc.add_paragraph(inv.applicability.explain(inv.lang))
    quota = inv.quota()
    if quota is not None:
        doc.add_paragraph(quota.explain())
    prov = inv.provenance()
    doc.add_paragraph("; ".join(f"{k}: {v}" for k, v in zip(prov["item"], prov["value"], strict=True)))
    sign = doc.add_paragraph(lab["signature"])
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    sign.runs[0].bold = True
    with atomic_path(path) as tmp:
        doc.save(str(tmp))
    return path
