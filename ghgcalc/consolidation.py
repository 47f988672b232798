"""Several sites, one organisation (ISO 14064-1:2018 clause 5.1; GHG Protocol Corporate Standard ch. 3).

:func:`consolidate` sets the inventories of an organisation's sites (one
workbook each) side by side and adds them up under one consolidation approach:

``operational_control``
    100 % of a site the organisation operates (facility field
    ``operational_control`` yes), nothing of one it does not;
``financial_control``
    100 % of a site it controls financially (``financial_control`` yes), its
    equity share of a jointly controlled one (``joint``), nothing otherwise;
``equity_share``
    its share of the site's equity (``ownership_pct``).

The first workbook is the organisation's own (head office, its name is the
organisation's unless its ``organisation`` field says otherwise): a blank field
there means 100 % and control. Any other site must state the field the approach
needs. Every year stays apart (never a sum over years), and each site keeps
its own Decree 06/2022 status: the obligation attaches to a facility, not to
the company.

:func:`portfolio` is the consultant's view of many unrelated workbooks: one row
per workbook and year with the total, the Decree 06 status and next deadline,
and the Form 06 fields left blank.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from .errors import GhgcalcError, InputError, Problem

if TYPE_CHECKING:
    from .inventory import Inventory

Approach = Literal["operational_control", "financial_control", "equity_share"]
APPROACHES: tuple[str, ...] = ("operational_control", "financial_control", "equity_share")
NO = {"no", "không", "khong", "0", "false", "n"}
YES = {"yes", "có", "co", "x", "1", "true", "y"}


@dataclass
class Consolidation:
    """An organisation's inventory by site and in total, per year (id-keyed frames)."""

    approach: str
    organisation: str
    #: site, file, name, tax_code, share (0-1), basis (text), basis_id (``equity``, ``operational_control``,
    #: ``financial_control``, ``joint_financial_control``, ``no_operational_control``, ``no_financial_control``),
    #: equity_pct, decree06_status, decree06_group, next_deadline
    sites: pd.DataFrame
    #: site, year, category (ISO 14064-1), co2e_t (the site's whole inventory), share, consolidated_co2e_t
    by_site: pd.DataFrame
    #: year, site ("organisation" for the total), co2e_t, share, consolidated_co2e_t
    totals: pd.DataFrame
    #: year, category, consolidated_co2e_t (the organisation's inventory by ISO 14064-1 category)
    by_category: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"sites": self.sites, "totals": self.totals, "by_category": self.by_category,
                "by_site": self.by_site}

    def explain(self, lang: str = "en") -> str:
        """The summary for the terminal, in ``lang`` (:func:`ghgcalc.render.organisation.lines`)."""
        from .render.organisation import lines

        return "\n".join(lines(self, lang))


def _basis_id(basis: str) -> str:
    """The id of a basis text of :func:`site_share` (``equity 40 %`` → ``equity``)."""
    if basis.startswith("equity"):
        return "equity"
    if basis.startswith("joint"):
        return "joint_financial_control"
    return basis.replace(" ", "_")


def _flag(value: Any) -> str:
    t = "" if value is None else str(value).strip().lower()
    if t in ("", "nan", "none"):
        return ""
    if t in YES:
        return "yes"
    if t in NO:
        return "no"
    if t in ("joint", "chung", "đồng kiểm soát", "dong kiem soat"):
        return "joint"
    return "?" + t


def _pct(value: Any) -> float | None:
    if value is None or str(value).strip() in ("", "nan", "None"):
        return None
    try:
        return float(str(value).replace("%", "").replace(",", ".").strip())
    except ValueError:
        return float("nan")


def site_share(facility: dict[str, Any], approach: str, *, own: bool, file: str = "") -> tuple[float, str]:
    """The share of a site's emissions the organisation reports, and why (a basis code)."""
    if approach not in APPROACHES:
        raise GhgcalcError(f"unknown consolidation approach {approach!r}", hint=f"use one of {', '.join(APPROACHES)}")
    pct = _pct(facility.get("ownership_pct"))
    if pct is not None and not (0 <= pct <= 100):
        raise InputError([Problem("-", "ownership_pct", f"{facility.get('ownership_pct')!r} is not a "
                                  "percentage from 0 to 100", file=file, sheet="facility")])
    equity = (pct if pct is not None else (100.0 if own else None))

    def need(field: str, what: str) -> InputError:
        return InputError([Problem("-", field, f"needed for --consolidate {approach}", file=file, sheet="facility")],
                          hint=f"write {what} in the facility sheet of {file or 'the workbook'}")

    if approach == "equity_share":
        if equity is None:
            raise need("ownership_pct", "the organisation's share of the site's equity in % (e.g. 40)")
        return equity / 100, f"equity {equity:g} %"
    field = approach
    flag = _flag(facility.get(field)) or ("yes" if own else "")
    if flag == "":
        raise need(field, f"{field}: yes or no" + (" (or joint)" if field == "financial_control" else ""))
    if flag.startswith("?"):
        raise InputError([Problem("-", field, f"{flag[1:]!r} is not yes, no" +
                                  (" or joint" if field == "financial_control" else ""), file=file,
                                  sheet="facility")])
    if flag == "yes":
        return 1.0, field
    if flag == "joint" and field == "financial_control":
        if equity is None:
            raise need("ownership_pct", "the equity share of the jointly controlled site in %")
        return equity / 100, f"joint financial control: equity {equity:g} %"
    if flag == "joint":
        raise InputError([Problem("-", field, "'joint' applies to financial_control only", file=file,
                                  sheet="facility")])
    return 0.0, f"no {field}"


def consolidate(inventories: Sequence[Inventory | tuple[str | Path, Inventory]], approach: str) -> Consolidation:
    """The organisation's inventory from its sites' inventories (the first is the organisation's own).

    ``inventories``: Inventory objects, or (file, Inventory) pairs whose file stem names the site.
    """
    pairs = [(Path(p).name, inv) if isinstance(p, (str, Path)) else ("", inv)
             for p, inv in (x if isinstance(x, tuple) else ("", x) for x in inventories)]
    if not pairs:
        raise GhgcalcError("no inventory to consolidate", hint="give the organisation's workbook and its sites'")
    site_rows, parts = [], []
    seen: dict[str, int] = {}
    for i, (file, inv) in enumerate(pairs):
        fac = inv.facility
        site = Path(file).stem if file else str(fac.get("name") or f"site_{i + 1}")
        if site in seen:
            raise GhgcalcError(f"site {site!r} is given twice", hint="give each site's workbook once")
        seen[site] = i
        share, basis = site_share(fac, approach, own=i == 0, file=file)
        equity = _pct(fac.get("ownership_pct"))
        a = inv.applicability
        due = min((d.due for d in a.deadlines), default=None) if a is not None else None
        site_rows.append({"site": site, "file": file, "name": str(fac.get("name") or ""),
                          "tax_code": str(fac.get("tax_code") or ""), "share": share, "basis": basis,
                          "basis_id": _basis_id(basis),
                          "equity_pct": equity if equity is not None else (100.0 if i == 0 else None),
                          "decree06_status": a.status if a is not None else "not_assessed",
                          "decree06_group": (a.group or "") if a is not None else "",
                          "next_deadline": due.isoformat() if due else ""})
        res = inv.results
        if "year" not in res or res["year"].isna().any():
            raise GhgcalcError(f"{file or site}: every row needs a year to consolidate by year",
                               hint="fill the year column of each source sheet")
        g = res.groupby([res["year"].astype(int), res["iso_category"].astype(str)], observed=True)["co2e_t"].sum()
        part = g.rename("co2e_t").reset_index().rename(columns={"iso_category": "category"})
        part.insert(0, "site", site)
        part["share"] = share
        part["consolidated_co2e_t"] = part["co2e_t"] * share
        parts.append(part)
    by_site = pd.concat(parts, ignore_index=True)
    per_site = by_site.groupby(["year", "site"], sort=False).agg(
        co2e_t=("co2e_t", "sum"), share=("share", "first"), consolidated_co2e_t=("consolidated_co2e_t", "sum"))
    per_site = per_site.reset_index()
    org = by_site.groupby("year").agg(consolidated_co2e_t=("consolidated_co2e_t", "sum")).reset_index()
    org["site"], org["co2e_t"], org["share"] = "organisation", float("nan"), float("nan")
    totals = pd.concat([per_site, org[per_site.columns]], ignore_index=True)
    order = {s: k for k, s in enumerate([*seen, "organisation"])}
    totals = totals.sort_values(["year", "site"], key=lambda c: c.map(order) if c.name == "site" else c,
                                kind="stable").reset_index(drop=True)
    by_category = (by_site.groupby(["year", "category"])["consolidated_co2e_t"].sum().reset_index())
    first = pairs[0][1].facility
    organisation = str(first.get("organisation") or first.get("name") or "")
    return Consolidation(approach=approach, organisation=organisation, sites=pd.DataFrame(site_rows),
                         by_site=by_site, totals=totals, by_category=by_category)


def portfolio(inventories: Sequence[tuple[str | Path, Inventory]]) -> pd.DataFrame:
    """One row per workbook and year: total, Decree 06 status, group, next deadline, Form 06 fields left blank."""
    from .report_model import FORM06_FIELDS, FORM06_III4_FIELDS

    rows = []
    for file, inv in inventories:
        fac = inv.facility
        a = inv.applicability
        due = min((d.due for d in a.deadlines), default=None) if a is not None else None
        missing = ";".join(k for k in (*FORM06_FIELDS, *FORM06_III4_FIELDS) if not str(fac.get(k) or "").strip())
        base = {"file": Path(file).name, "name": str(fac.get("name") or ""), "tax_code": str(fac.get("tax_code") or ""),
                "decree06_status": a.status if a is not None else "not_assessed",
                "decree06_group": (a.group or "") if a is not None else "",
                "next_deadline": due.isoformat() if due else "", "missing_fields": missing}
        res = inv.results
        years = res["year"] if "year" in res else pd.Series(pd.NA, index=res.index)
        totals = res.groupby(years.astype("Int64"), dropna=False)["co2e_t"].sum()
        for year, total in totals.items():
            rows.append({**base, "year": None if pd.isna(year) else int(year), "co2e_t": float(total)})
    cols = ["file", "name", "tax_code", "year", "co2e_t", "decree06_status", "decree06_group", "next_deadline",
            "missing_fields"]
    out = pd.DataFrame(rows, columns=cols)
    out["year"] = out["year"].astype("Int64")
    return out


def write_tables(tables: dict[str, pd.DataFrame], path: str | Path) -> Path:
    """Frames to ``.xlsx`` (a sheet each), ``.json`` (records by name) or a folder (a CSV each), atomically."""
    from .io.atomic import atomic_path
    from .io.report_writers import write_table

    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".xlsx":
        with atomic_path(p) as tmp, pd.ExcelWriter(tmp, engine="openpyxl") as xw:
            for name, t in tables.items():
                _formula_safe(t).to_excel(xw, sheet_name=name[:31], index=False)
        return p
    if suffix == ".json":
        data = {k: json.loads(v.to_json(orient="records", force_ascii=False, date_format="iso"))
                for k, v in tables.items()}
        with atomic_path(p) as tmp:
            tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        return p
    if suffix == ".csv" and len(tables) == 1:
        return write_table(next(iter(tables.values())), p)
    if suffix == "":
        p.mkdir(parents=True, exist_ok=True)
        for name, t in tables.items():
            write_table(t, p / f"{name}.csv")
        return p
    raise GhgcalcError(f"unsupported output {p.name!r} for these tables", hint="use .xlsx, .json or a folder/")


def _formula_safe(t: pd.DataFrame) -> pd.DataFrame:
    """Text starting with =, +, -, @, a tab or a carriage return written as text, never as a formula
    (:func:`ghgcalc.io.report_writers.safe_text`, as the report writers do)."""
    from .io.report_writers import safe_text

    out = t.copy()
    for c in out.columns:
        if out[c].dtype == object:
            out[c] = out[c].map(safe_text)
    return out
