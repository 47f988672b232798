r"""The calorific basis of a fuel quantity stated in an energy unit: net (the IPCC basis) or gross.

The IPCC 2006 factors per TJ (Vol. 2 Ch. 1 Table 1.4, Ch. 2 Tables 2.2-2.5, Ch. 3) are per TJ of
energy on the net calorific value basis (NCV, LHV), and ghgcalc reads every energy quantity (TJ,
GJ, MWh, MMBtu, therm, kcal …) on that basis. Invoices often state gross energy (GCV, GHV, HHV):
natural gas sold in MMBtu, in Vietnam as in the US, usually is. A row says so with
``energy_basis = gross``; its energy is then brought to the net basis before any factor applies:

.. math::

    E_{net} = E_{gross} \times r

where :math:`r` is the NCV/GCV default of the fuel's family, a cited parameter of the dataset
(``emission_factors/ipcc2006/gcv_to_ncv_ratio.csv``, ``technology = gcv_to_ncv``): 0.95 for coal,
oil and their products, 0.90 for natural and manufactured gas (IPCC 2006 Vol. 2 Ch. 1 §1.4.1.2,
p. 1.16, and the notes to Ch. 2 Tables 2.6-2.8). A fuel without such a row (biomass, peat,
wastes, and LPG, ethane and refinery gas, oil products in gaseous form that the rule does not
clearly place) refuses ``gross``: its energy must be given on the net basis.

``gross`` on a quantity in mass or volume units is refused, not ignored: such a quantity is
converted by an NCV (the dataset's, or the row's measured ``ncv``, which must itself be a net
calorific value), so a row saying "gross" there shows a belief the calculation would not honour.
``gross`` on a row that is not a fuel (electricity, steam …) is refused for the same reason.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from ..checks import accepted_in, choose
from ..factors import Chosen
from ..units import parse
from . import Context, KeyProblem, Row, text

#: The input column.
COLUMN = "energy_basis"
#: Its ids, each with its Vietnamese and English labels and the spellings read as it.
BASES: dict[str, tuple[str, ...]] = {
    "net": ("Nhiệt trị thấp (NCV, LHV)", "Net calorific value (NCV, LHV)", "ncv", "lhv", "nhiệt trị thấp",
            "net calorific value", "lower heating value", "net"),
    "gross": ("Nhiệt trị cao (GCV, HHV)", "Gross calorific value (GCV, HHV)", "gcv", "hhv", "ghv",
              "nhiệt trị cao", "gross calorific value", "higher heating value", "gross"),
}
#: The basis of a row that names none: the IPCC one (today's reading, unchanged).
DEFAULT = "net"
#: ``technology`` of the dataset's NCV/GCV parameter rows.
RATIO = "gcv_to_ncv"
#: How the note of a row stated gross begins (renderers mark its unit and the net energy by it).
GROSS_NOTE = "energy stated gross (GCV)"
#: pint names of the Btu family (MMBtu, therm): the units of US-style invoices, which state gross energy.
BTU_NAMES = ("british_thermal_unit", "therm")


def basis_id(value: Any) -> str | None:
    """The id a cell means: ``net`` for blank, ``net``/``gross`` for an id or label, else ``None``.

    >>> basis_id(None), basis_id("HHV"), basis_id("Nhiệt trị thấp (NCV, LHV)"), basis_id("both")
    ('net', 'gross', 'net', None)
    """
    raw = text(value)
    return choose(BASES, raw) if raw else DEFAULT


def accepted() -> str:
    """The accepted values, for a message."""
    return accepted_in(BASES)


def _is_energy(unit: str) -> bool:
    return bool(parse(unit).dimensionality == parse("TJ").dimensionality)


def _btu(unit: str) -> bool:
    names = str(parse(unit).units)
    return any(name in names for name in BTU_NAMES)


def ratio(ctx: Context, fuel: str, region: str) -> Chosen | None:
    """The NCV/GCV ratio of ``fuel`` (the IPCC fuel a national fuel burns as): a facility's own first, or ``None``."""
    return ctx.registry.select(fuel, "parameter", technology=RATIO, region=region, exact_technology=True)


def gross_ratio(keys: list[int], row: Row, activity: str, fuel: str, unit: str, region: str, ctx: Context,
                notes: list[str]) -> Chosen | None:
    """The ratio a fuel key's energy quantity is multiplied by (``None``: net, nothing to do).

    Raises :class:`KeyProblem` (column ``energy_basis``) for an unknown value, ``gross`` on a
    quantity that is not energy, or a fuel without a cited ratio. A Btu-family quantity (MMBtu,
    therm) of a fuel with a cited ratio and no ``energy_basis`` gets a warning, once per key.
    """
    ctx.basis_read.update(keys)
    given = text(row.get(COLUMN))
    bid = basis_id(given)
    if bid is None:
        raise KeyProblem(keys[0], COLUMN, f"unknown energy basis {given!r}; use {accepted()}")
    energy = _is_energy(unit)
    if not given:
        if energy and _btu(unit) and ratio(ctx, fuel, region) is not None:
            written = unit.replace("_it", "").replace("**", "")
            msg = (f"{activity} in {written!r} is read as net calorific value (IPCC); if the invoice states gross "
                   "(GHV/HHV), set energy_basis = gross")
            ctx.key_warnings += [(k, "unit", msg) for k in keys]
        return None
    if bid == DEFAULT:
        return None
    if not energy:
        raise KeyProblem(keys[0], COLUMN, f"energy_basis gross applies to a quantity in an energy unit (GJ, MMBtu, "
                                          f"therm …), not {unit.replace('**', '')!r}: a mass or volume is converted "
                                          "by a net calorific value (the IPCC one, or a measured ncv, which must be "
                                          "net); leave energy_basis blank or net")
    found = ratio(ctx, fuel, region)
    if found is None:
        raise KeyProblem(keys[0], COLUMN, f"no cited gross-to-net ratio for {activity} (IPCC 2006 Vol. 2 Ch. 1 "
                                          "§1.4.1.2 gives one for coal, oil, natural and manufactured gas); give "
                                          "its energy on the net basis (NCV), or its mass with a measured ncv")
    try:  # TJ/TJ as shipped; a facility's own row may write its ratio in any dimensionless unit (%)
        value = float(found.quantity.to("dimensionless").magnitude)
    except Exception as exc:
        raise KeyProblem(keys[0], COLUMN, f"the ratio {found.factor_id} ({found.unit}) is not a ratio") from exc
    if not 0 < value <= 1:  # NCV <= GCV by definition: a ratio above 1 is GCV/NCV, read inverted it would add energy
        raise KeyProblem(keys[0], COLUMN, f"the ratio {found.factor_id} of {activity} is {value:g}: NCV/GCV is above 0 "
                                          "and at most 1 (the net value leaves out the heat of the water vapour "
                                          "formed); if it is GCV/NCV, write 1 divided by it")
    notes.append(f"{GROSS_NOTE} x {value:g} to net (NCV)")  # its factor id is in factor_ids
    return replace(found, value=value, unit="dimensionless")


def stated_gross(notes: pd.Series) -> np.ndarray:
    """Which result rows had their energy stated gross: the note :func:`gross_ratio` writes, whatever the id of
    the ratio applied (a facility's own ratio row may be named anything)."""
    found: np.ndarray = notes.astype(str).str.contains(GROSS_NOTE, regex=False).to_numpy(dtype=bool)
    return found


def unread(keys: pd.DataFrame, ctx: Context) -> list[KeyProblem]:
    """Keys that say ``gross`` (or an unknown basis) but are not fuel quantities: refused, naming the column."""
    if COLUMN not in keys:
        return []
    family = keys["family"] if "family" in keys else pd.Series("", index=keys.index)
    out = []
    for k, value in keys[COLUMN].items():
        key = int(str(k))
        if key in ctx.basis_read or family[k] == "fuel" or basis_id(value) == DEFAULT:
            continue
        out.append(KeyProblem(key, COLUMN, f"energy_basis {text(value)!r} applies only to fuels in an energy unit; "
                                           f"{keys.at[k, 'activity']} is not a fuel: leave energy_basis blank"))
    return out
