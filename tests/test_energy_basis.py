"""energy_basis: a fuel quantity in an energy unit on the gross calorific basis (GCV/HHV) is brought to the
net basis (NCV) of the IPCC per-TJ factors with the cited NCV/GCV default of its family.

Ratios: IPCC 2006 Vol. 2 Ch. 1 §1.4.1.2 (p. 1.16), repeated in the notes to Ch. 2 Tables 2.6-2.8:
NCV = GCV x 0.95 for coal and oil, x 0.90 for natural and manufactured gas
(emission_factors/ipcc2006/gcv_to_ncv_ratio.csv). 1 MMBtu = 1.05505585262 GJ (IT Btu, exact);
1 therm = 0.105505585262 GJ.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ghgcalc
from ghgcalc import data, l10n
from ghgcalc.errors import InputError
from ghgcalc.io.schema import FACILITY_FIELDS, SHEETS
from ghgcalc.io.workbook import read_workbook, write_template

MFG = "manufacturing_construction"
GAS = {"activity": "natural_gas", "quantity": 1000.0, "unit": "MMBtu", "sector": MFG, "year": 2025}
RATIO_ID = "ipcc2006.v2.s1_4_1_2.gcv_to_ncv.natural_gas"
GASES = ["co2_t", "ch4_t", "n2o_t", "co2e_t", "energy_tj"]


def calc(*rows: dict) -> pd.DataFrame:
    return ghgcalc.calculate(pd.DataFrame(list(rows)))


def refused(*rows: dict) -> InputError:
    with pytest.raises(InputError) as e:
        calc(*rows)
    return e.value


def test_1000_mmbtu_gross_natural_gas_by_hand():
    # 1,000 MMBtu x 1.05505585262 GJ = 1,055.05585262 GJ (gross) x 0.90 = 949.550267358 GJ NCV.
    # CO2: Decision 2626/QĐ-BTNMT App. I item 1.37 (= IPCC 2006 Vol. 2 Table 1.4) 56,100 kg CO2/TJ
    #   -> 0.949550267358 TJ x 56.1 t/TJ = 53.26977 t CO2 (59.18863 t read as net: 10 % less).
    # CH4 1 kg/TJ, N2O 0.1 kg/TJ (items 1.38, 1.39) -> 0.94955 kg CH4, 0.094955 kg N2O.
    r = calc({**GAS, "energy_basis": "gross"}).iloc[0]
    net_tj = 1000 * 1.05505585262 * 0.90 / 1000
    assert net_tj == pytest.approx(0.949550267358, rel=1e-12)
    assert r["energy_tj"] == pytest.approx(net_tj, rel=1e-12)
    assert r["co2_t"] == pytest.approx(53.26977, rel=1e-6)
    assert r["co2_t"] == pytest.approx(net_tj * 56.1, rel=1e-12)
    assert r["ch4_t"] == pytest.approx(net_tj * 1e-3, rel=1e-12)
    assert r["n2o_t"] == pytest.approx(net_tj * 1e-4, rel=1e-12)
    # the ratio is named where the report reads citations and details
    assert RATIO_ID in str(r["factor_ids"]).split(";")
    assert str(r["notes"]) == "energy stated gross (GCV) x 0.9 to net (NCV)"
    # the ratio is taken as exact (IPCC gives "about 10 percent", no range), like a density: the row keeps the
    # uncertainty of its per-TJ factors, the same relative half-width as the net row
    net = calc(GAS).iloc[0]
    assert r["u95_coverage"] == pytest.approx(net["u95_coverage"], rel=1e-12) and r["u95_coverage"] > 0.99
    assert r["u95_pct"] == pytest.approx(net["u95_pct"], rel=1e-12) and r["u95_pct"] > 0


def test_net_is_the_default_and_byte_identical():
    absent = calc(GAS)
    for given_ in ("net", "NCV", "LHV", "nhiệt trị thấp", None):
        r = calc({**GAS, "energy_basis": given_})
        cols = [c for c in absent.columns if c not in ("notes",)]
        pd.testing.assert_frame_equal(r[cols], absent[cols])
        assert list(r["notes"].astype(str)) == list(absent["notes"].astype(str))
    # today's reading: 1,000 MMBtu = 1.05505585262 TJ x 56,100 kg/TJ = 59.18863 t CO2
    assert absent["co2_t"].iloc[0] == pytest.approx(1.05505585262 * 56.1, rel=1e-12)
    # a mass row and its measured NCV: no column, a blank one or "net" give the same bits
    diesel = {"activity": "diesel", "quantity": 10.0, "unit": "t", "sector": MFG, "ncv": 42.5, "ncv_unit": "TJ/Gg"}
    base = calc(diesel)
    pd.testing.assert_frame_equal(calc({**diesel, "energy_basis": "net"}), base)
    pd.testing.assert_frame_equal(calc({**diesel, "energy_basis": None}), base)


def test_labels_and_families():
    # HHV / GCV / GHV / nhiệt trị cao mean gross; coal family 0.95: 100 GJ gross anthracite = 95 GJ NCV x
    # 98,300 kg CO2/TJ (IPCC Table 1.4) = 9.3385 t; than cám 5 burns as anthracite and takes its ratio
    for label in ("gross", "HHV", "GCV", "GHV", "Nhiệt trị cao (GCV, HHV)"):
        r = calc({**GAS, "energy_basis": label}).iloc[0]
        assert RATIO_ID in str(r["factor_ids"])
    coal = calc({"activity": "anthracite", "quantity": 100.0, "unit": "GJ", "sector": MFG, "energy_basis": "gross"},
                {"activity": "than cám 5", "quantity": 100.0, "unit": "GJ", "sector": MFG, "energy_basis": "gross"})
    assert coal["energy_tj"].tolist() == pytest.approx([0.095, 0.095], rel=1e-12)
    assert "ipcc2006.v2.s1_4_1_2.gcv_to_ncv.anthracite" in str(coal["factor_ids"].iloc[1])
    # oil family 0.95: 1 TJ gross diesel = 0.95 TJ x 74,100 kg/TJ = 70.395 t CO2
    diesel = calc({"activity": "DO", "quantity": 1.0, "unit": "TJ", "sector": MFG, "energy_basis": "gross"})
    assert diesel["co2_t"].iloc[0] == pytest.approx(0.95 * 74.1, rel=1e-12)


def test_gross_where_it_cannot_apply_is_refused_naming_row_and_column():
    where = {"_row": 7, "_sheet": "stationary"}
    cases = [
        ({**GAS, "unit": "t", "energy_basis": "gross"}, "applies to a quantity in an energy unit"),
        ({**GAS, "unit": "Sm3", "energy_basis": "gross"}, "applies to a quantity in an energy unit"),
        ({**GAS, "energy_basis": "both"}, "unknown energy basis 'both'"),
        ({**GAS, "activity": "LPG", "unit": "GJ", "energy_basis": "gross"}, "no cited gross-to-net ratio"),
        ({**GAS, "activity": "rice husk", "unit": "GJ", "energy_basis": "gross"}, "no cited gross-to-net ratio"),
        ({"activity": "grid_electricity", "quantity": 5.0, "unit": "MWh", "year": 2023, "energy_basis": "gross"},
         "applies only to fuels"),
    ]
    for row, words in cases:
        err = refused({**row, **where})
        assert len(err.problems) == 1, err.problems
        p = err.problems[0]
        assert (p.row, p.sheet, p.column) == (7, "stationary", "energy_basis") and words in p.message, p
        assert not re.search(r"\b(the|of|and|is|give|with)\b", l10n.translate(p.message, "vi")), p.message
    # "net" on electricity is what it is read as anyway: no problem
    calc({"activity": "grid_electricity", "quantity": 5.0, "unit": "MWh", "year": 2023, "energy_basis": "net"})


def test_measured_ncv_is_not_touched():
    # an energy quantity does not use the NCV: gross GJ with or without a measured ncv give the same result
    row = {"activity": "natural_gas", "quantity": 500.0, "unit": "GJ", "sector": MFG, "energy_basis": "gross"}
    with_ncv = calc({**row, "ncv": 47.0, "ncv_unit": "TJ/Gg"})
    pd.testing.assert_frame_equal(with_ncv[GASES], calc(row)[GASES])
    assert with_ncv["energy_tj"].iloc[0] == pytest.approx(0.5 * 0.90, rel=1e-12)


def test_btu_warning_once_per_key_and_not_when_the_basis_is_given():
    rows = [{**GAS, "_row": 5}, {**GAS, "quantity": 20.0, "_row": 6},   # one key (same activity, unit, year ...)
            {**GAS, "unit": "therm", "_row": 7},                        # another key
            {**GAS, "unit": "GJ", "_row": 8}]                           # GJ: no invoice convention, no warning
    warned = [w for w in calc(*rows).attrs["warnings"] if "read as net calorific value" in w]
    assert warned == [
        "rows 5, 6, column 'unit': natural_gas in 'MMBtu' is read as net calorific value (IPCC); if the invoice "
        "states gross (GHV/HHV), set energy_basis = gross",
        "row 7, column 'unit': natural_gas in 'therm' is read as net calorific value (IPCC); if the invoice states "
        "gross (GHV/HHV), set energy_basis = gross"]
    vi = l10n.translate(warned[0], "vi")
    assert vi.startswith("dòng 5, 6, cột 'unit': Khí tự nhiên tính theo 'MMBtu'") and "nhiệt trị cao" in vi
    assert not re.search(r"\b(the|of|and|is|if|set|read|as|invoice|states)\b|\b[a-z]+_[a-z_]+\b", vi.split(": ", 1)[1])
    for basis in ("net", "gross"):
        given_ = calc(*[{**r, "energy_basis": basis} for r in rows]).attrs["warnings"]
        assert not [w for w in given_ if "read as net calorific value" in w]
    # a fuel without a cited ratio (biomass) is not told to set a basis it could not take
    assert not calc({**GAS, "activity": "wood_wood_waste"}).attrs["warnings"]


def test_the_note_and_the_citation_read_in_vietnamese():
    r = calc({**GAS, "energy_basis": "gross"}).iloc[0]
    vi = "năng lượng ghi theo nhiệt trị cao (GCV) × 0,9 quy về nhiệt trị thấp (NCV)"
    assert l10n.translate(str(r["notes"]), "vi") == vi
    row = data.load_factor_table().set_index("factor_id").loc[RATIO_ID]
    table = l10n.table_ref(str(row["table"]), "vi")
    assert table == "Tập 2 Chương 1 §1.4.1.2 (tr. 1.16); Chương 2 ghi chú dưới Bảng 2.6-2.8 (tr. 2.25–2.27)"


def test_ratio_rows_are_cited_fossil_fuels_by_family():
    t = data.load_factor_table()
    rows = t[(t["kind"] == "parameter") & (t["technology"] == "gcv_to_ncv")].set_index("activity")
    cat = data.load_activities().set_index("activity")
    assert set(rows.index) <= set(cat.index) and not cat.loc[rows.index, "biogenic"].astype(str).eq("true").any()
    # IPCC 2006 Vol. 2 §1.4.1.2: 10 % for natural and manufactured gas, 5 % for coal and oil
    gas = {"natural_gas", "gas_works_gas", "coke_oven_gas", "blast_furnace_gas", "oxygen_steel_furnace_gas"}
    assert rows.loc[sorted(gas), "value"].eq(0.90).all()
    assert rows.drop(index=sorted(gas))["value"].eq(0.95).all()
    assert {"anthracite", "lignite", "gas_diesel_oil", "residual_fuel_oil", "motor_gasoline"} <= set(rows.index)
    assert not {"liquefied_petroleum_gases", "ethane", "refinery_gas", "peat"} & set(rows.index)
    assert rows["source_id"].eq("ipcc2006").all()
    assert rows["table"].str.contains("§1.4.1.2 (p. 1.16)", regex=False).all()
    assert rows["notes"].str.contains("confidence: secondary", regex=False).all()


FUELS = ["natural_gas", "coke_oven_gas", "anthracite", "other_bituminous_coal", "gas_diesel_oil",
         "residual_fuel_oil", "motor_gasoline", "petroleum_coke", "crude_oil"]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(FUELS), st.sampled_from(["GJ", "TJ", "MWh", "MMBtu", "therm", "kcal"]),
                          st.floats(min_value=0, max_value=1e7, allow_nan=False)), min_size=1, max_size=12))
def test_gross_is_the_ratio_times_net(rows):
    """For fuel rows in energy units, every gas and the energy of ``gross`` are the cited ratio x those of ``net``."""
    frame = pd.DataFrame([{"activity": a, "unit": u, "quantity": q, "sector": MFG} for a, u, q in rows])
    net = ghgcalc.calculate(frame.assign(energy_basis="net"))
    gross = ghgcalc.calculate(frame.assign(energy_basis="gross"))
    ratios = data.load_factor_table().query("technology == 'gcv_to_ncv'").set_index("activity")["value"]
    r = frame["activity"].map(ratios).to_numpy(dtype=float)
    for c in GASES:
        np.testing.assert_allclose(gross[c].to_numpy(dtype=float), r * net[c].to_numpy(dtype=float), rtol=1e-12)


def test_workbook_column_dropdown_and_label(tmp_path):
    path = write_template(tmp_path / "t.xlsx", "vi")
    wb = openpyxl.load_workbook(path)
    keys = [c.key for c in next(s for s in SHEETS if s.key == "stationary").columns]
    col = keys.index("energy_basis") + 1
    ws = wb["stationary"]
    assert "(energy_basis)" in ws.cell(2, col).value and "nhiệt trị" in ws.cell(2, col).value
    letter = ws.cell(3, col).column_letter
    dv = next(d for d in ws.data_validations.dataValidation if str(d.sqref).startswith(f"{letter}3"))
    ref = dv.formula1.split("!")[1].replace("$", "")
    first, last = ref.split(":")
    offered = [c.value for row in wb["lists"][first:last] for c in row]
    assert offered == ["net", "gross", "Nhiệt trị thấp (NCV, LHV)", "Net calorific value (NCV, LHV)",
                       "Nhiệt trị cao (GCV, HHV)", "Gross calorific value (GCV, HHV)"]  # ids, then labels
    # a row filled with the dropdown's label reads as gross
    wb["facility"].cell(3 + [c.key for c in FACILITY_FIELDS].index("name"), 3, "Test plant")
    for k, v in {"activity": "natural_gas", "quantity": 1000, "unit": "MMBtu", "year": 2025, "sector": MFG,
                 "energy_basis": "Nhiệt trị cao (GCV, HHV)"}.items():
        ws.cell(4, keys.index(k) + 1, v)
    wb.save(path)
    r = ghgcalc.calculate(read_workbook(path).activities)
    assert r["co2_t"].iloc[0] == pytest.approx(1.05505585262 * 0.90 * 56.1, rel=1e-12)


def test_a_facility_ratio_comes_before_the_ipcc_default():
    # Circular 38/2023/TT-BCT Art. 18 order: the supplier's own NCV/GCV (here 90.5 %, from its gas analysis) first:
    # 1,000 MMBtu x 1.05505585262 GJ x 0.905 = 954.8255 GJ NCV x 56,100 kg/TJ = 53.56571 t CO2
    own = pd.DataFrame([{"factor_id": "site.gcv_to_ncv.gas", "activity": "natural_gas", "technology": "gcv_to_ncv",
                         "value": 90.5, "unit": "percent", "kind": "parameter", "source_id": "facility",
                         "table": "supplier gas analysis 2025", "valid_from": "2025-01-01"}])
    r = ghgcalc.calculate(pd.DataFrame([{**GAS, "energy_basis": "gross"}]), user_factors=own).iloc[0]
    assert r["co2_t"] == pytest.approx(1.05505585262 * 0.905 * 56.1, rel=1e-12)
    assert "site.gcv_to_ncv.gas" in str(r["factor_ids"]) and RATIO_ID not in str(r["factor_ids"])
    assert str(r["notes"]) == "energy stated gross (GCV) x 0.905 to net (NCV)"


def test_toe_of_the_applicability_screen_counts_gross_rows_by_their_net_energy(tmp_path):
    """Decree 06's 1,000 TOE criterion reads the energy the factors were applied to: 1,000 MMBtu stated gross and
    500 MMBtu net of natural gas = (1,000 x 0.90 + 500) x 1.05505585262 GJ / 41.868 GJ per TOE (the dataset's
    TOE through the calorific value, no MOIT coefficient for gas in MMBtu) = 35.279 TOE, not 37.799."""
    from ghgcalc.report import build_inventory

    src = tmp_path / "gas.csv"
    src.write_text("activity,quantity,unit,year,sector,energy_basis\n"
                   f"natural_gas,1000,MMBtu,2025,{MFG},gross\nnatural_gas,500,MMBtu,2025,{MFG},\n", encoding="utf-8")
    inv = build_inventory(src, as_of=dt.date(2026, 11, 23))
    assert inv.applicability is not None
    assert inv.applicability.toe == pytest.approx((1000 * 0.90 + 500) * 1.05505585262 / 41.868, rel=1e-9)
    src.write_text(src.read_text(encoding="utf-8").replace("gross", "net"), encoding="utf-8")
    net = build_inventory(src, as_of=dt.date(2026, 11, 23))
    assert net.applicability is not None
    assert net.applicability.toe == pytest.approx(1500 * 1.05505585262 / 41.868, rel=1e-9)


def test_form06_activity_table_says_which_quantity_was_gross_and_that_its_tj_are_net(tmp_path):
    """Section II of Form 06 lists 1,000 MMBtu stated gross beside 0.950 TJ (1,000 x 1.05505585262 GJ x 0.90 net):
    without a word an officer reads 1,000 MMBtu = 1.055 TJ and sees a wrong conversion. The gross row's unit says
    so and the energy column says its TJ are net; the net row of the same gas and unit is not summed with it."""
    from ghgcalc.render.document import DOCUMENT_ROWS
    from ghgcalc.render.markup import to_markdown
    from ghgcalc.report import build_inventory

    src = tmp_path / "gas.csv"
    src.write_text("activity,quantity,unit,year,sector,energy_basis\n"
                   f"natural_gas,1000,MMBtu,2025,{MFG},HHV\nnatural_gas,500,MMBtu,2025,{MFG},\n", encoding="utf-8")
    model = build_inventory(src, as_of=dt.date(2026, 11, 23)).report()
    vi, en = to_markdown(model, "vi"), to_markdown(model, "en")
    assert "| Khí tự nhiên | 2025 | 1.000 | MMBtu (nhiệt trị cao, GCV) | 0,950 |" in vi
    assert "| Khí tự nhiên | 2025 | 500 | MMBtu | 0,528 |" in vi  # 500 x 1.05505585262 GJ, net as written
    assert "Năng lượng (TJ, theo nhiệt trị thấp)" in vi
    assert "| Natural gas | 2025 | 1,000 | MMBtu (gross calorific value, GCV) | 0.950 |" in en
    assert "Energy (TJ, net calorific value)" in en
    # the factor table says what '0.9 TJ/TJ' is (IPCC 2006 Vol. 2 Ch. 1 §1.4.1.2: NCV = 0.90 x GCV for natural gas)
    assert "| Khí tự nhiên |  | tỷ số nhiệt trị thấp/nhiệt trị cao (NCV/GCV): 0,9 TJ/TJ — Hướng dẫn IPCC 2006" in vi
    assert "| Natural gas |  | net/gross calorific value ratio (NCV/GCV): 0.9 TJ/TJ — 2006 IPCC Guidelines" in en
    # above DOCUMENT_ROWS rows the table sums by activity, year and unit: gross and net stay apart
    many = "".join(f"natural_gas,1,MMBtu,2025,{MFG},{'gross' if i % 2 else ''}\n" for i in range(DOCUMENT_ROWS + 2))
    src.write_text("activity,quantity,unit,year,sector,energy_basis\n" + many, encoding="utf-8")
    summed = to_markdown(build_inventory(src, as_of=dt.date(2026, 11, 23)).report(), "en")
    half = (DOCUMENT_ROWS + 2) // 2
    assert f"| Natural gas | 2025 | {half} | MMBtu (gross calorific value, GCV) |" in summed
    assert f"| Natural gas | 2025 | {half} | MMBtu |" in summed


def test_toe_counts_a_gross_row_by_its_net_energy_whatever_its_own_ratio_is_named(tmp_path):
    """The screen once found gross rows by '.gcv_to_ncv.' in factor_ids: a facility ratio row named 'site_ratio_gas'
    left its 1,000 MMBtu counted gross. 1,000 MMBtu x 1.05505585262 GJ x 0.905 (its own ratio) / 41.868 GJ per
    TOE = 22.8056 TOE, not 25.1996 (gross)."""
    from ghgcalc.report import build_inventory

    src = tmp_path / "gas.csv"
    src.write_text(f"activity,quantity,unit,year,sector,energy_basis\nnatural_gas,1000,MMBtu,2025,{MFG},gross\n",
                   encoding="utf-8")
    own = pd.DataFrame([{"factor_id": "site_ratio_gas", "activity": "natural_gas", "technology": "gcv_to_ncv",
                         "value": 90.5, "unit": "percent", "kind": "parameter", "source_id": "facility",
                         "table": "supplier gas analysis 2025", "valid_from": "2025-01-01"}])
    inv = build_inventory(src, as_of=dt.date(2026, 11, 23), factor_files=[own])
    assert inv.applicability is not None
    assert inv.applicability.toe == pytest.approx(1000 * 1.05505585262 * 0.905 / 41.868, rel=1e-9)


def test_basis_is_read_by_the_shared_choice_reader():
    """energy_basis is a choice column like a facility field: checks.choose reads it (ids, labels, spellings,
    case, spaces, Vietnamese without its marks), and a value it does not know is refused listing id (labels)."""
    from ghgcalc import checks
    from ghgcalc.methods.energy_basis import BASES, basis_id

    for bid, names in BASES.items():
        for name in (bid, *names, names[0].upper(), names[1].replace(" ", "")):
            assert basis_id(name) == checks.choose(BASES, name) == bid
    assert basis_id("nhiet tri cao") == "gross" and basis_id("  ") == "net" and basis_id("gross net") is None
    message = str(refused({**GAS, "energy_basis": "both"}))
    assert ("net (Nhiệt trị thấp (NCV, LHV) / Net calorific value (NCV, LHV)); "
            "gross (Nhiệt trị cao (GCV, HHV)") in message


@pytest.mark.parametrize("value", [1.11, 111.0, 0.0])
def test_an_own_ratio_that_is_not_ncv_over_gcv_is_refused_naming_it(value):
    """NCV <= GCV (the net value leaves out the heat of the water vapour formed): a facility row giving 1.11 wrote
    GCV/NCV (1 / 0.90); read as NCV/GCV it made 1,000 MMBtu of gas 65.70 t CO2 instead of 53.27. Refused, naming
    the ratio's id, the activity row and its energy_basis column, in en and vi."""
    own = pd.DataFrame([{"factor_id": "site.ratio.gas", "activity": "natural_gas", "technology": "gcv_to_ncv",
                         "value": value, "unit": "TJ/TJ" if value < 2 else "percent", "kind": "parameter",
                         "source_id": "facility", "table": "supplier gas analysis 2025", "valid_from": "2025-01-01"}])
    with pytest.raises(InputError) as e:
        ghgcalc.calculate(pd.DataFrame([{**GAS, "energy_basis": "gross"}]), user_factors=own)
    message = str(e.value)
    assert "column 'energy_basis'" in message and "the ratio site.ratio.gas of natural_gas is" in message
    vi = l10n.translate(message.split("column 'energy_basis': ", 1)[1], "vi")
    assert "tỷ số site.ratio.gas của Khí tự nhiên bằng" in vi and "hãy ghi 1 chia cho nó" in vi
