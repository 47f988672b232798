"""ghgcalc verify: recompute from activity data, compare line by line, name the cause by arithmetic.

The facility is examples/hai_phong_garment.xlsx (AR5): grid electricity 2 400 MWh
in 2022 and 2 650 MWh in 2025; grid factors of emission_factors/vn/grid_emission_factors.csv:
2022 0.6766 t CO2/MWh (Official letter 327/BĐKH-PTCBT), 2023 0.6592 (Official letter
1726/BĐKH-PTCBT, also used for 2025, no later factor announced), 2019 0.8458.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

import ghgcalc
from ghgcalc.cli import main
from ghgcalc.verification import EXIT_MATERIAL, read_submitted, verify

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "hai_phong_garment.xlsx"


@pytest.fixture(scope="module")
def inv() -> ghgcalc.Inventory:
    return ghgcalc.Inventory.from_file(EXAMPLE)


@pytest.fixture(scope="module")
def report_json(inv: ghgcalc.Inventory) -> dict[str, Any]:
    data: dict[str, Any] = inv.report().model_dump(mode="json")
    return data


def _typed_sheet() -> pd.DataFrame:
    """The 2022 and 2025 totals by category as a verifier types them from Form 06, rounded to 0.1 t."""
    return pd.DataFrame({
        "year": [2022, 2022, 2022, 2025, 2025, 2025],
        "category": ["1.1", "1.4", "2.1", "1.1", "1.4", "2.1"],
        "gas": ["total"] * 6,
        # 2.1: 2400 MWh x 0.6766 = 1623.84; 2650 MWh x 0.6592 = 1746.88
        "t_co2e": [110.4, 48.1, 1623.8, 103.3, 42.3, 1746.9],
    })


def test_grid_lines_are_the_hand_arithmetic(inv: ghgcalc.Inventory) -> None:
    iso = inv.iso_table().set_index(["year", "category"])
    assert iso.loc[(2022, "2.1"), "co2e_t"] == pytest.approx(2400 * 0.6766)
    assert iso.loc[(2025, "2.1"), "co2e_t"] == pytest.approx(2650 * 0.6592)


def test_a_correct_submission_passes(inv: ghgcalc.Inventory, report_json: dict[str, Any]) -> None:
    v = verify(report_json, inv)
    assert not v.material and v.exit_status == 0 and v.findings.empty
    typed = verify(_typed_sheet(), inv)  # rounded to 0.1 t: within the rounding allowance
    assert typed.exit_status == 0 and set(typed.lines["status"]) == {"agrees"}
    assert typed.recomputed_only_years == (2026,)


def test_a_unit_slip_on_one_row_is_caught(inv: ghgcalc.Inventory) -> None:
    sheet = _typed_sheet()
    sheet.loc[0, "t_co2e"] = 110_371.1  # 2022 stationary combustion typed in kg
    v = verify(sheet, inv)
    assert v.exit_status == EXIT_MATERIAL
    f = v.findings
    assert list(f["finding"]) == ["F1"]
    row = f.iloc[0]
    assert (row["year"], row["category"], row["gas"], row["status"]) == (2022, "1.1", "total", "material")
    assert row["cause"] == "unit_slip_x1000"
    # threshold: 5 % of 2022's recomputed total 1 782.3 t = 89.1 t
    assert row["threshold_t"] == pytest.approx(0.05 * inv.totals(2022)["co2e_t"].iloc[0])
    assert row["threshold_t"] == pytest.approx(89.1, abs=0.05)


def test_a_wrong_grid_year_is_caught_with_the_year(inv: ghgcalc.Inventory, report_json: dict[str, Any]) -> None:
    sub = copy.deepcopy(report_json)
    wrong = 2650 * 0.8458  # 2025 electricity with the 2019 factor = 2241.37 t
    for y in sub["years"]:
        for r in y["iso"]:
            if y["year"] == 2025 and r["category"] == "2.1":
                r["co2e_t"] = r["co2e_by_gas_t"]["CO2"] = wrong
    v = verify(sub, inv)
    assert v.exit_status == EXIT_MATERIAL
    f = v.findings.set_index("gas")
    assert set(f.index) == {"CO2", "total"}
    # difference = 2650 MWh x (0.8458 - 0.6592) t CO2/MWh = 494.49 t > 5 % x 1 892.5 t = 94.6 t
    assert f.loc["total", "difference_t"] == pytest.approx(2650 * (0.8458 - 0.6592))
    assert f.loc["total", "status"] == "material"
    assert (f.loc["total", "cause"], f.loc["total", "cause_detail"]) == ("grid_year", "2019")
    assert "2019" in v.summary("en") and "năm 2019" in v.summary("vi")


def test_gwp_set_biogenic_co2_and_r22_are_named() -> None:
    """examples/dong_thap_pangasius.xlsx, 2025 (AR5): wastewater CH4 54 t in category 1.3, biogenic CO2
    2 784 t of the husk boiler in 1.1 (outside the total), R-22 211.2 t CO2e in 1.4 (memo item)."""
    inv = ghgcalc.Inventory.from_file(EXAMPLE.parent / "dong_thap_pangasius.xlsx")
    iso = inv.iso_table(2025).set_index("category")
    assert iso.loc["1.3", "ch4_t"] == pytest.approx(54.0)
    c11 = iso.loc["1.1", "co2e_t"]
    sheet = pd.DataFrame({
        "year": [2025] * 4, "category": ["1.3", "1.3", "1.1", "1.4"], "gas": ["CH4", "total", "total", "total"],
        # CH4 with the AR4 GWP 25 instead of AR5 28: 54 x 25 = 1350 (difference -162 t)
        "t_co2e": [54 * 25, 54 * 25, c11 + 2784.0, iso.loc["1.4", "co2e_t"] + 211.2]})
    v = verify(sheet, inv)
    f = v.findings.set_index(["category", "gas"])
    assert f.loc[("1.3", "CH4"), "difference_t"] == pytest.approx(54 * (25 - 28))
    assert (f.loc[("1.3", "total"), "cause"], f.loc[("1.3", "total"), "cause_detail"]) == ("gwp_set", "AR4")
    # husk 2 400 t x 11.6 TJ/Gg (IPCC 2006 Vol. 2 Table 1.2) x 100 t CO2/TJ (Table 1.4) = 2 784 t biogenic CO2
    assert f.loc[("1.1", "total"), "difference_t"] == pytest.approx(2400 * 11.6 / 1000 * 100)
    assert f.loc[("1.1", "total"), "cause"] == "biogenic_co2"
    # R-22 120 kg x GWP-100 1 760 (HCFC-22, AR5 Table 8.A.1) = 211.2 t CO2e, a memo item outside the total
    assert f.loc[("1.4", "total"), "difference_t"] == pytest.approx(0.120 * 1760)
    assert f.loc[("1.4", "total"), "cause"] == "memo_ods"
    # at 1 % of the 2025 total every one of the three is material and the summary names the GWP set
    strict = verify(sheet, inv, materiality_pct=1)
    sf = strict.findings.set_index(["category", "gas"])
    assert set(sf.loc[[("1.3", "total"), ("1.1", "total"), ("1.4", "total")], "status"]) == {"material"}
    assert "the AR4 GWP-100 values" in strict.summary("en")
    # the categories the sheet leaves out are findings of their own
    assert set(sf.loc[sf.index.get_level_values(0) == "2.1", "cause"]) == {"not_submitted"}


def test_cli_exit_statuses_and_outputs(tmp_path: Path) -> None:
    ok, bad = tmp_path / "ok.csv", tmp_path / "bad.csv"
    _typed_sheet().to_csv(ok, index=False)
    s = _typed_sheet()
    s.loc[5, "t_co2e"] = 2650 * 0.8458
    s.to_csv(bad, index=False)
    r = CliRunner().invoke(main, ["verify", str(ok), "--against", str(EXAMPLE)])
    assert r.exit_code == 0, r.output
    out = tmp_path / "findings.md"
    r = CliRunner().invoke(main, ["verify", str(bad), "--against", str(EXAMPLE), "-o", str(out), "--lang", "vi"])
    assert r.exit_code == 4, r.output
    text = out.read_text(encoding="utf-8")
    assert "F1" in text and "dùng sai năm của hệ số lưới điện" in text and "494,5" in text
    xlsx, csv = tmp_path / "findings.xlsx", tmp_path / "findings.csv"
    r = CliRunner().invoke(main, ["verify", str(bad), "--against", str(EXAMPLE), "-o", str(xlsx), "-o", str(csv)])
    assert r.exit_code == 4 and pd.read_csv(csv)["cause"].tolist() == ["grid_year"]  # the CSV: ids
    found = pd.read_excel(xlsx, sheet_name="Findings", engine="calamine")  # the workbook: words, numbers
    assert found["Likely cause"].str.contains("wrong grid year").tolist() == [True]
    assert found["Difference (t CO2e)"].tolist() == [pytest.approx(2650 * (0.8458 - 0.6592), abs=0.05)]
    # materiality raised above the difference: 494.5 t < 30 % x 1 892.5 t
    r = CliRunner().invoke(main, ["verify", str(bad), "--against", str(EXAMPLE), "--materiality", "30"])
    assert r.exit_code == 0, r.output


def test_cli_unreadable_and_usage(tmp_path: Path) -> None:
    broken = tmp_path / "typed.csv"
    broken.write_text("year,category,gas,t_co2e\n2022,1.1,CO3,5\n2022,9.9,CO2,x\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["verify", str(broken), "--against", str(EXAMPLE)])
    assert r.exit_code == 1 and "row 2" in r.output and "'gas'" in r.output and "row 3" in r.output
    (tmp_path / "r.json").write_text(json.dumps({"no": "years"}), encoding="utf-8")
    r = CliRunner().invoke(main, ["verify", str(tmp_path / "r.json"), "--against", str(EXAMPLE)])
    assert r.exit_code == 1 and "Traceback" not in r.output
    for bad in ({"years": [1]}, {"years": [{"year": 2022, "iso": [{"category": "1.1"}]}]}):
        (tmp_path / "r.json").write_text(json.dumps(bad), encoding="utf-8")
        r = CliRunner().invoke(main, ["verify", str(tmp_path / "r.json"), "--against", str(EXAMPLE)])
        assert r.exit_code == 1, r.output
    r = CliRunner().invoke(main, ["verify", str(broken), "--against", str(EXAMPLE), "-o", str(tmp_path / "x.pdf")])
    assert r.exit_code == 2
    r = CliRunner().invoke(main, ["verify", str(broken)])
    assert r.exit_code == 2


def test_read_submitted_sums_a_category_given_by_gas(tmp_path: Path) -> None:
    p = tmp_path / "s.csv"
    p.write_text("Year,Category,Gas,t_CO2e\n2022,1.1,co2,110.1\n2022,1.1,CH4,0.1\n2022,1.1,N2O,0.1\n",
                 encoding="utf-8")
    lines = read_submitted(p)
    assert list(lines["gas"]) == ["CO2", "CH4", "N2O"]
    assert lines["submitted_t"].sum() == pytest.approx(110.3)


def test_the_seeded_example_submission() -> None:
    """examples/verification/dong_thap_pangasius_submitted.xlsx: each seeded mistake (SUBMITTED_MISTAKES of
    examples/make_examples.py) is named."""
    v = verify(EXAMPLE.parent / "verification" / "dong_thap_pangasius_submitted.xlsx",
               EXAMPLE.parent / "dong_thap_pangasius.xlsx")
    f = v.findings[v.findings["gas"] == "total"].set_index(["year", "category"])
    assert f["cause"].to_dict() == {(2025, "1.1"): "biogenic_co2", (2025, "1.4"): "memo_ods",
                                    (2025, "2.1"): "grid_year", (2026, "1.3"): "gwp_set",
                                    (2026, "4.3"): "unit_slip_x1000"}
    # 6500 MWh x (0.7221 - 0.6592) = 408.85 t, typed rounded to 0.1 t
    assert f.loc[(2025, "2.1"), "difference_t"] == pytest.approx(6500 * (0.7221 - 0.6592), abs=0.05)
    assert f.loc[(2025, "2.1"), "cause_detail"] == "2021" and v.exit_status == EXIT_MATERIAL
    # its factors sheet (SUBMITTED_FACTORS): the 2021 grid factor, FO's CO2 factor per GJ (77.4 for 77 400 kg/TJ,
    # Decision 2626 App. I item 1.31), R-22 with its AR4 GWP (1 810 for 1 760); the others agree
    k = v.factor_findings.set_index("activity")
    assert k["cause"].to_dict() == {"điện lưới": "grid_year", "FO": "unit_slip_div1000", "R-22": "gwp_set"}
    assert k.loc["FO", "cited_value"] == 77400 and k.loc["R-22", "cause_detail"] == "AR4"
    assert len(v.factors) == 5 and list(k["finding"]) == ["F7", "F8", "F9"]
    # the terminal shows every finding with its assessment; the text to paste, the material ones
    assert "F2 (2025, category 1.4, total)" in v.terminal("en") and "F2 (" not in v.summary("en")
    assert "không trọng yếu: chênh lệch bằng môi chất lạnh" in v.terminal("vi")


def test_a_submission_typed_in_t_for_kg_is_caught() -> None:
    """2026 purchased electricity typed 1 000 times too small (t written as kg): submitted = recomputed / 1000."""
    sheet = _typed_sheet()
    sheet.loc[5, "t_co2e"] = 1746.88 / 1000
    v = verify(sheet, ghgcalc.Inventory.from_file(EXAMPLE))
    row = v.findings.set_index(["year", "category"]).loc[(2025, "2.1")]
    assert (row["cause"], row["status"]) == ("unit_slip_div1000", "material")
    assert row["difference_t"] == pytest.approx(1.74688 - 1746.88, abs=0.01)


def test_a_refrigerant_blend_with_another_gwp_set_is_named(inv: ghgcalc.Inventory,
                                                            report_json: dict[str, Any]) -> None:
    """R-410A = 50 % HFC-32 + 50 % HFC-125 (ASHRAE 34). GWP-100 AR5: 0.5 x 677 + 0.5 x 3170 = 1923.5;
    AR4: 0.5 x 675 + 0.5 x 3500 = 2087.5. 2026: 20 kg topped up -> 38.47 t (AR5), 41.75 t (AR4)."""
    sub = copy.deepcopy(report_json)
    for y in sub["years"]:
        for r in y["iso"]:
            if y["year"] == 2026 and r["category"] == "1.4":
                assert r["co2e_t"] == pytest.approx(0.020 * 1923.5)
                r["co2e_t"] = r["co2e_by_gas_t"]["HFCs"] = 0.020 * 2087.5
    v = verify(sub, inv)
    f = v.findings.set_index("gas")
    assert f.loc["total", "difference_t"] == pytest.approx(0.020 * (2087.5 - 1923.5))  # 3.28 t
    assert f.loc["total", "status"] == "immaterial"  # < 5 % x 1 915.2 t
    assert (f.loc["total", "cause"], f.loc["total", "cause_detail"]) == ("gwp_set", "AR4")
    assert (f.loc["HFCs", "cause"], f.loc["HFCs", "cause_detail"]) == ("gwp_set", "AR4")


def _with_factors(tmp_path: Path, factors: list[dict[str, Any]]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "submitted"
    sheet = _typed_sheet()
    ws.append(list(sheet.columns))
    for r in sheet.itertuples(index=False):
        ws.append(list(r))
    fs = wb.create_sheet("factors")
    cols = ["year", "activity", "gas", "value", "unit", "source"]
    fs.append(cols)
    for f in factors:
        fs.append([f.get(c) for c in cols])
    out = tmp_path / "submitted.xlsx"
    wb.save(out)
    return out


def test_every_stated_factor_that_differs_from_its_source_is_flagged(tmp_path: Path, inv: ghgcalc.Inventory) -> None:
    """Factors typed in the submission's factors sheet, against the sources the recomputation cites:
    grid 2025 0.6592 t CO2/MWh (Official letter 1726/BĐKH-PTCBT); DO CO2 74 100 kg/TJ and LPG CO2 63 100 kg/TJ
    (Decision 2626/QĐ-BTNMT App. I items 1.28, 1.34); R-410A 1 923.5 t CO2e/t (AR5)."""
    book = _with_factors(tmp_path, [
        {"year": 2025, "activity": "điện lưới", "gas": "CO2", "value": 0.7221, "unit": "t CO2/MWh",
         "source": "EF lưới điện"},                                      # the 2021 factor
        {"year": 2025, "activity": "DO", "gas": "CO2", "value": 74.1, "unit": "kg CO2/TJ"},  # per GJ written per TJ
        {"year": 2025, "activity": "LPG", "gas": "CO2", "value": 63.1, "unit": "t CO2/TJ"},  # the same, in t
        {"year": 2026, "activity": "R-410A", "gas": "HFCs", "value": 2087.5, "unit": "kg CO2e/kg"},  # AR4
        {"year": 2026, "activity": "DO", "gas": "CH4", "value": 10, "unit": "kg CH4/TJ"},    # source: 3
        {"year": 2026, "activity": "than cám", "gas": "CO2", "value": 95000, "unit": "kg CO2/TJ"},  # not used
    ])
    v = verify(book, inv)
    f = v.factors.set_index("activity")
    assert f.loc["LPG", "status"] == "agrees" and f.loc["LPG", "finding"] == ""
    assert (f.loc["điện lưới", "cause"], f.loc["điện lưới", "cause_detail"]) == ("grid_year", "2021")
    assert f.loc["điện lưới", "cited_value"] == 0.6592 and f.loc["điện lưới", "factor_id"] == "vn.dcc.grid.2023"
    assert f.loc["DO", "cause"].tolist() == ["unit_slip_div1000", "differs"]  # 74.1 = 74 100 / 1000; 10 vs 3
    assert (f.loc["R-410A", "cause"], f.loc["R-410A", "cause_detail"]) == ("gwp_set", "AR4")
    assert f.loc["than cám", "cause"] == "not_used"
    # numbered after the lines (the typed totals all agree): F1 … F5; the lines decide the exit status
    assert v.findings.empty and list(v.factor_findings["finding"]) == ["F1", "F2", "F3", "F4", "F5"]
    assert v.exit_status == 0
    vi = v.summary("vi")
    assert "báo cáo đã nộp nêu 6 hệ số; 5 hệ số khác nguồn được trích dẫn" in vi
    assert "F1 (Điện lưới mua vào, CO2, 2025): báo cáo nêu 0,7221 t CO2/MWh" in vi and "năm 2021" in vi
    r = CliRunner().invoke(main, ["verify", str(book), "--against", str(EXAMPLE)])
    assert r.exit_code == 0 and "5 differ from the cited source" in r.output


def test_a_report_json_factor_that_differs_from_its_source(inv: ghgcalc.Inventory,
                                                           report_json: dict[str, Any]) -> None:
    sub = copy.deepcopy(report_json)
    for f in sub["factors"]:
        if f["factor_id"] == "vn.dcc.grid.2022":
            f["value"] = 0.7221  # the 2021 factor, cited as the 2022 one
    v = verify(sub, inv)
    (row,) = v.factor_findings.to_dict("records")
    assert (row["factor_id"], row["cause"], row["cause_detail"]) == ("vn.dcc.grid.2022", "grid_year", "2021")
    assert v.factors["status"].value_counts().to_dict() == {"agrees": len(sub["factors"]) - 1, "differs": 1}


@pytest.fixture(scope="module")
def seeded() -> Any:
    return verify(EXAMPLE.parent / "verification" / "dong_thap_pangasius_submitted.xlsx",
                  EXAMPLE.parent / "dong_thap_pangasius.xlsx")


@pytest.mark.parametrize("suffix", [".md", ".html", ".docx", ".xlsx"])
def test_the_vietnamese_findings_read_in_vietnamese(tmp_path: Path, suffix: str, seeded: Any) -> None:
    from ghgcalc import l10n

    out = seeded.write(tmp_path / f"f{suffix}", "vi")
    if suffix == ".docx":
        from docx import Document

        doc = Document(str(out))
        text = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for row in t.rows
                                                              for c in row.cells])
    elif suffix == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(out)
        assert wb.sheetnames[:2] == ["Tóm tắt", "Phát hiện"]
        text = "\n".join(str(c) for ws in wb for row in ws.iter_rows(values_only=True) for c in row if c)
    else:
        text = re.sub(r"<style.*?</style>|<[^>]+>", " ", out.read_text(encoding="utf-8"), flags=re.S)
    assert "Kết luận:" in text and "408,8" in text and "dùng sai năm của hệ số lưới điện" in text
    en, vi = l10n._catalogue("en")[0], l10n._catalogue("vi")[0]
    english = {w for k, msg in en.items() if k.startswith("verify.")
               for w in re.findall(r"[A-Za-z]{5,}", msg)} - {w for k, msg in vi.items() if k.startswith("verify.")
                                                             for w in re.findall(r"[A-Za-z]{5,}", msg)}
    words = set(re.findall(r"[A-Za-z]{5,}", text))
    assert not words & english, words & english
    assert not re.search(r"\b(?:unit_slip|grid_year|gwp_set|biogenic_co2|memo_ods|not_submitted|material)\b", text)


def test_a_form06_typed_by_whole_category_still_names_the_grid_year(inv: ghgcalc.Inventory) -> None:
    """Categories 1 and 2 typed whole (Form 06 totals): 2025 category 2 with the 2019 grid factor,
    2 650 MWh x 0.8458 = 2 241.4 t instead of 2 650 x 0.6592 = 1 746.9 t."""
    direct = float(inv.totals(2025)["direct_co2e_t"].iloc[0])
    sheet = pd.DataFrame({"year": [2025, 2025], "category": ["1", "2"], "gas": ["total", "total"],
                          "t_co2e": [round(direct, 1), round(2650 * 0.8458, 1)]})
    v = verify(sheet, inv)
    f = v.findings.set_index("category")
    assert list(f.index) == ["2"] and (f.loc["2", "cause"], f.loc["2", "cause_detail"]) == ("grid_year", "2019")
    assert f.loc["2", "difference_t"] == pytest.approx(2650 * (0.8458 - 0.6592), abs=0.05)


def test_a_blank_or_infinite_stated_factor_is_refused_naming_its_cell() -> None:
    """A factor without a number was taken as NaN (and "inf" as ∞) and compared; the lines sheet refuses both."""
    import numpy as np

    from ghgcalc.errors import InputError
    from ghgcalc.verification import _factors_from_sheet

    t = pd.DataFrame({"activity": ["diesel", "diesel", "diesel"], "gas": ["CO2"] * 3,
                      "value": [np.nan, "inf", 74100], "unit": ["kg/TJ"] * 3})
    with pytest.raises(InputError) as e:
        _factors_from_sheet(t, "submitted.xlsx", "factors")
    assert [(p.row, p.column, p.code) for p in e.value.problems] == [(2, "value", "not_finite"),
                                                                      (3, "value", "not_finite")]
