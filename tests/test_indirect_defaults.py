"""Indirect categories computed without a user factor: fuel-based, waste route, imported published set.

The flat files built here are SYNTHETIC: their layout follows the UK government
conversion-factor flat file, their numbers are invented for the arithmetic.
"""

from __future__ import annotations

import csv
import functools
import json
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

import ghgcalc
from ghgcalc.cli import main
from ghgcalc.data import load_factor_file
from ghgcalc.errors import DataError, InputError
from ghgcalc.io.desnz import read_flat_file, write_factor_csv

BARREL_L = 158.987294928  # US oil barrel, 42 US gal (exact definition)
HEADER = ["ID", "Scope", "Level 1", "Level 2", "Level 3", "Level 4", "Column Text", "UOM", "GHG/Unit",
          "GHG Conversion Factor 2031"]
ROWS = [
    [1001, "Scope 3", "Freighting goods", "HGV (all diesel)", "All HGVs", "Average laden", None, "tonne.km",
     "kg CO2e", 0.125],
    [1001, "Scope 3", "Freighting goods", "HGV (all diesel)", "All HGVs", "Average laden", None, "tonne.km",
     "kg CO2e of CO2 per unit", 0.12],
    [1002, "Scope 3", "Freighting goods", "HGV (all diesel)", "All HGVs", "Average laden", None, "km",
     "kg CO2e", 0.9],
    [1008, "Scope 3", "Freighting goods", "HGV (all diesel)", "All HGVs", "Average laden", None, "miles",
     "kg CO2e", 1.4484096],  # the km row per mile (x 1.609344): a distance fits both, only one may count
    [1003, "Scope 3", "Hotel stay", "Vietnam", None, None, None, "Room per night", "kg CO2e", 40.5],
    [1004, "Scope 3", "Business travel- air", "Short-haul, to/from UK", "Economy class", None, "With RF",
     "passenger.km", "kg CO2e", 0.25],
    [1005, "Scope 1", "Fuels", "Liquid fuels", "Diesel (average biofuel blend)", None, None, "litres",
     "kg CO2e", 2.5],
    [1006, "Scope 3", "Waste disposal", "Commercial and industrial waste", "Landfill", None, None, "tonnes",
     "kg CO2e", None],
    [1007, "Scope 3", "WTT- fuels", "Liquid fuels", "Diesel (100% mineral diesel)", None, None, "litres",
     "kg CO2e", 0.6],
]


def _flat_xlsx(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Factors by Category"
    ws.append(["Greenhouse gas reporting: conversion factors (synthetic test file)"])
    for _ in range(4):
        ws.append([])
    ws.append(HEADER)
    for r in ROWS:
        ws.append(r)
    wb.save(path)
    return path


@pytest.fixture()
def imported(tmp_path: Path) -> Path:
    out = tmp_path / "desnz.csv"
    write_factor_csv(read_flat_file(_flat_xlsx(tmp_path / "flat.xlsx")), out)
    return out


# --- fuel-based --------------------------------------------------------------------------------------

def test_fuel_based_transport_is_the_fuel_arithmetic_in_category_3():
    """1,000 L diesel burned by a hired truck: 1000/(7.46 x 158.987 L/t) t x 43.0 TJ/Gg x 74,100 kg/TJ."""
    df = pd.DataFrame({"activity": ["upstream_transport", "gas_diesel_oil"], "quantity": [1000.0, 1000.0],
                       "unit": ["L", "L"], "fuel": ["dầu DO", ""], "sector": ["", "road_transport"]})
    r = ghgcalc.calculate(df)
    tonnes = 1000 / (7.46 * BARREL_L)
    tj = tonnes / 1000 * 43.0
    assert r["co2_t"].iloc[0] == pytest.approx(tj * 74100 / 1000, rel=1e-12)
    assert r["ch4_t"].iloc[0] == pytest.approx(tj * 3.9 / 1000, rel=1e-12)
    for col in ("co2_t", "ch4_t", "n2o_t", "co2e_t"):  # same numbers as the facility's own diesel
        assert r[col].iloc[0] == pytest.approx(r[col].iloc[1], rel=1e-12)
    assert (r["iso_category"].iloc[0], r["ghgp_scope"].iloc[0]) == ("3.1", "3.4")
    assert r["method"].iloc[0] == "indirect_fuel_based"
    assert pd.isna(r["energy_tj"].iloc[0])  # not the facility's energy (no TOE)
    assert r["energy_tj"].iloc[1] == pytest.approx(tj)


def test_fuel_based_errors_name_the_fuel_column():
    base = {"activity": ["business_travel"], "quantity": [10.0], "unit": ["L"]}
    with pytest.raises(InputError) as e:
        ghgcalc.calculate(pd.DataFrame({**base, "fuel": ["unobtainium"]}))
    assert e.value.problems[0].column == "fuel"
    with pytest.raises(InputError) as e:
        ghgcalc.calculate(pd.DataFrame({**base, "fuel": ["diesel"], "ef_co2e": [2.7], "ef_unit": ["kg/L"],
                                           "ef_source": ["supplier 2025"]}))
    assert e.value.problems[0].column == "fuel"


# --- waste sent off site by route --------------------------------------------------------------------

def test_waste_offsite_composting_uses_table_4_1():
    """10 t wet waste composted by a contractor: 10 t x 4 g CH4/kg and 0.24 g N2O/kg."""
    df = pd.DataFrame({"activity": ["waste_offsite"], "quantity": [10.0], "unit": ["t"],
                       "treatment": ["composting"], "technology": ["wet"]})
    r = ghgcalc.calculate(df, gwp="AR5")
    assert r["ch4_t"].iloc[0] == pytest.approx(0.04)
    assert r["n2o_t"].iloc[0] == pytest.approx(0.0024)
    assert r["co2e_t"].iloc[0] == pytest.approx(0.04 * 28 + 0.0024 * 265)
    assert (r["iso_category"].iloc[0], r["ghgp_scope"].iloc[0]) == ("4.3", "3.5")


def test_waste_offsite_incineration_counts_fossil_co2_only_when_given():
    df = pd.DataFrame({"activity": ["waste_offsite"] * 2, "quantity": [5.0, 5.0], "unit": ["t", "t"],
                       "treatment": ["incineration"] * 2, "technology": ["industrial"] * 2,
                       "ef_co2": [None, 0.5], "ef_unit": [None, "t/t"], "ef_source": [None, "lab analysis"]})
    r = ghgcalc.calculate(df)
    assert r["n2o_t"].tolist() == pytest.approx([5 * 100e-6] * 2)  # Table 5.6 industrial, 100 g N2O/t
    assert r["co2_t"].tolist() == pytest.approx([0.0, 2.5])
    assert "fossil CO2 not counted" in r["notes"].iloc[0]


def test_landfill_lifetime_methane_by_waste_type_and_site():
    """10 t food waste: 10 x DOC 0.15 x DOCf 0.7 x MCF x F 0.5 x 16/12 x (1 - OX).

    Decision 2626 App. IV: DOC of food 15 % (1.9), DOCf of biodegradable waste (food) 70 % (1.19), MCF of
    managed anaerobic 1.0 (1.3), remaining sites 0.6 (1.8), unmanaged shallow 0.4 (1.2), F 50 % (1.20);
    OX 0.1 when covered (IPCC 2006 Table 3.2; the decision has none).
    """
    base = 10 * 0.15 * 0.7 * 0.5 * 16 / 12
    df = pd.DataFrame({"activity": ["waste_offsite"] * 5, "quantity": [10.0, 10.0, 10.0, 10_000.0, 10.0],
                       "unit": ["t", "t", "t", "kg", "t"], "treatment": ["landfill", "Landfill", "chôn lấp",
                                                                         "landfill", "landfill"],
                       "waste_type": ["food", "food", "food", "food", "plastics"],
                       "technology": ["managed_anaerobic", "", "managed_anaerobic", "unmanaged_shallow", ""],
                       "covered": ["", "", "yes", "", ""]})
    r = ghgcalc.calculate(df, gwp="AR5")
    assert r["ch4_t"].tolist() == pytest.approx([base * 1.0, base * 0.6, base * 0.9, base * 0.4, 0.0])
    assert r["co2_t"].tolist() == [0.0] * 5  # the CO2 of decomposing waste is biogenic
    assert r["co2e_t"].iloc[0] == pytest.approx(base * 28)
    assert (r["iso_category"].iloc[0], r["ghgp_scope"].iloc[0]) == ("4.3", "3.5")
    assert "uncategorised" in r["notes"].iloc[1]
    assert r["factor_ids"].iloc[0].split(";")[:2] == ["vn.qd2626.IV_1_9", "vn.qd2626.IV_1_19.food"]
    # IPCC defaults only: DOCf 0.5 for every waste type (§3.2.3): 10 x 0.15 x 0.5 x 1.0 x 0.5 x 16/12 = 0.5 t
    ipcc = ghgcalc.calculate(df.iloc[:1], gwp="AR5", factor_priority=["ipcc_default"])
    assert ipcc["ch4_t"].iloc[0] == pytest.approx(10 * 0.15 * 0.5 * 1.0 * 0.5 * 16 / 12)
    assert ipcc["factor_ids"].iloc[0].split(";")[0] == "ipcc2006.v5.t2_4.doc.food"


def test_landfill_docf_by_degradability_and_national_site_types():
    """Decision 2626 App. IV DOCf: wood 10 % (1.17), paper 50 % (1.18), garden 70 % (1.19); industrial
    sludge has none there and keeps IPCC 0.5. New site type poorly managed semi-aerobic MCF 0.7 (1.5)."""
    df = pd.DataFrame({"activity": ["waste_offsite"] * 4, "quantity": [1.0] * 4, "unit": ["t"] * 4,
                       "treatment": ["landfill"] * 4, "waste_type": ["wood", "paper", "garden", "sludge_industrial"],
                       "technology": ["poorly_managed_semi_aerobic"] * 4})
    r = ghgcalc.calculate(df)
    # 1 t x DOC x DOCf x MCF 0.7 x F 0.5 x 16/12; DOC wood 0.43, paper 0.40, garden 0.20, sludge 0.05 (1.15)
    k = 0.7 * 0.5 * 16 / 12
    assert r["ch4_t"].tolist() == pytest.approx([0.43 * 0.1 * k, 0.40 * 0.5 * k, 0.20 * 0.7 * k, 0.05 * 0.5 * k])
    assert "ipcc2006.v5.s3_2_3.docf" in r["factor_ids"].iloc[3]


@pytest.mark.parametrize(("column", "cells"), [("waste_type", {"waste_type": ["bricks"]}),
                                               ("waste_type", {}),
                                               ("technology", {"waste_type": ["paper"], "technology": ["crater"]})])
def test_landfill_errors_name_the_column_and_the_choices(column, cells):
    df = pd.DataFrame({"activity": ["waste_offsite"], "quantity": [3.0], "unit": ["t"], "treatment": ["landfill"],
                       **cells})
    with pytest.raises(InputError) as e:
        ghgcalc.calculate(df)
    assert e.value.problems[0].column == column
    assert "food" in e.value.problems[0].message or "managed_anaerobic" in e.value.problems[0].message


def test_waste_without_route_or_factor_says_what_to_give():
    df = pd.DataFrame({"activity": ["waste_offsite"], "quantity": [3.0], "unit": ["t"]})
    with pytest.raises(InputError) as e:
        ghgcalc.calculate(df)
    assert "landfill" in e.value.problems[0].message and "ef_co2e" in e.value.problems[0].message


# --- grid transmission and distribution losses -------------------------------------------------------

def test_td_losses_use_the_grid_factor_of_the_year():
    """1,000 MWh bought in 2023, grid loss rate 6 %: 1000 x 0.06 x 0.6592 t CO2/MWh (letter 1726/BĐKH-PTCBT)."""
    df = pd.DataFrame({"activity": ["fuel_energy_related"], "quantity": [1000.0], "unit": ["MWh"], "year": [2023],
                       "technology": ["td_losses"], "fraction": [0.06], "ef_source": ["utility annual report"]})
    r = ghgcalc.calculate(df)
    assert r["co2_t"].iloc[0] == pytest.approx(1000 * 0.06 * 0.6592)
    assert (r["iso_category"].iloc[0], r["ghgp_scope"].iloc[0]) == ("4.5", "3.3")
    assert pd.isna(r["scope2_market_co2e_t"].iloc[0])
    assert "loss rate 0.06 (utility annual report)" in r["notes"].iloc[0]
    assert r["factor_ids"].iloc[0] == "vn.dcc.grid.2023"


@pytest.mark.parametrize("fraction", [None, 1.2, -0.1])
def test_td_losses_need_a_loss_rate_below_one(fraction):
    df = pd.DataFrame({"activity": ["fuel_energy_related"], "quantity": [10.0], "unit": ["MWh"], "year": [2023],
                       "technology": ["td_losses"], "fraction": [fraction]})
    with pytest.raises(InputError) as e:
        ghgcalc.calculate(df)
    assert e.value.problems[0].column == "fraction"


# --- an imported published set -----------------------------------------------------------------------

def test_flat_file_rows_become_cited_factor_rows(tmp_path: Path):
    imp = read_flat_file(_flat_xlsx(tmp_path / "flat.xlsx"))
    assert imp.year == 2031
    by_id = {(r["ef_id"], r["activity"]): r for r in imp.rows}
    hgv = by_id[("1001", "upstream_transport")]
    assert hgv["technology"] == "hgv_all_diesel/all_hgvs/average_laden"
    assert hgv["unit"] == "kg CO2e/(t*km)" and float(hgv["value"]) == 0.125
    assert ("1001", "downstream_transport") in by_id
    assert by_id[("1004", "business_travel")]["technology"] == "short_haul_to_from_uk/economy_class/with_rf"
    assert by_id[("1003", "hotel_nights")]["unit"] == "kg CO2e/(room_night)"
    assert by_id[("1007", "fuel_energy_related")]["technology"] == "liquid_fuels/diesel_100_mineral_diesel"
    assert not any(r["ef_id"] in ("1005", "1006") for r in imp.rows)  # scope 1 fuels; blank factor
    assert imp.skipped["group Fuels"] == 1 and imp.skipped["blank factor"] == 1
    assert all(imp.sha256[:16] in r["notes"] for r in imp.rows)


def test_flat_file_as_csv_gives_the_same_rows(tmp_path: Path):
    path = tmp_path / "flat.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["title"])
        w.writerow(HEADER)
        w.writerows(ROWS)
    rows = read_flat_file(path).rows
    xlsx_rows = read_flat_file(_flat_xlsx(tmp_path / "flat.xlsx")).rows
    assert [(r["factor_id"], r["value"], r["technology"]) for r in rows] == \
           [(r["factor_id"], r["value"], r["technology"]) for r in xlsx_rows]


def test_not_a_flat_file_is_a_clear_error(tmp_path: Path):
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(DataError, match="flat-file header"):
        read_flat_file(path)


def test_imported_factors_compute_tkm_nights_and_pkm(imported: Path):
    """20 t carried 100 km: 100 x 20 x 0.125 kg; 3 nights x 40.5 kg; 2 x 800 pkm x 0.25 kg."""
    df = pd.DataFrame({
        "activity": ["upstream_transport", "hotel_nights", "business_travel", "upstream_transport"],
        "quantity": [100.0, 3.0, 800.0, 100.0], "unit": ["km", "room_night", "km", "km"],
        "load": [20.0, None, 2.0, None], "load_unit": ["t", None, "passenger", None],
        "technology": ["hgv_all_diesel/all_hgvs/average_laden", "vietnam",
                       "short_haul_to_from_uk/economy_class/with_rf", "hgv_all_diesel/all_hgvs/average_laden"],
        "year": [2031] * 4})
    r = ghgcalc.calculate(df, user_factors=load_factor_file(imported))
    assert r["co2e_t"].tolist() == pytest.approx([0.25, 0.1215, 0.4, 0.09])
    assert r["tier"].astype(str).tolist() == ["reference"] * 4
    assert "published set" in str(r["tier_reason"].iloc[0])
    assert r["factor_ids"].iloc[0] == "desnz2031.1001.upstream_transport"
    assert r["factor_ids"].iloc[3] == "desnz2031.1002.upstream_transport"  # vehicle-km row: no load given
    miles = ghgcalc.calculate(df.iloc[[3]].assign(quantity=62.137119, unit="mile"),
                              user_factors=load_factor_file(imported))
    assert miles["factor_ids"].iloc[0] == "desnz2031.1008.upstream_transport"  # the row written per mile
    assert miles["co2e_t"].iloc[0] == pytest.approx(0.09, rel=1e-6)
    assert (r["iso_category"].iloc[1], r["ghgp_scope"].iloc[1]) == ("3.5", "3.6")


def test_imported_factor_with_a_wrong_unit_or_year_names_the_row(imported: Path):
    factors = load_factor_file(imported)
    df = pd.DataFrame({"activity": ["hotel_nights"], "quantity": [3.0], "unit": ["L"], "technology": ["vietnam"]})
    with pytest.raises(InputError) as e:
        ghgcalc.calculate(df, user_factors=factors)
    assert e.value.problems[0].column == "unit" and "room_night" in e.value.problems[0].message
    early = df.assign(unit="room_night", year=2030)
    with pytest.raises(InputError) as e:
        ghgcalc.calculate(early, user_factors=factors)
    assert e.value.problems[0].column == "ef_co2e"


def test_cli_import_then_report_with_factors(tmp_path: Path):
    flat = _flat_xlsx(tmp_path / "flat.xlsx")
    out = tmp_path / "desnz.csv"
    res = CliRunner().invoke(main, ["factors", "import-desnz", str(flat), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "2031 edition" in res.output and "group Fuels" in res.output
    inp = tmp_path / "acts.csv"
    pd.DataFrame({"activity": ["electricity", "upstream_transport"], "quantity": [1000.0, 50.0],
                  "unit": ["MWh", "km"], "year": [2031, 2031], "load": [None, 10.0], "load_unit": [None, "t"],
                  "technology": ["", "hgv_all_diesel/all_hgvs/average_laden"]}).to_csv(inp, index=False)
    report = tmp_path / "r.json"
    res = CliRunner().invoke(main, ["report", str(inp), "--factors", str(out), "-o", str(report)])
    assert res.exit_code == 0, res.output
    text = report.read_text(encoding="utf-8")
    data = json.loads(text)
    factor = next(f for f in data["factors"] if f["factor_id"] == "desnz2031.1001.upstream_transport")
    assert factor["value"] == 0.125 and factor["unit"] == "kg CO2e/(t*km)" and factor["source_id"] == "uk_desnz"
    assert "desnz.csv (sha256" in text
    res = CliRunner().invoke(main, ["report", str(inp), "-o", str(tmp_path / "r2.json")])
    assert res.exit_code == 1 and "technology" in res.output
    res = CliRunner().invoke(main, ["factors", "list", "--factors", str(out), "--activity", "hotel_nights"])
    assert res.exit_code == 0 and "desnz2031.1003.hotel_nights" in res.output and "vietnam" in res.output
    res = CliRunner().invoke(main, ["factors", "show", "desnz2031.1003.hotel_nights", "--factors", str(out)])
    assert res.exit_code == 0 and "Open Government Licence v3.0" in res.output and "UK Government" in res.output


@settings(max_examples=25, deadline=None)
@given(st.floats(min_value=0, max_value=1e5), st.floats(min_value=0, max_value=60))
def test_distance_with_load_equals_tonne_km(distance, load):
    """Property: d km carrying L t gives the emissions of d x L t·km (factor per t·km)."""
    factors = _imported_frame()
    tech = "hgv_all_diesel/all_hgvs/average_laden"
    a = ghgcalc.calculate(pd.DataFrame({"activity": ["upstream_transport"], "quantity": [distance], "unit": ["km"],
                                        "load": [load], "technology": [tech]}), user_factors=factors)
    b = ghgcalc.calculate(pd.DataFrame({"activity": ["upstream_transport"], "quantity": [distance * load],
                                        "unit": ["tkm"], "technology": [tech]}), user_factors=factors)
    assert a["co2e_t"].iloc[0] == pytest.approx(b["co2e_t"].iloc[0], rel=1e-12, abs=1e-15)


@functools.cache
def _imported_frame() -> pd.DataFrame:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "desnz.csv"
        write_factor_csv(read_flat_file(_flat_xlsx(Path(tmp) / "flat.xlsx")), out)
        return load_factor_file(out)


def test_spend_based_factor_in_the_currency_of_the_spend():
    """1 billion VND at 0.5 kg CO2e per million VND is 500 kg; VND and USD never convert into each other."""
    df = pd.DataFrame({"activity": ["purchased_goods"] * 3, "quantity": [1e9, 1000.0, 5.0],
                       "unit": ["VND", "triệu đồng", "tỷ đồng"], "ef_co2e": [0.5] * 3,
                       "ef_unit": ["kg/million_VND"] * 3, "ef_source": ["supplier EEIO factor"] * 3})
    assert ghgcalc.calculate(df)["co2e_t"].tolist() == pytest.approx([0.5, 0.5, 2.5])
    with pytest.raises(InputError) as e:
        ghgcalc.calculate(df.assign(unit="USD"))
    assert e.value.problems[0].column == "unit"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.text(max_size=12), max_size=12), max_size=8), st.booleans())
def test_garbage_flat_files_raise_only_data_errors(rows, with_header):
    """Property: any CSV content either imports or fails with a DataError naming the file."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "junk.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            if with_header:
                w.writerow(HEADER)
            w.writerows(rows)
        try:
            read_flat_file(path)
        except DataError as exc:
            assert "junk.csv" in str(exc)


def test_a_file_that_is_not_a_workbook(tmp_path: Path):
    path = tmp_path / "flat.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(DataError, match="not a readable .xlsx"):
        read_flat_file(path)


@pytest.mark.parametrize("value", ["abc", "1e400", "nan"])
def test_a_factor_that_is_not_a_finite_number_names_the_row(tmp_path: Path, value):
    path = tmp_path / "flat.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        w.writerow([1, "Scope 3", "Hotel stay", "Vietnam", "", "", "", "Room per night", "kg CO2e", value])
    with pytest.raises(DataError, match="flat.csv, row 2"):
        read_flat_file(path)
