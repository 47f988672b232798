"""Calculation methods, one module per source family.

Each module exposes ``coefficients(keys, ctx)``: for every distinct key (activity,
unit, sector, ... of the input rows) the tonnes of each gas emitted per unit of
``quantity``, with the factor ids and tier used. The engine multiplies these by
the quantity column; no method sees individual rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import UnitError
from ..factors import Chosen, Registry
from ..units import parse, split_unit

if TYPE_CHECKING:
    import pint


@dataclass
class Context:
    """What every method may read: the registry and the caller's options."""

    registry: Registry
    default_sector: str = ""
    #: Region of rows that name none; national factors (Decision 2626) apply to "VN".
    default_region: str = "VN"
    grid_fallback: str = "previous_year"
    warnings: list[str] = field(default_factory=list)
    #: Warnings about one distinct key (key, column, message): the engine names the rows that carry it.
    key_warnings: list[tuple[int, str, str]] = field(default_factory=list)
    #: Keys whose ``energy_basis`` a fuel method read (:func:`ghgcalc.methods.energy_basis.unread` refuses the rest).
    basis_read: set[int] = field(default_factory=set)


@dataclass
class KeyProblem(Exception):
    """A problem with one distinct key; the engine reports it on every matching row."""

    key: int
    column: str
    message: str


@dataclass
class Coefficients:
    """The output of a method for a set of keys.

    ``gases``: long frame ``key, gas, coef, factor_id, tier, basis`` where
    ``coef`` is tonnes of gas per unit of quantity and ``basis`` is
    ``location`` (default) or ``market`` (scope 2 market-based only).
    ``meta``: one row per key with ``method, iso_category, ghgp_scope, notes``.
    ``energy_tj``: TJ of energy per unit of quantity, for fuels and electricity
    (the "total (TJ)" column of Circular 38/2023/TT-BCT App. II table 1.1).
    """

    gases: list[dict[str, Any]] = field(default_factory=list)
    meta: dict[int, dict[str, str]] = field(default_factory=dict)
    problems: list[KeyProblem] = field(default_factory=list)
    energy_tj: dict[int, float] = field(default_factory=dict)

    def add(self, key: int, gas: str, coef: float, factor_id: str, tier: str,
            basis: str = "location") -> None:
        self.gases.append({"key": key, "gas": gas, "coef": coef, "factor_id": factor_id,
                           "tier": tier, "basis": basis})

    def frame(self) -> pd.DataFrame:
        columns = ["key", "gas", "coef", "factor_id", "tier", "basis"]
        if not self.gases:
            return pd.DataFrame(self.gases, columns=columns)
        return pd.DataFrame({c: [g[c] for g in self.gases] for c in columns})  # column by column: faster


#: One distinct key as the methods read it: column name -> cell (``row["activity"]``, ``row.get("ncv")``).
Row = Mapping[str, Any]


def key_rows(keys: pd.DataFrame) -> Iterator[tuple[int, Row]]:
    """``(key, row)`` for every distinct key, in order: plain dicts, not a pandas Series per key."""
    columns = list(keys.columns)
    cells = [keys[c].to_numpy(dtype=object) for c in columns]
    for key, *values in zip(keys.index, *cells, strict=True):
        yield int(str(key)), dict(zip(columns, values, strict=True))


def for_each_key(keys: pd.DataFrame, ctx: Context,
                 one: Callable[[int, Row, Context, Coefficients], None]) -> Coefficients:
    """Run a method's per-key function on every distinct key, collecting the problems."""
    out = Coefficients()
    for key, row in key_rows(keys):
        try:
            one(key, row, ctx, out)
        except KeyProblem as p:
            out.problems.append(p)
    return out


def shape_groups(keys: pd.DataFrame, vary: str) -> list[np.ndarray]:
    """Positions of the keys grouped where they are equal in every column but ``vary``.

    Every position is in one group; positions ascend within a group and groups come
    in the order of their first key. Keys that differ only in a measured value (each
    row its own NCV) fall in one group, which a method resolves as one array.

    >>> k = pd.DataFrame({"activity": ["diesel", "diesel", "coal"], "ncv": [43.0, 42.5, 43.0]})
    >>> [g.tolist() for g in shape_groups(k, "ncv")]
    [[0, 1], [2]]
    """
    combined = np.zeros(len(keys), dtype=np.int64)
    for c in keys.columns:
        if c == vary:
            continue
        codes, uniq = pd.factorize(keys[c], use_na_sentinel=False)
        combined = pd.factorize(combined * (len(uniq) + 1) + codes)[0]  # stays below len(keys) ** 2
    group = pd.factorize(combined)[0]  # numbered by first appearance
    order = np.argsort(group, kind="stable")
    return np.split(order, np.flatnonzero(np.diff(group[order])) + 1) if len(order) else []


def fuel_ch4_origin(activity: str) -> str:
    """Origin of the CH4 of burning a fuel: ``non_fossil`` for biomass (rice husk, wood, biogas), else ``fossil``.

    Recorded on the key (``meta["ch4_origin"]``) so that a GWP set with a fossil /
    non-fossil CH4 split (AR6 WG1 Table 7.15) applies the right value.

    >>> fuel_ch4_origin("natural_gas"), fuel_ch4_origin("other_primary_solid_biomass")
    ('fossil', 'non_fossil')
    """
    from ..activities import catalogue

    cat = catalogue()
    return "non_fossil" if activity in set(cat.loc[cat["biogenic"], "activity"]) else "fossil"


def text(value: Any) -> str:
    """A key cell as clean text ('' for missing)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


#: Cell values read as "yes" (as people type them in English or Vietnamese workbooks).
YES = ("yes", "y", "true", "x", "có", "co")


def is_yes(value: Any) -> bool:
    """A yes/no cell: ``yes``, ``có``, ``x``, ``true`` or the number 1.

    >>> [is_yes(v) for v in ("Có", 1.0, "no", None)]
    [True, True, False, False]
    """
    t = text(value).lower()
    if t in YES:
        return True
    try:
        return float(t) == 1
    except ValueError:
        return False


def number(value: Any) -> float | None:
    """A key cell as a float, or ``None`` when blank."""
    if value is None or value == "":
        return None
    f = float(value)
    return None if f != f else f


def per_denominator(chosen: Chosen, gas: str) -> tuple[float, str]:
    """A factor as (tonnes of ``gas`` per one denominator unit, the denominator).

    >>> from ghgcalc.factors import Chosen
    >>> mass, den = per_denominator(Chosen("x", 56100, "kg CO2/TJ", "t", "s", "T"), "CO2")
    >>> round(mass, 9), den
    (56.1, 'TJ')
    """
    return _per_denominator(chosen, gas)


@lru_cache(maxsize=65536)
def _per_denominator(chosen: Chosen, gas: str) -> tuple[float, str]:
    """:func:`per_denominator`, remembered: the same factor recurs in many keys and calls."""
    num, den = split_unit(chosen.unit)
    if not den:
        raise UnitError(f"factor {chosen.factor_id} ({chosen.unit}) has no per-unit denominator")
    return gas_mass_t(chosen.value * parse(num), gas), den


def denominator(chosen: Chosen) -> str:
    """The per-unit part of a factor's unit as written, e.g. ``TJ`` for ``kg CO2/TJ``."""
    den = split_unit(chosen.unit)[1]
    if not den:
        raise UnitError(f"factor {chosen.factor_id} ({chosen.unit}) has no per-unit denominator")
    return den


def gas_mass_t(q: pint.Quantity[Any], gas: str) -> float:
    """A mass of ``gas`` in tonnes; a bare mass (user factor ``kg/TJ``) is read as that gas."""
    if q.dimensionality == parse("kg").dimensionality:
        q = q * parse(gas)
    try:
        return float(q.to(f"t * {gas}").magnitude)
    except Exception as exc:
        raise UnitError(f"{q.units} is not a mass of {gas}") from exc
