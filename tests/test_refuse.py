"""Refuse instead of guessing: values that used to be read as something else, or crashed, are problems
naming their row and column, all found in one pass."""

import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest

import ghgcalc
from ghgcalc import InputError

MFG = "manufacturing_construction"
DIESEL = {"activity": "diesel", "quantity": 10, "unit": "t", "sector": MFG}


def problems(*rows, **columns):
    frame = pd.DataFrame(list(rows)) if rows else pd.DataFrame(columns)
    with pytest.raises(InputError) as e:
        ghgcalc.calculate(frame)
    return {(p.row, p.column): p for p in e.value.problems}


def test_ambiguous_unit_spellings_are_refused_with_the_choices():
    # pint reads "mt" as a millitonne: 2,400 t of rice husk had become 2.4 t
    for unit in ("mt", "MT", "ton", "tons", "2400 mt"):
        got = problems({"activity": "trấu", "quantity": 2400, "unit": unit, "sector": MFG})
        p = got[(0, "unit")]
        assert p.code == "ambiguous_unit" and "t (metric tonne" in (p.accepted or "")


def test_a_unit_with_a_negative_nan_or_infinite_scale_is_refused():
    for unit in ("-1 t", "nan kg", "1e309 kg", "0 t"):
        assert (0, "unit") in problems({**DIESEL, "unit": unit})


def test_a_very_long_unit_is_refused_at_once():
    import time

    t0 = time.perf_counter()
    got = problems({**DIESEL, "unit": "kg " * 400})
    assert (0, "unit") in got and time.perf_counter() - t0 < 2


def test_unknown_units_get_the_closest():
    assert "L" in problems({**DIESEL, "unit": "Litre"})[(0, "unit")].message
    assert "passenger" in problems({"activity": "business_travel", "quantity": 3, "unit": "người"})[(0, "unit")].message


def test_negative_or_zero_own_factors_and_ncv_are_refused():
    own = {"ef_unit": "t CO2/t", "ef_source": "lab 2025"}
    got = problems({**DIESEL, "ncv": -43.0, "ncv_unit": "TJ/Gg"}, {**DIESEL, "ncv": 0, "ncv_unit": "TJ/Gg"},
                   {**DIESEL, "ef_co2": -3.1, **own})
    assert got[(0, "ncv")].code == "negative" and got[(1, "ncv")].code == "zero"
    assert got[(2, "ef_co2")].code == "negative"
    got = problems({"activity": "contract_electricity", "quantity": 5, "unit": "MWh", "year": 2023,
                    "ef_market": -0.2, "ef_market_unit": "t CO2/MWh"})
    assert got[(0, "ef_market")].code == "negative"


def test_booleans_and_dates_in_number_cells_are_refused():
    got = problems({**DIESEL, "quantity": True}, {**DIESEL, "ncv": dt.date(2025, 1, 1), "ncv_unit": "TJ/Gg"})
    assert got[(0, "quantity")].code == "boolean"
    assert got[(1, "ncv")].code == "date"


def test_an_own_factor_needs_its_source():
    got = problems({**DIESEL, "ef_co2": 3.1, "ef_unit": "t CO2/t"})
    assert got[(0, "ef_source")].code == "missing_source"


def test_category_and_scope_overrides_are_checked():
    # a category 7.9 or a scope "banana" made totals() disagree with the ISO table
    got = problems({**DIESEL, "category": "7.9"}, {**DIESEL, "scope": "banana"})
    assert got[(0, "category")].code == "unknown_value" and "1.1" in got[(0, "category")].accepted
    assert got[(1, "scope")].code == "unknown_value"
    ok = ghgcalc.calculate(pd.DataFrame([{**DIESEL, "category": 1.1, "scope": "1"}]))
    assert ok["iso_category"].astype(str).tolist() == ["1.1"]


def test_empty_frame_and_cells_no_column_can_hold():
    with pytest.raises(InputError) as e:
        ghgcalc.calculate(pd.DataFrame({"activity": [], "quantity": [], "unit": []}))
    assert e.value.first.code == "empty"
    got = problems({**DIESEL, "activity": ["diesel"]}, {**DIESEL, "sector": {"a": 1}}, {**DIESEL, "unit": {"t"}})
    assert {p.code for p in got.values()} == {"unsupported_value"}
    assert set(got) == {(0, "activity"), (1, "sector"), (2, "unit")}


def test_huge_and_infinite_numbers_are_refused_where_they_enter():
    got = problems({**DIESEL, "quantity": 10**400}, {**DIESEL, "quantity": "1e309"})
    assert got[(0, "quantity")].code == "not_finite"
    assert (1, "quantity") in got
    got = problems({**DIESEL, "quantity": 1e308})
    assert got[(0, "quantity")].code == "not_finite"  # finite, but its CO2 is not


def test_pd_na_row_labels_do_not_crash():
    frame = pd.DataFrame([{**DIESEL, "unit": "parsec", "_row": pd.NA, "_sheet": "stationary"}])
    with pytest.raises(InputError):
        ghgcalc.calculate(frame)


def test_pint_quantity_column_keeps_its_unit():
    pytest.importorskip("pint_pandas")
    base = {"activity": ["diesel"], "sector": [MFG]}
    litres = ghgcalc.calculate(pd.DataFrame({**base, "quantity": [18000.0], "unit": ["L"]}))
    # a pint[m**3] column of 18 with unit L was read as 18 L
    qty = ghgcalc.calculate(pd.DataFrame({**base, "quantity": pd.Series([18.0], dtype="pint[m**3]")}))
    assert qty["co2_t"].iloc[0] == pytest.approx(litres["co2_t"].iloc[0])
    with pytest.raises(InputError) as e:
        ghgcalc.calculate(pd.DataFrame({**base, "quantity": pd.Series([18.0], dtype="pint[m**3]"), "unit": ["L"]}))
    assert e.value.first.code == "unit_conflict"


def test_pint_quantity_cells_of_the_hosts_registry():
    import pint

    host = pint.UnitRegistry()
    frame = pd.DataFrame({"activity": ["diesel", "diesel"], "quantity": [host.Quantity(18, "m**3"), 18000],
                          "unit": [None, "L"], "sector": [MFG, MFG]})
    r = ghgcalc.calculate(frame)
    assert r["co2_t"].iloc[0] == pytest.approx(r["co2_t"].iloc[1])


def test_all_problems_in_one_pass():
    got = problems({**DIESEL, "quantity": True}, {**DIESEL, "unit": "mt"}, {**DIESEL, "activity": "dieselx"},
                   {**DIESEL, "ef_co2": 3, "ef_unit": "t CO2/t"}, {**DIESEL, "category": "9"},
                   {**DIESEL, "ncv": 0, "ncv_unit": "TJ/Gg"})
    assert set(got) == {(0, "quantity"), (1, "unit"), (2, "activity"), (3, "ef_source"), (4, "category"), (5, "ncv")}


def test_outliers_in_a_series_are_warned_never_changed():
    months = [120.0, 118.0, 1.2, 121.0, 119.0]  # one month typed 100x too small
    frame = pd.DataFrame({"activity": "diesel", "quantity": months, "unit": "t", "sector": MFG, "year": 2025})
    r = ghgcalc.calculate(frame)
    warned = [w for w in r.attrs["warnings"] if "median" in w]
    assert len(warned) == 1 and "row 2" in warned[0]
    assert r["quantity"].tolist() == months
    assert np.isfinite(r["co2e_t"]).all()


def test_own_factors_far_from_the_cited_default_are_warned_with_their_place():
    from ghgcalc import l10n

    own = {"ef_source": "lab 2025", "_sheet": "stationary"}
    frame = pd.DataFrame([
        {**DIESEL, "ncv": 4.3, "ncv_unit": "TJ/Gg", "_row": 5, **own},  # 1/10 of 43.0, below 41.4-43.3
        {**DIESEL, "ncv": 43.1, "ncv_unit": "MJ/kg", "_row": 6, **own},  # inside the IPCC range
        {**DIESEL, "ef_co2": 7.41, "ef_unit": "kg/TJ", "_row": 7, **own},  # 1/10,000 of 74,100 (t/TJ meant)
        {**DIESEL, "ef_co2": 74.1, "ef_unit": "t/TJ", "_row": 8, **own},  # the default in other units
    ])
    r = ghgcalc.calculate(frame)
    warned = [w for w in r.attrs["warnings"] if "cited default" in w]
    assert len(warned) == 2
    # IPCC 2006 Vol. 2 Table 1.2: gas/diesel oil NCV 43.0 TJ/Gg, 95 % range 41.4-43.3
    assert warned[0].startswith("sheet 'stationary', row 5, column 'ncv':") and "41.4 to 43.3" in warned[0]
    # Table 1.4: 74,100 kg CO2/TJ; the dataset holds no range for it, so the 10x rule applies
    assert warned[1].startswith("sheet 'stationary', row 7, column 'ef_co2':") and "10 times off" in warned[1]
    # a warning, never a refusal or a change: 10 t x 4.3 TJ/Gg x 74.1 t CO2/TJ
    assert r["co2_t"].iloc[0] == pytest.approx(10 * 4.3e-3 * 74.1)
    for w in warned:
        vi = l10n.translate(w, "vi")
        assert "dòng" in vi and not re.search(r"\b(the|own|of|is|times|default|check|its|outside|off)\b", vi), vi


def test_frames_of_any_cells_raise_only_ghgcalc_errors():
    """The frame fuzz of the issue (lists, dicts, sets, pd.NA, dates, NaN, huge integers, own factors,
    overrides, row labels): calculate() answers or raises an InputError/GhgcalcError, nothing else."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from ghgcalc import GhgcalcError

    cell = st.one_of(st.none(), st.just(pd.NA), st.just(float("nan")), st.text(max_size=6), st.floats(),
                     st.integers(min_value=-(10**400), max_value=10**400), st.booleans(), st.dates(),
                     st.lists(st.integers(), max_size=2),
                     st.dictionaries(st.text(max_size=2), st.integers(), max_size=1),
                     st.frozensets(st.integers(), max_size=2),
                     st.sampled_from(["diesel", "DO", "t", "L", "mt", "kg", "t CO2/t", "TJ/Gg", "1.1", "3", MFG]))
    columns = ("activity", "quantity", "unit", "sector", "year", "ncv", "ncv_unit", "ef_co2", "ef_unit",
               "ef_source", "category", "scope", "_row")

    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.fixed_dictionaries({}, optional={c: cell for c in columns}), min_size=0, max_size=4))
    def run(rows):
        try:
            r = ghgcalc.calculate(pd.DataFrame(rows))
        except GhgcalcError as exc:
            json_ok = exc.to_dict()
            assert isinstance(json_ok, dict)
        else:
            assert np.isfinite(r["co2e_t"].astype(float)).all()

    run()
