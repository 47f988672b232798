"""``Inventory``: analysis tables of a facility's inventory, built from ``calculate()`` results.

Every table is per reporting year (a ``year`` column, or the ``year=`` argument)
and uses stable ids as column names and values (``category`` ``"1.1"``,
``scope`` ``"scope2_location"``, ``gas`` ``"CH4"``); no table carries a display
label or a subtotal row. Labels belong to the renderers
(:func:`ghgcalc.label` turns ids into words of a language), totals to
:meth:`Inventory.totals`. Anything that spans years is a named quantity
(``change_vs_previous_t``), never an unlabelled sum.

The report model (:mod:`ghgcalc.report_model`) is built from these tables and
is what every writer renders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from .applicability import Applicability
from .data import load_gwp
from .errors import FactorNotFoundError, GhgcalcError
from .factors import Registry, shipped_registry
from .io.numbers import parse_number
from .lists import QuotaBalance, quota_balance
from .montecarlo import MonteCarlo, simulate
from .uncertainty import combine

if TYPE_CHECKING:
    from .plan import Plan
    from .recalculation import Recalculation
    from .report_model import ReportModel

#: ISO 14064-1:2018 categories 1-6 (clause 5.2.4) and the Annex B subcategories of 1-6 shown when present.
ISO_CATEGORIES: tuple[str, ...] = ("1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "3", "4", "5", "6")
ISO_SUBCATEGORIES: tuple[str, ...] = ("3.1", "3.2", "3.3", "3.4", "3.5", "4.1", "4.2", "4.3", "4.4", "4.5",
                                      "5.1", "5.2", "5.3", "5.4")
#: Gas groups of the ISO 14064-1 table, as ids; the CO2e of each comes from the result columns.
GASES: tuple[str, ...] = ("CO2", "CH4", "N2O", "HFCs", "PFCs", "SF6", "NF3")
#: Columns of an ISO table, in order (t CO2e unless the name says t of gas).
ISO_VALUE_COLUMNS: tuple[str, ...] = (
    "co2_co2e_t", "ch4_co2e_t", "n2o_co2e_t", "hfcs_co2e_t", "pfcs_co2e_t", "sf6_co2e_t", "nf3_co2e_t",
    "co2e_only_t", "co2e_t", "biogenic_co2_t", "removals_co2e_t", "memo_co2e_t",
    "co2_t", "ch4_t", "n2o_t", "sf6_t", "nf3_t")
_GAS_COL = dict(zip(GASES, ISO_VALUE_COLUMNS[:7], strict=True))
#: Residues below this many t CO2e between a row's total and its gases are rounding, not a CO2e-only part.
_ROUNDING_T = 1e-9


@dataclass
class Inventory:
    """A facility's computed inventory and its analysis tables (ids, per year)."""

    facility: dict[str, Any]
    results: pd.DataFrame
    applicability: Applicability | None = None
    provenance_info: dict[str, Any] = field(default_factory=dict)
    #: Language reports are rendered in by default (tables never depend on it).
    lang: str = "en"
    #: Factor rows loaded beside the shipped dataset (factor sheet, --factors files), for the detail table.
    user_factors: pd.DataFrame | None = None
    _report: ReportModel | None = field(default=None, init=False, repr=False, compare=False)
    #: the comparison with an earlier report (``report --previous``), rendered in the report when set
    recalculation: Recalculation | None = field(default=None, repr=False, compare=False)

    #: carbon credits retired (the workbook's ``credits`` sheet): the neutrality balance of the report
    credits: pd.DataFrame | None = field(default=None, repr=False, compare=False)
    #: the quality-control log (Circular 38/2023/TT-BCT Art. 20; :func:`ghgcalc.procedure.qc_log` columns)
    qc_log: pd.DataFrame | None = field(default=None, repr=False, compare=False)

    #: a Monte Carlo run shown in the report (:meth:`attach_monte_carlo`)
    monte_carlo_result: MonteCarlo | None = field(default=None, repr=False, compare=False)

    def attach_monte_carlo(self, draws: int = 10_000, seed: int | None = None) -> MonteCarlo:
        """Run Approach 2 (:meth:`monte_carlo`) and show it in this inventory's report, per year."""
        self.monte_carlo_result = self.monte_carlo(draws=draws, seed=seed)
        self._report = None
        return self.monte_carlo_result

    #: a reduction plan shown in the report (:meth:`attach_plan`; a workbook's ``measures`` sheet)
    plan_result: Plan | None = field(default=None, repr=False, compare=False)

    def attach_plan(self, measures: Any) -> Plan:
        """Apply ``measures`` (:func:`ghgcalc.plan`) and show the plan in this inventory's report."""
        from .plan import plan

        self.plan_result = plan(self, measures, as_of=self.applicability.as_of if self.applicability else None)
        self._report = None
        return self.plan_result

    def attach_recalculation(self, recalculation: Recalculation) -> None:
        """Show ``recalculation`` (:func:`ghgcalc.recalculate`) in this inventory's report."""
        self.recalculation = recalculation
        self._report = None

    @classmethod
    def from_file(cls, path: str | Path, **options: Any) -> Inventory:
        """Read a workbook, JSON or CSV input and compute it (see :func:`ghgcalc.report.build_inventory`)."""
        from .report import build_inventory

        return build_inventory(path, **options)

    @classmethod
    def from_dict(cls, facility: dict[str, Any], activities: list[dict[str, Any]],
                  factors: list[dict[str, Any]] | None = None, **options: Any) -> Inventory:
        """Compute an inventory from in-memory data (the JSON input's shape), checked as a file is.

        >>> import datetime as dt
        >>> inv = Inventory.from_dict({"name": "A", "facility_type": "Công nghiệp"},
        ...                           [{"activity": "DO", "quantity": 1, "unit": "t", "year": 2025}],
        ...                           as_of=dt.date(2026, 1, 1))
        >>> inv.facility["facility_type"], round(float(inv.results["co2e_t"].sum()), 2)
        ('industrial', 3.2)
        """
        from .io.inputs import read_document
        from .report import build_inventory

        doc: dict[str, Any] = {"facility": facility, "activities": activities}
        if factors:
            doc["factors"] = factors
        data = read_document(doc, name="in-memory input")
        return build_inventory(data.source_file, data=data, **options)

    @classmethod
    def from_frames(cls, facility: dict[str, Any], activities: pd.DataFrame, factors: pd.DataFrame | None = None,
                    **options: Any) -> Inventory:
        """Compute an inventory from facility fields and an activity frame (no file), checked as a file is."""
        from .io.inputs import read_frames
        from .report import build_inventory

        data = read_frames(facility, activities, factors, name="in-memory frames")
        return build_inventory(data.source_file, data=data, **options)

    @cached_property
    def registry(self) -> Registry:
        """The factors the results were computed with, to describe them (built once per inventory)."""
        return shipped_registry() if self.user_factors is None else Registry(self.user_factors)

    @property
    def gwp_set(self) -> str:
        return str(self.results.attrs.get("gwp_set", ""))

    def gwp_values(self) -> dict[str, float]:
        """GWP-100 of the gases of the ISO table in this inventory's set (blends are per refrigerant).

        Under AR6, ``CH4_fossil`` and ``CH4_non_fossil`` (AR6 WG1 Table 7.15) are
        the values the engine applies by the CH4's origin.
        """
        g = load_gwp()
        g = g[g["gwp_set"] == self.gwp_set].set_index("gas")["value"]
        gases = ("CO2", "CH4", "CH4_fossil", "CH4_non_fossil", "N2O", "SF6", "NF3")
        return {gas: float(g[gas]) for gas in gases if gas in g.index}

    # ------------------------------------------------------------------ per-row building blocks
    @cached_property
    def _rows(self) -> pd.DataFrame:
        """One row per result row: year, category, scope and every value column of the ISO table."""
        res = self.results
        g = self.gwp_values()
        out = pd.DataFrame({
            "year": (pd.to_numeric(res["year"], errors="coerce").astype("Int64") if "year" in res
                     else pd.array([pd.NA] * len(res), dtype="Int64")),
            "category": res["iso_category"].astype(str).to_numpy(),
            "scope": res["ghgp_scope"].astype(str).to_numpy(),
            "co2_co2e_t": res["co2_t"].to_numpy(float),
            # CH4 as computed: under AR6 fossil and non-fossil CH4 carry different GWPs (Table 7.15)
            "ch4_co2e_t": (res["ch4_co2e_t"].to_numpy(float) if "ch4_co2e_t" in res
                           else res["ch4_t"].to_numpy(float) * g["CH4"]),
            "n2o_co2e_t": res["n2o_t"].to_numpy(float) * g["N2O"],
            "hfcs_co2e_t": res["hfcs_co2e_t"].to_numpy(float), "pfcs_co2e_t": res["pfcs_co2e_t"].to_numpy(float),
            "sf6_co2e_t": res["sf6_t"].to_numpy(float) * g["SF6"],
            "nf3_co2e_t": res["nf3_t"].to_numpy(float) * g["NF3"],
        }, index=res.index)
        by_gas = out[list(ISO_VALUE_COLUMNS[:7])].sum(axis=1).to_numpy()
        residue = res["co2e_t"].to_numpy(float) - by_gas
        # a row computed from a CO2e factor (user's, published set) has no split by gas: its CO2e stands alone
        out["co2e_only_t"] = np.where(np.abs(residue) > _ROUNDING_T * np.maximum(1.0, np.abs(by_gas)), residue, 0.0)
        for c in ("co2e_t", "biogenic_co2_t", "removals_co2e_t", "memo_co2e_t"):
            out[c] = res[c].to_numpy(float)
        out["scope2_market_co2e_t"] = res["scope2_market_co2e_t"].fillna(0).to_numpy(float)
        for gas, col in (("co2", "co2_t"), ("ch4", "ch4_t"), ("n2o", "n2o_t"), ("sf6", "sf6_t"), ("nf3", "nf3_t")):
            out[f"{gas}_t"] = res[col].to_numpy(float)
        return out

    def years(self) -> list[int]:
        """The reporting years present in the results, in order."""
        y = self._rows["year"].dropna()
        return sorted(int(v) for v in y.unique())

    def _year_rows(self, year: int | None) -> pd.DataFrame:
        rows = self._rows
        if year is None:
            return rows
        return rows[(rows["year"] == year).fillna(False).to_numpy(bool)]

    def _per_year(self, build: Any, year: int | None) -> pd.DataFrame:
        """``build(rows_of_one_year)`` for ``year``, or for each year stacked with a ``year`` column."""
        years: list[int | None] = [year] if year is not None else [*self.years()] or [None]
        parts = []
        for y in years:
            t = build(self._year_rows(y))
            t.insert(0, "year", y)
            parts.append(t)
        out = pd.concat(parts, ignore_index=True)
        out["year"] = out["year"].astype("Int64")
        return out

    # ------------------------------------------------------------------ tables
    def iso_table(self, year: int | None = None) -> pd.DataFrame:
        """ISO 14064-1:2018 categories × gases [t CO2e], per year, no subtotal rows.

        Columns: ``year, category`` (``"1.1"`` … ``"6"``; categories 3-6 split
        into the Annex B subcategories that occur, so the rows stay disjoint and
        add up), the CO2e of each gas (``co2_co2e_t`` … ``nf3_co2e_t``),
        ``co2e_only_t`` (sources computed from a CO2e factor, with no split by
        gas), ``co2e_t`` (the total: the gas columns plus ``co2e_only_t``), and
        outside the total ``biogenic_co2_t``, ``removals_co2e_t`` and
        ``memo_co2e_t``; then the tonnes of each single gas (``co2_t``, ``ch4_t``,
        ``n2o_t``, ``sf6_t``, ``nf3_t``). Direct/indirect subtotals and the total are in
        :meth:`totals`.
        """
        present = set(self._rows["category"])
        spec: list[tuple[str, bool]] = []  # (code, exact match)
        for code in ISO_CATEGORIES:
            subs = sorted(c for c in present if "." not in code and c.startswith(code + "."))
            spec += [(c, True) for c in subs]
            if not subs or code in present:
                spec.append((code, bool(subs)))

        def build(rows: pd.DataFrame) -> pd.DataFrame:
            cat = rows["category"]
            major = cat.str.split(".").str[0]
            out = []
            for code, exact in spec:
                mask = (cat == code) if (exact or "." in code) else (major == code)
                out.append({"category": code, **rows.loc[mask, list(ISO_VALUE_COLUMNS)].sum().to_dict()})
            return pd.DataFrame(out, columns=["category", *ISO_VALUE_COLUMNS])
        return self._per_year(build, year)

    def totals(self, year: int | None = None) -> pd.DataFrame:
        """Per year: direct (category 1), indirect (2-6), total, and the items kept outside the total.

        Columns ``year, direct_co2e_t, indirect_co2e_t, co2e_t, biogenic_co2_t,
        memo_co2e_t, removals_co2e_t, scope2_market_co2e_t``.
        """
        def build(rows: pd.DataFrame) -> pd.DataFrame:
            direct = rows["category"].str.startswith("1")
            return pd.DataFrame([{
                "direct_co2e_t": float(rows.loc[direct, "co2e_t"].sum()),
                "indirect_co2e_t": float(rows.loc[~direct, "co2e_t"].sum()),
                "co2e_t": float(rows["co2e_t"].sum()), "biogenic_co2_t": float(rows["biogenic_co2_t"].sum()),
                "memo_co2e_t": float(rows["memo_co2e_t"].sum()),
                "removals_co2e_t": float(rows["removals_co2e_t"].sum()),
                "scope2_market_co2e_t": float(rows.loc[rows["scope"] == "2", "scope2_market_co2e_t"].sum()),
            }])
        return self._per_year(build, year)

    def change_vs_previous(self) -> pd.DataFrame:
        """Each year's total against the year before it [t CO2e and relative]; a named multi-year quantity."""
        t = self.totals()[["year", "co2e_t"]].copy()
        t["previous_year"] = t["year"].shift(1)
        t["change_vs_previous_t"] = t["co2e_t"] - t["co2e_t"].shift(1)
        t["change_vs_previous_pct"] = 100 * t["change_vs_previous_t"] / t["co2e_t"].shift(1)
        return t.iloc[1:].reset_index(drop=True)

    def indirect_coverage(self, year: int | None = None) -> pd.DataFrame:
        """Each indirect subcategory (ISO 14064-1:2018 categories 3-6): quantified, or excluded and why.

        ISO 14064-1:2018 asks the organization to say which significant
        indirect emissions it quantified and to justify each exclusion (its
        report lists excluded sources); the reasons come from the facility field
        ``indirect_exclusions`` written as ``3.3: reason; 4.1: reason``.
        Columns ``year, category, quantified, co2e_t, share, exclusion_reason``.
        """
        reasons = parse_exclusions(str(self.facility.get("indirect_exclusions") or ""))

        def build(rows: pd.DataFrame) -> pd.DataFrame:
            cat = rows["category"]
            total = float(rows["co2e_t"].sum())
            out = []
            for code in (*ISO_SUBCATEGORIES, "6"):
                mask = (cat == code) | cat.str.startswith(code + ".") if code == "6" else cat == code
                present = bool(mask.any())
                co2e = float(rows.loc[mask, "co2e_t"].sum())
                out.append({"category": code, "quantified": present, "co2e_t": co2e if present else np.nan,
                            "share": co2e / total if present and total else np.nan,
                            "exclusion_reason": None if present else reasons.get(code, reasons.get(code[0]))})
            return pd.DataFrame(out)
        return self._per_year(build, year)

    def scope_table(self, year: int | None = None) -> pd.DataFrame:
        """GHG Protocol scopes [t CO2e] per year; scope 2 location- and market-based side by side, never summed.

        ``scope`` ids: ``scope1``, ``scope2_location``, ``scope2_market``, and
        ``scope3_<n>`` for each scope 3 category that occurs (``scope3`` when none is given).
        """
        def build(rows: pd.DataFrame) -> pd.DataFrame:
            sc = rows["scope"]
            out = [{"scope": "scope1", "co2e_t": float(rows.loc[sc == "1", "co2e_t"].sum())},
                   {"scope": "scope2_location", "co2e_t": float(rows.loc[sc == "2", "co2e_t"].sum())},
                   {"scope": "scope2_market", "co2e_t": float(rows.loc[sc == "2", "scope2_market_co2e_t"].sum())}]
            s3 = rows[sc.str.startswith("3")]
            for s, grp in s3.groupby("scope", sort=True):
                number = str(s).split(".", 1)[1] if "." in str(s) else ""
                out.append({"scope": f"scope3_{number}" if number else "scope3", "co2e_t": float(grp["co2e_t"].sum())})
            return pd.DataFrame(out)
        return self._per_year(build, year)

    def by_gas(self, year: int | None = None) -> pd.DataFrame:
        """Per year and gas: t of gas (where a gas is one substance) and t CO2e; ``CO2e_only`` for unsplit sources."""
        def build(rows: pd.DataFrame) -> pd.DataFrame:
            mass = {"CO2": rows["co2_t"].sum(), "CH4": rows["ch4_t"].sum(), "N2O": rows["n2o_t"].sum(),
                    "HFCs": np.nan, "PFCs": np.nan, "SF6": rows["sf6_t"].sum(), "NF3": rows["nf3_t"].sum()}
            out = [{"gas": g, "t_gas": float(mass[g]), "co2e_t": float(rows[_GAS_COL[g]].sum())} for g in GASES]
            out.append({"gas": "CO2e_only", "t_gas": np.nan, "co2e_t": float(rows["co2e_only_t"].sum())})
            return pd.DataFrame(out)
        return self._per_year(build, year)

    def detail(self) -> pd.DataFrame:
        """Every input row with its year: activity data, factors used (ids), tier, method, per-gas result, notes."""
        res = self.results
        cols = [c for c in ("_sheet", "_row", "description") if c in res.columns]
        base = res[cols + [c for c in ("activity", "quantity", "unit", "year") if c in res.columns]].copy()
        base = base.rename(columns={"_sheet": "sheet", "_row": "row"})
        for c in ("data_document", "data_provider", "data_method"):  # where the number comes from (Circular 38)
            if c in res.columns:
                base[c] = res[c]
        for c in ("co2_t", "ch4_t", "n2o_t", "hfcs_co2e_t", "pfcs_co2e_t", "sf6_t", "nf3_t", "co2e_t",
                  "biogenic_co2_t", "memo_co2e_t", "scope2_market_co2e_t", "removals_co2e_t", "energy_tj",
                  "u95_pct", "iso_category", "ghgp_scope", "method", "tier", "tier_reason", "factor_ids", "notes"):
            if c in res.columns:
                base[c] = res[c]
        base["co2e_only_t"] = self._rows["co2e_only_t"].to_numpy()
        return base.reset_index(drop=True)

    def factors_used(self) -> pd.DataFrame:
        """Each factor the results used, once: id, value, unit, source id, table, tier (the row's own: ``own``)."""
        ids = sorted({i for s in self.results["factor_ids"].astype(str).unique() for i in s.split(";") if i})
        out = []
        for fid in ids:
            gwp_row = self._gwp_factor(fid)
            if gwp_row is not None:
                out.append(gwp_row)
                continue
            try:
                r = self.registry.lookup(fid)
            except FactorNotFoundError:  # the row's own factor (ef_co2 …): its value and source are in notes
                out.append({"factor_id": fid, "activity": None, "gas": None, "value": np.nan, "unit": None,
                            "source_id": None, "table": None, "tier": "own"})
                continue
            out.append({"factor_id": fid, "activity": r.get("activity"), "gas": r.get("gas"),
                        "value": float(r["value"]), "unit": str(r["unit"]), "source_id": str(r["source_id"]),
                        "table": str(r["table"]), "tier": str(r.get("tier", ""))})
        return pd.DataFrame(out, columns=["factor_id", "activity", "gas", "value", "unit", "source_id", "table",
                                          "tier"])

    def _gwp_factor(self, fid: str) -> dict[str, Any] | None:
        """A refrigerant blend (``ashrae34.R-410A``) or a gas by name (``gas.HFC-134a``): its GWP-100 in this set.

        A blend's GWP is the mass-weighted sum of its components' GWPs (ASHRAE 34
        composition); the table names the composition and the GWP table used.
        """
        if not fid.startswith(("ashrae34.", "gas.")):
            return None
        from .data import load_blends

        g = load_gwp()
        g = g[g["gwp_set"] == self.gwp_set].set_index("gas")
        name = fid.split(".", 1)[1]
        if fid.startswith("ashrae34."):
            parts = load_blends()
            parts = parts[(parts["refrigerant"] == name) & parts["component"].notna() & (parts["component"] != "")]
            comp = [(str(c), float(f)) for c, f in zip(parts["component"], parts["mass_fraction"], strict=True)]
            source = "ashrae_34"
        else:
            comp, source = [(name, 1.0)], str(g.at[name, "source_id"]) if name in g.index else ""
        if not comp or any(c not in g.index for c, _ in comp):
            return None
        value = sum(f * float(g.at[c, "value"]) for c, f in comp)
        what = " + ".join(f"{c} {100 * f:g} %" for c, f in comp)
        table = f"{what}; GWP-100 {self.gwp_set}: {g.at[comp[0][0], 'table']}"
        return {"factor_id": fid, "activity": name, "gas": None, "value": value, "unit": "t CO2e/t",
                "source_id": source, "table": table, "tier": "reference"}

    def top_sources(self, year: int | None = None, n: int = 10) -> pd.DataFrame:
        """Per year, the ``n`` largest sources by CO2e, grouped by activity and category, with their share."""
        res = self.results.assign(_year=self._rows["year"])

        def build(rows: pd.DataFrame) -> pd.DataFrame:
            sub = res.loc[rows.index]
            g = sub.groupby(["activity", "iso_category"], observed=True)["co2e_t"].sum()
            g = g[g > 0].sort_values(ascending=False, kind="stable").head(n).reset_index()
            total = float(sub["co2e_t"].sum())
            g["share"] = g["co2e_t"] / total if total else np.nan
            g["activity"] = g["activity"].astype(str)
            g["iso_category"] = g["iso_category"].astype(str)
            return g.rename(columns={"iso_category": "category"})
        return self._per_year(build, year)

    def per_year(self) -> pd.DataFrame:
        """CO2e by ISO category (rows) and year (columns), for comparing years; no total row (see :meth:`totals`)."""
        iso = self.iso_table()
        if iso["year"].isna().all():
            return pd.DataFrame()
        t = iso.pivot_table(index="category", columns="year", values="co2e_t", aggfunc="sum", sort=False)
        t.columns = [str(c) for c in t.columns]
        return t.reset_index()

    def production(self) -> dict[int, float]:
        """The facility's output per year, from ``production_output``.

        A single number belongs to the one reporting year; with several years the
        field must name them (``2025: 1200000; 2026: 1150000``), otherwise no
        intensity is computed (a year's emissions are never divided by another
        year's output).
        """
        raw = self.facility.get("production_output")
        if raw in (None, ""):
            return {}
        if isinstance(raw, (int, float)):
            years = self.years()
            return {years[0]: float(raw)} if len(years) == 1 and raw else {}
        out: dict[int, float] = {}
        for part in re.split(r"[;\n]", str(raw)):
            m = re.match(r"\s*(\d{4})\s*:\s*(.+?)\s*$", part)
            if m:
                out[int(m.group(1))] = parse_number(m.group(2), self._decimal())
        if not out:
            years = self.years()
            value = parse_number(str(raw), self._decimal())
            return {years[0]: value} if len(years) == 1 and value else {}
        return out

    def _decimal(self) -> Literal[".", ",", None]:
        sep = str(self.facility.get("decimal_separator") or "").strip()
        return "," if sep == "," else "." if sep == "." else None

    def intensity(self, year: int | None = None) -> pd.DataFrame:
        """Per year: that year's t CO2e over that year's output (``production_output``, ``production_unit``)."""
        output = self.production()
        unit = str(self.facility.get("production_unit") or "")
        t = self.totals(year)
        t = t[t["year"].isin(list(output))]
        return pd.DataFrame({"year": t["year"].to_numpy(), "co2e_t": t["co2e_t"].to_numpy(),
                             "output": [output[int(y)] for y in t["year"]], "output_unit": unit,
                             "co2e_t_per_unit": [c / output[int(y)] for c, y in zip(t["co2e_t"], t["year"],
                                                                                    strict=True)]})

    def uncertainty(self, year: int | None = None, method: str = "approach_1", *, draws: int = 10_000,
                    seed: int | None = None) -> pd.DataFrame:
        """95 % uncertainty per year by ISO category and in total, from the factors' limits (Approach 1).

        Rows with the same factors are summed first (fully correlated), then
        combined in quadrature (IPCC 2006 Vol. 1 Ch. 3 Eq. 3.2). ``u95_pct`` is the
        uncertainty of the ``quantified_t`` part only; ``quantified_share`` says
        how much of the category's CO2e that is (the rest has no published range).
        ``category`` ``"total"`` is the whole year.
        ``method="monte_carlo"``: Approach 2 per year and category
        (:func:`ghgcalc.montecarlo.simulate`; ``draws`` iterations, ``seed`` for
        the same numbers again).
        """
        if method == "monte_carlo":
            mc = self.monte_carlo(draws=draws, seed=seed).summary
            return mc if year is None else mc[mc["year"] == year].reset_index(drop=True)
        if method != "approach_1":
            raise GhgcalcError(f"unknown uncertainty method {method!r}", hint="use 'approach_1' or 'monte_carlo'")
        res = self.results.assign(_year=self._rows["year"], _cat=self._rows["category"])

        def build(rows: pd.DataFrame) -> pd.DataFrame:
            sub = res.loc[rows.index]
            groups = sub.groupby(["_cat", "factor_ids"], observed=True).agg(
                co2e_t=("co2e_t", "sum"), u=("u95_pct", "first"), cov=("u95_coverage", "first")).reset_index()
            groups["quantified"] = groups["co2e_t"] * groups["cov"].fillna(0)
            out = []
            for cat_, g in [*groups.groupby("_cat", observed=True), ("total", groups)]:
                total = float(g["co2e_t"].sum())
                q = float(g["quantified"].sum())
                out.append({"category": str(cat_), "co2e_t": total, "quantified_t": q,
                            "quantified_share": q / total if total else np.nan,
                            "u95_pct": combine(g["quantified"], g["u"])})
            return pd.DataFrame(out, columns=["category", "co2e_t", "quantified_t", "quantified_share", "u95_pct"])
        return self._per_year(build, year)

    def monte_carlo(self, draws: int = 10_000, seed: int | None = None) -> MonteCarlo:
        """Approach 2: summary, contributors to variance and the draws of each year's total."""
        return simulate(self.results, self.registry, draws=draws, seed=seed)

    def provenance(self) -> dict[str, Any]:
        """ghgcalc version, factor dataset version, GWP set, input file and its SHA-256, time of run (ids → values)."""
        return {"ghgcalc_version": self.results.attrs.get("ghgcalc_version"),
                "factor_dataset_version": self.results.attrs.get("factor_dataset_version"),
                "gwp_set": self.gwp_set, **self.provenance_info}

    def warnings(self) -> list[str]:
        """The engine's warnings for these results (also on the rows, in ``notes``), and the report's own."""
        out = list(self.results.attrs.get("warnings", []))
        if self.facility.get("production_output") not in (None, ""):
            missing = [y for y in self.years() if y not in self.production()]
            if missing:
                out.append(f"production_output gives no output for {', '.join(map(str, missing))}: no intensity "
                           "for that year; write it per year, e.g. 2025: 1200000; 2026: 1150000")
        return out

    def quota(self, quota_boundary: str | None = None, *, results: pd.DataFrame | None = None) -> QuotaBalance | None:
        """This inventory's yearly totals inside the quota boundary against the facility's quota.

        ``quota_boundary`` (else the facility field of that name, else ``direct``): see
        :func:`ghgcalc.lists.quota_balance`. ``results``: other result rows of this facility (a
        :func:`ghgcalc.plan` scenario) in place of the inventory's.
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
        return quota_balance(entry, self.results if results is None else results, as_of=as_of, is_verified=False,
                             quota_boundary=quota_boundary or self.facility.get("quota_boundary") or None)

    def report(self) -> ReportModel:
        """The language-neutral report model every writer renders (built once per inventory)."""
        if self._report is None:
            from .report_model import build_report

            self._report = build_report(self)
        return self._report

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every analysis table, by id (what the CSV folder and the xlsx hold, before labels)."""
        out = {"iso14064": self.iso_table(), "totals": self.totals(), "indirect_coverage": self.indirect_coverage(),
               "scopes": self.scope_table(), "by_gas": self.by_gas(), "uncertainty": self.uncertainty(),
               "top_sources": self.top_sources(), "detail": self.detail(), "factors": self.factors_used()}
        if len(self.years()) > 1:
            out["change_vs_previous"] = self.change_vs_previous()
        intensity = self.intensity()
        if not intensity.empty:
            out["intensity"] = intensity
        quota = self.quota()
        if quota is not None:
            out["quota"] = quota.to_frame()
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
