r"""Wastewater treated on site (IPCC 2006 Vol. 5 Ch. 6).

CH4, Eq. 6.4 / 6.5 (industrial) and 6.1 / 6.2 (domestic):

.. math::

    CH_4 = V \times C \times B_o \times MCF_j - R

with :math:`V` the volume treated [m3], :math:`C` the COD (or BOD) [kg/m3],
:math:`B_o` 0.25 kg CH4/kg COD or 0.6 kg CH4/kg BOD, :math:`MCF_j` the methane
correction factor of the treatment system (Table 6.8 industrial, Table 6.3
domestic; ``treatment`` e.g. ``anaerobic_deep_lagoon``) and :math:`R` the CH4
recovered (``ch4_recovered``, a mass). ``guidelines`` ``2019`` takes the IPCC
defaults of the 2019 Refinement (e.g. MCF 0.03 for a centralised aerobic plant)
where the dataset holds them, else the 2006 value with a note; national factors
(Decision 2626) come first either way, and the vintage used is in the row's notes.
Recovered CH4 that is flared or burnt emits biogenic CO2, reported apart;
emissions never go below zero.

Without a measured COD, ``industry`` (``fish_processing``, ``meat_poultry``,
``dairy``, ``starch``, ``sugar``, ``beer_malt``, ``vegetable_oils``,
``pulp_paper``) takes the Table 6.9 default COD, and the quantity may then be
the tonnes of product, converted with the table's wastewater per tonne.

N2O from effluent nitrogen (Eq. 6.7), when ``nitrogen`` [mg/L] is given:
:math:`N_2O = V \times N \times 0.005 \times 44/28`.
"""

from __future__ import annotations

import pandas as pd

from ..errors import UnitError
from ..units import conversion_factor, parse, split_unit
from . import Coefficients, Context, KeyProblem, for_each_key, number, text


def coefficients(keys: pd.DataFrame, ctx: Context) -> Coefficients:
    """t CH4 (and N2O) per unit of wastewater volume, for each key."""
    return for_each_key(keys, ctx, _one)


#: IPCC vintages a row may ask for (``guidelines``) -> the other vintage's source, left out.
VINTAGES = {"2006": "ipcc2019", "2019": "ipcc2006"}


def _param(ctx: Context, key: int, activity: str, technology: str, gas: str = "", *,
           target: str = "dimensionless", column: str = "treatment", vintage: str = "2006",
           notes: list[str] | None = None) -> tuple[float, str, str]:
    """A parameter (MCF, Bo in kg/kg, default COD, m3 per t) from the dataset in ``target`` units.

    National factors come first whatever the vintage (Circular 38/2023/TT-BCT Art. 18); among IPCC
    defaults, ``vintage`` picks the 2006 Guidelines or the 2019 Refinement. A parameter the 2019
    Refinement rows do not hold falls back to its 2006 value, and ``notes`` says so.
    """
    found = ctx.registry.select(activity, "parameter", gas=gas, technology=technology, region=ctx.default_region,
                                exact_technology=True, exclude_sources=(VINTAGES[vintage],))
    if found is None and vintage == "2019":
        found = ctx.registry.select(activity, "parameter", gas=gas, technology=technology,
                                    region=ctx.default_region, exact_technology=True)
        if found is not None and notes is not None:
            notes.append(f"{technology}: 2006 value (no 2019 Refinement value in the dataset)")
    if found is None:
        what = technology.split(".", 1)[-1]
        raise KeyProblem(key, column, f"no {activity} parameter for {what!r}")
    num, den = split_unit(found.unit)
    q = found.value * parse(num.replace(gas, "").strip() or "dimensionless") / parse(den or "dimensionless")
    return float(q.to(target).magnitude), found.factor_id, found.tier


def _concentration(key: int, row: pd.Series, column: str) -> float | None:
    value = number(row.get(column))
    if value is None:
        return None
    if value < 0:
        raise KeyProblem(key, column, f"{column} {value:g} must not be negative")
    unit = text(row.get(f"{column}_unit")) or "mg/L"
    try:
        return value * conversion_factor(unit, "kg/m**3")
    except UnitError as exc:
        raise KeyProblem(key, f"{column}_unit", f"{exc.message}; a concentration such as mg/L or kg/m3") from exc


def _one(key: int, row: pd.Series, ctx: Context, out: Coefficients) -> None:
    activity, unit = row["activity"], row["unit"]
    industry = text(row.get("industry"))
    notes: list[str] = []
    used: list[str] = []
    cod = _concentration(key, row, "cod")
    bod = _concentration(key, row, "bod")
    if cod is None and bod is None and industry:
        cod, cod_id, _ = _param(ctx, key, activity, f"cod.{industry}", target="kg/m**3", column="industry")
        notes.append(f"default COD of {industry}")
        used.append(cod_id)
    if cod is None and bod is None:
        raise KeyProblem(key, "cod", "give the COD (or BOD) of the wastewater, e.g. cod 2000 with cod_unit mg/L, "
                                     "or the industry (fish_processing, meat_poultry, dairy, starch …)")
    try:
        per_m3 = conversion_factor(unit, "m**3")
    except UnitError as exc:
        if not industry:
            raise KeyProblem(key, "unit", f"{exc.message}; wastewater is a volume (m3, L), or give the "
                                          "industry to use t of product") from exc
        try:
            per_t = conversion_factor(unit, "t")
        except UnitError:
            raise KeyProblem(key, "unit", f"{exc.message}; a volume of wastewater or a mass of product") from exc
        w, w_id, _ = _param(ctx, key, activity, f"w.{industry}", target="m**3/t", column="industry")
        per_m3 = w * per_t
        notes.append(f"{w:g} m3 of wastewater per t of product")
        used.append(w_id)
    basis, conc = ("cod", cod) if cod is not None else ("bod", bod)
    assert conc is not None
    treatment = text(row.get("treatment"))
    if not treatment:
        raise KeyProblem(key, "treatment", "name the treatment system, e.g. anaerobic_deep_lagoon, "
                                           "aerobic_well_managed, anaerobic_reactor, septic_system")
    vintage = text(row.get("guidelines")) or "2006"
    vintage = vintage[:-2] if vintage.endswith(".0") else vintage  # a year typed in a number cell
    if vintage not in VINTAGES:
        raise KeyProblem(key, "guidelines", f"guidelines {vintage!r}: 2006 (IPCC 2006 Guidelines, default) or 2019 "
                                            "(2019 Refinement)")
    bo, bo_id, tier = _param(ctx, key, activity, basis, "CH4", vintage=vintage, notes=notes)
    mcf, mcf_id, _ = _param(ctx, key, activity, treatment, vintage=vintage, notes=notes)
    ch4_per_m3_t = conc * bo * mcf * conversion_factor("kg", "t")  # kg/m3 x kg CH4/kg x MCF -> t CH4 per m3
    coef = ch4_per_m3_t * per_m3
    notes.insert(0, f"{basis.upper()} {conc:g} kg/m3, Bo {bo:g}, MCF {mcf:g} ({treatment}); IPCC "
                    + ("2019 Refinement" if vintage == "2019" else "2006 Guidelines"))
    recovered = number(row.get("ch4_recovered"))
    if recovered is not None:
        quantity = number(row.get("_quantity"))
        if recovered < 0:
            raise KeyProblem(key, "ch4_recovered", "recovered CH4 must not be negative")
        rec_t = recovered * conversion_factor(text(row.get("ch4_recovered_unit")) or "t", "t")
        if quantity:
            generated = coef * quantity
            coef = max(generated - rec_t, 0.0) / quantity
            notes.append(f"{rec_t:g} t CH4 recovered subtracted")
    out.add(key, "CH4", coef, ";".join([bo_id, mcf_id, *used]), tier)
    nitrogen = _concentration(key, row, "nitrogen")
    if nitrogen is not None:
        ef, ef_id, _ = _param(ctx, key, activity, "effluent_n2o", "N2O", vintage=vintage, notes=notes)
        ratio, r_id, _ = _param(ctx, key, activity, "n2o_per_n2o_n", vintage=vintage)
        out.add(key, "N2O", nitrogen * ef * ratio * conversion_factor("kg", "t") * per_m3, f"{ef_id};{r_id}", tier)
    out.meta[key] = {"method": "wastewater", "iso_category": "1.3", "ghgp_scope": "1", "notes": "; ".join(notes),
                     "ch4_origin": "non_fossil"}
