"""ghgcalc.plan: measures applied in order from a year on, without double counting.

examples/hai_phong_garment.xlsx (AR5): grid electricity 2 650 MWh in 2025 and 2 700 MWh in 2026, both
at the 2023 grid factor 0.6592 t CO2/MWh (Official letter 1726/BĐKH-PTCBT; no later factor announced).
The PV yield below is a test input (the user cites theirs), not a published figure.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

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
    out = tmp_path / "plan.xlsx"
    r = CliRunner().invoke(main, ["plan", str(EXAMPLES / "hai_phong_garment.xlsx"), "--measures", str(sheet),
                                  "-o", str(out), "--lang", "vi"])
    assert r.exit_code == 0, r.output
    assert "2026" in r.output and "giảm 178,0 t CO2tđ" in r.output  # 270 MWh x 0.6592
    e = pd.read_excel(out, sheet_name="emissions", engine="calamine").set_index("year")
    assert e.loc[2026, "abatement_t"] == pytest.approx(920 * EF)
    sheet.write_text("measure,kind,from_year,pct\nx,electricity_saving,next year,5\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["plan", str(EXAMPLES / "hai_phong_garment.xlsx"), "--measures", str(sheet)])
    assert r.exit_code == 1 and "from_year" in r.output
