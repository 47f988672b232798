"""``Inventory``: the report tables, built from ``calculate()`` results (DataFrames only).

ISO 14064-1:2018 categories 1-6 × gases (t CO2e), a GHG Protocol scope view with
scope 2 location- and market-based side by side (never summed), per-source
detail with the factors used, totals by gas, top sources, intensity, per year,
and provenance. Writers in :mod:`ghgcalc.io.report` only format these tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .applicability import Applicability
from .data import load_gwp
from .errors import FactorNotFoundError, GhgcalcError
from .factors import Registry, shipped_registry
from .i18n import GAS_COLUMNS, ISO_ROWS, ISO_SUBCATEGORIES, L
from .lists import QuotaBalance, quota_balance
from .montecarlo import MonteCarlo, simulate
from .uncertainty import combine


@dataclass
class Inventory:
    """A facility's computed inventory and the tables of its report."""

    facility: dict[str, Any]
    results: pd.DataFrame
    applicability: Applicability | None = None
    provenance_info: dict[str, Any] = field(default_factory=dict)
    lang: str = "en"
    #: Factor rows loaded beside the shipped dataset (factor sheet, --factors files), for the detail table.
    user_factors: pd.DataFrame | None = None

    @classmethod
    def from_file(cls, path: str | Path, **options: Any) -> Inventory:
        """Read a workbook, JSON or CSV input and compute it (see :func:`ghgcalc.report.build_inventory`)."""
        from .report import build_inventory

        return build_inventory(path, **options)

    @cached_property
    def _registry(self) -> Registry:
        """The factors the results were computed with, to describe them (built once per inventory)."""
        return shipped_registry() if self.user_factors is None else Registry(self.user_factors)

    @property
    def gwp_set(self) -> str:
        return str(self.results.attrs.get("gwp_set", ""))

    def _gas_co2e(self, res: pd.DataFrame) -> pd.DataFrame:
        g = load_gwp()
        g = g[g["gwp_set"] == self.gwp_set].set_index("gas")["value"]
        return pd.DataFrame({
            # CH4 as computed: under AR6 fossil and non-fossil CH4 carry different GWPs (Table 7.15)
            "CO2": res["co2_t"], "CH4": res["ch4_co2e_t"] if "ch4_co2e_t" in res else res["ch4_t"] * g["CH4"],
            "N2O": res["n2o_t"] * g["N2O"],
            "HFCs": res["hfcs_co2e_t"], "PFCs": res["pfcs_co2e_t"], "SF6": res["sf6_t"] * g["SF6"],
            "NF3": res["nf3_t"] * g["NF3"],
        })

    def years(self) -> list[int]:
        if "year" not in self.results:
            return []
        return sorted(int(y) for y in self.results["year"].dropna().unique())

    def _subset(self, year: int | None) -> pd.DataFrame:
        if year is None or "year" not in self.results:
            return self.results
        return self.results[self.results["year"] == year]

    def iso_table(self, year: int | None = None) -> pd.DataFrame:
        """ISO 14064-1:2018 categories (rows) × gases [t CO2e], with biogenic CO2 and memo apart."""
        lab = L[self.lang]
        res = self._subset(year)
        gas = self._gas_co2e(res)
        cat = res["iso_category"].astype(str)
        major = cat.str.split(".").str[0]
        rows = []
        present = set(cat)
        spec: list[tuple[str, str, str]] = []
        split: set[str] = set()  # categories 3-6 shown by subcategory (rows stay disjoint, so they sum)
        for code, en, vi in ISO_ROWS:
            subs = sorted(c for c in present if "." not in code and c.startswith(code + "."))
            if subs:
                split.add(code)
                spec += [(c, *ISO_SUBCATEGORIES.get(c, (f"{en} ({c})", f"{vi} ({c})"))) for c in subs]
                if code in present:
                    spec.append((code, en, vi))
            else:
                spec.append((code, en, vi))
        for code, en, vi in spec:
            mask = (cat == code) if ("." in code or code in split) else (major == code)
            block = gas[mask.to_numpy()]
            row: dict[str, Any] = {lab["category"]: code, lab["name"]: vi if self.lang == "vi" else en}
            row.update(block.sum().to_dict())
            row[lab["total_co2e"]] = float(res.loc[mask, "co2e_t"].sum())
            row[lab["biogenic"]] = float(res.loc[mask, "biogenic_co2_t"].sum())
            row[lab["removals"]] = float(res.loc[mask, "removals_co2e_t"].sum())
            row[lab["memo"]] = float(res.loc[mask, "memo_co2e_t"].sum())
            rows.append(row)
        table = pd.DataFrame(rows)
        num = [c for c in table.columns if c not in (lab["category"], lab["name"])]
        direct = table[table[lab["category"]].str.startswith("1")][num].sum()
        indirect = table[~table[lab["category"]].str.startswith("1")][num].sum()
        extra = pd.DataFrame([
            {lab["category"]: "1", lab["name"]: lab["direct"], **direct.to_dict()},
            {lab["category"]: "2-6", lab["name"]: lab["indirect"], **indirect.to_dict()},
            {lab["category"]: "", lab["name"]: lab["total"], **(direct + indirect).to_dict()},
        ])
        return pd.concat([table, extra], ignore_index=True)

    def indirect_coverage(self, year: int | None = None) -> pd.DataFrame:
        """Each indirect subcategory (ISO 14064-1:2018 categories 3-6): quantified, or excluded and why.

        ISO 14064-1:2018 asks the organization to say which significant
        indirect emissions it quantified and to justify each exclusion (its
        report lists excluded sources); the reasons come from the facility field
        ``indirect_exclusions`` written as ``3.3: reason; 4.1: reason``.
        """
        lab = L[self.lang]
        res = self._subset(year)
        cat = res["iso_category"].astype(str)
        total = float(res["co2e_t"].sum())
        reasons = parse_exclusions(str(self.facility.get("indirect_exclusions") or ""))
        codes = [*ISO_SUBCATEGORIES, "6"]
        names = {**ISO_SUBCATEGORIES, **{c: (en, vi) for c, en, vi in ISO_ROWS}}
        rows = []
        for code in codes:
            mask = (cat == code) | (cat.str.startswith(code + ".")) if code == "6" else cat == code
            present = bool(mask.any())
            co2e = float(res.loc[mask.to_numpy(), "co2e_t"].sum())
            en, vi = names[code]
            rows.append({lab["category"]: code, lab["name"]: vi if self.lang == "vi" else en,
                         lab["status"]: lab["quantified"] if present else lab["not_quantified"],
                         lab["co2e"]: co2e if present else float("nan"),
                         lab["share"]: co2e / total if present and total else float("nan"),
                         lab["reason"]: "" if present else reasons.get(code, reasons.get(code.split(".")[0],
                                                                                          lab["no_reason"]))})
        return pd.DataFrame(rows)

    def scope_table(self, year: int | None = None) -> pd.DataFrame:
        """GHG Protocol scopes [t CO2e]; scope 2 location- and market-based side by side, never summed."""
        lab = L[self.lang]
        res = self._subset(year)
        scope = res["ghgp_scope"].astype(str)
        rows = [{lab["scope"]: lab["scope1"], lab["co2e"]: float(res.loc[scope == "1", "co2e_t"].sum())},
                {lab["scope"]: lab["scope2_loc"], lab["co2e"]: float(res.loc[scope == "2", "co2e_t"].sum())},
                {lab["scope"]: lab["scope2_mkt"],
                 lab["co2e"]: float(res.loc[scope == "2", "scope2_market_co2e_t"].fillna(0).sum())}]
        s3 = res[scope.str.startswith("3")]
        for sc, grp in s3.groupby(s3["ghgp_scope"].astype(str), sort=True):
            number = str(sc).split(".", 1)[1] if "." in str(sc) else ""
            label = f"{lab['scope3']}, {lab['category_word']} {number}" if number else lab["scope3"]
            rows.append({lab["scope"]: label, lab["co2e"]: float(grp["co2e_t"].sum())})
        return pd.DataFrame(rows)

    def detail(self) -> pd.DataFrame:
        """Every input row: activity data, the factors used (value, unit, source, table), per-gas result."""
        res = self.results
        cols = [c for c in ("_sheet", "_row", "description") if c in res.columns]
        base = res[cols + [c for c in ("activity", "quantity", "unit", "year") if c in res.columns]].copy()
        for c in ("co2_t", "ch4_t", "n2o_t", "hfcs_co2e_t", "pfcs_co2e_t", "sf6_t", "nf3_t", "co2e_t",
                  "biogenic_co2_t", "memo_co2e_t", "scope2_market_co2e_t", "energy_tj", "iso_category", "ghgp_scope",
                  "tier", "factor_ids", "notes"):
            base[c] = res[c]
        reg = self._registry
        texts = {}
        for ids in res["factor_ids"].astype(str).unique():
            parts = []
            for fid in [i for i in ids.split(";") if i]:
                try:
                    r = reg.lookup(fid)
                    parts.append(f"{fid} = {r['value']:g} {r['unit']} ({r['source_id']}, {r['table']})")
                except FactorNotFoundError:  # the row's own factor (ef_co2 …): described in notes
                    parts.append(fid)
            texts[ids] = "; ".join(parts)
        base["factors_used"] = res["factor_ids"].astype(str).map(texts)
        return base.reset_index(drop=True)

    def by_gas(self) -> pd.DataFrame:
        """Totals by gas: tonnes of gas and t CO2e."""
        res = self.results
        co2e = self._gas_co2e(res).sum()
        mass = {"CO2": res["co2_t"].sum(), "CH4": res["ch4_t"].sum(), "N2O": res["n2o_t"].sum(),
                "HFCs": np.nan, "PFCs": np.nan, "SF6": res["sf6_t"].sum(), "NF3": res["nf3_t"].sum()}
        return pd.DataFrame({"gas": list(GAS_COLUMNS), "t_gas": [mass[g] for g in GAS_COLUMNS],
                             "t_co2e": [co2e[g] for g in GAS_COLUMNS]})

    def top_sources(self, n: int = 10) -> pd.DataFrame:
        """The ``n`` largest sources by CO2e, grouped by activity and category."""
        g = self.results.groupby(["activity", "iso_category"], observed=True)["co2e_t"].sum()
        g = g[g > 0].sort_values(ascending=False).head(n).reset_index()
        total = self.results["co2e_t"].sum()
        g["share"] = g["co2e_t"] / total if total else np.nan
        return g

    def per_year(self) -> pd.DataFrame:
        """Total and by-category CO2e per year, side by side, with the change between the last two."""
        if not self.years():
            return pd.DataFrame()
        t = self.results.pivot_table(index="iso_category", columns="year", values="co2e_t", aggfunc="sum",
                                     observed=True, fill_value=0.0)
        t.loc["total"] = t.sum()
        ys = list(t.columns)
        if len(ys) >= 2:
            t["change"] = t[ys[-1]] - t[ys[-2]]
        t.columns = [str(c) for c in t.columns]
        return t.reset_index()

    def intensity(self) -> pd.DataFrame:
        """t CO2e per unit of product, when the facility gives its output."""
        out = self.facility.get("production_output")
        if not out:
            return pd.DataFrame()
        unit = self.facility.get("production_unit", "unit")
        total = float(self.results["co2e_t"].sum())
        return pd.DataFrame([{"total_t_co2e": total, "output": float(out), "output_unit": unit,
                              "t_co2e_per_unit": total / float(out)}])

    def uncertainty(self, method: str = "approach_1", *, draws: int = 10_000,
                    seed: int | None = None) -> pd.DataFrame:
        """95 % uncertainty by ISO category and in total, from the factors' limits (Approach 1).

        Rows with the same factors are summed first (fully correlated), then
        combined in quadrature (IPCC 2006 Vol. 1 Ch. 3 Eq. 3.2). ``quantified_share``
        is the part of the CO2e whose factors have published limits.
        ``method="monte_carlo"``: Approach 2 per year and category
        (:func:`ghgcalc.montecarlo.simulate`; ``draws`` iterations, ``seed`` for
        the same numbers again).
        """
        if method == "monte_carlo":
            return self.monte_carlo(draws=draws, seed=seed).summary
        if method != "approach_1":
            raise GhgcalcError(f"unknown uncertainty method {method!r}", hint="use 'approach_1' or 'monte_carlo'")
        res = self.results
        groups = res.groupby(["iso_category", "factor_ids"], observed=True).agg(
            co2e_t=("co2e_t", "sum"), u=("u95_pct", "first"), cov=("u95_coverage", "first")).reset_index()
        groups["quantified"] = groups["co2e_t"] * groups["cov"].fillna(0)
        rows = []
        for cat_, g in [*groups.groupby("iso_category", observed=True), ("total", groups)]:
            total = float(g["co2e_t"].sum())
            rows.append({"iso_category": str(cat_), "co2e_t": total,
                         "quantified_share": float(g["quantified"].sum()) / total if total else float("nan"),
                         "u95_pct": combine(g["quantified"], g["u"])})
        return pd.DataFrame(rows)

    def monte_carlo(self, draws: int = 10_000, seed: int | None = None) -> MonteCarlo:
        """Approach 2: summary, contributors to variance and the draws of each year's total."""
        return simulate(self.results, self._registry, draws=draws, seed=seed)

    def totals(self) -> dict[str, float]:
        res = self.results
        return {"co2e_t": float(res["co2e_t"].sum()), "biogenic_co2_t": float(res["biogenic_co2_t"].sum()),
                "memo_co2e_t": float(res["memo_co2e_t"].sum())}

    def provenance(self) -> pd.DataFrame:
        """ghgcalc version, factor dataset version, GWP set, input file and its SHA-256, time of run."""
        info = {"ghgcalc_version": self.results.attrs.get("ghgcalc_version"),
                "factor_dataset_version": self.results.attrs.get("factor_dataset_version"),
                "gwp_set": self.gwp_set, **self.provenance_info}
        for i, w in enumerate(self.results.attrs.get("warnings", []), start=1):
            info[f"warning_{i}"] = w
        return pd.DataFrame({"item": list(info), "value": [str(v) for v in info.values()]})

    def quota(self, quota_boundary: str | None = None) -> QuotaBalance | None:
        """This inventory's yearly totals inside the quota boundary against the facility's quota.

        ``quota_boundary`` (else the facility field of that name, else ``direct``): see
        :func:`ghgcalc.lists.quota_balance`.
        """
        entry: dict[str, Any] | None = None
        if self.facility.get("quota_2025") or self.facility.get("quota_2026"):
            entry = {"facility_name": self.facility.get("name", ""),
                     "quota_2025": self.facility.get("quota_2025") or 0,
                     "quota_2026": self.facility.get("quota_2026") or 0}
        elif self.applicability is not None and self.applicability.quota is not None:
            entry = dict(self.applicability.quota)
        if entry is None:
            return None
        as_of = self.applicability.as_of if self.applicability else None
        return quota_balance(entry, self.results, as_of=as_of, is_verified=False,
                             quota_boundary=quota_boundary or self.facility.get("quota_boundary") or None)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table of the report, by name (what the writers write)."""
        out = {"iso14064": self.iso_table(), "indirect_coverage": self.indirect_coverage(),
               "scopes": self.scope_table(), "by_gas": self.by_gas(),
               "uncertainty": self.uncertainty(),
               "top_sources": self.top_sources(), "detail": self.detail(), "provenance": self.provenance()}
        if len(self.years()) > 1:
            out["per_year"] = self.per_year()
        intensity = self.intensity()
        if not intensity.empty:
            out["intensity"] = intensity
        quota = self.quota()
        if quota is not None:
            out["quota"] = quota.to_frame()
        if self.applicability is not None:
            a = self.applicability
            out["applicability"] = pd.DataFrame(
                [{"criterion": c.rule, "value": c.value, "threshold": c.threshold, "unit": c.unit, "met": c.met,
                  "citation": c.citation} for c in a.criteria]
                + [{"criterion": f"deadline (group {d.group})", "value": d.due.isoformat(),
                    "threshold": None, "unit": ", ".join(map(str, d.covers)), "met": None, "citation": d.citation}
                   for d in a.deadlines])
        return out


def parse_exclusions(text: str) -> dict[str, str]:
    """``"3.3: not significant; 4.1, 4.2: no supplier data; 5: not applicable"`` by category code.

    A whole category (``5``) gives its reason to each of its subcategories.

    >>> parse_exclusions("3.3: không đáng kể (< 1 %); 4.1, 4.2 - chưa có dữ liệu")
    {'3.3': 'không đáng kể (< 1 %)', '4.1': 'chưa có dữ liệu', '4.2': 'chưa có dữ liệu'}
    """
    out: dict[str, str] = {}
    for part in text.replace("\n", ";").split(";"):
        m = re.match(r"\s*([3-6](?:\.\d)?(?:\s*,\s*[3-6](?:\.\d)?)*)\s*[:\-–]\s*(.+?)\s*$", part)
        if m:
            for code in re.split(r"\s*,\s*", m.group(1)):
                out[code] = m.group(2)
    return out
