"""Carbon-neutrality balance (ISO 14068-1:2023) on the boundary, with the Decree 119 offset cap.

examples/hai_phong_garment.xlsx 2026: 2 700 MWh x 0.6592 t CO2/MWh = 1 779.84 t + diesel and LPG
96.85 t + R-410A 38.47 t = 1 915.16 t CO2e; 2022: 1 782.30 t.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import ghgcalc
from ghgcalc.cli import main
from ghgcalc.errors import InputError
from ghgcalc.neutrality import neutrality
from ghgcalc.render.markup import to_markdown

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "hai_phong_garment.xlsx"


@pytest.fixture(scope="module")
def inv() -> ghgcalc.Inventory:
    return ghgcalc.Inventory.from_file(EXAMPLE)


def _credit(serial: str, q: float, year: int = 2026) -> dict[str, object]:
    return {"registry": "test registry", "serial": serial, "vintage": 2024, "type": "test", "quantity_t": q,
            "retired_for_year": year}


def test_balance_on_the_boundary(inv: ghgcalc.Inventory) -> None:
    footprint = inv.totals(2026)["co2e_t"].iloc[0]
    assert footprint == pytest.approx(2700 * 0.6592 + 96.85 + 38.47, abs=0.01)
    exact = [_credit("A-1", 1000.0), _credit("A-2", footprint - 1000.0)]
    t = neutrality(inv, exact, base_year=2022, has_plan=True).set_index("year")
    assert t.loc[2026, "balance_t"] == pytest.approx(0.0, abs=1e-9) and t.loc[2026, "claim"] == "neutral"
    assert t.loc[2026, "reduction_vs_base_t"] == pytest.approx(1782.30 - 1915.16, abs=0.01)  # emissions rose
    assert t.loc[2025, "claim"] == "not_neutral" and t.loc[2025, "reason"] == "balance_positive"
    # the same credits without a reduction plan: no claim (ISO 14068-1 asks reductions first)
    t = neutrality(inv, exact, has_plan=False).set_index("year")
    assert (t.loc[2026, "claim"], t.loc[2026, "reason"]) == ("not_neutral", "no_reduction_plan")
    # one tonne short
    short = [_credit("A-1", footprint - 1.0)]
    t = neutrality(inv, short, has_plan=True).set_index("year")
    assert t.loc[2026, "balance_t"] == pytest.approx(1.0) and t.loc[2026, "claim"] == "not_neutral"


def test_offset_cap_of_decree_119_and_duplicates(inv: ghgcalc.Inventory) -> None:
    t = neutrality(inv, [_credit("A-1", 2000.0)], has_plan=True, allocation_t={2026: 5000.0}).set_index("year")
    assert t.loc[2026, "offset_cap_t"] == pytest.approx(0.30 * 5000)  # 30 % of the allocation
    assert t.loc[2026, "credits_over_cap_t"] == pytest.approx(2000 - 1500)
    with pytest.raises(InputError) as err:
        neutrality(inv, [_credit("A-1", 10.0), _credit("A-1", 10.0)])
    assert err.value.problems[0].column == "serial"


# ------------------------------------------------------------------ the workbook's credits sheet and the report
def _book(tmp_path: Path, credits: list[list[object]] | None = None, **facility: object) -> Path:
    """The garment example with its credits sheet replaced by ``credits`` (rows from row 4) and facility fields set."""
    from openpyxl import load_workbook

    from ghgcalc.io.schema import FACILITY_FIELDS

    wb = load_workbook(EXAMPLE)
    if credits is not None:
        ws = wb["credits"]
        ws.delete_rows(4, ws.max_row)
        for i, row in enumerate(credits, start=4):
            for j, v in enumerate(row, start=1):
                ws.cell(i, j, v)
    order = [c.key for c in FACILITY_FIELDS]
    for key, value in facility.items():
        wb["facility"].cell(3 + order.index(key), 3, value)
    out = tmp_path / "garment.xlsx"
    wb.save(out)
    return out


def test_the_example_credits_sheet_gives_the_balance_in_the_report() -> None:
    """examples/hai_phong_garment.xlsx, credits sheet: 900 t for 2025; 1 200 + 720 = 1 920 t for 2026."""
    inv = ghgcalc.Inventory.from_file(EXAMPLE)
    n = inv.report().neutrality
    assert n is not None and n.base_year == 2022 and not n.reduction_plan
    assert [c.serial[:6] for c in n.credits] == ["GS1-1-", "9912-4", "VN-JP-"]
    by = {y.year: y for y in n.years}
    assert set(by) == {2025, 2026}  # the reporting years; the base year 2022 is the reference
    assert by[2026].footprint_t == pytest.approx(2700 * 0.6592 + 96.85 + 38.47, abs=0.01)
    assert by[2026].credits_t == 1920.0
    assert by[2026].balance_t == pytest.approx(1915.16 - 1920.0, abs=0.01)
    assert (by[2026].claim, by[2026].reason) == ("not_neutral", "no_reduction_plan")  # no measures
    assert by[2025].balance_t == pytest.approx(by[2025].footprint_t - 900.0)
    assert (by[2025].claim, by[2025].reason) == ("not_neutral", "balance_positive")
    assert by[2026].reduction_vs_base_t == pytest.approx(1782.30 - 1915.16, abs=0.01)
    assert by[2026].offset_cap_t is None  # no quota: Decree 119's cap does not apply
    # emissions rose since 2022: the "reduction" is negative and the reader is told what that means
    from ghgcalc.io.report_writers import summary as terminal_summary

    summary = terminal_summary(inv, "vi")
    assert "giảm so với năm 2022: -132,9; số âm là tăng" in summary


def test_balance_exactly_zero_with_a_plan_is_neutral_in_the_report() -> None:
    inv = ghgcalc.Inventory.from_file(EXAMPLE)
    footprint = float(inv.totals(2026)["co2e_t"].iloc[0])
    assert inv.credits is not None
    credits = inv.credits.copy()
    credits.loc[credits["retired_for_year"] == 2026, "quantity_t"] = [1200.0, footprint - 1200.0]
    inv.credits = credits
    inv.attach_plan([{"measure": "pv", "kind": "solar_rooftop", "from_year": 2026, "kwp": 100,
                      "yield_kwh_per_kwp": 1300, "yield_source": "test"}])  # a reduction plan exists
    n = inv.report().neutrality
    assert n is not None and n.reduction_plan
    y = {y.year: y for y in n.years}[2026]
    assert y.balance_t == pytest.approx(0.0, abs=1e-9) and (y.claim, y.reason) == ("neutral", None)
    text = to_markdown(inv.report(), "vi")
    assert "| trung hòa các-bon |" in text and "chưa có kế hoạch giảm phát thải" not in text


def test_decree_119_cap_for_a_quota_facility(tmp_path: Path) -> None:
    """quota_2026 = 1 500 t: credits may offset at most 30 % x 1 500 = 450 t; 1 920 t retired: 1 470 t over."""
    inv = ghgcalc.Inventory.from_file(_book(tmp_path, quota_2026=1500, quota_2025=1500))
    n = inv.report().neutrality
    assert n is not None and n.offset_cap_share == pytest.approx(0.30)
    assert n.offset_cap_citation is not None and "119/2025" in n.offset_cap_citation
    y = {y.year: y for y in n.years}[2026]
    assert y.allocation_t == 1500 and y.offset_cap_t == pytest.approx(450.0)
    assert y.credits_over_cap_t == pytest.approx(1920.0 - 450.0)
    vi = to_markdown(inv.report(), "vi")
    assert "tối đa 30 % hạn ngạch" in vi and "1.470,0 t CO2tđ tín chỉ đã hủy vượt mức tối đa 450,0" in vi


def test_credits_sheet_errors_name_row_and_column(tmp_path: Path) -> None:
    book = _book(tmp_path, [
        ["Verra", "A-1", 2024, "VCU", 100, 2026],
        ["", "A-2", 2024, "VCU", 100, 2026],          # row 5: registry blank
        ["Verra", "A-3", "năm ngoái", "VCU", 100, 2026],  # row 6: vintage not a year
        ["Verra", "A-4", 2024, "VCU", -5, 2026],      # row 7: negative quantity
        ["verra ", "A-1", 2024, "VCU", 100, 2026],    # row 8: the serial of row 4 again
    ])
    with pytest.raises(InputError) as err:
        ghgcalc.Inventory.from_file(book)
    where = {(p.sheet, p.row, p.column) for p in err.value.problems}
    assert where >= {("credits", 5, "registry"), ("credits", 6, "vintage"), ("credits", 7, "quantity_t"),
                     ("credits", 8, "serial")}
    r = CliRunner().invoke(main, ["report", str(book)])
    assert r.exit_code == 1 and "credits" in r.output and "Traceback" not in r.output


def test_credit_for_a_year_outside_the_inventory_is_a_warning_in_both_languages(tmp_path: Path) -> None:
    book = _book(tmp_path, [["Verra", "A-1", 2024, "VCU", 100, 2026], ["Verra", "A-2", 2024, "VCU", 50, 2030]])
    inv = ghgcalc.Inventory.from_file(book)
    n = inv.report().neutrality
    assert n is not None and {y.year: y.credits_t for y in n.years} == {2025: 0.0, 2026: 100.0}
    (w,) = [w for w in inv.warnings() if w.startswith("credits:")]
    assert "row 5" in w and "2030" in w
    from ghgcalc import l10n

    assert l10n.translate(w, "vi").startswith("tín chỉ: dòng 5 được hủy cho năm 2030")


def test_the_neutrality_sheet_of_the_workbook(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from ghgcalc.render.xlsx import write_xlsx

    m = ghgcalc.Inventory.from_file(EXAMPLE).report()
    out = tmp_path / "r.xlsx"
    write_xlsx(m, out, "vi")
    ws = load_workbook(out)["Trung hòa các-bon"]
    rows = [[c for c in r if c is not None] for r in ws.iter_rows(values_only=True)]
    years = {r[0]: r for r in rows if r and r[0] in (2025, 2026)}
    assert years[2026][3] == 1920.0 and years[2026][4] == pytest.approx(-4.84, abs=0.01)  # numbers stay numbers
    assert any(r and r[0] == "Gold Standard" and r[4] == 900.0 and r[5] == 2025 for r in rows)


def test_a_workbook_with_measures_and_enough_credits_claims_neutrality(tmp_path: Path) -> None:
    """The garment workbook with a measures sheet (a reduction plan) and its credits: 2026 balance
    1 915.16 − 1 920 = −4.84 t ≤ 0 → neutral; 2025 stays not neutral (balance +992.5 t)."""
    from openpyxl import load_workbook

    book = _book(tmp_path)
    wb = load_workbook(book)
    if "measures" in wb.sheetnames:
        del wb["measures"]
    ws = wb.create_sheet("measures")
    ws.append(["measure", "kind", "from_year", "kwp", "yield_kwh_per_kwp", "yield_source"])
    ws.append(["pv", "solar_rooftop", 2026, 100, 1300, "PV yield study (test)"])
    wb.save(book)
    n = ghgcalc.Inventory.from_file(book).report().neutrality
    assert n is not None and n.reduction_plan
    by = {y.year: y for y in n.years}
    assert (by[2026].claim, by[2026].reason) == ("neutral", None)
    assert by[2026].balance_t == pytest.approx(1915.16 - 1920.0, abs=0.01)
    assert (by[2025].claim, by[2025].reason) == ("not_neutral", "balance_positive")


def test_credits_in_the_json_input(tmp_path: Path) -> None:
    import json

    acts = [{"activity": "grid_electricity", "quantity": 1000, "unit": "MWh", "year": 2025}]  # 659.2 t CO2
    credit = {"registry": "Verra", "serial": "V-1", "vintage": 2024, "type": "VCU", "quantity_t": 659.2,
              "retired_for_year": 2025}
    path = tmp_path / "in.json"
    path.write_text(json.dumps({"facility": {"name": "A"}, "activities": acts, "credits": [credit]}), "utf-8")
    n = ghgcalc.Inventory.from_file(path).report().neutrality
    assert n is not None and n.years[0].balance_t == pytest.approx(1000 * 0.6592 - 659.2, abs=1e-9)
    path.write_text(json.dumps({"facility": {"name": "A"}, "activities": acts,
                                "credits": [{**credit, "quantity_t": 0}]}), "utf-8")
    with pytest.raises(InputError) as err:
        ghgcalc.Inventory.from_file(path)
    assert (err.value.problems[0].row, err.value.problems[0].column) == (1, "quantity_t")


def test_the_pangasius_example_with_its_plan_claims_2026() -> None:
    """examples/dong_thap_pangasius.xlsx: a reduction plan (measures sheet) and credits of 2 500 t for 2025,
    4 000 + 3 000 = 7 000 t for 2026; footprints 6 712.2 t and 6 926.6 t."""
    inv = ghgcalc.Inventory.from_file(EXAMPLE.parent / "dong_thap_pangasius.xlsx")
    n = inv.report().neutrality
    assert n is not None and n.reduction_plan and n.base_year is None
    by = {y.year: y for y in n.years}
    assert by[2026].credits_t == 7000.0 and by[2026].balance_t == pytest.approx(by[2026].footprint_t - 7000.0)
    assert by[2026].footprint_t == pytest.approx(6926.6, abs=0.05) and by[2026].claim == "neutral"
    assert (by[2025].claim, by[2025].reason) == ("not_neutral", "balance_positive")
    assert by[2025].balance_t == pytest.approx(6712.2 - 2500.0, abs=0.05)


def test_the_csv_folder_holds_the_balance_and_the_credits(tmp_path: Path) -> None:
    from ghgcalc.io.report_writers import write_csv_dir

    write_csv_dir(ghgcalc.Inventory.from_file(EXAMPLE).report(), tmp_path / "out")
    bal = pd.read_csv(tmp_path / "out" / "neutrality.csv").set_index("year")
    assert bal.loc[2026, "credits_t"] == 1920.0 and bal.loc[2026, "reason"] == "no_reduction_plan"
    assert pd.read_csv(tmp_path / "out" / "credits.csv")["quantity_t"].tolist() == [900.0, 1200.0, 720.0]
