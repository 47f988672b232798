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
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pandas as pd

from .errors import InputError, Problem

if TYPE_CHECKING:
    from .inventory import Inventory

CREDIT_COLUMNS: tuple[str, ...] = ("registry", "serial", "vintage", "type", "quantity_t", "retired_for_year")


def _credits(credits: Any) -> pd.DataFrame:
    table = credits if isinstance(credits, pd.DataFrame) else pd.DataFrame(list(credits), columns=CREDIT_COLUMNS)
    missing = [c for c in CREDIT_COLUMNS if c not in table]
    if missing:
        raise InputError([Problem("-", c, "missing column", sheet="credits", code="missing_column") for c in missing],
                         hint="each credit needs registry, serial, vintage, type, quantity_t, retired_for_year")
    table = table.reset_index(drop=True).copy()
    q = pd.to_numeric(table["quantity_t"], errors="coerce")
    bad = q.isna() | (q < 0)
    if bad.any():
        i = int(bad.to_numpy().argmax())
        raise InputError([Problem(i + 1, "quantity_t", "not a non-negative number", sheet="credits",
                                  code="not_a_number", value=table["quantity_t"].iloc[i])])
    dup = table.duplicated(subset=["registry", "serial"], keep="first")
    if dup.any():
        i = int(dup.to_numpy().argmax())
        raise InputError([Problem(i + 1, "serial", "a serial number retired twice (counted once only)",
                                  sheet="credits", code="invalid", value=table["serial"].iloc[i])])
    table["quantity_t"] = q
    table["retired_for_year"] = pd.to_numeric(table["retired_for_year"], errors="coerce").astype("Int64")
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
        out["offset_cap_t"] = float(cap.value) * alloc
        out["credits_over_cap_t"] = (out["credits_t"] - out["offset_cap_t"]).clip(lower=0).where(alloc.notna())
        out.attrs["offset_cap_citation"] = cap.citation()
    return out
