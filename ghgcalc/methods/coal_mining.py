r"""Fugitive methane of coal mining (Circular 38/2023/TT-BCT App. II §2 item 5; IPCC 2006 Vol. 2 Ch. 4).

Mining and post-mining, items 5.1 and 5.4 (IPCC Eqs. 4.1.3, 4.1.4, 4.1.7, 4.1.8):

.. math::

    E_{CH_4} = PQ \times EF_{CH_4} \times CF_{CH_4}

with :math:`PQ` the coal mined [t] (``underground_coal_mining``,
``surface_coal_mining``, ``post_mining_underground``, ``post_mining_surface``),
:math:`EF` the CH4 released per tonne [m3/t] — Decision 2626/QĐ-BTNMT App. I
items 2.1-2.4 first (Circular 38 Art. 18), else the IPCC Tier 1 average — and
:math:`CF` the density of CH4, 0.67 kg/m3 at 20 °C and 1 atm (IPCC; the
Circular prints its unit as Gg/m3, under which its division by 1,000 would not
give tonnes).

Drained methane burnt, items 5.2 and 5.3 (``coal_mine_methane_flared``,
``coal_mine_methane_utilised``; quantity a volume of CH4, or its mass):

.. math::

    E_{CO_2} = AB \times CF \times CE \times 44/16, \qquad
    E_{CH_4} = AB \times CF \times (1 - CE)

with :math:`CE` the combustion efficiency (``combustion_efficiency``, a
fraction: the Circular gives no default, so the row must). The CO2 is fossil.
ISO 14064-1 category 1.4 (fugitive), scope 1.
"""

from __future__ import annotations

import pandas as pd

from ..errors import UnitError
from ..factors import Chosen
from ..units import conversion_factor, parse
from . import Coefficients, Context, KeyProblem, Row, for_each_key, number, text

MINING = ("underground_coal_mining", "post_mining_underground", "surface_coal_mining", "post_mining_surface")
BURNT = ("coal_mine_methane_flared", "coal_mine_methane_utilised")
#: Activity id of the parameters shared by every coal-mining row (CH4 density, CO2 per CH4 burnt).
SHARED = "coal_mine_methane"


def coefficients(keys: pd.DataFrame, ctx: Context) -> Coefficients:
    """t CH4 (and CO2) per unit of coal mined or of methane burnt, for each key."""
    return for_each_key(keys, ctx, _one)


def _parameter(ctx: Context, key: int, activity: str, technology: str = "", gas: str = "") -> Chosen:
    found = ctx.registry.select(activity, "parameter", gas=gas, technology=technology, region=ctx.default_region,
                                exact_technology=True)
    if found is None:
        raise KeyProblem(key, "activity", f"no {technology or 'CH4 emission factor'} for {activity} in the dataset; "
                                          "give ef_ch4 with ef_unit")
    return found


def _one(key: int, row: Row, ctx: Context, out: Coefficients) -> None:
    activity, unit = str(row["activity"]), str(row["unit"])
    density = _parameter(ctx, key, SHARED, "ch4_density", "CH4")
    cf = float(density.quantity.to("t/m**3").magnitude)  # t CH4 per m3 of CH4
    notes: list[str] = []
    for other in ("ef_co2", "ef_n2o"):
        if number(row.get(other)) is not None:
            raise KeyProblem(key, other, f"{other} is not used on a coal-mining row (CH4 only); the CO2 of surface "
                                         "mining (Circular 38 App. II §2 item 5.5, no published factor) goes on the "
                                         "'other' sheet with the mine's own factor")
    if activity in MINING:
        try:
            per_t = conversion_factor(unit, "t")
        except UnitError as exc:
            raise KeyProblem(key, "unit", f"{exc.message}; give the coal mined in t") from exc
        user = number(row.get("ef_ch4"))
        if user is not None:
            ef_unit = text(row.get("ef_unit")) or "m**3/t"
            try:
                ef = user * conversion_factor(ef_unit, "m**3/t")
            except UnitError as exc:
                raise KeyProblem(key, "ef_unit", f"{exc.message}; a volume of CH4 per t of coal, e.g. m3/t") from exc
            chosen = Chosen(f"user.{text(row.get('ef_source')) or 'facility'}.ch4", ef, "m**3/t", "facility", "user",
                            "facility-specific factor")
        else:
            chosen = _parameter(ctx, key, activity, gas="CH4")
            ef = float(chosen.quantity.to("m**3/t").magnitude)
        out.add(key, "CH4", per_t * ef * cf, f"{chosen.factor_id};{density.factor_id}", chosen.tier)
        notes.append(f"{ef:g} m3 CH4/t x {cf * 1000:g} kg/m3 (20 °C, 1 atm)")
    elif activity in BURNT:
        ce = number(row.get("combustion_efficiency"))
        if ce is None or not 0 <= ce <= 1:
            raise KeyProblem(key, "combustion_efficiency",
                             "give the combustion efficiency of the flare or engine as a fraction (e.g. 0.98): "
                             "Circular 38/2023/TT-BCT App. II §2 items 5.2-5.3 use it and set no default")
        molar = ctx.registry.select(SHARED, "molar_mass")
        via = density
        try:
            if molar is not None and "[substance]" in str(parse(unit).dimensionality):  # Nm3, Sm3 of CH4
                t_ch4 = float((parse(unit) * molar.quantity).to("t").magnitude)
                via = molar
                notes.append(f"amount of gas x {molar.value:g} g/mol (CH4)")
            else:
                t_ch4 = conversion_factor(unit, "m**3") * cf
                notes.append(f"volume x {cf * 1000:g} kg CH4/m3 (20 °C, 1 atm)")
        except UnitError:
            try:
                t_ch4 = conversion_factor(unit, "t")
            except UnitError as exc:
                raise KeyProblem(key, "unit", f"{exc.message}; give the methane burnt as a volume (m3) or a mass "
                                              "(t, kg)") from exc
        mf = _parameter(ctx, key, SHARED, "co2_per_ch4_combusted")
        out.add(key, "CO2", t_ch4 * ce * mf.value, f"{mf.factor_id};{via.factor_id}", mf.tier)
        out.add(key, "CH4", t_ch4 * (1 - ce), via.factor_id, via.tier)
        notes.append(f"combustion efficiency {ce:g}: CO2 x {mf.value:g}, unburnt CH4 x {1 - ce:g}; the mining rows "
                     "are not reduced by the gas drained (Circular 38 App. II §2 has no such term)")
        if activity == "coal_mine_methane_utilised":
            notes.append("do not enter the same methane again as a fuel")
    else:  # pragma: no cover - the family holds only these ids
        raise KeyProblem(key, "activity", f"{activity} is not a coal-mining activity")
    out.meta[key] = {"method": "coal_mining", "iso_category": "1.4", "ghgp_scope": "1", "notes": "; ".join(notes),
                     "ch4_origin": "fossil"}
