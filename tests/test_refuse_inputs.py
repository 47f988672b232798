"""Refuse instead of guessing, in files: separators, facility fields, unknown JSON keys, sheets and years."""

import datetime as dt
import json
import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from ghgcalc import InputError
from ghgcalc.cli import main
from ghgcalc.io.inputs import read_input
from ghgcalc.io.schema import FACILITY_FIELDS, SHEETS
from ghgcalc.io.workbook import write_template
from ghgcalc.report import build_inventory

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
KEYS = {s.key: [c.key for c in s.columns] for s in SHEETS}
FAC_ROW = {c.key: 3 + i for i, c in enumerate(FACILITY_FIELDS)}


def make(tmp_path, rows, facility, name="f.xlsx"):
    path = tmp_path / name
    write_template(path, "en")
    wb = openpyxl.load_workbook(path)
    for k, v in facility.items():
        wb["facility"].cell(FAC_ROW[k], 3, v)
    for sheet, recs in rows.items():
        for i, rec in enumerate(recs, start=4):
            for k, v in rec.items():
                wb[sheet].cell(i, KEYS[sheet].index(k) + 1, v)
    wb.save(path)
    return path


def problems_of(path):
    with pytest.raises(InputError) as e:
        read_input(path)
    return {(p.sheet, p.row, p.column): p for p in e.value.problems}


FO = {"activity": "FO", "unit": "L", "year": 2025}


def test_a_number_valid_only_in_the_other_convention_is_refused_naming_the_cell(tmp_path):
    path = make(tmp_path, {"stationary": [{**FO, "quantity": "1.200,5"}, {**FO, "quantity": "120.000"}]},
                {"name": "X", "decimal_separator": "."})
    got = problems_of(path)
    assert got[("stationary", 4, "quantity")].code == "ambiguous_number"  # was read as 1.2005
    assert got[("stationary", 5, "quantity")].code == "ambiguous_number"  # was read as 120
    path = make(tmp_path, {"stationary": [{**FO, "quantity": "9,000"}]}, {"name": "X", "decimal_separator": ","},
                name="g.xlsx")
    assert "9000" in problems_of(path)[("stationary", 4, "quantity")].message  # was 9 L: a truck row vanished


def test_opting_in_reads_by_the_separator_and_lists_each_read(tmp_path):
    path = make(tmp_path, {"stationary": [{**FO, "quantity": "9,000"}]},
                {"name": "X", "decimal_separator": ",", "trust_decimal_separator": "có"})
    data = read_input(path)
    assert data.activities["quantity"].tolist() == [9.0]
    assert any("'9,000' read as 9" in n for n in data.notes)


def test_facility_type_accepts_labels_and_spellings_and_refuses_the_rest(tmp_path):
    row = {"stationary": [{**FO, "quantity": 100}]}
    for typed, expected in (("freight transport", "freight_transport"), ("Công nghiệp", "industrial"),
                            ("THERMAL_POWER", "thermal_power"), ("Tòa nhà thương mại", "commercial_building")):
        data = read_input(make(tmp_path, row, {"name": "X", "facility_type": typed}))
        assert data.facility["facility_type"] == expected
    got = problems_of(make(tmp_path, row, {"name": "X", "facility_type": "banana"}))
    p = next(p for k, p in got.items() if k[2] == "facility_type")
    assert p.code == "unknown_value" and "freight_transport" in p.accepted


def test_freight_example_keeps_its_verdict_with_a_spelled_type(tmp_path):
    wb = openpyxl.load_workbook(EXAMPLES / "freight_company.xlsx")
    ws = wb["facility"]
    for row in ws.iter_rows():
        for c in row:
            if c.value == "freight_transport":
                c.value = "freight transport"
    wb.save(tmp_path / "freight.xlsx")
    a = build_inventory(tmp_path / "freight.xlsx", as_of=dt.date(2026, 11, 23))
    b = build_inventory(EXAMPLES / "freight_company.xlsx", as_of=dt.date(2026, 11, 23))
    assert a.applicability.status == b.applicability.status != "not_covered"


def test_a_date_or_a_yes_in_a_facility_number_field_is_refused(tmp_path):
    row = {"stationary": [{**FO, "quantity": 100}]}
    got = problems_of(make(tmp_path, row, {"name": "X", "waste_capacity_t_per_year": dt.datetime(2025, 1, 1)}))
    assert next(p for k, p in got.items() if k[2] == "waste_capacity_t_per_year").code == "date"


def test_blank_year_true_in_a_quantity_and_coal_on_the_electricity_sheet(tmp_path):
    path = make(tmp_path, {"stationary": [{**FO, "quantity": 100}, {"activity": "FO", "unit": "L", "quantity": 5},
                                          {**FO, "quantity": True}],
                           "electricity": [{"activity": "than cám", "quantity": 10, "unit": "t", "year": 2025}]},
                {"name": "X"})
    got = problems_of(path)
    assert got[("stationary", 5, "year")].code == "missing"
    assert got[("stationary", 6, "quantity")].code == "boolean"
    assert got[("electricity", 4, "activity")].code == "wrong_sheet"


def test_rows_outside_the_reporting_years_are_warned(tmp_path):
    path = make(tmp_path, {"stationary": [{**FO, "quantity": 100}, {**FO, "quantity": 90, "year": 2019}]},
                {"name": "X", "reporting_years": "2025"})
    inv = build_inventory(path, as_of=dt.date(2026, 11, 23))
    assert any("2019, outside the reporting years 2025" in w for w in inv.results.attrs["warnings"])


def test_control_characters_are_removed_on_input(tmp_path):
    path = tmp_path / "a.csv"  # openpyxl cannot even write them; a CSV or JSON carries them
    path.write_text("activity,quantity,unit,year,description\nFO,100,L,2025,boiler\x01 \x1b[31mred\n",
                    encoding="utf-8")
    data = read_input(path)
    assert data.activities["description"].tolist() == ["boiler [31mred"]
    assert any("control characters" in n for n in data.notes)


def test_json_unknown_keys_are_refused_with_the_closest(tmp_path):
    doc = {"facility": {"name": "X", "reporting_year": 2025},
           "activities": [{"activity": "DO", "quantity": 100, "unit": "L", "year": 2025, "secter": "road_transport"}]}
    path = tmp_path / "x.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    got = problems_of(path)
    assert got[(None, "-", "facility.reporting_year")].accepted == "reporting_years"
    assert got[(None, 1, "secter")].accepted == "sector"
    assert all(p.code == "unknown_key" for p in got.values())


def test_check_names_the_file_refuses_an_empty_name_and_reads_spelled_types(tmp_path):
    table = tmp_path / "screen.csv"
    table.write_text("name,facility_type,annual_emissions_tco2e\nA,Công nghiệp,3500\n,industrial,10\n"
                     "C,banana,5\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["check", str(table), "--as-of", "2026-11-23"])
    assert res.exit_code == 1
    lines = [ln for ln in res.output.splitlines() if ln.strip().startswith("- ")]
    assert len(lines) == 2 and all("screen.csv" in ln for ln in lines)
    assert "name" in lines[0] and "banana" in lines[1] and "pydantic" not in res.output


def test_a_hand_filled_workbook_lists_every_mistake_in_one_pass_in_either_language(tmp_path):
    """A facility officer's slips in the garment example: all listed at once, with their cells, no English in vi."""
    import re
    import unicodedata

    wb = openpyxl.load_workbook(EXAMPLES / "hai_phong_garment.xlsx")
    for row in wb["facility"].iter_rows(min_row=3):
        if row[1].value == "facility_type":  # decomposed accents, other capitals: still the industrial type
            row[2].value = unicodedata.normalize("NFD", "Cơ Sở Sản Xuất Công nghiệp")
        if row[1].value == "decimal_separator":
            row[2].value = None
    st = wb["stationary"]
    st["C4"], st["B6"], st["D7"], st["B8"] = "lítt", "19.500", None, "khoảng 17"
    st["A9"], st["C9"] = "dầu DO", "mt"
    wb["electricity"]["B5"] = "2.650,5"  # a decimal comma: only one reading without a stated separator
    wb.save(tmp_path / "g.xlsx")
    cells = {("stationary", 4, "quantity"), ("stationary", 4, "unit"), ("stationary", 6, "quantity"),
             ("stationary", 7, "year"), ("stationary", 8, "quantity"), ("stationary", 9, "unit")}
    english = re.compile(r"\b(the|of|and|not|is|could|or|set|write|unknown|unit|missing|text|number|where|mean|"
                         r"did|you|one|ambiguous|read|people|row|column|file)\b", re.IGNORECASE)
    for lang, row_word, col_word in (("en", "row", "column"), ("vi", "dòng", "cột")):
        res = CliRunner().invoke(main, ["report", str(tmp_path / "g.xlsx"), "--lang", lang,
                                        "--as-of", "2026-11-23"])
        assert res.exit_code == 1 and "Traceback" not in res.output
        lines = [ln for ln in res.output.splitlines() if ln.strip().startswith("- ")]
        found = {(m[1], int(m[2]), m[3]) for ln in lines
                 for m in [re.search(rf"sheet '(\w+)', {row_word} (\d+), {col_word} '(\w+)'", ln)] if m}
        assert found == cells and len(lines) == len(cells) and all("g.xlsx" in ln for ln in lines), res.output
        if lang == "vi":
            for ln in lines:  # quoted column ids and the cells' own text stay as written
                assert not english.search(re.sub(r"'[^']*'|\(decimal_separator\)", "", ln)), ln
            assert "có phải là L?" in res.output and "Mt (triệu tấn)" in res.output
    for cell, value in (("B4", 21000), ("C4", "lít"), ("B6", 19500), ("D7", 2025), ("B8", 17), ("C9", "t")):
        st[cell] = value
    wb.save(tmp_path / "g.xlsx")
    data = read_input(tmp_path / "g.xlsx")
    assert data.facility["facility_type"] == "industrial"
    assert 2650.5 in data.activities["quantity"].tolist()


def test_check_refuses_infinite_and_overflowing_emissions_naming_the_cell(tmp_path):
    table = tmp_path / "screen.csv"
    table.write_text("name,facility_type,annual_emissions_tco2e\nA,industrial,inf\nB,industrial,1e400\n"
                     "C,industrial,3500\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["check", str(table), "--as-of", "2026-11-23", "-o", str(tmp_path / "o.csv")])
    assert res.exit_code == 1 and not (tmp_path / "o.csv").exists()
    lines = [ln for ln in res.output.splitlines() if ln.strip().startswith("- ")]
    assert [("row 2" in ln, "row 3" in ln, "annual_emissions_tco2e" in ln) for ln in lines] == [
        (True, False, True), (False, True, True)]


def test_facility_fields_and_method_checks_join_the_same_pass(tmp_path):
    """Facility fields named by their row; a sector or a unit the method refuses listed with the reader's."""
    import re

    wb = openpyxl.load_workbook(EXAMPLES / "hai_phong_garment.xlsx")
    rows = {}
    for row in wb["facility"].iter_rows(min_row=3):
        rows[row[1].value] = row[2].row
        if row[1].value == "facility_type":
            row[2].value = "sản xuất"
        if row[1].value == "listed":
            row[2].value = "chắc có"
    st = wb["stationary"]
    st["B4"] = dt.datetime(2025, 1, 2)  # a spreadsheet turned 1/2 into a date
    st["A6"], st["D7"], st["B8"], st["E9"] = "dầu cặn xyz", "năm 2025", "1000 lít", "công nghiệp"
    wb["electricity"]["C5"] = "kW"  # a power, not an energy: the electricity method refuses it
    wb.save(tmp_path / "h.xlsx")
    cells = {("facility", rows["facility_type"], "facility_type"), ("facility", rows["listed"], "listed"),
             ("stationary", 4, "quantity"), ("stationary", 6, "activity"), ("stationary", 7, "year"),
             ("stationary", 8, "quantity"), ("stationary", 9, "sector"), ("electricity", 5, "unit")}
    for lang, row_word, col_word in (("en", "row", "column"), ("vi", "dòng", "cột")):
        res = CliRunner().invoke(main, ["report", str(tmp_path / "h.xlsx"), "--lang", lang, "--as-of", "2026-11-23"])
        lines = [ln for ln in res.output.splitlines() if ln.strip().startswith("- ")]
        found = {(m[1], int(m[2]), m[3]) for ln in lines
                 for m in [re.search(rf"sheet '(\w+)', {row_word} (\d+), {col_word} '(\w+)'", ln)] if m}
        assert res.exit_code == 1 and found == cells and len(lines) == len(cells), res.output
    assert "có phải là residual_fuel_oil?" in res.output and "điện là năng lượng" in res.output
    assert "industrial (Cơ sở sản xuất công nghiệp);" in res.output  # the accepted types, Vietnamese labels only
    assert "Industrial facility" not in res.output
    # what to write instead of 'năm 2025' and '1000 lít' (the unit has its own column)
    assert "'năm 2025' là chữ, ô này cần một số; hãy chỉ ghi số năm, ví dụ 2025" in res.output
    assert "'1000 lít' là chữ, ô này cần một số; hãy chỉ ghi số, còn đơn vị ghi ở cột đơn vị (unit)" in res.output


def test_check_lists_unreadable_numbers_and_refused_fields_in_one_pass(tmp_path):
    table = tmp_path / "screen.csv"
    table.write_text("name,facility_type,annual_emissions_tco2e,listed,DO [t]\n,industrial,10,,\nB,banana,5,chắc,\n"
                     "C,industrial,1.234,có,abc\n", encoding="utf-8")
    expected = [(2, "name"), (3, "facility_type"), (3, "listed"), (4, "annual_emissions_tco2e"), (4, "DO [t]")]
    for lang, row_word, col_word in (("en", "row", "column"), ("vi", "dòng", "cột")):
        res = CliRunner().invoke(main, ["check", str(table), "--lang", lang, "--as-of", "2026-11-23"])
        lines = [ln for ln in res.output.splitlines() if ln.strip().startswith("- ")]
        got = [(int(m[1]), m[2]) for ln in lines for m in [re.search(rf"{row_word} (\d+), {col_word} '([^']+)'", ln)]]
        assert res.exit_code == 1 and got == expected and all("screen.csv" in ln for ln in lines), res.output
    assert "'1.234' có thể là 1234 hoặc 1.234" in res.output and "'abc' không phải là số" in res.output


def test_a_json_input_lists_its_schema_and_calculation_problems_in_one_pass(tmp_path):
    doc = {"facility": {"name": "A", "facility_type": "công nghiệp", "reporting_years": [2025]},
           "activities": [{"activity": "DO", "quantity": 100, "unit": "L"},
                          {"activity": "DO", "quantity": [1], "unit": "L", "year": 2025},
                          {"activity": "than", "quantity": 5, "unit": "mt", "year": 2025, "secter": "x"}]}
    path = tmp_path / "x.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    for lang in ("en", "vi"):
        res = CliRunner().invoke(main, ["report", str(path), "--lang", lang, "--as-of", "2026-11-23"])
        lines = [ln for ln in res.output.splitlines() if ln.strip().startswith("- ")]
        word = "row" if lang == "en" else "dòng"
        got = [m[1] for ln in lines for m in [re.search(rf"{word} (\d+, \w+ '\w+')", ln)] if m]
        assert res.exit_code == 1 and len(got) == len(lines) == 5, res.output
    assert [g.split(",")[0] + g.split("'")[1] for g in got] == ["1year", "2quantity", "3secter", "3activity", "3unit"]
    # a list of years, natural in JSON, is read as the workbook writes it
    doc["activities"] = [{"activity": "DO", "quantity": 100, "unit": "L", "year": 2025}]
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert read_input(path).facility["reporting_years"] == "2025"


def test_check_given_a_facility_workbook_says_to_run_report(tmp_path):
    """A newcomer's `ghgcalc check so_lieu.xlsx` on the template's workbook: not 'header, column name: missing'
    without the file, but what the file is and the command that reads it; a table without 'name' names its file."""
    book = tmp_path / "so_lieu.xlsx"
    write_template(book, lang="vi")
    for lang, said, run in (("vi", "đây là sổ số liệu của một cơ sở", "hãy chạy: 'ghgcalc report so_lieu.xlsx'"),
                            ("en", "a facility workbook", "for this facility run: ghgcalc report so_lieu.xlsx")):
        res = CliRunner().invoke(main, ["check", str(book), "--lang", lang])
        assert res.exit_code == 1 and said in res.output and run in res.output, res.output
        assert "tệp so_lieu.xlsx" in res.output if lang == "vi" else "file so_lieu.xlsx" in res.output
        assert "Traceback" not in res.output
    table = tmp_path / "screen.csv"
    table.write_text("facility,facility_type\nA,industrial\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["check", str(table), "--lang", "vi"])
    assert res.exit_code == 1 and "tệp screen.csv, dòng header, cột 'name': thiếu cột bắt buộc" in res.output, \
        res.output


def test_a_number_against_the_declared_separator_is_told_the_separator_declared(tmp_path):
    """The template declares ',' (vi) or '.' (en): '2025.0' or '1.234,5' written the other way is refused with the
    separator the facility sheet gives, not told to 'set the decimal separator' that is already set."""
    for lang, cell, said in (("vi", ("D", "2025.0"), "sheet thông tin cơ sở ghi dấu thập phân là ','"),
                             ("en", ("B", "1.234,5"), "the facility sheet gives '.' as the decimal separator")):
        book = tmp_path / f"{lang}.xlsx"
        write_template(book, lang=lang)
        wb = openpyxl.load_workbook(book)
        ws = wb["stationary"]
        ws.append(["DO", 1000, "L", 2025])
        ws[f"{cell[0]}{ws.max_row}"] = cell[1]
        wb.save(book)
        res = CliRunner().invoke(main, ["report", str(book), "--lang", lang])
        line = next(ln for ln in res.output.splitlines() if f"'{cell[1]}'" in ln)
        row = f"{'dòng' if lang == 'vi' else 'row'} {ws.max_row}, "
        assert res.exit_code == 1 and said in line and row in line and "'stationary'" in line, res.output
        assert "hãy ghi dấu thập phân (decimal_separator)" not in line and "set the decimal separator" not in line


def test_a_row_on_the_wrong_sheet_is_told_which_sheet_it_belongs_on(tmp_path):
    """'điện lưới' typed on the fuels sheet, diesel on the electricity sheet: the message names the sheet to move
    the row to (a fuel has two: stationary or mobile combustion), in either language."""
    book = tmp_path / "so_lieu.xlsx"
    write_template(book, lang="vi")
    wb = openpyxl.load_workbook(book)
    wb["stationary"].append(["điện lưới", 800, "MWh", 2025])
    wb["electricity"].append(["DO", 1000, "L", 2025])
    wb.save(book)
    vi = CliRunner().invoke(main, ["report", str(book), "--lang", "vi"]).output
    en = CliRunner().invoke(main, ["report", str(book), "--lang", "en"]).output
    assert "sheet 'stationary', dòng 4, cột 'activity': 'điện lưới' không thuộc sheet này; hãy chuyển dòng sang " \
           "sheet 'electricity'" in vi
    assert "sheet 'electricity', dòng 4, cột 'activity': 'DO' không thuộc sheet này; hãy chuyển dòng sang sheet " \
           "'stationary' / 'mobile'" in vi
    assert "'điện lưới' (electricity) cannot be on this sheet; move the row to sheet 'electricity'" in en


def test_an_old_xls_file_is_refused_in_vietnamese_with_what_to_do(tmp_path):
    """A workbook saved as .xls (Excel 97-2003): 'report' and 'check' both say, in Vietnamese under --lang vi, that
    the type is not read and to save it as .xlsx; before, 'unsupported input type' passed as Vietnamese."""
    old = tmp_path / "so_lieu.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)  # an OLE2 header, as Excel 97-2003 writes
    for command in ("report", "check"):
        vi = CliRunner().invoke(main, [command, str(old), "--lang", "vi"])
        assert vi.exit_code == 1, vi.output
        assert "tệp so_lieu.xls: không đọc được loại tệp '.xls'" in vi.output
        assert "mở bằng Excel rồi lưu thành .xlsx" in vi.output and "unsupported" not in vi.output
        en = CliRunner().invoke(main, [command, str(old), "--lang", "en"])
        assert en.exit_code == 1 and "open it and save it as .xlsx" in en.output


def test_litres_of_electricity_say_what_unit_to_use_without_internal_units():
    """Litres of electricity: the message names the unit given and the units to use, not the TJ the engine
    converts to nor pint's dimension formulas; in Vietnamese with no English left."""
    import pandas as pd

    import ghgcalc
    from ghgcalc.errors import InputError, vietnamese
    from ghgcalc.l10n import translate

    with pytest.raises(InputError) as err:
        ghgcalc.calculate(pd.DataFrame({"activity": ["grid_electricity"], "quantity": [100.0], "unit": ["L"],
                                        "year": [2025]}))
    (problem,) = err.value.problems
    assert problem.column == "unit"
    assert problem.message == "'L' is not an energy unit; electricity is an energy (kWh, MWh, GWh)"
    vi = translate(problem.message, "vi")
    assert vi == "'L' không phải là đơn vị năng lượng; điện là năng lượng, ghi theo kWh, MWh, GWh"
    assert vietnamese(problem.message) is not None
