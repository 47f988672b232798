r"""Purchased electricity, location- and market-based (GHG Protocol Scope 2 Guidance).

.. math::

    E_{CO2} = AD \times EF_{grid, y}

with :math:`AD` the electricity bought [MWh] and :math:`EF_{grid,y}` the national
grid emission factor of the calculation year [t CO2/MWh] announced by the
Department of Climate Change (Circular 38/2023/TT-BCT App. II formula 3).

Market-based: the supplier's or contract's factor (``ef_market``, e.g. a DPPA);
without one the market-based figure equals the location-based one (Vietnam
publishes no residual mix) and the row says so. The two are reported side by
side and never summed.

A year without an announced grid factor is never filled silently: with
``grid_fallback="previous_year"`` the latest earlier factor is used and the row's
notes and the result's warnings say so; with ``"error"`` the row is rejected.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..errors import UnitError
from ..factors import Chosen
from ..units import conversion_factor, parse
from . import Coefficients, Context, KeyProblem, Row, for_each_key, number, per_denominator, text


def coefficients(keys: pd.DataFrame, ctx: Context) -> Coefficients:
    """t CO2 per unit of electricity for each key (location and market basis)."""
    return for_each_key(keys, ctx, _one)


def _not_energy(unit: str) -> str:
    """What to write instead of a unit electricity cannot be counted in (litres, tonnes …): the units it can."""
    return f"{unit!r} is not an energy unit; electricity is an energy (kWh, MWh, GWh)"


def _per_unit(key: int, q_factor: Chosen, unit: str) -> float:
    try:
        mass_t, denom = per_denominator(q_factor, "CO2")
    except UnitError as exc:
        raise KeyProblem(key, "ef_unit", exc.message) from exc
    try:
        conv = conversion_factor(unit, denom)
    except UnitError as exc:
        raise KeyProblem(key, "unit", _not_energy(unit)) from exc
    return mass_t * conv


def grid_factor(ctx: Context, key: int, region: str, year: int | None) -> tuple[Chosen, str]:
    """The grid factor of ``year``, or the fallback with a note saying which and why."""
    if year is None:
        raise KeyProblem(key, "year", "grid electricity needs the year the electricity was used "
                                      "(the grid factor is announced per year)")
    reg = ctx.registry
    found = reg.select("grid_electricity", "ef", gas="CO2", region=region, on=dt.date(year, 7, 1))
    if found is not None:
        return found, ""
    rows = reg.rows("grid_electricity", "ef")
    rows = rows[(rows["region"] == region) & (rows["valid_from"] <= dt.date(year, 1, 1))
                & rows["tier"].isin(list(reg.priority))]
    if ctx.grid_fallback != "previous_year" or rows.empty:
        raise KeyProblem(key, "year", f"no grid emission factor is announced for {region} {year}: "
                                      "give the factor in ef_co2 (with ef_unit, e.g. t CO2/MWh)")
    latest = rows.sort_values("valid_from").iloc[-1]
    chosen = reg.select("grid_electricity", "ef", gas="CO2", region=region, on=latest["valid_from"])
    if chosen is None:  # pragma: no cover - rows above are selectable by construction
        raise KeyProblem(key, "year", f"no grid emission factor for {region} {year}")
    note = (f"no grid factor announced for {year}: used the {latest['valid_from'].year} factor "
            f"{latest['value']} {latest['unit']} ({latest['table']}); supply ef_co2 to override")
    ctx.warnings.append(note)
    return chosen, note


def _one(key: int, row: Row, ctx: Context, out: Coefficients) -> None:
    activity, unit = row["activity"], row["unit"]
    year = number(row.get("year"))
    region = text(row.get("region")) or ctx.default_region
    notes: list[str] = []
    meta = {"method": "electricity", "iso_category": "2.1", "ghgp_scope": "2"}
    try:
        out.energy_tj[key] = conversion_factor(unit, "TJ")
    except UnitError as exc:
        raise KeyProblem(key, "unit", _not_energy(unit)) from exc
    if activity == "self_generated_renewable_electricity":
        if not parse(unit).dimensionality == parse("kWh").dimensionality:
            raise KeyProblem(key, "unit", f"unit {unit!r} is not an energy (kWh, MWh)")
        out.meta[key] = {"method": "electricity_self_generated", "iso_category": "1.1",
                         "ghgp_scope": "1", "notes": "renewable self-generation: no emissions"}
        return
    user = number(row.get("ef_co2"))
    if user is not None and activity == "grid_electricity":
        unit_ef = text(row.get("ef_unit")) or "t CO2/MWh"
        location = Chosen(f"user.{text(row.get('ef_source')) or 'facility'}.co2", user, unit_ef,
                          "facility", "user", "facility-specific grid factor")
    else:
        location, note = grid_factor(ctx, key, region, int(year) if year is not None else None)
        if note:
            notes.append(note)
    loc = _per_unit(key, location, unit)
    out.add(key, "CO2", loc, location.factor_id, location.tier)
    market_value = number(row.get("ef_market"))
    if activity == "contract_electricity":
        market_value = market_value if market_value is not None else user
        if market_value is None:
            raise KeyProblem(key, "ef_market", "contract electricity needs the supplier's factor "
                                               "(ef_market, with ef_market_unit such as t CO2/MWh)")
    if market_value is not None:
        mu = text(row.get("ef_market_unit")) or text(row.get("ef_unit")) or "t CO2/MWh"
        market = Chosen(f"user.{text(row.get('ef_source')) or 'contract'}.market", market_value, mu,
                        "facility", "user", "contractual instrument")
        out.add(key, "CO2", _per_unit(key, market, unit), market.factor_id, "facility", basis="market")
    else:
        out.add(key, "CO2", loc, location.factor_id, location.tier, basis="market")
        notes.append("market-based = location-based (no contractual factor; no residual mix published)")
    meta["notes"] = "; ".join(notes)
    out.meta[key] = meta
