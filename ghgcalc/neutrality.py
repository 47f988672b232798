"""Carbon-neutrality balance (ISO 14068-1:2023): footprint, reductions, credits retired, balance, claim.

:func:`neutrality` takes the inventory (the subject: the facility), the carbon
credits retired (registry, serial numbers, vintage, type, quantity in t CO2e,
and the year they are retired for) and returns per year the footprint (the
inventory's total, t CO2e), the reduction against the base year, the credits
retired, the balance (footprint − credits) and the claim: ``neutral`` only when
the balance is ≤ 0 *and* a reduction plan exists (ISO 14068-1:2023 asks for
the carbon-neutrality management plan with reductions first; credits only
counterbalance residual emissions). For a quota facility, give the year's
allocation: the credits that may count towards the quota are capped at the
share of ``quota.offset_cap`` in ``emission_factors/rules/vn/decree_06_2022.yaml``
(30 % under Decree 119/2025/NĐ-CP, Art. 19 of Decree 06/2022 as amended).
Frames carry ids only.

The facility workbook's optional ``credits`` sheet (:data:`ghgcalc.io.schema.CREDITS_SHEET`)
is read by :func:`check_credits`, each problem naming its sheet, row and column;
the report model carries the balance (:func:`balance_model`) when the workbook has credits.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .errors import InputError, Problem

if TYPE_CHECKING:
    from .inventory import Inventory
    from .report_model import NeutralityModel

CREDIT_COLUMNS: tuple[str, ...] = ("registry", "serial", "vintage", "type", "quantity_t", "retired_for_year")
OPTIONAL_COLUMNS: tuple[str, ...] = ("retirement_date", "project", "description")
CLAIMS: tuple[str, ...] = ("neutral", "not_neutral")
REASONS: tuple[str, ...] = ("balance_positive", "no_reduction_plan")


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, float) and v != v) or str(v).strip() == "" or v is pd.NA


def check_credits(table: pd.DataFrame, *, file: str | None = None, sheet: str | None = "credits",
                  years: list[int] | None = None) -> tuple[pd.DataFrame, list[Problem], list[str]]:
    """The credits of ``table`` checked: (credits with typed columns, problems, warnings).

    Every problem names the row (``_row`` when the table came from a sheet, else
    the 1-based position) and the column: a required cell left blank, a quantity
    that is not a number above 0, a vintage or year that is not a calendar year,
    a serial number of a registry listed twice (a retirement counts once). A
    credit retired for a year the inventory does not hold is a warning
    (``years``): it is listed, and counts for no year of the report.
    """
    missing = [c for c in CREDIT_COLUMNS if c not in table]
    if missing:
        return table, [Problem("-", c, "required column is missing", file=file, sheet=sheet, code="missing_column",
                               accepted=", ".join(CREDIT_COLUMNS)) for c in missing], []
    table = table.reset_index(drop=True).copy()
    rows = table["_row"].to_numpy() if "_row" in table else np.arange(1, len(table) + 1)
    problems: list[Problem] = []
    for c in ("registry", "serial", "type"):
        for i in np.flatnonzero([_blank(v) for v in table[c]]):
            problems.append(Problem(int(rows[i]), c, "required value is missing", file=file, sheet=sheet,
                                    code="missing"))
    q = pd.to_numeric(table["quantity_t"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    for i in np.flatnonzero(~(q > 0)):
        v = table["quantity_t"].iloc[i]
        problems.append(Problem(int(rows[i]), "quantity_t",
                                "the quantity is missing" if _blank(v) else "the quantity must be a number above 0",
                                file=file, sheet=sheet, code="missing" if _blank(v) else "zero" if q[i] == 0
                                else "not_a_number" if q[i] != q[i] else "negative", value=None if _blank(v) else v,
                                accepted="t CO2e retired, a number > 0"))
    typed: dict[str, np.ndarray] = {}
    for c in ("vintage", "retired_for_year"):
        y = pd.to_numeric(table[c], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        bad = ~np.isfinite(y) | (y != np.round(y)) | (y < 1000) | (y > 9999)
        for i in np.flatnonzero(bad):
            v = table[c].iloc[i]
            problems.append(Problem(int(rows[i]), c, "required value is missing" if _blank(v) else "not a year",
                                    file=file, sheet=sheet, code="missing" if _blank(v) else "not_a_year",
                                    value=None if _blank(v) else v, accepted="a calendar year, e.g. 2025"))
        typed[c] = y
    key = table["registry"].astype(str).str.strip().str.casefold() + "\x00" + table["serial"].astype(str).str.strip()
    for i in np.flatnonzero(key.duplicated(keep="first").to_numpy()):
        first = int(rows[int(np.flatnonzero(key.to_numpy() == key.iloc[i])[0])])
        problems.append(Problem(int(rows[i]), "serial", f"this serial number of the registry is already on row "
                                f"{first}: a retired credit counts once", file=file, sheet=sheet, code="invalid",
                                value=table["serial"].iloc[i]))
    warnings: list[str] = []
    if problems:
        return table, problems, warnings
    table["quantity_t"] = q
    table["vintage"] = typed["vintage"].astype(int)
    table["retired_for_year"] = typed["retired_for_year"].astype(int)
    for c in ("registry", "serial", "type"):
        table[c] = table[c].astype(str).str.strip()
    for c in OPTIONAL_COLUMNS:
        if c not in table:
            table[c] = None
    table["retirement_date"] = [v.date().isoformat() if isinstance(v, dt.datetime) else v.isoformat()
                                if isinstance(v, dt.date) else None if _blank(v) else str(v).strip()
                                for v in table["retirement_date"]]
    if years:
        for i in np.flatnonzero(~np.isin(table["retired_for_year"].to_numpy(), years)):
            warnings.append(f"credits: row {int(rows[i])} is retired for {int(table['retired_for_year'].iloc[i])}, "
                            f"a year the inventory does not hold ({', '.join(map(str, years))}); it counts for no "
                            "year of the balance")
    return table, problems, warnings


def _credits(credits: Any) -> pd.DataFrame:
    if isinstance(credits, pd.DataFrame):
        table = credits
    else:
        items = list(credits)
        table = pd.DataFrame(items) if items and isinstance(items[0], dict) else pd.DataFrame(
            items, columns=list(CREDIT_COLUMNS))
    table, problems, _ = check_credits(table, sheet="credits")
    if problems:
        raise InputError(problems, hint="each credit needs registry, serial, vintage, type, quantity_t > 0 and "
                                        "retired_for_year; a serial number counts once")
    return table


def neutrality(inventory: Inventory, credits: Any, *, base_year: int | None = None, has_plan: bool = False,
               allocation_t: dict[int, float] | None = None, as_of: dt.date | None = None) -> pd.DataFrame:
    """Per year: ``footprint_t, base_year, reduction_vs_base_t, credits_t, balance_t, claim, reason`` and,
    with ``allocation_t``, ``offset_cap_t`` (the Decree 119 cap on credits towards the quota) and
    ``credits_over_cap_t``. ``has_plan``: a reduction plan exists (e.g. a :func:`ghgcalc.plan` made)."""
    from .rules import rule

    table = _credits(credits)
    totals = inventory.totals()[["year", "co2e_t"]].rename(columns={"co2e_t": "footprint_t"})
    totals["year"] = totals["year"].astype(int)
    out = totals.copy()
    if base_year is not None:
        base = totals.set_index("year")["footprint_t"]
        if base_year not in base.index:
            raise InputError([Problem("-", "base_year", "the base year is not in the inventory", code="invalid",
                                      value=base_year, accepted=", ".join(map(str, base.index)))])
        out["base_year"] = base_year
        out["reduction_vs_base_t"] = float(base[base_year]) - out["footprint_t"]
    by_year = table.groupby("retired_for_year")["quantity_t"].sum()
    out["credits_t"] = out["year"].map(by_year).fillna(0.0).astype(float)
    out["balance_t"] = out["footprint_t"] - out["credits_t"]
    neutral = (out["balance_t"] <= 0) & has_plan
    out["claim"] = neutral.map({True: "neutral", False: "not_neutral"})
    out["reason"] = [("" if n else "balance_positive" if b > 0 else "no_reduction_plan")
                     for n, b in zip(neutral, out["balance_t"], strict=True)]
    if allocation_t:
        cap = rule("quota.offset_cap", as_of or dt.date.today())
        alloc = out["year"].map(allocation_t)
        out["allocation_t"] = alloc.astype(float)
        out["offset_cap_t"] = float(cap.value) * alloc
        out["credits_over_cap_t"] = (out["credits_t"] - out["offset_cap_t"]).clip(lower=0).where(alloc.notna())
        out.attrs["offset_cap_citation"] = cap.citation()
        out.attrs["offset_cap_share"] = float(cap.value)
    return out


def has_reduction_plan(inv: Inventory) -> bool:
    """Whether the inventory comes with a reduction plan: a plan attached to it (:meth:`Inventory.attach_plan`;
    the workbook's ``measures`` sheet)."""
    return inv.plan_result is not None


def balance_model(inv: Inventory) -> NeutralityModel | None:
    """The report model's neutrality block, from the inventory's credits (None without a credits sheet).

    The years are the report's (facility field ``reporting_years``, else every
    year of the inventory); the base year is the facility's ``base_year`` when the inventory holds it;
    the Decree 119 cap applies to the years with a quota allocation
    (:meth:`Inventory.quota`), on the rules' date of the report.
    """
    from .report_model import CreditModel, NeutralityModel, NeutralityYear

    credits = inv.credits
    if credits is None or credits.empty:
        return None
    base = inv.facility.get("base_year")
    try:
        base_year = int(float(base)) if base not in (None, "") else None
    except (TypeError, ValueError):
        base_year = None
    years = inv.years()
    if base_year not in years:
        base_year = None
    quota = inv.quota()
    alloc = {int(q.year): float(q.allocated_t) for q in quota.years} if quota is not None else {}
    as_of = inv.applicability.as_of if inv.applicability is not None else None
    plan = has_reduction_plan(inv)
    t = neutrality(inv, credits, base_year=base_year, has_plan=plan, allocation_t=alloc or None, as_of=as_of)
    from .checks import reporting_years

    stated = [y for y in reporting_years(inv.facility.get("reporting_years")) if y in years]
    if stated:  # the years the report is for; a base year kept for comparison is the reference, not a claim
        t = t[t["year"].isin(stated)]

    def f(x: Any) -> float | None:
        return None if x is None or pd.isna(x) else float(x)

    out_years = [NeutralityYear.model_validate(dict(
        year=int(r["year"]), footprint_t=float(r["footprint_t"]),
        reduction_vs_base_t=f(r.get("reduction_vs_base_t")), credits_t=float(r["credits_t"]),
        balance_t=float(r["balance_t"]), claim=str(r["claim"]), reason=str(r["reason"]) or None,
        allocation_t=f(r.get("allocation_t")), offset_cap_t=f(r.get("offset_cap_t")),
        credits_over_cap_t=f(r.get("credits_over_cap_t")))) for r in t.to_dict("records")]
    creds = [CreditModel(
        registry=str(r["registry"]), serial=str(r["serial"]), vintage=int(r["vintage"]), type=str(r["type"]),
        quantity_t=float(r["quantity_t"]), retired_for_year=int(r["retired_for_year"]),
        retirement_date=None if _blank(r.get("retirement_date")) else str(r["retirement_date"]).strip(),
        project=None if _blank(r.get("project")) else str(r["project"]).strip())
        for r in credits.to_dict("records")]
    return NeutralityModel(base_year=base_year, reduction_plan=plan, credits=creds, years=out_years,
                           offset_cap_share=t.attrs.get("offset_cap_share"),
                           offset_cap_citation=t.attrs.get("offset_cap_citation"))
