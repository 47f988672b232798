"""Monte Carlo uncertainty (IPCC 2006 Vol. 1 Ch. 3, Approach 2): closed-form cases and correlation."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

import ghgcalc
from ghgcalc.errors import GhgcalcError
from ghgcalc.factors import Registry
from ghgcalc.montecarlo import Z95, metering_defaults, simulate, spec_from_bounds

GRID_2023 = 0.6592  # t CO2/MWh, DCC official letter 1726/BĐKH-PTCBT (grid factor of 2023)


def run(acts: pd.DataFrame, **kw: object) -> ghgcalc.montecarlo.MonteCarlo:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ghgcalc.GhgcalcWarning)
        res = ghgcalc.calculate(acts)
    return simulate(res, activities=acts, **kw)  # type: ignore[arg-type]


def total(mc: ghgcalc.montecarlo.MonteCarlo, year: int = 2023) -> pd.Series:
    s = mc.summary
    return s[(s["year"] == year) & (s["category"] == "total")].iloc[0]


def grid(mwh: float, **cols: object) -> dict[str, object]:
    return {"activity": "grid_electricity", "quantity": mwh, "unit": "MWh", "year": 2023, **cols}


def test_one_normal_source_matches_the_analytic_interval() -> None:
    # 1,000 MWh x 0.6592 t/MWh = 659.2 t; factor ± 10 % (95 %): 659.2 ± 65.92 = [593.28, 725.12]
    mc = run(pd.DataFrame([grid(1000, ef_uncertainty_pct=10)]), seed=7)
    t = total(mc)
    assert t["co2e_t"] == pytest.approx(659.2)
    assert t["p2_5_co2e_t"] == pytest.approx(593.28, rel=0.02)
    assert t["p97_5_co2e_t"] == pytest.approx(725.12, rel=0.02)
    assert t["mean_co2e_t"] == pytest.approx(659.2, rel=0.005)
    assert t["quantified_share"] == 1.0


def test_activity_and_factor_uncertainty_add_in_quadrature() -> None:
    # ± 10 % factor and ± 5 % meter: sqrt(10² + 5²) = 11.18 %, i.e. 659.2 ± 73.70 = [585.50, 732.90]
    mc = run(pd.DataFrame([grid(1000, ef_uncertainty_pct=10, ad_uncertainty_pct=5)]), seed=3)
    t = total(mc)
    assert t["p2_5_co2e_t"] == pytest.approx(659.2 * (1 - math.hypot(0.10, 0.05)), rel=0.02)
    assert t["p97_5_co2e_t"] == pytest.approx(659.2 * (1 + math.hypot(0.10, 0.05)), rel=0.02)


def test_metering_tier_gives_the_cited_default() -> None:
    # EU MRR 2018/2066 Annex II Table 1: tier 2 = ± 5.0 %; grid factor without limits is exact
    assert metering_defaults()["tier_2"] == 5.0
    mc = run(pd.DataFrame([grid(1000, metering="tier_2")]), seed=3)
    t = total(mc)
    assert t["p2_5_co2e_t"] == pytest.approx(659.2 * 0.95, rel=0.02)
    assert t["p97_5_co2e_t"] == pytest.approx(659.2 * 1.05, rel=0.02)
    with pytest.raises(GhgcalcError, match="unknown metering tier"):
        run(pd.DataFrame([grid(1000, metering="tier_9")]))


def test_a_shared_factor_widens_the_interval_against_independent_ones() -> None:
    # two rows of 500 MWh with one grid factor (± 10 %) drawn once per iteration: ± 10 % of 659.2 t.
    # Two independent factors of ± 10 %: ± sqrt(2 x 32.96²) = ± 46.61 t, i.e. ± 7.07 %.
    shared = run(pd.DataFrame([grid(500, ef_uncertainty_pct=10), grid(500, ef_uncertainty_pct=10)]), seed=11)
    res = pd.DataFrame({"co2_t": [329.6, 329.6], "ch4_t": 0.0, "n2o_t": 0.0, "hfcs_co2e_t": 0.0,
                        "pfcs_co2e_t": 0.0, "sf6_t": 0.0, "nf3_t": 0.0, "co2e_t": [329.6, 329.6],
                        "iso_category": "2.1", "factor_ids": ["meter_a", "meter_b"], "year": 2023,
                        "ef_uncertainty_pct": 10.0})
    independent = simulate(res, seed=11)
    ws = total(shared)["p97_5_co2e_t"] - total(shared)["p2_5_co2e_t"]
    wi = total(independent)["p97_5_co2e_t"] - total(independent)["p2_5_co2e_t"]
    assert ws == pytest.approx(2 * 65.92, rel=0.03)
    assert wi == pytest.approx(2 * 46.61, rel=0.03)
    assert ws > 1.3 * wi
    # the shared factor is one parameter carrying all the variance
    c = shared.contributors
    assert len(c) == 1 and c["variance_share"].iloc[0] == pytest.approx(1.0)


def test_rows_sharing_ipcc_factors_move_together() -> None:
    # two 10 t diesel rows share the NCV and CO2 factor draws: the pair's relative interval equals one 20 t row's
    rows = [{"activity": "gas_diesel_oil", "quantity": q, "unit": "t", "year": 2023,
             "sector": "manufacturing_construction"} for q in (10, 10)]
    pair = total(run(pd.DataFrame(rows), seed=5))
    one = total(run(pd.DataFrame([{**rows[0], "quantity": 20}]), seed=5))
    assert pair["u_upper_pct"] == pytest.approx(one["u_upper_pct"], rel=1e-9)
    assert pair["u_lower_pct"] == pytest.approx(one["u_lower_pct"], rel=1e-9)


def test_same_seed_same_numbers() -> None:
    acts = pd.DataFrame([grid(1000, ef_uncertainty_pct=10), {
        "activity": "gas_diesel_oil", "quantity": 10, "unit": "t", "year": 2023,
        "sector": "manufacturing_construction", "ad_uncertainty_pct": 3}])
    a, b, c = run(acts, seed=42), run(acts, seed=42), run(acts, seed=43)
    pd.testing.assert_frame_equal(a.summary, b.summary)
    pd.testing.assert_frame_equal(a.contributors, b.contributors)
    assert not np.allclose(a.totals[2023], c.totals[2023])


def test_distribution_follows_the_printed_interval() -> None:
    # symmetric about the value: normal, sd = (1.1 - 0.9) / (2 x 1.96)
    s = spec_from_bounds(10, 9, 11)
    assert s is not None and s.distribution == "normal" and s.a == pytest.approx(0.2 / (2 * Z95))
    # "x ÷ 3" range of an N2O default (0.6 with 0.2-1.8 would be x÷3): lognormal, sigma = ln(9) / (2 x 1.96)
    s = spec_from_bounds(0.6, 0.2, 1.8)
    assert s is not None and s.distribution == "lognormal" and s.a == pytest.approx(math.log(9) / (2 * Z95))
    # the value at the top of its range (IPCC Table 7.9 leak rate 0.35 in 0.10-0.35): triangular, mode mid-range
    s = spec_from_bounds(0.35, 0.10, 0.35)
    assert s is not None and s.distribution == "triangular"
    assert (s.a, s.b, s.c) == pytest.approx((0.10 / 0.35, (0.10 / 0.35 + 1) / 2, 1.0))
    # lower limit 0: triangular with the mode at the value
    s = spec_from_bounds(0.2, 0.0, 0.3)
    assert s is not None and s.distribution == "triangular" and s.b == 1.0
    assert spec_from_bounds(5, 5, 5) is None


def test_lognormal_factor_skews_the_interval_upwards() -> None:
    extra = pd.DataFrame([{"factor_id": "test.n2o", "activity": "x", "gas": "N2O", "sector": "", "technology": "",
                           "region": "", "value": 1.0, "unit": "kg N2O/TJ", "lower": 1 / 3, "upper": 3.0,
                           "kind": "ef", "source_id": "ipcc2006", "table": "", "ef_id": "", "edition_year": 2006,
                           "valid_from": "2006-01-01", "valid_to": None, "notes": "", "tier": "ipcc_default"}])
    reg = Registry(extra)  # a fresh registry: the shipped one is shared (cached)
    res = pd.DataFrame({"co2_t": [0.0], "ch4_t": 0.0, "n2o_t": [1.0], "hfcs_co2e_t": 0.0, "pfcs_co2e_t": 0.0,
                        "sf6_t": 0.0, "nf3_t": 0.0, "co2e_t": [265.0], "iso_category": "1.1",
                        "factor_ids": ["test.n2o"], "year": 2023})
    res.attrs["gwp_set"] = "AR5"
    t = total(simulate(res, reg, seed=1))
    # median 265 t, 95 % interval 265/3 to 265 x 3 = 88.3 to 795
    assert t["p2_5_co2e_t"] == pytest.approx(265 / 3, rel=0.03)
    assert t["p97_5_co2e_t"] == pytest.approx(795, rel=0.03)
    assert t["u_upper_pct"] > 2 * t["u_lower_pct"]


def test_inventory_monte_carlo_per_year() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ghgcalc.GhgcalcWarning)
        inv = ghgcalc.Inventory.from_file("examples/dong_thap_pangasius.xlsx")
    out = inv.uncertainty(method="monte_carlo", draws=2_000, seed=1)
    assert set(out["year"]) == {2025, 2026}
    for year, grp in out.groupby("year"):
        det = inv.results.loc[inv.results["year"] == year, "co2e_t"].sum()
        tot = grp[grp["category"] == "total"].iloc[0]
        assert tot["co2e_t"] == pytest.approx(det)
        assert tot["p2_5_co2e_t"] <= tot["mean_co2e_t"] <= tot["p97_5_co2e_t"]
    mc = inv.monte_carlo(draws=2_000, seed=1)
    h = mc.histogram(bins=10)
    assert h.groupby("year")["count"].sum().tolist() == [2_000, 2_000]
    with pytest.raises(GhgcalcError, match="unknown uncertainty method"):
        inv.uncertainty(method="bootstrap")
