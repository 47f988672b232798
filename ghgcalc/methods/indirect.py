"""Indirect emissions (ISO 14064-1 categories 3-6, GHG Protocol scope 3) and removals.

Transport given as a distance with a ``load`` (tonnes, or passengers with
``load_unit`` ``passenger``) is converted to t·km or passenger·km for factors
per t·km or per passenger·km.

Each activity (``business_travel``, ``purchased_goods``, ``waste_offsite`` …)
carries its ISO 14064-1 subcategory and GHG Protocol scope 3 category in the
activity catalogue. The factor is the user's own, cited in ``ef_source``: either
``ef_co2e`` [t CO2e per ``ef_unit``] as published in CO2e (e.g. a government
conversion-factor set of a stated year, which then fixes its own GWP set), or
per gas ``ef_co2``/``ef_ch4``/``ef_n2o``. Removals (``removal_onsite``) are
reported in their own column, never netted against emissions.
"""

from __future__ import annotations

import pandas as pd

from ..activities import catalogue
from ..errors import UnitError
from ..units import conversion_factor, parse, split_unit
from . import Coefficients, Context, KeyProblem, for_each_key, gas_mass_t, number, text

GASES = ("CO2", "CH4", "N2O")


def coefficients(keys: pd.DataFrame, ctx: Context) -> Coefficients:
    """t of gas (or t CO2e) per unit of activity, from the user's factor."""
    cat = catalogue().set_index("activity")
    return for_each_key(keys, ctx, lambda key, row, c, out: _one(key, row, out, cat))


def _per_unit(key: int, value: float, ef_unit: str, unit: str, gas: str) -> float:
    num, denom = split_unit(ef_unit)
    if not denom:
        raise KeyProblem(key, "ef_unit", f"{ef_unit!r} is not a per-unit factor (e.g. kg/km, t/t)")
    try:
        conv = conversion_factor(unit, denom)
        mass = value * parse(num)
        if gas == "CO2e" and mass.dimensionality == parse("t").dimensionality:
            return float(mass.to("t").magnitude) * conv
        return gas_mass_t(mass, gas) * conv
    except UnitError as exc:
        raise KeyProblem(key, "unit", f"{exc.message}; the quantity must fit the factor's unit ({denom})") from exc


def _one(key: int, row: pd.Series, out: Coefficients, cat: pd.DataFrame) -> None:
    activity, unit = row["activity"], row["unit"]
    load = number(row.get("load"))
    if load is not None:  # km with a load: t·km or passenger·km
        if load < 0:
            raise KeyProblem(key, "load", "the load must not be negative")
        load_unit = text(row.get("load_unit")) or "t"
        if load_unit in ("passenger", "passengers", "người", "pax"):
            load_unit = "passenger"
        unit = f"({unit}) * {load} * {load_unit}"
    ef_unit = text(row.get("ef_unit"))
    source = text(row.get("ef_source")) or "user"
    given = {"CO2e": number(row.get("ef_co2e")), **{g: number(row.get(f"ef_{g.lower()}")) for g in GASES}}
    if all(v is None for v in given.values()):
        raise KeyProblem(key, "ef_co2e", f"{activity} needs your factor: ef_co2e (or ef_co2/ef_ch4/ef_n2o) with "
                                         "ef_unit and ef_source, e.g. 0.15 t/t.km from a cited conversion-factor set")
    if not ef_unit:
        raise KeyProblem(key, "ef_unit", "give the factor's unit, e.g. kg/km, t/tkm, kg/pkm, t/t")
    removal = activity == "removal_onsite"
    for gas, value in given.items():
        if value is None:
            continue
        if value < 0:
            raise KeyProblem(key, f"ef_{gas.lower()}", "factors are positive; removals use activity removal_onsite")
        coef = _per_unit(key, value, ef_unit, unit, gas)
        out.add(key, "removal" if removal else gas, coef, f"user.{source}.{gas.lower()}", "facility")
    out.meta[key] = {"method": "removal" if removal else "indirect_user_factor",
                     "iso_category": str(cat.at[activity, "iso_category"]),
                     "ghgp_scope": str(cat.at[activity, "ghgp_scope"]), "notes": f"factor source: {source}"}
