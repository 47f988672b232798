r"""Refrigerants and other fluorinated gases released (IPCC 2006 Vol. 3 Ch. 7).

Simplified method of Circular 38/2023/TT-BCT App. II formula 2.1: the mass
topped up in the year is the mass released,

.. math::

    E_j = AD_j \times w_{j,c}

split into the blend's components :math:`c` by mass fraction :math:`w` (ASHRAE
Standard 34 compositions), so that each component is weighted by its own GWP
and a blend's GWP is the mass-weighted sum of its components'. Ozone-depleting
gases (R-22 and other HCFCs/CFCs) are Montreal Protocol gases: they are reported
as a memo item (``memo_co2e_t``) and never enter the Kyoto total. Ammonia
(R-717) is not a greenhouse gas; R-744 is CO2. Methane released
(``methane_release``) is biogas CH4 (non-fossil origin) unless the row's ``fuel``
names a fossil gas (``natural_gas``: a pipe leak), which makes it fossil; the
origin picks the CH4 GWP of a set with the fossil/non-fossil split (AR6).
"""

from __future__ import annotations

import pandas as pd

from ..activities import catalogue, resolve
from ..data import load_blends
from ..errors import UnitError
from ..units import conversion_factor
from . import Coefficients, Context, KeyProblem, fuel_ch4_origin, text


def coefficients(keys: pd.DataFrame, ctx: Context) -> Coefficients:
    """t of each component gas per unit of refrigerant mass, for each key."""
    out = Coefficients()
    blends = load_blends()
    comp = {r: g for r, g in blends.groupby("refrigerant")}
    cat = catalogue()
    gas_of = dict(zip(cat["activity"], cat["gas"], strict=True))
    for key_, row in keys.iterrows():
        key = int(str(key_))
        activity, unit = row["activity"], row["unit"]
        try:
            per_t = conversion_factor(unit, "t")
        except UnitError as exc:
            out.problems.append(KeyProblem(key, "unit", f"{exc.message}; refrigerant is a mass (kg, t)"))
            continue
        parts = comp.get(activity)
        notes = ""
        if parts is None:  # a gas given by name (HFC-134a, SF6, CF4, methane_release ...)
            gas = gas_of.get(activity) or activity
            out.add(key, gas, per_t, f"gas.{gas}", "reference")
        else:
            for r in parts.itertuples(index=False):
                if r.component:
                    out.add(key, str(r.component), per_t * float(r.mass_fraction),
                            f"ashrae34.{activity}", "reference")
            notes = str(parts["notes"].iloc[0])
        out.meta[key] = {"method": "refrigerant_topup", "iso_category": "1.4", "ghgp_scope": "1",
                         "notes": notes}
        if gas_of.get(activity) == "CH4":
            leaked = resolve(text(row.get("fuel"))) if text(row.get("fuel")) else None
            out.meta[key]["ch4_origin"] = fuel_ch4_origin(leaked) if leaked else "non_fossil"
    return out


# ---------------------------------------------------------------------------
# Ways to estimate the mass released, each returning rows that calculate() accepts.

def _row(refrigerant: str, released: float, unit: str, year: int | None, note: str) -> pd.DataFrame:
    from ..activities import resolve
    from ..errors import GhgcalcError

    activity = resolve(refrigerant)
    if activity is None:
        raise GhgcalcError(f"unknown refrigerant {refrigerant!r}", hint="use an ASHRAE designation such as R-410A")
    if released < 0:
        raise GhgcalcError(f"the mass balance of {refrigerant} is negative ({released:g} {unit})",
                           hint="check the inventories, purchases and capacities: more refrigerant cannot "
                                "come back than went in")
    row: dict[str, object] = {"activity": activity, "quantity": released, "unit": unit, "description": note}
    if year is not None:
        row["year"] = year
    return pd.DataFrame([row])


def _check_masses(**masses: float) -> None:
    from ..errors import GhgcalcError

    for name, value in masses.items():
        if value < 0:
            raise GhgcalcError(f"{name} = {value:g} must not be negative")


def mass_balance(refrigerant: str, *, inventory_start: float, inventory_end: float, purchased: float,
                 returned: float = 0.0, capacity_new: float = 0.0, capacity_retired: float = 0.0,
                 unit: str = "kg", year: int | None = None) -> pd.DataFrame:
    r"""Full mass balance of one refrigerant (or SF6) over a year.

    .. math::

        E = (I_{start} - I_{end}) + (P - R) + (C_{retired} - C_{new})

    Parameters
    ----------
    inventory_start, inventory_end : float
        Refrigerant held in storage (cylinders) at the start and end of the year [``unit``].
    purchased, returned : float
        Bought or received, and sold or returned to suppliers/recyclers [``unit``].
    capacity_new, capacity_retired : float
        Full charge of equipment installed and retired during the year [``unit``].

    Returns
    -------
    DataFrame
        One activity row (``activity, quantity, unit``) for :func:`ghgcalc.calculate`.

    References
    ----------
    IPCC 2006 Vol. 3 Ch. 7 §7.5.2.2 (mass-balance approach); GHG Protocol HFC/PFC tool.
    """
    _check_masses(inventory_start=inventory_start, inventory_end=inventory_end, purchased=purchased,
                  returned=returned, capacity_new=capacity_new, capacity_retired=capacity_retired)
    released = (inventory_start - inventory_end) + (purchased - returned) + (capacity_retired - capacity_new)
    return _row(refrigerant, released, unit, year, "full mass balance")


def simplified_mass_balance(refrigerant: str, *, charged_new: float = 0.0, capacity_new: float = 0.0,
                            serviced: float = 0.0, capacity_disposed: float = 0.0, recovered: float = 0.0,
                            unit: str = "kg", year: int | None = None) -> pd.DataFrame:
    r"""Simplified mass balance (new charge, service top-ups, disposal).

    .. math::

        E = (P_{new} - C_{new}) + P_{service} + (C_{disposed} - R_{disposed})

    with the refrigerant charged into new equipment, the new equipment's full
    charge, the refrigerant used to service (top up) equipment, and the full
    charge of disposed equipment less what was recovered from it [``unit``].
    """
    _check_masses(charged_new=charged_new, capacity_new=capacity_new, serviced=serviced,
                  capacity_disposed=capacity_disposed, recovered=recovered)
    released = (charged_new - capacity_new) + serviced + (capacity_disposed - recovered)
    return _row(refrigerant, released, unit, year, "simplified mass balance")


def screening(refrigerant: str, *, charge: float, equipment: str, leak_rate: float | None = None,
              unit: str = "kg", year: int | None = None) -> pd.DataFrame:
    r"""Screening estimate: full charge × annual leak rate of the equipment type.

    .. math::

        E = C \times x

    ``x`` defaults to the upper end of the IPCC 2006 Vol. 3 Ch. 7 Table 7.9 range
    of the ``equipment`` type (``industrial_refrigeration``, ``chillers``,
    ``residential_commercial_ac``, ``medium_large_commercial`` …); the value used
    is stated in the row's description.
    """
    from ..errors import GhgcalcError
    from ..factors import shipped_registry

    _check_masses(charge=charge)
    if leak_rate is None:
        reg = shipped_registry()
        found = reg.select("refrigeration_equipment", "parameter", technology=equipment, exact_technology=True)
        if found is None:
            options = sorted(set(reg.rows("refrigeration_equipment", "parameter")["technology"]))
            raise GhgcalcError(f"unknown equipment type {equipment!r}", hint=f"one of {', '.join(options)}")
        leak_rate = float(found.quantity.to("dimensionless").magnitude)
        note = f"screening: leak rate {leak_rate:g}/yr ({found.factor_id}, IPCC 2006 Vol. 3 Table 7.9 upper end)"
    else:
        note = f"screening: leak rate {leak_rate:g}/yr (given)"
    if not 0 <= leak_rate <= 1:
        raise GhgcalcError(f"leak rate {leak_rate:g} must be a fraction between 0 and 1 per year")
    return _row(refrigerant, charge * leak_rate, unit, year, note)
