"""Decree 06/2022 applicability: golden cases (tests/cases/*.yaml) and the screen."""

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
import yaml

import ghgcalc
from ghgcalc import errors

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "applicability_decree_06.yaml").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_golden_case(case):
    as_of = dt.date.fromisoformat(str(case["date"]))
    exp = case["expected"]
    if "error" in exp:
        with pytest.raises(getattr(errors, exp["error"])):
            ghgcalc.applicability(case["input"], as_of=as_of)
        return
    a = ghgcalc.applicability(case["input"], as_of=as_of)
    if "status" in exp:
        assert a.status == exp["status"]
    if "toe" in exp:
        assert a.toe == pytest.approx(exp["toe"], rel=1e-5)
    if "group" in exp:
        assert a.group == exp["group"]
    if "next_due" in exp:
        assert a.deadlines[0].due.isoformat() == exp["next_due"]
    if "covers" in exp:
        assert list(a.deadlines[0].covers) == exp["covers"]
    if "list" in exp:
        assert a.facility_list.startswith(exp["list"])


def test_every_criterion_carries_value_threshold_unit_citation():
    a = ghgcalc.applicability({"name": "X", "facility_type": "industrial", "annual_emissions_tco2e": 4210,
                               "energy": [{"carrier": "điện", "quantity": 1000, "unit": "MWh"}]},
                              as_of=dt.date(2026, 11, 23))
    by = {c.rule: c for c in a.criteria}
    assert by["criteria.emissions"].threshold == 3000 and by["criteria.emissions"].met
    assert "Art. 6" in by["criteria.emissions"].citation
    assert by["criteria.energy.industrial"].value == pytest.approx(154.3)
    assert by["criteria.energy.industrial"].unit == "toe/year"
    text = a.explain("en")
    assert "4,210.0 t CO2e/year (ISO 14064-1 categories 1–2) ≥ 3,000.0" in text and "31 March 2027" in text
    assert "4.210,0" in a.explain("vi") and "31/03/2027" in a.explain("vi")


def test_emissions_derived_from_activities_with_the_year_used():
    acts = pd.DataFrame({"activity": ["điện", "điện"], "quantity": [5000, 4000], "unit": ["MWh", "MWh"],
                         "year": [2022, 2023]})
    a = ghgcalc.applicability({"name": "E", "facility_type": "industrial", "activities": acts},
                              as_of=dt.date(2026, 11, 23))
    assert a.data_year == 2023
    assert a.emissions_tco2e == pytest.approx(4000 * 0.6592)  # letter 1726/BĐKH-PTCBT
    assert a.status == "not_assessed"  # below 3,000 t and no energy data for the TOE criterion
    # the figure is labelled with its year wherever it is said (never an unlabelled multi-year number)
    assert "2.636,8 t CO2tđ/năm (năm 2023, hạng mục 1–2)" in a.explain("vi")
    assert "2,636.8 t CO2e/year (year 2023, ISO 14064-1 categories 1–2)" in a.explain("en")


def test_value_chain_categories_do_not_count_for_the_emission_criterion():
    """4,400 MWh x 0.6592 = 2,900.5 t (category 2) plus 500 t of business travel (category 3): below 3,000 t."""
    acts = pd.DataFrame({"activity": ["điện", "business_travel"], "quantity": [4400, 500], "unit": ["MWh", "t"],
                         "ef_co2e": [None, 1.0], "ef_unit": [None, "t/t"], "ef_source": [None, "test"],
                         "year": [2023, 2023]})
    a = ghgcalc.applicability({"name": "E", "facility_type": "industrial", "activities": acts},
                              as_of=dt.date(2026, 11, 23))
    assert a.emissions_tco2e == pytest.approx(4400 * 0.6592)
    emission = next(c for c in a.criteria if c.unit == "t CO2e/year")
    assert emission.met is False


def test_screen_sorts_and_explains():
    table = pd.DataFrame({
        "name": ["A small shop", "Brick kiln", "Listed plant"],
        "facility_type": ["other", "industrial", "industrial"],
        "annual_emissions_tco2e": [50, 3500, None],
        "listed": [None, None, True],
        "DO [t]": [None, 200, None],
        "grid_electricity [MWh]": [10, 3000, None],
    })
    out = ghgcalc.screen(table, as_of=dt.date(2026, 11, 23))
    assert list(out["name"]) == ["Listed plant", "Brick kiln", "A small shop"]
    assert list(out["status"]) == ["obliged", "likely_listed", "not_covered"]
    assert out.loc[1, "toe"] == pytest.approx(200 * 1.02 + 3000 * 0.1543)
    assert "criteria.emissions" in out.loc[1, "criteria_met"]


def test_screen_reports_bad_rows():
    table = pd.DataFrame({"name": ["X"], "facility_type": ["industrial"], "DO [t]": [-5]})
    with pytest.raises(errors.InputError):
        ghgcalc.screen(table, as_of=dt.date(2026, 11, 23))


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

junk = st.one_of(st.none(), st.text(max_size=6), st.floats(), st.integers(-5, 10**7), st.booleans())


@settings(max_examples=60, deadline=None)
@given(st.fixed_dictionaries({"name": st.text(max_size=10), "facility_type": junk,
                              "annual_emissions_tco2e": junk, "waste_capacity_t_per_year": junk,
                              "energy": st.one_of(st.none(), st.lists(st.fixed_dictionaries(
                                  {"carrier": junk, "quantity": junk, "unit": junk}), max_size=3))}))
def test_garbage_facilities_raise_only_ghgcalc_errors(fac):
    try:
        a = ghgcalc.applicability(fac, as_of=dt.date(2026, 11, 23))
    except errors.GhgcalcError:
        return
    assert a.status in ("obliged", "likely_listed", "not_covered", "not_assessed")
