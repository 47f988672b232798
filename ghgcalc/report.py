"""The one path from an input file to an :class:`~ghgcalc.inventory.Inventory`.

``build_inventory(path)`` reads the input (workbook, JSON or CSV), computes every
row with :func:`ghgcalc.calculate`, decides Decree 06 applicability, and returns
the inventory whose tables the writers format. The CLI and notebooks share it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd

from .activities import catalogue
from .applicability import applicability, facility_emissions
from .data import combine_factor_frames, load_factor_file, user_factor_rows
from .engine import GwpSet, calculate, first_per_cell
from .errors import GhgcalcError, InputError, Problem
from .inventory import Inventory
from .io.inputs import read_input
from .io.limits import DEFAULT_LIMITS
from .io.workbook import WorkbookData
from .methods import is_yes, refrigerants
from .methods.energy_basis import stated_gross

#: Combustion sector assumed for stationary fuels when the facility sheet gives none.
SECTOR_BY_TYPE = {
    "thermal_power": "energy_industries", "industrial": "manufacturing_construction",
    "commercial_building": "commercial_institutional", "freight_transport": "manufacturing_construction",
    "solid_waste_treatment": "manufacturing_construction", "other": "commercial_institutional",
}
FACILITY_TYPES = tuple(SECTOR_BY_TYPE)


def build_inventory(path: str | Path, *, gwp: str | None = None, lang: str = "en", year: int | None = None,
                    as_of: dt.date | None = None,
                    factor_files: Sequence[str | Path | pd.DataFrame] = (),
                    max_workbook_mb: float = DEFAULT_LIMITS.max_mb,
                    max_sheet_rows: int = DEFAULT_LIMITS.max_sheet_rows, data: WorkbookData | None = None,
                    factors_as_of: dt.date | None = None) -> Inventory:
    """Read ``path`` and compute its inventory and Decree 06 applicability.

    ``factor_files``: extra factor files (the dataset's columns) used beside the
    workbook's own factor sheet, e.g. an imported conversion-factor set; paths,
    or frames already read by :func:`ghgcalc.data.load_factor_file` (to read a
    file once for many workbooks). ``data``: an input already read (in memory, see
    :meth:`Inventory.from_dict`); ``path`` is then only its name. ``factors_as_of``: compute with the factor
    editions published by that day only (:func:`ghgcalc.calculate`), the inventory "as published then".
    """
    extra = [f if isinstance(f, pd.DataFrame) else load_factor_file(f) for f in factor_files]
    if data is None:
        try:
            data = read_input(path, max_workbook_mb=max_workbook_mb, max_sheet_rows=max_sheet_rows)
        except InputError as exc:  # every problem in one pass: the calculation's checks of what could be read
            if exc.partial is None:
                raise
            raise InputError(in_order([*exc.problems, *_calculation_problems(exc.partial, exc.problems, extra)]),
                             hint=exc.hint) from None
    fac = dict(data.facility)
    acts = data.activities
    if year is not None:
        if "year" not in acts:
            raise GhgcalcError(f"--year {year}: the input has no year column")
        acts = acts[pd.to_numeric(acts["year"], errors="coerce") == year]
        if acts.empty:
            raise GhgcalcError(f"the input has no activity rows for {year}")
    acts = _screen_unknown_topups(acts)
    ftype = str(fac.get("facility_type") or "industrial")
    if ftype not in FACILITY_TYPES:
        ftype = "other"
    sector = str(fac.get("sector") or SECTOR_BY_TYPE[ftype])
    gwp_set = str(gwp or fac.get("gwp") or "AR5")
    factors = _factors(data.user_factors, extra)
    results = calculate(acts, gwp=cast(GwpSet, gwp_set), default_sector=sector, user_factors=factors,
                        factors_as_of=factors_as_of)
    if data.notes:  # the reader's warnings (numbers read by the facility's separator, years outside the list …)
        results.attrs["warnings"] = [*data.notes, *results.attrs.get("warnings", [])]
    for c in ("_sheet", "_row", "description", "ad_uncertainty_pct", "ef_uncertainty_pct", "metering",
              "data_document", "data_provider", "data_method"):
        if c in acts:
            results[c] = acts[c].to_numpy()
    as_of = as_of or dt.date.today()
    appl = applicability(_facility_for_rules(fac, ftype, acts, results), as_of=as_of)
    prov: dict[str, Any] = {
        "input_file": data.source_file, "input_sha256": data.sha256,
        "run_at_utc": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "rules_as_of": as_of.isoformat(), "default_combustion_sector": sector,
    }
    if factors_as_of is not None:
        prov["factors_as_of"] = factors_as_of.isoformat()
    for i, f in enumerate(extra, start=1):
        prov[f"factor_file_{i}"] = f"{f.attrs.get('source_file', 'frame')} (sha256 {f.attrs.get('sha256', '-')})"
    inv = Inventory(facility=fac, results=results, applicability=appl, provenance_info=prov, lang=lang,
                    user_factors=factors, qc_log=data.qc_log)
    inv.credits = data.credits
    if data.measures is not None:  # the workbook's reduction plan, in its report
        inv.attach_plan(data.measures)
    return inv


def _calculation_problems(data: WorkbookData, known: Sequence[Problem],
                          extra: list[pd.DataFrame]) -> list[Problem]:
    """The problems :func:`calculate` finds in an input that already has reading problems, on other cells.

    Run on every row first, then again (up to three times) on the rows without a listed problem: the
    first checks (units, activities, numbers) stop before the methods' (sectors, a unit that does not
    fit its activity), so that neither kind is left for a second run. Checks that cannot run on what
    was read add nothing.
    """
    acts = data.activities
    if acts.empty or not {"activity", "quantity", "unit", "_row"} <= set(acts.columns):
        return []
    listed = {(str(p.sheet), str(p.row), p.column) for p in known}
    bad_rows = {(str(p.sheet), str(p.row)) for p in known}
    ftype = str(data.facility.get("facility_type") or "industrial")
    sector = str(data.facility.get("sector") or SECTOR_BY_TYPE.get(ftype, SECTOR_BY_TYPE["other"]))
    try:
        factors = _factors(data.user_factors, extra)
    except GhgcalcError:
        factors = None
    found: list[Problem] = []
    rows = acts
    for _ in range(3):  # the first checks stop before the methods': run again on the rows left clean
        if rows.empty:
            break
        try:
            calculate(_screen_unknown_topups(rows), default_sector=sector, user_factors=factors)
        except InputError as exc:
            new = [p for p in exc.problems if (str(p.sheet), str(p.row), p.column) not in listed]
            listed |= {(str(p.sheet), str(p.row), p.column) for p in exc.problems}
            bad_rows |= {(str(p.sheet), str(p.row)) for p in exc.problems}
            found += new
        except GhgcalcError:
            break
        else:
            break
        sheet = rows["_sheet"].astype(str) if "_sheet" in rows else pd.Series("None", index=rows.index)
        rows = rows[[(s, str(r)) not in bad_rows for s, r in zip(sheet, rows["_row"], strict=True)]]
    return found


def in_order(problems: Sequence[Problem]) -> list[Problem]:
    """Problems by file, then the facility's first, then sheet (as first met) and row; one per cell."""
    sheets: dict[str, int] = {}
    for p in problems:
        sheets.setdefault(str(p.sheet), len(sheets))

    def key(p: Problem) -> tuple[int, int, int]:
        row = p.row if isinstance(p.row, int) else -1
        return (0 if row < 0 else 1, sheets[str(p.sheet)], row)

    return sorted(first_per_cell(problems), key=key)


def _screen_unknown_topups(acts: pd.DataFrame) -> pd.DataFrame:
    """Refrigerant rows without a top-up but with a full charge and an equipment type: screening estimate.

    The mass released is charge × the IPCC 2006 Vol. 3 Table 7.9 leak rate of the equipment type
    (:func:`ghgcalc.methods.refrigerants.screening`); the row's description says so.
    """
    needed = {"charge_kg", "equipment_type", "quantity"}
    if not needed <= set(acts.columns):
        return acts
    blank = acts["quantity"].isna() & acts["charge_kg"].notna() & acts["equipment_type"].notna()
    if not blank.any():
        return acts
    acts = acts.copy()
    for i in acts.index[blank]:
        est = refrigerants.screening(str(acts.at[i, "activity"]), charge=float(acts.at[i, "charge_kg"]),
                                     equipment=str(acts.at[i, "equipment_type"]), unit="kg")
        acts.at[i, "quantity"] = float(est["quantity"].iloc[0])
        acts.at[i, "unit"] = "kg"
        acts.at[i, "description"] = str(est["description"].iloc[0])
    return acts


def _factors(frame: pd.DataFrame | None, extra: list[pd.DataFrame]) -> pd.DataFrame | None:
    """The workbook's factor rows and those of the factor files, as one validated frame."""
    frames = list(extra)
    if frame is not None and not frame.empty:
        frames.insert(0, user_factor_rows(frame.fillna("").astype(str).to_dict("records"), origin="factor sheet"))
    if not frames:
        return None
    return combine_factor_frames(frames, "factor sheet and factor files")


#: The unit of the result's ``energy_tj`` column (net energy), for the TOE of a quantity stated gross.
NET_ENERGY_UNIT = "TJ"


def _facility_for_rules(fac: dict[str, Any], ftype: str, acts: pd.DataFrame,
                        results: pd.DataFrame) -> dict[str, Any]:
    """Facility fields for :func:`ghgcalc.applicability`, with emissions and energy of the latest year."""
    latest = int(results["year"].max()) if "year" in results and results["year"].notna().any() else None
    mask = (results["year"] == latest).to_numpy() if latest is not None else slice(None)
    fam = catalogue().set_index("activity")["family"]
    res = results[mask]
    energy_rows = res[res["activity"].astype(str).map(fam).isin(["fuel", "electricity"])]
    # a frame (what applicability reads) rather than a dict per row: the rows are not validated one by one
    quantity, unit = energy_rows["quantity"].to_numpy(dtype=float), energy_rows["unit"].astype(str).to_numpy()
    if len(energy_rows) and {"notes", "energy_tj"} <= set(energy_rows.columns):
        # a quantity stated gross (energy_basis) counts by its net energy, the one its factors were applied to
        gross = stated_gross(energy_rows["notes"])
        if gross.any():
            quantity = np.where(gross, energy_rows["energy_tj"].to_numpy(dtype=float), quantity)
            unit = np.where(gross, NET_ENERGY_UNIT, unit)
    energy = pd.DataFrame({"carrier": energy_rows["activity"].astype(str).tolist(),
                           "quantity": quantity.tolist(), "unit": unit.tolist()}) if len(energy_rows) else None
    out: dict[str, Any] = {
        "name": str(fac.get("name")), "facility_type": ftype,
        "annual_emissions_tco2e": facility_emissions(res), "data_year": latest,
        "energy": energy,
        "listed": True if is_yes(fac.get("listed")) else None,
        "sector_group": fac.get("sector_group") or None,
        "quota_from": int(fac["quota_from"]) if fac.get("quota_from") else None,
    }
    if fac.get("waste_capacity_t_per_year"):
        out["waste_capacity_t_per_year"] = float(fac["waste_capacity_t_per_year"])
    return out
