"""Embedding: ghgcalc leaves its host process alone, and its errors are data a program can use."""

import json
import os
import threading
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import ghgcalc
from ghgcalc import data
from ghgcalc.cli import EXIT_BUG, main
from ghgcalc.errors import InputError, Problem

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
GRID_2024 = [{"activity": "grid_electricity", "quantity": 1, "unit": "MWh", "year": 2024}]


def test_problems_are_json_with_a_stable_code():
    err = InputError([Problem(np.int64(7), "quantity", "quantity is missing", file="a.xlsx", sheet="stationary",
                              code="missing", value=np.float64("nan"))])
    doc = json.loads(json.dumps(err.to_dict()))
    assert doc["code"] == "input"
    assert doc["problems"] == [{"code": "missing", "file": "a.xlsx", "sheet": "stationary", "row": 7,
                                "column": "quantity", "value": "nan", "accepted": None,
                                "message": "quantity is missing"}]
    assert type(err.first.row) is int


def test_engine_problems_from_a_frame_serialise():
    with pytest.raises(InputError) as e:
        ghgcalc.calculate(pd.DataFrame({"activity": ["diesel"], "quantity": [1], "unit": ["parsec"]},
                                       index=pd.Index([np.int64(3)])))
    json.dumps(e.value.to_dict())


def test_engine_warnings_are_collected_not_emitted_from_threads():
    results: list[list[str]] = []

    def one() -> None:
        results.append(ghgcalc.calculate(pd.DataFrame(GRID_2024)).attrs["warnings"])

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an emitted warning would raise in the thread and lose its result
        threads = [threading.Thread(target=one) for _ in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert len(results) == 16
    assert all(any("no grid factor announced for 2024" in w for w in r) for r in results)


def test_cached_tables_are_handed_out_as_copies():
    assert data.load_factor_table() is not data.load_factor_table()
    sources = data.load_sources()
    sources["ipcc2006_v2"] = {"title": "changed", "tier": "facility"}
    next(iter(sources.values()))["tier"] = "facility"
    assert data.load_sources() != sources
    cat = ghgcalc.activities.catalogue()
    cat.loc[cat["activity"] == "gas_diesel_oil", "family"] = "electricity"
    r = ghgcalc.calculate(pd.DataFrame([{"activity": "diesel", "quantity": 10, "unit": "t",
                                         "sector": "manufacturing_construction"}]))
    # 10 t x 43.0 TJ/Gg x 74,100 kg CO2/TJ (IPCC 2006 Vol. 2 Tables 1.2, 1.4)
    assert r["co2_t"].iloc[0] == pytest.approx(10 * 43.0e-3 * 74.1)


def test_outputs_honour_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        res = CliRunner().invoke(main, ["report", str(EXAMPLES / "brick_kiln.xlsx"), "-o", str(tmp_path / "r.json"),
                                        "--as-of", "2026-11-23"])
    finally:
        os.umask(old)
    assert res.exit_code == 0, res.output
    assert (tmp_path / "r.json").stat().st_mode & 0o777 == 0o644


def test_user_factor_rows_default_to_region_vn():
    frame = data.user_factor_rows([{"factor_id": "own_co2", "activity": "gas_diesel_oil", "gas": "CO2",
                                    "value": "3.1", "unit": "t CO2/t", "kind": "ef", "source_id": "lab_2025",
                                    "valid_from": "2025-01-01"}])
    assert frame["region"].tolist() == ["VN"]


def test_a_bug_is_exit_70_please_report_and_a_traceback_only_with_debug(monkeypatch):
    import ghgcalc.report

    def broken(*args, **kwargs):
        raise ValueError("an internal mistake")

    monkeypatch.setattr(ghgcalc.report, "build_inventory", broken)
    res = CliRunner().invoke(main, ["report", str(EXAMPLES / "brick_kiln.xlsx")])
    assert res.exit_code == EXIT_BUG == 70
    assert "please report" in res.output and "Traceback" not in res.output
    res = CliRunner().invoke(main, ["report", str(EXAMPLES / "brick_kiln.xlsx"), "--debug"])
    assert res.exit_code == 70 and "Traceback" in res.output


def test_user_errors_in_vietnamese(tmp_path):
    bad = tmp_path / "a.csv"
    bad.write_text("activity,quantity,unit\ndiesel,1,parsec\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["report", str(bad), "--lang", "vi"])
    assert res.exit_code == 1
    assert "lỗi trong dữ liệu vào" in res.output and "đơn vị" in res.output and "dòng 2" in res.output


def test_pint_application_registry_is_the_hosts():
    import pint

    before = pint.get_application_registry()
    ghgcalc.calculate(pd.DataFrame([{"activity": "diesel", "quantity": 1, "unit": "t",
                                     "sector": "manufacturing_construction"}]))
    assert pint.get_application_registry() is before
    assert pint.get_application_registry().get() is not ghgcalc.units.registry()


def test_in_memory_entry_points_check_as_files_do():
    import datetime as dt

    rows = [{"activity": "DO", "quantity": 10, "unit": "t", "year": 2025, "sector": "manufacturing_construction"}]
    inv = ghgcalc.Inventory.from_dict({"name": "A", "facility_type": "freight transport"}, rows,
                                      as_of=dt.date(2026, 11, 23))
    same = ghgcalc.Inventory.from_frames({"name": "A", "facility_type": "freight_transport"}, pd.DataFrame(rows),
                                         as_of=dt.date(2026, 11, 23))
    assert inv.facility["facility_type"] == "freight_transport"
    # 10 t x 43.0 TJ/Gg x 74,100 kg CO2/TJ (IPCC 2006 Vol. 2 Tables 1.2, 1.4)
    assert inv.results["co2_t"].iloc[0] == pytest.approx(10 * 43.0e-3 * 74.1)
    assert same.results["co2e_t"].tolist() == pytest.approx(inv.results["co2e_t"].tolist())
    with pytest.raises(InputError) as e:
        ghgcalc.Inventory.from_dict({"name": "A", "reporting_year": 2025}, [{**rows[0], "secter": "road_transport"}])
    assert {p.code for p in e.value.problems} == {"unknown_key"}
    json.dumps(e.value.to_dict())


def test_template_dropdowns_offer_the_aliases_people_type_and_warn_otherwise(tmp_path):
    import openpyxl

    from ghgcalc.io.workbook import write_template

    wb = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx", "vi"))
    listed = {c.value for c in wb["lists"]["A"]}
    assert {"FO", "DO", "điện lưới", "than cám", "gas_diesel_oil"} <= listed
    assert all(dv.errorStyle == "warning" for dv in wb["stationary"].data_validations.dataValidation)
    fac = wb["facility"].data_validations.dataValidation
    assert fac and all(dv.errorStyle == "warning" for dv in fac)  # facility_type, sector_group … offered


def test_readme_documents_every_problem_code_error_class_and_exit_status():
    import re

    from ghgcalc import errors

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Errors, warnings and embedding"):readme.index("\n## ", readme.index(
        "### Errors, warnings and embedding"))]
    classes = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, errors.GhgcalcError)]
    codes = {*errors.CODES_VI, *(c.code for c in classes if c is not errors.GhgcalcError)}
    assert not [c for c in codes if f"`{c}`" not in section]
    for status in ("`0`", "`1`", "`2`", "`70`"):
        assert status in section
    assert re.search(r"thread", section) and "warnings" in section


def test_library_code_sets_no_warnings_filters():
    """warnings.catch_warnings and filters are process-wide (not thread-safe): the engine collects instead."""
    root = Path(ghgcalc.__file__).parent
    offenders = [str(p.relative_to(root)) for p in root.rglob("*.py")
                 if any(w in p.read_text(encoding="utf-8") for w in ("catch_warnings", "simplefilter(",
                                                                     "filterwarnings("))]
    assert offenders == []


def test_missing_files_sheets_and_columns_carry_their_codes(tmp_path):
    import openpyxl

    from ghgcalc.io.inputs import read_input

    for name in ("nope.csv", "nope.json", "nope.xlsx"):
        with pytest.raises(InputError) as e:
            read_input(tmp_path / name)
        assert e.value.first.code == "not_found"
    wb = openpyxl.Workbook()
    wb.active.title = "other"
    wb.save(tmp_path / "no_facility.xlsx")
    with pytest.raises(InputError) as e:
        read_input(tmp_path / "no_facility.xlsx")
    assert e.value.first.code == "missing_sheet"
    with pytest.raises(InputError) as e:
        ghgcalc.calculate(pd.DataFrame({"activity": ["diesel"], "quantity": [1]}))
    assert e.value.first.code == "missing_column" and e.value.first.column == "unit"
