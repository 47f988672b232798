"""``calculate()`` against the EPA calculator's Python port atomic6ghg (not a test; numbers go in the README).

Usage::

    pip install "ghgcalc[bench]"      # atomic6ghg
    python benchmarks/bench_atomic6ghg.py [n_rows] [calls]

The same ``n_rows`` stationary-combustion rows (nine fossil fuels both tools know, in US gallons, short
tons and MMBtu; default 100,000) are given to each tool in its own input form, built before timing:

* ``ghgcalc.calculate()`` on a frame ``activity, quantity, unit`` (one result row per input row);
* atomic6ghg as its documentation calls it, ``StationaryCombustion(doc).to_dict()`` on one worksheet
  document with a dict per row (it returns totals per fuel);
* atomic6ghg called once per row (what a per-row result costs there), on a sample, extrapolated;
* a hand-written pandas merge with per-unit coefficients resolved beforehand.

Calls alternate between the tools; each time is the median of ``calls`` (default 5). The load average
is printed before and after. Then, for one row of each fuel, the CO2 each tool gives and where the
difference comes from (energy per unit and CO2 per unit of energy).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

import ghgcalc

sys.path.insert(0, str(Path(__file__).resolve().parent / "benchmarks"))
from common import STATIONARY, STATIONARY_SECTOR, hand_merge, run_atomic6ghg, stationary  # noqa: E402

MMBTU_GJ = 1.055056  # GJ per MMBtu (international table Btu), to put both tools' energy in one unit


def _load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def _once(call: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    call()
    return time.perf_counter() - t0


def _median(xs: list[float]) -> float:
    return sorted(xs)[len(xs) // 2]


def _atomic6ghg_arithmetic(doc: dict[str, Any]) -> Callable[[], object]:
    """atomic6ghg's four calculation steps alone, without the JSON check ``to_dict`` runs on its output."""
    from atomic6ghg.formulas import StationaryCombustion

    sc = StationaryCombustion({"stationarySourceFuelConsumption": []})
    sc.wks_data = doc

    def steps() -> None:
        sc.make_total_combustion()
        sc.make_emissions()
        sc.make_co2_equivalent_emissions()
        sc.make_biomass_co2_equivalent_emissions()

    return steps


def timings(n: int, calls: int) -> None:
    df, doc = stationary(n)
    keys = df[["activity", "unit"]].drop_duplicates().assign(quantity=1.0)
    per_unit = ghgcalc.calculate(keys, default_sector=STATIONARY_SECTOR)
    coef = keys[["activity", "unit"]].assign(co2=per_unit["co2_t"].to_numpy(), ch4=per_unit["ch4_t"].to_numpy(),
                                             n2o=per_unit["n2o_t"].to_numpy())
    rows = doc["stationarySourceFuelConsumption"]
    ghgcalc.calculate(df.head(1000), default_sector=STATIONARY_SECTOR)  # warm both
    run_atomic6ghg({"stationarySourceFuelConsumption": rows[:1000]})

    load_before = _load()
    arithmetic = _atomic6ghg_arithmetic(doc)
    t_g, t_a, t_c, t_h = [], [], [], []
    for _ in range(calls):
        t_g.append(_once(lambda: ghgcalc.calculate(df, default_sector=STATIONARY_SECTOR)))
        t_a.append(_once(lambda: run_atomic6ghg(doc)))
        t_c.append(_once(arithmetic))
        t_h.append(_once(lambda: hand_merge(df, coef, ["activity", "unit"])))
    sample = rows[:5000]
    t0 = time.perf_counter()
    for row in sample:
        run_atomic6ghg({"stationarySourceFuelConsumption": [row]})
    t_rowwise = (time.perf_counter() - t0) * n / len(sample)
    load_after = _load()

    g, a, c, h = _median(t_g), _median(t_a), _median(t_c), _median(t_h)
    pair = sorted(x / y for x, y in zip(t_g, t_a, strict=True))
    print(f"rows: {n:,} stationary (9 fuels), median of {calls} alternating calls; "
          f"load average (1/5/15 min) before {load_before}, after {load_after}")
    print(f"ghgcalc.calculate() (a row each):          {g:8.3f} s")
    print(f"atomic6ghg, documented call (per fuel):    {a:8.3f} s  -> ghgcalc / atomic6ghg = {g / a:.3f}"
          f" (1 / {a / g:.0f}; per pair of calls {pair[0]:.3f} - {pair[-1]:.3f})")
    print(f"  of which its arithmetic (no JSON check): {c:8.3f} s  -> ghgcalc / that = {g / c:.2f}")
    print(f"atomic6ghg, one call a row (extrapolated): {t_rowwise:8.3f} s  -> ghgcalc / that = {g / t_rowwise:.4f}"
          f" (1 / {t_rowwise / g:.0f}; from {len(sample):,} rows)")
    print(f"hand-written pandas merge:                 {h:8.3f} s  -> ghgcalc / merge = {g / h:.2f}")
    print(f"first calls: ghgcalc {t_g[0]:.3f} s, atomic6ghg {t_a[0]:.3f} s")


def values() -> None:
    """One row of 1,000 units of each fuel: CO2 from each tool and its two parts."""
    from atomic6ghg.factors import heat_content_factors, stationary_combustion_emission_factors

    print("\nCO2 of 1,000 units of each fuel (ghgcalc: Decision 2626/QĐ-BTNMT and IPCC 2006 defaults, "
          "NCV basis; atomic6ghg: EPA GHG Emission Factors Hub, HHV basis)")
    print(f"{'fuel':26} {'unit':9} {'ghgcalc t':>10} {'atomic6 t':>10} {'ratio':>6} "
          f"{'GJ/unit g':>10} {'GJ/unit a':>10} {'kg/GJ g':>8} {'kg/GJ a':>8}  ghgcalc factor ids")
    for activity, unit, fuel, units in STATIONARY:
        q = 1000.0
        one = pd.DataFrame({"activity": [activity], "quantity": [q], "unit": [unit]})
        res = ghgcalc.calculate(one, default_sector=STATIONARY_SECTOR)
        co2_g = float(res["co2_t"].iloc[0])
        gj_g = float(res["energy_tj"].iloc[0]) * 1000 / q
        out = run_atomic6ghg({"stationarySourceFuelConsumption": [
            {"fuelCombusted": fuel, "quantityCombusted": q, "units": units}]})
        by_fuel = {r["fuelType"]: r for r in out["totalGhgEmissionsFromStationarySourceFuelCombustion"]}
        co2_a = by_fuel[fuel]["CO2"] / 1000
        mmbtu_per_unit = 1 / heat_content_factors[fuel]["mmbtu"] * heat_content_factors[fuel][units]
        gj_a = mmbtu_per_unit * MMBTU_GJ
        kg_gj_a = stationary_combustion_emission_factors[fuel]["CO2 Factor (kg / mmBtu)"] / MMBTU_GJ
        print(f"{activity:26} {unit:9} {co2_g:10.3f} {co2_a:10.3f} {co2_g / co2_a:6.3f} "
              f"{gj_g:10.4f} {gj_a:10.4f} {co2_g * 1000 / (gj_g * q):8.2f} {kg_gj_a:8.2f}  "
              f"{res['factor_ids'].iloc[0]}")
    print("ratio = ghgcalc / atomic6ghg = (GJ/unit g ÷ GJ/unit a) × (kg/GJ g ÷ kg/GJ a); "
          "g: ghgcalc's NCV per unit (MMBtu read as net energy), a: EPA's heat content per unit (HHV)")


def main() -> None:
    try:
        import atomic6ghg  # noqa: F401
    except ImportError:
        print("atomic6ghg is not installed: pip install 'ghgcalc[bench]' (or pip install atomic6ghg) to compare")
        return
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    calls = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    timings(n, calls)
    values()


if __name__ == "__main__":
    main()
