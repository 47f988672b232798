r"""Uncertainty of emissions from the 95 % limits of the factors (IPCC 2006 Vol. 1 Ch. 3, Approach 1).

For one gas of one source, :math:`E = AD \times NCV \times EF`, the relative 95 %
half-widths combine as (Eq. 3.1)

.. math::

    U_E = \sqrt{U_{NCV}^2 + U_{EF}^2}

with :math:`U = (upper - lower) / (2 \times value)` of each factor whose limits
the cited table gives. Gases of a source, and sources of an inventory, combine
as (Eq. 3.2) :math:`U = \sqrt{\sum (U_i x_i)^2} / |\sum x_i|`. Rows sharing the
same factors are summed first (they are fully correlated). Activity-data
uncertainty enters when the user gives it (``ad_uncertainty_pct``, and
``ef_uncertainty_pct`` for factors without published limits, such as the grid
factor); fuel densities and the gross-to-net calorific ratio are taken as exact; a national
factor equal to the IPCC default takes that default's limits. What is not
quantified is reported as a coverage share.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from .factors import Registry
from .methods.energy_basis import RATIO as GCV_TO_NCV


def factor_half_widths(registry: Registry) -> dict[str, float]:
    """Relative 95 % half-width of every factor with limits (national rows borrow equal IPCC limits)."""
    return dict(_widths(registry))


#: a row's half-width not yet computed (None: not quantified)
_UNSEEN = object()


def _widths(registry: Registry) -> dict[str, float]:
    """:func:`factor_half_widths`, the registry's own dictionary (read, never handed out)."""
    if ("half_widths",) not in registry.memo:  # computed once per registry, not on every call
        registry.memo[("half_widths",)] = _half_widths(registry)
    widths: dict[str, float] = registry.memo[("half_widths",)]
    return widths


def _half_widths(registry: Registry) -> dict[str, float]:
    t = registry.table
    with_bounds = t[t["lower"].notna() & t["upper"].notna() & (t["value"] != 0)]
    u = ((with_bounds["upper"] - with_bounds["lower"]) / (2 * with_bounds["value"].abs())).astype(float)
    out = dict(zip(with_bounds["factor_id"], u, strict=True))
    ipcc = with_bounds[with_bounds["tier"] == "ipcc_default"]
    by_value = {twin_key(r): fid for r, fid in zip(ipcc.itertuples(index=False), ipcc["factor_id"], strict=True)}
    nat = t[(t["tier"] == "national") & t["lower"].isna()]
    for r, fid in zip(nat.itertuples(index=False), nat["factor_id"], strict=True):
        twin = by_value.get(twin_key(r))
        if twin is not None:
            out[fid] = out[twin]
    # densities convert a volume the user measured into a mass, and the gross-to-net ratio a stated gross
    # energy into the net one the factors need: both taken as exact here (the IPCC gives the ratio as "about"
    # 5 or 10 percent, without a range), so a converted row keeps the limits of its per-TJ factors
    exact = t["kind"].isin(["density", "specific_volume"]) | (t["technology"] == GCV_TO_NCV)
    for fid in t.loc[exact, "factor_id"]:
        out.setdefault(fid, 0.0)
    return out


def twin_key(row: Any) -> tuple[str, str, str, str, float]:
    """What a national factor must share with an IPCC default to borrow its limits.

    Activity, gas, kind, unit and value: a national methane correction factor of
    0.8 is not the twin of a default COD of 0.8 kg/m3 of the same activity.
    """
    return (str(row.activity), str(row.gas), str(row.kind), str(row.unit), float(row.value))


def key_uncertainty(long_keys: pd.DataFrame, registry: Registry, n_keys: int) -> tuple[np.ndarray, np.ndarray]:
    """Per key: relative 95 % half-width of its CO2e, and the share of CO2e that is quantified."""
    widths = _widths(registry)
    row_width: dict[Any, Any] = {}
    # numpy arrays, not pandas filters: a call with few keys should not pay pandas' per-operation overhead
    loc = (long_keys["basis"].to_numpy(dtype=object) == "location") & long_keys["in_total"].to_numpy(dtype=bool)
    u = np.full(n_keys, np.nan)
    coverage = np.zeros(n_keys)
    keys = long_keys["key"].to_numpy(dtype=np.int64)[loc]
    order = np.argsort(keys, kind="stable")  # each key's rows together, in their order
    x_all = (long_keys["coef"].to_numpy(dtype=float)[loc] * long_keys["gwp"].to_numpy(dtype=float)[loc])[order]
    id_all = long_keys["factor_id"].to_numpy()[loc][order]
    keys = keys[order]
    if not len(keys):  # nothing counted in a total (e.g. only biogenic CO2): nothing to quantify
        return u, coverage
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    for a, b in zip(starts, [*starts[1:], len(keys)], strict=True):
        key = keys[a]
        x = x_all[a:b]
        total = x.sum()
        if total <= 0:
            continue
        parts = []
        quantified = 0.0
        for xi, ids in zip(x, id_all[a:b], strict=True):
            w = row_width.get(ids, _UNSEEN)
            if w is _UNSEEN:  # once per distinct list of factor ids (keys repeat them)
                ws = [widths.get(i) for i in str(ids).split(";")]
                w = row_width[ids] = (None if any(v is None for v in ws) or not ws
                                      else math.sqrt(sum(v * v for v in ws if v is not None)))
            if w is None:
                continue
            parts.append((w * xi) ** 2)
            quantified += xi
        k = int(str(key))
        coverage[k] = quantified / total
        if quantified > 0:
            u[k] = math.sqrt(sum(parts)) / quantified
    return u, coverage


def with_user_uncertainty(u: np.ndarray, coverage: np.ndarray, keys: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Add what the user knows: activity-data and factor uncertainty [% at 95 %] per key.

    ``ef_uncertainty_pct`` replaces the factors' part (and makes the row fully
    covered); ``ad_uncertainty_pct`` adds in quadrature (Eq. 3.1).
    """
    u_f = u.copy()
    cov = coverage.copy()
    if "ef_uncertainty_pct" in keys:
        ef = pd.to_numeric(keys["ef_uncertainty_pct"], errors="coerce").to_numpy(dtype=float) / 100
        given = np.isfinite(ef)
        u_f[given] = ef[given]
        cov[given] = 1.0
    if "ad_uncertainty_pct" in keys:
        ad = pd.to_numeric(keys["ad_uncertainty_pct"], errors="coerce").to_numpy(dtype=float) / 100
        given = np.isfinite(ad) & np.isfinite(u_f)
        u_f[given] = np.sqrt(u_f[given] ** 2 + ad[given] ** 2)
    return u_f, cov


def combine(co2e: pd.Series, u: pd.Series) -> float:
    """Approach 1 combination (Eq. 3.2) of independent sources; NaN rows are left out."""
    ok = u.notna() & (co2e > 0)
    total = float(co2e[ok].sum())
    if total <= 0:
        return float("nan")
    return math.sqrt(float(((u[ok] * co2e[ok]) ** 2).sum())) / total
