"""Read a facility's data from a workbook, a JSON document or CSV files, into one shape.

JSON (for tools that embed ghgcalc)::

    {"facility": {"name": "...", "facility_type": "industrial", ...},
     "activities": [{"activity": "diesel", "quantity": 10, "unit": "t", "year": 2025}, ...],
     "factors": [ ...rows in the factor-file schema... ]}

CSV: an activity table with the same columns; facility fields in a sibling
``facility.csv`` (``key,value``) when present. ``ghgcalc schema`` prints the JSON Schema.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..checks import activity_rows, facility_problems
from ..engine import KEY_COLUMNS, NUMERIC_COLUMNS
from ..errors import InputError, Problem
from .numbers import AmbiguousNumber, parse_number
from .schema import FACILITY_FIELDS, SHEETS
from .workbook import WorkbookData, read_workbook
from .xlsx import guard_workbook


class FacilityInput(BaseModel):
    """Facility fields of the input (all but ``name`` optional); any other workbook facility field is
    accepted, an unknown key refused with the closest known one."""

    model_config = ConfigDict(extra="allow")
    name: str = Field(min_length=1)
    tax_code: str | None = None
    province: str | None = None
    facility_type: str | None = None
    sector: str | None = None
    gwp: str | None = None
    reporting_years: str | int | list[int] | None = None
    boundary_notes: str | None = None

    @field_validator("reporting_years")
    @classmethod
    def _years_as_text(cls, value: str | int | list[int] | None) -> str | int | None:
        """``[2024, 2025]`` (natural in JSON) kept as the workbook writes it: ``2024, 2025``."""
        return ", ".join(map(str, value)) if isinstance(value, list) else value


class ActivityInput(BaseModel):
    """One activity row (extra columns such as ``sector``, ``ef_co2`` are allowed)."""

    model_config = ConfigDict(extra="allow")
    activity: str
    quantity: float | str
    unit: str
    year: int | None = None


class InputDocument(BaseModel):
    """The whole input of ``ghgcalc report`` as JSON."""

    model_config = ConfigDict(extra="forbid")

    facility: FacilityInput
    activities: list[ActivityInput] = Field(min_length=1)
    factors: list[dict[str, Any]] | None = None
    #: the quality-control log (Circular 38/2023/TT-BCT Art. 20): rows of the workbook's qc_log sheet
    qc_log: list[dict[str, Any]] | None = None
    #: carbon credits retired (the workbook's ``credits`` sheet): registry, serial, vintage, type, quantity_t,
    #: retired_for_year
    credits: list[dict[str, Any]] | None = None
    #: the reduction plan (the workbook's ``measures`` sheet): measure, kind, from_year and the kind's fields
    measures: list[dict[str, Any]] | None = None


def json_schema() -> dict[str, Any]:
    """JSON Schema of the JSON input."""
    return InputDocument.model_json_schema()


#: What to do with a table that cannot be read.
SAVE_AGAIN_TABLE = "open it in Excel or LibreOffice and save it again as .xlsx or as CSV UTF-8"
_CSV_LINE = re.compile(r"line (\d+)")


#: What pandas raises for a file that is not UTF-8 text or does not make a table.
CSV_ERRORS = (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError)


def read_csv_table(p: Path, *, dtype: Any, **options: Any) -> pd.DataFrame:
    """A CSV table (blank cells '' unless ``options`` say otherwise), or an :class:`InputError` (:func:`csv_error`)."""
    try:
        return pd.read_csv(p, dtype=dtype, **{"keep_default_na": False, "encoding": "utf-8-sig", **options})
    except CSV_ERRORS as exc:
        raise csv_error(exc, p) from exc


def unreadable_table(p: Path, hint: str = SAVE_AGAIN_TABLE) -> InputError:
    """The user's error for a table file no reader could open (pandas and openpyxl raise many kinds)."""
    return InputError([Problem("-", "-", "cannot read the table: the file is damaged or not a table", file=p.name,
                               code="unreadable")], hint=hint)


def csv_error(exc: Exception, p: Path) -> InputError:
    """The user's error for a CSV file pandas could not read, naming the file and what to do.

    Excel's plain "CSV" is saved in the Windows code page (Vietnamese: 1258), not UTF-8: such a file is
    refused with the way to save it, never read with guessed letters; so is a file whose quotes or cells
    do not make a table (the line named where the parser says).
    """
    if isinstance(exc, UnicodeDecodeError):
        return InputError([Problem("-", "-", "the file is not UTF-8 text", file=p.name, code="unreadable")],
                          hint="save it as CSV UTF-8 (Excel: Save As, CSV UTF-8 (Comma delimited))")
    found = _CSV_LINE.search(str(exc))
    where: Any = int(found.group(1)) if found else "-"
    return InputError([Problem(where, "-", "not a readable CSV table: a quote left open or a row with more "
                               "cells than the header", file=p.name, code="unreadable")], hint=SAVE_AGAIN_TABLE)


def read_input(path: str | Path, **limits: Any) -> WorkbookData:
    """Read ``.xlsx``, ``.json`` or ``.csv`` input into :class:`WorkbookData`.

    ``limits``: ``max_workbook_mb``, ``max_sheet_rows`` of :func:`~ghgcalc.io.workbook.read_workbook`.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_workbook(p, **limits)
    if not p.is_file():
        raise InputError([Problem("-", "-", f"file {str(p)!r} not found", file=p.name, code="not_found")])
    raw = p.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if suffix == ".json":
        try:
            parsed = json.loads(raw)
        except ValueError as exc:
            raise InputError([Problem("-", "-", f"not a JSON document ({exc})", file=p.name, code="unreadable")]) \
                from exc
        return read_document(parsed, name=p.name, sha256=digest)
    if suffix == ".csv":
        acts = read_csv_table(p, dtype=str)
        acts = acts.replace({"": None})
        acts["_row"] = range(2, len(acts) + 2)
        acts["_sheet"] = p.name
        acts.attrs["source_file"] = p.name
        facility: dict[str, Any] = {"name": p.stem}
        fac = p.with_name("facility.csv")
        if fac.is_file():
            kv = read_csv_table(fac, dtype=str)
            facility.update(dict(zip(kv.iloc[:, 0], kv.iloc[:, 1], strict=True)))
        return _checked(WorkbookData(facility, acts, None, p.name, digest))
    raise InputError([Problem("-", "-", f"unsupported input type {suffix!r}", file=p.name)],
                     hint="give a .xlsx workbook (an .xls one: open it and save it as .xlsx), a .json document or "
                          "a .csv activity table")


#: What ``check`` says of one facility's workbook, given in place of its table of facilities (then the file's name).
FACILITY_WORKBOOK = ("a facility workbook (sheet 'facility'), not a table of facilities one per row (columns name, "
                     "facility_type, annual_emissions_tco2e …), which is what check screens; for this facility run: "
                     "ghgcalc report")
#: Numeric columns of a screening table (besides the ``carrier [unit]`` energy columns).
SCREEN_NUMBERS = ("annual_emissions_tco2e", "waste_capacity_t_per_year", "quota_from")


def read_facilities_table(path: str | Path) -> pd.DataFrame:
    """Read a screening table (.xlsx or .csv, one facility per row), numbers checked cell by cell.

    Text in a number cell, or an ambiguous ``1.234``, is an :class:`InputError`
    naming the file, row and column; ``_row`` holds the spreadsheet row number.
    """
    p = Path(path)
    if not p.is_file():
        raise InputError([Problem("-", "-", f"file {str(p)!r} not found", file=p.name, code="not_found")])
    if p.suffix.lower() not in (".xlsx", ".xlsm", ".csv"):
        raise InputError([Problem("-", "-", f"unsupported input type {p.suffix.lower()!r}", file=p.name)],
                         hint="give a .xlsx workbook (an .xls one: open it and save it as .xlsx) or a .csv table")
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        guard_workbook(p)  # size, zip bomb, DTD and rows checked before openpyxl parses it
    sheets: list[str | int] = []
    try:
        if p.suffix.lower() in (".xlsx", ".xlsm"):
            with pd.ExcelFile(p, engine="openpyxl") as book:
                sheets = list(book.sheet_names)
                table = pd.read_excel(book, dtype=object)
        else:
            table = read_csv_table(p, dtype=object)
    except InputError:
        raise
    except Exception as exc:  # pandas/openpyxl raise many types for an unreadable file
        raise unreadable_table(p) from exc
    if "name" not in table.columns and "facility" in sheets:  # one facility's workbook (ghgcalc template)
        raise InputError([Problem("-", "-", f"{FACILITY_WORKBOOK} {p.name}", file=p.name, code="wrong_input")])
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
            except AmbiguousNumber as exc:
                problems.append(Problem(r, str(col), str(exc), file=p.name, code="ambiguous_number", value=str(v),
                                        accepted="a number without thousands separators, e.g. 1234.5"))
                values.append(None)
            except ValueError:
                problems.append(Problem(r, str(col), f"{v!r} is not a number", file=p.name, code="not_a_number",
                                        value=str(v), accepted="a number"))
                values.append(None)
        table[col] = values
    table.attrs["source_file"] = p.name  # screen() names the file on every problem
    if problems:  # the rows as read, for screen() to list its own problems in the same pass
        raise InputError(problems, partial=table)
    return table


def screen_file(path: str | Path, **options: Any) -> pd.DataFrame:
    """:func:`read_facilities_table` then :func:`ghgcalc.screen` (``options``: ``as_of``, ``lang``).

    Every problem of both in one :class:`InputError`: the numbers that cannot be read and the fields
    screening refuses (an empty name, an unknown facility type …), by row.
    """
    from ..applicability import screen
    from ..errors import GhgcalcError

    try:
        table = read_facilities_table(path)
    except InputError as exc:
        if exc.partial is None:
            raise
        more: list[Problem] = []
        try:
            screen(exc.partial, **options)
        except InputError as again:
            more = again.problems
        except GhgcalcError:
            pass
        known = {(str(q.row), q.column) for q in exc.problems}
        problems = [*exc.problems, *(q for q in more if (str(q.row), q.column) not in known)]
        raise InputError(sorted(problems, key=lambda q: q.row if isinstance(q.row, int) else -1)) from None
    return screen(table, **options)


def read_document(doc: Any, *, name: str = "input", sha256: str = "") -> WorkbookData:
    """A JSON-like document (``{"facility": …, "activities": […], "factors": […]}``) checked as a file is.

    The in-memory entry of :meth:`ghgcalc.Inventory.from_dict` (a web service needs no temporary file).
    """
    raw = json.dumps(doc, default=str).encode()
    unknown = _unknown_keys(raw, name)
    try:
        parsed = InputDocument.model_validate(doc)
    except ValidationError as exc:
        raise _with_partial(doc, name, unknown + _validation_problems(exc, name)) from exc
    if unknown:
        raise _with_partial(doc, name, unknown)
    acts = pd.DataFrame([a.model_dump() for a in parsed.activities])
    acts["_row"] = range(1, len(acts) + 1)
    acts["_sheet"] = "activities"
    acts.attrs["source_file"] = name
    factors = pd.DataFrame(parsed.factors).astype(str) if parsed.factors else None
    qc = None
    if parsed.qc_log:
        from ..procedure import qc_log

        raw_qc = pd.DataFrame(parsed.qc_log)
        raw_qc["_row"] = range(1, len(raw_qc) + 1)
        qc, qc_problems = qc_log(raw_qc, file=name, sheet="qc_log")
        if qc_problems:
            raise InputError(qc_problems)
    data = _checked(WorkbookData(parsed.facility.model_dump(exclude_none=True), acts, factors, name,
                                 sha256 or hashlib.sha256(raw).hexdigest()))
    data.qc_log = qc
    if parsed.credits:
        from ..neutrality import check_credits

        raw_credits = pd.DataFrame(parsed.credits)
        raw_credits["_row"] = range(1, len(raw_credits) + 1)
        years = (sorted({int(y) for y in pd.to_numeric(acts["year"], errors="coerce").dropna()})
                 if "year" in acts else [])
        credits, credit_problems, credit_notes = check_credits(raw_credits, file=name, sheet="credits",
                                                               years=years or None)
        if credit_problems:
            raise InputError(credit_problems)
        data.credits = credits
        data.notes += credit_notes
    if parsed.measures:
        from ..plan import check_measures

        raw_measures = pd.DataFrame(parsed.measures)
        raw_measures["_row"], raw_measures["_file"], raw_measures["_sheet"] = range(1, len(raw_measures) + 1), \
            name, "measures"
        data.measures = check_measures(raw_measures)  # problems name the measure by its position
    return data


def read_frames(facility: dict[str, Any], activities: pd.DataFrame, factors: pd.DataFrame | None = None, *,
                name: str = "frames") -> WorkbookData:
    """Facility fields and an activity frame, checked as a file's are (rows named by ``_row`` or position + 1)."""
    acts = activities.copy()
    if "_row" not in acts:
        acts["_row"] = range(1, len(acts) + 1)
    if "_sheet" not in acts:
        acts["_sheet"] = "activities"
    acts.attrs["source_file"] = name
    digest = hashlib.sha256(pd.util.hash_pandas_object(acts.astype(str), index=False).to_numpy().tobytes()).hexdigest()
    return _checked(WorkbookData(dict(facility), acts, factors, name, digest))


def _checked(data: WorkbookData) -> WorkbookData:
    """Facility fields and activity rows of a JSON or CSV input checked as a workbook's are."""
    facility, problems = facility_problems(data.facility, file=data.source_file)
    acts, more, notes = activity_rows(data.activities, facility, file=data.source_file)
    acts.attrs["source_file"] = data.source_file
    if problems or more:
        raise InputError(problems + more, partial=WorkbookData(facility, acts, data.user_factors, data.source_file,
                                                               data.sha256, [*data.notes, *notes],
                                                               qc_log=data.qc_log))
    return WorkbookData(facility, acts, data.user_factors, data.source_file, data.sha256, [*data.notes, *notes],
                        qc_log=data.qc_log)


def _with_partial(doc: Any, name: str, problems: list[Problem]) -> InputError:
    """The document's problems, with the rows as written (known keys only) for the checks that follow
    reading, and the facility and row checks of a file on what could be read: one pass for JSON too."""
    fac, acts = (doc.get("facility"), doc.get("activities")) if isinstance(doc, dict) else (None, None)
    if not isinstance(fac, dict) or not isinstance(acts, list) or not acts or \
            not all(isinstance(a, dict) for a in acts):
        return InputError(problems)
    facility_raw = {k: v for k, v in fac.items() if k in FACILITY_KEYS and not isinstance(v, (list, dict))}
    frame = pd.DataFrame([{k: v for k, v in a.items() if k in ACTIVITY_KEYS - {"_row", "_sheet"}} for a in acts])
    frame["_row"] = range(1, len(frame) + 1)
    facility, fac_problems = facility_problems(facility_raw, file=name)
    frame, row_problems, notes = activity_rows(frame, facility, file=name)
    frame.attrs["source_file"] = name
    listed = {(str(q.row), q.column.split(".")[-1]) for q in problems}
    more = [replace(q, column=f"facility.{q.column}") for q in fac_problems]
    more += row_problems
    merged = [*problems, *(q for q in more if (str(q.row), q.column.split(".")[-1]) not in listed)]
    return InputError(merged, partial=WorkbookData(facility, frame, None, name, "", notes))


#: What each member of a pydantic union accepts, in words (the members' tags end an error's location).
_KINDS = {"str": "a text", "int": "an integer", "float": "a number", "bool": "yes or no",
          "list[int]": "a list of years", "list[str]": "a list of texts"}


def _validation_problems(exc: ValidationError, name: str) -> list[Problem]:
    """pydantic's errors as problems, one per field: a union's failed members merged into one sentence."""
    by_field: dict[tuple[Any, ...], list[Any]] = {}
    for e in exc.errors():
        if e["type"] == "extra_forbidden":
            continue
        loc = tuple(e["loc"])
        while loc and str(loc[-1]) in _KINDS:
            loc = loc[:-1]
        by_field.setdefault(loc, []).append(e)
    problems = []
    for loc, errs in by_field.items():
        e = errs[0]
        row = _row(loc)
        column = ".".join(map(str, loc[2:] if row != "-" else loc))
        value = e["input"] if isinstance(e["input"], (str, int, float)) else str(e["input"])
        kinds = [_KINDS[str(x["loc"][-1])] for x in errs if str(x["loc"][-1]) in _KINDS]
        if e["type"] == "missing":
            msg, code = "this field is required", "missing"
        elif len(kinds) > 1:
            msg, code = f"{value!r} is not accepted here: give {' or '.join(dict.fromkeys(kinds))}", "invalid"
        else:
            msg, code = _msg(e), ("not_a_number" if e["type"].startswith(("float", "int")) else "invalid")
        problems.append(Problem(row, column, msg, file=name, code=code, value=value))
    return problems


def _msg(e: Any) -> str:
    """A pydantic error as a sentence (never pydantic's raw text with its URL)."""
    if e["type"] == "missing":
        return "this field is required"
    return f"{e['input']!r}: {str(e['msg'])[0].lower()}{str(e['msg'])[1:]}" if isinstance(
        e["input"], (str, int, float)) else str(e["msg"])


def _unknown_keys(raw: bytes, fname: str) -> list[Problem]:
    """Keys of the JSON document that no field has (``reporting_year``, a row's ``secter``), with the closest."""
    try:
        doc = json.loads(raw)
    except ValueError:
        return []  # pydantic reports the syntax error with its place
    if not isinstance(doc, dict):
        return []
    problems: list[Problem] = []

    def check(obj: Any, known: set[str], where: str, row: Any) -> None:
        if not isinstance(obj, dict):
            return
        for k in obj:
            if k not in known:
                close = difflib.get_close_matches(str(k), sorted(known), n=1, cutoff=0.6)
                problems.append(Problem(row, f"{where}{k}", f"unknown key {k!r}" +
                                        (f"; did you mean {close[0]!r}?" if close else ""), file=fname,
                                        code="unknown_key", value=str(k),
                                        accepted=close[0] if close else ", ".join(sorted(known))))

    check(doc, set(InputDocument.model_fields), "", "-")
    check(doc.get("facility"), FACILITY_KEYS, "facility.", "-")
    for i, a in enumerate(doc.get("activities") or [], start=1):
        check(a, ACTIVITY_KEYS, "", i)
    return problems


#: Keys a JSON facility may have: the workbook's facility fields.
FACILITY_KEYS = {c.key for c in FACILITY_FIELDS}
#: Keys a JSON activity row may have: the columns of the workbook's sheets and what calculate() reads.
ACTIVITY_KEYS = {c.key for s in SHEETS for c in s.columns} | set(KEY_COLUMNS) | set(NUMERIC_COLUMNS) | {
    "activity", "quantity", "unit", "category", "scope", "description", "_row", "_sheet"}


def _row(loc: tuple[Any, ...]) -> Any:
    return loc[1] + 1 if len(loc) > 1 and loc[0] == "activities" and isinstance(loc[1], int) else "-"


def dumps_schema() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False)
