r"""Wastewater treated on site (IPCC 2006 Vol. 5 Ch. 6).

CH4, Eq. 6.4 / 6.5 (industrial) and 6.1 / 6.2 (domestic):

.. math::

    CH_4 = (V \times C - S) \times B_o \times MCF_j - R

with :math:`V` the volume treated [m3], :math:`C` the COD (or BOD) [kg/m3],
:math:`S` the organic component removed as sludge (``sludge_removed``, a mass of
COD, or of BOD on a BOD row), :math:`B_o` 0.25 kg CH4/kg COD or 0.6 kg CH4/kg
BOD, :math:`MCF_j` the methane correction factor of the treatment system
(Table 6.8 industrial, Table 6.3 domestic; ``treatment`` e.g.
``anaerobic_deep_lagoon``) and :math:`R` the CH4 recovered (``ch4_recovered``, a
mass). Sludge removed is counted where it is treated (composted on site, or sent
off site: ISO category 4.3), never here as well. ``guidelines`` ``2019`` takes
the IPCC defaults of the 2019 Refinement (e.g. MCF 0.03 for a centralised aerobic
plant) where the dataset holds them, else the 2006 value with a note; national
factors (Decision 2626) come first either way, and the vintage used is in the
row's notes. Recovered CH4 is flared or burnt: its CO2, :math:`R \times 44/16`
(Circular 38/2023/TT-BCT App. II §2 item 5.2), is biogenic and reported apart;
emissions never go below zero.

Without a measured COD, ``industry`` (``fish_processing``, ``meat_poultry``,
``dairy``, ``starch``, ``sugar``, ``beer_malt``, ``vegetable_oils``,
``pulp_paper``) takes the Table 6.9 default COD, and the quantity may then be
the tonnes of product, converted with the table's wastewater per tonne.

N2O from effluent nitrogen (Eq. 6.7), when ``nitrogen`` [mg/L] is given:
:math:`N_2O = V \times N \times EF_{effluent} \times 44/28`. With ``guidelines``
``2019``, N2O of the treatment plant itself, from the nitrogen entering it
(``nitrogen_influent`` [mg/L]): :math:`N_2O = V \times N_{in} \times EF_{plant}
\times 44/28`, :math:`EF_{plant}` 0.016 kg N2O-N/kg N for a centralised aerobic
plant (2019 Refinement Vol. 5 Table 6.8A).

COD, BOD, nitrogen, recovered CH4 and sludge may be written with their unit in
the cell (``2000 mg/L``, ``15 t``) or in the ``_unit`` column beside it.
"""

from __future__ import annotations

import pandas as pd

from ..errors import UnitError
from ..factors import Chosen
from ..units import conversion_factor, parse, split_unit
from . import Coefficients, Context, KeyProblem, Row, for_each_key, number, text


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
    return _value(found, gas, target), found.factor_id, found.tier


def _value(found: Chosen, gas: str, target: str) -> float:
    """A parameter's value in ``target`` units, its gas dropped from the unit (kg N2O-N/kg N -> kg/kg)."""
    num, den = split_unit(found.unit)
    q = found.value * parse(num.replace(gas, "").strip() or "dimensionless") / parse(den or "dimensionless")
    return float(q.to(target).magnitude)


def _concentration(key: int, row: Row, column: str) -> float | None:
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


def _amount(key: int, row: Row, column: str, target: str, *, default_unit: str) -> float | None:
    """A mass per row (recovered CH4, sludge) in ``target`` units, or ``None`` when blank."""
    value = number(row.get(column))
    if value is None:
        return None
    if value < 0:
        raise KeyProblem(key, column, f"{column} {value:g} must not be negative")
    unit = text(row.get(f"{column}_unit")) or default_unit
    if not unit:
        raise KeyProblem(key, f"{column}_unit", f"give the unit of {column} (kg or t), e.g. '12 t' in the cell")
    try:
        return value * conversion_factor(unit, target)
    except UnitError as exc:
        raise KeyProblem(key, f"{column}_unit", f"{exc.message}; a mass such as kg or t") from exc


def _plant_n2o(key: int, row: Row, ctx: Context, out: Coefficients, treatment: str, vintage: str,
               per_m3: float, notes: list[str]) -> None:
    """N2O of the treatment plant (2019 Refinement), from the nitrogen entering it."""
    influent = _concentration(key, row, "nitrogen_influent")
    plant = ctx.registry.select(row["activity"], "parameter", gas="N2O", technology=f"plant_n2o.{treatment}",
                                region=ctx.default_region, exact_technology=True)
    if vintage != "2019":
        if influent is not None:
            notes.append("nitrogen_influent not used: N2O of the plant is a 2019 Refinement method (guidelines 2019)")
        return
    if plant is None:
        if influent is not None:
            notes.append(f"no plant N2O factor for {treatment} (2019 Refinement Table 6.8A: 0 or not given)")
        return
    ef = _value(plant, "N2O", "dimensionless")
    if influent is None:
        notes.append(f"plant N2O ({ef:g} kg N2O-N/kg N, 2019 Refinement) not counted: give nitrogen_influent")
        return
    ratio, r_id, _ = _param(ctx, key, row["activity"], "n2o_per_n2o_n", vintage=vintage)
    kg_to_t = conversion_factor("kg", "t")
    out.add(key, "N2O", influent * ef * ratio * kg_to_t * per_m3, f"{plant.factor_id};{r_id}", plant.tier)
    notes.append(f"plant N2O: N in {influent:g} kg/m3 x {ef:g} kg N2O-N/kg N x {ratio:.4g}")


def _one(key: int, row: Row, ctx: Context, out: Coefficients) -> None:
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
    quantity = number(row.get("_quantity"))
    sludge_kg = _amount(key, row, "sludge_removed", "kg", default_unit="")
    if sludge_kg is not None and quantity:
        organics_kg = conc * per_m3 * quantity  # kg COD (BOD) in the wastewater treated
        if sludge_kg > organics_kg:
            raise KeyProblem(key, "sludge_removed", f"{sludge_kg:g} kg {basis.upper()} removed as sludge is more than "
                                                    f"the {organics_kg:g} kg the wastewater carried")
        coef = (organics_kg - sludge_kg) * bo * mcf * conversion_factor("kg", "t") / quantity
        notes.append(f"S = {sludge_kg:g} kg {basis.upper()} removed as sludge subtracted (Eq. 6.4); the sludge is "
                     "counted where it is treated")
    rec_t = _amount(key, row, "ch4_recovered", "t", default_unit="t")
    if rec_t is not None and quantity:
        generated = coef * quantity
        coef = max(generated - rec_t, 0.0) / quantity
        mf, mf_id, mf_tier = _param(ctx, key, activity, "co2_per_ch4_combusted")
        out.add(key, "CO2_biogenic", rec_t * mf / quantity, mf_id, mf_tier)
        notes.append(f"{rec_t:g} t CH4 recovered subtracted; burnt, it gives {rec_t * mf:g} t biogenic CO2 "
                     f"(x {mf:g}, outside the total): do not enter the same biogas again as a fuel")
    out.add(key, "CH4", coef, ";".join([bo_id, mcf_id, *used]), tier)
    nitrogen = _concentration(key, row, "nitrogen")
    if nitrogen is not None:
        ef, ef_id, _ = _param(ctx, key, activity, "effluent_n2o", "N2O", vintage=vintage, notes=notes)
        ratio, r_id, _ = _param(ctx, key, activity, "n2o_per_n2o_n", vintage=vintage)
        out.add(key, "N2O", nitrogen * ef * ratio * conversion_factor("kg", "t") * per_m3, f"{ef_id};{r_id}", tier)
    _plant_n2o(key, row, ctx, out, treatment, vintage, per_m3, notes)
    out.meta[key] = {"method": "wastewater", "iso_category": "1.3", "ghgp_scope": "1", "notes": "; ".join(notes),
                     "ch4_origin": "non_fossil"}
