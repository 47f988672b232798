"""Import the UK government GHG conversion factors (DESNZ/Defra flat file) as factor rows.

The "flat file" edition of *Greenhouse gas reporting: conversion factors* is
published each year under the Open Government Licence v3.0 with one factor
per row: ``ID, Scope, Level 1 … Level 4, Column Text, UOM, GHG/Unit,
GHG Conversion Factor <year>``. ghgcalc does not ship its numbers (no copy of
a stated edition could be checked against the original when this module was
written); a user downloads the official file and converts it here, so every
imported value is the publisher's own, with the file's SHA-256 in each row.

Only the CO2e total of each factor is kept (``GHG/Unit`` = ``kg CO2e``): the
per-gas columns of the flat file are CO2e of each gas under the edition's own
GWP set, not masses of gas. The value is therefore reported in CO2e as
published, whatever GWP set the report uses (the row's note says so).

Each Level 1 group becomes the ghgcalc activities it serves (freight for
``upstream_transport`` and ``downstream_transport``, passenger travel for
``business_travel``, ``employee_commuting`` and ``client_visitor_transport`` …);
the row's ``technology`` is Level 2 / Level 3 / Level 4 / Column Text in lower
case, e.g. ``hgv_all_diesel/all_hgvs/average_laden``. Groups that are the
facility's own (scope 1 and 2: fuels, refrigerants, UK electricity) are left
out: ghgcalc computes those from IPCC and Vietnamese factors.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..data import FACTOR_COLUMNS
from ..errors import DataError
from ..textnorm import plain
from .atomic import atomic_path

SOURCE_ID = "uk_desnz"
FREIGHT = ("upstream_transport", "downstream_transport")
PASSENGER = ("business_travel", "employee_commuting", "client_visitor_transport")
#: Level 1 group of the flat file -> the ghgcalc activities its factors serve.
GROUPS: dict[str, tuple[str, ...]] = {
    "freighting goods": FREIGHT,
    "delivery vehicles": FREIGHT,
    "business travel- air": PASSENGER,
    "business travel- land": PASSENGER,
    "business travel- sea": PASSENGER,
    "passenger vehicles": PASSENGER,
    "hotel stay": ("hotel_nights",),
    "waste disposal": ("waste_offsite", "end_of_life_sold_products"),
    "water treatment": ("waste_offsite",),
    "material use": ("purchased_goods", "capital_goods"),
    "water supply": ("purchased_goods",),
    "transmission and distribution": ("fuel_energy_related",),
    "wtt- fuels": ("fuel_energy_related",),
    "wtt- bioenergy": ("fuel_energy_related",),
    "wtt- uk electricity": ("fuel_energy_related",),
    "wtt- heat and steam": ("fuel_energy_related",),
    "wtt- freighting goods": FREIGHT,
    "wtt- delivery vehs & freight": FREIGHT,
    "wtt- business travel- air": PASSENGER,
    "wtt- business travel- sea": PASSENGER,
    "wtt- pass vehs & travel- land": PASSENGER,
}
#: Flat-file UOM -> (pint unit, technology suffix when the unit alone is ambiguous).
UOMS: dict[str, tuple[str, str]] = {
    "tonne.km": ("t*km", ""), "tonne km": ("t*km", ""),
    "passenger.km": ("passenger*km", ""), "passenger km": ("passenger*km", ""),
    "km": ("km", ""), "miles": ("mile", ""),
    "tonnes": ("t", ""), "tonne": ("t", ""), "kg": ("kg", ""),
    "litres": ("L", ""), "cubic metres": ("m**3", ""), "million litres": ("megaliter", ""),
    "kwh": ("kWh", ""), "kwh (net cv)": ("kWh", "net_cv"), "kwh (gross cv)": ("kWh", "gross_cv"),
    "gj": ("GJ", ""), "room per night": ("room_night", ""),
}
HEADER_NEEDS = ("id", "level 1", "uom", "ghg/unit")


@dataclass
class Imported:
    """The factor rows of one flat file, and what was left out."""

    year: int
    sha256: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)


def slug(text: str) -> str:
    """Lower-case ASCII words joined by ``_``.

    >>> slug("HGV (all diesel)")
    'hgv_all_diesel'
    >>> slug("Rigid (>3.5 - 7.5 tonnes)")
    'rigid_3_5_7_5_tonnes'
    """
    return plain(text).replace(" ", "_")


def read_flat_file(path: str | Path) -> Imported:
    """Factor rows (the dataset's columns) from a DESNZ flat file (.xlsx or .csv)."""
    p = Path(path)
    if not p.is_file():
        raise DataError(f"{p.name}: file not found")
    raw = p.read_bytes()
    table = _csv_rows(raw) if p.suffix.lower() == ".csv" else _xlsx_rows(raw, p.name)
    header_at, header, year = _find_header(table, p.name)
    out = Imported(year=year, sha256=hashlib.sha256(raw).hexdigest())
    col = {h: i for i, h in enumerate(header)}
    value_col = next(i for i, h in enumerate(header) if h.startswith("ghg conversion factor"))
    seen: set[tuple[str, str, str]] = set()
    for line, cells in enumerate(table[header_at + 1:], start=header_at + 2):
        def cell(name: str, cells: list[Any] = cells) -> str:
            i = col.get(name)
            return "" if i is None or i >= len(cells) or cells[i] is None else str(cells[i]).strip()
        group = cell("level 1")
        if not group:
            continue
        if cell("ghg/unit").lower() != "kg co2e":
            continue  # per-gas columns: CO2e of each gas, kept only as the total
        activities = GROUPS.get(group.lower())
        if activities is None:
            out.skipped[f"group {group}"] += 1
            continue
        uom = UOMS.get(cell("uom").lower())
        if uom is None:
            out.skipped[f"unit {cell('uom')}"] += 1
            continue
        value = cells[value_col] if value_col < len(cells) else None
        if value is None or str(value).strip() in ("", "-", "n/a"):
            out.skipped["blank factor"] += 1
            continue
        try:
            number = float(str(value).replace(",", ""))
        except ValueError as exc:
            raise DataError(f"{p.name}, row {line}: factor {value!r} is not a number") from exc
        if not math.isfinite(number):
            raise DataError(f"{p.name}, row {line}: factor {value!r} is not a finite number")
        unit, suffix = uom
        parts = [cell("level 2"), cell("level 3"), cell("level 4"), cell("column text")]
        tech = "/".join(s for s in [*(slug(x) for x in parts), suffix] if s)
        if group.lower().startswith("wtt-") and activities != ("fuel_energy_related",):
            tech = f"wtt/{tech}"
        fid = cell("id")
        if (tech, unit, activities[0]) in seen:  # two published rows with the same description
            tech = f"{tech}/id{fid}"
        seen.add((tech, unit, activities[0]))
        labels = " > ".join(s for s in [group, *parts] if s)
        for activity in activities:
            out.rows.append({
                "factor_id": f"desnz{year}.{fid}.{activity}", "activity": activity, "gas": "CO2e",
                "sector": "", "technology": tech, "region": "", "value": repr(number),
                "unit": f"kg CO2e/({unit})", "lower": "", "upper": "", "kind": "ef", "source_id": SOURCE_ID,
                "table": f"conversion factors {year}, flat file, {group}", "ef_id": fid,
                "edition_year": str(year), "valid_from": f"{year}-01-01", "valid_to": "",
                "notes": f"{labels}; per {cell('uom')}; CO2e as published (the edition's GWP set); "
                         f"file sha256 {out.sha256[:16]}",
            })
    if not out.rows:
        raise DataError(f"{p.name}: no factor of a supported group was found",
                        hint="use the 'flat file' edition of the UK government conversion factors")
    return out


def write_factor_csv(imported: Imported, target: str | Path) -> Path:
    """Write the rows as a ghgcalc factor file (atomically); it loads with ``--factors``."""
    with atomic_path(target) as tmp, tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=FACTOR_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(imported.rows)
    return Path(target)


def _csv_rows(raw: bytes) -> list[list[Any]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    return [list(r) for r in csv.reader(text.splitlines())]


def _xlsx_rows(raw: bytes, name: str) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise DataError(f"{name}: not a readable .xlsx workbook ({type(exc).__name__})") from exc
    try:
        for ws in wb.worksheets:
            rows = [list(r) for r in ws.iter_rows(values_only=True)]
            try:
                _find_header(rows, name)
            except DataError:
                continue
            return rows
    finally:
        wb.close()
    raise DataError(f"{name}: no sheet has the flat-file header (ID, Scope, Level 1 … GHG Conversion Factor)")


def _find_header(rows: list[list[Any]], name: str) -> tuple[int, list[str], int]:
    for i, r in enumerate(rows[:40]):
        header = ["" if c is None else str(c).strip().lower() for c in r]
        factor = [h for h in header if h.startswith("ghg conversion factor")]
        if all(h in header for h in HEADER_NEEDS) and factor:
            found = re.search(r"(\d{4})", factor[0])
            if not found:
                raise DataError(f"{name}: the header {factor[0]!r} names no edition year")
            return i, header, int(found.group(1))
    raise DataError(f"{name}: no flat-file header (ID, Scope, Level 1 … UOM, GHG/Unit, GHG Conversion Factor <year>)",
                    hint="download the 'flat file' edition from the UK government conversion-factors page")
