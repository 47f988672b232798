"""Hypothesis properties of calculate()."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ghgcalc
from ghgcalc import GhgcalcError

ROWS = [
    {"activity": "diesel", "unit": "t", "sector": "manufacturing_construction"},
    {"activity": "FO", "unit": "L", "sector": "manufacturing_construction"},
    {"activity": "trấu", "unit": "t", "sector": "manufacturing_construction"},
    {"activity": "natural_gas", "unit": "GJ", "sector": "commercial_institutional"},
    {"activity": "điện", "unit": "MWh", "year": 2023},
    {"activity": "R-410A", "unit": "kg"},
    {"activity": "DO", "unit": "L", "sector": "road_transport"},
    {"activity": "upstream_transport", "unit": "L", "fuel": "DO"},
    {"activity": "waste_offsite", "unit": "t", "treatment": "landfill", "waste_type": "food",
     "technology": "managed_anaerobic"},
    {"activity": "fuel_energy_related", "unit": "MWh", "technology": "td_losses", "fraction": 0.07, "year": 2023},
]
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
quantities = st.floats(min_value=0, max_value=1e7, allow_nan=False, allow_infinity=False)


def frame(picks, qty):
    rows = [dict(ROWS[i], quantity=q) for i, q in zip(picks, qty, strict=True)]
    return pd.DataFrame(rows)


mixed = st.lists(st.tuples(st.integers(0, len(ROWS) - 1), quantities), min_size=1, max_size=12)
NUM = ["co2_t", "ch4_t", "n2o_t", "hfcs_co2e_t", "co2e_t", "biogenic_co2_t"]


@SETTINGS
@given(mixed, st.floats(min_value=0.001, max_value=1000))
def test_linearity(rows, k):
    picks, qty = zip(*rows, strict=True)
    a = ghgcalc.calculate(frame(picks, qty))
    b = ghgcalc.calculate(frame(picks, [q * k for q in qty]))
    np.testing.assert_allclose(b[NUM].to_numpy(), a[NUM].to_numpy() * k, rtol=1e-9, atol=1e-12)


@SETTINGS
@given(st.floats(min_value=0.001, max_value=1e6))
def test_unit_invariance_energy(gj):
    base = {"activity": "natural_gas", "sector": "manufacturing_construction"}
    df = pd.DataFrame([dict(base, quantity=gj, unit="GJ"),
                       dict(base, quantity=gj / 1.05505585262, unit="MMBtu"),
                       dict(base, quantity=gj / 0.0036, unit="kWh"),
                       dict(base, quantity=gj * 1000, unit="MJ")])
    r = ghgcalc.calculate(df)["co2e_t"].to_numpy()
    np.testing.assert_allclose(r, r[0], rtol=1e-12)


@SETTINGS
@given(st.floats(min_value=0.001, max_value=1e6))
def test_unit_invariance_mass(t):
    base = {"activity": "diesel", "sector": "energy_industries"}
    df = pd.DataFrame([dict(base, quantity=t, unit="t"), dict(base, quantity=t * 1000, unit="kg"),
                       dict(base, quantity=t / 0.45359237e-3, unit="lb")])
    r = ghgcalc.calculate(df)["co2e_t"].to_numpy()
    np.testing.assert_allclose(r, r[0], rtol=1e-12)


@SETTINGS
@given(mixed, st.randoms(use_true_random=False))
def test_row_order_invariance(rows, rnd):
    picks, qty = zip(*rows, strict=True)
    df = frame(picks, qty)
    perm = list(range(len(df)))
    rnd.shuffle(perm)
    a = ghgcalc.calculate(df)
    b = ghgcalc.calculate(df.iloc[perm]).loc[a.index]
    np.testing.assert_allclose(b[NUM].to_numpy(), a[NUM].to_numpy(), rtol=1e-12)


@SETTINGS
@given(mixed)
def test_category_sum_is_total(rows):
    picks, qty = zip(*rows, strict=True)
    r = ghgcalc.calculate(frame(picks, qty))
    by_cat = r.groupby("iso_category", observed=True)["co2e_t"].sum()
    assert by_cat.sum() == pytest.approx(r["co2e_t"].sum(), rel=1e-12)
    by_gas = r["co2_t"] + r["ch4_t"] * 28 + r["n2o_t"] * 265 + r["hfcs_co2e_t"]
    np.testing.assert_allclose(by_gas.to_numpy(), r["co2e_t"].to_numpy(), rtol=1e-9, atol=1e-9)


garbage = st.one_of(st.none(), st.text(max_size=8), st.floats(), st.integers(), st.booleans())


@settings(max_examples=80, deadline=None)
@given(st.lists(st.fixed_dictionaries({"activity": garbage, "quantity": garbage, "unit": garbage,
                                       "sector": garbage, "year": garbage}), min_size=1, max_size=4))
def test_garbage_raises_only_ghgcalc_errors(rows):
    try:
        ghgcalc.calculate(pd.DataFrame(rows))
    except GhgcalcError:
        pass
