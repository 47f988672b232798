r"""Per-unit emission factors: industrial processes and on-site waste treatment.

.. math::

    E_{gas} = M \times f \times EF_{gas}

with :math:`M` the mass produced or consumed [t], :math:`f` an optional fraction
(``fraction``: carbonate purity, or the share of a material that is the carbonate)
and :math:`EF` the factor per tonne:

* cement clinker, Tier 1: 0.525 t CO2/t clinker (Decision 2626 App. II 1.1) or
  0.52 (IPCC 2006 Vol. 3 Ch. 2 Eq. 2.1), both with the default CKD correction of
  1.02 built in; Tier 2 when ``cao_content`` is given:
  :math:`EF = (CaO - CaO_{nc}) \times 0.785 \times CF_{CKD}` (Eq. 2.2 and
  §2.2.1.2: ``cao_non_carbonate``, the CaO of the clinker that came from
  non-carbonate feeds such as slag or fly ash, was never calcined and is
  subtracted; ``ckd_factor`` default 1.02). ``ckd_factor`` or
  ``cao_non_carbonate`` without ``cao_content`` is refused: the Tier 1 factor
  already holds a CKD correction and assumes all CaO from carbonates, so either
  would be counted twice or silently dropped;
* lime by type (Table 2.4), carbonates consumed (Table 2.1), iron and steel
  (Vol. 3 Ch. 4 Table 4.1, and Decision 2626/QĐ-BTNMT national factors where
  they exist, chosen first in the Circular 38 Art. 18 order);
* composting and anaerobic digestion (Vol. 5 Ch. 4 Table 4.1, ``technology``
  ``wet``/``dry`` weight basis), incineration and open burning N2O/CH4
  (Vol. 5 Ch. 5, Decision 2626 App. IV items 3.21-3.25). The CO2 of burned waste
  of one component (``waste_type``: ``plastics``, ``textiles``, ``wood``,
  ``nappies``, ``food``, ``garden``, ``paper``) follows Vol. 5 Eq. 5.1 / 5.2:

  .. math::

      CO_2 = M \times dm \times CF \times FCF \times OF \times \tfrac{44}{12}

  with the dry matter :math:`dm`, carbon fraction :math:`CF`, fossil carbon
  fraction :math:`FCF` (Decision 2626 App. IV items 3.1-3.19) and oxidation
  factor :math:`OF` (item 3.20 incineration, 3.23 open burning); the non-fossil
  part, :math:`(1 - FCF)`, is biogenic CO2, outside the total. A component
  without a fossil carbon fraction in the decision (wood, food) is taken as
  wholly biogenic. Mixed waste of unknown composition needs ``ef_co2``.

ISO 14064-1 category 1.3 (direct process emissions), scope 1.
"""

from __future__ import annotations

import pandas as pd

from ..errors import FactorNotFoundError, UnitError
from ..factors import Chosen
from ..units import conversion_factor
from . import Coefficients, Context, KeyProblem, Row, for_each_key, number, per_denominator, text

GASES = ("CO2", "CH4", "N2O")
#: Waste burned: CO2 depends on the waste's fossil carbon, for which no default is shipped.
FOSSIL_CARBON_NEEDED = ("waste_incineration", "open_burning")
#: Waste treated on site: its CH4 is of non-fossil origin (AR6 WG1 Table 7.15 split); other process CH4 is fossil.
WASTE_TREATMENT = ("composting", "anaerobic_digestion", "waste_incineration", "open_burning")


def coefficients(keys: pd.DataFrame, ctx: Context) -> Coefficients:
    """t gas per unit of product or material, for each key."""
    return for_each_key(keys, ctx, _one)


def _fraction(key: int, row: Row, column: str) -> float | None:
    f = number(row.get(column))
    if f is not None and not 0 <= f <= 1:
        raise KeyProblem(key, column, f"{column} {f:g} must be a fraction between 0 and 1")
    return f


def _one(key: int, row: Row, ctx: Context, out: Coefficients) -> None:
    activity, unit = row["activity"], row["unit"]
    technology = text(row.get("technology"))
    fraction = _fraction(key, row, "fraction")
    cao = _fraction(key, row, "cao_content")
    if activity == "clinker_production" and cao is None:
        _tier1_clinker_extras(key, row)
    ef_unit = text(row.get("ef_unit"))
    notes: list[str] = []
    found_any = False
    for gas in GASES:
        user = number(row.get(f"ef_{gas.lower()}"))
        chosen: Chosen | None
        if user is not None:
            if not ef_unit:
                raise KeyProblem(key, "ef_unit", f"ef_{gas.lower()} needs ef_unit (e.g. t/t)")
            chosen = Chosen(f"user.{text(row.get('ef_source')) or 'facility'}.{gas.lower()}", user, ef_unit,
                            "facility", "user", "facility-specific factor")
        elif gas == "CO2" and activity in FOSSIL_CARBON_NEEDED and text(row.get("waste_type")):
            _burned_carbon(key, row, ctx, out, notes)
            found_any = True
            continue
        elif gas == "CO2" and activity == "clinker_production" and cao is not None:
            chosen = _clinker_tier2(key, row, ctx, cao)
            notes.append(chosen.note)
        else:
            try:
                chosen = ctx.registry.select(activity, "ef", gas=gas, technology=technology,
                                             region=text(row.get("region")) or ctx.default_region)
            except FactorNotFoundError as exc:
                raise KeyProblem(key, "technology", str(exc)) from exc
        if chosen is None:
            if gas == "CO2" and activity in FOSSIL_CARBON_NEEDED:
                notes.append("fossil CO2 not counted: give the waste component (waste_type: "
                             + ", ".join(_components(ctx)) + ") or ef_co2 from the waste's fossil carbon "
                             "(IPCC 2006 Vol. 5 Ch. 5 Eq. 5.1)")
            continue
        found_any = True
        try:
            mass_t, denom = per_denominator(chosen, gas)
            conv = conversion_factor(unit, denom)
        except UnitError as exc:
            raise KeyProblem(key, "unit", f"{exc.message}; give a mass (t, kg)") from exc
        coef = mass_t * conv * (fraction if fraction is not None else 1.0)
        out.add(key, gas, coef, chosen.factor_id, chosen.tier)
    if not found_any:
        raise KeyProblem(key, "activity", f"no emission factor for {activity}; give ef_co2 (with ef_unit)")
    if fraction is not None:
        notes.append(f"fraction {fraction:g}")
    out.meta[key] = {"method": "process", "iso_category": "1.3", "ghgp_scope": "1", "notes": "; ".join(notes),
                     "ch4_origin": "non_fossil" if activity in WASTE_TREATMENT else "fossil"}


def _tier1_clinker_extras(key: int, row: Row) -> None:
    """Refuse Tier 2 inputs on a Tier 1 clinker row rather than ignore them."""
    if number(row.get("ckd_factor")) is not None:
        raise KeyProblem(key, "ckd_factor", "a CKD correction factor is used only with the clinker's CaO content "
                         "(Tier 2, IPCC 2006 Vol. 3 Eq. 2.2); the Tier 1 factor already includes the default "
                         "correction 1.02. Give cao_content (the clinker analysis; 0.65 is the default of Decision "
                         "2626/QĐ-BTNMT App. II 1.2) or leave ckd_factor blank")
    if number(row.get("cao_non_carbonate")) is not None:
        raise KeyProblem(key, "cao_non_carbonate", "non-carbonate CaO is subtracted from the clinker's CaO content "
                         "(Tier 2); give cao_content too, or leave cao_non_carbonate blank")


def _components(ctx: Context) -> list[str]:
    """Waste components with a dry-matter content in the dataset (Decision 2626 App. IV items 3.1-3.7)."""
    rows = ctx.registry.rows("waste_incineration", "parameter")
    return sorted(t.split("/", 1)[1] for t in rows["technology"] if t.startswith("dm/"))


def _fraction_of(found: Chosen) -> float:
    return float(found.quantity.to("dimensionless").magnitude)


def _burned_carbon(key: int, row: Row, ctx: Context, out: Coefficients, notes: list[str]) -> None:
    """Fossil and biogenic CO2 per unit of one burned waste component (IPCC 2006 Vol. 5 Eq. 5.1/5.2)."""
    activity, waste = str(row["activity"]), text(row.get("waste_type")).lower()
    region = text(row.get("region")) or ctx.default_region

    def param(activity_: str, technology: str) -> Chosen | None:
        return ctx.registry.select(activity_, "parameter", technology=technology, region=region,
                                   exact_technology=True)

    dm, cf = param("waste_incineration", f"dm/{waste}"), param("waste_incineration", f"cf/{waste}")
    of, per_c = param(activity, "of"), param("waste_incineration", "co2_per_c")
    if dm is None or cf is None:
        raise KeyProblem(key, "waste_type", f"no dry matter or carbon fraction for waste {waste!r}; one of "
                                            + ", ".join(_components(ctx)) + ", or give ef_co2 (with ef_unit)")
    if of is None or per_c is None:
        raise KeyProblem(key, "activity", f"no oxidation factor for {activity} in the factors in use; "
                                          "give ef_co2 (with ef_unit)")
    fcf = param("waste_incineration", f"fcf/{waste}")
    try:
        per_t = conversion_factor(str(row["unit"]), "t")
    except UnitError as exc:
        raise KeyProblem(key, "unit", f"{exc.message}; give the mass of waste (t, kg)") from exc
    carbon_co2 = per_t * _fraction_of(dm) * _fraction_of(cf) * _fraction_of(of) * _fraction_of(per_c)
    fossil = _fraction_of(fcf) if fcf is not None else 0.0
    used = [dm, cf, *([fcf] if fcf is not None else []), of, per_c]
    ids = ";".join(c.factor_id for c in used)
    measured = [c for c in used if c is not per_c]  # 44/12 is stoichiometry, not a factor's tier
    tier = max((c.tier for c in measured), key=lambda t: ctx.registry.priority.get(t, len(ctx.registry.priority)))
    if fossil > 0:
        out.add(key, "CO2", carbon_co2 * fossil, ids, tier)
    if fossil < 1:
        out.add(key, "CO2_biogenic", carbon_co2 * (1 - fossil), ids, tier)
    notes.append(f"CO2 of burned {waste}: dm {_fraction_of(dm):g} x CF {_fraction_of(cf):g} x OF "
                 f"{_fraction_of(of):g} x 44/12, fossil share "
                 + (f"{fossil:g}" if fcf is not None else "0 (no fossil carbon fraction for this component: "
                                                          "all its CO2 taken as biogenic)"))


def _clinker_tier2(key: int, row: Row, ctx: Context, cao: float) -> Chosen:
    ratio = ctx.registry.select("clinker_production", "parameter", technology="cao_ratio")
    ckd_given = number(row.get("ckd_factor"))
    non_carbonate = _fraction(key, row, "cao_non_carbonate")
    if non_carbonate is not None and non_carbonate > cao:
        raise KeyProblem(key, "cao_non_carbonate", f"non-carbonate CaO {non_carbonate:g} is more than the clinker's "
                                                   f"CaO content {cao:g}")
    carbonate_cao = cao - (non_carbonate or 0.0)
    ckd = ctx.registry.select("clinker_production", "parameter", technology="ckd_correction")
    if ratio is None or ckd is None:
        raise KeyProblem(key, "cao_content", "Tier 2 clinker parameters missing from the dataset")
    ckd_value = ckd_given if ckd_given is not None else float(ckd.quantity.to("dimensionless").magnitude)
    if ckd_value < 1:
        raise KeyProblem(key, "ckd_factor", f"CKD correction factor {ckd_value:g} must be at least 1")
    ratio_value = float(ratio.quantity.to("dimensionless").magnitude)  # t CO2 per t CaO
    cao_text = f"CaO {cao:g}" if non_carbonate is None else f"(CaO {cao:g} - non-carbonate CaO {non_carbonate:g})"
    return Chosen(f"{ratio.factor_id};{ckd.factor_id if ckd_given is None else 'user.ckd'}",
                  carbonate_cao * ratio_value * ckd_value, "t CO2/t", "facility", "user", "Tier 2 clinker",
                  note=f"Tier 2: {cao_text} x {ratio_value:g} x CKD {ckd_value:g}")
