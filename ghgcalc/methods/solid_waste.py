r"""Solid waste sent to a disposal site: methane over the waste's lifetime (IPCC 2006 Vol. 5 Ch. 3).

The CH4 that a tonne of waste disposed of this year will eventually release
(the "waste-type-specific method" of GHG Protocol scope 3 category 5), from the
IPCC mass balance of degradable carbon, Eqs. 3.1–3.3 with all of the decomposable
carbon counted in the year of disposal:

.. math::

    CH_4 = W \times DOC \times DOC_f \times MCF \times F \times \tfrac{16}{12} \times (1 - OX)

with :math:`W` the wet mass disposed [t], :math:`DOC` the degradable organic
carbon of the waste type [t C/t] (Table 2.4 municipal waste by type, Table 2.5
industrial waste by industry, §2.3.2 sludge; ``waste_type``), :math:`DOC_f` the
fraction that decomposes (by degradability: 0.1 wood, 0.5 paper, textiles,
nappies, 0.7 food and garden waste; else 0.5, §3.2.3), :math:`MCF` the methane
correction factor of the site type (Table 3.1; ``technology``: ``managed_anaerobic``,
``managed_semi_aerobic``, ``poorly_managed_semi_aerobic``, ``managed_active_aeration``,
``poorly_managed_active_aeration``, ``unmanaged_deep``, ``unmanaged_shallow``,
``uncategorised`` — the default when the site is not known), :math:`F` the CH4
fraction of landfill gas (0.5, §3.2.3), 16/12 the mass ratio of CH4 to C, and
:math:`OX` the oxidation factor (Table 3.2: 0.1 for a managed site covered with
CH4-oxidising material, ``covered`` = yes; else 0). The CO2 of decomposing waste
is biogenic and not counted (Vol. 5 Ch. 3 §3.2.1). It is not the first-order
decay of a facility's own landfill, whose emissions of a year come from the
waste of earlier years. DOC, DOCf, MCF and F of Decision 2626/QĐ-BTNMT Appendix IV
(items 1.1-1.20) come first (Circular 38/2023/TT-BCT Art. 18), the IPCC 2006
values where the decision has none.
"""

from __future__ import annotations

import pandas as pd

from ..errors import UnitError
from ..factors import Chosen
from ..units import conversion_factor
from . import Coefficients, Context, KeyProblem, Row, for_each_key, is_yes, number, text

DEFAULT_SITE = "uncategorised"


def coefficients(keys: pd.DataFrame, ctx: Context) -> Coefficients:
    """t CH4 per unit of waste disposed, for each key (quantity a mass of wet waste)."""
    return for_each_key(keys, ctx, _one)


def options(ctx: Context, prefix: str) -> list[str]:
    """The values a parameter family offers, e.g. the waste types of ``doc/``."""
    rows = ctx.registry.rows("waste_offsite", "parameter")
    return sorted(t.split("/", 1)[1] for t in rows["technology"] if t.startswith(prefix + "/"))


def _fraction(c: Chosen) -> float:
    """A parameter as a plain fraction (rows are written in %, kg/kg or dimensionless)."""
    return float(c.quantity.to("dimensionless").magnitude)


def _optional(ctx: Context, technology: str) -> Chosen | None:
    return ctx.registry.select("waste_offsite", "parameter", technology=technology, region=ctx.default_region,
                               exact_technology=True)


def _param(ctx: Context, key: int, technology: str, column: str) -> Chosen:
    found = ctx.registry.select("waste_offsite", "parameter", technology=technology, region=ctx.default_region,
                                exact_technology=True)
    if found is None:
        family, _, value = technology.partition("/")
        raise KeyProblem(key, column, f"unknown {column} {value!r}; one of {', '.join(options(ctx, family))}")
    return found


def _one(key: int, row: Row, ctx: Context, out: Coefficients) -> None:
    for gas in ("co2", "ch4", "n2o"):
        if number(row.get(f"ef_{gas}")) is not None:
            raise KeyProblem(key, f"ef_{gas}", "landfilled waste is computed from its DOC and the site type; "
                                               "for your own factor give ef_co2e without treatment landfill")
    waste_type = text(row.get("waste_type")).lower()
    if not waste_type:
        raise KeyProblem(key, "waste_type", "landfilled waste needs its type for the DOC (Tables 2.4/2.5): one of "
                                            + ", ".join(options(ctx, "doc")))
    site = text(row.get("technology")).lower() or DEFAULT_SITE
    covered = is_yes(row.get("covered"))
    doc = _param(ctx, key, f"doc/{waste_type}", "waste_type")
    mcf = _param(ctx, key, f"mcf/{site}", "technology")
    ox = _param(ctx, key, "ox/covered" if covered else "ox/default", "covered")
    docf = _optional(ctx, f"docf/{waste_type}") or _param(ctx, key, "docf", "technology")
    f = _param(ctx, key, "f", "technology")
    ch4_per_c = _param(ctx, key, "ch4_per_c", "technology")
    try:
        per_t = conversion_factor(str(row["unit"]), "t")
    except UnitError as exc:
        raise KeyProblem(key, "unit", f"{exc.message}; give the mass of waste (t, kg)") from exc
    doc_, docf_, mcf_, f_, per_c, ox_ = (_fraction(c) for c in (doc, docf, mcf, f, ch4_per_c, ox))
    ch4 = per_t * doc_ * docf_ * mcf_ * f_ * per_c * (1 - ox_)
    used = [doc, docf, mcf, f, ch4_per_c, ox]
    tier = max((c.tier for c in used), key=lambda t: ctx.registry.priority.get(t, len(ctx.registry.priority)))
    out.add(key, "CH4", ch4, ";".join(c.factor_id for c in used), tier)
    notes = [f"lifetime CH4 of {waste_type} in a {site} site" + (" (covered)" if covered else "")
             + f": DOC {doc_:g} x DOCf {docf_:g} x MCF {mcf_:g} x F {f_:g}"]
    if not text(row.get("technology")):
        notes.append(f"site type not given: {DEFAULT_SITE} (MCF {mcf_:g})")
    out.meta[key] = {"method": "solid_waste_disposal", "iso_category": "1.3", "ghgp_scope": "1",
                     "notes": "; ".join(notes), "ch4_origin": "non_fossil"}
