r"""Stationary and mobile fuel combustion (IPCC 2006 Vol. 2 Ch. 2 and Ch. 3, Tier 1).

.. math::

    E_{gas} = FC \times NCV \times EF_{gas}

where :math:`FC` is the fuel consumed [t, or L/m3 converted through density],
:math:`NCV` the net calorific value [TJ/Gg] (Vol. 2 Ch. 1 Table 1.2) and
:math:`EF_{gas}` the emission factor [kg gas/TJ]: CO2 from Table 1.4 (the same
in every sector; Ch. 3 Tables 3.2.1/3.3.1/3.4.1 use these for mobile sources),
CH4 and N2O by sector from Tables 2.2-2.5 (stationary) and 3.2.2, 3.3.1, 3.4.1,
3.5.3 (mobile). Circular 38/2023/TT-BCT App. II formula 1 is the same equation.

CO2 from biomass fuels is reported as biogenic CO2, outside the total; their
CH4 and N2O stay in it (IPCC 2006 Vol. 2 Ch. 1 §1.4.1.1).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from .. import checks
from ..activities import catalogue, factor_activity
from ..errors import FactorNotFoundError, UnitError
from ..factors import Chosen, convert_via_properties
from ..units import conversion_factor, parse
from . import Coefficients, Context, KeyProblem, for_each_key, number, per_denominator, text

STATIONARY = ("energy_industries", "manufacturing_construction", "commercial_institutional",
              "residential_agriculture")
MOBILE = ("road_transport", "off_road", "railways", "navigation", "domestic_aviation")
SECTORS = STATIONARY + MOBILE
GASES = ("CO2", "CH4", "N2O")
#: Energy basis of the IPCC per-TJ factors.
ENERGY_BASIS = "TJ"
#: Fuels sold as liquids that are gases at ambient conditions: a plain volume is read as the liquid's.
LIQUEFIED_GASES = ("liquefied_petroleum_gases",)


def _per_amount_of_gas(ctx: Context, activity: str) -> bool:
    """True when the dataset holds a property of ``activity`` per amount of gas (per Sm3, per mol)."""
    for kind in ("ncv", "density", "molar_mass"):
        for unit in ctx.registry.rows(activity, kind)["unit"]:
            if float(parse(str(unit)).dimensionality.get("[substance]", 0).real) < 0:
                return True
    return False


def _gas_quantity(key: int, row: pd.Series, activity: str, unit: str, ctx: Context, notes: list[str], *,
                  user_ncv: bool) -> tuple[str, float]:
    """The unit a gas quantity is converted from, and the CH4 fraction of biogas by volume.

    A gas in a plain volume (m3, 1000 m3) has no reference conditions: it is read as standard cubic
    metres (Sm3, 15 °C, 101.325 kPa), with a warning, unless the row brings its own NCV per that
    volume. LPG in a plain volume is read as the liquid. Biogas by volume needs ``ch4_fraction``.
    """
    q = parse(unit)
    volume = q.dimensionality == parse("m**3").dimensionality
    gaseous = _per_amount_of_gas(ctx, activity)
    written = unit.replace("**", "")
    if volume and gaseous and not user_ncv:
        per_m3 = conversion_factor(unit, "m**3")
        message = (f"{activity} in {written!r} has no reference conditions: read as standard cubic metres "
                   "(Sm3, 15 °C, 101.325 kPa); write Nm3 (0 °C) or Sm3 (15 °C) as metered")
        ctx.warnings.append(message)
        notes.append("volume read as Sm3 (no reference conditions given)")
        unit = f"{per_m3!r} * standard_cubic_meter"
        q = parse(unit)
    elif volume and activity in LIQUEFIED_GASES and not user_ncv:
        ctx.warnings.append(f"{activity} in {written!r} is read as a volume of liquid; for LPG metered as gas "
                            "write Nm3 or Sm3 and give its ncv per Sm3")
        notes.append("volume read as liquid")
    scale = 1.0
    fraction = number(row.get("ch4_fraction"))
    if "[substance]" in str(q.dimensionality) and not ctx.registry.rows(activity, "molar_mass").empty:
        if fraction is None:
            raise KeyProblem(key, "ch4_fraction", f"{activity} by volume needs its CH4 fraction (ch4_fraction, "
                                                  "e.g. 0.6 from the gas analyser)")
        if not 0 < fraction <= 1:
            raise KeyProblem(key, "ch4_fraction", f"ch4_fraction {fraction:g} must be a fraction in (0, 1]")
        scale = fraction
        notes.append(f"CH4 fraction {fraction:g}")
    return unit, scale


def coefficients(keys: pd.DataFrame, ctx: Context) -> Coefficients:
    """Tonnes of CO2, CH4, N2O per unit of fuel quantity, for each distinct key.

    Parameters
    ----------
    keys : DataFrame
        Distinct keys with columns ``activity, unit, sector, technology, region``
        and optional user factors ``ef_co2, ef_ch4, ef_n2o`` [mass of gas per
        ``ef_unit``], ``ncv`` [energy per ``ncv_unit``].
    ctx : Context

    Returns
    -------
    Coefficients
        per gas: t gas per unit of ``quantity``; meta with ISO 14064-1
        category 1.1 (stationary) or 1.2 (mobile), scope 1.
    """
    biogenic = set(catalogue().loc[catalogue()["biogenic"], "activity"])
    return for_each_key(keys, ctx, lambda key, row, c, out: _one(key, row, c, out, biogenic))


def _one(key: int, row: pd.Series, ctx: Context, out: Coefficients, biogenic: set[str]) -> None:
    activity, unit = row["activity"], row["unit"]
    fuel = factor_activity(activity)  # a national fuel name (than cám 5) burns with its IPCC fuel's factors
    sector = text(row.get("sector")) or ctx.default_sector
    if not sector:
        raise KeyProblem(key, "sector", f"fuel rows need a sector; one of {', '.join(SECTORS)}")
    if sector not in SECTORS:
        raise KeyProblem(key, "sector", f"unknown sector {sector!r}; use one of {', '.join(SECTORS)}")
    technology, region = text(row.get("technology")), text(row.get("region")) or ctx.default_region
    reg = ctx.registry
    user_props = []
    ncv = number(row.get("ncv"))
    if ncv is not None:
        ncv_unit = text(row.get("ncv_unit")) or "TJ/Gg"
        user_props.append(Chosen("user.ncv", ncv, ncv_unit, "facility", "user", "measured NCV"))
    notes: list[str] = []
    unit, scale = _gas_quantity(key, row, str(activity), str(unit), ctx, notes, user_ncv=ncv is not None)
    conv_cache: dict[str, tuple[float, list[Chosen]]] = {}

    def per_unit(denominator: str) -> tuple[float, list[Chosen]]:
        if denominator not in conv_cache:
            try:
                conv_cache[denominator] = convert_via_properties(
                    reg, fuel, unit, denominator, user_props=user_props)
            except UnitError as exc:
                hint = (f"; {activity} at reference conditions (Nm3, Sm3) needs its net calorific value per "
                        "volume: give ncv with ncv_unit (e.g. MJ/Sm3) from the supplier"
                        if "[substance]" in str(parse(unit).dimensionality) else "")
                raise KeyProblem(key, "unit", str(exc) + hint) from exc
        return conv_cache[denominator]

    ef_unit = text(row.get("ef_unit"))
    for gas in GASES:
        user_ef = number(row.get(f"ef_{gas.lower()}"))
        default: Chosen | None = None
        if user_ef is not None:
            if not ef_unit:
                raise KeyProblem(key, "ef_unit", f"ef_{gas.lower()} is given without ef_unit (e.g. kg/TJ, t/t)")
            chosen = Chosen(f"user.{text(row.get('ef_source')) or 'facility'}.{gas.lower()}",
                            user_ef, ef_unit, "facility", "user", "facility-specific factor")
            try:  # the cited default the own factor replaces, for the plausibility warning
                default = reg.select(fuel, "ef", gas=gas, sector=sector, technology=technology, region=region)
            except FactorNotFoundError:
                default = None
        else:
            try:
                found = reg.select(fuel, "ef", gas=gas, sector=sector, technology=technology,
                                   region=region)
            except FactorNotFoundError as exc:
                raise KeyProblem(key, "technology", str(exc)) from exc
            if found is None:
                if gas == "CO2":
                    raise KeyProblem(key, "activity", f"no CO2 factor for {activity}")
                notes.append(f"no {gas} factor for {activity} in {sector}")
                continue
            chosen = found
        try:
            mass_t, denom = per_denominator(chosen, gas)
        except UnitError as exc:
            raise KeyProblem(key, "ef_unit", str(exc)) from exc
        conv, used = per_unit(denom)
        coef = mass_t * conv * scale
        if user_ef is not None and default is not None:
            _plausible(key, f"ef_{gas.lower()}", str(activity), f"{user_ef:g} {ef_unit}", coef, default, scale,
                       per_unit, ctx)
        ids = ";".join([chosen.factor_id, *[u.factor_id for u in used]])
        gas_out = "CO2_biogenic" if gas == "CO2" and activity in biogenic else gas
        tier = chosen.tier
        out.add(key, gas_out, coef, ids, tier)
        for u in used:
            if u.tier == "facility":
                notes.append("measured NCV used")
            elif fuel != activity and reg.lookup(u.factor_id)["kind"] == "ncv":
                msg = (f"{activity}: no cited NCV for this coal (TCVN 8910 gives a gross calorific value on a dry "
                       f"basis, not an NCV); the IPCC {fuel} NCV {u.value:g} {u.unit} was used: give a measured "
                       "ncv (with ncv_unit) from the analysis of the coal delivered")
                notes.append(msg)
                ctx.warnings.append(msg)
    out.energy_tj[key] = per_unit(ENERGY_BASIS)[0] * scale
    if ncv is not None:
        _plausible_ncv(key, str(activity), fuel, unit, f"{ncv:g} {text(row.get('ncv_unit')) or 'TJ/Gg'}",
                       per_unit(ENERGY_BASIS), ctx)
    out.meta[key] = {
        "method": "combustion_mobile" if sector in MOBILE else "combustion_stationary",
        "iso_category": "1.2" if sector in MOBILE else "1.1",
        "ghgp_scope": "1",
        "notes": "; ".join(dict.fromkeys(notes)),
        "ch4_origin": "non_fossil" if activity in biogenic else "fossil",
    }


def _plausible(key: int, column: str, activity: str, own: str, coef: float, default: Chosen, scale: float,
               per_unit: Callable[[str], tuple[float, list[Chosen]]], ctx: Context) -> None:
    """A key warning when an own emission factor is far from the cited default it replaces."""
    try:
        mass_t, denom = per_denominator(default, column[3:].upper())
        default_coef = mass_t * per_unit(denom)[0] * scale
    except (UnitError, KeyProblem):
        return
    if default_coef > 0:
        msg = checks.far_from_default(column, activity, own, coef / default_coef,
                                      ctx.registry.lookup(default.factor_id))
        if msg:
            ctx.key_warnings.append((key, column, msg))


def _plausible_ncv(key: int, activity: str, fuel: str, unit: str, own: str, used: tuple[float, list[Chosen]],
                   ctx: Context) -> None:
    """A key warning when a measured NCV is far from the dataset's NCV of the fuel."""
    conv, props = used
    if "user.ncv" not in {p.factor_id for p in props}:
        return  # the quantity is already energy: the NCV is not used
    try:
        default_conv, default_props = convert_via_properties(ctx.registry, fuel, unit, ENERGY_BASIS)
    except UnitError:
        return
    rows = [ctx.registry.lookup(p.factor_id) for p in default_props]
    ncv_rows = [r for r in rows if r["kind"] == "ncv"]
    if ncv_rows and default_conv > 0:
        msg = checks.far_from_default("ncv", activity, own, conv / default_conv, ncv_rows[0])
        if msg:
            ctx.key_warnings.append((key, "ncv", msg))
