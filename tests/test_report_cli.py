"""Report outputs and the CLI: exit codes, no tracebacks for user errors, outputs re-read and checked."""

import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from ghgcalc.report import build_inventory

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
AS_OF = ["--as-of", "2026-11-23"]


@pytest.fixture(scope="module")
def pangasius():
    import datetime as dt

    return build_inventory(EXAMPLES / "dong_thap_pangasius.xlsx", as_of=dt.date(2026, 11, 23))


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_iso_categories_sum_to_total_and_biogenic_is_outside(pangasius):
    for year in (2025, 2026):
        iso = pangasius.iso_table(year=year)
        res = pangasius.results[pangasius.results["year"] == year]
        totals = pangasius.totals(year=year).iloc[0]
        assert set(iso["year"]) == {year}  # per year, never a two-year sum
        assert iso["co2e_t"].sum() == pytest.approx(totals["co2e_t"]) == pytest.approx(res["co2e_t"].sum())
        gases = iso[["co2_co2e_t", "ch4_co2e_t", "n2o_co2e_t", "hfcs_co2e_t", "pfcs_co2e_t", "sf6_co2e_t",
                     "nf3_co2e_t", "co2e_only_t"]].sum(axis=1)
        assert gases.tolist() == pytest.approx(iso["co2e_t"].tolist())
        assert totals["biogenic_co2_t"] > 0  # rice husk CO2, reported apart
        assert iso["biogenic_co2_t"].sum() == pytest.approx(res["biogenic_co2_t"].sum())
    assert list(pangasius.iso_table()["year"].unique()) == [2025, 2026]


def test_two_years_side_by_side(pangasius):
    assert pangasius.years() == [2025, 2026]
    change = pangasius.change_vs_previous().iloc[0]
    by_year = pangasius.results.groupby("year")["co2e_t"].sum()
    assert change["year"] == 2026 and change["previous_year"] == 2025
    assert change["change_vs_previous_t"] == pytest.approx(by_year[2026] - by_year[2025])
    py = pangasius.per_year().set_index("category")
    assert py["2025"].sum() == pytest.approx(by_year[2025]) and "total" not in py.index  # no subtotal rows


def test_scope2_market_and_location_side_by_side():
    import datetime as dt

    inv = build_inventory(EXAMPLES / "binh_duong_electronics.xlsx", as_of=dt.date(2026, 11, 23))
    sc = inv.scope_table(year=2025).set_index("scope")["co2e_t"]
    assert sc["scope2_location"] == pytest.approx(6500 * 0.6592)
    assert sc["scope2_market"] == pytest.approx(3000 * 0.6592)
    total = inv.results["co2e_t"].sum()
    assert total == pytest.approx(sc["scope1"] + sc["scope2_location"] + sc.filter(like="scope3").sum())
    model = inv.report().year(2025)
    assert {s.scope: s.co2e_t for s in model.scopes}["scope2_market"] == pytest.approx(3000 * 0.6592)


def test_report_xlsx_numbers_match(tmp_path, pangasius):
    out = tmp_path / "r.xlsx"
    res = run("report", str(EXAMPLES / "dong_thap_pangasius.xlsx"), "-o", str(out), *AS_OF)
    assert res.exit_code == 0, res.output
    wb = openpyxl.load_workbook(out)
    assert {"ISO 14064-1 2025", "ISO 14064-1 2026", "Sources", "Provenance", "Years compared"} <= set(wb.sheetnames)
    for year in (2025, 2026):
        ws = wb[f"ISO 14064-1 {year}"]
        cells = {ws.cell(r, 2).value: ws.cell(r, 11).value for r in range(1, ws.max_row + 1)}  # the total column
        assert cells["Total"] == pytest.approx(pangasius.totals(year=year)["co2e_t"].iloc[0])
        assert ws._charts, "a native chart of emissions by category, per year"
    prov = {r[0].value: r[1].value for r in wb["Provenance"].iter_rows(min_row=2)}
    assert prov["GWP set"] == "AR5" and len(prov["SHA-256 of the input file"]) == 64


@pytest.mark.parametrize("suffix", [".json", ".md", ".html", "/"])
def test_other_outputs(tmp_path, suffix):
    out = str(tmp_path / "r") + suffix
    res = run("report", str(EXAMPLES / "cement_plant.xlsx"), "-o", out, "--lang", "vi", *AS_OF)
    assert res.exit_code == 0, res.output
    if suffix == ".json":
        data = json.loads(Path(out).read_text("utf-8"))
        assert data["applicability"]["group"] == "B" and data["schema_version"] == "1.0.0"
        assert [y["year"] for y in data["years"]] == [2025, 2026]
        assert data["years"][0]["totals"]["co2e_t"] > 1e6
    elif suffix == "/":
        iso = pd.read_csv(Path(out) / "iso14064.csv")
        assert sorted(set(iso["year"])) == [2025, 2026] and len(iso) == 22
    else:
        text = Path(out).read_text("utf-8")
        assert "I. THÔNG TIN VỀ CƠ SỞ" in text and "III. KẾT QUẢ KIỂM KÊ" in text and "ĐẠI DIỆN CỦA CƠ SỞ" in text
        assert "Độ không chắc chắn" in text and "Uncertainty" not in text  # no English prose in a vi report


def test_terminal_summary_and_version():
    res = run("report", str(EXAMPLES / "brick_kiln.xlsx"), *AS_OF)
    assert res.exit_code == 0
    assert "not covered" in res.output
    assert run("--version").output.strip().endswith("0.1.0")


def test_user_error_exit_1_without_traceback(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("activity,quantity,unit\ndieselx,1,t\n", encoding="utf-8")
    res = run("report", str(bad))
    assert res.exit_code == 1
    assert "Traceback" not in res.output and "dieselx" in res.output
    res = run("report", str(tmp_path / "missing.xlsx"))
    assert res.exit_code == 1 and "not found" in res.output


def test_usage_error_exit_2():
    assert run("report").exit_code == 2
    assert run("report", "x.xlsx", "--gwp", "AR9").exit_code == 2


def test_template_and_schema(tmp_path):
    out = tmp_path / "t.xlsx"
    assert run("template", "-o", str(out), "--lang", "en").exit_code == 0
    assert "stationary" in openpyxl.load_workbook(out).sheetnames
    assert '"activities"' in run("schema").output


def test_factors_commands():
    assert "gas_diesel_oil" in run("factors", "search", "dầu DO").output
    show = run("factors", "show", "vn.dcc.grid.2023")
    assert "1726/BĐKH-PTCBT" in show.output
    assert run("factors", "show", "nope").exit_code == 1
    assert "ipcc2006.v2.t1_4.co2.gas_diesel_oil" in run("factors", "list", "--activity", "diesel").output


def test_check_many_facilities(tmp_path):
    table = tmp_path / "facilities.csv"
    table.write_text("name,facility_type,annual_emissions_tco2e,DO [t],grid_electricity [MWh]\n"
                     "=HYPERLINK(\"x\"),industrial,3500,,\nSmall,other,100,,\nMill,industrial,,300,5000\n",
                     encoding="utf-8")
    out = tmp_path / "screen.csv"
    res = run("check", str(table), "-o", str(out), *AS_OF)
    assert res.exit_code == 0, res.output
    df = pd.read_csv(out)
    assert df["status"].tolist() == ["likely_listed", "likely_listed", "not_covered"]
    assert df["name"].iloc[0].startswith("'=")  # a formula in user text is written as text
    res = run("check", str(table), "--lang", "vi", *AS_OF)
    assert "nhiều khả năng" in res.output


@pytest.mark.parametrize("formulas", [False, True])
def test_formula_text_is_never_a_formula_in_xlsx(tmp_path, formulas):
    import datetime as dt

    from ghgcalc.io.report_writers import write
    inv = build_inventory(EXAMPLES / "brick_kiln.xlsx", as_of=dt.date(2026, 11, 23))
    inv.facility["name"] = "=cmd|' /C calc'!A0"
    inv.results["description"] = "=1+1"
    write(inv, tmp_path / "r.xlsx", formulas=formulas)
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx")["Sources"]
    col = [c.value for c in ws[1]].index("Source") + 1
    cell = ws.cell(2, col)
    assert cell.value == "=1+1" and cell.data_type == "s"


def test_iso_subcategories_and_removals_stay_outside_the_total():
    from ghgcalc.inventory import Inventory

    rows = pd.DataFrame([
        {"activity": "business_travel", "quantity": 1000, "unit": "km", "ef_co2e": 0.2, "ef_unit": "kg/km",
         "ef_source": "x", "year": 2025},
        {"activity": "waste_offsite", "quantity": 10, "unit": "t", "ef_co2e": 0.5, "ef_unit": "t/t",
         "ef_source": "y", "year": 2025},
        {"activity": "removal_onsite", "quantity": 50, "unit": "count", "ef_co2e": 0.02, "ef_unit": "t/count",
         "ef_source": "survey", "year": 2025},
        {"activity": "diesel", "quantity": 1, "unit": "t", "sector": "energy_industries", "year": 2025},
    ])
    import ghgcalc

    inv = Inventory({"name": "X"}, ghgcalc.calculate(rows))
    iso = inv.iso_table(year=2025)
    codes = iso["category"].tolist()
    assert "3.5" in codes and "4.3" in codes and "3" not in codes and "4" not in codes
    assert iso["co2e_t"].sum() == pytest.approx(0.2 + 5.0 + inv.results["co2e_t"].iloc[3])
    # business travel and waste come from CO2e factors: no split by gas, their CO2e stands in co2e_only_t
    by_cat = iso.set_index("category")
    assert by_cat.at["3.5", "co2e_only_t"] == pytest.approx(0.2) and by_cat.at["3.5", "co2_co2e_t"] == 0
    assert iso["removals_co2e_t"].sum() == pytest.approx(1.0)
    assert inv.totals(year=2025)["removals_co2e_t"].iloc[0] == pytest.approx(1.0)


def test_check_rejects_text_in_a_number_cell(tmp_path):
    table = tmp_path / "f.csv"
    table.write_text("name,facility_type,annual_emissions_tco2e\nA,industrial,nhiều\nB,industrial,\"3.500,5\"\n",
                     encoding="utf-8")
    res = run("check", str(table))
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert "row 2, column 'annual_emissions_tco2e'" in res.output


def test_check_xlsx_output_keeps_formula_text_as_text(tmp_path):
    table = tmp_path / "f.csv"
    table.write_text("name,facility_type,annual_emissions_tco2e\n=1+1,industrial,4000\n", encoding="utf-8")
    out = tmp_path / "s.xlsx"
    assert run("check", str(table), "-o", str(out), *AS_OF).exit_code == 0
    cell = openpyxl.load_workbook(out)["screening"]["A2"]
    assert cell.value == "=1+1" and cell.data_type == "s"


def test_many_workbooks_at_once(tmp_path):
    files = [str(EXAMPLES / "brick_kiln.xlsx"), str(EXAMPLES / "freight_company.xlsx")]
    res = run("report", *files, "-o", str(tmp_path / "{stem}.json"), *AS_OF)
    assert res.exit_code == 0, res.output
    assert {p.name for p in tmp_path.iterdir()} == {"brick_kiln.json", "freight_company.json"}
    assert run("report", *files, "-o", str(tmp_path / "one.json")).exit_code == 2


def test_one_bad_workbook_does_not_stop_the_others(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("activity,quantity,unit\nFO,-1,t\n", encoding="utf-8")
    out = tmp_path / "out"
    res = run("report", str(bad), str(EXAMPLES / "brick_kiln.xlsx"), "-o", str(out / "{stem}.json"))
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert {p.name for p in out.iterdir()} == {"brick_kiln.json"}
    assert "bad.csv" in res.output and "1 of 2 inputs failed" in res.output


def test_year_option(tmp_path):
    res = run("report", str(EXAMPLES / "dong_thap_pangasius.xlsx"), "--year", "2026", "-o",
              str(tmp_path / "r.json"), *AS_OF)
    assert res.exit_code == 0
    data = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert {r["year"] for r in data["sources"]} == {2026} and [y["year"] for y in data["years"]] == [2026]
    assert run("report", str(EXAMPLES / "brick_kiln.xlsx"), "--year", "1999").exit_code == 1


def test_same_inputs_give_byte_identical_numbers(tmp_path):
    from ghgcalc import Inventory

    a = build_inventory(EXAMPLES / "cement_plant.xlsx")
    b = Inventory.from_file(EXAMPLES / "cement_plant.xlsx")
    cols = ["co2_t", "ch4_t", "n2o_t", "co2e_t", "biogenic_co2_t", "u95_pct"]
    assert a.results[cols].to_numpy().tobytes() == b.results[cols].to_numpy().tobytes()
    assert a.iso_table().to_csv() == b.iso_table().to_csv()


def test_every_command_has_help_and_is_in_the_readme():
    readme = (EXAMPLES.parent / "README.md").read_text("utf-8")
    for name, cmd in main.commands.items():
        assert (cmd.help or "").strip(), name
        assert f"ghgcalc {name}" in readme or f"{name} |" in readme or f"| {name}" in readme, name
        assert run(name, "--help").exit_code == 0


def test_indirect_coverage_lists_every_category_quantified_or_excluded_with_its_reason(pangasius):
    cov = pangasius.indirect_coverage(year=2025)
    by = cov.set_index("category")
    assert list(by.index) == ["3.1", "3.2", "3.3", "3.4", "3.5", "4.1", "4.2", "4.3", "4.4", "4.5",
                              "5.1", "5.2", "5.3", "5.4", "6"]
    iso = pangasius.iso_table(year=2025).set_index("category")["co2e_t"]
    assert by.at["3.1", "quantified"] and by.at["3.1", "co2e_t"] == pytest.approx(iso["3.1"])
    assert by.at["3.1", "share"] == pytest.approx(iso["3.1"] / iso.sum())
    assert not by.at["3.3", "quantified"] and "< 1 %" in by.at["3.3", "exclusion_reason"]
    assert "không áp dụng" in by.at["5.2", "exclusion_reason"]  # a whole category's reason reaches 5.x
    assert "indirect_coverage" in pangasius.tables()
