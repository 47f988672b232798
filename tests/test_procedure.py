"""Pre-submission checklist (Circular 38/2023/TT-BCT Art. 17-22; Decree 06/2022 Art. 11(1))."""

from __future__ import annotations

import datetime as dt
import warnings

import pandas as pd
from click.testing import CliRunner

import ghgcalc
from ghgcalc.cli import main
from ghgcalc.procedure import QUALITY_ASPECTS, checklist

FULL = {"name": "Nhà máy thử", "address": "KCN A", "tax_code": "0100000001", "legal_representative": "Nguyễn Văn A",
        "business_field": "may mặc", "boundary_notes": "một xưởng", "technology_notes": "lò hơi DO",
        "sources_notes": "DO, điện", "data_system_notes": "hóa đơn", "base_year": 2023, "gwp": "AR5",
        "indirect_exclusions": "3, 4, 5, 6: không đáng kể"}


def inventory(facility: dict[str, object], **cols: list[object]) -> ghgcalc.Inventory:
    acts = pd.DataFrame([{"activity": "grid_electricity", "quantity": 100, "unit": "MWh", "year": 2023},
                         {"activity": "diesel", "quantity": 1, "unit": "t", "year": 2023,
                          "sector": "manufacturing_construction"}])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ghgcalc.GhgcalcWarning)
        res = ghgcalc.calculate(acts)
    for k, v in cols.items():
        res[k] = v
    return ghgcalc.Inventory(facility=dict(facility), results=res)


def status(frame: pd.DataFrame) -> dict[str, str]:
    return dict(zip(frame["check"], frame["status"], strict=True))


QUALITY = {k: "đã mô tả" for k in QUALITY_ASPECTS}
QC = pd.DataFrame([{"check": "đối chiếu hóa đơn", "checked_by": "B", "date": dt.date(2024, 1, 15), "result": "pass",
                    "errors_found": None, "action_taken": None, "sheet": "qc_log", "row": 3}])


def test_complete_inventory_passes() -> None:
    inv = inventory({**FULL, **QUALITY}, data_document=["EVN 12/2023", "HĐ 0042"],
                    data_method=["measured: EVN meter", "invoice"])
    inv.qc_log = QC
    s = status(checklist(inv))
    assert s == {"form06_fields": "pass", "reporting_years": "not_applicable", "base_year": "pass", "gwp_set": "pass",
                 "indirect_exclusions": "pass", "factors_cited": "pass", "data_sources": "pass",
                 "data_method": "pass", "qc_log": "pass", "quality_aspects": "pass"}


def test_failures_name_what_is_missing() -> None:
    fac = {k: v for k, v in FULL.items() if k not in ("legal_representative", "base_year", "indirect_exclusions")}
    inv = inventory(fac, data_provider=["EVN", None])
    c = checklist(inv).set_index("check")
    assert c.loc["form06_fields", "status"] == "fail" and c.loc["form06_fields", "detail"] == "legal_representative"
    assert c.loc["base_year", "status"] == "fail"
    # no indirect row and no reason: each of the ISO 14064-1 subcategories 3.1 ... 6 is unexplained in 2023
    assert c.loc["indirect_exclusions", "status"] == "fail"
    detail = c.loc["indirect_exclusions", "detail"]
    assert detail.startswith("3.1;3.2;") and detail.endswith(";6 (2023)")
    assert c.loc["data_sources", "status"] == "fail" and c.loc["data_sources", "detail"] == "row 1"
    assert c.loc["data_method", "detail"] == "no data_method column"
    assert c.loc["data_sources", "reference"].startswith("Circular 38/2023/TT-BCT Art. 17")
    # the findings as ids, for the renderers: the row without a record, by sheet and row
    assert c.loc["data_sources", "items"] == [":1"]  # no sheet: the frame's row
    # no QC log and none of the six Form 06 III.4 statements
    assert c.loc["qc_log", "status"] == "fail" and c.loc["qc_log", "items"] == []
    assert c.loc["quality_aspects", "items"] == list(QUALITY_ASPECTS)


def test_cli_checklist() -> None:
    r = CliRunner().invoke(main, ["report", "examples/hai_phong_garment.xlsx", "--checklist"])
    assert r.exit_code == 0, r.output
    assert "pre-submission checklist" in r.output
    assert "PASS            Base year stated: 2022" in r.output
    # three checks in the example's QC log, one found the missed December invoices
    assert "Quality control log kept: 3 checks recorded, 1 of them found errors" in r.output
    vi = CliRunner().invoke(main, ["report", "examples/hai_phong_garment.xlsx", "--checklist", "--lang", "vi"])
    assert "ĐẠT            Đã xác định năm cơ sở: 2022  (TCVN ISO 14064-1:2018, mục 6.4; Điều 22 Thông tư " \
           "38/2023/TT-BCT)" in vi.output
    assert "CHƯA ĐẠT       Đã điền các mục I–II của Mẫu số 06: cơ sở hạ tầng, công nghệ và vận hành" in vi.output
