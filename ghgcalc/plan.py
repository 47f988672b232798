"""Reduction plan and what-if: measures that change activity data from a year on, applied in order.

Decree 06/2022/NĐ-CP Art. 12 (as amended) asks listed facilities to plan
mitigation measures. :func:`plan` takes an inventory and a list of measures
(dicts or a frame, one row each) and recomputes the emissions per year after
each measure, on the inventory's own result rows (the engine's per-row values
are linear in the activity quantity, so a row scaled by a share emits that
share; a new fuel or refrigerant is computed by :func:`ghgcalc.calculate` for
one TJ or one kg and scaled). Measures are applied in the order given, each to
what the measures before it left, so two measures touching the same source
never remove the same tonne twice (say which comes first by the order).

Measure kinds (``kind`` column, ids) and their fields:

* ``electricity_saving``: ``pct`` of the year's grid electricity before any
  measure (VFDs, LED …), taken from what is left;
* ``solar_rooftop``: ``kwp`` × ``yield_kwh_per_kwp`` (annual yield the user
  cites in ``yield_source``) of grid electricity displaced, at most what is left;
* ``fuel_switch``: ``from_activity`` → ``to_activity`` (e.g. FO → natural gas
  or rice husk) for a ``share`` (default 1) of the fuel's energy, at the same
  energy (TJ) divided by ``efficiency_ratio`` (new boiler efficiency / old, default 1);
* ``refrigerant_change``: ``from_activity`` → ``to_activity`` (R-22 → R-32) for
  a ``share`` of the mass topped up, same mass.

Every measure has ``measure`` (an id), ``kind``, ``from_year``; optional
``capital_cost`` and ``lifetime_years`` (straight-line, undiscounted) and
``annual_cost`` (net, negative for a saving), in one currency, for the cost per
tonne abated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .errors import InputError, Problem

if TYPE_CHECKING:
    from .inventory import Inventory

KINDS: tuple[str, ...] = ("electricity_saving", "solar_rooftop", "fuel_switch", "refrigerant_change")
#: Result columns that scale with the activity quantity.
SCALED: tuple[str, ...] = ("quantity", "co2_t", "ch4_t", "n2o_t", "hfcs_co2e_t", "pfcs_co2e_t", "sf6_t", "nf3_t",
                           "co2e_t", "biogenic_co2_t", "memo_co2e_t", "scope2_market_co2e_t", "removals_co2e_t",
                           "ch4_co2e_t", "energy_tj")
GRID = "grid_electricity"
_REQUIRED = {"electricity_saving": ("pct",), "solar_rooftop": ("kwp", "yield_kwh_per_kwp", "yield_source"),
             "fuel_switch": ("from_activity", "to_activity"), "refrigerant_change": ("from_activity", "to_activity")}


@dataclass(frozen=True)
class Plan:
    """The outcome of a plan.

    ``emissions``: per year the total [t CO2e] ``baseline_t``, after each
    measure in order (``after_<measure>_t``) and ``with_plan_t``.
    ``measures``: per year and measure the ``abatement_t`` (against what the
    measures before it left), ``annual_cost``, ``cost_per_t``. ``status``: the
    Decree 06 status (:func:`ghgcalc.applicability`, latest year) of the
    ``baseline`` and ``with_plan`` scenarios: ``status``, ``emissions_tco2e``,
    ``toe`` and the listing criteria still met (3,000 t CO2e, 1,000 TOE …).
    ``scenario``: the result rows with the plan applied.
    """

    emissions: pd.DataFrame
    measures: pd.DataFrame
    status: pd.DataFrame
    scenario: pd.DataFrame

    def summary(self, lang: str = "en") -> str:
        """Per year the totals without and with the plan, each measure's abatement, and the Decree 06 status."""
        from . import l10n
        from .applicability import _STATUS

        n = l10n.num
        out = []
        for e in self.emissions.itertuples(index=False):
            out.append(l10n.t("plan.summary.year", lang, year=e.year, baseline=n(e.baseline_t, lang),
                              with_plan=n(e.with_plan_t, lang), abatement=n(e.abatement_t, lang)))
            for m in self.measures[self.measures["year"] == e.year].itertuples(index=False):
                cost = m.cost_per_t
                out.append(l10n.t("plan.summary.measure", lang, order=m.order, measure=m.measure,
                                  kind=l10n.t(f"plan.kind.{m.kind}", lang), abatement=n(m.abatement_t, lang))
                           + ("" if cost is None or cost != cost else
                              " " + l10n.t("plan.summary.cost", lang, cost=n(cost, lang, 0))))
        st = self.status.set_index("scenario")
        words = _STATUS.get(lang, _STATUS["en"])
        out.append(l10n.t("plan.summary.status", lang, year=st.loc["with_plan", "data_year"],
                          baseline=words.get(str(st.loc["baseline", "status"]), ""),
                          with_plan=words.get(str(st.loc["with_plan", "status"]), ""),
                          emissions=n(st.loc["with_plan", "emissions_tco2e"], lang),
                          toe=n(st.loc["with_plan", "toe"], lang)))
        return "\n".join(out)

    def write(self, path: str | Path) -> Path:
        """The tables (emissions, measures, status) to .xlsx (a sheet each), .json or a folder of CSV."""
        from .consolidation import write_tables

        return write_tables({"emissions": self.emissions, "measures": self.measures, "status": self.status},
                            path)


def read_measures(path: str | Path) -> pd.DataFrame:
    """A measures table from .xlsx (the sheet ``measures``, else the first) or .csv; headers are the field ids."""
    p = Path(path)
    try:
        if p.suffix.lower() == ".csv":
            table = pd.read_csv(p, dtype=object)
        else:
            sheets = pd.read_excel(p, sheet_name=None, dtype=object, engine="calamine")
            table = sheets.get("measures", next(iter(sheets.values())))
    except Exception as exc:  # any reader failure: not a readable table
        raise InputError([Problem("-", "-", f"cannot read it ({type(exc).__name__}: {exc})", file=p.name,
                                  code="unreadable")],
                         hint="give the measures as .xlsx or .csv with measure, kind, from_year …") from exc
    table = table.rename(columns=lambda c: str(c).strip().lower()).dropna(how="all")
    for c in ("from_year", "pct", "kwp", "yield_kwh_per_kwp", "share", "efficiency_ratio", "capital_cost",
              "lifetime_years", "annual_cost"):
        if c in table:
            num = pd.to_numeric(table[c], errors="coerce")
            bad = num.isna() & table[c].notna()
            if bad.any():
                i = int(bad.to_numpy().argmax())
                raise InputError([Problem(i + 2, c, "not a number", file=p.name, code="not_a_number",
                                          value=table[c].iloc[i])])
            table[c] = num
    return table.reset_index(drop=True)


def _measures(measures: Any) -> pd.DataFrame:
    table = measures if isinstance(measures, pd.DataFrame) else pd.DataFrame(list(measures))
    problems: list[Problem] = []
    for col in ("measure", "kind", "from_year"):
        if col not in table:
            problems.append(Problem("-", col, "missing column", sheet="measures", code="missing_column"))
    if problems:
        raise InputError(problems, hint="each measure needs measure, kind, from_year")
    for i, r in table.reset_index(drop=True).iterrows():
        row = int(str(i)) + 1
        if r["kind"] not in KINDS:
            problems.append(Problem(row, "kind", "unknown measure kind", sheet="measures", code="unknown_value",
                                    value=r["kind"], accepted=", ".join(KINDS)))
            continue
        for col in _REQUIRED[str(r["kind"])]:
            if col not in table or pd.isna(r[col]) or str(r[col]).strip() == "":
                problems.append(Problem(row, col, f"required for {r['kind']}", sheet="measures", code="missing"))
    if problems:
        raise InputError(problems, hint="complete these measures")
    if table["measure"].duplicated().any():
        raise InputError([Problem("-", "measure", "two measures with one id", sheet="measures", code="invalid",
                                  value=table.loc[table["measure"].duplicated(), "measure"].iloc[0])])
    return table.reset_index(drop=True)


def _mwh(rows: pd.DataFrame) -> np.ndarray:
    from .units import conversion_factor

    f = rows["unit"].astype(str).map(lambda u: conversion_factor(u, "MWh"))
    out: np.ndarray = rows["quantity"].to_numpy(float) * f.to_numpy(float)
    return out


def _scale(res: pd.DataFrame, mask: np.ndarray, share: np.ndarray) -> None:
    """Multiply the quantity-linear columns of the rows in ``mask`` by ``share`` (per row), in place."""
    for c in SCALED:
        if c in res:
            res.loc[mask, c] = res.loc[mask, c].to_numpy(float) * share


def _per_unit(activity: str, unit: str, inv: Inventory, sector: str) -> pd.Series:
    from .engine import calculate

    one = calculate(pd.DataFrame([{"activity": activity, "quantity": 1.0, "unit": unit}]), gwp=inv.gwp_set,  # type: ignore[arg-type]
                    default_sector=sector)
    return one.iloc[0]


def _apply(res: pd.DataFrame, m: pd.Series, base_grid: pd.Series, inv: Inventory, sector: str) -> pd.DataFrame:
    from .activities import resolve

    res = res.copy()
    years = pd.to_numeric(res["year"], errors="coerce").to_numpy()
    on = years >= int(m["from_year"])
    kind = str(m["kind"])
    if kind in ("electricity_saving", "solar_rooftop"):
        grid = (res["activity"].astype(str) == GRID).to_numpy() & on
        if not grid.any():
            return res
        mwh = pd.Series(_mwh(res[grid]), index=res.index[grid])
        left = mwh.groupby(years[grid]).sum()
        if kind == "electricity_saving":
            cut = float(m["pct"]) / 100 * base_grid.reindex(left.index).fillna(0)
        else:
            cut = pd.Series(float(m["kwp"]) * float(m["yield_kwh_per_kwp"]) / 1000, index=left.index)
        share = (1 - np.minimum(cut, left) / left.where(left > 0)).fillna(1.0)
        _scale(res, grid, pd.Series(years[grid]).map(share).to_numpy(float))
        return res
    src = resolve(str(m["from_activity"])) or str(m["from_activity"])
    dst = resolve(str(m["to_activity"])) or str(m["to_activity"])
    rows = (res["activity"].astype(str) == src).to_numpy() & on
    if not rows.any():
        return res
    share = float(m["share"]) if "share" in m and pd.notna(m["share"]) else 1.0
    moved = res[rows].copy()
    if kind == "fuel_switch":
        ratio = float(m["efficiency_ratio"]) if "efficiency_ratio" in m and pd.notna(m["efficiency_ratio"]) else 1.0
        amount, unit = moved["energy_tj"].to_numpy(float) * share / ratio, "TJ"
    else:
        amount, unit = _kg(moved) * share, "kg"
    one = _per_unit(dst, unit, inv, sector)
    new = moved.copy()
    new["activity"], new["unit"], new["quantity"] = dst, unit, amount
    for c in SCALED[1:]:
        if c in new and c in one.index:
            new[c] = amount * float(pd.to_numeric(one[c], errors="coerce") or 0.0)
    new["notes"] = f"measure {m['measure']}: {share:.0%} of {src} replaced by {dst}"
    _scale(res, rows, np.full(int(rows.sum()), 1 - share))
    return pd.concat([res, new], ignore_index=True)


def _kg(rows: pd.DataFrame) -> np.ndarray:
    from .units import conversion_factor

    f = rows["unit"].astype(str).map(lambda u: conversion_factor(u, "kg"))
    out: np.ndarray = rows["quantity"].to_numpy(float) * f.to_numpy(float)
    return out


def _totals(res: pd.DataFrame) -> pd.Series:
    y = pd.to_numeric(res["year"], errors="coerce")
    return res["co2e_t"].groupby(y).sum()


def plan(inventory: Inventory, measures: Any, *, as_of: dt.date | None = None) -> Plan:
    """Apply ``measures`` (dicts or a frame; see the module text) to ``inventory`` in order."""
    from .applicability import applicability
    from .report import SECTOR_BY_TYPE, _facility_for_rules

    table = _measures(measures)
    fac = dict(inventory.facility)
    ftype = str(fac.get("facility_type") or "industrial")
    ftype = ftype if ftype in SECTOR_BY_TYPE else "other"
    sector = str(fac.get("sector") or SECTOR_BY_TYPE[ftype])
    res = inventory.results.copy()
    years = pd.to_numeric(res["year"], errors="coerce")
    grid = res["activity"].astype(str) == GRID
    base_grid = pd.Series(_mwh(res[grid]), index=res.index[grid]).groupby(years[grid]).sum()
    emissions = pd.DataFrame({"baseline_t": _totals(res)})
    rows: list[dict[str, Any]] = []
    for _, m in table.iterrows():
        before = _totals(res)
        res = _apply(res, m, base_grid, inventory, sector)
        after = _totals(res).reindex(before.index).fillna(0.0)
        emissions[f"after_{m['measure']}_t"] = after
        capital = float(m["capital_cost"]) if "capital_cost" in m and pd.notna(m["capital_cost"]) else None
        life = float(m["lifetime_years"]) if "lifetime_years" in m and pd.notna(m["lifetime_years"]) else None
        annual = float(m["annual_cost"]) if "annual_cost" in m and pd.notna(m["annual_cost"]) else None
        yearly_cost = None
        if capital is not None or annual is not None:
            yearly_cost = (capital / life if capital is not None and life else 0.0) + (annual or 0.0)
        for y in before.index:
            abated = float(before[y] - after[y]) if y >= int(m["from_year"]) else 0.0
            cost = yearly_cost if y >= int(m["from_year"]) else None
            rows.append({"year": int(y), "measure": str(m["measure"]), "kind": str(m["kind"]), "order": len(rows),
                         "abatement_t": abated, "annual_cost": cost,
                         "cost_per_t": cost / abated if cost is not None and abated > 0 else None})
    emissions["with_plan_t"] = _totals(res).reindex(emissions.index).fillna(0.0)
    emissions["abatement_t"] = emissions["baseline_t"] - emissions["with_plan_t"]
    emissions = emissions.rename_axis("year").reset_index()
    emissions["year"] = emissions["year"].astype(int)
    out = pd.DataFrame(rows)
    out["order"] = out.groupby("year").cumcount() + 1
    status = []
    for label, r in (("baseline", inventory.results), ("with_plan", res)):
        a = applicability(_facility_for_rules(fac, ftype, r, r), as_of=as_of or dt.date.today())
        status.append({"scenario": label, "data_year": a.data_year, "status": str(a.status),
                       "emissions_tco2e": a.emissions_tco2e, "toe": a.toe,
                       "criteria_met": ";".join(c.rule for c in a.criteria if c.met)})
    return Plan(emissions=emissions, measures=out, status=pd.DataFrame(status), scenario=res)
