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
from operator import attrgetter, itemgetter

import numpy as np
import pandas as pd

from .. import checks
from ..activities import catalogue, factor_activity
from ..errors import FactorNotFoundError, UnitError
from ..factors import Chosen, convert_each, convert_via_properties
from ..units import conversion_factor, parse
from . import (
    Coefficients,
    Context,
    KeyProblem,
    Row,
    for_each_key,
    key_rows,
    number,
    per_denominator,
    shape_groups,
    text,
)
from .energy_basis import gross_ratio

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
    memo = ctx.registry.memo  # depends only on the registry's read-only rows
    if ("per_amount_of_gas", activity) not in memo:
        memo[("per_amount_of_gas", activity)] = any(
            float(parse(str(unit)).dimensionality.get("[substance]", 0).real) < 0
            for kind in ("ncv", "density", "molar_mass") for unit in ctx.registry.rows(activity, kind)["unit"])
    found: bool = memo[("per_amount_of_gas", activity)]
    return found


def _gas_quantity(key: int, row: Row, activity: str, unit: str, ctx: Context, notes: list[str], *,
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
        Distinct keys (index: their key numbers, ascending, as the engine numbers them) with columns
        ``activity, unit, sector, technology, region``
        and optional user factors ``ef_co2, ef_ch4, ef_n2o`` [mass of gas per
        ``ef_unit``], ``ncv`` [energy per ``ncv_unit``].
    ctx : Context

    Returns
    -------
    Coefficients
        per gas: t gas per unit of ``quantity``; meta with ISO 14064-1
        category 1.1 (stationary) or 1.2 (mobile), scope 1.
    """
    cat = catalogue()
    biogenic = set(cat.loc[cat["biogenic"], "activity"])
    if "ncv" not in keys or len(keys) < 2:
        return for_each_key(keys, ctx, lambda key, row, c, out: _one([key], row, c, out, biogenic))
    # keys that differ only in their measured NCV are resolved together: the factors, the
    # conversion's route and the notes once, the NCVs as an array (same numbers as key by key)
    out = Coefficients()
    start = len(ctx.key_warnings)
    rows = list(key_rows(keys))
    ncv = pd.to_numeric(keys["ncv"], errors="coerce").to_numpy(dtype=float)
    for group in shape_groups(keys, "ncv"):
        together = len(group) > 1 and bool(np.isfinite(ncv[group]).all())
        for batch in ([group] if together else [[p] for p in group]):
            labels = [rows[p][0] for p in batch]
            try:
                _one(labels, rows[batch[0]][1], ctx, out, biogenic, ncv[batch] if together else None)
            except KeyProblem as kp:  # a group's problems do not depend on the NCV's value
                out.problems += [KeyProblem(k, kp.column, kp.message) for k in labels]
    # back into key order, key by key (stable: each key's gases and warnings keep theirs)
    out.gases.sort(key=itemgetter("key"))
    out.problems.sort(key=attrgetter("key"))
    ctx.key_warnings[start:] = sorted(ctx.key_warnings[start:], key=itemgetter(0))
    return out


def _one(keys: list[int], row: Row, ctx: Context, out: Coefficients, biogenic: set[str],
         ncvs: np.ndarray | None = None) -> None:
    """Coefficients of ``keys``: one key, or keys equal but for their measured NCVs ``ncvs`` (``row`` the first)."""
    key = keys[0]
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
    gross = gross_ratio(keys, row, str(activity), fuel, str(unit), region, ctx, notes)  # None: energy on the net basis
    unit, scale = _gas_quantity(key, row, str(activity), str(unit), ctx, notes, user_ncv=ncv is not None)
    conv_cache: dict[str, tuple[np.ndarray, list[Chosen]]] = {}

    def per_unit(denominator: str) -> tuple[np.ndarray, list[Chosen]]:
        if denominator not in conv_cache:
            try:
                if ncvs is None:
                    conv, used = convert_via_properties(reg, fuel, unit, denominator, user_props=user_props)
                    conv_cache[denominator] = (np.array([conv]), used)
                else:
                    conv_cache[denominator] = convert_each(reg, fuel, unit, denominator, user_props[0], ncvs)
            except UnitError as exc:
                hint = (f"; {activity} at reference conditions (Nm3, Sm3) needs its net calorific value per "
                        "volume: give ncv with ncv_unit (e.g. MJ/Sm3) from the supplier"
                        if "[substance]" in str(parse(unit).dimensionality) else "")
                raise KeyProblem(key, "unit", str(exc) + hint) from exc
            if gross is not None:  # gross energy x NCV/GCV: the net energy the per-TJ factors are for
                net, props = conv_cache[denominator]
                conv_cache[denominator] = (net * gross.value, props)
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
        coef = mass_t * conv * scale  # float64 arrays: the same bits as Python floats, key by key
        if user_ef is not None and default is not None:
            _plausible(keys, f"ef_{gas.lower()}", str(activity), f"{user_ef:g} {ef_unit}", coef, default, scale,
                       per_unit, ctx)
        ids = ";".join([chosen.factor_id, *[u.factor_id for u in used], *([gross.factor_id] if gross else [])])
        gas_out = "CO2_biogenic" if gas == "CO2" and activity in biogenic else gas
        tier = chosen.tier
        for k, c in zip(keys, coef.tolist(), strict=True):
            out.add(k, gas_out, c, ids, tier)
        for u in used:
            if u.tier == "facility":
                notes.append("measured NCV used")
            elif fuel != activity and reg.lookup(u.factor_id)["kind"] == "ncv":
                msg = (f"{activity}: no cited NCV for this coal (TCVN 8910 gives a gross calorific value on a dry "
                       f"basis, not an NCV); the IPCC {fuel} NCV {u.value:g} {u.unit} was used: give a measured "
                       "ncv (with ncv_unit) from the analysis of the coal delivered")
                notes.append(msg)
                ctx.warnings.append(msg)
    energy = per_unit(ENERGY_BASIS)[0] * scale
    if ncv is not None:
        _plausible_ncv(keys, str(activity), fuel, unit, [f"{v:g} {text(row.get('ncv_unit')) or 'TJ/Gg'}"
                                                        for v in ([ncv] if ncvs is None else ncvs.tolist())],
                       per_unit(ENERGY_BASIS), ctx)
    meta = {
        "method": "combustion_mobile" if sector in MOBILE else "combustion_stationary",
        "iso_category": "1.2" if sector in MOBILE else "1.1",
        "ghgp_scope": "1",
        "notes": "; ".join(dict.fromkeys(notes)),
        "ch4_origin": "non_fossil" if activity in biogenic else "fossil",
    }
    for k, tj in zip(keys, energy.tolist(), strict=True):
        out.energy_tj[k] = tj
        out.meta[k] = dict(meta)  # one dict per key: the engine adds notes key by key


def _plausible(keys: list[int], column: str, activity: str, own: str, coef: np.ndarray, default: Chosen,
               scale: float, per_unit: Callable[[str], tuple[np.ndarray, list[Chosen]]], ctx: Context) -> None:
    """A key warning when an own emission factor is far from the cited default it replaces."""
    try:
        mass_t, denom = per_denominator(default, column[3:].upper())
        default_coef = mass_t * per_unit(denom)[0] * scale
    except (UnitError, KeyProblem):
        return
    _warn_far(keys, column, activity, [own] * len(keys), coef, default_coef, _default_row(ctx, default.factor_id), ctx)


def _default_row(ctx: Context, factor_id: str) -> pd.Series:
    """The dataset row of a default factor, looked up once per registry (read here, never changed):
    a row per key cost 0.2 ms, most of the time of 1,000 keys with their own factors."""
    memo = ("default_row", factor_id)
    if memo not in ctx.registry.memo:
        ctx.registry.memo[memo] = ctx.registry.lookup(factor_id)
    row: pd.Series = ctx.registry.memo[memo]
    return row


def _plausible_ncv(keys: list[int], activity: str, fuel: str, unit: str, own: list[str],
                   used: tuple[np.ndarray, list[Chosen]], ctx: Context) -> None:
    """A key warning when a measured NCV is far from the dataset's NCV of the fuel."""
    conv, props = used
    if "user.ncv" not in {p.factor_id for p in props}:
        return  # the quantity is already energy: the NCV is not used
    try:
        default_conv, default_props = convert_via_properties(ctx.registry, fuel, unit, ENERGY_BASIS)
    except UnitError:
        return
    rows = [_default_row(ctx, p.factor_id) for p in default_props]
    ncv_rows = [r for r in rows if r["kind"] == "ncv"]
    if ncv_rows:
        _warn_far(keys, "ncv", activity, own, conv, np.full(len(keys), default_conv), ncv_rows[0], ctx)


def _warn_far(keys: list[int], column: str, activity: str, own: list[str], value: np.ndarray,
              default_value: np.ndarray, default: pd.Series, ctx: Context) -> None:
    """:func:`checks.far_from_default` for each key whose own ``value`` / ``default_value`` (per unit of its
    quantity) is outside the accepted range; the range is checked as an array first, for keys resolved together."""
    if len(keys) == 1:
        candidates = [0] if default_value[0] > 0 else []
    else:
        low, high = checks.far_from_default_range(default)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = value / default_value
        candidates = np.flatnonzero((default_value > 0) & ~((low <= ratio) & (ratio <= high))).tolist()
    for i in candidates:
        msg = checks.far_from_default(column, activity, own[i], float(value[i]) / float(default_value[i]), default)
        if msg:
            ctx.key_warnings.append((keys[i], column, msg))
