"""A host type-checks its code against ghgcalc's public names with ``mypy --strict``."""

import subprocess
import sys
import textwrap

import pytest

GOOD = '''
import datetime as dt

import ghgcalc
from ghgcalc import InputError, Inventory, calculate

hits = ghgcalc.factors.search("diesel")
rows = [{"activity": "DO", "quantity": 1, "unit": "t", "year": 2025}]
inv: Inventory = ghgcalc.Inventory.from_dict({"name": "A"}, rows, as_of=dt.date(2026, 1, 1))
res = calculate(inv.results, gwp="AR6")
try:
    ghgcalc.calculate(res, gwp="AR5")
except InputError as e:
    codes: list[str] = [p.code for p in e.problems]
status: str = ghgcalc.applicability({"name": "A", "facility_type": "industrial"}).status
'''

BAD = '''
import ghgcalc

ghgcalc.calculate(ghgcalc.Inventory.from_dict({"name": "A"}, []).results, gwp="AR7")
'''


@pytest.mark.slow
def test_public_names_pass_mypy_strict_and_gwp_is_a_literal(tmp_path):
    (tmp_path / "good.py").write_text(textwrap.dedent(GOOD), encoding="utf-8")
    (tmp_path / "bad.py").write_text(textwrap.dedent(BAD), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--ignore-missing-imports", "--no-error-summary",
                          "--cache-dir", str(tmp_path / "cache"), "good.py", "bad.py"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=300)
    errors = [ln for ln in run.stdout.splitlines() if ": error:" in ln]
    # the only error is the GWP set that does not exist (gwp is a Literal, not any str)
    assert len(errors) == 1 and errors[0].startswith("bad.py:4:") and "'AR7'" in errors[0], run.stdout
