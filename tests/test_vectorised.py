"""Column-wise paths give the answers of the per-row ones: TOE conversion, list look-up, screening."""

import datetime as dt
import difflib
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ghgcalc
from ghgcalc import checks, errors
from ghgcalc.lists import _close_matches, _index, core_name
from ghgcalc.toe import energy_to_toe, toe_table

LIST = "lists/vn_decision_42_2026_facilities.csv"


def test_toe_table_is_the_quantity_times_the_moit_coefficient():
    # MOIT 3505/BCT-KHCN: DO 1.02 toe/t, electricity 0.1543 toe/MWh; 1 kWh = 0.001 MWh
    energy = pd.DataFrame({"carrier": ["DO", "điện", "DO", "grid_electricity"] * 250,
                           "quantity": np.arange(1000, dtype=float),
                           "unit": ["t", "MWh", "kg", "kWh"] * 250})
    t = toe_table(energy)
    per_unit = np.tile([1.02, 0.1543, 1.02 / 1000, 0.1543 / 1000], 250)
    assert np.allclose(t["toe"], np.arange(1000) * per_unit, rtol=1e-12)
    assert list(t["carrier"][:2]) == ["gas_diesel_oil", "grid_electricity"]
    lines = energy_to_toe(energy)
    assert [x.toe for x in lines] == list(t["toe"]) and isinstance(lines[0].toe, float)


def test_toe_table_reports_every_bad_row_once_in_row_order():
    energy = pd.DataFrame({"carrier": ["DO", "plutonium", "DO", "DO", "điện"],
                           "quantity": [1, 1, "nhiều", -2, 5], "unit": ["t", "t", "t", "t", "L"]})
    with pytest.raises(errors.InputError) as exc:
        toe_table(energy)
    got = [(p.row, p.column) for p in exc.value.problems]
    assert got == [(1, "carrier"), (2, "quantity"), (3, "quantity"), (4, "unit")]


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="abcdeghiklmnoprstuvy ", min_size=0, max_size=30), st.booleans())
def test_close_matches_are_difflibs(name, narrow):
    idx = _index(LIST)
    pool = np.arange(len(idx.cores))[:: 7 if narrow else 1]
    core = core_name(name)
    assert _close_matches(idx, core, pool, 5, 0.75) == difflib.get_close_matches(
        core, [idx.cores[i] for i in pool], n=5, cutoff=0.75)


def test_close_matches_of_misspelt_list_names_are_difflibs():
    idx = _index(LIST)
    pool = np.arange(len(idx.cores))
    for core in [idx.cores[i][:-2] for i in range(0, 2400, 97)] + [idx.cores[5] + " x"]:
        assert _close_matches(idx, core, pool, 5, 0.75) == difflib.get_close_matches(core, idx.cores, 5, 0.75)


def test_screen_equals_applicability_row_by_row():
    day = dt.date(2026, 11, 23)
    table = pd.DataFrame({
        "name": ["Công ty Cổ phần Dệt 10-10", "Xưởng B", "Lò gạch C", "Nhà máy D"],
        "facility_type": ["industrial", "industrial", "industrial", "freight_transport"],
        "annual_emissions_tco2e": [None, 2500, None, None],
        "DO [t]": [None, 300, 600, 1000],
        "trấu [t]": [None, None, 2000, None],
        "grid_electricity [MWh]": [100, 5000, None, None],
    })
    out = ghgcalc.screen(table, as_of=day).set_index("name")
    for rec in table.to_dict("records"):
        energy = [{"carrier": c.split(" [")[0], "quantity": v, "unit": c.split("[")[1][:-1]}
                  for c, v in rec.items() if "[" in c and pd.notna(v)]
        data = {"name": rec["name"], "facility_type": rec["facility_type"], "energy": energy}
        if pd.notna(rec["annual_emissions_tco2e"]):
            data["annual_emissions_tco2e"] = rec["annual_emissions_tco2e"]
        a = ghgcalc.applicability(data, as_of=day)
        row = out.loc[rec["name"]]
        assert (row["status"], row["explanation"]) == (a.status, a.explain("en"))
        assert row["toe"] == a.toe
    # Xưởng B: 300 t DO x 1.02 + 5,000 MWh x 0.1543 = 1,077.5 toe
    assert out.loc["Xưởng B", "toe"] == pytest.approx(300 * 1.02 + 5000 * 0.1543)


def test_screen_names_the_facility_row_of_a_bad_energy_cell():
    table = pd.DataFrame({"name": ["A", "B", "C"], "facility_type": ["industrial"] * 3,
                          "DO [t]": [1.0, -5.0, 2.0], "_row": [2, 3, 4]})
    with pytest.raises(errors.InputError) as exc:
        ghgcalc.screen(table, as_of=dt.date(2026, 11, 23))
    assert [(p.row, p.column) for p in exc.value.problems] == [(3, "quantity")]


def test_each_rows_own_ncv_is_used_with_many_distinct_keys():
    # diesel CO2 = t x NCV [TJ/Gg] / 1000 [Gg/t] x 74,100 kg/TJ (IPCC 2006 Vol. 2 Table 1.4) / 1000 [t/kg]
    n = 300
    ncv = np.linspace(42.0, 44.0, n)
    q = np.linspace(1, 100, n)
    df = pd.DataFrame({"activity": "diesel", "quantity": q, "unit": "t", "sector": "manufacturing_construction",
                       "ncv": ncv, "ncv_unit": "TJ/Gg"})
    r = ghgcalc.calculate(df)
    assert np.allclose(r["co2_t"], q * ncv / 1000 * 74_100 / 1000, rtol=1e-12)
    assert (r["notes"].astype(str).str.contains("measured NCV")).all()


def test_registry_answers_are_remembered_and_unchanged():
    from ghgcalc.factors import Registry

    reg = Registry()
    args = dict(gas="CO2", sector="manufacturing_construction", region="VN")
    first = reg.select("gas_diesel_oil", "ef", **args)
    assert first == reg._select("gas_diesel_oil", "ef", **args)
    assert reg.select("gas_diesel_oil", "ef", **args) is first  # from the memo
    assert reg.select("gas_diesel_oil", "ef", gas="CH4", sector="manufacturing_construction") != first


# Keys that differ only in their measured NCV are resolved as one array (combustion); each must get
# exactly the numbers, ids and notes it gets when it is the only key of a call.
FUEL_ROWS = st.tuples(
    st.sampled_from([("diesel", "t", "TJ/Gg"), ("diesel", "kg", "MJ/kg"), ("diesel", "L", "MJ/kg"),
                     ("diesel", "L", "MJ/L"), ("FO", "GJ", "TJ/Gg"), ("than cám 5", "t", "kcal/kg"),
                     ("natural_gas", "Sm3", "MJ/Sm3"), ("trấu", "t", "GJ/t")]),
    st.sampled_from(["manufacturing_construction", "road_transport"]),
    st.one_of(st.none(), st.floats(0.5, 50_000, allow_nan=False, allow_infinity=False)),
    st.floats(0.001, 1e6, allow_nan=False, allow_infinity=False),
)


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    text = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c].dtype)]
    return frame.astype({c: str for c in text}).reset_index(drop=True)


@settings(max_examples=15, deadline=None)
@given(st.lists(FUEL_ROWS, min_size=2, max_size=8), st.sampled_from(["AR5", "AR6"]))
def test_many_keys_at_once_equal_one_key_at_a_time(rows, gwp):
    frame = pd.DataFrame([{"activity": a, "unit": u, "ncv_unit": nu, "sector": s, "quantity": q,
                           "ncv": np.nan if v is None else v} for (a, u, nu), s, v, q in rows])
    whole = ghgcalc.calculate(frame, gwp)
    alone = pd.concat([ghgcalc.calculate(frame.iloc[[i]], gwp) for i in range(len(frame))])
    # bit for bit: the array path repeats the floating-point operations of the key-by-key path
    pd.testing.assert_frame_equal(_as_text(whole), _as_text(alone), check_exact=True, check_dtype=False)
    # the same frame with every key resolved on its own: same rows, same warnings in the same order
    singles = [np.array([i]) for i in range(len(frame))]
    with mock.patch("ghgcalc.methods.combustion.shape_groups", lambda keys, vary: singles[:len(keys)]):
        one_by_one = ghgcalc.calculate(frame, gwp)
    pd.testing.assert_frame_equal(whole, one_by_one, check_exact=True)
    assert whole.attrs == one_by_one.attrs


@settings(max_examples=60, deadline=None)
@given(st.floats(-1, 5), st.one_of(st.none(), st.floats(0, 5)), st.one_of(st.none(), st.floats(0, 5)),
       st.one_of(st.floats(0, 20), st.just(float("nan"))))
def test_far_from_default_range_is_where_far_from_default_is_silent(value, lower, upper, ratio):
    row = pd.Series({"value": value, "lower": lower, "upper": upper, "unit": "kg CO2/TJ"})
    low, high = checks.far_from_default_range(row)
    silent = checks.far_from_default("ncv", "diesel", "43 TJ/Gg", ratio, row) is None
    assert silent == (low <= ratio <= high) or (silent and not np.isfinite(ratio))


def test_a_problem_of_keys_resolved_together_is_reported_on_each_row():
    frame = pd.DataFrame({"activity": "diesel", "quantity": 1.0, "unit": "kWh", "sector": "no_such_sector",
                          "ncv": [42.0, 43.0, 44.0], "ncv_unit": "TJ/Gg"})
    with pytest.raises(errors.InputError) as exc:
        ghgcalc.calculate(frame)
    assert [(p.row, p.column) for p in exc.value.problems] == [(0, "sector"), (1, "sector"), (2, "sector")]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.one_of(st.floats(-1, 1e4), st.sampled_from([0.01, 1.0, 500.0]))),
                min_size=1, max_size=60))
def test_outliers_one_series_at_a_time_are_the_grouped_ones(rows):
    series = np.array([s for s, _ in rows], dtype=np.int32)
    quantity = np.array([q for _, q in rows], dtype=float)
    labels, what = list(range(len(rows))), [f"series {s}" for s, _ in rows]
    few = checks._few_series(series)
    assert few is not None
    assert checks._outliers_by_series(quantity, series, few, labels, what) == checks._outliers_grouped(
        quantity, series, labels, what)
