r"""Indirect emissions (ISO 14064-1 categories 3-6, GHG Protocol scope 3) and removals.

Each activity (``business_travel``, ``purchased_goods``, ``waste_offsite`` …)
carries its ISO 14064-1 subcategory and GHG Protocol scope 3 category in the
activity catalogue. A row is computed by the first of these routes that fits:

1. **the user's own factor**, cited in ``ef_source``: ``ef_co2e`` [mass CO2e
   per ``ef_unit``] as published in CO2e (a conversion-factor set of a stated
   year, which then fixes its own GWP set), or per gas ``ef_co2``/``ef_ch4``/
   ``ef_n2o``;
2. **fuel-based** (transport, leased assets …): the row names the ``fuel`` the
   carrier burned and ``quantity`` is that fuel [L, t, m3 …]; the shipped
   combustion factors apply (IPCC 2006 Vol. 2 Ch. 1 Table 1.4 CO2 and Ch. 3
   CH4/N2O of the ``sector``, default ``road_transport``; Decision 2626
   national factors first where they exist), exactly as for the facility's own
   fuel, but the result sits in the indirect category and adds no energy to the
   facility's TOE;
3. **waste sent off site by route**: ``waste_offsite`` with ``treatment``
   ``composting``, ``anaerobic_digestion``, ``incineration`` or
   ``open_burning`` uses the IPCC 2006 Vol. 5 Ch. 4-5 defaults of that route;
   ``landfill`` the lifetime CH4 of the ``waste_type`` in the site type
   (:mod:`ghgcalc.methods.solid_waste`, Vol. 5 Ch. 2-3);
4. **grid transmission and distribution losses**: ``fuel_energy_related`` with
   ``technology`` ``td_losses``, ``quantity`` the electricity bought [MWh, kWh]
   and ``fraction`` the grid's loss rate (cited in ``ef_source``):
   :math:`E = AD \times loss \times EF_{grid,y}` with the national grid factor of
   the row's year (GHG Protocol Scope 3 Technical Guidance, category 3 (d));
5. **a published factor set** loaded as factor rows (e.g. the UK government
   conversion factors imported with ``ghgcalc factors import-desnz``): the row's
   ``technology`` names the factor and the row's unit must fit the factor's
   (t·km, passenger·km, km, room_night, t …); the newest edition valid in the
   row's ``year`` wins.

Transport given as a distance with a ``load`` (tonnes, or passengers with
``load_unit`` ``passenger``) is converted to t·km or passenger·km for factors
per t·km or per passenger·km. Removals (``removal_onsite``) are reported in
their own column, never netted against emissions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd

from ..activities import catalogue, family_of, resolve
from ..errors import UnitError
from ..units import conversion_factor, normalize_unit, parse, split_unit
from . import (
    Coefficients,
    Context,
    KeyProblem,
    Row,
    combustion,
    electricity,
    for_each_key,
    gas_mass_t,
    number,
    process,
    solid_waste,
    text,
)

GASES = ("CO2", "CH4", "N2O")
#: ``treatment`` of ``waste_offsite`` -> the on-site method's activity with IPCC defaults.
WASTE_ROUTES = {"composting": "composting", "anaerobic_digestion": "anaerobic_digestion",
                "incineration": "waste_incineration", "waste_incineration": "waste_incineration",
                "open_burning": "open_burning", "landfill": "solid_waste_disposal",
                "chôn lấp": "solid_waste_disposal"}
#: Sector of fuel-based rows that name none.
FUEL_BASED_SECTOR = "road_transport"
#: ``technology`` of ``fuel_energy_related`` rows computed as grid T&D losses.
TD_LOSSES = ("td_losses", "t&d_losses")


def coefficients(keys: pd.DataFrame, ctx: Context) -> Coefficients:
    """t of gas (or t CO2e) per unit of activity, by the route each key fits."""
    cat = catalogue().set_index("activity")
    activity = keys["activity"]
    fuel, treatment, tech = (_text_column(keys, c) for c in ("fuel", "treatment", "technology"))
    # ef_co2/ef_ch4/ef_n2o on a fuel or waste-route row are that fuel's or that waste's own factors
    own_co2e = _text_column(keys, "ef_co2e").ne("")
    clash = fuel.ne("") & own_co2e
    by_fuel = fuel.ne("") & ~own_co2e
    by_route = activity.eq("waste_offsite") & treatment.str.lower().isin(list(WASTE_ROUTES)) & ~own_co2e & ~by_fuel
    by_td = activity.eq("fuel_energy_related") & tech.str.lower().isin(TD_LOSSES) & ~own_co2e & ~by_fuel
    out = for_each_key(keys[~(by_fuel | by_route | by_td | clash)], ctx,
                       lambda key, row, c, o: _one(key, row, c, o, cat))
    for key in keys.index[clash]:
        out.problems.append(KeyProblem(int(key), "fuel", "give either the fuel burned or a CO2e factor "
                                                         "(ef_co2e), not both"))
    _delegate(keys[by_fuel], fuel[by_fuel], ctx, out, cat, fuel_based=True)
    _delegate(keys[by_route], treatment[by_route].str.lower().map(WASTE_ROUTES), ctx, out, cat, fuel_based=False)
    _td_losses(keys[by_td], ctx, out, cat)
    return out


def _text_column(keys: pd.DataFrame, column: str) -> pd.Series:
    """A key column as clean text ('' where missing or absent)."""
    if column not in keys:
        return pd.Series("", index=keys.index, dtype=object)
    return keys[column].map(text)


def _td_losses(keys: pd.DataFrame, ctx: Context, out: Coefficients, cat: pd.DataFrame) -> None:
    """Grid T&D losses: the grid factor of the row's year times the loss rate (``fraction``)."""
    if keys.empty:
        return
    given = {int(str(k)): number(v) for k, v in (keys["fraction"] if "fraction" in keys else
                                                  pd.Series(None, index=keys.index, dtype=object)).items()}
    loss: dict[int, float] = {}
    for key, f in given.items():
        if f is not None and 0 <= f < 1:
            loss[key] = f
        else:
            what = "is missing" if f is None else f"{f:g} is not a fraction below 1"
            out.problems.append(KeyProblem(key, "fraction", f"the grid's loss rate {what}: give it as a "
                                                            "fraction (6 % is 0.06), cited in ef_source"))
    sub = keys.loc[list(loss)].assign(activity="grid_electricity", technology="")
    part = electricity.coefficients(sub, ctx)
    part.gases = [{**g, "coef": g["coef"] * loss[g["key"]]} for g in part.gases if g["basis"] == "location"]
    source = keys["ef_source"].map(text) if "ef_source" in keys else pd.Series("", index=keys.index)
    _file_under(out, part, keys, cat, "indirect_td_losses",
                lambda k: f"grid T&D losses: loss rate {loss[k]:g}" + (f" ({source[k]})" if source[k] else ""))


def _delegate(keys: pd.DataFrame, target: pd.Series, ctx: Context, out: Coefficients,
              cat: pd.DataFrame, *, fuel_based: bool) -> None:
    """Compute keys with the combustion or process method, then file them under their indirect activity."""
    if keys.empty:
        return
    sub = keys.copy()
    if fuel_based:
        ids = target.map(lambda name: resolve(name) or "")
        is_fuel = ids.map(lambda a: bool(a) and family_of(a) == "fuel")
        for key in ids.index[~is_fuel]:
            out.problems.append(KeyProblem(int(key), "fuel", f"{target[key]!r} is not a known fuel "
                                                             "(e.g. gas_diesel_oil, motor_gasoline, lpg)"))
        sub = sub[is_fuel]
        sub["activity"] = ids[sub.index]
        sector = sub["sector"].map(text) if "sector" in sub else pd.Series("", index=sub.index)
        sub["sector"] = sector.where(sector.ne(""), FUEL_BASED_SECTOR)
        part = combustion.coefficients(sub, ctx)
        part.problems = [KeyProblem(p.key, "fuel" if p.column == "activity" else p.column, p.message)
                         for p in part.problems]
    else:
        sub["activity"] = target
        landfill = target.eq("solid_waste_disposal")
        part = process.coefficients(sub[~landfill], ctx)
        disposal = solid_waste.coefficients(sub[landfill], ctx)
        part.gases += disposal.gases
        part.problems += disposal.problems
        part.meta.update(disposal.meta)
    word = "fuel" if fuel_based else "treatment"
    _file_under(out, part, keys, cat, "indirect_fuel_based" if fuel_based else "indirect_waste_route",
                lambda k: f"{word} {sub.at[k, 'activity']} ({part.meta[k]['method']})")


def _file_under(out: Coefficients, part: Coefficients, keys: pd.DataFrame, cat: pd.DataFrame, method: str,
                how: Callable[[int], str]) -> None:
    """Add a direct-emission method's result, filed under each key's indirect activity (no energy, no TOE)."""
    out.gases += part.gases
    out.problems += part.problems
    for key, meta in part.meta.items():
        activity = str(keys.at[key, "activity"])
        out.meta[key] = {"method": method,
                         "iso_category": str(cat.at[activity, "iso_category"]),
                         "ghgp_scope": str(cat.at[activity, "ghgp_scope"]),
                         "notes": "; ".join(n for n in (how(key), meta.get("notes", "")) if n),
                         "ch4_origin": meta.get("ch4_origin", "")}


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


def _with_load(key: int, row: Row) -> str:
    """The row's unit, times its load when transport is given as a distance with a load."""
    unit = str(row["unit"])
    load = number(row.get("load"))
    if load is None:
        return unit
    if load < 0:
        raise KeyProblem(key, "load", "the load must not be negative")
    load_unit = text(row.get("load_unit")) or "t"
    if load_unit in ("passenger", "passengers", "người", "pax"):
        load_unit = "passenger"
    return f"({unit}) * {load} * {load_unit}"


def _one(key: int, row: Row, ctx: Context, out: Coefficients, cat: pd.DataFrame) -> None:
    activity = row["activity"]
    unit = _with_load(key, row)
    ef_unit = text(row.get("ef_unit"))
    source = text(row.get("ef_source")) or "user"
    given = {"CO2e": number(row.get("ef_co2e")), **{g: number(row.get(f"ef_{g.lower()}")) for g in GASES}}
    removal = activity == "removal_onsite"
    meta = {"iso_category": str(cat.at[activity, "iso_category"]), "ghgp_scope": str(cat.at[activity, "ghgp_scope"])}
    if all(v is None for v in given.values()):
        if not removal and _published(key, row, unit, ctx, out):
            out.meta[key] = {**meta, "method": "indirect_published_factor", "notes": ""}
            return
        raise KeyProblem(key, "ef_co2e", _missing_factor_message(activity, row, ctx))
    if not ef_unit:
        raise KeyProblem(key, "ef_unit", "give the factor's unit, e.g. kg/km, t/tkm, kg/pkm, t/t")
    for gas, value in given.items():
        if value is None:
            continue
        if value < 0:
            raise KeyProblem(key, f"ef_{gas.lower()}", "factors are positive; removals use activity removal_onsite")
        coef = _per_unit(key, value, ef_unit, unit, gas)
        out.add(key, "removal" if removal else gas, coef, f"user.{source}.{gas.lower()}", "facility")
    out.meta[key] = {**meta, "method": "removal" if removal else "indirect_user_factor",
                     "notes": f"factor source: {source}"}


def _published(key: int, row: Row, unit: str, ctx: Context, out: Coefficients) -> bool:
    """Factor rows of this activity and ``technology`` whose unit fits the row's; False if none."""
    technology = text(row.get("technology"))
    if not technology:
        return False
    cand = ctx.registry.rows(str(row["activity"]), "ef")
    cand = cand[(cand["technology"] == technology) & cand["tier"].isin(list(ctx.registry.priority))]
    region = text(row.get("region"))
    cand = cand[cand["region"].isin(["", region])]
    year = number(row.get("year"))
    if year is not None:
        cand = cand[cand["valid_from"] <= dt.date(int(year), 12, 31)]
    # one factor per gas: best tier, newest edition, then a denominator written as the row's unit
    # (a set may publish the same factor per km and per mile; both fit a distance, only one may count)
    best: dict[str, tuple[tuple[int, int, bool], int, float]] = {}
    for pos, (ef_unit, gas, tier, start) in enumerate(zip(cand["unit"], cand["gas"], cand["tier"],
                                                          cand["valid_from"], strict=True)):
        try:
            coef = _per_unit(key, 1.0, str(ef_unit), unit, str(gas))
        except KeyProblem:
            continue
        rank = (ctx.registry.priority[str(tier)], -start.toordinal(),
                normalize_unit(split_unit(str(ef_unit))[1].strip("()")) != normalize_unit(unit))
        if str(gas) not in best or rank < best[str(gas)][0]:
            best[str(gas)] = (rank, pos, coef)
    if not best:
        if len(cand):
            units = ", ".join(sorted({split_unit(str(u))[1].strip("()") for u in cand["unit"]}))
            raise KeyProblem(key, "unit", f"{technology} has factors per {units}; give the quantity in one of "
                                          "these (a distance with a load gives t·km or passenger·km)")
        return False
    for _, pos, coef in best.values():
        chosen = cand.iloc[pos]
        out.add(key, str(chosen["gas"]), coef * float(chosen["value"]), str(chosen["factor_id"]),
                str(chosen["tier"]))
    return True


def _missing_factor_message(activity: str, row: Row, ctx: Context) -> str:
    techs = sorted(set(ctx.registry.rows(activity, "ef")["technology"]) - {""})
    technology = text(row.get("technology"))
    msg = f"{activity} needs a factor: your own (ef_co2e with ef_unit and ef_source)"
    if activity != "removal_onsite":
        msg += ", or the fuel the carrier burned (column fuel)"
    if activity == "waste_offsite":
        msg += ", or a treatment route with IPCC defaults (landfill, composting, anaerobic_digestion, incineration, "\
               "open_burning)"
    if techs:
        close = [t for t in techs if technology and technology.split("/")[0] in t][:5] or techs[:5]
        msg += f", or a technology of the loaded factor set (e.g. {', '.join(close)})"
    else:
        msg += ", or a published set loaded with --factors (ghgcalc factors import-desnz)"
    if technology:
        msg = f"no loaded factor has technology {technology!r}; " + msg
    return msg
