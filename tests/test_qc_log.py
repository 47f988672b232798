"""Quality-control log (Circular 38/2023/TT-BCT Art. 20) and the six statements of Form 06 III.4.

The workbook's ``qc_log`` sheet is read with its rows checked (who, when, result; a check that found errors
says how they were handled), carried in the report model and rendered in Form 06 III.4 and the workbook; the
six statements (reliability, completeness and uncertainty of the emission data and of the results) are facility
fields, each flagged like any Form 06 field left blank. The pre-submission checklist is in every rendering.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ghgcalc import Inventory
from ghgcalc.errors import InputError
from ghgcalc.io.report_writers import write
from ghgcalc.io.schema import QC_SHEET
from ghgcalc.io.workbook import write_template
from ghgcalc.render.markup import to_html, to_markdown
from ghgcalc.render.terminal import summary
from ghgcalc.report_model import FORM06_III4_FIELDS

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
AS_OF = dt.date(2026, 11, 23)


def workbook(tmp_path: Path, qc: list[dict[str, object]], facility: dict[str, object] | None = None) -> Path:
    path = tmp_path / "qc.xlsx"
    write_template(path, "vi")
    wb = load_workbook(path)
    fac = wb["facility"]
    keys = {fac.cell(r, 2).value: r for r in range(3, fac.max_row + 1)}
    for k, v in {"name": "Xưởng thử", "gwp": "AR5", **(facility or {})}.items():
        fac.cell(keys[k], 3, v)
    ws = wb["electricity"]
    for j, v in enumerate(["grid_electricity", 100, "MWh", 2023], start=1):
        ws.cell(4, j, v)
    q = wb[QC_SHEET.key]
    cols = [c.key for c in QC_SHEET.columns]
    for i, rec in enumerate(qc, start=4):
        for k, v in rec.items():
            q.cell(i, cols.index(k) + 1, v)
    wb.save(path)
    return path


def test_template_has_the_log_sheet_and_its_example_row_is_skipped(tmp_path: Path) -> None:
    inv = Inventory.from_file(workbook(tmp_path, []), as_of=AS_OF)
    assert load_workbook(tmp_path / "qc.xlsx")[QC_SHEET.key].cell(3, 1).value.startswith("VÍ DỤ / EXAMPLE")
    assert inv.qc_log is not None and inv.qc_log.empty
    assert inv.report().qc_log == []


def test_rows_are_read_with_dates_and_results(tmp_path: Path) -> None:
    path = workbook(tmp_path, [
        {"check": "Đối chiếu hóa đơn", "checked_by": "Lê Văn C", "date": dt.datetime(2024, 1, 12), "result": "đạt"},
        {"check": "Kiểm tra đơn vị", "checked_by": "Phạm Thị D", "date": "15/01/2024", "result": "có sai sót",
         "errors_found": "MWh ghi thành kWh", "action_taken": "sửa dòng 4"},
        {"check": "So sánh với năm trước", "checked_by": "B", "date": "2024-01-20", "result": "pass"}])
    model = Inventory.from_file(path, as_of=AS_OF).report()
    assert [(q.date, q.result, q.row) for q in model.qc_log] == [
        (dt.date(2024, 1, 12), "pass", 4), (dt.date(2024, 1, 15), "errors_found", 5), (dt.date(2024, 1, 20), "pass", 6)]
    assert model.qc_log[1].action_taken == "sửa dòng 4"
    check = {c.check: c for c in model.checklist}["qc_log"]
    assert (check.status, check.items) == ("pass", ["3", "1"])  # three checks, one found errors


def test_an_incomplete_row_is_refused_naming_sheet_row_and_column(tmp_path: Path) -> None:
    path = workbook(tmp_path, [
        {"check": "Đối chiếu hóa đơn", "date": "12/01/2024", "result": "đạt"},                     # row 4: who?
        {"check": "Kiểm tra đơn vị", "checked_by": "D", "date": "mùng 5", "result": "đạt"},          # row 5: date
        {"check": "So sánh", "checked_by": "D", "date": "20/01/2024", "result": "có sai sót"},     # row 6: what, how
        {"check": "Rà soát", "checked_by": "D", "date": "21/01/2024", "result": "ok rồi"}])        # row 7: result
    with pytest.raises(InputError) as exc:
        Inventory.from_file(path, as_of=AS_OF)
    found = {(p.sheet, p.row, p.column, p.code) for p in exc.value.problems}
    assert found == {("qc_log", 4, "checked_by", "missing"), ("qc_log", 5, "date", "invalid"),
                     ("qc_log", 6, "errors_found", "missing"), ("qc_log", 6, "action_taken", "missing"),
                     ("qc_log", 7, "result", "unknown_value")}
    assert all(p.file == "qc.xlsx" for p in exc.value.problems)


def test_json_input_takes_a_log_too() -> None:
    from ghgcalc.io.inputs import read_document

    data = read_document({"facility": {"name": "A"},
                          "activities": [{"activity": "DO", "quantity": 1, "unit": "t", "year": 2025}],
                          "qc_log": [{"check": "c", "checked_by": "b", "date": "2026-01-15", "result": "pass"}]})
    assert data.qc_log is not None and list(data.qc_log["date"]) == [dt.date(2026, 1, 15)]
    with pytest.raises(InputError) as exc:
        read_document({"facility": {"name": "A"},
                       "activities": [{"activity": "DO", "quantity": 1, "unit": "t", "year": 2025}],
                       "qc_log": [{"check": "c", "date": "2026-01-15", "result": "pass"}]})
    assert [(p.sheet, p.row, p.column) for p in exc.value.problems] == [("qc_log", 1, "checked_by")]


def test_six_statements_are_carried_and_a_blank_one_is_flagged(tmp_path: Path) -> None:
    written = {k: f"mô tả {i}" for i, k in enumerate(FORM06_III4_FIELDS[:5])}
    model = Inventory.from_file(workbook(tmp_path, [], written), as_of=AS_OF).report()
    assert [getattr(model.facility, k) for k in FORM06_III4_FIELDS[:5]] == list(written.values())
    assert "uncertainty_results_notes" in model.facility.missing
    assert not set(FORM06_III4_FIELDS[:5]) & set(model.facility.missing)
    vi = summary(model, "vi")
    assert "! Chưa nhập trường của Mẫu số 06: độ không chắc chắn của kết quả kiểm kê" in vi
    assert "độ tin cậy của kết quả kiểm kê" not in vi  # written: not flagged
    check = {c.check: c for c in model.checklist}["quality_aspects"]
    assert (check.status, check.items) == ("fail", ["uncertainty_results_notes"])


def test_example_renders_log_statements_and_checklist_in_both_languages(tmp_path: Path) -> None:
    inv = Inventory.from_file(EXAMPLES / "hai_phong_garment.xlsx", as_of=AS_OF)
    model = inv.report()
    html_vi, md_en = to_html(model, "vi"), to_markdown(model, "en")
    # Form 06 III.4: the statements under their two headings, then the log with its three rows
    assert "Đối với thông tin, số liệu về phát thải khí nhà kính:" in html_vi
    assert "Độ tin cậy: Số liệu lấy từ hóa đơn" in html_vi
    assert "Biên bản kiểm soát chất lượng (Thông tư 38/2023/TT-BCT, Điều 20)" in html_vi
    assert "<td class=''>12/01/2027</td><td class=''>có sai sót</td>" in html_vi
    assert "| Kiểm tra đơn vị đo và hệ số quy đổi | Lê Văn C (ví dụ) | 13 January 2027 | passed |  |  |" in md_en
    # annex: the checklist, a failing check highlighted
    assert "Danh mục kiểm tra trước khi nộp báo cáo" in html_vi
    assert "<td class=' missing'>chưa đạt</td>" in html_vi
    assert "| Every emission factor cited | pass |" in md_en
    # the workbook: a sheet for III.4 and the log, one for the checklist
    write(inv, tmp_path / "r.xlsx", lang="vi")
    wb = load_workbook(tmp_path / "r.xlsx")
    assert {"Kiểm soát chất lượng", "Kiểm tra trước khi nộp"} <= set(wb.sheetnames)
    cells = [c.value for row in wb["Kiểm soát chất lượng"].iter_rows() for c in row if c.value]
    assert "Lê Văn C (ví dụ)" in cells and "có sai sót" in cells
