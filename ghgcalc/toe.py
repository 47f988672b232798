"""Energy use in tonnes of oil equivalent (TOE) for the Decree 06/2022 energy criteria.

Coefficients are MOIT's (official letter 3505/BCT-KHCN, 2011), in
``emission_factors/vn/toe_moit_3505_2011.csv``: e.g. electricity 0.1543 TOE/MWh,
DO 1.02 TOE/t or 0.88 TOE/1,000 L. A carrier without a coefficient (rice husk,
wood …) is converted through its net calorific value (IPCC 2006 Vol. 2 Table 1.2)
at 1 TOE = 41.868 GJ, and the row says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .activities import family_of, resolve, suggest
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
    reg = registry or shipped_registry()
    lines: list[ToeLine] = []
    problems: list[Problem] = []
    for i, row in enumerate(energy.to_dict("records")):
        name = str(row.get("carrier", "") or "")
        carrier = resolve(name)
        if carrier is None:
            hint = suggest(name)
            problems.append(Problem(i, "carrier", f"unknown energy carrier {name!r}"
                                    + (f"; did you mean {', '.join(hint)}?" if hint else "")))
            continue
        try:
            qty = float(row.get("quantity"))
        except (TypeError, ValueError):
            problems.append(Problem(i, "quantity", f"quantity {row.get('quantity')!r} is not a number"))
            continue
        if not qty >= 0:
            problems.append(Problem(i, "quantity", f"energy quantity {qty:g} must be zero or positive"))
            continue
        unit = normalize_unit(str(row.get("unit", "")))
        try:
            parse(unit)
            lines.append(_one(reg, carrier, qty, unit, str(row.get("grade", "") or "")))
        except UnitError as exc:
            problems.append(Problem(i, "unit", exc.message))
    if problems:
        raise InputError(problems)
    return lines


def _one(reg: Registry, carrier: str, qty: float, unit: str, grade: str) -> ToeLine:
    lookup = "grid_electricity" if family_of(carrier) == "electricity" else carrier
    rows = reg.rows(lookup, "toe")
    rows = rows[rows["technology"].isin(["", grade])] if grade else rows[rows["technology"] == ""]
    for r in rows.itertuples(index=False):
        num, den = split_unit(str(r.unit))
        try:
            conv = conversion_factor(unit, den)
        except UnitError:
            continue
        toe = float(r.value) * conversion_factor(num, "toe") * conv * qty
        return ToeLine(carrier, qty, unit, toe, f"MOIT 3505/BCT-KHCN: {r.value} {r.unit}", str(r.factor_id))
    conv, used = convert_via_properties(reg, carrier, unit, "toe")
    ids = ";".join(u.factor_id for u in used)
    return ToeLine(carrier, qty, unit, conv * qty,
                   "no MOIT coefficient: converted through NCV at 1 toe = 41.868 GJ", ids or "definition")
