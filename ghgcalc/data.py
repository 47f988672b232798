"""Locate and load the cited dataset in ``emission_factors/``, validating every row.

The dataset ships inside the wheel (``ghgcalc/_data/emission_factors``); in a
source checkout it is read from the repository's top-level folder. Every factor
file shares one schema (:class:`FactorRow`); users' own factor files go through
the same validator (:func:`load_factor_file`).
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import hashlib
import io
from collections.abc import Callable, Iterable
from functools import lru_cache, wraps
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import DataError, UnitError
from .units import parse

FACTOR_COLUMNS = [
    "factor_id", "activity", "gas", "sector", "technology", "region", "value", "unit",
    "lower", "upper", "kind", "source_id", "table", "ef_id", "edition_year",
    "valid_from", "valid_to", "notes",
]
KINDS = ("ef", "ncv", "density", "specific_volume", "molar_mass", "toe", "parameter")
TIERS = ("facility", "national", "ipcc_default", "reference")
#: Gases whose mass is a pint dimension of its own (see units.txt).
UNIT_GASES = ("CO2", "CH4", "N2O", "SF6", "NF3")


_T = TypeVar("_T")


def handed_out(fn: Callable[[], _T]) -> Callable[[], _T]:
    """Read once per process, hand each caller its own copy.

    A cached frame handed out as is would let one caller's edit change every
    later ``calculate()`` of the process; a copy of these small tables costs
    well under a millisecond.
    """
    cached = lru_cache(maxsize=1)(fn)

    @wraps(fn)
    def copy_of() -> _T:
        value = cached()
        return value.copy() if isinstance(value, pd.DataFrame) else copy.deepcopy(value)

    copy_of.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    return copy_of


def dataset_dir() -> Path:
    """The folder holding the shipped dataset (installed wheel or source checkout)."""
    packaged = Path(str(resources.files("ghgcalc"))) / "_data" / "emission_factors"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[1] / "emission_factors"
    if checkout.is_dir():
        return checkout
    raise DataError("the emission-factor dataset is missing from this installation",
                    hint="reinstall ghgcalc; the wheel must contain ghgcalc/_data/emission_factors")


class FactorRow(BaseModel):
    """One cited value: an emission factor, NCV, density or TOE coefficient."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    factor_id: str = Field(min_length=1)
    activity: str = Field(min_length=1)
    gas: str = ""
    sector: str = ""
    technology: str = ""
    region: str = ""
    value: float
    unit: str = Field(min_length=1)
    lower: float | None = None
    upper: float | None = None
    kind: str
    source_id: str = Field(min_length=1)
    table: str = ""
    ef_id: str = ""
    edition_year: int | None = None
    valid_from: dt.date
    valid_to: dt.date | None = None
    notes: str = ""

    @field_validator("lower", "upper", "edition_year", "valid_to", mode="before")
    @classmethod
    def _blank_is_none(cls, v: Any) -> Any:
        return None if v in ("", None) else v

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, v: str) -> str:
        if v not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}")
        return v

    @field_validator("value")
    @classmethod
    def _finite(cls, v: float) -> float:
        if v != v or v in (float("inf"), float("-inf")):
            raise ValueError("value must be a finite number")
        return v

    def check(self) -> None:
        """Checks across fields: unit parses, the unit's gas is the row's gas, bounds bracket."""
        try:
            q = parse(self.unit)
        except UnitError as exc:
            raise ValueError(f"unit {self.unit!r} does not parse") from exc
        dims = str(q.dimensionality)
        if self.kind == "ef" and self.gas in UNIT_GASES:
            expected = {"CO2": "carbon_dioxide", "CH4": "methane", "N2O": "nitrous_oxide",
                        "SF6": "sulfur_hexafluoride", "NF3": "nitrogen_trifluoride"}[self.gas]
            if f"[{expected}]" not in dims:
                raise ValueError(f"unit {self.unit!r} is not a mass of {self.gas} per unit")
        if self.lower is not None and self.upper is not None:
            if not self.lower <= self.value <= self.upper:
                raise ValueError(f"value {self.value} is outside its bounds [{self.lower}, {self.upper}]")
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def validate_factor_rows(rows: Iterable[dict[str, Any]], *, origin: str,
                         sources: dict[str, dict[str, Any]]) -> pd.DataFrame:
    """Validate factor rows (shipped or user-supplied) and return them as a frame.

    Row checks (pydantic) and cross-row checks: unique ``factor_id``, known
    ``source_id``, no overlapping validity for the same key.
    """
    good: list[dict[str, Any]] = []
    errors: list[str] = []
    for i, raw in enumerate(rows, start=2):  # line 1 is the header
        data = {k: v for k, v in raw.items() if k in FACTOR_COLUMNS and v is not None}
        unknown = set(raw) - set(FACTOR_COLUMNS)
        if unknown:
            errors.append(f"{origin}, line {i}: unknown column(s) {sorted(unknown)}")
            continue
        try:
            row = FactorRow(**data)
            row.check()
        except (ValidationError, ValueError) as exc:
            errors.append(f"{origin}, line {i}: {_short(exc)}")
            continue
        if row.source_id not in sources:
            errors.append(f"{origin}, line {i}: source_id {row.source_id!r} is not described in sources")
            continue
        good.append(row.model_dump())
    if errors:
        raise DataError("invalid factor data:\n  " + "\n  ".join(errors[:20]),
                        hint="fix the listed lines; every row needs a value, a pint unit, "
                             "a kind and a described source")
    frame = pd.DataFrame(good, columns=FACTOR_COLUMNS)
    _check_cross_rows(frame, origin)
    return frame


def _short(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
    return str(exc)


def _check_cross_rows(frame: pd.DataFrame, origin: str) -> None:
    dup = frame["factor_id"][frame["factor_id"].duplicated()]
    if len(dup):
        raise DataError(f"{origin}: duplicate factor_id {sorted(set(dup))[:5]}")
    key = ["activity", "gas", "sector", "technology", "region", "kind", "source_id", "unit"]
    shared = frame[frame.duplicated(key, keep=False)]  # only keys with several rows can overlap
    for _, grp in shared.groupby(key, sort=False, dropna=False):
        g = grp.sort_values("valid_from")
        starts = list(g["valid_from"])
        ends = list(g["valid_to"])
        for k in range(len(g) - 1):
            if ends[k] is None or pd.isna(ends[k]) or ends[k] >= starts[k + 1]:
                ids = list(g["factor_id"].iloc[k:k + 2])
                raise DataError(f"{origin}: overlapping validity periods for {ids}",
                                hint="close the older row with valid_to before the newer row's valid_from")


@handed_out
def load_sources() -> dict[str, dict[str, Any]]:
    """``sources.yaml``: one entry per cited document."""
    with (dataset_dir() / "sources.yaml").open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict):
        raise DataError("sources.yaml must map source ids to descriptions")
    for sid, entry in data.items():
        if not isinstance(entry, dict) or "title" not in entry or "tier" not in entry:
            raise DataError(f"sources.yaml: {sid!r} needs a title and a tier")
        if entry["tier"] not in TIERS:
            raise DataError(f"sources.yaml: {sid!r} has unknown tier {entry['tier']!r}")
        if "published" in entry and not isinstance(entry["published"], dt.date):
            raise DataError(f"sources.yaml: {sid!r} published {entry['published']!r} is not a date (YYYY-MM-DD)")
    return data


FACTOR_FILES = ("ipcc2006", "ipcc2019", "vn", "properties")


@handed_out
def load_factor_table() -> pd.DataFrame:
    """Every shipped factor row, validated, with its source's tier."""
    sources = load_sources()
    frames = []
    for sub in FACTOR_FILES:
        for path in sorted((dataset_dir() / sub).glob("*.csv")):
            frames.append(validate_factor_rows(_read_csv(path), origin=f"{sub}/{path.name}",
                                               sources=sources))
    table = pd.concat(frames, ignore_index=True)
    _check_cross_rows(table, "emission_factors/")
    table["tier"] = table["source_id"].map(lambda s: sources[s]["tier"])
    return table


def load_factor_file(path: str | Path, *, source: dict[str, Any] | None = None) -> pd.DataFrame:
    """Load a user's own factor CSV (same columns as the shipped files).

    Rows citing a ``source_id`` that is not in the shipped ``sources.yaml`` are
    accepted when ``source`` describes it; user rows are tier ``facility``.
    ``attrs`` of the result hold the file's name and SHA-256 (for provenance).
    """
    p = Path(path)
    if not p.is_file():
        raise DataError(f"factor file {str(p)!r} not found")
    raw = p.read_bytes()
    try:
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    except UnicodeDecodeError as exc:
        raise DataError(f"factor file {p.name!r} is not UTF-8 text", hint="save it as CSV UTF-8") from exc
    frame = user_factor_rows(rows, origin=p.name, source=source)
    frame.attrs.update(source_file=p.name, sha256=hashlib.sha256(raw).hexdigest())
    return frame


def user_factor_rows(rows: list[dict[str, Any]], *, origin: str = "user factors",
                     source: dict[str, Any] | None = None) -> pd.DataFrame:
    """Validate a user's factor rows (dicts with the dataset's columns).

    They are tier ``facility`` with ``region`` ``VN`` unless they name another
    (activity rows default to ``VN`` too), except rows of a published set that the user
    imported (a source marked ``imported`` in ``sources.yaml``, e.g. the UK
    government conversion factors), which keep that source's tier.
    """
    shipped = load_sources()
    sources = dict(shipped)
    for r in rows:
        sid = str(r.get("source_id", "") or "")
        if sid and sid not in sources:
            sources[sid] = {"title": (source or {}).get("title", f"user source {sid}"), "tier": "facility"}
    frame = validate_factor_rows(rows, origin=origin, sources=sources)
    imported = {sid: entry["tier"] for sid, entry in shipped.items() if entry.get("imported")}
    frame["tier"] = frame["source_id"].map(imported).fillna("facility")
    # a facility's own factor is for its own (Vietnamese) activity rows, whose region defaults to VN
    frame.loc[frame["tier"].eq("facility") & frame["region"].eq(""), "region"] = "VN"
    frame.attrs["validated"] = True
    return frame


def combine_factor_frames(frames: list[pd.DataFrame], origin: str = "user factors") -> pd.DataFrame:
    """Validated user factor frames as one, checked across frames (unique ids, no overlapping validity)."""
    if len(frames) == 1:
        return frames[0]  # validated and checked when it was loaded
    frame = pd.concat(frames, ignore_index=True)
    _check_cross_rows(frame, origin)
    frame.attrs["validated"] = True
    return frame


@lru_cache(maxsize=1)
def dataset_version() -> str:
    """The dataset version in ``emission_factors/VERSION``."""
    return (dataset_dir() / "VERSION").read_text(encoding="utf-8").strip()


@handed_out
def load_activities() -> pd.DataFrame:
    """The activity catalogue: canonical ids, family, labels, biogenic flag, aliases."""
    rows = _read_csv(dataset_dir() / "activities.csv")
    frame = pd.DataFrame(rows).fillna("")
    frame["biogenic"] = frame["biogenic"].str.lower().eq("true")
    if frame["activity"].duplicated().any():
        raise DataError("activities.csv: duplicate activity ids")
    return frame


@handed_out
def load_gwp() -> pd.DataFrame:
    """GWP-100 values: one row per (gas, gwp_set)."""
    frame = pd.read_csv(dataset_dir() / "gwp" / "gwp100.csv", dtype={"value": float},
                        keep_default_na=False)
    if frame.duplicated(["gas", "gwp_set"]).any():
        raise DataError("gwp100.csv: duplicate (gas, gwp_set) rows")
    unknown = set(frame["source_id"]) - set(load_sources())
    if unknown:
        raise DataError(f"gwp100.csv: undescribed source_id {sorted(unknown)}")
    return frame


@handed_out
def load_blends() -> pd.DataFrame:
    """Refrigerants by mass composition (single gases have one row of fraction 1)."""
    frame = pd.read_csv(dataset_dir() / "gwp" / "refrigerant_blends.csv",
                        dtype={"mass_fraction": float}, keep_default_na=False)
    sums = frame.groupby("refrigerant")["mass_fraction"].sum()
    bad = sums[(sums - 1).abs() > 1e-9]
    bad = bad[~bad.index.isin(frame.loc[frame["component"] == "", "refrigerant"])]
    if len(bad):
        raise DataError(f"refrigerant_blends.csv: mass fractions do not sum to 1 for {list(bad.index)}")
    return frame
