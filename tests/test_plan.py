"""ghgcalc.plan: measures applied in order from a year on, without double counting.

examples/hai_phong_garment.xlsx (AR5): grid electricity 2 650 MWh in 2025 and 2 700 MWh in 2026, both
at the 2023 grid factor 0.6592 t CO2/MWh (Official letter 1726/BĐKH-PTCBT; no later factor announced).
The PV yield below is a test input (the user cites theirs), not a published figure.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ghgcalc
from ghgcalc.errors import InputError
from ghgcalc.plan import plan

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
EF = 0.6592
PV = {"measure": "pv", "kind": "solar_rooftop", "from_year": 2025, "kwp": 500, "yield_kwh_per_kwp": 1300,
      "yield_source": "test input"}
VFD = {"measure": "vfd", "kind": "electricity_saving", "from_year": 2026, "pct": 10,
       "capital_cost": 1_000_000_000, "lifetime_years": 10, "annual_cost": -200_000_000}


@pytest.fixture(scope="module")
def garment() -> ghgcalc.Inventory:
    return ghgcalc.Inventory.from_file(EXAMPLES / "hai_phong_garment.xlsx")


def test_two_measures_on_the_grid_electricity(garment: ghgcalc.Inventory) -> None:
    p = ghgcalc.plan(garment, [PV, VFD])
    e = p.emissions.set_index("year")
    m = p.measures.set_index(["year", "measure"])
    # 500 kWp x 1300 kWh/kWp = 650 MWh off the grid: 650 x 0.6592 = 428.48 t, from 2025
    assert m.loc[(2025, "pv"), "abatement_t"] == pytest.approx(650 * EF)
    assert m.loc[(2026, "pv"), "abatement_t"] == pytest.approx(650 * EF)
    assert m.loc[(2022, "pv"), "abatement_t"] == 0
    # 10 % of 2026's 2 700 MWh = 270 MWh, taken from the 2 050 MWh the PV left: 270 x 0.6592 = 177.984 t
    assert m.loc[(2026, "vfd"), "abatement_t"] == pytest.approx(270 * EF)
    assert m.loc[(2025, "vfd"), "abatement_t"] == 0
    # together: 2 700 - 650 - 270 = 1 780 MWh bought in 2026
    grid_2026 = garment.iso_table(2026).set_index("category").loc["2.1", "co2e_t"]
    assert grid_2026 == pytest.approx(2700 * EF)
    assert e.loc[2026, "baseline_t"] - e.loc[2026, "with_plan_t"] == pytest.approx((650 + 270) * EF)
    assert e.loc[2026, "after_pv_t"] == pytest.approx(e.loc[2026, "baseline_t"] - 650 * EF)
    # cost: 1e9 / 10 years - 2e8 saving = -1e8 a year over 177.984 t
    assert m.loc[(2026, "vfd"), "cost_per_t"] == pytest.approx(-100_000_000 / (270 * EF))
    assert pd.isna(m.loc[(2026, "pv"), "cost_per_t"])  # no cost given


def test_no_double_counting_when_measures_overlap(garment: ghgcalc.Inventory) -> None:
    """An 80 % saving leaves 540 MWh in 2026; the 650 MWh of PV can only displace those."""
    p = plan(garment, [{**VFD, "pct": 80}, PV])
    m = p.measures.set_index(["year", "measure"])
    assert m.loc[(2026, "vfd"), "abatement_t"] == pytest.approx(2160 * EF)
    assert m.loc[(2026, "pv"), "abatement_t"] == pytest.approx(540 * EF)
    e = p.emissions.set_index("year")
    assert e.loc[2026, "abatement_t"] == pytest.approx(2700 * EF)  # never more than the grid electricity


def test_fuel_and_refrigerant_switch_and_status() -> None:
    """examples/dong_thap_pangasius.xlsx 2026: 172 500 L of FO (6.58 TJ) to natural gas; R-22 95 kg to R-32."""
    inv = ghgcalc.Inventory.from_file(EXAMPLES / "dong_thap_pangasius.xlsx")
    res = inv.results
    fo = res[(res["activity"] == "residual_fuel_oil") & (res["year"] == 2026)].iloc[0]
    p = plan(inv, [{"measure": "gas", "kind": "fuel_switch", "from_year": 2026, "from_activity": "FO",
                    "to_activity": "natural_gas"},
                   {"measure": "r32", "kind": "refrigerant_change", "from_year": 2026, "from_activity": "R-22",
                    "to_activity": "R-32"}])
    m = p.measures.set_index(["year", "measure"])
    gas = p.scenario[(p.scenario["activity"] == "natural_gas")].iloc[0]
    assert gas["quantity"] == pytest.approx(fo["energy_tj"]) and gas["unit"] == "TJ"
    # natural gas CO2: 56 100 kg/TJ (IPCC 2006 Vol. 2 Table 1.4) on the same TJ
    assert gas["co2_t"] == pytest.approx(fo["energy_tj"] * 56.1)
    assert m.loc[(2026, "gas"), "abatement_t"] == pytest.approx(fo["co2e_t"] - gas["co2e_t"])
    # R-22 is a memo item outside the total: R-32 (an HFC, GWP-100 677 in AR5) adds 95 kg x 677 = 64.3 t
    assert m.loc[(2026, "r32"), "abatement_t"] == pytest.approx(-0.095 * 677)
    st = p.status.set_index("scenario")
    assert st.loc["with_plan", "emissions_tco2e"] < st.loc["baseline", "emissions_tco2e"]
    assert "criteria.emissions" in st.loc["with_plan", "criteria_met"]  # still above 3,000 t


def test_measures_are_checked() -> None:
    inv = ghgcalc.Inventory.from_file(EXAMPLES / "hai_phong_garment.xlsx")
    with pytest.raises(InputError) as err:
        plan(inv, [{"measure": "x", "kind": "solar_rooftop", "from_year": 2026, "kwp": 100}])
    assert {p.column for p in err.value.problems} == {"yield_kwh_per_kwp", "yield_source"}
    with pytest.raises(InputError):
        plan(inv, [{"measure": "x", "kind": "wind", "from_year": 2026}])


def test_plan_command_reads_a_measures_sheet(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from ghgcalc.cli import main

    sheet = tmp_path / "measures.csv"
    pd.DataFrame([PV, VFD]).to_csv(sheet, index=False)
    out = tmp_path / "plan"
    r = CliRunner().invoke(main, ["plan", str(EXAMPLES / "hai_phong_garment.xlsx"), "--measures", str(sheet),
                                  "-o", str(out), "--lang", "vi"])
    assert r.exit_code == 0, r.output
    assert "2026" in r.output and "giảm 178,0 t CO2tđ" in r.output  # 270 MWh x 0.6592
    e = pd.read_csv(out / "emissions.csv").set_index("year")
    assert e.loc[2026, "abatement_t"] == pytest.approx(920 * EF)
    r = CliRunner().invoke(main, ["plan", str(EXAMPLES / "hai_phong_garment.xlsx")])
    assert r.exit_code == 2 and "--measures" in r.output  # the garment workbook has no measures sheet
    sheet.write_text("measure,kind,from_year,pct\nx,electricity_saving,next year,5\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["plan", str(EXAMPLES / "hai_phong_garment.xlsx"), "--measures", str(sheet)])
    assert r.exit_code == 1 and "from_year" in r.output


# --- the measure kinds added for issue 13 part 1: each with its formula worked by hand ---------------------------
# examples/dong_thap_pangasius.xlsx 2026 (AR5): FO 172 500 L (6.581635 TJ), husk boiler, wastewater lagoon CH4,
# grid 6 820 MWh at 0.6592 t CO2/MWh.
@pytest.fixture(scope="module")
def pangasius() -> ghgcalc.Inventory:
    return ghgcalc.Inventory.from_file(EXAMPLES / "dong_thap_pangasius.xlsx")


def _row(inv: ghgcalc.Inventory, activity: str, year: int = 2026) -> pd.Series:
    r = inv.results
    return r[(r["activity"] == activity) & (r["year"] == year)].iloc[0]


def test_boiler_efficiency_gain(pangasius: ghgcalc.Inventory) -> None:
    """Same useful heat: fuel x eta_before / eta_after. 78 % -> 85 %: the FO falls by 7/85 = 8.235 %."""
    fo = _row(pangasius, "residual_fuel_oil")
    p = plan(pangasius, [{"measure": "eff", "kind": "boiler_efficiency", "from_year": 2026, "from_activity": "FO",
                          "efficiency_before": 78, "efficiency_after": 85}])
    m = p.measures.set_index(["year", "measure"])
    assert m.loc[(2026, "eff"), "abatement_t"] == pytest.approx(fo["co2e_t"] * 7 / 85)  # 511.018 x 7/85 = 42.08 t
    left = p.scenario[(p.scenario["activity"] == "residual_fuel_oil") & (p.scenario["year"] == 2026)].iloc[0]
    assert left["quantity"] == pytest.approx(172_500 * 78 / 85)  # 158 294 L
    assert m.loc[(2025, "eff"), "abatement_t"] == 0


def test_boiler_efficiency_then_fuel_switch_overlap_is_counted_once(pangasius: ghgcalc.Inventory) -> None:
    """Two measures on one FO boiler: the efficiency gain first, then the rest of the FO to rice husk.

    Husk (other primary solid biomass, IPCC 2006 Vol. 2 Table 2.3): CO2 biogenic, CH4 30 and N2O 4 kg/TJ,
    AR5 GWP 28 and 265: 0.030 x 28 + 0.004 x 265 = 1.9 t CO2e/TJ, on the same TJ as the FO left.
    """
    fo = _row(pangasius, "residual_fuel_oil")
    p = plan(pangasius, [
        {"measure": "eff", "kind": "boiler_efficiency", "from_year": 2026, "from_activity": "FO",
         "efficiency_before": 78, "efficiency_after": 85},
        {"measure": "husk", "kind": "fuel_switch", "from_year": 2026, "from_activity": "FO", "to_activity": "trấu"}])
    m = p.measures.set_index(["year", "measure"])
    left = 78 / 85
    assert m.loc[(2026, "eff"), "abatement_t"] == pytest.approx(fo["co2e_t"] * (1 - left))
    assert m.loc[(2026, "husk"), "abatement_t"] == pytest.approx((fo["co2e_t"] - fo["energy_tj"] * 1.9) * left)
    e = p.emissions.set_index("year")
    # together: the FO row is gone, husk at 1.9 t/TJ on 78/85 of its TJ; never more than the FO emitted
    assert e.loc[2026, "abatement_t"] == pytest.approx(fo["co2e_t"] - fo["energy_tj"] * left * 1.9)
    assert e.loc[2026, "abatement_t"] < fo["co2e_t"]
    assert p.notes == [{"code": "overlap", "measure": "husk", "other": ["eff"], "activity": "residual_fuel_oil",
                        "years": [2026]}]
    assert "eff" in p.summary("en").split("\n")[-1] and "never twice" in p.summary("en")


def test_dppa_lowers_market_based_scope2_only(pangasius: ghgcalc.Inventory) -> None:
    """30 % of 6 820 MWh = 2 046 MWh from a solar farm (0 t CO2/MWh): location-based total unchanged,
    market-based scope 2 down 2 046 x 0.6592 = 1 348.72 t."""
    p = plan(pangasius, [{"measure": "dppa", "kind": "dppa", "from_year": 2026, "pct": 30, "ef_market": 0}])
    m = p.measures.set_index(["year", "measure"])
    assert m.loc[(2026, "dppa"), "abatement_t"] == pytest.approx(0, abs=1e-6)
    assert m.loc[(2026, "dppa"), "abatement_scope2_market_t"] == pytest.approx(2046 * EF)
    e = p.emissions.set_index("year")
    assert e.loc[2026, "baseline_scope2_market_t"] == pytest.approx(6820 * EF)
    assert e.loc[2026, "with_plan_scope2_market_t"] == pytest.approx(4774 * EF)
    contract = p.scenario[p.scenario["activity"] == "contract_electricity"]
    assert contract["quantity"].sum() == pytest.approx(2046)
    assert [n["code"] for n in p.notes] == ["market_only"]


def test_biogas_capture(pangasius: ghgcalc.Inventory) -> None:
    """80 % of the lagoon's CH4 captured and flared: CH4 x 0.8 x 28 (AR5) off the total; burnt, CH4 x 0.8 x 44/16
    (Circular 38 App. II §2 item 5.2: 2.75) of biogenic CO2 outside it."""
    ww = _row(pangasius, "industrial_wastewater")
    p = plan(pangasius, [{"measure": "cover", "kind": "biogas_capture", "from_year": 2026, "pct": 80}])
    m = p.measures.set_index(["year", "measure"])
    assert m.loc[(2026, "cover"), "abatement_t"] == pytest.approx(ww["ch4_t"] * 0.8 * 28)  # 54.08 t CH4: 1 211.4 t
    after = p.scenario[(p.scenario["activity"] == "industrial_wastewater") & (p.scenario["year"] == 2026)].iloc[0]
    assert after["biogenic_co2_t"] == pytest.approx(ww["ch4_t"] * 0.8 * 2.75)
    assert after["ch4_t"] == pytest.approx(ww["ch4_t"] * 0.2)


def test_electricity_measures_in_order_say_they_overlap(garment: ghgcalc.Inventory) -> None:
    p = plan(garment, [{**VFD, "pct": 80}, PV])
    assert {"code": "overlap", "measure": "pv", "other": ["vfd"], "activity": "grid_electricity",
            "years": [2026]} in p.notes


def test_cost_with_a_discount_rate(garment: ghgcalc.Inventory) -> None:
    """CRF at 10 % over 10 years = 0.1 / (1 - 1.1^-10) = 0.162745; 1e9 x 0.162745 - 2e8 = -37 254 606 a year."""
    p = plan(garment, [{**VFD, "discount_rate_pct": 10}])
    m = p.measures.set_index(["year", "measure"])
    annual = 1e9 * 0.1 / (1 - 1.1 ** -10) - 2e8
    assert m.loc[(2026, "vfd"), "annual_cost"] == pytest.approx(annual)
    assert m.loc[(2026, "vfd"), "cost_per_t"] == pytest.approx(annual / (270 * EF))


def test_mac_curve_orders_by_cost_per_tonne(garment: ghgcalc.Inventory) -> None:
    pv = {**PV, "capital_cost": 6.5e9, "lifetime_years": 20, "annual_cost": -1.1e9}
    p = plan(garment, [pv, VFD, {"measure": "led", "kind": "electricity_saving", "from_year": 2026, "pct": 2}])
    assert p.mac_year == 2026
    # pv: 6.5e9/20 - 1.1e9 = -7.75e8 over 428.48 t; vfd: -1e8 over 177.984 t; led has no cost: not on the curve
    assert list(p.mac["measure"]) == ["pv", "vfd"]
    assert p.mac["cost_per_t"].iloc[0] == pytest.approx(-7.75e8 / (650 * EF))
    assert p.mac["cumulative_end_t"].iloc[-1] == pytest.approx((650 + 270) * EF)
    assert p.mac["cumulative_start_t"].iloc[1] == pytest.approx(650 * EF)


def test_quota_balance_with_the_plan() -> None:
    """examples/cement_plant.xlsx, boundary 'direct' (category 1). A kiln efficiency gain 70 % -> 75 % on the coal
    fines of 2026 (375 263.29 t) removes 1/15 of them: the 2026 balance rises by 25 017.55 t. Rooftop solar cuts
    category 2 only: the total falls, the quota balance does not."""
    inv = ghgcalc.Inventory.from_file(EXAMPLES / "cement_plant.xlsx")
    coal = _row(inv, "coal_fines")
    base = inv.quota()
    assert base is not None
    p = plan(inv, [{"measure": "kiln", "kind": "boiler_efficiency", "from_year": 2026, "from_activity": "coal_fines",
                    "efficiency_before": 70, "efficiency_after": 75},
                   {"measure": "pv", "kind": "solar_rooftop", "from_year": 2025, "kwp": 10_000,
                    "yield_kwh_per_kwp": 1300, "yield_source": "test input"}])
    q = p.quota.set_index("year")
    by_year = {y.year: y for y in base.years}
    assert q.loc[2026, "balance_with_plan_t"] - q.loc[2026, "balance_baseline_t"] == pytest.approx(coal["co2e_t"] / 15)
    assert q.loc[2025, "balance_with_plan_t"] == pytest.approx(by_year[2025].balance_t)  # the PV: category 2
    assert q.loc[2026, "allocated_t"] == 1_120_000
    m = p.measures.set_index(["year", "measure"])
    assert m.loc[(2025, "pv"), "abatement_t"] == pytest.approx(13_000 * EF)
    assert "Quota 2026" in p.summary("en")


def test_status_falls_below_the_thresholds_of_the_rules_data() -> None:
    """examples/binh_duong_electronics.xlsx 2025: 4 441.0 t CO2e and 1 159.0 TOE, both above the Decree 06 Art. 6
    thresholds. All 3 000 MWh of grid electricity replaced: -3 000 x 0.6592 t and -3 000 x 0.1543 TOE (MOIT
    Decision 3505/2011), below 3,000 t and 1,000 TOE."""
    import datetime as dt

    from ghgcalc.rules import rule

    day = dt.date(2026, 11, 23)
    inv = ghgcalc.Inventory.from_file(EXAMPLES / "binh_duong_electronics.xlsx", as_of=day)
    p = plan(inv, [{"measure": "pv", "kind": "solar_rooftop", "from_year": 2025, "kwp": 2500,
                    "yield_kwh_per_kwp": 1200, "yield_source": "test input"}], as_of=day)
    st = p.status.set_index("scenario")
    assert st.loc["baseline", "status"] == "likely_listed" and st.loc["with_plan", "status"] == "not_covered"
    c = p.criteria.set_index(["scenario", "rule"])
    base_t = c.loc[("baseline", "criteria.emissions"), "value"]
    assert c.loc[("with_plan", "criteria.emissions"), "value"] == pytest.approx(base_t - 3000 * EF)
    base_toe = c.loc[("baseline", "criteria.energy.industrial"), "value"]
    assert c.loc[("with_plan", "criteria.energy.industrial"), "value"] == pytest.approx(base_toe - 3000 * 0.1543)
    assert c.loc[("with_plan", "criteria.emissions"), "threshold"] == rule("criteria.emissions", day).value
    assert not c.loc[("with_plan", "criteria.emissions"), "met"]


def test_measure_problems_name_the_row_and_column(garment: ghgcalc.Inventory) -> None:
    with pytest.raises(InputError) as err:
        plan(garment, [PV, {"measure": "eff", "kind": "boiler_efficiency", "from_year": 2026, "from_activity": "FO",
                            "efficiency_before": 85, "efficiency_after": 80},
                       {"measure": "d", "kind": "dppa", "from_year": 2026, "pct": 130, "ef_market": 0},
                       {"measure": "x", "kind": "fuel_switch", "from_year": 2026, "from_activity": "FO",
                        "to_activity": "unobtainium", "capital_cost": 5}])
    got = {(p.row, p.column, p.code) for p in err.value.problems}
    assert got == {(2, "efficiency_after", "invalid"), (3, "pct", "invalid"), (4, "to_activity", "unknown_activity"),
                   (4, "lifetime_years", "missing")}


# --- the measures sheet of the facility workbook ------------------------------------------------------------------
def _with_measures(tmp_path: Path, rows: list[dict[str, object]], name: str = "garment.xlsx") -> Path:
    """The garment example with a measures sheet added by hand: headers (field ids) in row 1, measures from row 2."""
    import shutil

    from openpyxl import load_workbook

    from ghgcalc.io.schema import MEASURES

    out = tmp_path / name
    shutil.copy(EXAMPLES / "hai_phong_garment.xlsx", out)
    wb = load_workbook(out)
    if "measures" in wb.sheetnames:  # the template's own (empty) measures sheet, regenerated examples have it
        del wb["measures"]
    ws = wb.create_sheet("measures")
    keys = [c.key for c in MEASURES.columns]
    for j, k in enumerate(keys, start=1):
        ws.cell(1, j, k)
    for i, rec in enumerate(rows, start=2):
        for k, v in rec.items():
            ws.cell(i, keys.index(k) + 1, v)
    wb.save(out)
    return out


def test_template_has_a_measures_sheet_with_both_languages(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from ghgcalc.io.workbook import write_template

    wb = load_workbook(write_template(tmp_path / "t.xlsx", "vi"))
    ws = wb["measures"]
    assert ws.cell(2, 1).value == "Mã biện pháp / Measure id (measure)"
    assert ws.cell(3, 2).value == "solar_rooftop"  # the example row, skipped on read
    kinds = [dv for dv in ws.data_validations.dataValidation if str(dv.sqref) == "B3:B2000"]  # the kind column
    assert kinds and kinds[0].formula1.startswith("=lists!")


def test_a_workbook_measures_sheet_is_read_into_the_report(tmp_path: Path) -> None:
    path = _with_measures(tmp_path, [{**PV, "description": "Điện mặt trời mái nhà 500 kWp"},
                                     {**VFD, "pct": "10", "capital_cost": "1.000.000.000", "annual_cost": -2e8}])
    inv = ghgcalc.Inventory.from_file(path)  # the garment workbook's decimal separator is ','
    assert inv.plan_result is not None
    m = inv.plan_result.measures.set_index(["year", "measure"])
    assert m.loc[(2026, "vfd"), "cost_per_t"] == pytest.approx(-100_000_000 / (270 * EF))
    assert inv.plan_result.label("pv") == "Điện mặt trời mái nhà 500 kWp"
    model = inv.report()
    assert model.plan is not None and model.plan.years[-1].abatement_t == pytest.approx(920 * EF)


def test_measures_sheet_problems_name_file_sheet_row_and_column(tmp_path: Path) -> None:
    path = _with_measures(tmp_path, [PV, {"measure": "pv", "kind": "wind", "from_year": "sang năm"}])
    with pytest.raises(InputError) as err:
        ghgcalc.Inventory.from_file(path)
    got = {(p.file, p.sheet, p.row, p.column, p.code) for p in err.value.problems}
    assert ("garment.xlsx", "measures", 3, "from_year", "not_a_number") in got
    path = _with_measures(tmp_path, [PV, {"measure": "pv", "kind": "wind", "from_year": 2026}], "g2.xlsx")
    with pytest.raises(InputError) as err:
        ghgcalc.Inventory.from_file(path)
    got = {(p.file, p.sheet, p.row, p.column, p.code) for p in err.value.problems}
    assert got == {("g2.xlsx", "measures", 3, "measure", "invalid"),
                   ("g2.xlsx", "measures", 3, "kind", "unknown_value")}


# --- the example's plan in every report format --------------------------------------------------------------------

def test_example_plan_hand_checked(pangasius: ghgcalc.Inventory) -> None:
    """examples/dong_thap_pangasius.xlsx, measures sheet (2026): VFDs 8 % of 6 820 MWh = 545.6 MWh x 0.6592 =
    359.66 t; rooftop PV 1 000 kWp x 1 250 kWh/kWp = 1 250 MWh x 0.6592 = 824.0 t, on what the VFDs left; the
    economiser and the husk switch on the same FO boiler; 80 % of the lagoon CH4; R-22 -> R-32 adds 95 kg x 677."""
    p = pangasius.plan_result
    assert p is not None
    m = p.measures[p.measures["year"] == 2026].set_index("measure")["abatement_t"]
    assert m["vfd"] == pytest.approx(545.6 * EF) and m["pv"] == pytest.approx(1250 * EF)
    assert m["biogas"] == pytest.approx(_row(pangasius, "industrial_wastewater")["ch4_t"] * 0.8 * 28)
    assert m["r32"] == pytest.approx(-0.095 * 677) and m["dppa"] == pytest.approx(0, abs=1e-6)
    e = p.emissions.set_index("year")
    assert e.loc[2026, "abatement_t"] == pytest.approx(m.sum())
    assert e.loc[2025, "abatement_t"] == 0  # every measure starts in 2026
    # DPPA: 20 % of 6 820 MWh = 1 364 MWh (of the 5 024.4 MWh left) at 0 t/MWh, market-based only
    assert e.loc[2026, "baseline_scope2_market_t"] - e.loc[2026, "with_plan_scope2_market_t"] == pytest.approx(
        (545.6 + 1250 + 1364) * EF)
    assert [n["code"] for n in p.notes] == ["overlap", "overlap", "raises_total", "overlap", "market_only"]
    assert list(p.mac["measure"]) == ["husk", "eco", "vfd", "pv", "biogas"]  # cheapest per tonne first


def test_plan_section_in_every_format(pangasius: ghgcalc.Inventory, tmp_path: Path) -> None:
    import openpyxl
    from docx import Document

    from ghgcalc.io.report_writers import to_json, write
    from ghgcalc.render.markup import to_html, to_markdown
    from ghgcalc.render.terminal import summary

    model = pangasius.report()
    assert model.plan is not None and model.plan.mac_year == 2026
    assert '"mac_year": 2026' in to_json(model)
    for lang, heading, chart in (("vi", "Kế hoạch giảm nhẹ phát thải", "Đường chi phí giảm phát thải biên"),
                                 ("en", "Reduction plan", "Marginal abatement cost curve")):
        page = to_html(model, lang)
        caption = ghgcalc.l10n.t("doc.chart_mac", lang, year=2026)
        assert heading in page and f"<figcaption>{caption}</figcaption>" in page and chart in caption
        md = to_markdown(model, lang)
        assert heading in md and chart in md
        assert heading in summary(model, lang)
        out = write(pangasius, tmp_path / f"r.{lang}.docx", lang)
        text = "\n".join(c.text for tb in Document(str(out)).tables for r in tb.rows for c in r.cells)
        assert l10n_num(824.0, lang) in text  # the MAC table: the PV's reduction
        wb = openpyxl.load_workbook(write(pangasius, tmp_path / f"r.{lang}.xlsx", lang))
        ws = wb[ghgcalc.l10n.t("sheet_name.plan", lang)]
        assert len(ws._charts) == 1 and ws._charts[0].tagname == "scatterChart"
    vi = to_html(model, "vi")
    assert "1.250 MWh" in vi and "78 % → 85 %" in vi  # the PV's MWh and the economiser, as Vietnamese writes them


def l10n_num(x: float, lang: str) -> str:
    return ghgcalc.l10n.num(x, lang)


def test_plan_command_writes_the_report_with_the_plan(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from ghgcalc.cli import main

    out = tmp_path / "plan.html"
    r = CliRunner().invoke(main, ["plan", str(EXAMPLES / "dong_thap_pangasius.xlsx"), "-o", str(out), "--lang", "vi"])
    assert r.exit_code == 0, r.output
    assert "Kế hoạch giảm nhẹ" in out.read_text("utf-8") and "giảm 824,0 t CO2tđ" in r.output


def test_measures_in_the_json_input(tmp_path: Path) -> None:
    import json

    doc = {"facility": {"name": "A", "facility_type": "industrial"},
           "activities": [{"activity": "grid_electricity", "quantity": 1000, "unit": "MWh", "year": 2025}],
           "measures": [{"measure": "led", "kind": "electricity_saving", "from_year": 2025, "pct": 5}]}
    path = tmp_path / "a.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    inv = ghgcalc.Inventory.from_file(path)
    assert inv.plan_result is not None
    assert inv.report().plan is not None and inv.report().plan.years[0].abatement_t == pytest.approx(50 * EF)
    doc["measures"] = [{"measure": "led", "kind": "electricity_saving", "from_year": 2025, "pct": 500}]
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(InputError) as err:
        ghgcalc.Inventory.from_file(path)
    assert [(p.file, p.sheet, p.row, p.column) for p in err.value.problems] == [("a.json", "measures", 1, "pct")]


def test_plan_in_the_csv_folder(pangasius: ghgcalc.Inventory, tmp_path: Path) -> None:
    from ghgcalc.io.report_writers import write

    folder = write(pangasius, tmp_path / "tables/")
    years = pd.read_csv(folder / "plan_years.csv")
    pv = years[(years["year"] == 2026) & (years["measure"] == "pv")].iloc[0]
    assert pv["abatement_t"] == pytest.approx(1250 * EF)
    assert list(pd.read_csv(folder / "plan_mac.csv")["measure"]) == ["husk", "eco", "vfd", "pv", "biogas"]
    measures = pd.read_csv(folder / "plan_measures.csv").set_index("measure")
    assert measures.loc["pv", "parameters.kwp"] == 1000 and measures.loc["pv", "currency"] == "VND"
    assert set(pd.read_csv(folder / "plan_notes.csv")["code"]) == {"overlap", "raises_total", "market_only"}


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["electricity_saving", "solar_rooftop", "dppa"]),
                          st.floats(1, 100), st.floats(1, 5000)), min_size=1, max_size=4))
def test_electricity_measures_never_remove_more_than_the_grid_emitted(measures: list[tuple[str, float, float]]
                                                                      ) -> None:
    """Any electricity measures in any order: each abates >= 0, they add up to the plan's abatement, and together
    never more than the year's grid electricity emitted (2 700 MWh x 0.6592 in 2026)."""
    rows = []
    for i, (kind, pct, kwp) in enumerate(measures):
        m: dict[str, object] = {"measure": f"m{i}", "kind": kind, "from_year": 2026}
        m.update({"pct": pct, "ef_market": 0} if kind != "solar_rooftop" else
                 {"kwp": kwp, "yield_kwh_per_kwp": 1300, "yield_source": "test"})
        rows.append(m)
    p = plan(_GARMENT(), rows)
    m26 = p.measures[p.measures["year"] == 2026]
    assert (m26["abatement_t"] >= -1e-9).all()
    e = p.emissions.set_index("year")
    assert e.loc[2026, "abatement_t"] == pytest.approx(m26["abatement_t"].sum(), abs=1e-6)
    assert e.loc[2026, "abatement_t"] <= 2700 * EF + 1e-6
    assert e.loc[2026, "with_plan_scope2_market_t"] >= -1e-6


_CACHE: dict[str, ghgcalc.Inventory] = {}


def _GARMENT() -> ghgcalc.Inventory:  # noqa: N802 - a cached example, shared by the property's draws
    if "g" not in _CACHE:
        _CACHE["g"] = ghgcalc.Inventory.from_file(EXAMPLES / "hai_phong_garment.xlsx")
    return _CACHE["g"]


def test_a_cell_that_is_not_a_number_is_named_once(garment: ghgcalc.Inventory) -> None:
    """'next year' in from_year is not a number: said once, not also 'missing' (nor 'required for' its kind)."""
    with pytest.raises(InputError) as err:
        plan(garment, [{"measure": "led", "kind": "electricity_saving", "from_year": "next year", "pct": "ten"}])
    got = sorted((p.row, p.column, p.code) for p in err.value.problems)
    assert got == [(1, "from_year", "not_a_number"), (1, "pct", "not_a_number")]


def test_an_unreadable_measures_file_is_told_without_python_names(garment: ghgcalc.Inventory, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader failure says the file is damaged or not a table and what to give, never the exception's class."""
    import openpyxl

    from ghgcalc.plan import read_measures

    path = tmp_path / "bien_phap.xlsx"
    openpyxl.Workbook().save(path)  # a workbook without a 'measures' sheet: read as a table by pandas

    def broken(*a: object, **k: object) -> None:
        raise KeyError("xl/worksheets/sheet1.xml")

    monkeypatch.setattr(pd, "read_excel", broken)
    with pytest.raises(InputError) as err:
        read_measures(path)
    (p,) = err.value.problems
    assert (p.file, p.code, p.message) == ("bien_phap.xlsx", "unreadable",
                                           "cannot read the table: the file is damaged or not a table")
    assert "KeyError" not in str(err.value.render("en")) and "measure, kind, from_year" in err.value.hint
