"""Whole inventories against hand calculations written in tests/cases/inventory_*.yaml."""

from pathlib import Path

import pandas as pd
import pytest
import yaml

import ghgcalc

CASES = sorted((Path(__file__).parent / "cases").glob("inventory_*.yaml"))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_inventory_case(path):
    case = yaml.safe_load(path.read_text("utf-8"))
    r = ghgcalc.calculate(pd.DataFrame(case["activities"]), gwp=case["gwp"])
    exp = case["expected"]
    assert r.loc[r["ghgp_scope"] == "1", "co2_t"].sum() == pytest.approx(exp["scope1_co2_t"], rel=1e-9)
    assert r.loc[r["ghgp_scope"] == "2", "co2e_t"].sum() == pytest.approx(exp["scope2_t"], rel=1e-9)
    assert r["hfcs_co2e_t"].sum() == pytest.approx(exp["hfcs_co2e_t"], rel=1e-9)
    assert r["biogenic_co2_t"].sum() == pytest.approx(exp["biogenic_co2_t"], rel=1e-9)
    assert r["co2e_t"].sum() == pytest.approx(exp["co2e_t"], rel=1e-9)
