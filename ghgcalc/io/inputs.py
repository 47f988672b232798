"""Read a facility's data from a workbook, a JSON document or CSV files, into one shape.

JSON (for tools that embed ghgcalc)::

    {"facility": {"name": "...", "facility_type": "industrial", ...},
     "activities": [{"activity": "diesel", "quantity": 10, "unit": "t", "year": 2025}, ...],
     "factors": [ ...rows in the factor-file schema... ]}

CSV: an activity table with the same columns; facility fields in a sibling
``facility.csv`` (``key,value``) when present. ``ghgcalc schema`` prints the JSON Schema.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import InputError, Problem
from .numbers import parse_number
from .workbook import WorkbookData, read_workbook
from .xlsx import guard_workbook


class FacilityInput(BaseModel):
    """Facility fields of the input (all but ``name`` optional)."""

    model_config = ConfigDict(extra="allow")
    name: str = Field(min_length=1)
    tax_code: str | None = None
    province: str | None = None
    facility_type: str | None = None
    sector: str | None = None
    gwp: str | None = None
    reporting_years: str | int | None = None
    boundary_notes: str | None = None


class ActivityInput(BaseModel):
    """One activity row (extra columns such as ``sector``, ``ef_co2`` are allowed)."""

    model_config = ConfigDict(extra="allow")
    activity: str
    quantity: float | str
    unit: str
    year: int | None = None


class InputDocument(BaseModel):
    """The whole input of ``ghgcalc report`` as JSON."""

    facility: FacilityInput
    activities: list[ActivityInput] = Field(min_length=1)
    factors: list[dict[str, Any]] | None = None


def json_schema() -> dict[str, Any]:
    """JSON Schema of the JSON input."""
    return InputDocument.model_json_schema()


def read_input(path: str | Path, **limits: Any) -> WorkbookData:
    """Read ``.xlsx``, ``.json`` or ``.csv`` input into :class:`WorkbookData`.

    ``limits``: ``max_workbook_mb``, ``max_sheet_rows`` of :func:`~ghgcalc.io.workbook.read_workbook`.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_workbook(p, **limits)
    if not p.is_file():
        raise InputError([Problem("-", "-", f"file {str(p)!r} not found", file=p.name)])
    raw = p.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if suffix == ".json":
        try:
            doc = InputDocument.model_validate_json(raw)
        except ValidationError as exc:
            raise InputError([Problem(_row(e["loc"]), ".".join(map(str, e["loc"])), e["msg"], file=p.name)
                              for e in exc.errors()]) from exc
        acts = pd.DataFrame([a.model_dump() for a in doc.activities])
        acts["_row"] = range(1, len(acts) + 1)
        acts["_sheet"] = "activities"
        acts.attrs["source_file"] = p.name
        factors = pd.DataFrame(doc.factors).astype(str) if doc.factors else None
        return WorkbookData(doc.facility.model_dump(exclude_none=True), acts, factors, p.name, digest)
    if suffix == ".csv":
        acts = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        acts = acts.replace({"": None})
        acts["_row"] = range(2, len(acts) + 2)
        acts["_sheet"] = p.name
        acts.attrs["source_file"] = p.name
        facility: dict[str, Any] = {"name": p.stem}
        fac = p.with_name("facility.csv")
        if fac.is_file():
            kv = pd.read_csv(fac, dtype=str, keep_default_na=False)
            facility.update(dict(zip(kv.iloc[:, 0], kv.iloc[:, 1], strict=True)))
        return WorkbookData(facility, acts, None, p.name, digest)
    raise InputError([Problem("-", "-", f"unsupported input type {suffix!r}", file=p.name)],
                     hint="give a .xlsx workbook, a .json document or a .csv activity table")


#: Numeric columns of a screening table (besides the ``carrier [unit]`` energy columns).
SCREEN_NUMBERS = ("annual_emissions_tco2e", "waste_capacity_t_per_year", "quota_from")


def read_facilities_table(path: str | Path) -> pd.DataFrame:
    """Read a screening table (.xlsx or .csv, one facility per row), numbers checked cell by cell.

    Text in a number cell, or an ambiguous ``1.234``, is an :class:`InputError`
    naming the file, row and column; ``_row`` holds the spreadsheet row number.
    """
    p = Path(path)
    if not p.is_file():
        raise InputError([Problem("-", "-", f"file {str(p)!r} not found", file=p.name)])
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        guard_workbook(p)  # size, zip bomb, DTD and rows checked before openpyxl parses it
    try:
        if p.suffix.lower() in (".xlsx", ".xlsm"):
            table = pd.read_excel(p, dtype=object)
        else:
            table = pd.read_csv(p, dtype=object, keep_default_na=False, encoding="utf-8-sig")
    except Exception as exc:  # pandas/openpyxl raise many types for an unreadable file
        raise InputError([Problem("-", "-", f"cannot read the table ({type(exc).__name__})", file=p.name)]) from exc
    table = table.replace({"": None})
    table["_row"] = range(2, len(table) + 2)
    problems: list[Problem] = []
    for col in table.columns:
        if not (str(col).strip().endswith("]") or col in SCREEN_NUMBERS):
            continue
        values = []
        for r, v in zip(table["_row"], table[col], strict=True):
            if v is None or (isinstance(v, float) and v != v) or isinstance(v, (int, float)):
                values.append(v)
                continue
            try:
                values.append(parse_number(str(v)))
            except ValueError as exc:
                problems.append(Problem(r, str(col), f"{v!r} is not a number ({exc})", file=p.name))
                values.append(None)
        table[col] = values
    if problems:
        raise InputError(problems)
    return table


def _row(loc: tuple[Any, ...]) -> Any:
    return loc[1] + 1 if len(loc) > 1 and loc[0] == "activities" and isinstance(loc[1], int) else "-"


def dumps_schema() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False)
