r"""Monte Carlo uncertainty of an inventory (IPCC 2006 Vol. 1 Ch. 3, Approach 2).

Every uncertain input is drawn once per iteration as a *multiplier* of its
default value (mean or median 1):

* a **factor** with 95 % limits in the dataset (NCV, CO2 factor, a parameter …;
  a national factor equal to an IPCC default borrows that default's limits, as
  in Approach 1). One array of draws per distinct factor, shared by every row
  that uses it, so the same grid factor or fuel factor moves all its rows
  together (full correlation). The distribution follows the printed interval:

  - value strictly inside ``[lower, upper]`` and the interval closer to
    symmetric about the value on a linear scale than on a log scale: **normal**,
    mean 1, standard deviation ``(upper - lower) / value / (2 × 1.96)``;
  - closer to symmetric on a log scale (skewed, such as the "× ÷ 3" ranges of
    CH4 and N2O factors): **lognormal**, median 1,
    :math:`\sigma = \ln(upper/lower) / (2 × 1.96)`;
  - lower limit 0: **triangular** on the range with its mode at the value;
  - value at an end of its range (a range without a preferred value, e.g. a
    leak rate taken at the top of its range): **triangular** on the range with
    its mode at the midpoint.

  Normal draws are cut at 0 (a factor is never negative).
* a row's own factor uncertainty ``ef_uncertainty_pct`` (95 % half-width):
  normal, replacing the limits of the row's factors, one draw per distinct
  (factors, percentage), e.g. one grid factor for twelve monthly rows;
* **activity data**: ``ad_uncertainty_pct`` of the row, or, without it, the
  default of the row's ``metering`` tier (``emission_factors/uncertainty/``);
  normal, independent between rows. Rows of the same year, category and factors
  are pooled first (the sum of independent normal errors is normal with the
  variances added, so the pooled draw is exact).

A factor with a gas (CO2, CH4, N2O …) scales that gas of the row; a factor
without one (NCV, density, a parameter) scales every gas of the row. GWPs are
taken as exact. Factors without limits are taken as exact and the CO2e they
carry is reported as not quantified (``quantified_share``), as in Approach 1.

The contribution of an input to the variance of a year's total is the square of
the correlation between its draws and the total (for independent inputs and a
near-linear model the squares add up to about 1).
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

import numpy as np
import pandas as pd

from .data import dataset_dir, load_gwp
from .errors import GhgcalcError
from .factors import Registry, shipped_registry
from .uncertainty import twin_key

#: Quantile of the standard normal distribution at 97.5 %: a 95 % half-width is 1.96 standard deviations.
Z95 = 1.959963984540054
#: The CO2e parts of a row that a factor with this gas scales (``other``: CO2e factors given directly).
COMPONENTS = ("CO2", "CH4", "N2O", "HFCs", "PFCs", "SF6", "NF3", "other")
#: Percentiles reported (the 95 % interval of IPCC 2006 Vol. 1 Ch. 3 Approach 2).
PERCENTILES = (2.5, 97.5)

Distribution = Literal["normal", "lognormal", "triangular"]


@dataclass(frozen=True)
class Spec:
    """Distribution of a multiplier of a default value (mean or median 1)."""

    distribution: Distribution
    a: float  # normal: sd; lognormal: sigma; triangular: left
    b: float = 0.0  # triangular: mode
    c: float = 0.0  # triangular: right


def spec_from_bounds(value: float, lower: float, upper: float) -> Spec | None:
    """The distribution the 95 % interval ``[lower, upper]`` around ``value`` calls for (see module doc)."""
    if not (math.isfinite(value) and math.isfinite(lower) and math.isfinite(upper)) or value == 0:
        return None
    lo, hi = lower / value, upper / value
    if value < 0:
        lo, hi = hi, lo
    if hi <= lo:
        return None
    if lo >= 1 or hi <= 1:  # a range without a preferred value inside it
        return Spec("triangular", lo, (lo + hi) / 2, hi)
    if lo <= 0:
        return Spec("triangular", lo, 1.0, hi)
    linear = abs((hi - 1) - (1 - lo)) / (hi - lo)
    log = abs(math.log(hi) + math.log(lo)) / math.log(hi / lo)
    if log < linear:
        return Spec("lognormal", math.log(hi / lo) / (2 * Z95))
    return Spec("normal", (hi - lo) / (2 * Z95))


def factor_specs(registry: Registry) -> dict[str, Spec | None]:
    """Distribution of every factor with 95 % limits; national rows equal to an IPCC default borrow its limits.

    Densities map to ``None`` (taken as exact, yet counted as quantified, as in Approach 1).
    """
    t = registry.table
    bounded = t[t["lower"].notna() & t["upper"].notna()]
    out: dict[str, Spec | None] = {}
    for fid, v, lo, hi in zip(bounded["factor_id"], bounded["value"], bounded["lower"], bounded["upper"],
                              strict=True):
        s = spec_from_bounds(float(v), float(lo), float(hi))
        if s is not None:
            out.setdefault(str(fid), s)
    ipcc = bounded[bounded["tier"] == "ipcc_default"]
    twins = {twin_key(r): str(fid) for r, fid in zip(ipcc.itertuples(index=False), ipcc["factor_id"], strict=True)}
    nat = t[(t["tier"] == "national") & t["lower"].isna()]
    for r, fid in zip(nat.itertuples(index=False), nat["factor_id"], strict=True):
        twin = twins.get(twin_key(r))
        if twin is not None and twin in out:
            out.setdefault(str(fid), out[twin])
    for fid in t.loc[t["kind"].isin(["density", "specific_volume"]), "factor_id"]:
        out.setdefault(str(fid), None)
    return out


@lru_cache(maxsize=1)
def metering_defaults() -> dict[str, float]:
    """Default activity-data uncertainty [% at 95 %] by metering tier, from the dataset."""
    path = dataset_dir() / "uncertainty" / "activity_data_by_metering.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return {r["metering"].strip(): float(r["u95_pct"]) for r in csv.DictReader(fh)}


@dataclass
class MonteCarlo:
    """Result of :func:`simulate`: id-keyed frames, and the draws of each year's total."""

    #: year, category (ISO 14064-1; "total" for the year's total), co2e_t (the inventory's value), mean_co2e_t,
    #: p2_5_co2e_t, p97_5_co2e_t, u_lower_pct, u_upper_pct (% of the mean), quantified_share
    summary: pd.DataFrame
    #: year, parameter (factor id, ``ef_uncertainty:…`` or ``activity_data:…``), kind, distribution,
    #: co2e_t (CO2e the input scales), variance_share
    contributors: pd.DataFrame
    #: draws of each year's total [t CO2e]
    totals: dict[int, np.ndarray] = field(repr=False)
    draws: int = 0
    seed: int | None = None

    def histogram(self, bins: int = 30) -> pd.DataFrame:
        """year, bin_lower, bin_upper [t CO2e], count: the distribution of each year's total."""
        rows = []
        for year, x in self.totals.items():
            counts, edges = np.histogram(x, bins=bins)
            rows.append(pd.DataFrame({"year": year, "bin_lower": edges[:-1], "bin_upper": edges[1:],
                                      "count": counts}))
        return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(
            columns=["year", "bin_lower", "bin_upper", "count"])


def simulate(results: pd.DataFrame, registry: Registry | None = None, *, draws: int = 10_000,
             seed: int | None = None, activities: pd.DataFrame | None = None) -> MonteCarlo:
    """Approach 2 on a :func:`ghgcalc.calculate` result: mean and 95 % interval per year and category.

    Parameters
    ----------
    results : DataFrame
        ``calculate()`` output (``co2_t … co2e_t``, ``iso_category``, ``factor_ids``,
        ``year``), optionally with ``ad_uncertainty_pct``, ``ef_uncertainty_pct``
        [% at 95 %] and ``metering`` (``tier_1`` … ``tier_4``) per row.
    registry : Registry, optional
        The factors the results were computed with (their limits); default the shipped dataset.
    draws : int
        Iterations (IPCC suggests enough for stable percentiles; 10,000 by default).
    seed : int, optional
        Same seed, same numbers.
    activities : DataFrame, optional
        The ``calculate()`` input, for its ``ad_uncertainty_pct``,
        ``ef_uncertainty_pct`` and ``metering`` columns (same index as ``results``).

    Examples
    --------
    >>> import pandas as pd, ghgcalc
    >>> from ghgcalc.montecarlo import simulate
    >>> acts = pd.DataFrame({"activity": ["grid_electricity"], "quantity": [1000.0], "unit": ["MWh"],
    ...                      "year": [2023], "ef_uncertainty_pct": [10.0]})
    >>> mc = simulate(ghgcalc.calculate(acts), activities=acts, seed=1)
    >>> row = mc.summary.iloc[-1]  # 2023 total: 1000 MWh x 0.6592 t/MWh = 659.2 t ± 10 %: 593.28 to 725.12
    >>> bool(abs(row["p2_5_co2e_t"] / 593.28 - 1) < 0.02 and abs(row["p97_5_co2e_t"] / 725.12 - 1) < 0.02)
    True
    """
    if draws < 2:
        raise GhgcalcError(f"draws={draws}: a Monte Carlo analysis needs at least 2 draws",
                           hint="use draws=10_000")
    registry = registry if registry is not None else shipped_registry()
    res = results
    if activities is not None:
        extra = [c for c in ("ad_uncertainty_pct", "ef_uncertainty_pct", "metering")
                 if c in activities and c not in res]
        res = res.assign(**{c: activities[c].to_numpy() for c in extra})
    gwp_set = str(res.attrs.get("gwp_set") or "AR5")
    gwp = load_gwp()
    gwp = gwp[gwp["gwp_set"] == gwp_set].set_index("gas")["value"]
    n = len(res)
    parts = np.zeros((n, len(COMPONENTS)))
    parts[:, 0] = res["co2_t"].to_numpy(dtype=float)
    parts[:, 1] = (res["ch4_co2e_t"].to_numpy(dtype=float) if "ch4_co2e_t" in res  # AR6: fossil/non-fossil CH4
                   else res["ch4_t"].to_numpy(dtype=float) * float(gwp["CH4"]))
    parts[:, 2] = res["n2o_t"].to_numpy(dtype=float) * float(gwp["N2O"])
    parts[:, 3] = res["hfcs_co2e_t"].to_numpy(dtype=float)
    parts[:, 4] = res["pfcs_co2e_t"].to_numpy(dtype=float)
    parts[:, 5] = res["sf6_t"].to_numpy(dtype=float) * float(gwp["SF6"])
    parts[:, 6] = res["nf3_t"].to_numpy(dtype=float) * float(gwp["NF3"])
    co2e = res["co2e_t"].to_numpy(dtype=float)
    other = co2e - parts[:, :7].sum(axis=1)
    parts[:, 7] = np.where(np.abs(other) > 1e-9 * np.maximum(np.abs(co2e), 1.0), other, 0.0)
    parts = np.nan_to_num(parts)

    years = (res["year"].astype("Int64").fillna(-1).to_numpy(dtype=np.int64) if "year" in res
             else np.full(n, -1, dtype=np.int64))
    cats = res["iso_category"].astype(str).to_numpy()
    fids = res["factor_ids"].astype(str).to_numpy()
    ef_u = _pct(res, "ef_uncertainty_pct")
    ad_u = _pct(res, "ad_uncertainty_pct")
    if "metering" in res:
        table = metering_defaults()
        meter = res["metering"].astype("string").fillna("").str.strip().str.lower()
        unknown = sorted(set(meter[(meter != "") & ~meter.isin(list(table))]))
        if unknown:
            raise GhgcalcError(f"unknown metering tier {', '.join(unknown)}",
                               hint=f"use one of {', '.join(table)} or give ad_uncertainty_pct")
        default = meter.map(table).to_numpy(dtype=float, na_value=np.nan)
        ad_u = np.where(np.isfinite(ad_u), ad_u, default)

    keep = co2e != 0
    # units: rows of one year, category, set of factors and factor uncertainty, pooled
    frame = pd.DataFrame({"year": years[keep], "cat": cats[keep], "fids": fids[keep],
                          "ef_u": np.nan_to_num(ef_u[keep], nan=-1.0)})
    codes, uniq = pd.factorize(pd.MultiIndex.from_frame(frame), sort=True)
    n_units = len(uniq)
    unit_parts = np.zeros((n_units, len(COMPONENTS)))
    np.add.at(unit_parts, codes, parts[keep])
    row_total = co2e[keep]
    ad_var = np.zeros(n_units)
    ad_sd = np.where(np.isfinite(ad_u[keep]), ad_u[keep] / 100 / Z95, 0.0)
    np.add.at(ad_var, codes, (row_total * ad_sd) ** 2)
    unit_total = unit_parts.sum(axis=1)
    unit_ad_sd = np.divide(np.sqrt(ad_var), np.abs(unit_total), out=np.zeros(n_units), where=unit_total != 0)
    unit_year = np.asarray(uniq.get_level_values(0), dtype=np.int64)
    unit_cat = np.asarray(uniq.get_level_values(1), dtype=object)
    unit_fids = np.asarray(uniq.get_level_values(2), dtype=object)
    unit_ef = np.asarray(uniq.get_level_values(3), dtype=float)

    # parameters and, per unit, which CO2e parts each one scales
    specs = factor_specs(registry)
    gas_of = dict(zip(registry.table["factor_id"].astype(str), registry.table["gas"].astype(str), strict=False))
    params: dict[str, tuple[str, Spec]] = {}  # id -> (kind, spec)
    combos: dict[tuple[str, ...], int] = {}
    slots: list[list[tuple[int, float]]] = []  # per unit: (combination of parameters, CO2e it scales)
    quantified = np.zeros(n_units)
    for u in range(n_units):
        ids = [i for i in str(unit_fids[u]).split(";") if i and i != "nan"]
        per_comp: dict[int, list[str]] = {c: [] for c in range(len(COMPONENTS)) if unit_parts[u, c] != 0}
        if unit_ef[u] >= 0:
            pid = f"ef_uncertainty:{unit_fids[u]}:{unit_ef[u]:g}"
            params[pid] = ("user_factor", Spec("normal", unit_ef[u] / 100 / Z95))
            for c in per_comp:
                per_comp[c].append(pid)
            quantified[u] = unit_total[u]
        else:
            exact = {c: True for c in per_comp}
            for fid in ids:
                gas = gas_of.get(fid, "")
                targets = [COMPONENTS.index(gas)] if gas in COMPONENTS[:7] else list(per_comp)
                targets = [c for c in targets if c in per_comp]
                if fid not in specs:
                    for c in targets:
                        exact[c] = False
                    continue
                spec = specs[fid]
                if spec is None:  # a density: exact
                    continue
                params[fid] = ("factor", spec)
                for c in targets:
                    per_comp[c].append(fid)
            quantified[u] = sum(unit_parts[u, c] for c, ok in exact.items() if ok and ids)
        by_combo: dict[int, float] = {}
        for c, plist in per_comp.items():
            key = tuple(sorted(plist))
            k = combos.setdefault(key, len(combos))
            by_combo[k] = by_combo.get(k, 0.0) + unit_parts[u, c]
        slots.append(list(by_combo.items()))

    rng = np.random.default_rng(seed)
    pids = sorted(params)
    pdraw = np.empty((len(pids), draws))
    for i, pid in enumerate(pids):
        pdraw[i] = _draw(params[pid][1], rng, draws)
    ad_units = np.flatnonzero(unit_ad_sd > 0)
    ad_draw = 1.0 + unit_ad_sd[ad_units, None] * rng.standard_normal((len(ad_units), draws))
    pindex = {p: i for i, p in enumerate(pids)}

    combo_draw = np.ones((len(combos), draws))
    for key, k in combos.items():
        for p in key:
            combo_draw[k] *= pdraw[pindex[p]]

    width = max((len(s) for s in slots), default=0)
    values = np.zeros((n_units, draws))
    for j in range(width):
        has = np.array([len(s) > j for s in slots], dtype=bool)
        idx = np.flatnonzero(has)
        which = np.array([slots[u][j][0] for u in idx], dtype=np.int64)
        x = np.array([slots[u][j][1] for u in idx])
        values[idx] += x[:, None] * combo_draw[which]
    values[ad_units] *= ad_draw

    summary, totals = _summarise(values, unit_year, unit_cat, unit_total, quantified, draws)
    contributors = _contributors(totals, pids, params, pdraw, slots, combos, unit_year, unit_total,
                                 ad_units, ad_draw, unit_cat, unit_fids, draws)
    return MonteCarlo(summary=summary, contributors=contributors, totals=totals, draws=draws, seed=seed)


def _pct(res: pd.DataFrame, col: str) -> np.ndarray:
    if col not in res:
        return np.full(len(res), np.nan)
    out: np.ndarray = pd.to_numeric(res[col], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return out


def _draw(spec: Spec, rng: np.random.Generator, draws: int) -> np.ndarray:
    if spec.distribution == "normal":
        return np.maximum(1.0 + spec.a * rng.standard_normal(draws), 0.0)
    if spec.distribution == "lognormal":
        return np.exp(spec.a * rng.standard_normal(draws))
    out: np.ndarray = rng.triangular(spec.a, spec.b, spec.c, draws)
    return out


def _summarise(values: np.ndarray, unit_year: np.ndarray, unit_cat: np.ndarray, unit_total: np.ndarray,
               quantified: np.ndarray, draws: int) -> tuple[pd.DataFrame, dict[int, np.ndarray]]:
    rows = []
    totals: dict[int, np.ndarray] = {}
    for year in sorted(set(unit_year.tolist())):
        in_year = unit_year == year
        groups = [(str(c), in_year & (unit_cat == c)) for c in sorted(set(unit_cat[in_year].tolist()))]
        for cat, mask in [*groups, ("total", in_year)]:
            x = values[mask].sum(axis=0)
            if cat == "total":
                totals[int(year)] = x
            det = float(unit_total[mask].sum())
            mean = float(x.mean())
            lo, hi = np.percentile(x, PERCENTILES)
            rows.append({"year": int(year), "category": cat, "co2e_t": det, "mean_co2e_t": mean,
                         "p2_5_co2e_t": float(lo), "p97_5_co2e_t": float(hi),
                         "u_lower_pct": max(mean - float(lo), 0.0) / mean * 100 if mean else float("nan"),
                         "u_upper_pct": max(float(hi) - mean, 0.0) / mean * 100 if mean else float("nan"),
                         "quantified_share": float(quantified[mask].sum()) / det if det else float("nan")})
    out = pd.DataFrame(rows, columns=["year", "category", "co2e_t", "mean_co2e_t", "p2_5_co2e_t",
                                      "p97_5_co2e_t", "u_lower_pct", "u_upper_pct", "quantified_share"])
    out["year"] = out["year"].astype("Int64").replace(-1, pd.NA)
    return out, totals


def _contributors(totals: dict[int, np.ndarray], pids: list[str], params: dict[str, tuple[str, Spec]],
                  pdraw: np.ndarray, slots: list[list[tuple[int, float]]], combos: dict[tuple[str, ...], int],
                  unit_year: np.ndarray, unit_total: np.ndarray, ad_units: np.ndarray, ad_draw: np.ndarray,
                  unit_cat: np.ndarray, unit_fids: np.ndarray, draws: int) -> pd.DataFrame:
    members = {k: set(key) for key, k in combos.items()}
    rows = []
    for year, total in totals.items():
        t = total - total.mean()
        t_norm = float(np.sqrt((t * t).sum()))
        exposure: dict[str, float] = {}
        for u in np.flatnonzero(unit_year == year):
            for k, x in slots[u]:
                for p in members[k]:
                    exposure[p] = exposure.get(p, 0.0) + x
        names = [p for p in pids if p in exposure]
        inputs = [pdraw[pids.index(p)] for p in names]
        meta = [(p, params[p][0], params[p][1].distribution, exposure[p]) for p in names]
        for i, v in enumerate(ad_units.tolist()):
            if unit_year[v] == year:
                inputs.append(ad_draw[i])
                meta.append((f"activity_data:{unit_cat[v]}:{unit_fids[v]}", "activity_data", "normal",
                             float(unit_total[v])))
        if not inputs or t_norm == 0:
            continue
        m = np.asarray(inputs)
        m = m - m.mean(axis=1, keepdims=True)
        norms = np.sqrt((m * m).sum(axis=1))
        corr = np.divide(m @ t, norms * t_norm, out=np.zeros(len(m)), where=norms > 0)
        for (p, kind, dist, x), r in zip(meta, corr, strict=True):
            rows.append({"year": int(year), "parameter": p, "kind": kind, "distribution": dist, "co2e_t": x,
                         "variance_share": float(r * r)})
    out = pd.DataFrame(rows, columns=["year", "parameter", "kind", "distribution", "co2e_t", "variance_share"])
    out = out.sort_values(["year", "variance_share"], ascending=[True, False], kind="stable")
    out["year"] = out["year"].astype("Int64").replace(-1, pd.NA)
    return out.reset_index(drop=True)
