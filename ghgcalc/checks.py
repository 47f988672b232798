"""Value checks of the input, column by column: refuse what would otherwise be read as something else.

Separate from the readers (which only turn sheets, JSON or CSV into frames) so
that every way in — workbook, JSON, CSV, a frame handed to
:func:`ghgcalc.calculate` — gets the same checks, and every problem is collected
in one pass. Each check works on whole columns (types are looked at once per
column, values with numpy); a problem names its row position, column, the value
read and what is accepted.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from .errors import Problem
from .textnorm import plain

#: Own-factor columns that must cite their source in ``ef_source`` (every number is cited).
OWN_FACTOR_COLUMNS = ("ef_co2", "ef_ch4", "ef_n2o", "ef_co2e")
#: The unit column of each number column, where a pint quantity's unit goes.
UNIT_OF = {"quantity": "unit", "ncv": "ncv_unit", "ef_market": "ef_market_unit", "ef_co2": "ef_unit",
           "ef_ch4": "ef_unit", "ef_n2o": "ef_unit", "ef_co2e": "ef_unit", "cod": "cod_unit", "bod": "bod_unit",
           "ch4_recovered": "ch4_recovered_unit", "nitrogen": "nitrogen_unit", "load": "load_unit",
           "sludge_removed": "sludge_removed_unit", "nitrogen_influent": "nitrogen_influent_unit"}
#: Number columns that must be strictly positive (they divide, or a zero makes the row meaningless).
POSITIVE_COLUMNS = ("ncv", "boiler_efficiency", "enthalpy_kj_per_kg")
#: Plausibility: a value more than this many times (or less than its inverse) the median of its series
#: (same activity and unit) is listed as a warning. A ghgcalc convention for typing slips such as a month
#: typed 100x too small, not a published threshold; it never changes a number.
OUTLIER_RATIO = 10.0
#: Smallest series in which an outlier is looked for (two values have no majority).
OUTLIER_MIN_SERIES = 3
#: Plausibility of an own factor (ef_co2, ncv …) against the cited default of its fuel: outside the default's
#: range where the dataset gives one (the IPCC 95 % interval of Vol. 2 Tables 1.2-1.4), else more than this
#: many times (or less than its inverse) the default. A ghgcalc convention like OUTLIER_RATIO; a warning only.
FACTOR_RATIO = 10.0
#: Rows named at most for one kind of problem or warning (a ghgcalc convention that keeps the list readable).
MAX_ROWS_LISTED = 50
#: C0 control characters (tab, line feed and carriage return kept) and DEL, ESC among them.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_SCALARS = (str, int, float, bool, np.integer, np.floating, np.bool_, Decimal, dt.date, dt.datetime,
            dt.time, pd.Timestamp, type(None), type(pd.NA), type(pd.NaT))
_DATES = (dt.date, dt.datetime, dt.time, pd.Timestamp, np.datetime64)


@dataclass
class Found:
    """Problems (position, column, code, message, value, accepted) and warnings of one check pass."""

    problems: list[tuple[int, str, str, str, Any, str | None]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def add(self, positions: Iterable[int], column: str, code: str, message: str, values: Sequence[Any] | None = None,
            accepted: str | None = None, limit: int = MAX_ROWS_LISTED) -> None:
        for k, p in enumerate(list(positions)[:limit]):
            v = None if values is None else values[k] if k < len(values) else None
            text = message.replace("{value!r}", repr(v)).replace("{value}", str(v))
            self.problems.append((int(p), column, code, text, v, accepted))


def is_quantity(v: Any) -> bool:
    """A pint ``Quantity`` of any registry (the host's own, not only ghgcalc's)."""
    return hasattr(v, "magnitude") and hasattr(v, "units") and hasattr(v, "to")


def unit_text(units: Any) -> str:
    """A pint unit as text ghgcalc's registry reads (``meter ** 3``, ``liter``)."""
    return str(units)


def _types(col: pd.Series) -> np.ndarray:
    types: np.ndarray = col.map(type).to_numpy(dtype=object)
    return types


#: Kinds of :func:`pandas.api.types.infer_dtype` (blanks skipped: None, NaN, ``pd.NA``) whose cells are all
#: numbers, dates or yes/no: no text, no pint quantity, nothing a column cannot hold.
_PLAIN_KINDS = frozenset({"empty", "floating", "integer", "mixed-integer-float", "boolean", "datetime", "date",
                          "decimal"})


def cell_kind(col: pd.Series) -> str:
    """What every non-blank cell of ``col`` is, as :func:`pandas.api.types.infer_dtype` names it (``"string"``,
    ``"floating"``, ``"empty"``, ``"mixed"`` …): one pass in C, where ``col.map`` calls Python per cell."""
    kind: str = pd.api.types.infer_dtype(col, skipna=True)
    return kind


def text_mask(col: pd.Series) -> np.ndarray:
    """Which cells of ``col`` are ``str`` (as ``isinstance(v, str)`` per cell, without the per-cell call when
    the column is all text or all numbers)."""
    kind = cell_kind(col)
    if kind == "string":  # every non-blank cell is a str, and a blank (None, NaN, NA) never is
        mask: np.ndarray = col.notna().to_numpy(dtype=bool)
        return mask
    if kind in _PLAIN_KINDS:
        return np.zeros(len(col), dtype=bool)
    mixed: np.ndarray = col.map(lambda v: isinstance(v, str)).to_numpy(dtype=bool)
    return mixed


def pint_columns(frame: pd.DataFrame, found: Found) -> pd.DataFrame:
    """pint-pandas columns and pint ``Quantity`` cells: magnitudes, and their unit in the unit column.

    The quantity's unit wins; a ``unit`` column that says otherwise (a different, non-blank unit)
    is a problem. A quantity in a column without a unit column must be dimensionless.
    """
    from .units import parse

    updates: dict[str, Any] = {}
    for c in frame.columns:
        col = frame[c]
        dtype_units = getattr(col.dtype, "units", None)
        if dtype_units is not None and hasattr(col.array, "quantity"):
            mags = np.asarray(col.array.quantity.magnitude, dtype=float)
            units = np.full(len(col), unit_text(dtype_units), dtype=object)
            has = np.ones(len(col), dtype=bool)
        elif col.dtype == object and len(col):
            kind = cell_kind(col)
            if kind in _PLAIN_KINDS or kind == "string":
                continue  # numbers, dates or text only: no quantity
            has = col.map(is_quantity).to_numpy(dtype=bool)
            if not has.any():
                continue
            mags = col.to_numpy(dtype=object).copy()
            units = np.full(len(col), None, dtype=object)
            for p in np.flatnonzero(has):  # only the cells that hold a quantity
                q = col.iloc[p]
                mags[p] = q.magnitude
                units[p] = unit_text(q.units)
        else:
            continue
        ucol = UNIT_OF.get(str(c))
        if ucol is None:
            dimless = np.array([_dimensionless(u) for u in units[has]], dtype=bool)
            bad = np.flatnonzero(has)[~dimless]
            found.add(bad, str(c), "unit_conflict", "a quantity with unit {value} where a plain number is expected",
                      values=list(units[bad]), accepted="a number (this column has no unit)")
            updates[str(c)] = mags
            continue
        given = frame[ucol].to_numpy(dtype=object) if ucol in frame.columns else np.full(len(col), None, dtype=object)
        merged = given.copy()
        for u in pd.unique(units[has]):
            rows = has & (units == u)
            for g in pd.unique(given[rows]):
                if g is None or (isinstance(g, float) and math.isnan(g)) or str(g).strip() == "":
                    continue
                same = _same(str(g), str(u), parse)
                if not same:
                    pos = np.flatnonzero(rows & (given == g))
                    found.add(pos, ucol, "unit_conflict", f"{ucol} says {g!r} but {c} is a quantity in {u!r}",
                              values=[g] * len(pos), accepted=f"{u!r} or a blank {ucol}")
            merged[rows] = u
        updates[str(c)] = mags
        updates[ucol] = merged
    return frame.assign(**updates) if updates else frame


def _dimensionless(u: str) -> bool:
    from .units import parse

    try:
        return bool(parse(u).dimensionless)
    except Exception:
        return False


def _same(a: str, b: str, parse: Any) -> bool:
    try:
        return bool(abs(float((parse(a) / parse(b)).to("dimensionless").magnitude) - 1) < 1e-9)
    except Exception:
        return False


def cell_types(frame: pd.DataFrame, number_columns: Sequence[str], found: Found) -> pd.DataFrame:
    """Cells no column can hold (a list, dict, set …), and in number columns booleans, dates and integers
    too large for a float: each a problem, the cell blanked so later checks do not trip on it."""
    numbers = set(number_columns)
    updates: dict[str, Any] = {}
    for c in frame.columns:
        col = frame[c]
        name = str(c)
        if pd.api.types.is_bool_dtype(col.dtype) and name in numbers:
            found.add(range(len(col)), name, "boolean", "{value!r} is a yes/no value, not a number",
                      values=list(col), accepted="a number")
            updates[name] = np.full(len(col), np.nan)
            continue
        if pd.api.types.is_datetime64_any_dtype(col.dtype) and name in numbers:
            pos = np.flatnonzero(col.notna().to_numpy())
            found.add(pos, name, "date", "{value} is a date, not a number", values=[str(col.iloc[p]) for p in pos],
                      accepted="a number")
            updates[name] = np.full(len(col), np.nan)
            continue
        if col.dtype != object or not len(col):
            continue
        if cell_kind(col) in ("string", "floating", "empty"):
            continue  # text, floats and blanks only: nothing to report or blank
        types = _types(col)
        kinds = pd.unique(types)
        odd = [t for t in kinds if not issubclass(t, _SCALARS) and not _is_quantity_type(t)]
        bools = [t for t in kinds if issubclass(t, (bool, np.bool_))] if name in numbers else []
        dates = [t for t in kinds if issubclass(t, _DATES)] if name in numbers else []
        ints = [t for t in kinds if issubclass(t, int) and not issubclass(t, bool)] if name in numbers else []
        if not (odd or bools or dates or ints):
            continue
        values = col.to_numpy(dtype=object).copy()
        blank = np.zeros(len(col), dtype=bool)
        if odd:
            pos = np.flatnonzero(np.isin(types, odd))
            found.add(pos, name, "unsupported_value", "a {value} cannot be read here",
                      values=[type(values[p]).__name__ for p in pos], accepted="one text or number per cell")
            blank[pos] = True
        if bools:
            pos = np.flatnonzero(np.isin(types, bools))
            found.add(pos, name, "boolean", "{value!r} is a yes/no value, not a number",
                      values=[values[p] for p in pos], accepted="a number")
            blank[pos] = True
        if dates:
            pos = np.flatnonzero(np.isin(types, dates))
            found.add(pos, name, "date", "{value} is a date, not a number", values=[str(values[p]) for p in pos],
                      accepted="a number (format the cell as a number, not a date)")
            blank[pos] = True
        if ints:
            pos = np.flatnonzero(np.isin(types, ints))
            huge = [int(p) for p in pos if abs(values[p]) > sys.float_info.max]
            found.add(huge, name, "not_finite", "an integer of {value} digits is too large for a number",
                      values=[len(str(abs(values[p]))) for p in huge], accepted="a finite number")
            blank[huge] = True
        values[blank] = None
        updates[name] = values
    return frame.assign(**updates) if updates else frame


def _is_quantity_type(t: type) -> bool:
    return hasattr(t, "magnitude") and hasattr(t, "units") and hasattr(t, "to")


def number_values(frame: pd.DataFrame, columns: Sequence[str], found: Found, *,
                  skip_blank: bool = True) -> dict[str, np.ndarray]:
    """Float values of the number columns present (``nan`` where blank or not a number); negative,
    zero where a positive number is needed, and non-finite values are problems."""
    out: dict[str, np.ndarray] = {}
    for c in columns:
        if c not in frame.columns:
            continue
        col = frame[c]
        if pd.api.types.is_numeric_dtype(col.dtype) and not pd.api.types.is_bool_dtype(col.dtype):
            values = col.to_numpy(dtype=float, na_value=np.nan)
        else:
            try:
                values = pd.to_numeric(col, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
            except (TypeError, ValueError, OverflowError):
                values = np.array([_float(v) for v in col], dtype=float)
        out[c] = values
        if c == "year":
            continue
        inf = np.flatnonzero(np.isinf(values))
        found.add(inf, c, "not_finite", "{value!r} is not a finite number", values=[col.iloc[p] for p in inf],
                  accepted="a finite number")
        neg = np.flatnonzero(np.isfinite(values) & (values < 0))
        found.add(neg, c, "negative", f"{c} {{value!r}} is negative", values=[col.iloc[p] for p in neg],
                  accepted="a number ≥ 0" if c not in POSITIVE_COLUMNS else "a number > 0")
        if c in POSITIVE_COLUMNS:
            zero = np.flatnonzero(values == 0)
            found.add(zero, c, "zero", f"{c} is 0", values=[0] * len(zero), accepted="a number > 0, or a blank cell")
    return out


def _float(v: Any) -> float:
    try:
        f = float(v)
    except (TypeError, ValueError, OverflowError):
        return math.nan
    return f


def _blank_text(col: pd.Series) -> np.ndarray:
    blank: np.ndarray = (col.isna() | col.astype(str).str.strip().eq("")).to_numpy(dtype=bool)
    return blank


def own_factor_sources(frame: pd.DataFrame, numbers: dict[str, np.ndarray], found: Found) -> None:
    """An own factor (``ef_co2`` …) without ``ef_source``: refused, every number is cited."""
    given = [numbers[c] for c in OWN_FACTOR_COLUMNS if c in numbers]
    if not given:
        return
    has = np.any([~np.isnan(v) for v in given], axis=0)
    src = frame["ef_source"] if "ef_source" in frame.columns else pd.Series(None, index=frame.index, dtype=object)
    pos = np.flatnonzero(has & _blank_text(src))
    found.add(pos, "ef_source", "missing_source", "an own factor needs its source in ef_source",
              accepted="the document, table and year of the factor, e.g. 'lab report 12/2025, table 2'")


def overrides(frame: pd.DataFrame, found: Found) -> None:
    """``category`` / ``scope`` overrides must be ISO 14064-1 categories / GHG Protocol scopes."""
    from .inventory import ISO_CATEGORIES, ISO_SUBCATEGORIES

    cats = list(dict.fromkeys([*ISO_CATEGORIES, *ISO_SUBCATEGORIES]))
    scopes = ["1", "2", "3", *[f"3.{i}" for i in range(1, 16)]]
    for col, allowed, what in (("category", cats, "ISO 14064-1 category"), ("scope", scopes, "GHG Protocol scope")):
        if col not in frame.columns:
            continue
        text = frame[col].astype("string").fillna("").str.strip()
        # a number cell 3.1 or 2 arrives as a float: read it as its text
        text = text.str.replace(r"^(\d+(?:\.\d+)?)\.0$", r"\1", regex=True)
        bad = np.flatnonzero((text.ne("") & ~text.isin(allowed)).to_numpy())
        found.add(bad, col, "unknown_value", f"{{value!r}} is not a {what}", values=[text.iloc[p] for p in bad],
                  accepted=", ".join(allowed))


def unit_columns(frame: pd.DataFrame, found: Found) -> None:
    """The other unit columns (``ncv_unit``, ``ef_unit`` …): each distinct text checked once as a user unit."""
    from .errors import UnitError
    from .units import check_user_unit

    for c in frame.columns:
        if not str(c).endswith("_unit") or frame[c].dtype != object:
            continue
        col = frame[c]
        for u in pd.unique(col[col.map(lambda v: isinstance(v, str) and v.strip() != "")]):
            try:
                check_user_unit(str(u))
            except UnitError as exc:
                pos = np.flatnonzero((col == u).to_numpy())
                code = "ambiguous_unit" if "ambiguous" in exc.message else "unknown_unit"
                found.add(pos, str(c), code, exc.message,
                          values=[u] * len(pos), accepted=exc.hint)


def outliers(quantity: np.ndarray, series: np.ndarray, labels: Sequence[Any], what: Sequence[str]) -> list[str]:
    """Warnings for values > OUTLIER_RATIO x or < 1/OUTLIER_RATIO of the median of their series.

    ``series``: an integer code per row (same activity and unit); ``what`` names each series.
    """
    few = _few_series(series)
    if few is not None:
        return _outliers_by_series(quantity, series, few, labels, what)
    return _outliers_grouped(quantity, series, labels, what)


#: Most series the one-pass-per-series outlier screen takes (more: one pandas groupby).
FEW_SERIES = 32


def _few_series(series: np.ndarray) -> np.ndarray | None:
    """The codes of the series with enough rows to screen, when there are at most FEW_SERIES (else None)."""
    if not len(series) or series.min() < 0 or series.max() > 1_000_000:
        return None
    counts = np.bincount(series)
    present = np.flatnonzero(counts >= OUTLIER_MIN_SERIES)
    return present if len(present) <= FEW_SERIES else None


def _outliers_by_series(quantity: np.ndarray, series: np.ndarray, codes: np.ndarray, labels: Sequence[Any],
                        what: Sequence[str]) -> list[str]:
    """:func:`outliers` one series at a time: the same numbers, without a frame of every row (10M rows)."""
    found: list[tuple[np.ndarray, float, int]] = []
    ok = np.isfinite(quantity)
    ok &= quantity > 0
    for k in codes:
        rows = series == k
        rows &= ok
        n = int(np.count_nonzero(rows))
        if n < OUTLIER_MIN_SERIES:
            continue
        median = float(np.median(quantity[rows], overwrite_input=True))  # the temporary copy is partitioned
        ratio = quantity[rows]
        ratio /= median
        far = (ratio > OUTLIER_RATIO) | (ratio < 1 / OUTLIER_RATIO)
        if far.any():
            found.append((np.flatnonzero(rows)[far][:MAX_ROWS_LISTED], median, n))
    if not found:
        return []
    pos = np.concatenate([f[0] for f in found])
    which = np.concatenate([np.full(len(f[0]), i) for i, f in enumerate(found)])
    out = []
    for i in np.argsort(pos, kind="stable")[:MAX_ROWS_LISTED]:
        p, (_, median, n) = int(pos[i]), found[which[i]]
        out.append(f"row {labels[p]}: {what[p]} {quantity[p]:g} is {quantity[p] / median:.3g} times the median "
                   f"({median:g}) of its {n} rows of the same activity and unit; check it")
    return out


def _outliers_grouped(quantity: np.ndarray, series: np.ndarray, labels: Sequence[Any],
                      what: Sequence[str]) -> list[str]:
    """:func:`outliers` with one pandas groupby (any number of series)."""
    frame = pd.DataFrame({"q": quantity, "s": series})
    ok = np.isfinite(quantity) & (quantity > 0)
    grp = frame[ok].groupby("s")["q"]
    size = grp.transform("size")
    median = grp.transform("median")
    ratio = frame.loc[ok, "q"] / median
    flag = (size >= OUTLIER_MIN_SERIES) & ((ratio > OUTLIER_RATIO) | (ratio < 1 / OUTLIER_RATIO))
    out = []
    for idx in flag[flag].index[:MAX_ROWS_LISTED]:
        p = int(idx)
        out.append(f"row {labels[p]}: {what[p]} {quantity[p]:g} is {ratio[idx]:.3g} times the median "
                   f"({median[idx]:g}) of its {int(size[idx])} rows of the same activity and unit; check it")
    return out


def far_from_default(column: str, activity: str, own: str, ratio: float, default: pd.Series) -> str | None:
    """A warning when an own factor is ``ratio`` times the cited ``default`` row and outside its range.

    ``ratio``: own / default, both as tonnes of gas (or TJ) per unit of the row's quantity, so units
    cancel; ``own``: the value as the row gives it. The range is the default row's ``lower``–``upper``
    where the dataset has one, else 1/FACTOR_RATIO–FACTOR_RATIO times the default.
    """
    value = float(default["value"])
    lower, upper = _bound(default.get("lower")), _bound(default.get("upper"))
    if not (math.isfinite(ratio) and value > 0):
        return None
    head = (f"the own {column} of {activity} ({own}) is {ratio:.3g} times the cited default {value:g} "
            f"{default['unit']}")
    if math.isfinite(lower) and math.isfinite(upper) and lower <= value <= upper and lower < upper:
        if lower / value <= ratio <= upper / value:
            return None
        return f"{head}, outside its range {lower:g} to {upper:g}; check the value and its unit"
    if 1 / FACTOR_RATIO <= ratio <= FACTOR_RATIO:
        return None
    return f"{head}, more than {FACTOR_RATIO:g} times off; check the value and its unit"


def _bound(value: Any) -> float:
    """A factor row's lower or upper limit as a number, NaN when it has none (no pandas call per key)."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def far_from_default_range(default: pd.Series) -> tuple[float, float]:
    """The own ÷ default ratios for which :func:`far_from_default` gives no warning (a closed interval).

    For many keys at once: only ratios outside it need :func:`far_from_default`'s message.
    """
    value = float(default["value"])
    lower, upper = _bound(default.get("lower")), _bound(default.get("upper"))
    if not value > 0:
        return -math.inf, math.inf
    if math.isfinite(lower) and math.isfinite(upper) and lower <= value <= upper and lower < upper:
        return lower / value, upper / value
    return 1 / FACTOR_RATIO, FACTOR_RATIO


# ----------------------------------------------------------------- facility fields
#: Values a facility field accepts: each id with its Vietnamese and English labels and common spellings.
CHOICES: dict[str, dict[str, tuple[str, ...]]] = {
    "facility_type": {
        "industrial": ("Cơ sở sản xuất công nghiệp", "Industrial facility", "công nghiệp", "industry",
                       "sản xuất công nghiệp", "manufacturing", "nhà máy"),
        "thermal_power": ("Nhà máy nhiệt điện", "Thermal power plant", "nhiệt điện", "thermal power",
                          "power plant"),
        "freight_transport": ("Công ty kinh doanh vận tải hàng hóa", "Freight transport company",
                              "vận tải hàng hóa", "freight", "vận tải", "freight transport"),
        "commercial_building": ("Tòa nhà thương mại", "Commercial building", "tòa nhà", "building",
                                "thương mại", "commercial"),
        "solid_waste_treatment": ("Cơ sở xử lý chất thải rắn", "Solid waste treatment facility",
                                  "xử lý chất thải rắn", "solid waste", "waste treatment", "chất thải rắn"),
        "other": ("Khác", "Other", "loại khác"),
    },
    "sector_group": {
        "thermal_power": ("Nhiệt điện", "Thermal power", "điện"),
        "iron_steel": ("Sắt thép", "Iron and steel", "thép", "steel", "iron steel", "gang thép"),
        "cement": ("Xi măng", "Cement"),
    },
    # ids of rule quota.boundary (rules/vn/decree_06_2022.yaml)
    "quota_boundary": {
        "direct": ("Phát thải trực tiếp (loại 1)", "Direct emissions (category 1)", "trực tiếp", "direct emissions",
                   "category 1", "loại 1"),
        "direct_and_imported_energy": ("Trực tiếp và điện, hơi nhập vào (loại 1-2)",
                                       "Direct and imported energy (categories 1-2)", "categories 1-2", "loại 1-2"),
    },
    "gwp": {"AR4": ("AR 4",), "AR5": ("AR 5",), "AR5_CCF": ("AR5 CCF", "AR5-CCF"), "AR6": ("AR 6",)},
    "decimal_separator": {",": ("comma", "dấu phẩy", "phẩy", "vi"), ".": ("dot", "point", "dấu chấm", "chấm", "en"),
                          "auto": ("tự động", "automatic")},
}
#: Yes/no facility fields, with the words read as yes and as no.
YES_NO: dict[str, tuple[str, ...]] = {
    "yes": ("yes", "y", "true", "x", "có", "co", "1"),
    "no": ("no", "n", "false", "không", "khong", "0"),
}
FLAG_FIELDS = ("listed", "trust_decimal_separator")
#: Facility number fields (never a date, a yes/no, negative or infinite).
FACILITY_NUMBERS = ("waste_capacity_t_per_year", "quota_from", "quota_2025", "quota_2026", "annual_emissions_tco2e")


def _fold(text: Any) -> str:
    return plain(text).replace(" ", "")


def choice(field_name: str, value: Any) -> str | None:
    """The id a facility field's value means (id, label, or an obvious spelling of one), else ``None``.

    >>> choice("facility_type", "freight transport"), choice("facility_type", "Công nghiệp")
    ('freight_transport', 'industrial')
    >>> choice("facility_type", "banana") is None
    True
    """
    return choose(CHOICES[field_name], value)


def choose(table: dict[str, tuple[str, ...]], value: Any) -> str | None:
    """The id ``value`` means in ``table`` (each id with its labels and spellings, as :data:`CHOICES`), else ``None``.

    For any choice column, a facility field's or an activity row's (``energy_basis``).
    """
    raw = str(value).strip()
    for cid, names in table.items():  # as written first: "," and "." fold to nothing
        if raw == cid or raw in names:
            return cid
    key = _fold(value)
    if not key:
        return None
    for cid, names in table.items():
        if key in {_fold(cid), *(_fold(n) for n in names)} - {""}:
            return cid
    return None


def accepted(field_name: str) -> str:
    """The accepted values of a facility field, for a message."""
    return accepted_in(CHOICES[field_name])


def accepted_in(table: dict[str, tuple[str, ...]]) -> str:
    """The accepted values of a choice table (id and its first two labels), for a message."""
    return "; ".join(f"{cid} ({' / '.join(n for n in names[:2] if n)})" if names[:1] != ("",) else cid
                     for cid, names in table.items())


def facility_fields(fac: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str, str, Any, str]]]:
    """Facility fields checked and normalised to their ids.

    Returns the fields and problems as ``(key, code, message, value, accepted)``.
    """
    out = {k: clean_text(v) for k, v in fac.items()}  # control characters crash writers and reach terminals
    problems: list[tuple[str, str, str, Any, str]] = []
    for key in CHOICES:
        v = fac.get(key)
        if v is None or (isinstance(v, str) and not v.strip()) or (isinstance(v, float) and math.isnan(v)):
            continue
        cid = choice(key, v)
        if cid is None:
            problems.append((key, "unknown_value", f"{v!r} is not an accepted {key}", v, accepted(key)))
        else:
            out[key] = cid
    if out.get("decimal_separator") == "auto":
        out["decimal_separator"] = None
    for key in FLAG_FIELDS:
        v = fac.get(key)
        if v is None or (isinstance(v, str) and not v.strip()):
            continue
        word = plain(v) if not isinstance(v, bool) else ("yes" if v else "no")
        if isinstance(v, (int, float)) and not isinstance(v, bool) and v in (0, 1):
            word = "yes" if v == 1 else "no"
        if word in YES_NO["yes"]:
            out[key] = True
        elif word in YES_NO["no"]:
            out[key] = False
        else:
            problems.append((key, "unknown_value", f"{v!r} is not yes or no", v, "yes / có, or no / không"))
    for key in FACILITY_NUMBERS:
        v = fac.get(key)
        if v is None or (isinstance(v, str) and not v.strip()):
            continue
        if isinstance(v, (bool, np.bool_)):
            problems.append((key, "boolean", f"{v!r} is a yes/no value, not a number", v, "a number"))
        elif isinstance(v, _DATES):
            problems.append((key, "date", f"{v} is a date, not a number", str(v), "a number"))
        elif is_quantity(v) or not isinstance(v, (int, float, np.integer, np.floating, str, Decimal)):
            problems.append((key, "unsupported_value", f"a {type(v).__name__} cannot be read here", str(v),
                             "a number"))
        else:
            f = _float(v)
            if isinstance(v, str) and math.isnan(f):
                problems.append((key, "not_a_number", f"{v!r} is not a number", v, "a number"))
            elif not math.isfinite(f):
                problems.append((key, "not_finite", f"{v!r} is not a finite number", str(v), "a finite number"))
            elif f < 0:
                problems.append((key, "negative", f"{key} {v!r} is negative", v, "a number ≥ 0"))
            else:
                out[key] = f if not isinstance(v, (int, np.integer)) else int(v)
    problems += _production_output(fac.get("production_output"), out.get("decimal_separator"))
    name = fac.get("name")
    if name is not None and not isinstance(name, str):
        out["name"] = str(name)
    if "name" in out and not str(out.get("name") or "").strip():
        problems.append(("name", "missing", "the facility name is missing", out.get("name"), "the facility's name"))
    return out, problems


def _production_output(raw: Any, decimal: Any) -> list[tuple[str, str, str, Any, str]]:
    """``production_output``: a number, or ``2025: 1200000; 2026: 1150000``; anything else refused."""
    from .io.numbers import parse_number

    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return []
    accepted_text = "a number, or one per year: 2025: 1200000; 2026: 1150000"
    if isinstance(raw, (bool, np.bool_)) or isinstance(raw, _DATES) or not isinstance(raw, (str, int, float)):
        return [("production_output", "invalid", f"{raw!r} is not a production output", str(raw), accepted_text)]
    sep = decimal if decimal in (",", ".") else None
    parts = [m.group(2) for m in (re.match(r"\s*(\d{4})\s*:\s*(.+?)\s*$", p) for p in re.split(r"[;\n]", str(raw)))
             if m] if isinstance(raw, str) else []
    try:
        values = [parse_number(v, sep) for v in parts] if parts else [float(raw) if not isinstance(raw, str)
                                                                      else parse_number(raw, sep)]
    except ValueError as exc:
        return [("production_output", "not_a_number", f"{raw!r} is not a production output ({exc})", raw,
                 accepted_text)]
    if not all(math.isfinite(v) and v >= 0 for v in values):
        return [("production_output", "not_finite", f"{raw!r} is not a finite output ≥ 0", str(raw), accepted_text)]
    return []


def reporting_years(value: Any) -> list[int]:
    """``2025`` or ``2024, 2025`` or ``2024-2026`` as a list of years (empty when blank or unreadable).

    >>> reporting_years("2024-2026"), reporting_years(2025.0), reporting_years("2024, 2025")
    ([2024, 2025, 2026], [2025], [2024, 2025])
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [int(value)] if float(value).is_integer() else []
    text = str(value)
    years: list[int] = []
    for a, b in re.findall(r"(\d{4})\s*(?:[-–]\s*(\d{4}))?", text):
        lo, hi = int(a), int(b or a)
        years += list(range(lo, hi + 1)) if 0 <= hi - lo < 100 else [lo]
    return years


def strip_control(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Control characters (``\\x01``, ESC …) removed from every text cell; the columns touched are named."""
    updates: dict[str, Any] = {}
    touched: list[str] = []
    for c in frame.columns:
        col = frame[c]
        if col.dtype != object and not pd.api.types.is_string_dtype(col.dtype):
            continue
        is_text = text_mask(col)
        if not is_text.any():
            continue
        if not any(CONTROL.search(v) for v in pd.unique(col.to_numpy(dtype=object)[is_text])):
            continue  # each distinct text searched once, without a pandas string pass per column
        text = col[is_text].astype(str)
        hit = text.str.contains(CONTROL, regex=True)
        if hit.any():
            values = col.to_numpy(dtype=object).copy()
            values[is_text] = text.str.replace(CONTROL, "", regex=True).to_numpy(dtype=object)
            updates[str(c)] = values
            touched.append(str(c))
    return (frame.assign(**updates) if updates else frame), touched


def clean_text(value: Any) -> Any:
    """A text with its control characters removed (other values unchanged)."""
    return CONTROL.sub("", value) if isinstance(value, str) else value


# ----------------------------------------------------------------- whole inputs (workbook, JSON, CSV)
#: Activity families each workbook sheet can hold (the ``other`` sheet takes any, with own factors).
SHEET_FAMILIES: dict[str, tuple[str, ...]] = {
    "stationary": ("fuel",), "mobile": ("fuel",), "refrigerants": ("refrigerant",), "mining": ("coal_mining",),
    "electricity": ("electricity",), "steam": ("steam",), "process": ("process", "refrigerant"),
    "wastewater": ("wastewater", "process"), "indirect": ("indirect",),
}


def facility_problems(fac: dict[str, Any], *, file: str | None = None,
                      sheet: str | None = None) -> tuple[dict[str, Any], list[Problem]]:
    """:func:`facility_fields` with its problems as :class:`~ghgcalc.errors.Problem` naming the file."""
    out, found = facility_fields(fac)
    return out, [Problem("-", key, msg, file=file, sheet=sheet, code=code, value=_jsonable(v), accepted=acc)
                 for key, code, msg, v, acc in found]


def _jsonable(v: Any) -> Any:
    return v if v is None or isinstance(v, (str, int, float, bool)) else str(v)


def activity_rows(acts: pd.DataFrame, facility: dict[str, Any], *, file: str | None = None,
                  sheets: dict[str, str] | None = None) -> tuple[pd.DataFrame, list[Problem], list[str]]:
    """Checks of a whole input's activity rows that need the facility or the sheet a row sits on.

    - control characters are removed from text cells (they crash the xlsx writer and reach terminals);
    - a blank ``year`` where other rows give one is a problem;
    - an activity on a sheet that cannot hold it (coal on the electricity sheet) is a problem;
    - a year outside the facility's ``reporting_years`` is a warning (the row is still computed).

    ``sheets``: sheet title → sheet key (workbooks); rows are named by ``_row``/``_sheet``.
    """
    from .activities import catalogue, resolve

    problems: list[Problem] = []
    warns: list[str] = []
    acts, touched = strip_control(acts)
    if touched:
        warns.append(f"control characters removed from column(s) {', '.join(touched)}")
    if acts.empty:
        return acts, problems, warns
    rows = acts["_row"].to_numpy(dtype=object) if "_row" in acts else np.arange(len(acts))
    titles = acts["_sheet"].astype(str).to_numpy() if "_sheet" in acts else np.full(len(acts), None)

    def at(p: int, column: str, message: str, code: str, value: Any = None, accepted: str | None = None) -> Problem:
        return Problem(_jsonable(rows[p]), column, message, file=file, sheet=titles[p], code=code,
                       value=_jsonable(value), accepted=accepted)

    if "year" in acts:
        years = pd.to_numeric(acts["year"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        blank = acts["year"].isna().to_numpy() | acts["year"].astype(str).str.strip().eq("").to_numpy()
        if (~blank).any():
            problems += [at(int(p), "year", "the year is missing", "missing", None, "a calendar year, e.g. 2025")
                         for p in np.flatnonzero(blank)[:MAX_ROWS_LISTED]]
        wanted = reporting_years(facility.get("reporting_years"))
        if wanted:
            outside = np.flatnonzero(np.isfinite(years) & ~np.isin(years, wanted))
            for y in pd.unique(years[outside]):
                n = int((years[outside] == y).sum())
                warns.append(f"{n} row(s) of {int(y)}, outside the reporting years {', '.join(map(str, wanted))} "
                             f"(first: row {rows[outside[years[outside] == y][0]]}); they are computed and reported "
                             "as their own year")
    if sheets and "activity" in acts:
        family = catalogue().set_index("activity")["family"]
        names = acts["activity"].astype("string").fillna("")
        uniq = pd.unique(names)
        fam = {n: family.get(resolve(str(n)) or "", "") for n in uniq}
        row_fam = names.map(fam).to_numpy(dtype=object)
        keys = np.array([sheets.get(str(t), "") for t in titles], dtype=object)
        title = {k: str(t) for t, k in reversed(sheets.items())}  # a sheet key as this workbook names it
        home = {f: " / ".join(repr(title.get(k, k)) for k, fams in SHEET_FAMILIES.items() if f in fams)
                for f in {f for fams in SHEET_FAMILIES.values() for f in fams}}
        for key, allowed in SHEET_FAMILIES.items():
            bad = np.flatnonzero((keys == key) & (row_fam != "") & ~np.isin(row_fam, allowed))
            problems += [at(int(p), "activity", f"{names.iloc[p]!r} ({row_fam[p]}) cannot be on this sheet"
                            + (f"; move the row to sheet {home[row_fam[p]]}" if row_fam[p] in home else ""),
                            "wrong_sheet", names.iloc[p],
                            f"activities of the {'/'.join(allowed)} family; move the row to its sheet")
                         for p in bad[:MAX_ROWS_LISTED]]
    return acts, problems, warns
