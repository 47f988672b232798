"""``ghgcalc.calculate``: activity data in, per-gas emissions and CO2e out.

The one path: validate the frame → resolve activity ids and units → find the
distinct keys (activity, unit, sector, year, factors ...) → each method turns a
key into tonnes of gas per unit of quantity → join the GWP set → multiply the
quantity column by the key's coefficients. pint and the factor registry see
each distinct key once; rows are only ever touched by numpy.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Sequence
from typing import Any, Literal, TypeVar, cast

import numpy as np
import pandas as pd

from . import __version__, checks
from .activities import catalogue, resolve, suggest
from .data import load_factor_file, load_gwp, user_factor_rows
from .errors import GhgcalcError, InputError, Problem, UnitError
from .factors import DEFAULT_PRIORITY, Registry, shipped_registry
from .io.numbers import split_number_unit
from .methods import (
    Coefficients,
    Context,
    KeyProblem,
    coal_mining,
    combustion,
    electricity,
    energy_basis,
    indirect,
    process,
    refrigerants,
    steam,
    wastewater,
)
from .uncertainty import key_uncertainty, with_user_uncertainty
from .units import check_user_unit, conversion_factor, normalize_unit

#: Columns that, with ``activity`` and ``unit``, decide a row's per-unit coefficients.
KEY_COLUMNS = (
    "sector", "technology", "region", "year",
    "ef_co2", "ef_ch4", "ef_n2o", "ef_unit", "ef_source", "ncv", "ncv_unit",
    "ef_market", "ef_market_unit", "enthalpy_kj_per_kg", "boiler_efficiency", "boiler_fuel",
    "ef_co2e", "fraction", "cao_content", "cao_non_carbonate", "ckd_factor", "treatment", "cod", "cod_unit",
    "bod", "bod_unit",
    "nitrogen", "nitrogen_unit", "ch4_recovered", "ch4_recovered_unit", "industry",
    "sludge_removed", "sludge_removed_unit", "nitrogen_influent", "nitrogen_influent_unit", "combustion_efficiency",
    "ad_uncertainty_pct", "ef_uncertainty_pct", "load", "load_unit", "fuel", "waste_type", "covered", "guidelines",
    "ch4_fraction", "energy_basis",
    "_quantity",
)
METHODS = {"fuel": combustion, "electricity": electricity, "steam": steam, "refrigerant": refrigerants,
           "process": process, "wastewater": wastewater, "indirect": indirect, "coal_mining": coal_mining}
#: Result columns, tonnes of gas (``_t``) or tonnes CO2e (``_co2e_t``).
RESULT_COLUMNS = (
    "co2_t", "ch4_t", "n2o_t", "hfcs_co2e_t", "pfcs_co2e_t", "sf6_t", "nf3_t",
    "co2e_t", "biogenic_co2_t", "memo_co2e_t", "scope2_market_co2e_t", "removals_co2e_t", "ch4_co2e_t",
)
#: CH4 origins a method may record (``meta["ch4_origin"]``); a GWP set holding ``CH4_<origin>``
#: rows (AR6 WG1 Table 7.15) applies that value instead of the set's single CH4 value.
CH4_ORIGINS = ("fossil", "non_fossil")
#: Calendar years an inventory row may carry (IPCC 1990 base year to a distant horizon).
YEAR_RANGE = (1990, 2100)
#: Key columns that hold numbers; text there is an input error, never a silent blank.
NUMERIC_COLUMNS = (
    "year", "ef_co2", "ef_ch4", "ef_n2o", "ef_co2e", "ncv", "ef_market", "enthalpy_kj_per_kg",
    "boiler_efficiency", "fraction", "cao_content", "cao_non_carbonate", "ckd_factor", "cod", "bod", "nitrogen",
    "ch4_recovered", "sludge_removed", "nitrogen_influent", "combustion_efficiency",
    "ad_uncertainty_pct", "ef_uncertainty_pct", "load", "ch4_fraction",
)
#: Amounts that may be written with their unit in one cell (``2000 mg/L``, ``15 t``) beside a ``_unit`` column.
VALUE_UNIT_COLUMNS = ("cod", "bod", "ch4_recovered", "nitrogen", "nitrogen_influent", "sludge_removed")
META_COLUMNS = ("iso_category", "ghgp_scope", "method", "factor_ids", "tier", "tier_reason", "notes")
#: Why a tier was used: the order of Circular 38/2023/TT-BCT Art. 18.
TIER_REASONS = {
    "facility": "facility-specific factor, first in the Circular 38/2023/TT-BCT Art. 18 order",
    "national": "national factor (Decision 2626/QĐ-BTNMT or a DCC grid factor), before IPCC defaults "
                "(Circular 38/2023/TT-BCT Art. 18)",
    "ipcc_default": "IPCC default (2006 Guidelines, or the 2019 Refinement where the row asks for it): "
                    "no facility or national factor for this activity, gas and sector",
    "reference": "reference data or a published set (GWP, blend composition, an imported conversion-factor "
                 "set such as the UK government's), after facility, national and IPCC factors",
}
KYOTO_GROUPS = ("CO2", "CH4", "N2O", "HFC", "PFC", "SF6", "NF3", "CO2e")
GWP_SETS = {"AR4": "AR4", "AR5": "AR5", "AR5_CCF": "AR5_CCF", "AR5CCF": "AR5_CCF",
            "AR5-CCF": "AR5_CCF", "AR6": "AR6"}


_F = TypeVar("_F", bound=Any)


#: The GWP-100 sets ``calculate(gwp=...)`` takes (spellings such as ``"ar5"`` are read too, at run time).
GwpSet = Literal["AR4", "AR5", "AR5_CCF", "AR6"]


class GhgcalcWarning(UserWarning):
    """A choice the engine made that the user should know about (e.g. a fallback grid factor).

    ``calculate()`` does not emit it: its warnings are collected in
    ``result.attrs["warnings"]`` only (``warnings`` filters are process-wide and
    not thread-safe). Kept for callers that re-emit those texts themselves.
    """


#: Above this many rows numpy's huge-page advice is switched off during calculate(): on a machine whose
#: memory is fragmented, the kernel's huge-page compaction made the large temporaries 3 x slower.
HUGEPAGE_ROWS = 1_000_000


def _without_hugepage_advice(fn: _F) -> _F:
    """Run ``fn`` with numpy's ``madvise(MADV_HUGEPAGE)`` off for large frames (it is restored after)."""
    setter = getattr(getattr(getattr(np, "_core", None), "multiarray", None), "_set_madvise_hugepage", None)

    @functools.wraps(fn)
    def run(activities: Any, *args: Any, **kwargs: Any) -> Any:
        if setter is None or not isinstance(activities, pd.DataFrame) or len(activities) < HUGEPAGE_ROWS:
            return fn(activities, *args, **kwargs)
        before = setter(False)
        try:
            return fn(activities, *args, **kwargs)
        finally:
            setter(before)
    return cast(_F, run)


@_without_hugepage_advice
def calculate(
    activities: pd.DataFrame,
    gwp: GwpSet = "AR5",
    *,
    factor_priority: Sequence[str] | None = None,
    default_sector: str | None = None,
    user_factors: pd.DataFrame | str | None = None,
    grid_fallback: Literal["previous_year", "error"] = "previous_year",
    form: Literal["wide", "long"] = "wide",
    factors_as_of: dt.date | None = None,
) -> pd.DataFrame:
    """Emissions of every activity row, per gas and in CO2e.

    Parameters
    ----------
    activities : DataFrame
        One row per activity with ``activity`` (id or alias), ``quantity``
        [in ``unit``] and ``unit``; optional ``sector``, ``technology``,
        ``region``, ``year``, for indirect rows ``fuel`` (fuel-based) or
        ``treatment`` (route of waste sent off site), user factors ``ef_co2/ef_ch4/ef_n2o`` with
        ``ef_unit`` and ``ef_source``, a measured ``ncv`` with ``ncv_unit``,
        ``ef_market`` [t CO2/MWh] for contractual electricity, steam columns
        ``enthalpy_kj_per_kg``, ``boiler_efficiency``, ``boiler_fuel``, and
        ``category``/``scope`` overrides, and ``ad_uncertainty_pct`` /
        ``ef_uncertainty_pct`` [% at 95 %] for the uncertainty of the activity
        data and of the row's factors where the user knows them.
    gwp : {"AR4", "AR5", "AR5_CCF", "AR6"}
        GWP-100 set used for CO2e (recorded in ``result.attrs``).
    factor_priority : sequence of tiers, optional
        Default ``("facility", "national", "ipcc_default", "reference")``
        (Circular 38/2023/TT-BCT Art. 18); drop tiers to force IPCC defaults.
    default_sector : str, optional
        Sector for fuel rows without one (e.g. ``manufacturing_construction``).
    user_factors : DataFrame or path, optional
        Extra factor rows in the dataset's schema: tier ``facility``, or
        ``reference`` for a published set imported with
        :func:`ghgcalc.io.desnz.read_flat_file` (source ``uk_desnz``).
    grid_fallback : {"previous_year", "error"}
        What to do for a year without an announced grid factor.
    form : {"wide", "long"}
        ``wide``: one row per input row; ``long``: one row per (input row, gas).
    factors_as_of : date, optional
        Use only the factor editions published by that day (:func:`ghgcalc.factors.known_mask`): the
        inventory "as published then" (a year whose grid factor was not announced yet falls back to the
        latest one announced, as it had to). Default: every edition, "as of now". Recorded in ``attrs``.

    Returns
    -------
    DataFrame
        Same index and order as ``activities``: ``activity, quantity, unit``,
        ``co2_t, ch4_t, n2o_t, sf6_t, nf3_t`` [t of gas], ``hfcs_co2e_t,
        pfcs_co2e_t, co2e_t`` [t CO2e], ``biogenic_co2_t`` [t CO2, outside
        ``co2e_t``], ``memo_co2e_t`` [t CO2e of ozone-depleting gases, outside
        the total], ``scope2_market_co2e_t`` [market-based scope 2, never added
        to ``co2e_t``], ``removals_co2e_t``, ``iso_category, ghgp_scope, method,
        factor_ids, tier, tier_reason, notes``, ``energy_tj`` [TJ, fuels and
        electricity], and ``u95_pct`` [% of ``co2e_t``, 95 % half-width
        from the factors' limits] with ``u95_coverage`` [share of ``co2e_t`` quantified].
        ``attrs`` holds ``gwp_set``, ``factor_dataset_version``,
        ``ghgcalc_version`` and ``warnings``.

    Examples
    --------
    >>> import pandas as pd, ghgcalc
    >>> df = pd.DataFrame({"activity": ["diesel"], "quantity": [10.0], "unit": ["t"],
    ...                    "sector": ["manufacturing_construction"]})
    >>> round(float(ghgcalc.calculate(df)["co2_t"].iloc[0]), 4)  # 10 t x 43.0 TJ/Gg x 74,100 kg/TJ
    31.863
    """
    gwp_set = GWP_SETS.get(str(gwp).upper().replace(" ", ""))
    if gwp_set is None:
        raise GhgcalcError(f"unknown GWP set {gwp!r}", hint=f"use one of {', '.join(sorted(set(GWP_SETS.values())))}")
    if not isinstance(activities, pd.DataFrame):
        raise GhgcalcError("activities must be a pandas DataFrame",
                           hint="build one with columns activity, quantity, unit")
    frame = activities
    src_file = frame.attrs.get("source_file")
    labels = frame["_row"].to_numpy() if "_row" in frame else _Labels(frame.index)
    sheets = frame["_sheet"].to_numpy() if "_sheet" in frame else None

    def where(pos: int, column: str, message: str, code: str | None = None, value: Any = None,
              accepted: str | None = None) -> Problem:
        return Problem(row=labels[pos], column=column, message=message, file=src_file,
                       sheet=None if sheets is None else str(sheets[pos]), code=code or _code(column, message),
                       value=value, accepted=accepted)

    frame = _without_blank_columns(frame)
    found = checks.Found()  # pint quantities (their unit fills the unit column), before the columns are checked
    frame = checks.pint_columns(frame, found)
    missing = [c for c in ("activity", "quantity", "unit") if c not in frame.columns]
    if missing:
        raise InputError([Problem(row="header", column=c, message="required column is missing",
                                  file=src_file, code="missing_column") for c in missing],
                         hint="the activity table needs columns activity, quantity, unit")
    if len(frame) == 0:
        raise InputError([Problem("-", "-", "the activity table has no rows", file=src_file, code="empty")],
                         hint="give at least one row with activity, quantity and unit")
    # cells no column can hold, booleans and dates in number cells
    frame = checks.cell_types(frame, ("quantity", *NUMERIC_COLUMNS), found)
    problems: list[Problem] = [where(p, c, m, code, v, a) for p, c, code, m, v, a in found.problems]
    quantity, qprobs = _quantities(frame["quantity"])
    problems += [where(p, "quantity", m) for p, m in qprobs]
    frame, uprobs = _values_with_units(frame)
    problems += [where(p, c, m) for p, c, m in uprobs]
    frame, nprobs = _numeric_columns(frame)
    problems += [where(p, c, m) for p, c, m in nprobs]
    found = checks.Found()  # negative or zero factors and NCVs, own factors without a source, overrides
    numbers = checks.number_values(frame, NUMERIC_COLUMNS, found)
    checks.own_factor_sources(frame, numbers, found)
    checks.overrides(frame, found)
    checks.unit_columns(frame, found)
    problems += [where(p, c, m, code, v, a) for p, c, code, m, v, a in found.problems]
    act_codes, act_names = pd.factorize(frame["activity"], use_na_sentinel=False)
    canonical: list[str] = []
    for i, name in enumerate(act_names):
        text_name = "" if _blank(name) else str(name)
        cid = resolve(text_name) if text_name.strip() else None
        if cid is None:
            hint = suggest(text_name) if text_name.strip() else []
            msg = ((f"unknown activity {text_name!r}" + (f"; did you mean {', '.join(hint)}?" if hint else
                   "; see ghgcalc.factors.search() or `ghgcalc factors search`"))
                   if text_name.strip() else "activity is empty")
            problems += [where(int(p), "activity", msg) for p in np.flatnonzero(act_codes == i)[:5]]
            cid = ""
        canonical.append(cid)
    unit_codes, unit_names = pd.factorize(frame["unit"], use_na_sentinel=False)
    units = [normalize_unit("" if _blank(u) else str(u)) for u in unit_names]
    for i in range(len(units)):
        try:
            check_user_unit(str(unit_names[i]) if not _blank(unit_names[i]) else "")
        except UnitError as exc:
            problems += [where(int(p), "unit", exc.message, None, unit_names[i], exc.hint)
                         for p in np.flatnonzero(unit_codes == i)[:5]]
    if problems:
        raise InputError(first_per_cell(problems))

    canon_codes, canon_names = pd.factorize(pd.Series(canonical, dtype=object))
    unit_codes2, unit_names2 = pd.factorize(pd.Series(units, dtype=object))
    per_row = [c for c in ("ch4_recovered", "sludge_removed") if c in frame.columns]
    if per_row:  # recovered CH4 and sludge are amounts subtracted per row, so such rows key on their quantity
        frame = frame.assign(_quantity=np.where(frame[per_row].notna().any(axis=1), quantity, np.nan))
    # codes in the smallest integer type, and the raw codes dropped: at 10M rows each int64 array is 80 MB
    act_row = canon_codes.astype(_small_int(len(canon_names)))[act_codes]
    unit_row = unit_codes2.astype(_small_int(len(unit_names2)))[unit_codes]
    del act_codes, unit_codes
    codes, keys = _keys(frame, (act_row, np.asarray(canon_names, dtype=object)),
                        (unit_row, np.asarray(unit_names2, dtype=object)))
    families = _families()
    keys["family"] = [families.get(a, np.nan) for a in keys["activity"]]

    priority = tuple(factor_priority) if factor_priority else DEFAULT_PRIORITY
    registry = (Registry(_user_factor_frame(user_factors), priority, known_on=factors_as_of)
                if user_factors is not None else shipped_registry(priority, factors_as_of))
    ctx = Context(registry=registry, default_sector=default_sector or "", grid_fallback=grid_fallback)
    results = Coefficients()
    for family, sub in keys.groupby("family", sort=False):
        method = METHODS.get(str(family))
        if method is None:
            for k in sub.index:
                results.problems.append(KeyProblem(int(k), "activity", f"family {family} is not computed"))
            continue
        part = method.coefficients(sub, ctx)
        results.gases += part.gases
        results.meta.update(part.meta)
        results.energy_tj.update(part.energy_tj)
        results.problems += part.problems
    results.problems += energy_basis.unread(keys, ctx)  # "gross" on a row no fuel method read
    if results.problems:
        rows_of = _rows_of(codes, [kp.key for kp in results.problems], len(keys))
        for kp in results.problems:
            problems += [where(int(p), kp.column, kp.message) for p in rows_of[kp.key][:5]]
        raise InputError(first_per_cell(problems))

    rows_of = _rows_of(codes, [k for k, _, _ in ctx.key_warnings], len(keys))
    for k, column, message in ctx.key_warnings:  # a key's warning names the rows that carry it
        rows = rows_of[k]
        shown = ", ".join(str(labels[p]) for p in rows[:5]) + (", …" if len(rows) > 5 else "")
        sheet = f"sheet '{sheets[rows[0]]}', " if sheets is not None and len(rows) else ""
        ctx.warnings.append(f"{sheet}{'rows' if len(rows) > 1 else 'row'} {shown}, column '{column}': {message}")
    origins = {k: str(m.get("ch4_origin", "")) for k, m in results.meta.items()}
    long_keys = _with_gwp(results.frame(), gwp_set, origins)
    _note_ch4_gwp(long_keys, results.meta, gwp_set)
    matrix = _key_matrix(long_keys, len(keys))
    has_market = np.zeros(len(keys), dtype=bool)
    has_market[long_keys.loc[long_keys["basis"] == "market", "key"].to_numpy(dtype=int)] = True
    matrix[~has_market, RESULT_COLUMNS.index("scope2_market_co2e_t")] = np.nan
    # built column-major (one row per result column) so that pandas keeps the block without copying
    small_codes, codes = codes, codes.astype(np.intp)  # numpy's take converts other index types on every call
    values = np.ascontiguousarray(matrix.T).take(codes, axis=1)
    with np.errstate(over="ignore"):  # numpy's error state is per thread; an overflow is refused just below
        values *= quantity[None, :]
    overflow = _overflow(values)
    if len(overflow):
        raise InputError([where(int(p), "quantity", f"quantity {quantity[p]:g} gives an emission too large for a "
                                "number", "not_finite", float(quantity[p]), "a quantity of a real facility")
                          for p in overflow[:checks.MAX_ROWS_LISTED]])
    out = pd.DataFrame(values.T, columns=list(RESULT_COLUMNS), index=frame.index, copy=False)  # pandas 3 copies
    meta = _key_meta(results, long_keys, len(keys))
    u95, coverage = key_uncertainty(long_keys.assign(in_total=long_keys["group"].isin(KYOTO_GROUPS)), registry,
                                    len(keys))
    u95, coverage = with_user_uncertainty(u95, coverage, keys)
    energy = np.full(len(keys), np.nan)
    for k, tj in results.energy_tj.items():
        energy[k] = tj
    by_row = energy.take(codes)  # in place: no second N-float temporary
    by_row *= quantity
    out["energy_tj"] = by_row
    by_row = u95.take(codes)
    by_row *= 100
    out["u95_pct"] = by_row
    out["u95_coverage"] = coverage.take(codes)
    for col in META_COLUMNS:
        cats, inv = np.unique(np.array(meta[col], dtype=str), return_inverse=True)
        inv = inv.astype(_small_int(len(cats)))  # the categorical's own code type: taken without a copy
        out[col] = pd.Categorical.from_codes(inv.take(codes), dtype=_categories("meta", cats), validate=False)
    codes = small_codes  # the int64 copy is freed before the last columns and the outlier screen
    for given, target in (("category", "iso_category"), ("scope", "ghgp_scope")):
        if given in frame:  # an override column makes the result's column text, blank or not
            text = out[target].astype(str)
            if frame[given].notna().any():
                override = frame[given].astype("string").fillna("").str.strip()
                text = text.where(override.eq(""), override)
            out[target] = text
    out.insert(0, "activity", pd.Categorical.from_codes(act_row, dtype=_categories("id", canon_names)))
    out.insert(1, "quantity", quantity)
    out.insert(2, "unit", pd.Categorical.from_codes(unit_row, dtype=_categories("id", unit_names2)))
    if "year" in frame:
        out.insert(3, "year", pd.to_numeric(frame["year"], errors="coerce").astype("Int64"))
    attrs: dict[str, Any] = {
        "gwp_set": gwp_set,
        "factor_dataset_version": registry.version,
        **({"factors_as_of": factors_as_of.isoformat()} if factors_as_of is not None else {}),
        "ghgcalc_version": __version__,
        "warnings": list(dict.fromkeys(ctx.warnings)) + (checks.outliers(
            quantity, _series(act_row, unit_row, len(unit_names2)), labels,
            _Names(canon_names, unit_names2, act_row, unit_row)) if len(quantity) >= checks.OUTLIER_MIN_SERIES else []),
    }
    if form == "long":
        return _long(out, codes, long_keys, quantity, attrs)
    out.attrs = attrs
    return out


#: categorical dtypes of result columns by their categories: checking categories costs more than a
#: one-row call's arithmetic, and dtypes are immutable, so calls with the same categories share one
_DTYPES: dict[tuple[str, tuple[Any, ...]], pd.CategoricalDtype] = {}


def _categories(kind: str, values: Any) -> pd.CategoricalDtype:
    """The categorical dtype of ``values`` (distinct), built once per list of values."""
    if len(values) > 64:  # many distinct texts (notes with numbers): not worth keeping
        return pd.CategoricalDtype(values if kind == "meta" else pd.Index(values))
    key = (kind, tuple(values))
    dtype = _DTYPES.get(key)
    if dtype is None:
        if len(_DTYPES) > 256:
            _DTYPES.clear()
        dtype = _DTYPES[key] = pd.CategoricalDtype(values if kind == "meta" else pd.Index(values))
    return dtype


def _overflow(values: np.ndarray) -> np.ndarray:
    """Positions of rows with an infinite result, one result column at a time (no 13 x N boolean temporary)."""
    bad = [np.flatnonzero(np.isinf(row)) for row in values if not np.isfinite(row.sum())]
    return np.unique(np.concatenate(bad)) if bad else np.zeros(0, dtype=np.int64)


def _quantities(col: pd.Series) -> tuple[np.ndarray, list[tuple[int, str]]]:
    if pd.api.types.is_numeric_dtype(col.dtype) and not pd.api.types.is_bool_dtype(col.dtype):
        q = col.to_numpy(dtype=float, na_value=np.nan)
    else:
        q = pd.to_numeric(col, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isfinite(q) | (q < 0)
    problems: list[tuple[int, str]] = []
    if bad.any():
        for p in np.flatnonzero(bad)[:checks.MAX_ROWS_LISTED]:
            raw = col.iloc[p]
            if raw is None or (isinstance(raw, float) and math.isnan(raw)) or str(raw).strip() == "":
                problems.append((int(p), "quantity is missing"))
            elif math.isfinite(q[p]):
                problems.append((int(p), f"quantity {q[p]:g} is negative; record returns or sales "
                                         "as their own activity, not as a negative quantity"))
            else:
                problems.append((int(p), f"quantity {raw!r} is not a number"))
    return q, problems


def _values_with_units(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[tuple[int, str, str]]]:
    """``2000 mg/L`` in a value column: the number stays, the unit goes to its ``_unit`` column.

    A unit written in the cell that disagrees with the ``_unit`` column is a problem, never a silent choice.
    """
    problems: list[tuple[int, str, str]] = []
    updates: dict[str, pd.Series] = {}
    for c in VALUE_UNIT_COLUMNS:
        if c not in frame.columns or pd.api.types.is_numeric_dtype(frame[c].dtype):
            continue
        col = frame[c]
        parsed: dict[str, tuple[float, str]] = {}
        for v in pd.unique(col[col.map(lambda x: isinstance(x, str))]):
            try:
                float(v)
                continue  # a number stored as text
            except ValueError:
                pass
            try:
                parsed[v] = split_number_unit(v)
            except ValueError:
                continue  # reported as "not a number" below
        if not parsed:
            continue
        ucol = f"{c}_unit"
        values = col.astype(object).copy()
        units = (frame[ucol] if ucol in frame.columns else pd.Series("", index=frame.index)).astype(object).copy()
        for pos in np.flatnonzero(col.isin(list(parsed)).to_numpy()):
            num, unit = parsed[col.iloc[pos]]
            given = "" if _blank(units.iloc[pos]) else str(units.iloc[pos]).strip()
            if given and not _same_unit(given, unit):
                problems.append((int(pos), ucol, f"{c} is written {col.iloc[pos]!r} but {ucol} says {given!r}; "
                                                 "keep one unit"))
            values.iloc[pos] = num
            units.iloc[pos] = unit
        updates[c] = values
        updates[ucol] = units
    return (frame.assign(**updates) if updates else frame), problems


def _same_unit(a: str, b: str) -> bool:
    try:
        return math.isclose(conversion_factor(normalize_unit(a), normalize_unit(b)), 1.0, rel_tol=1e-9)
    except UnitError:
        return False


def _numeric_columns(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[tuple[int, str, str]]]:
    """Optional numeric columns as floats; text or infinities there are problems naming the row."""
    present = [c for c in NUMERIC_COLUMNS if c in frame.columns]
    if not present:
        return frame, []
    problems: list[tuple[int, str, str]] = []
    converted = {}
    for c in present:
        col = frame[c]
        if pd.api.types.is_numeric_dtype(col.dtype) and not pd.api.types.is_bool_dtype(col.dtype):
            values = col.to_numpy(dtype=float, na_value=np.nan)
            blank = np.isnan(values)
        else:
            values = pd.to_numeric(col, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
            blank = col.isna().to_numpy() | col.astype(str).str.strip().eq("").to_numpy()
            is_bool = col.map(lambda v: isinstance(v, bool)).to_numpy(dtype=bool)  # True is not the number 1
            values = np.where(is_bool, np.nan, values)
        bad = (np.isnan(values) & ~blank) | np.isinf(values)
        for p in np.flatnonzero(bad)[:20]:
            problems.append((int(p), c, f"{col.iloc[p]!r} is not a number"))
        if c == "year":
            lo, hi = YEAR_RANGE
            odd = ~np.isnan(values) & ((values != np.round(values)) | (values < lo) | (values > hi))
            for p in np.flatnonzero(odd)[:20]:
                problems.append((int(p), c, f"{col.iloc[p]!r} is not a calendar year ({lo}-{hi})"))
        converted[c] = values
    return frame.assign(**converted), problems


class _Labels(Sequence[Any]):
    """Row labels of a frame's index, as ``index.to_numpy()`` gives them, without materialising the index."""

    def __init__(self, index: pd.Index) -> None:
        self._index = index

    def __getitem__(self, p: int) -> Any:  # type: ignore[override]
        return self._index[p:p + 1].to_numpy()[0]

    def __len__(self) -> int:
        return len(self._index)


def _series(act_row: np.ndarray, unit_row: np.ndarray, n_units: int) -> np.ndarray:
    """One integer code per (activity, unit) pair of each row, in the smallest type that holds it."""
    dtype = np.int32 if (int(act_row.max(initial=0)) + 1) * (n_units + 1) < 2**31 else np.int64
    series: Any = act_row.astype(dtype)
    series *= n_units + 1
    series += unit_row
    out: np.ndarray = series
    return out


class _Names(Sequence[str]):
    """``activity [unit]`` of a row, built only for the rows a warning names."""

    def __init__(self, acts: Any, units: Any, act_row: np.ndarray, unit_row: np.ndarray) -> None:
        self.acts, self.units, self.act_row, self.unit_row = acts, units, act_row, unit_row

    def __getitem__(self, p: int) -> str:  # type: ignore[override]
        return f"{self.acts[self.act_row[p]]} [{self.units[self.unit_row[p]]}]"

    def __len__(self) -> int:
        return len(self.act_row)


def first_per_cell(problems: Sequence[Problem]) -> list[Problem]:
    """One problem per cell: the first found (the most specific: a boolean before 'not a number')."""
    seen: set[tuple[str, str, str]] = set()
    out = []
    for p in problems:
        key = (str(p.sheet), str(p.row), p.column)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def _code(column: str, message: str) -> str:
    """The stable problem code of a message the methods wrote (they name the column, not a code)."""
    if column == "activity" and message.startswith("unknown activity"):
        return "unknown_activity"
    if column == "activity" and "empty" in message:
        return "missing"
    if (column.endswith("unit") or column == "unit") and "ambiguous" in message:
        return "ambiguous_unit"
    if column.endswith("unit") or column == "unit":
        return "unknown_unit" if "unknown unit" in message or "empty unit" in message else "unit_dimension"
    if "factor" in message and ("no " in message or "not found" in message):
        return "factor_not_found"
    if "missing" in message:
        return "missing"
    if "not a number" in message:
        return "not_a_number"
    if "negative" in message:
        return "negative"
    if "calendar year" in message:
        return "not_a_year"
    return "invalid"


#: Columns kept even when they hold no value: the required ones, those whose presence shapes the result
#: (``year`` adds its column; a ``category``/``scope`` column turns the result's column into text), the labels.
KEEP_BLANK = frozenset({"activity", "quantity", "unit", "year", "category", "scope", "_row", "_sheet"})


def _without_blank_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` without its optional columns that hold no value at all (every cell None or NaN).

    A column of blanks says what a missing column says (no measured NCV, no own factor …); a workbook's
    frame carries the columns of every sheet, most of them blank, and each would cost every check a pass.
    The result is the same with or without them (tests compare both).
    """
    if frame.empty or not frame.columns.is_unique:
        return frame
    first = frame.iloc[0].isna()  # a column with a value in its first row is not blank: no pass over it
    maybe = [c for c, na in first.items() if na and c not in KEEP_BLANK]
    if not maybe:
        return frame
    given = frame[maybe].notna().any()
    blank = [c for c, has in given.items() if not has]
    return frame.drop(columns=blank) if blank else frame


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def _keys(frame: pd.DataFrame, act: tuple[np.ndarray, np.ndarray],
          unit: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, pd.DataFrame]:
    """Integer key code per row (numbered by first appearance), and one row of key columns per code.

    Each key column is factorized once; the per-column codes are combined into
    one int64 code (re-factorized only when the combination would grow large).
    Codes are kept in the smallest integer type and combined in place: at 10M
    rows every int64 temporary is 80 MB.
    """
    parts: dict[str, tuple[np.ndarray, np.ndarray]] = {"activity": act, "unit": unit}
    for c in KEY_COLUMNS:
        if c in frame.columns:
            codes_c, uniq = pd.factorize(frame[c], use_na_sentinel=False)
            parts[c] = (codes_c.astype(_small_int(len(uniq))), np.asarray(uniq, dtype=object))
            del codes_c
    combined = np.zeros(len(frame), dtype=np.int64)
    size = 1
    for codes_c, uniq in parts.values():
        if size * (len(uniq) + 1) > 2**40:
            combined, u = pd.factorize(combined)
            size = len(u)
        combined *= len(uniq) + 1
        combined += codes_c
        size *= len(uniq) + 1
    key_codes, uniq_keys = pd.factorize(combined)  # numbered by first appearance
    del combined
    key_codes = key_codes.astype(_small_int(len(uniq_keys)))
    # a code's first row is where the running maximum of the codes grows (codes number first appearances)
    running = np.maximum.accumulate(key_codes)
    first = np.flatnonzero(np.concatenate([[True], running[1:] > running[:-1]]))
    del running
    keys = pd.DataFrame({c: uniq[codes_c[first]] for c, (codes_c, uniq) in parts.items()})
    return key_codes, keys


def _rows_of(codes: np.ndarray, wanted: list[int], n_keys: int) -> dict[int, np.ndarray]:
    """The rows (ascending) of each wanted key code: one pass over the rows, not one per key."""
    if not wanted:
        return {}
    flags = np.zeros(n_keys, dtype=bool)
    flags[wanted] = True
    rows = np.flatnonzero(flags[codes])
    key_of = codes[rows]
    order = np.argsort(key_of, kind="stable")  # by key, rows in order within a key
    rows, key_of = rows[order], key_of[order]
    uniq = np.unique(np.asarray(wanted))
    starts, ends = np.searchsorted(key_of, uniq, "left"), np.searchsorted(key_of, uniq, "right")
    return {int(k): rows[a:b] for k, a, b in zip(uniq, starts, ends, strict=True)}


def _small_int(n: int) -> type[np.signedinteger[Any]]:
    """The smallest signed integer type pandas keeps as the codes of ``n`` categories (no copy in from_codes)."""
    for t in (np.int8, np.int16, np.int32):
        if n < np.iinfo(t).max:
            return t
    return np.int64


def _user_factor_frame(user_factors: pd.DataFrame | str | None) -> pd.DataFrame | None:
    if user_factors is None:
        return None
    if isinstance(user_factors, pd.DataFrame):
        if user_factors.attrs.get("validated"):  # from load_factor_file / user_factor_rows
            return user_factors
        records = user_factors.astype(object).where(user_factors.notna(), "").astype(str).to_dict("records")
        return user_factor_rows(records)
    return load_factor_file(user_factors)


#: per GWP loader and set: the set's rows by gas and its CH4 split (built once, read many times, never handed out)
_GWP_VIEWS: dict[tuple[Any, str, str], pd.DataFrame] = {}


def _gwp_view(gwp_set: str, what: str) -> pd.DataFrame:
    key = (load_gwp, gwp_set, what)  # the loader, so that a replaced loader (a test's) is read afresh
    view = _GWP_VIEWS.get(key)
    if view is None:
        if len(_GWP_VIEWS) > 32:
            _GWP_VIEWS.clear()
        table = load_gwp()
        if what == "by_gas":
            view = table[table["gwp_set"] == gwp_set].set_index("gas")
        else:
            rows = table[(table["gwp_set"] == gwp_set) & table["gas"].isin([f"CH4_{o}" for o in CH4_ORIGINS])]
            view = rows.assign(origin=rows["gas"].str.removeprefix("CH4_")).set_index("origin")
        _GWP_VIEWS[key] = view
    return view


def _ch4_split(gwp_set: str) -> pd.DataFrame:
    """The set's CH4 values by origin (``CH4_fossil``, ``CH4_non_fossil`` rows), empty when it has none."""
    return _gwp_view(gwp_set, "ch4_split")


def _with_gwp(long_keys: pd.DataFrame, gwp_set: str, ch4_origin: dict[int, str] | None = None) -> pd.DataFrame:
    value, group_of = _gwp_lookup(gwp_set)
    split = _ch4_split(gwp_set)
    by_origin = dict(zip(split.index, split["value"], strict=True)) if len(split) == len(CH4_ORIGINS) else {}
    # plain lists and dicts: a call with few keys should not pay pandas' per-operation overhead
    gases = long_keys["gas"].tolist()
    gwp = [value.get(g, math.nan) for g in gases]
    group = [group_of.get(g, math.nan) for g in gases]
    if ch4_origin and by_origin:
        # AR6: fossil CH4 (fossil-fuel combustion, fugitive) and non-fossil CH4 (biomass, waste, wastewater)
        for i, (g, k) in enumerate(zip(gases, long_keys["key"].tolist(), strict=True)):
            if g == "CH4" and ch4_origin.get(k, "") in by_origin:
                gwp[i] = by_origin[ch4_origin[k]]
    for i, g in enumerate(gases):
        if g == "CO2_biogenic":
            gwp[i], group[i] = 0.0, "biogenic"
        elif g in ("CO2e", "removal"):  # already in t CO2e (user factor)
            gwp[i], group[i] = 1.0, g
    missing = sorted({g for g, w in zip(gases, gwp, strict=True) if w != w})
    if missing:
        raise GhgcalcError(f"no {gwp_set} GWP-100 for {', '.join(missing)}",
                           hint="choose another GWP set (gwp='AR5' or 'AR6')")
    return long_keys.assign(gwp=np.array(gwp, dtype=float), group=np.array(group, dtype=object))


def _gwp_lookup(gwp_set: str) -> tuple[dict[str, float], dict[str, Any]]:
    """The set's GWP value and group by gas, as dictionaries (built once per set and loader)."""
    key = (load_gwp, gwp_set, "lookup")
    found = _GWP_LOOKUPS.get(key)
    if found is None:
        table = _gwp_view(gwp_set, "by_gas")
        found = (dict(zip(table.index, table["value"].astype(float), strict=True)),
                 dict(zip(table.index, table["group"], strict=True)))
        if len(_GWP_LOOKUPS) > 32:
            _GWP_LOOKUPS.clear()
        _GWP_LOOKUPS[key] = found
    return found


_GWP_LOOKUPS: dict[tuple[Any, str, str], tuple[dict[str, float], dict[str, Any]]] = {}
#: per catalogue loader: activity id -> family
_FAMILIES: dict[tuple[Any, ...], dict[str, str]] = {}


def _families() -> dict[str, str]:
    """Activity id -> family of the catalogue (built once per set of loaders, read many times)."""
    from . import activities

    loaders = ("catalogue", "load_activities", "load_blends", "load_gwp")
    key = tuple(getattr(activities, f, None) for f in loaders)
    found = _FAMILIES.get(key)
    if found is None:
        cat = catalogue()
        found = dict(zip(cat["activity"], cat["family"], strict=True))
        _FAMILIES.clear()
        _FAMILIES[key] = found
    return found


def _note_ch4_gwp(lk: pd.DataFrame, meta: dict[int, dict[str, str]], gwp_set: str) -> None:
    """Write on each key with CH4 which CH4 GWP of a set with a fossil/non-fossil split it took."""
    split = _ch4_split(gwp_set)
    if len(split) != len(CH4_ORIGINS):
        return
    general = _gwp_view(gwp_set, "by_gas").loc["CH4"]
    for key in sorted(set(lk.loc[lk["gas"].eq("CH4") & lk["basis"].eq("location"), "key"].astype(int))):
        m = meta.setdefault(key, {})
        origin = m.get("ch4_origin", "")
        if origin in split.index:
            row = split.loc[origin]
            text_ = (f"{gwp_set} CH4 GWP {row['value']:g}, {origin.replace('_', '-')} origin "
                     f"({row['table']})")
        else:
            text_ = (f"{gwp_set} CH4 GWP {general['value']:g} ({general['table']}): "
                     "origin of the CH4 not classified")
        m["notes"] = "; ".join(n for n in (m.get("notes", ""), text_) if n)


def _key_matrix(lk: pd.DataFrame, n_keys: int) -> np.ndarray:
    """K x len(RESULT_COLUMNS) matrix of per-unit coefficients."""
    m = np.zeros((n_keys, len(RESULT_COLUMNS)))
    col = {c: i for i, c in enumerate(RESULT_COLUMNS)}
    # plain numpy arrays: a call with few keys should not pay pandas' per-operation overhead
    basis = lk["basis"].to_numpy(dtype=object)
    keys = lk["key"].to_numpy(dtype=int)
    coef_all, gwp_all = lk["coef"].to_numpy(dtype=float), lk["gwp"].to_numpy(dtype=float)
    is_loc = basis == "location"
    key, coef, gwp = keys[is_loc], coef_all[is_loc], gwp_all[is_loc]
    gas, group = lk["gas"].to_numpy(dtype=object)[is_loc], lk["group"].to_numpy(dtype=object)[is_loc]
    co2e = coef * gwp

    def add(target: str, mask: np.ndarray, values: np.ndarray) -> None:
        np.add.at(m[:, col[target]], key[mask], values[mask])

    add("co2_t", gas == "CO2", coef)
    add("ch4_t", gas == "CH4", coef)
    add("ch4_co2e_t", gas == "CH4", co2e)
    add("n2o_t", gas == "N2O", coef)
    add("sf6_t", gas == "SF6", coef)
    add("nf3_t", gas == "NF3", coef)
    add("hfcs_co2e_t", group == "HFC", co2e)
    add("pfcs_co2e_t", group == "PFC", co2e)
    add("co2e_t", np.array([g in KYOTO_GROUPS for g in group], dtype=bool), co2e)
    add("biogenic_co2_t", group == "biogenic", coef)
    add("memo_co2e_t", group == "ODS", co2e)
    add("removals_co2e_t", group == "removal", co2e)
    is_mkt = basis == "market"
    np.add.at(m[:, col["scope2_market_co2e_t"]], keys[is_mkt], coef_all[is_mkt] * gwp_all[is_mkt])
    return m


def _key_meta(results: Coefficients, lk: pd.DataFrame, n_keys: int) -> dict[str, list[str]]:
    """Per key, the text of each of META_COLUMNS ('' where a key has none)."""
    order = {t: i for i, t in enumerate(DEFAULT_PRIORITY)}
    ids: dict[int, list[str]] = {}
    tiers: dict[int, list[str]] = {}
    for k, basis, fid, tier in zip(lk["key"].tolist(), lk["basis"].tolist(), lk["factor_id"].tolist(),
                                   lk["tier"].tolist(), strict=True):
        if basis == "location":
            ids.setdefault(k, []).append(fid)
            tiers.setdefault(k, []).append(tier)
    out: dict[str, list[str]] = {}
    for col in META_COLUMNS:
        cells = []
        for k in range(n_keys):
            v = results.meta.get(k, {}).get(col)
            cells.append("" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v))
        out[col] = cells
    reasons: dict[str, str] = {}
    for k in range(n_keys):
        if k in ids:
            out["factor_ids"][k] = ";".join(dict.fromkeys(";".join(ids[k]).split(";")))
            tier = "+".join(sorted(set(tiers[k]), key=lambda t: order.get(t, 9)))
        else:
            out["factor_ids"][k] = tier = ""
        out["tier"][k] = tier
        if tier not in reasons:
            reasons[tier] = "; ".join(TIER_REASONS[x] for x in tier.split("+") if x in TIER_REASONS)
        out["tier_reason"][k] = reasons[tier]
    return out


def _long(out: pd.DataFrame, codes: np.ndarray, lk: pd.DataFrame, quantity: np.ndarray,
          attrs: dict[str, Any]) -> pd.DataFrame:
    rows = pd.DataFrame({"pos": np.arange(len(codes)), "key": codes.astype(np.int64)})
    merged = rows.merge(lk, on="key", how="inner").sort_values(["pos", "basis", "gas"], kind="stable")
    pos = merged["pos"].to_numpy()
    mass = merged["coef"].to_numpy() * quantity[pos]
    long = pd.DataFrame({
        "row": out.index.to_numpy()[pos],
        "activity": out["activity"].to_numpy()[pos],
        "gas": merged["gas"].to_numpy(),
        "basis": merged["basis"].to_numpy(),
        "mass_t": mass,
        "gwp": merged["gwp"].to_numpy(),
        "co2e_t": mass * merged["gwp"].to_numpy(),
        "in_total": merged["group"].isin(KYOTO_GROUPS).to_numpy() & (merged["basis"] == "location").to_numpy(),
        "factor_id": merged["factor_id"].to_numpy(),
        "tier": merged["tier"].to_numpy(),
    })
    long.attrs = attrs
    return long.reset_index(drop=True)
