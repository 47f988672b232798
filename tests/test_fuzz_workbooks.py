"""Seeded fuzz: mutated workbooks give a report or a ghgcalc error, never a traceback or a NaN.

``GHGCALC_FUZZ_N`` sets the number of workbooks (default 200); ``GHGCALC_FUZZ_SEED`` the seed.
Each run asserts: exit status 0, 1 or 2 only; no traceback; no NaN or Infinity in the JSON
report; the input workbook unchanged.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random

import openpyxl
import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from ghgcalc.io.schema import FACILITY_FIELDS, SHEETS
from ghgcalc.io.workbook import write_template

N = int(os.environ.get("GHGCALC_FUZZ_N", "200"))
SEED = int(os.environ.get("GHGCALC_FUZZ_SEED", "14"))
KEYS = {s.key: [c.key for c in s.columns] for s in SHEETS}
FAC_ROW = {c.key: 3 + i for i, c in enumerate(FACILITY_FIELDS)}
BASE = {
    "stationary": [{"activity": "FO", "quantity": 1000, "unit": "L", "year": 2025},
                   {"activity": "than cám", "quantity": 12.5, "unit": "t", "year": 2025}],
    "mobile": [{"activity": "DO", "quantity": 500, "unit": "L", "year": 2025}],
    "electricity": [{"activity": "điện lưới", "quantity": 100, "unit": "MWh", "year": 2025}],
    "refrigerants": [{"activity": "R-410A", "quantity": 3, "unit": "kg", "year": 2025}],
}
#: Values people (and broken exports) put in cells.
NASTY = ["1.200,5", "120.000", "9,000", "1,234", "mt", "MT", "ton", "-1 t", "nan kg", "1e309", "inf", "-5",
         "9" * 400, "TRUE", True, False, 0, -0.0, 1e308, 10 ** 30, "", " ", "abc", "=1+1", "<script>x</script>",
         dt.datetime(2025, 1, 1), dt.date(1900, 1, 1), "2025-13-01", "ﬁ", "Litre", "người", "dầu FO", "banana",
         "7.9", "freight transport", "Công nghiệp", "kg " * 300, "R-999", "diesel", 2024, 1899, 2101, 2025.5,
         "thermal_power", "yes", "không", ",", ".", "auto", "AR9", "AR6"]


def _base_workbook(path):
    write_template(path, "en")
    wb = openpyxl.load_workbook(path)
    for k, v in {"name": "Fuzz plant", "facility_type": "industrial", "reporting_years": "2025"}.items():
        wb["facility"].cell(FAC_ROW[k], 3, v)
    for sheet, recs in BASE.items():
        for i, rec in enumerate(recs, start=4):
            for k, v in rec.items():
                wb[sheet].cell(i, KEYS[sheet].index(k) + 1, v)
    return wb


def _mutate(wb, rng: random.Random) -> None:
    for _ in range(rng.randint(1, 4)):
        if rng.random() < 0.25:
            key = rng.choice(list(FAC_ROW))
            wb["facility"].cell(FAC_ROW[key], 3, rng.choice(NASTY))
            continue
        sheet = rng.choice(list(BASE))
        row = rng.randint(4, 4 + len(BASE[sheet]))
        col = rng.randint(1, min(len(KEYS[sheet]), 8))
        wb[sheet].cell(row, col, rng.choice(NASTY))


def _no_constant(name: str) -> float:
    raise AssertionError(f"{name} in a JSON report")


@pytest.mark.slow
def test_mutated_workbooks_never_crash(tmp_path):
    rng = random.Random(SEED)
    template = tmp_path / "base.xlsx"
    _base_workbook(template).save(template)
    runner = CliRunner()
    seen = {0: 0, 1: 0, 2: 0}
    for i in range(N):
        wb = openpyxl.load_workbook(template)
        _mutate(wb, rng)
        path = tmp_path / f"w{i}.xlsx"
        try:
            wb.save(path)
        except Exception:  # openpyxl itself refuses some values: not an input we can be given
            continue
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        out = tmp_path / f"w{i}.json"
        res = runner.invoke(main, ["report", str(path), "-o", str(out), "--as-of", "2026-11-23"])
        assert res.exit_code in (0, 1, 2), (i, res.exit_code, res.output)
        assert "Traceback" not in res.output and "please report" not in res.output, (i, res.output)
        if res.exit_code == 0:
            json.loads(out.read_text(encoding="utf-8"), parse_constant=_no_constant)
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before
        seen[res.exit_code] += 1
        path.unlink()
    assert seen[0] and seen[1]  # the mutations reach both outcomes
