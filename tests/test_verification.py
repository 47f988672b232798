"""ghgcalc verify: recompute from activity data, compare line by line, name the cause by arithmetic.

The facility is examples/hai_phong_garment.xlsx (AR5): grid electricity 2 400 MWh
in 2022 and 2 650 MWh in 2025; grid factors of emission_factors/vn/grid_emission_factors.csv:
2022 0.6766 t CO2/MWh (Official letter 327/BĐKH-PTCBT), 2023 0.6592 (Official letter
1726/BĐKH-PTCBT, also used for 2025, no later factor announced), 2019 0.8458.
"""

from __future__ import annotations

import copy
import json
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
    assert f.loc[("1.1", "total"), "cause"] == "biogenic_co2"
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
    xlsx = tmp_path / "findings.xlsx"
    r = CliRunner().invoke(main, ["verify", str(bad), "--against", str(EXAMPLE), "-o", str(xlsx)])
    assert r.exit_code == 4 and pd.read_excel(xlsx, engine="calamine")["cause"].tolist() == ["grid_year"]
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
