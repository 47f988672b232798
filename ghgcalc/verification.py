"""Verification aid: recompute an inventory from its activity data and compare it with what was submitted.

ISO 14064-3:2019 (validation and verification of GHG statements) asks the
verifier to recompute the statement from the evidence and judge whether the
differences are material; Decree 06/2022/NĐ-CP Art. 14 requires the inventory
of quota facilities to be verified. :func:`verify` recomputes the inventory
from the activity workbook (the engine every report uses), compares it line by
line — year, ISO 14064-1 category, gas (``CO2`` … ``NF3``) and ``total`` — with
the submitted figures (a report JSON of ghgcalc's report model, or a table
typed by the verifier with the columns ``year, category, gas, t_co2e``) and
flags each difference above the materiality threshold (a % of that year's
recomputed total; default in ``emission_factors/rules/verification.yaml``).

A material difference gets a likely cause only when arithmetic shows it:

* ``unit_slip_x1000`` / ``unit_slip_div1000``: submitted ≈ 1000 × (or 1/1000 ×) recomputed;
* ``grid_year``: difference ≈ the grid electricity (MWh, from the rows' CO2 and
  the factor they used) × (another year's published grid factor − the factor
  used), factors from ``emission_factors/vn/grid_emission_factors.csv``;
* ``gwp_set``: difference ≈ the gas masses × (another GWP-100 set − the set used),
  ``emission_factors/gwp/gwp100.csv``; refrigerant blends (R-410A, R-404A …) re-weighted by their
  ASHRAE 34 composition (``emission_factors/gwp/refrigerant_blends.csv``);
* ``biogenic_co2``: difference ≈ the biogenic CO2 reported apart (counted in the total);
* ``memo_ods``: difference ≈ the ozone-depleting refrigerants (R-22 …) kept as a memo item;
* ``not_submitted``: a recomputed line missing from the submission; otherwise ``unexplained``.

Frames carry ids; the words (English, Vietnamese) come from :mod:`ghgcalc.l10n`
in :meth:`Verification.summary` and the writers.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from python_calamine import CalamineError

from . import l10n
from .data import dataset_dir, load_blends, load_factor_table, load_gwp
from .errors import GhgcalcError, InputError, Problem
from .inventory import GASES, ISO_VALUE_COLUMNS

if TYPE_CHECKING:
    from .inventory import Inventory

#: The line of a category's total (all gases and CO2e-only sources) in the ``gas`` column.
TOTAL = "total"
LINE_GASES: tuple[str, ...] = (*GASES, TOTAL)
_GAS_COL = dict(zip(GASES, ISO_VALUE_COLUMNS[:7], strict=True))
_GAS_IDS = {g.lower(): g for g in LINE_GASES} | {"hfc": "HFCs", "pfc": "PFCs", "tổng": TOTAL, "co2e": TOTAL}
_CATEGORY = re.compile(r"^[1-6](\.[1-5])?$")
#: Exit status of ``ghgcalc verify`` when a difference is material (0 none; 1 unreadable input; 2 usage).
EXIT_MATERIAL = 4
#: Prefix of the ids of the Vietnamese grid factors (one per year) in the factor table.
GRID_FACTOR_PREFIX = "vn.dcc.grid."
CAUSES: tuple[str, ...] = ("unit_slip_x1000", "unit_slip_div1000", "grid_year", "gwp_set", "biogenic_co2",
                           "memo_ods", "not_submitted", "unexplained")


@cache
def settings() -> dict[str, Any]:
    """The defaults of ``emission_factors/rules/verification.yaml`` (materiality, cause-match tolerance)."""
    import yaml

    with (dataset_dir() / "rules" / "verification.yaml").open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


def default_materiality_pct() -> float:
    return float(settings()["materiality_pct"]["value"])


# ---------------------------------------------------------------------------------------------- reading
def _category(v: Any) -> str | None:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if v != v:
            return None
        text = f"{float(v):g}"
    else:
        text = str(v).strip().replace(",", ".")
    return text if _CATEGORY.match(text) else None


def read_submitted(source: str | Path | dict[str, Any] | pd.DataFrame) -> pd.DataFrame:
    """The submitted lines as ``year, category, gas, submitted_t`` (one row per line; ids).

    ``source``: a report JSON of ghgcalc (path or parsed dict: ``years[].iso[]``
    with ``category``, ``co2e_by_gas_t`` and ``co2e_t``), or a sheet (.xlsx,
    .csv or a frame) with the columns ``year, category, gas, t_co2e`` where gas
    is CO2, CH4, N2O, HFCs, PFCs, SF6, NF3 or ``total``.
    """
    if isinstance(source, pd.DataFrame):
        if {"year", "category", "gas", "submitted_t"} <= set(source.columns):  # read already
            return source[["year", "category", "gas", "submitted_t"]].copy()
        return _from_sheet(source, None, None)
    if isinstance(source, dict):
        return _from_report(source, "")  # no file: the problems name the key
    path = Path(source)
    if not path.is_file():
        raise InputError([Problem("-", "-", "file not found", file=str(path), code="not_found")],
                         hint="give the submitted report .json, or a sheet .xlsx/.csv with year, category, gas, "
                              "t_co2e")
    from .io.inputs import read_csv_table

    suffix = path.suffix.lower()
    try:
        if suffix == ".json":
            return _from_report(json.loads(path.read_text(encoding="utf-8")), path.name)
        if suffix == ".csv":
            return _from_sheet(read_csv_table(path, dtype=object, keep_default_na=True), path.name, None)
        if suffix in (".xlsx", ".xlsm"):
            sheets = pd.read_excel(path, sheet_name=None, dtype=object, engine="calamine")
            name = next(iter(sheets))
            return _from_sheet(sheets[name], path.name, name)
    except (ValueError, OSError, KeyError, TypeError, AttributeError, CalamineError) as exc:
        if isinstance(exc, GhgcalcError):
            raise
        raise InputError([Problem("-", "-", f"cannot read it: {exc}", file=path.name, code="unreadable")],
                         hint="save it again as .xlsx, .csv or the report .json of ghgcalc") from exc
    raise InputError([Problem("-", "-", f"unknown kind of file {suffix!r}", file=path.name, code="unreadable")],
                     hint="give a .json report, or a .xlsx/.csv sheet with year, category, gas, t_co2e")


def _from_report(data: Any, name: str) -> pd.DataFrame:
    years = data.get("years") if isinstance(data, dict) else None
    if not isinstance(years, list):
        raise InputError([Problem("-", "years", "not a ghgcalc report JSON (no years list)", file=name,
                                  code="invalid")],
                         hint="give the report.json ghgcalc wrote, or type the lines in a sheet")
    rows = []
    for i, y in enumerate(years):
        for j, iso in enumerate(y.get("iso") or []):
            where = f"years[{i}].iso[{j}]"
            cat = _category(iso.get("category"))
            if cat is None or not isinstance(y.get("year"), int):
                raise InputError([Problem(where, "category", "no year or ISO category", file=name,
                                          value=iso.get("category"))])
            for gas, v in (iso.get("co2e_by_gas_t") or {}).items():
                if gas in GASES:
                    rows.append((y["year"], cat, gas, float(v)))
            rows.append((y["year"], cat, TOTAL, float(iso["co2e_t"])))
    return _frame(rows)


def _frame(rows: list[tuple[int, str, str, float]]) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=["year", "category", "gas", "submitted_t"])
    out["year"] = out["year"].astype("int64")
    return out.groupby(["year", "category", "gas"], as_index=False, sort=False)["submitted_t"].sum()


def _number(value: Any) -> tuple[float, str | None]:
    """A cell as a number, and the problem code when it is none (``not_a_number``; ``not_finite``: blank, NaN, ∞)."""
    from .io.numbers import parse_number

    try:
        v = float(value) if isinstance(value, (int, float)) else parse_number(str(value))
    except ValueError:
        return float("nan"), "not_a_number"
    return v, None if math.isfinite(v) else "not_finite"


def _from_sheet(table: pd.DataFrame, name: str | None, sheet: str | None) -> pd.DataFrame:
    table = table.rename(columns=lambda c: str(c).strip().lower())
    missing = [c for c in ("year", "category", "gas", "t_co2e") if c not in table]
    if missing:
        raise InputError([Problem("-", c, "missing column", file=name, sheet=sheet, code="missing_column")
                          for c in missing], hint="the sheet needs the columns year, category, gas, t_co2e")
    problems: list[Problem] = []
    rows: list[tuple[int, str, str, float]] = []
    for i, (year, cat, gas, value) in enumerate(zip(table["year"], table["category"], table["gas"],
                                                    table["t_co2e"], strict=True)):
        row = i + 2  # header on row 1
        if all(v is None or (isinstance(v, float) and v != v) or str(v).strip() == ""
               for v in (year, cat, gas, value)):
            continue
        try:
            y = int(float(str(year).strip()))
        except ValueError:
            problems.append(Problem(row, "year", "not a year", file=name, sheet=sheet, code="not_a_year",
                                    value=year))
            continue
        c = _category(cat)
        if c is None:
            problems.append(Problem(row, "category", "not an ISO 14064-1 category", file=name, sheet=sheet,
                                    code="unknown_value", value=cat, accepted="1.1 … 1.5, 2.1, 2.2, 3 … 6, 3.1 …"))
            continue
        g = _GAS_IDS.get(str(gas).strip().lower())
        if g is None:
            problems.append(Problem(row, "gas", "unknown gas", file=name, sheet=sheet, code="unknown_value",
                                    value=gas, accepted=", ".join(LINE_GASES)))
            continue
        v, code = _number(value)
        if code:
            problems.append(Problem(row, "t_co2e", "not a number", file=name, sheet=sheet, code=code, value=value))
            continue
        rows.append((y, c, g, v))
    if problems:
        raise InputError(problems, hint="correct these cells of the submitted table")
    if not rows:
        raise InputError([Problem("-", "-", "no submitted lines", file=name, sheet=sheet, code="empty")])
    return _frame(rows)


#: Sheet names of the factors a submitted workbook states (the second sheet of the submission).
FACTOR_SHEETS = ("factors", "hệ số", "he_so", "hệ số phát thải")
FACTOR_CAUSES: tuple[str, ...] = ("unit_slip_x1000", "unit_slip_div1000", "grid_year", "gwp_set", "unit_differs",
                                  "not_used", "differs")


def read_submitted_factors(source: str | Path | dict[str, Any] | pd.DataFrame | None) -> pd.DataFrame | None:
    """The factors a submission states, as ``year, activity, gas, value, unit, source, factor_id`` (None if none).

    A report JSON of ghgcalc: its ``factors`` (each with the ``factor_id`` of the dataset
    it cites, its value and unit). A workbook: a sheet named ``factors`` (or ``hệ số``)
    with the columns ``activity, gas, value, unit`` and, where known, ``year``,
    ``source`` (the document cited, as typed) and ``factor_id``.
    """
    if source is None or isinstance(source, pd.DataFrame):
        return None
    if isinstance(source, dict):
        return _factors_from_report(source)
    path = Path(source)
    suffix = path.suffix.lower()
    if suffix == ".json":
        try:
            return _factors_from_report(json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, OSError):
            return None
    if suffix not in (".xlsx", ".xlsm"):
        return None
    from .textnorm import label

    try:
        sheets = pd.read_excel(path, sheet_name=None, dtype=object, engine="calamine")
    except (ValueError, OSError, CalamineError) as exc:  # a broken workbook is the user's to fix, not a bug
        raise InputError([Problem("-", "-", f"cannot read it: {exc}", file=path.name, code="unreadable")]) from exc
    name = next((n for n in list(sheets)[1:] if label(n) in {label(x) for x in FACTOR_SHEETS}), None)
    if name is None:
        return None
    return _factors_from_sheet(sheets[name], path.name, name)


def _factors_from_report(data: Any) -> pd.DataFrame | None:
    items = data.get("factors") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return None
    rows = [{"year": None, "activity": f.get("activity"), "gas": f.get("gas"), "value": f.get("value"),
             "unit": f.get("unit"), "source": f.get("source_id"), "factor_id": f.get("factor_id"), "_row": i}
            for i, f in enumerate(items) if isinstance(f, dict) and f.get("value") is not None
            and f.get("tier") != "own"]
    return pd.DataFrame(rows) if rows else None


def _factors_from_sheet(table: pd.DataFrame, name: str, sheet: str) -> pd.DataFrame | None:
    table = table.rename(columns=lambda c: str(c).strip().lower())
    missing = [c for c in ("activity", "value", "unit") if c not in table]
    if missing:
        raise InputError([Problem("-", c, "missing column", file=name, sheet=sheet, code="missing_column")
                          for c in missing], hint="the factors sheet needs activity, gas, value, unit (year, "
                                                  "source, factor_id where known)")
    problems: list[Problem] = []
    rows = []
    for i, r in enumerate(table.to_dict("records")):
        row = i + 2
        if all(v is None or (isinstance(v, float) and v != v) or str(v).strip() == "" for v in r.values()):
            continue
        v = r.get("value")
        value, code = _number(v)
        if code:
            problems.append(Problem(row, "value", "not a number", file=name, sheet=sheet, code=code, value=v))
            continue
        year = r.get("year")
        try:
            y = None if year is None or str(year).strip() in ("", "nan") else int(float(str(year)))
        except ValueError:
            problems.append(Problem(row, "year", "not a year", file=name, sheet=sheet, code="not_a_year", value=year))
            continue

        text = {k: str(r[k]).strip() if _given(r.get(k)) else None
                for k in ("activity", "gas", "unit", "source", "factor_id")}
        rows.append({"year": y, **text, "value": value, "_row": row})
    if problems:
        raise InputError(problems, hint="correct these cells of the submitted factors")
    return pd.DataFrame(rows) if rows else None


# ---------------------------------------------------------------------------------------------- recomputation
def recomputed_lines(inv: Inventory, majors: set[str] | frozenset[str] = frozenset()) -> pd.DataFrame:
    """The inventory's lines ``year, category, gas, recomputed_t`` with the per-category explanatory terms.

    ``majors``: categories 3-6 the submission gives whole; the recomputed
    subcategories (``3.1`` …) are summed into them. Columns beside
    ``recomputed_t``: ``biogenic_co2_t``, ``memo_co2e_t`` of the category and the
    gas masses (t) ``co2_t … nf3_t`` with the CO2e of each gas, for the causes.
    """
    iso = inv.iso_table().copy()
    major = iso["category"].str.split(".").str[0]
    roll = major.isin(list(majors)) & iso["category"].str.contains(".", regex=False)
    iso.loc[roll, "category"] = major[roll]
    iso = iso.groupby(["year", "category"], as_index=False, sort=False)[list(ISO_VALUE_COLUMNS)].sum()
    parts = []
    for gas in LINE_GASES:
        col = "co2e_t" if gas == TOTAL else _GAS_COL[gas]
        part = iso[["year", "category"]].copy()
        part["gas"] = gas
        part["recomputed_t"] = iso[col].to_numpy(float)
        for c in ("biogenic_co2_t", "memo_co2e_t", "ch4_co2e_t", "n2o_co2e_t", "sf6_co2e_t", "nf3_co2e_t",
                  "ch4_t", "n2o_t", "sf6_t", "nf3_t"):
            part[c] = iso[c].to_numpy(float)
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    out["year"] = out["year"].astype("int64")
    return out


def grid_alternatives(inv: Inventory) -> pd.DataFrame:
    """Per year and category: what the grid electricity would emit more with each other year's grid factor.

    Columns ``year, category, grid_year, delta_t``: Σ over the rows computed with a
    Vietnamese grid factor of MWh × (factor of ``grid_year`` − factor used), the
    MWh being the row's CO2 / the factor used [t CO2 / (t CO2/MWh)].
    """
    res = inv.results
    ids = res["factor_ids"].astype(str).str.extract(r"(" + re.escape(GRID_FACTOR_PREFIX) + r"\d{4})")[0]
    grid = res[ids.notna().to_numpy()]
    table = load_factor_table()
    facs = table[table["factor_id"].str.startswith(GRID_FACTOR_PREFIX)].set_index("factor_id")["value"]
    if grid.empty or facs.empty:
        return pd.DataFrame(columns=["year", "category", "grid_year", "delta_t"])
    used = ids[ids.notna()].map(facs).to_numpy(float)
    mwh = grid["co2_t"].to_numpy(float) / used
    parts = []
    for fid, ef in facs.items():
        parts.append(pd.DataFrame({
            "year": pd.to_numeric(grid["year"], errors="coerce").to_numpy(), "category": grid["iso_category"]
            .astype(str).to_numpy(), "grid_year": int(str(fid)[len(GRID_FACTOR_PREFIX):]),
            "delta_t": mwh * (float(ef) - used)}))
    out = pd.concat(parts, ignore_index=True).dropna(subset=["year"])
    out["year"] = out["year"].astype("int64")
    return out.groupby(["year", "category", "grid_year"], as_index=False)["delta_t"].sum()


def refrigerant_gwps() -> pd.DataFrame:
    """GWP-100 of each refrigerant in each set: ``refrigerant, gwp_set, gwp``; a blend's is the mass-weighted
    sum of its components' (ASHRAE 34 composition, ``emission_factors/gwp/refrigerant_blends.csv``), a gas by
    name (``HFC-134a``) its own; a refrigerant with a component missing from a set has no row for that set."""
    blends = load_blends()
    blends = blends[blends["component"] != ""]
    gwp = load_gwp()[["gas", "gwp_set", "value"]]
    comp = blends.merge(gwp, left_on="component", right_on="gas", how="inner")
    comp["part"] = comp["mass_fraction"] * comp["value"].astype(float)
    n_parts = blends.groupby("refrigerant").size()
    got = comp.groupby(["refrigerant", "gwp_set"]).agg(gwp=("part", "sum"), n=("part", "size")).reset_index()
    got = got[got["n"].to_numpy() == got["refrigerant"].map(n_parts).to_numpy()]
    own = gwp.rename(columns={"gas": "refrigerant", "value": "gwp"})
    return pd.concat([got[["refrigerant", "gwp_set", "gwp"]], own], ignore_index=True).drop_duplicates(
        ["refrigerant", "gwp_set"])


def refrigerant_alternatives(inv: Inventory) -> pd.DataFrame:
    """Per year and category: the HFC and PFC CO2e under each other GWP-100 set, less what was reported.

    Columns ``year, category, gwp_set, hfcs_delta_t, pfcs_delta_t``: Σ over the refrigerant rows (factor
    ``ashrae34.<refrigerant>`` or ``gas.<gas>``) of the row's CO2e × (GWP in that set / GWP in the inventory's
    set − 1), the emission being the mass released × the GWP; blends re-weighted by their composition.
    """
    res = inv.results
    name = res["factor_ids"].astype(str).str.extract(r"(?:^|;)(?:ashrae34|gas)\.([^;]+)")[0]
    rows = res[name.notna().to_numpy() & ((res["hfcs_co2e_t"] != 0) | (res["pfcs_co2e_t"] != 0)).to_numpy()]
    cols = ["year", "category", "gwp_set", "hfcs_delta_t", "pfcs_delta_t"]
    if rows.empty:
        return pd.DataFrame(columns=cols)
    g = refrigerant_gwps().pivot(index="refrigerant", columns="gwp_set", values="gwp")
    names = name[rows.index]
    if inv.gwp_set not in g.columns:
        return pd.DataFrame(columns=cols)
    used = names.map(g[inv.gwp_set]).to_numpy(float)
    parts = []
    for other in g.columns:
        if other == inv.gwp_set:
            continue
        ratio = names.map(g[other]).to_numpy(float) / used - 1
        parts.append(pd.DataFrame({
            "year": pd.to_numeric(rows["year"], errors="coerce").to_numpy(),
            "category": rows["iso_category"].astype(str).to_numpy(), "gwp_set": other,
            "hfcs_delta_t": rows["hfcs_co2e_t"].to_numpy(float) * ratio,
            "pfcs_delta_t": rows["pfcs_co2e_t"].to_numpy(float) * ratio}))
    out = pd.concat(parts, ignore_index=True).dropna(subset=["year"])
    out = out[np.isfinite(out["hfcs_delta_t"]) & np.isfinite(out["pfcs_delta_t"])]
    out["year"] = out["year"].astype("int64")
    return out.groupby(["year", "category", "gwp_set"], as_index=False)[["hfcs_delta_t", "pfcs_delta_t"]].sum()


def _given(v: Any) -> bool:
    return v is not None and not (isinstance(v, float) and v != v) and str(v).strip() != ""


def compare_factors(stated: pd.DataFrame, inv: Inventory) -> pd.DataFrame:
    """Each factor the submission states against the factor of the cited source the recomputation uses.

    The cited factor is the dataset's factor of the stated ``factor_id``, else the
    factor of the same gas the recomputation used for that activity (and year). The
    stated value is converted to the cited factor's unit; it agrees within
    ``factor_match`` of ``emission_factors/rules/verification.yaml``. A difference
    gets a cause when arithmetic shows it: ×1000 or ÷1000 (a unit slip), another
    year's grid factor (``grid_year``), the refrigerant's GWP in another set
    (``gwp_set``), else ``differs``; ``unit_differs`` when the units do not
    convert, ``not_used`` when the recomputation uses no such factor.
    Columns: ``year, activity, gas, value, unit, source, factor_id, cited_value,
    cited_unit, cited_source_id, cited_table, status, cause, cause_detail`` (ids).
    """
    from .activities import resolve
    from .errors import FactorNotFoundError, UnitError
    from .units import conversion_factor

    used = inv.factors_used().set_index("factor_id")
    res = inv.results
    res_year = pd.to_numeric(res["year"], errors="coerce")
    grid = load_factor_table()
    grid = grid[grid["factor_id"].str.startswith(GRID_FACTOR_PREFIX)].set_index("factor_id")
    refr = refrigerant_gwps()
    tol = float(settings()["factor_match"]["relative"])

    def near(a: float, b: float) -> bool:
        return bool(abs(a - b) <= tol * abs(b))

    def cited_row(fid: str) -> dict[str, Any] | None:
        if fid in used.index:
            return dict(used.loc[fid]) | {"factor_id": fid}
        gwp_row = inv._gwp_factor(fid)
        if gwp_row is not None:
            return gwp_row
        try:
            r = inv.registry.lookup(fid)
        except FactorNotFoundError:
            return None
        return {"factor_id": fid, "activity": r.get("activity"), "gas": r.get("gas"), "value": float(r["value"]),
                "unit": str(r["unit"]), "source_id": str(r["source_id"]), "table": str(r["table"])}

    out = []
    for f in stated.to_dict("records"):
        rec: dict[str, Any] = {k: f.get(k) for k in ("year", "activity", "gas", "value", "unit", "source",
                                                     "factor_id")}
        rec.update(cited_value=np.nan, cited_unit=None, cited_source_id=None, cited_table=None, status="differs",
                   cause="", cause_detail="")
        cands: list[dict[str, Any]] = []
        if _given(f.get("factor_id")):
            c = cited_row(str(f["factor_id"]))
            cands = [c] if c is not None else []
        else:
            act = resolve(str(f.get("activity") or "")) or str(f.get("activity") or "")
            mask = (res["activity"].astype(str) == act).to_numpy()
            if _given(f.get("year")):
                mask = mask & (res_year == int(f["year"])).to_numpy()
            ids = dict.fromkeys(i for s in res.loc[mask, "factor_ids"].astype(str) for i in s.split(";") if i)
            gas = str(f.get("gas") or "").strip().upper()
            for fid in ids:
                c = cited_row(fid)
                if c is None:
                    continue
                cg = str(c.get("gas") or "").upper()
                refrigerant = fid.startswith(("ashrae34.", "gas."))
                if (cg and cg == gas) or (refrigerant and gas in ("", "HFCS", "PFCS", "CO2E", "GWP")):
                    cands.append(c)
        if not cands:
            rec.update(status="differs", cause="not_used")
            out.append(rec)
            continue
        best = None
        for c in cands:
            try:
                k = conversion_factor(str(f.get("unit") or ""), str(c["unit"]))
            except (UnitError, ValueError, GhgcalcError):
                continue
            conv = float(f["value"]) * k
            if best is None or near(conv, float(c["value"])):
                best = (c, conv)
        if best is None:
            c = cands[0]
            rec.update(cited_value=float(c["value"]), cited_unit=str(c["unit"]), cited_source_id=c.get("source_id"),
                       cited_table=c.get("table"), factor_id=c["factor_id"], cause="unit_differs")
            out.append(rec)
            continue
        c, conv = best
        ref = float(c["value"])
        rec.update(cited_value=ref, cited_unit=str(c["unit"]), cited_source_id=c.get("source_id"),
                   cited_table=c.get("table"), factor_id=c["factor_id"])
        if near(conv, ref):
            rec.update(status="agrees")
        elif ref and near(conv, 1000 * ref):
            rec.update(cause="unit_slip_x1000")
        elif ref and near(conv, ref / 1000):
            rec.update(cause="unit_slip_div1000")
        elif str(c["factor_id"]).startswith(GRID_FACTOR_PREFIX):
            k = conversion_factor(str(c["unit"]), "t CO2/MWh")
            years = [fid[len(GRID_FACTOR_PREFIX):] for fid, r in grid.iterrows()
                     if fid != c["factor_id"] and near(conv * k, float(r["value"]) * conversion_factor(
                         str(r["unit"]), "t CO2/MWh"))]
            rec.update(cause="grid_year" if years else "differs", cause_detail=", ".join(years))
        elif str(c["factor_id"]).startswith(("ashrae34.", "gas.")):
            name = str(c["factor_id"]).split(".", 1)[1]
            k = conversion_factor(str(c["unit"]), "t CO2e/t")
            sets = [str(r.gwp_set) for r in refr[refr["refrigerant"] == name].itertuples()
                    if r.gwp_set != inv.gwp_set and near(conv * k, float(r.gwp))]
            rec.update(cause="gwp_set" if sets else "differs", cause_detail=", ".join(sets))
        else:
            rec.update(cause="differs")
        out.append(rec)
    cols = ["year", "activity", "gas", "value", "unit", "source", "factor_id", "cited_value", "cited_unit",
            "cited_source_id", "cited_table", "status", "cause", "cause_detail"]
    return pd.DataFrame(out, columns=cols)


# ---------------------------------------------------------------------------------------------- comparing
@dataclass(frozen=True)
class Verification:
    """The comparison of a submitted inventory with its recomputation.

    ``lines``: one row per compared line (``finding`` id ``F1`` … for each
    line that does not agree; ``status`` agrees/immaterial/material; ``cause``
    and ``cause_detail`` (the other grid year, the other GWP set) where
    arithmetic explains the difference). ``years``: per year the submitted and
    recomputed totals and the materiality threshold [t CO2e]. ``factors``: each
    factor the submission states against the cited source (:func:`compare_factors`),
    the ones that differ numbered after the lines.
    """

    lines: pd.DataFrame
    years: pd.DataFrame
    materiality_pct: float
    gwp_set: str
    facility: str
    recomputed_only_years: tuple[int, ...] = ()
    factors: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["finding", "status"]))

    @property
    def findings(self) -> pd.DataFrame:
        """The lines that do not agree (material or not), by finding id."""
        return self.lines[self.lines["status"] != "agrees"].reset_index(drop=True)

    @property
    def factor_findings(self) -> pd.DataFrame:
        """The stated factors that differ from the cited source, by finding id."""
        return self.factors[self.factors["status"] != "agrees"].reset_index(drop=True)

    @property
    def material(self) -> bool:
        return bool((self.lines["status"] == "material").any())

    @property
    def exit_status(self) -> int:
        """4 when a line's difference is material (a factor that differs shows in its lines), else 0."""
        return EXIT_MATERIAL if self.material else 0

    @staticmethod
    def gas_label(gas: str, lang: str) -> str:
        return l10n.t("verify.gas.total", lang) if gas == TOTAL else gas

    def cause_text(self, row: Any, lang: str) -> str:
        cause = str(row["cause"]) if row["cause"] else ""
        if not cause:
            return ""
        return l10n.t(f"verify.cause.{cause}", lang, detail=row["cause_detail"] or "",
                      used=self.gwp_set)

    def factor_cause_text(self, row: Any, lang: str) -> str:
        cause = str(row["cause"] or "differs")
        return l10n.t(f"verify.factor_cause.{cause}", lang, detail=row["cause_detail"] or "", used=self.gwp_set)

    def table(self, lang: str = "en") -> pd.DataFrame:
        """The findings with an ``explanation`` column in ``lang`` (ids stay in the other columns)."""
        out = self.findings.copy()
        out["explanation"] = [self.cause_text(r, lang) for _, r in out.iterrows()]
        return out

    def factor_text(self, row: Any, lang: str) -> str:
        """A stated factor that differs, as a sentence: what was stated, what the cited source says, why."""
        stated = f"{l10n.sig(float(row['value']), lang)} {l10n.unit(str(row['unit'] or ''), lang)}".strip()
        cited = ("" if row["cited_value"] != row["cited_value"] else
                 l10n.factor_citation(row["cited_value"], row["cited_unit"], row["cited_source_id"], row["cited_table"],
                                      lang))
        return l10n.t("verify.summary.factor", lang, id=row["finding"], what=self.factor_label(row, lang),
                      stated=stated, cited=cited or "—", cause=self.factor_cause_text(row, lang))

    @staticmethod
    def factor_label(row: Any, lang: str) -> str:
        from .activities import resolve

        act = str(row["activity"] or "")
        name = l10n.activity(resolve(act) or act, lang) if act else ""
        year = row["year"]
        parts = [name, str(row["gas"] or "")]
        if year is not None and year == year:
            parts.append(str(int(year)))
        return ", ".join(x for x in parts if x)

    def summary(self, lang: str = "en") -> str:
        """A text a verifier can paste into the verification report."""
        return "\n".join(self.summary_lines(lang))

    def terminal(self, lang: str = "en") -> str:
        """The summary with every finding, material or not (what ``ghgcalc verify`` prints)."""
        return "\n".join(self.summary_lines(lang, every_finding=True))

    def summary_lines(self, lang: str = "en", every_finding: bool = False) -> list[str]:
        """The summary's sentences; ``every_finding``: the findings that are not material too (the terminal)."""
        n = l10n.num
        lines = [l10n.t("verify.summary.head", lang, facility=self.facility, n=len(self.lines),
                        m=int((self.lines["status"] == "material").sum()),
                        pct=n(self.materiality_pct, lang, 1), gwp=self.gwp_set)]
        for y in self.years.itertuples(index=False):
            lines.append(l10n.t("verify.summary.year", lang, year=y.year, submitted=n(y.submitted_t, lang),
                                recomputed=n(y.recomputed_t, lang), difference=n(y.difference_t, lang, sign=True),
                                threshold=n(y.threshold_t, lang)))
        for y in self.recomputed_only_years:
            lines.append(l10n.t("verify.summary.not_submitted_year", lang, year=y))
        for _, r in self.findings.iterrows():
            if r["status"] != "material" and not every_finding:
                continue
            status = f"{l10n.t(f'verify.status.{r.status}', lang)}: " if every_finding else ""
            lines.append(l10n.t("verify.summary.finding", lang, id=r["finding"], year=r["year"],
                                category=r["category"], gas=self.gas_label(r["gas"], lang),
                                submitted=n(r["submitted_t"], lang), recomputed=n(r["recomputed_t"], lang),
                                difference=n(r["difference_t"], lang, sign=True))
                         + " " + status + self.cause_text(r, lang))
        if len(self.factors):
            differ = self.factor_findings
            lines.append(l10n.t("verify.summary.factors", lang, n=len(self.factors), m=len(differ)))
            lines += [self.factor_text(r, lang) for _, r in differ.iterrows()]
        lines.append(l10n.t("verify.summary.material" if self.material else "verify.summary.none", lang))
        return lines

    def markdown(self, lang: str = "en") -> str:
        from .render.markup import blocks_markdown

        return blocks_markdown(self.blocks(lang))

    def blocks(self, lang: str = "en") -> list[Any]:
        """The findings as a document (heading, summary, tables, conclusion) for every renderer."""
        from .render.verification import verification_blocks

        return verification_blocks(self, lang)

    def write(self, path: str | Path, lang: str = "en") -> Path:
        """The findings and the summary to .md, .html, .docx, .xlsx (in ``lang``) or .csv (ids), atomically."""
        from .io.report_writers import write_table

        path = Path(path)
        suffix = path.suffix.lower()
        if suffix == ".csv":
            return write_table(self.findings, path, sheet="findings")
        if suffix not in (".md", ".html", ".docx", ".xlsx"):
            from .errors import UsageError

            raise UsageError(f"-o {path.name}: write the findings as .md, .html, .docx, .xlsx or .csv")
        from .render.markup import write_document
        from .render.verification import write_xlsx

        return write_document(path, self.blocks(lang), l10n.t("verify.title", lang, facility=self.facility), lang,
                              lambda tmp: write_xlsx(self, tmp, lang))


def _match(diff: np.ndarray, cand: np.ndarray) -> np.ndarray:
    cm = settings()["cause_match"]
    tol = np.maximum(float(cm["relative"]) * np.abs(diff), float(cm["absolute_t"]))
    hit: np.ndarray = (np.abs(cand) > float(cm["absolute_t"])) & (np.abs(diff - cand) <= tol)
    return hit


def verify(submitted: str | Path | dict[str, Any] | pd.DataFrame, inventory: Inventory | str | Path,
           materiality_pct: float | None = None, factors: pd.DataFrame | None = None) -> Verification:
    """Recompute ``inventory`` and compare it line by line with ``submitted`` (see the module text).

    ``inventory``: an :class:`~ghgcalc.inventory.Inventory` or the activity
    workbook to compute it from; ``materiality_pct``: the threshold, % of each
    year's recomputed total (default: ``emission_factors/rules/verification.yaml``);
    ``factors``: the factors the submission states (default: :func:`read_submitted_factors`
    of ``submitted``: a report JSON's factors, a workbook's ``factors`` sheet).
    """
    from .inventory import Inventory

    inv = inventory if isinstance(inventory, Inventory) else Inventory.from_file(inventory)
    pct = default_materiality_pct() if materiality_pct is None else float(materiality_pct)
    if not pct > 0:
        from .errors import UsageError

        raise UsageError(f"materiality {pct}: give a percentage above 0")
    sub = read_submitted(submitted)
    majors = {c for c in sub["category"] if "." not in c}
    rec = recomputed_lines(inv, majors)
    # a category given only by gas: its total is the sum of its gases
    has_total = sub[sub["gas"] == TOTAL][["year", "category"]].drop_duplicates()
    gas_only = sub[sub["gas"] != TOTAL].merge(has_total, how="left", indicator=True)
    gas_only = gas_only[gas_only["_merge"] == "left_only"]
    if not gas_only.empty:
        added = gas_only.groupby(["year", "category"], as_index=False)["submitted_t"].sum()
        added["gas"] = TOTAL
        sub = pd.concat([sub, added], ignore_index=True)
    years = sorted(set(sub["year"]))
    rec = rec[rec["year"].isin(years)]
    # the lines compared: every submitted line, every category total, and the gases of the categories given by gas
    by_gas = sub[sub["gas"] != TOTAL][["year", "category"]].drop_duplicates()
    rec_keep = (rec["gas"] == TOTAL) | rec.merge(by_gas, how="left", indicator=True)["_merge"].eq("both").to_numpy()
    rec_keep &= (rec["recomputed_t"].abs() > 0) | (rec["gas"] == TOTAL)
    lines = rec[rec_keep.to_numpy()].merge(sub, how="outer", on=["year", "category", "gas"])
    lines = lines[(lines["recomputed_t"].fillna(0) != 0) | (lines["submitted_t"].fillna(0) != 0)].copy()
    missing_sub = lines["submitted_t"].isna()
    lines = lines.fillna({c: 0.0 for c in lines.columns if c.endswith("_t")})
    lines["difference_t"] = lines["submitted_t"] - lines["recomputed_t"]

    totals = rec[rec["gas"] == TOTAL].groupby("year")["recomputed_t"].sum()
    sub_totals = sub[sub["gas"] == TOTAL].groupby("year")["submitted_t"].sum()
    ydf = pd.DataFrame({"year": years})
    ydf["submitted_t"] = ydf["year"].map(sub_totals).fillna(0.0).astype(float)
    ydf["recomputed_t"] = ydf["year"].map(totals).fillna(0.0).astype(float)
    ydf["difference_t"] = ydf["submitted_t"] - ydf["recomputed_t"]
    base = ydf["recomputed_t"].where(ydf["recomputed_t"] > 0, ydf["submitted_t"].abs())
    ydf["threshold_t"] = pct / 100 * base
    lines["threshold_t"] = lines["year"].map(ydf.set_index("year")["threshold_t"]).to_numpy(float)

    agree = float(settings()["agree_within_t"]["value"])
    diff = lines["difference_t"].to_numpy(float)
    status = np.where(np.abs(diff) <= agree, "agrees",
                      np.where(np.abs(diff) > lines["threshold_t"].to_numpy(float), "material", "immaterial"))
    lines["status"] = status
    lines["cause"], lines["cause_detail"] = _causes(lines, missing_sub.to_numpy(), inv)
    lines.loc[lines["status"] == "agrees", ["cause", "cause_detail"]] = ""
    order = {c: i for i, c in enumerate(LINE_GASES)}
    lines = lines.sort_values(["year", "category", "gas"], key=lambda s: s.map(order) if s.name == "gas" else s)
    lines = lines.reset_index(drop=True)
    not_agree = lines["status"] != "agrees"
    lines["finding"] = ""
    lines.loc[not_agree, "finding"] = [f"F{i}" for i in range(1, int(not_agree.sum()) + 1)]
    cols = ["finding", "year", "category", "gas", "submitted_t", "recomputed_t", "difference_t", "threshold_t",
            "status", "cause", "cause_detail"]
    recomputed_years = tuple(y for y in inv.years() if y not in years)
    stated = factors if factors is not None else read_submitted_factors(
        submitted if not isinstance(submitted, pd.DataFrame) else None)
    fac = compare_factors(stated, inv) if stated is not None and len(stated) else pd.DataFrame(
        columns=["year", "activity", "gas", "value", "unit", "source", "factor_id", "cited_value", "cited_unit",
                 "cited_source_id", "cited_table", "status", "cause", "cause_detail"])
    differ = (fac["status"] != "agrees").to_numpy()
    fac.insert(0, "finding", "")
    first = int(not_agree.sum()) + 1
    fac.loc[differ, "finding"] = [f"F{i}" for i in range(first, first + int(differ.sum()))]
    return Verification(lines=lines[cols], years=ydf, materiality_pct=pct, gwp_set=inv.gwp_set,
                        facility=str(inv.facility.get("name") or ""), recomputed_only_years=recomputed_years,
                        factors=fac)


def _causes(lines: pd.DataFrame, missing_sub: np.ndarray, inv: Inventory) -> tuple[list[str], list[str]]:
    """The likely cause of each line's difference, by arithmetic; first match in the order of :data:`CAUSES`."""
    n = len(lines)
    diff = lines["difference_t"].to_numpy(float)
    rec = lines["recomputed_t"].to_numpy(float)
    gas = lines["gas"].to_numpy(str)
    cause = np.full(n, "", dtype=object)
    detail = np.full(n, "", dtype=object)

    def put(mask: np.ndarray, what: str, how: np.ndarray | str = "") -> None:
        free = mask & (cause == "")
        cause[free] = what
        detail[free] = how[free] if isinstance(how, np.ndarray) else how

    majors = {c for c in lines["category"].astype(str) if "." not in c}

    def rolled(frame: pd.DataFrame, keys: list[str], values: list[str]) -> pd.DataFrame:
        """A per-subcategory frame summed into the whole categories the submission gives (``2`` for ``2.1``)."""
        if frame.empty or not majors:
            return frame
        frame = frame.copy()
        major = frame["category"].astype(str).str.split(".").str[0]
        frame.loc[major.isin(list(majors)).to_numpy(), "category"] = major[major.isin(list(majors))]
        return frame.groupby(keys, as_index=False)[values].sum()

    put(missing_sub, "not_submitted")
    put(_match(diff, rec * (1000 - 1)), "unit_slip_x1000")
    put(_match(diff, rec * (0.001 - 1)), "unit_slip_div1000")
    co2_like = (gas == TOTAL) | (gas == "CO2")
    alt = rolled(grid_alternatives(inv), ["year", "category", "grid_year"], ["delta_t"])
    for grid_year, part in alt.groupby("grid_year"):
        cand = lines[["year", "category"]].merge(part, how="left", on=["year", "category"])["delta_t"]
        put(co2_like & _match(diff, cand.fillna(0).to_numpy(float)), "grid_year", str(grid_year))
    gwp = load_gwp()
    fluor = rolled(refrigerant_alternatives(inv), ["year", "category", "gwp_set"], ["hfcs_delta_t", "pfcs_delta_t"])
    for other in sorted(set(gwp["gwp_set"]) - {inv.gwp_set}):
        g = gwp[gwp["gwp_set"] == other].set_index("gas")["value"]
        terms = {x: lines[f"{x.lower()}_t"].to_numpy(float) * float(g[x]) - lines[f"{x.lower()}_co2e_t"]
                 .to_numpy(float) for x in ("CH4", "N2O", "SF6", "NF3") if x in g.index}
        blends = lines[["year", "category"]].merge(fluor[fluor["gwp_set"] == other], how="left",
                                                   on=["year", "category"])
        for x, col in (("HFCs", "hfcs_delta_t"), ("PFCs", "pfcs_delta_t")):
            terms[x] = blends[col].fillna(0.0).to_numpy(float)
        cand = np.zeros(n)
        for x, term in terms.items():
            cand = np.where(gas == TOTAL, cand + term, np.where(gas == x, term, cand))
        put(_match(diff, cand), "gwp_set", other)
    put(co2_like & _match(diff, lines["biogenic_co2_t"].to_numpy(float)), "biogenic_co2")
    put(((gas == TOTAL) | (gas == "HFCs")) & _match(diff, lines["memo_co2e_t"].to_numpy(float)), "memo_ods")
    put(lines["status"].to_numpy(str) != "agrees", "unexplained")
    return list(cause), list(detail)
