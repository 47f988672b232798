"""The facility workbook: template → fill → read, tolerance, and one bad fixture per error."""

import datetime as dt
import json
import string

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ghgcalc
from ghgcalc import InputError
from ghgcalc.io.inputs import json_schema, read_input
from ghgcalc.io.numbers import AmbiguousNumber, parse_number
from ghgcalc.io.schema import FACILITY_FIELDS, SHEETS
from ghgcalc.io.workbook import read_workbook, write_template

KEYS = {s.key: [c.key for c in s.columns] for s in SHEETS}
FAC_ROW = {c.key: 3 + i for i, c in enumerate(FACILITY_FIELDS)}


def make(tmp_path, rows, facility=None, lang="en", name="f.xlsx"):
    path = tmp_path / name
    write_template(path, lang)
    wb = openpyxl.load_workbook(path)
    for k, v in (facility or {"name": "Test plant"}).items():
        wb["facility"].cell(FAC_ROW[k], 3, v)
    for sheet, recs in rows.items():
        ws = wb[sheet]
        for i, rec in enumerate(recs, start=4):
            for k, v in rec.items():
                ws.cell(i, KEYS[sheet].index(k) + 1, v)
    wb.save(path)
    return path


def problem(tmp_path, rows, **kw):
    path = make(tmp_path, rows, **kw)
    with pytest.raises(InputError) as e:
        data = read_workbook(path)
        ghgcalc.calculate(data.activities, default_sector="manufacturing_construction")
    return e.value


def test_template_has_every_sheet_frozen_headers_and_dropdowns(tmp_path):
    path = write_template(tmp_path / "t.xlsx", "vi")
    wb = openpyxl.load_workbook(path)
    assert {"facility", "stationary", "mobile", "refrigerants", "electricity", "steam", "process", "wastewater",
            "indirect", "factors"} <= set(wb.sheetnames)
    ws = wb["stationary"]
    assert ws.freeze_panes == "A3"
    assert "(activity)" in ws.cell(2, 1).value and "Loại nhiên liệu" in ws.cell(2, 1).value
    assert ws.data_validations.dataValidation, "dropdowns for activity/unit/sector"
    assert str(ws.cell(3, len(KEYS["stationary"])).value).startswith("VÍ DỤ")


def test_blank_template_reads_as_no_activity(tmp_path):
    path = make(tmp_path, {})
    with pytest.raises(InputError, match="no activity rows"):
        read_workbook(path)


def test_tolerates_what_people_do(tmp_path):
    path = make(tmp_path, {"stationary": [
        {"activity": "  diesel  ", "quantity": " 1,234.5 ", "unit": "t ", "year": 2025},
        {},  # blank row in the middle
        {"activity": "FO", "quantity": 10, "unit": "t", "year": "2025"},
    ]})
    wb = openpyxl.load_workbook(path)
    wb.move_sheet("stationary", offset=-3)  # sheets in another order
    wb["stationary"].column_dimensions["B"].hidden = True
    wb.save(path)
    data = read_workbook(path)
    acts = data.activities
    assert acts["quantity"].tolist() == [1234.5, 10]
    assert acts["_row"].tolist() == [4, 6]
    assert acts["activity"].iloc[0] == "diesel"


def test_vietnamese_decimal_comma(tmp_path):
    path = make(tmp_path, {"stationary": [{"activity": "FO", "quantity": "98.300", "unit": "lít", "year": 2025},
                                          {"activity": "FO", "quantity": "0,5", "unit": "t", "year": 2025}]},
                facility={"name": "X", "decimal_separator": ","})
    assert read_workbook(path).activities["quantity"].tolist() == [98300, 0.5]


def test_ambiguous_number_is_flagged(tmp_path):
    err = problem(tmp_path, {"stationary": [{"activity": "FO", "quantity": "1.234", "unit": "t", "year": 2025}]},
                  facility={"name": "X", "decimal_separator": "auto"})
    p = err.first
    assert (p.sheet, p.row, p.column) == ("stationary", 4, "quantity")
    assert "could be" in p.message


def test_text_in_a_number_cell(tmp_path):
    err = problem(tmp_path, {"electricity": [{"activity": "điện", "quantity": "nhiều", "unit": "kWh", "year": 2025}]})
    assert (err.first.sheet, err.first.row, err.first.column) == ("electricity", 4, "quantity")


def test_unknown_fuel_names_sheet_row_column_and_suggests(tmp_path):
    err = problem(tmp_path, {"stationary": [{"activity": "dieselx", "quantity": 1, "unit": "t", "year": 2025}]})
    assert "sheet 'stationary', row 4, column 'activity'" in str(err)
    assert "gas_diesel_oil" in str(err)


def test_unit_that_does_not_fit(tmp_path):
    err = problem(tmp_path, {"electricity": [{"activity": "điện", "quantity": 5, "unit": "lít", "year": 2025}]})
    assert "sheet 'electricity', row 4, column 'unit'" in str(err)


def test_formula_without_cached_value(tmp_path):
    path = make(tmp_path, {"stationary": [{"activity": "FO", "quantity": "=2*3", "unit": "t", "year": 2025}]})
    with pytest.raises(InputError) as e:
        read_workbook(path)
    assert "never opened" in str(e.value) and e.value.first.row == 4


def test_missing_required_sheet_and_column(tmp_path):
    path = make(tmp_path, {"stationary": [{"activity": "FO", "quantity": 1, "unit": "t", "year": 2025}]})
    wb = openpyxl.load_workbook(path)
    wb["stationary"].cell(2, 3).value = "something else"  # the unit header
    wb.save(path)
    with pytest.raises(InputError) as e:
        read_workbook(path)
    assert e.value.first.column == "unit" and "missing" in e.value.first.message
    del wb["facility"]
    wb.save(path)
    with pytest.raises(InputError, match="sheet 'facility'"):
        read_workbook(path)


def test_duplicate_facility(tmp_path):
    path = make(tmp_path, {"stationary": [{"activity": "FO", "quantity": 1, "unit": "t", "year": 2025}]})
    wb = openpyxl.load_workbook(path)
    ws = wb["facility"]
    ws.append(["Facility name / Tên cơ sở", "name", "Another plant"])
    wb.save(path)
    with pytest.raises(InputError, match="two facilities"):
        read_workbook(path)


def test_input_file_is_not_modified(tmp_path):
    path = make(tmp_path, {"stationary": [{"activity": "FO", "quantity": 1, "unit": "t", "year": 2025}]})
    before = path.read_bytes()
    from ghgcalc.report import build_inventory

    build_inventory(path, as_of=dt.date(2026, 11, 23))
    assert path.read_bytes() == before


names = st.sampled_from(["diesel", "FO", "LPG", "trấu", "than cám", "natural_gas"])
units = st.sampled_from(["t", "kg", "GJ"])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(names, st.floats(min_value=0, max_value=1e6, allow_nan=False), units,
                          st.integers(2014, 2026), st.text(string.ascii_letters + " ", max_size=12)),
                min_size=1, max_size=8))
def test_round_trip_template_fill_read(tmp_path, recs):
    rows = [{"activity": a, "quantity": q, "unit": u, "year": y, "description": d} for a, q, u, y, d in recs]
    path = make(tmp_path, {"stationary": rows})
    acts = read_workbook(path).activities
    assert acts["activity"].tolist() == [a for a, *_ in recs]
    assert acts["quantity"].astype(float).tolist() == pytest.approx([q for _, q, *_ in recs])
    assert acts["unit"].tolist() == [u for _, _, u, *_ in recs]
    assert acts["year"].astype(int).tolist() == [y for *_, y, _ in recs]
    direct = ghgcalc.calculate(pd.DataFrame(rows), default_sector="manufacturing_construction")
    via = ghgcalc.calculate(acts, default_sector="manufacturing_construction")
    assert via["co2e_t"].tolist() == pytest.approx(direct["co2e_t"].tolist())


def test_json_and_csv_inputs(tmp_path):
    doc = {"facility": {"name": "J"}, "activities": [{"activity": "diesel", "quantity": 1, "unit": "t",
                                                      "year": 2025}]}
    p = tmp_path / "f.json"
    p.write_text(json.dumps(doc), encoding="utf-8")
    data = read_input(p)
    assert data.facility["name"] == "J" and len(data.activities) == 1
    bad = tmp_path / "bad.json"
    bad.write_text('{"facility": {"name": "J"}, "activities": [{"activity": "x"}]}', encoding="utf-8")
    with pytest.raises(InputError) as e:
        read_input(bad)
    assert e.value.first.row == 1
    csv = tmp_path / "acts.csv"
    csv.write_text("activity,quantity,unit,year\ndiesel,2,t,2025\n", encoding="utf-8")
    assert read_input(csv).activities["_row"].tolist() == [2]
    assert "activities" in json_schema()["properties"]


def test_parse_number_cases():
    assert parse_number("1.234.567") == 1234567
    assert parse_number("1,234,567") == 1234567
    assert parse_number("3,14") == 3.14
    assert parse_number("98.300", ",") == 98300
    with pytest.raises(AmbiguousNumber, match="grouping suggests 98300"):  # issue 14: never silently 98.3
        parse_number("98.300", ".")
    assert parse_number("98.300", ".", grouping_ok=True) == 98.3
    with pytest.raises(AmbiguousNumber):
        parse_number("1,234")


def test_refrigerant_screening_when_top_ups_are_unknown(tmp_path):
    from ghgcalc.report import build_inventory

    path = make(tmp_path, {"refrigerants": [
        {"activity": "R-404A", "unit": "kg", "year": 2025, "charge_kg": 200, "equipment_type": "chillers"}]})
    inv = build_inventory(path, as_of=dt.date(2026, 11, 23))
    row = inv.results.iloc[0]
    # 200 kg x 0.15/yr (IPCC 2006 Vol. 3 Table 7.9, chillers, upper end) = 30 kg of R-404A
    assert row["quantity"] == pytest.approx(30.0)
    assert "Table 7.9" in row["description"]


def test_wastewater_amounts_with_their_unit_in_the_cell(tmp_path):
    # '2.000 mg/L' read with the sheet's Vietnamese separator: COD 2 kg/m3; '5 t' of COD removed as sludge:
    # (10,000 m3 x 2 kg/m3 - 5,000 kg) x Bo 0.25 x MCF 0.8 (Decision 2626 App. IV 4.6, 4.9) = 3,000 kg CH4
    rows = {"wastewater": [{"activity": "industrial_wastewater", "quantity": 10_000, "unit": "m3", "year": 2025,
                            "cod": "2.000 mg/L", "treatment": "anaerobic_deep_lagoon", "sludge_removed": "5 t"}]}
    data = read_workbook(make(tmp_path, rows, facility={"name": "Test plant", "decimal_separator": ","}))
    r = ghgcalc.calculate(data.activities).iloc[0]
    assert r["ch4_t"] == pytest.approx(3.0)
    rows["wastewater"][0] |= {"cod_unit": "g/L"}
    e = problem(tmp_path, rows, facility={"name": "Test plant", "decimal_separator": ","}, name="g.xlsx")
    assert e.problems[0].sheet == "wastewater" and e.problems[0].column == "cod_unit"


def test_coal_mining_sheet(tmp_path):
    # Circular 38 App. II table 3: 200,000 t mined underground x 1.5789 m3/t (Decision 2626 App. I 2.1)
    # x 0.67 kg/m3 = 211.5726 t CH4
    rows = {"mining": [{"activity": "underground_coal_mining", "quantity": 200_000, "unit": "t", "year": 2025,
                        "site": "Quảng Ninh, lò chợ"}]}
    r = ghgcalc.calculate(read_workbook(make(tmp_path, rows)).activities).iloc[0]
    assert r["ch4_t"] == pytest.approx(211.5726) and r["iso_category"] == "1.4"
