r"""Purchased steam, heat or cooling (Circular 38/2023/TT-BCT App. II formula 4).

With the supplier's factor (``ef_co2`` etc. per ``ef_unit``) that factor is used.
Otherwise the boiler-efficiency method:

.. math::

    EF_{H,gas} = \frac{h}{\eta} \times EF_{fuel,gas}

with :math:`h` the steam enthalpy [kJ/kg] (``enthalpy_kj_per_kg``), :math:`\eta`
the boiler efficiency [fraction] (``boiler_efficiency``) and
:math:`EF_{fuel,gas}` the IPCC 2006 factor of the boiler fuel
(``boiler_fuel``) [kg/TJ], CH4 and N2O from Table 2.2 (energy industries).
Example from the circular as corrected by Decision 334/QĐ-BCT: 2,776 kJ/kg,
η = 0.85, diesel 74,100 kg CO2/TJ → 0.242 t CO2/t steam.

The CO2 of a biomass boiler fuel (rice husk, wood, biogas ...) is biogenic CO2,
reported apart and outside the total; its CH4 and N2O stay in it (IPCC 2006
Vol. 2 Ch. 1 §1.4.1.1, the rule :mod:`~ghgcalc.methods.combustion` applies).
"""

from __future__ import annotations

import pandas as pd

from ..activities import catalogue, resolve
from ..errors import UnitError
from ..factors import Chosen
from ..units import conversion_factor, parse
from . import Coefficients, Context, KeyProblem, Row, for_each_key, fuel_ch4_origin, number, per_denominator, text

GASES = ("CO2", "CH4", "N2O")
BOILER_SECTOR = "energy_industries"


def coefficients(keys: pd.DataFrame, ctx: Context) -> Coefficients:
    """t gas per unit of steam (mass) or heat (energy) for each key."""
    return for_each_key(keys, ctx, _one)


def _one(key: int, row: Row, ctx: Context, out: Coefficients) -> None:
    unit = row["unit"]
    meta = {"method": "steam", "iso_category": "2.2", "ghgp_scope": "2", "notes": ""}
    ef_unit = text(row.get("ef_unit"))
    user = {g: number(row.get(f"ef_{g.lower()}")) for g in GASES}
    if any(v is not None for v in user.values()):
        if not ef_unit:
            raise KeyProblem(key, "ef_unit", "supplier factors need ef_unit (e.g. t/t, kg/GJ)")
        for gas, v in user.items():
            if v is None:
                continue
            fid = f"user.{text(row.get('ef_source')) or 'supplier'}.{gas.lower()}"
            try:
                mass_t, denom = per_denominator(Chosen(fid, v, ef_unit, "facility", "user", ""), gas)
                conv = conversion_factor(unit, denom)
            except UnitError as exc:
                raise KeyProblem(key, "unit", exc.message) from exc
            coef = mass_t * conv
            out.add(key, gas, coef, fid, "facility")
            out.add(key, gas, coef, fid, "facility", basis="market")
        named = resolve(text(row.get("boiler_fuel"))) if text(row.get("boiler_fuel")) else None
        if named:
            meta["ch4_origin"] = fuel_ch4_origin(named)
        out.meta[key] = meta
        return
    if row["activity"] == "purchased_heat":
        raise KeyProblem(key, "ef_co2", "purchased heat/cooling needs the supplier's factor (ef_co2, ef_unit)")
    h, eta = number(row.get("enthalpy_kj_per_kg")), number(row.get("boiler_efficiency"))
    fuel = resolve(text(row.get("boiler_fuel"))) if text(row.get("boiler_fuel")) else None
    if eta is not None and not 0 < eta <= 1:
        raise KeyProblem(key, "boiler_efficiency", f"boiler efficiency {eta} must be a fraction in (0, 1]")
    if fuel is None:
        raise KeyProblem(key, "boiler_fuel", "steam without a supplier factor needs boiler_fuel, "
                                              "boiler_efficiency and (for t of steam) enthalpy_kj_per_kg")
    if eta is None:
        raise KeyProblem(key, "boiler_efficiency", "give the boiler efficiency as a fraction, e.g. 0.85")
    src = parse(unit)
    if src.dimensionality == parse("t").dimensionality:
        if h is None or h <= 0:
            raise KeyProblem(key, "enthalpy_kj_per_kg", "steam given as a mass needs its enthalpy [kJ/kg]")
        heat_per_unit = src * (h * parse("kJ/kg")) / eta
    elif src.dimensionality == parse("GJ").dimensionality:
        heat_per_unit = src / eta
    else:
        raise KeyProblem(key, "unit", f"unit {unit!r} is neither a mass of steam (t) nor an energy (GJ)")
    tj = float(heat_per_unit.to("TJ").magnitude)
    cat = catalogue()
    biogenic = fuel in set(cat.loc[cat["biogenic"], "activity"])
    for gas in GASES:
        found: Chosen | None = ctx.registry.select(fuel, "ef", gas=gas, sector=BOILER_SECTOR,
                                                   region=ctx.default_region)
        if found is None:
            continue
        mass_t, den = per_denominator(found, gas)
        per_tj = mass_t * conversion_factor("TJ", den)
        gas_out = "CO2_biogenic" if gas == "CO2" and biogenic else gas
        out.add(key, gas_out, per_tj * tj, found.factor_id, found.tier)
        out.add(key, gas_out, per_tj * tj, found.factor_id, found.tier, basis="market")
    meta["ch4_origin"] = "non_fossil" if biogenic else "fossil"
    meta["notes"] = f"boiler method: h={h} kJ/kg, efficiency={eta}, fuel={fuel}"
    if biogenic:
        meta["notes"] += ("; biomass boiler fuel: its CO2 is biogenic, outside the total, CH4 and N2O counted "
                          "(IPCC 2006 Vol. 2 Ch. 1 §1.4.1.1)")
    out.meta[key] = meta
