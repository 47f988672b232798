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
(R-717) is not a greenhouse gas; R-744 is CO2.
"""

from __future__ import annotations

import pandas as pd

from ..data import load_blends
from ..errors import UnitError
from ..units import conversion_factor
from . import Coefficients, Context, KeyProblem


def coefficients(keys: pd.DataFrame, ctx: Context) -> Coefficients:
    """t of each component gas per unit of refrigerant mass, for each key."""
    out = Coefficients()
    blends = load_blends()
    comp = {r: g for r, g in blends.groupby("refrigerant")}
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
        if parts is None:  # a gas given by name (HFC-134a, SF6, CF4 ...)
            out.add(key, activity, per_t, f"gas.{activity}", "reference")
        else:
            for r in parts.itertuples(index=False):
                if r.component:
                    out.add(key, str(r.component), per_t * float(r.mass_fraction),
                            f"ashrae34.{activity}", "reference")
            notes = str(parts["notes"].iloc[0])
        out.meta[key] = {"method": "refrigerant_topup", "iso_category": "1.4", "ghgp_scope": "1",
                         "notes": notes}
    return out
