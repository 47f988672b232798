"""Energy use in tonnes of oil equivalent (TOE) for the Decree 06/2022 energy criteria.

Coefficients are MOIT's (official letter 3505/BCT-KHCN, 2011), in
``emission_factors/vn/toe_moit_3505_2011.csv``: e.g. electricity 0.1543 TOE/MWh,
DO 1.02 TOE/t or 0.88 TOE/1,000 L. A carrier without a coefficient (rice husk,
wood …) is converted through its net calorific value (IPCC 2006 Vol. 2 Table 1.2)
at 1 TOE = 41.868 GJ, and the row says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .activities import factor_activity, family_of, resolve, suggest
from .errors import InputError, Problem, UnitError
from .factors import Registry, convert_via_properties, shipped_registry
from .units import conversion_factor, normalize_unit, parse, split_unit


@dataclass(frozen=True)
class ToeLine:
    """One energy carrier converted to TOE."""

    carrier: str
    quantity: float
    unit: str
    toe: float
    route: str
    factor_id: str


def energy_to_toe(energy: pd.DataFrame, registry: Registry | None = None) -> list[ToeLine]:
    """Convert rows of ``carrier, quantity, unit`` (optional ``grade``) to TOE.

    Parameters
    ----------
    energy : DataFrame
        ``carrier`` (activity id or alias), ``quantity`` [``unit``], ``unit``;
        optional ``grade`` for coal fines (``grade_1_2``, ``grade_3_4``, ``grade_5_6``).

    Returns
    -------
    list of ToeLine
        Each with ``toe`` [TOE] and the route: ``MOIT 3505`` coefficient or ``NCV``.
    """
    table = toe_table(energy, registry)
    columns = [table[c].tolist() for c in ("carrier", "quantity", "unit", "toe", "route", "factor_id")]
    return [ToeLine(*r) for r in zip(*columns, strict=True)]


def toe_table(energy: pd.DataFrame, registry: Registry | None = None) -> pd.DataFrame:
    """:func:`energy_to_toe` as a frame, computed column-wise.

    Each distinct (carrier, unit, grade) is converted once; the rows are a
    multiplication of the quantity column by their key's TOE per unit.

    Returns
    -------
    DataFrame
        ``carrier`` (canonical id), ``quantity``, ``unit`` (pint spelling),
        ``toe`` [TOE], ``route``, ``factor_id``; the index of ``energy``.

    Raises
    ------
    InputError
        Every row with an unknown carrier, a quantity that is not a number
        ≥ 0, or a unit that does not fit the carrier (the first problem of each row).
    """
    reg = registry or shipped_registry()
    n = len(energy)
    column = _column(energy, "carrier", n)
    names = [str(v or "") for v in column]
    carrier_codes, carrier_names = pd.factorize(pd.Series(names, dtype=object), use_na_sentinel=False)
    canonical = [resolve(str(c)) for c in carrier_names]
    raw_qty = _column(energy, "quantity", n)
    qty, not_number = _quantities(raw_qty)
    unit_codes, unit_names = pd.factorize(pd.Series([str(v) for v in _column(energy, "unit", n, "")], dtype=object),
                                          use_na_sentinel=False)
    units = [normalize_unit(str(u)) for u in unit_names]
    grades = [str(v or "") if not _missing(v) else "" for v in _column(energy, "grade", n)] \
        if "grade" in energy.columns else [""] * n
    grade_codes, grade_names = pd.factorize(pd.Series(grades, dtype=object), use_na_sentinel=False)

    problems: dict[int, Problem] = {}
    bad_carrier = np.array([c is None for c in canonical], dtype=bool)[carrier_codes] if n else np.zeros(0, bool)
    for i in np.flatnonzero(bad_carrier):
        name = names[i]
        hint = suggest(name)
        problems[int(i)] = Problem(int(i), "carrier", f"unknown energy carrier {name!r}"
                                   + (f"; did you mean {', '.join(hint)}?" if hint else ""))
    for i in np.flatnonzero(not_number & ~bad_carrier):
        problems[int(i)] = Problem(int(i), "quantity", f"quantity {raw_qty[i]!r} is not a number")
    for i in np.flatnonzero(~not_number & ~(qty >= 0) & ~bad_carrier):
        problems[int(i)] = Problem(int(i), "quantity", f"energy quantity {qty[i]:g} must be zero or positive")

    # one conversion per distinct (carrier, unit, grade)
    key = (carrier_codes.astype(np.int64) * (len(unit_names) + 1) + unit_codes) * (len(grade_names) + 1) + grade_codes
    ok = np.array([int(i) not in problems for i in range(n)], dtype=bool)
    key_codes, key_values = pd.factorize(key)
    coef = np.full(len(key_values), np.nan)
    route = np.empty(len(key_values), dtype=object)
    fid = np.empty(len(key_values), dtype=object)
    failed: dict[int, str] = {}
    first = pd.Series(np.arange(n))[ok].groupby(key_codes[ok], sort=False).first() if n else pd.Series(dtype=int)
    for k, i in first.items():
        carrier, unit = canonical[carrier_codes[i]], units[unit_codes[i]]
        try:
            parse(unit)
            coef[k], route[k], fid[k] = _per_unit(reg, str(carrier), unit, str(grade_names[grade_codes[i]]))
        except UnitError as exc:
            failed[int(k)] = exc.message
    for i in np.flatnonzero(ok):
        msg = failed.get(int(key_codes[i]))
        if msg is not None:
            problems[int(i)] = Problem(int(i), "unit", msg)
    if problems:
        raise InputError([problems[i] for i in sorted(problems)])
    return pd.DataFrame({
        "carrier": [canonical[c] for c in carrier_codes],
        "quantity": qty.tolist(),
        "unit": [units[u] for u in unit_codes],
        "toe": (coef[key_codes] * qty).tolist(),
        "route": route[key_codes],
        "factor_id": fid[key_codes],
    }, index=energy.index)


def _column(frame: pd.DataFrame, name: str, n: int, default: Any = None) -> list[Any]:
    return frame[name].tolist() if name in frame.columns else [default] * n


def _missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and v != v) or v is pd.NA


def _quantities(values: list[Any]) -> tuple[np.ndarray, np.ndarray]:
    """``float(v)`` of each cell, and where that fails (text, a missing cell)."""
    out = np.empty(len(values))
    failed = np.zeros(len(values), dtype=bool)
    for i, v in enumerate(values):
        try:
            out[i] = float(v)
        except (TypeError, ValueError):
            out[i], failed[i] = np.nan, True
    return out, failed


def _per_unit(reg: Registry, carrier: str, unit: str, grade: str) -> tuple[float, str, str]:
    """TOE per one ``unit`` of ``carrier``: MOIT coefficient where one fits the unit, else through the NCV.

    Remembered in the registry (not in a module cache, which would keep every registry alive).
    """
    key = ("toe", carrier, unit, grade)
    if key not in reg.memo:
        reg.memo[key] = _per_unit_uncached(reg, carrier, unit, grade)
    answer: tuple[float, str, str] = reg.memo[key]
    return answer


def _per_unit_uncached(reg: Registry, carrier: str, unit: str, grade: str) -> tuple[float, str, str]:
    lookup = "grid_electricity" if family_of(carrier) == "electricity" else carrier
    rows = reg.rows(lookup, "toe")
    rows = rows[rows["technology"].isin(["", grade])] if grade else rows[rows["technology"] == ""]
    if rows.empty and grade:  # 'than cám' with grade 'grade_3_4': the grade rows of its IPCC fuel
        rows = reg.rows(factor_activity(carrier), "toe")
        rows = rows[rows["technology"] == grade]
    for r in rows.itertuples(index=False):
        num, den = split_unit(str(r.unit))
        try:
            conv = conversion_factor(unit, den)
        except UnitError:
            continue
        route = f"MOIT 3505/BCT-KHCN: {r.value} {r.unit}"
        if pd.notna(r.lower) and pd.notna(r.upper) and float(r.upper) != float(r.value):  # coke: 0.70-0.75
            route += f" (the table gives {r.lower:g}-{r.upper:g}; the lower end is used)"
        return float(r.value) * conversion_factor(num, "toe") * conv, route, str(r.factor_id)
    conv, used = convert_via_properties(reg, factor_activity(carrier), unit, "toe")
    ids = ";".join(u.factor_id for u in used)
    if used and all(u.source_id == "moit_3505_2011" for u in used):  # natural gas in Nm3 / Sm3
        return conv, f"MOIT 3505/BCT-KHCN coefficient read per standard m3 ({used[0].value:g} {used[0].unit})", ids
    return conv, "no MOIT coefficient: converted through NCV at 1 toe = 41.868 GJ", ids or "definition"
