"""The factor registry: pick the factor a row needs, in the Circular 38 Art. 18 order.

Selection works on *distinct keys* (activity, gas, sector, technology, region,
date), never per input row. The tier order — facility-specific, then national,
then IPCC default — is a sort key, and the chosen tier is returned with the factor.
"""

from __future__ import annotations

import datetime as dt
import math
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .activities import search as search  # re-exported explicitly: ghgcalc.factors.search under mypy --strict
from .data import dataset_version, load_factor_table
from .errors import FactorNotFoundError, UnitError
from .units import parse

if TYPE_CHECKING:
    import pint

#: Circular 38/2023/TT-BCT Art. 18: facility-specific, then national list, then IPCC.
DEFAULT_PRIORITY: tuple[str, ...] = ("facility", "national", "ipcc_default", "reference")


@dataclass(frozen=True)
class Chosen:
    """A selected factor: its value as a pint quantity and where it came from."""

    factor_id: str
    value: float
    unit: str
    tier: str
    source_id: str
    table: str
    note: str = ""

    @property
    def quantity(self) -> pint.Quantity[Any]:
        q: pint.Quantity[Any] = self.value * parse(self.unit)
        return q


class Registry:
    """Read-only view of the shipped factors plus any user factors."""

    def __init__(self, extra: pd.DataFrame | None = None,
                 priority: Sequence[str] = DEFAULT_PRIORITY, *, known_on: dt.date | None = None) -> None:
        table = load_factor_table()
        if known_on is not None:  # the editions a facility could use on that day (the user's own rows always)
            table = table[known_mask(table, known_on)]
        self.known_on = known_on
        if extra is not None and len(extra):
            table = pd.concat([extra, table], ignore_index=True)
        self.table = table
        self.priority = {t: i for i, t in enumerate(priority)}
        self.version = dataset_version()
        self._by = {(str(a), str(k)): g for (a, k), g in table.groupby(["activity", "kind"], sort=False)}
        self._empty = table.iloc[0:0]
        self._position: dict[str, int] = {}
        for i, fid in enumerate(table["factor_id"]):
            self._position.setdefault(str(fid), i)  # user rows come first and win
        #: answers of select() and convert_via_properties(), which depend only on their
        #: arguments and this read-only table (keys repeat across rows and calls)
        self.memo: dict[tuple[Any, ...], Any] = {}

    def rows(self, activity: str, kind: str) -> pd.DataFrame:
        """Every row of one activity and kind (e.g. the NCV rows of ``gas_diesel_oil``)."""
        return self._by.get((activity, kind), self._empty)

    def select(self, activity: str, kind: str, *, gas: str = "", sector: str = "",
               technology: str = "", region: str = "", on: dt.date | None = None,
               exact_technology: bool = False, exclude_sources: Sequence[str] = ()) -> Chosen | None:
        """The best factor for one key, or ``None`` when nothing applies (see :meth:`_select`).

        Answers are remembered per registry: a key asked again (another row, another
        call) costs a dictionary look-up, not a filter of the factor table.
        """
        key = ("select", activity, kind, gas, sector, technology, region, on, exact_technology,
               tuple(exclude_sources))
        if key not in self.memo:
            self.memo[key] = self._select(activity, kind, gas=gas, sector=sector, technology=technology,
                                          region=region, on=on, exact_technology=exact_technology,
                                          exclude_sources=exclude_sources)
        chosen: Chosen | None = self.memo[key]
        return chosen

    def _select(self, activity: str, kind: str, *, gas: str = "", sector: str = "",
                technology: str = "", region: str = "", on: dt.date | None = None,
                exact_technology: bool = False, exclude_sources: Sequence[str] = ()) -> Chosen | None:
        """The best factor for one key, or ``None`` when nothing applies.

        Rows with an empty sector/technology/region apply to every value; a row
        naming the key's value is preferred to a generic one. When several rows
        of equal rank disagree in value (e.g. road gasoline by technology and no
        technology was given), :class:`FactorNotFoundError` names the choices.
        ``exact_technology`` matches the technology exactly (no generic rows);
        ``exclude_sources`` leaves out rows of those sources (e.g. another IPCC vintage).
        """
        cand = self.rows(activity, kind)
        if exclude_sources:
            cand = cand[~cand["source_id"].isin(list(exclude_sources))]
        if gas:
            cand = cand[cand["gas"] == gas]
        cand = cand[cand["tier"].isin(list(self.priority))]
        cand = cand[cand["sector"].isin(["", sector])]
        cand = cand[cand["region"].isin(["", region])]
        if exact_technology:  # parameters keyed by technology (MCF of a treatment system ...)
            cand = cand[cand["technology"] == technology]
        elif technology:
            cand = cand[cand["technology"].isin(["", technology])]
        if on is not None:
            valid_to = cand["valid_to"].map(lambda d: d if d is not None and not pd.isna(d) else dt.date.max)
            cand = cand[(cand["valid_from"] <= on) & (valid_to >= on)]
        if cand.empty:
            return None
        ranked = cand.assign(
            _tier=cand["tier"].map(self.priority),
            _spec=-(cand["sector"].ne("").astype(int) + cand["technology"].ne("").astype(int)
                    + cand["region"].ne("").astype(int)),
            _from=cand["valid_from"],
        ).sort_values(["_tier", "_spec", "_from"], ascending=[True, True, False], kind="stable")
        best = ranked.iloc[0]
        same = ranked[(ranked["_tier"] == best["_tier"]) & (ranked["_spec"] == best["_spec"])]
        if not technology and same["technology"].ne("").any() and same["value"].nunique() > 1:
            options = ", ".join(sorted(set(same["technology"])))
            raise FactorNotFoundError(
                f"{activity} ({sector or 'any sector'}, {gas}) has factors by technology: {options}",
                hint="add a 'technology' column naming one of them",
            )
        return Chosen(
            factor_id=str(best["factor_id"]),
            value=float(best["value"]),
            unit=str(best["unit"]),
            tier=str(best["tier"]),
            source_id=str(best["source_id"]),
            table=str(best["table"]),
        )

    def lookup(self, factor_id: str) -> pd.Series:
        """One factor row by id (for reports)."""
        pos = self._position.get(factor_id)
        if pos is None:
            raise FactorNotFoundError(f"no factor with id {factor_id!r}",
                                      hint="`ghgcalc factors list` shows every id")
        return self.table.iloc[pos]


@lru_cache(maxsize=8)
def shipped_registry(priority: tuple[str, ...] = DEFAULT_PRIORITY, known_on: dt.date | None = None) -> Registry:
    """The registry of the shipped dataset, built once per priority order (and date, see :func:`known_mask`)."""
    return Registry(None, priority, known_on=known_on)


def known_mask(table: pd.DataFrame, on: dt.date) -> pd.Series:
    """Rows of the factor table a facility could have used on ``on``: the editions published by then.

    A row is known on ``on`` when its edition is in force (``valid_from`` ≤ ``on``) and the document
    that announced it was out (its ``published`` date in ``sources.yaml``, where the document's date
    differs from ``valid_from``: the grid factor of 2022, valid for 2022, was announced on 19/03/2024).
    A source without ``published`` is taken as out from each row's ``valid_from``. A row closed
    (``valid_to``) before ``on`` stays known: an earlier year's grid factor still applies to that year.
    """
    from .data import load_sources

    published = {sid: e["published"] for sid, e in load_sources().items() if e.get("published")}
    out = pd.Series([published.get(str(x)) for x in table["source_id"]], index=table.index, dtype=object)
    announced = out.where(out.notna(), table["valid_from"])
    return (table["valid_from"] <= on) & announced.map(lambda d: d <= on).astype(bool)


def convert_via_properties(reg: Registry, activity: str, from_unit: str, to_unit: str, *,
                           user_props: Sequence[Chosen] = ()) -> tuple[float, list[Chosen]]:
    """Multiplier from ``from_unit`` to ``to_unit`` for one activity, through density and NCV.

    Tries the direct conversion, then one or two steps through the activity's
    properties (user-supplied first, then NCV, density and specific volume from
    the dataset). Returns the multiplier and the properties used.

    Raises :class:`UnitError` when no route exists (e.g. litres of electricity).
    """
    key = ("convert", activity, from_unit, to_unit, tuple(user_props))
    if key not in reg.memo:
        reg.memo[key] = _with_route(reg, activity, from_unit, to_unit, tuple(user_props))
    conv, used = reg.memo[key]
    return conv, list(used)


def _with_route(reg: Registry, activity: str, from_unit: str, to_unit: str,
                user_props: tuple[Chosen, ...]) -> tuple[float, list[Chosen]]:
    """The conversion, reusing the route found for the same units and the same kind of user property.

    Rows that each carry their own measured NCV differ only in the NCV's value;
    the route (through that NCV, multiplied or divided) and pint's magnitudes and
    unit factor do not. The route is kept once checked to reproduce pint's number
    exactly, then only the arithmetic pint does is repeated (no value of zero,
    infinity or NaN takes this path).
    """
    if not user_props:
        return _convert_via_properties(reg, activity, from_unit, to_unit)
    shape = ("route", activity, from_unit, to_unit,
             tuple((p.factor_id, p.unit, p.tier, p.source_id, p.table, p.note) for p in user_props))
    route = reg.memo.get(shape)
    if route is not None:
        i, fast = route
        value = user_props[i].value
        if value != 0 and math.isfinite(value):
            return fast(value), [user_props[i]]
    conv, used = _convert_via_properties(reg, activity, from_unit, to_unit, user_props=user_props)
    if shape not in reg.memo:
        reg.memo[shape] = _route(from_unit, to_unit, user_props, conv, used)
    return conv, used


def _route(from_unit: str, to_unit: str, user_props: tuple[Chosen, ...], conv: float,
           used: list[Chosen]) -> tuple[int, Callable[[float], float]] | None:
    """``(index of the user property, value -> conversion)`` when the route is one user property, else None."""
    if len(used) != 1 or used[0] not in user_props:
        return None
    i = user_props.index(used[0])
    p = used[0]
    if not (p.value != 0 and math.isfinite(p.value)):
        return None
    src, dst, unit = parse(from_unit), parse(to_unit), parse(p.unit)
    m_src, m_dst, m_unit = src.magnitude, dst.magnitude, unit.magnitude
    pq = p.value * unit
    for op, cand in ((operator.mul, src * pq), (operator.truediv, src / pq)):
        if cand.dimensionality != dst.dimensionality:
            continue
        factor = (cand / dst).units
        scale = float((1.0 * parse("dimensionless") * factor).to("dimensionless").magnitude)

        def fast(v: Any, op: Any = op, scale: float = scale) -> Any:
            # the same operations on a float or, element by element, on a float64 array (same bits)
            out = (op(m_src, m_unit * v) / m_dst) * scale
            return out if isinstance(out, np.ndarray) else float(out)
        return (i, fast) if fast(p.value) == conv else None
    return None


def convert_each(reg: Registry, activity: str, from_unit: str, to_unit: str, prop: Chosen,
                 values: np.ndarray) -> tuple[np.ndarray, list[Chosen]]:
    """:func:`convert_via_properties` for many values of one user property (keys differing only in a measured NCV).

    ``prop`` carries the first value; the conversion of each value is the number
    :func:`convert_via_properties` gives for ``prop`` with that value, to the last bit:
    the conversion's route (value-independent: units only) is found once with pint,
    then applied to the array with the same floating-point operations, or, where no
    route reproduces pint exactly, each value goes through pint. Returns the
    conversions and the properties used (``prop`` standing for its siblings).
    """
    conv, used = convert_via_properties(reg, activity, from_unit, to_unit, user_props=(prop,))
    if prop not in used:  # the route does not go through the user's value: one number for all
        return np.full(len(values), conv), used
    shape = ("route", activity, from_unit, to_unit, ((prop.factor_id, prop.unit, prop.tier, prop.source_id,
                                                      prop.table, prop.note),))
    route = reg.memo.get(shape)
    good = (values != 0) & np.isfinite(values)
    if route is not None and good.all():
        out = route[1](values.astype(float))
        out[0] = conv
        return out, used
    each = [convert_via_properties(reg, activity, from_unit, to_unit, user_props=(replace(prop, value=float(v)),))[0]
            for v in values]
    return np.asarray(each, dtype=float), used


def _convert_via_properties(reg: Registry, activity: str, from_unit: str, to_unit: str, *,
                            user_props: Sequence[Chosen] = ()) -> tuple[float, list[Chosen]]:
    src, dst = parse(from_unit), parse(to_unit)
    if src.dimensionality == dst.dimensionality:
        return float((src / dst).to("dimensionless").magnitude), []
    props: list[Chosen] = [*user_props, *_dataset_properties(reg, activity)]
    frontier: list[tuple[pint.Quantity[Any], list[Chosen]]] = [(src, [])]
    for _depth in range(2):
        nxt: list[tuple[pint.Quantity[Any], list[Chosen]]] = []
        for q, used in frontier:
            for p in props:
                if any(u.factor_id == p.factor_id for u in used):
                    continue
                for cand in (q * p.quantity, q / p.quantity):
                    if cand.dimensionality == dst.dimensionality:
                        return float((cand / dst).to("dimensionless").magnitude), [*used, p]
                    nxt.append((cand, [*used, p]))
        frontier = nxt
    raise UnitError(
        f"unit {from_unit!r} does not fit activity {activity!r} (needs {dst.dimensionality}"
        f"{' or a quantity convertible through its NCV/density' if props else ''})",
        hint=_unit_hint(to_unit),
    )


def _dataset_properties(reg: Registry, activity: str) -> tuple[Chosen, ...]:
    """NCV, density, specific volume and molar mass rows of an activity, best tier first (remembered per registry)."""
    key = ("properties", activity)
    if key not in reg.memo:
        props = []
        for kind in ("ncv", "density", "specific_volume", "molar_mass"):
            for _, row in reg.rows(activity, kind).sort_values("tier", key=lambda s: s.map(reg.priority)).iterrows():
                props.append(Chosen(str(row["factor_id"]), float(row["value"]), str(row["unit"]),
                                    str(row["tier"]), str(row["source_id"]), str(row["table"])))
        reg.memo[key] = tuple(props)
    cached: tuple[Chosen, ...] = reg.memo[key]
    return cached


def _unit_hint(to_unit: str) -> str:
    dims = str(parse(to_unit).dimensionality)
    if "[time]" in dims and "[mass]" in dims:
        return "give an energy (kWh, MWh, GJ), or a mass/volume of fuel (t, kg, L, m3)"
    if dims == "[mass]":
        return "give a mass (kg, t)"
    return f"give a quantity convertible to {to_unit}"
