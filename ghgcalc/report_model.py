"""The report model: one language-neutral, per-year description of an inventory report.

Every writer (terminal, xlsx, docx, html, md, csv) renders this model and
nothing else, and the JSON output *is* this model
(``ReportModel.model_dump_json()``), validated by its published JSON Schema
(:func:`report_json_schema`, ``schema_version``). Keys are stable ids
(``"1.1"``, ``"scope2_location"``, ``"CH4"``, ``"co2e_t"``), never labels; a
language lives only in the renderers (:mod:`ghgcalc.l10n`). Each reporting year
has its own block; a figure spanning years exists only as a named quantity
(``change_vs_previous``), never as an unlabelled sum.

Build it with :func:`build_report` (or ``Inventory.report()``).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

if TYPE_CHECKING:
    from .inventory import Inventory

#: Version of the JSON layout below; bumped on any change of keys (major: a removed or renamed key).
SCHEMA_VERSION = "1.0.0"

#: Facility fields Form 06 (Appendix II, Decree 06/2022/NĐ-CP) section I and II ask for, by id.
FORM06_FIELDS: tuple[str, ...] = (
    "name", "address", "tax_code", "legal_representative", "business_field",
    "boundary_notes", "technology_notes", "sources_notes", "data_system_notes")
#: Facility fields of Form 06 section III.4 (reliability, completeness, uncertainty of the emission data and of the
#: results; :data:`ghgcalc.procedure.QUALITY_ASPECTS`): left blank, they are flagged as the fields above are.
FORM06_III4_FIELDS: tuple[str, ...] = (
    "reliability_data_notes", "completeness_data_notes", "uncertainty_data_notes",
    "reliability_results_notes", "completeness_results_notes", "uncertainty_results_notes")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FacilityInfo(_Model):
    """The facility as the workbook describes it; ``missing`` lists the Form 06 fields left blank (ids)."""

    name: str
    tax_code: str | None = None
    address: str | None = None
    province: str | None = None
    legal_representative: str | None = None
    business_field: str | None = None
    facility_type: str | None = None
    boundary_notes: str | None = None
    technology_notes: str | None = None
    sources_notes: str | None = None
    data_system_notes: str | None = None
    #: Form 06 III.4, the six statements (:data:`FORM06_III4_FIELDS`)
    reliability_data_notes: str | None = None
    completeness_data_notes: str | None = None
    uncertainty_data_notes: str | None = None
    reliability_results_notes: str | None = None
    completeness_results_notes: str | None = None
    uncertainty_results_notes: str | None = None
    consolidation: str | None = None
    base_year: int | None = None
    #: significance threshold of the recalculation policy [% of a year's total] (ISO 14064-1:2018 6.4)
    recalculation_threshold_pct: float
    production_unit: str | None = None
    #: the years the report is for (facility field ``reporting_years``); other years in the data, such as a
    #: base year kept for recalculation, have their own blocks but are not in the report's title
    reporting_years: list[int] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)


class IsoRow(_Model):
    """One ISO 14064-1:2018 category of one year [t CO2e, gas masses in t].

    ``co2e_t`` = the per-gas CO2e + ``co2e_only_t`` (sources computed from a
    CO2e factor, not split by gas). Biogenic CO2, removals and memo items are
    outside ``co2e_t``.
    """

    category: str
    co2e_by_gas_t: dict[str, float]
    mass_by_gas_t: dict[str, float]
    co2e_only_t: float
    co2e_t: float
    biogenic_co2_t: float
    removals_co2e_t: float
    memo_co2e_t: float


class Totals(_Model):
    """The year's totals [t CO2e]; biogenic CO2 [t], memo, removals and market-based scope 2 are apart."""

    direct_co2e_t: float
    indirect_co2e_t: float
    co2e_t: float
    biogenic_co2_t: float
    memo_co2e_t: float
    removals_co2e_t: float
    scope2_market_co2e_t: float


class ScopeRow(_Model):
    scope: str
    co2e_t: float


class GasRow(_Model):
    gas: str
    mass_t: float | None
    co2e_t: float


class CoverageRow(_Model):
    """An indirect subcategory: quantified (with its CO2e and share) or excluded (with the reason given)."""

    category: str
    quantified: bool
    co2e_t: float | None
    share: float | None
    exclusion_reason: str | None


class UncertaintyRow(_Model):
    """95 % uncertainty of the ``quantified_t`` part of a category (IPCC 2006 Vol. 1 Ch. 3 Approach 1)."""

    category: str
    co2e_t: float
    quantified_t: float
    quantified_share: float | None
    u95_pct: float | None


class Intensity(_Model):
    co2e_t: float
    output: float
    output_unit: str
    co2e_t_per_unit: float


class QuotaYearModel(_Model):
    """The year's emissions against its allocation; ``emissions_verified`` False while only computed."""

    allocated_t: float
    emissions_t: float | None
    emissions_verified: bool
    balance_t: float | None


class MonteCarloRow(_Model):
    """One category (or ``total``) of a year by Monte Carlo (IPCC 2006 Vol. 1 Ch. 3 Approach 2) [t CO2e]."""

    category: str
    co2e_t: float
    mean_co2e_t: float
    p2_5_co2e_t: float
    p97_5_co2e_t: float
    u_lower_pct: float | None
    u_upper_pct: float | None
    quantified_share: float | None


class HistogramBin(_Model):
    lower_t: float
    upper_t: float
    count: int


class Contributor(_Model):
    """An input of the simulation (a factor id, or the activity data or stated uncertainty of a row)."""

    parameter: str
    kind: str
    distribution: str
    variance_share: float


class MonteCarloYear(_Model):
    """Approach 2 for one year: draws, seed, categories and total, histogram of the total, main contributors."""

    draws: int
    seed: int | None
    rows: list[MonteCarloRow]
    histogram: list[HistogramBin]
    contributors: list[Contributor]


class TopSource(_Model):
    activity: str
    category: str
    co2e_t: float
    share: float | None


class YearReport(_Model):
    """Everything of one reporting year (period: the calendar year, Decree 06/2022 Art. 11)."""

    year: int
    period_start: dt.date
    period_end: dt.date
    iso: list[IsoRow]
    totals: Totals
    scopes: list[ScopeRow]
    by_gas: list[GasRow]
    indirect_coverage: list[CoverageRow]
    uncertainty: list[UncertaintyRow]
    top_sources: list[TopSource]
    intensity: Intensity | None = None
    quota: QuotaYearModel | None = None
    monte_carlo: MonteCarloYear | None = None


class Change(_Model):
    """A named multi-year quantity: one year's total against the year before [t CO2e]."""

    year: int
    previous_year: int
    co2e_t: float
    previous_co2e_t: float
    change_t: float
    change_pct: float | None


class SourceRow(_Model):
    """One input row: where it came from, its activity data, the factors used (ids) and its result."""

    year: int | None
    sheet: str | None
    row: int | None
    description: str | None
    activity: str
    quantity: float | None
    unit: str
    category: str
    scope: str
    method: str
    tier: str
    factor_ids: list[str]
    co2_t: float
    ch4_t: float
    n2o_t: float
    hfcs_co2e_t: float
    pfcs_co2e_t: float
    sf6_t: float
    nf3_t: float
    co2e_only_t: float
    co2e_t: float
    biogenic_co2_t: float
    memo_co2e_t: float
    scope2_market_co2e_t: float | None
    energy_tj: float | None
    notes: list[str]
    #: where the number comes from (Circular 38/2023/TT-BCT Art. 17): document, provider, measured or estimated and how
    data_document: str | None = None
    data_provider: str | None = None
    data_method: str | None = None


class FactorRef(_Model):
    """A factor the inventory used, with its source (``source_id`` of ``sources.yaml``) and table."""

    factor_id: str
    activity: str | None
    gas: str | None
    value: float | None
    unit: str | None
    source_id: str | None
    table: str | None
    tier: str


class CriterionModel(_Model):
    rule: str
    value: float | None
    threshold: float
    unit: str
    met: bool | None
    citation: str


class DeadlineModel(_Model):
    group: str
    due: dt.date
    covers: list[int]
    recipient: dict[str, str]
    verified: bool
    citation: str


class ApplicabilityModel(_Model):
    """Decree 06/2022 applicability on ``as_of``; ``explanation`` is the prose by language id."""

    status: str
    as_of: dt.date
    group: str | None
    data_year: int | None
    emissions_tco2e: float | None
    toe: float | None
    facility_list: str
    criteria: list[CriterionModel]
    deadlines: list[DeadlineModel]
    explanation: dict[str, str]


class QuotaModel(_Model):
    """The quota balance over the phase (Decree 06/2022 as amended by Decree 119/2025)."""

    facility: str
    decision: str
    source: Literal["decision", "workbook"]
    citation: str
    total_allocated_t: float
    total_emissions_t: float | None
    balance_t: float | None
    emissions_verified: bool
    offset_cap_t: float
    offset_cap_citation: str
    surrender_deadline: dt.date
    #: the emissions the balance counts (rule ``quota.boundary``): its id, ISO categories, text by language
    boundary: str
    boundary_categories: list[str]
    boundary_is_default: bool
    boundary_citation: str
    boundary_text: dict[str, str]
    #: t CO2e by year left outside the boundary, and their categories
    outside_t: dict[int, float]
    outside_categories: list[str]


class RecalculationRow(_Model):
    """An earlier year's figure as published and as computed today (ISO 14064-1:2018 6.4)."""

    year: int
    category: str
    original_co2e_t: float | None
    recalculated_co2e_t: float | None
    difference_co2e_t: float | None
    difference_pct: float | None
    reasons: list[str]
    significant: bool | None
    recomputed: bool


class RecalculationModel(_Model):
    """The comparison with an earlier report (``report --previous``): per year and category, with reason codes."""

    threshold_pct: float
    base_year: int | None
    previous_factor_dataset_version: str | None
    previous_gwp_set: str | None
    required: bool
    rows: list[RecalculationRow]
    #: the earlier years rebuilt from this workbook "as published then": with the factor editions published by
    #: that day (``report --previous-as-of``); None when compared with a report file
    previous_factors_as_of: dt.date | None = None


class PlanMeasure(_Model):
    """One measure of the reduction plan as given (Decree 06/2022 Art. 12; :func:`ghgcalc.plan`)."""

    measure: str
    order: int
    kind: str
    from_year: int
    description: str | None = None
    #: the kind's fields as given (``pct``, ``kwp``, ``from_activity`` …), ids and numbers
    parameters: dict[str, float | str]
    capital_cost: float | None = None
    lifetime_years: float | None = None
    discount_rate_pct: float | None = None
    annual_cost: float | None = None
    #: capital × capital recovery factor + net annual cost, a year
    annualised_cost: float | None = None


class PlanMeasureYear(_Model):
    measure: str
    abatement_t: float
    abatement_scope2_market_t: float
    annual_cost: float | None
    cost_per_t: float | None


class PlanYear(_Model):
    """One year's emissions without and with the plan [t CO2e] and each measure's share of the reduction."""

    year: int
    baseline_t: float
    with_plan_t: float
    abatement_t: float
    baseline_scope2_market_t: float
    with_plan_scope2_market_t: float
    measures: list[PlanMeasureYear]


class PlanStatus(_Model):
    """The Decree 06 status of a scenario (``baseline`` or ``with_plan``) in its data year."""

    scenario: str
    data_year: int | None
    status: str
    emissions_tco2e: float | None
    toe: float | None


class PlanCriterion(_Model):
    """A listing criterion (threshold from the rules data) without and with the plan."""

    rule: str
    description: dict[str, str]
    threshold: float
    unit: str
    citation: str
    value_baseline: float | None
    value_with_plan: float | None
    met_baseline: bool | None
    met_with_plan: bool | None


class PlanQuotaYear(_Model):
    year: int
    allocated_t: float
    emissions_baseline_t: float | None
    emissions_with_plan_t: float | None
    balance_baseline_t: float | None
    balance_with_plan_t: float | None


class MacStep(_Model):
    """A step of the marginal abatement cost curve: as wide as the measure's reduction, as high as its cost per t."""

    measure: str
    kind: str
    abatement_t: float
    cost_per_t: float
    annual_cost: float
    cumulative_start_t: float
    cumulative_end_t: float


class PlanNote(_Model):
    """What a reader must know about a measure: ``overlap``, ``market_only``, ``raises_total``, ``no_source``,
    ``after_inventory``."""

    code: str
    measure: str
    other: list[str]
    activity: str | None
    years: list[int]


class PlanModel(_Model):
    """The reduction plan and its what-if on the inventory's years (Decree 06/2022 Art. 12 as amended)."""

    currency: str
    measures: list[PlanMeasure]
    years: list[PlanYear]
    status: list[PlanStatus]
    criteria: list[PlanCriterion]
    quota: list[PlanQuotaYear]
    mac_year: int | None
    mac: list[MacStep]
    notes: list[PlanNote]


class CreditModel(_Model):
    """A block of carbon credits retired (ISO 14068-1:2023 counterbalancing) [t CO2e]."""

    registry: str
    serial: str
    vintage: int
    type: str
    quantity_t: float
    retired_for_year: int
    retirement_date: str | None = None
    project: str | None = None


class NeutralityYear(_Model):
    """One year's carbon-neutrality balance [t CO2e]: footprint − credits retired for the year.

    ``claim`` ``neutral`` only when ``balance_t`` ≤ 0 and a reduction plan
    exists; else ``not_neutral`` with ``reason`` ``balance_positive`` or
    ``no_reduction_plan``. ``offset_cap_t``: for a quota facility, the share of
    the year's allocation credits may offset (Decree 119/2025), and the credits above it.
    """

    year: int
    footprint_t: float
    reduction_vs_base_t: float | None
    credits_t: float
    balance_t: float
    claim: Literal["neutral", "not_neutral"]
    reason: Literal["balance_positive", "no_reduction_plan"] | None
    allocation_t: float | None = None
    offset_cap_t: float | None = None
    credits_over_cap_t: float | None = None


class NeutralityModel(_Model):
    """The carbon-neutrality balance of the facility (ISO 14068-1:2023), per year, with the credits retired."""

    base_year: int | None
    reduction_plan: bool
    credits: list[CreditModel]
    years: list[NeutralityYear]
    offset_cap_share: float | None = None
    offset_cap_citation: str | None = None


class QcCheck(_Model):
    """A row of the quality-control log (Circular 38/2023/TT-BCT Art. 20): the check, by whom, when, its result."""

    check: str
    checked_by: str
    date: dt.date
    #: ``pass`` or ``errors_found``
    result: str
    errors_found: str | None = None
    action_taken: str | None = None
    sheet: str | None = None
    row: int | None = None


class ChecklistRow(_Model):
    """A pre-submission check (:func:`ghgcalc.procedure.checklist`): status and findings as ids."""

    check: str
    #: ``pass``, ``fail`` or ``not_applicable``
    status: str
    #: field ids, years, ISO categories, factor ids or ``sheet:row`` places, by check
    items: list[str] = Field(default_factory=list)
    #: findings left out of ``items``
    more: int = 0
    years: list[int] = Field(default_factory=list)
    due: dt.date | None = None
    reference: str


class Provenance(_Model):
    ghgcalc_version: str
    factor_dataset_version: str
    gwp_set: str
    gwp_values: dict[str, float]
    input_file: str | None = None
    input_sha256: str | None = None
    run_at_utc: str | None = None
    rules_as_of: str | None = None
    default_combustion_sector: str | None = None
    factor_files: list[str] = Field(default_factory=list)
    #: the inventory was computed with the factor editions published by this day only (``factors_as_of``)
    factors_as_of: str | None = None


class ReportModel(_Model):
    """An inventory report: facility, one block per reporting year, sources, factors, analyses, provenance."""

    schema_version: Literal["1.0.0"] = "1.0.0"
    facility: FacilityInfo
    years: list[YearReport]
    change_vs_previous: list[Change]
    sources: list[SourceRow]
    factors: list[FactorRef]
    applicability: ApplicabilityModel | None
    quota: QuotaModel | None
    recalculation: RecalculationModel | None = None
    neutrality: NeutralityModel | None = None
    #: the quality-control log, in the order written
    qc_log: list[QcCheck] = Field(default_factory=list)
    #: the pre-submission checklist, evaluated on this inventory
    checklist: list[ChecklistRow] = Field(default_factory=list)
    plan: PlanModel | None = None
    warnings: list[str]
    provenance: Provenance

    def year(self, year: int) -> YearReport:
        """The block of one reporting year."""
        for y in self.years:
            if y.year == year:
                return y
        raise KeyError(f"{year} is not a reporting year of this report ({[y.year for y in self.years]})")


def report_json_schema() -> dict[str, Any]:
    """The published JSON Schema of :class:`ReportModel` (what ``report.json`` validates against)."""
    schema = ReportModel.model_json_schema()
    schema["$id"] = f"https://ghgcalc.example/schema/report-{SCHEMA_VERSION}.json"
    schema["title"] = "ghgcalc inventory report"
    return schema


# ---------------------------------------------------------------------- building
def _f(x: Any) -> float | None:
    """A finite float, or None (JSON never carries NaN)."""
    if x is None:
        return None
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def _z(x: Any) -> float:
    return _f(x) or 0.0


def _s(x: Any) -> str | None:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    text = str(x).strip()
    return text or None


def _facility(inv: Inventory) -> FacilityInfo:
    f = inv.facility
    base = f.get("base_year")
    try:
        base_year = int(float(base)) if base not in (None, "") else None
    except (TypeError, ValueError):
        base_year = None
    info = {k: _s(f.get(k)) for k in ("tax_code", "address", "province", "legal_representative", "business_field",
                                       "facility_type", "boundary_notes", "technology_notes", "sources_notes",
                                       "data_system_notes", "consolidation", "production_unit",
                                       *FORM06_III4_FIELDS)}
    missing = [k for k in (*FORM06_FIELDS, *FORM06_III4_FIELDS) if not _s(f.get(k))]
    from .recalculation import default_threshold_pct

    threshold = _f(f.get("recalculation_threshold_pct"))
    stated = [int(y) for y in re.findall(r"\d{4}", str(f.get("reporting_years") or ""))]
    return FacilityInfo(name=_s(f.get("name")) or "", base_year=base_year, missing=missing,
                        reporting_years=[y for y in stated if y in inv.years()],
                        recalculation_threshold_pct=threshold if threshold is not None else default_threshold_pct(),
                        **info)


def _year_block(inv: Inventory, year: int, tables: dict[str, Any], quota: Any) -> YearReport:
    def rows(name: str) -> list[dict[str, Any]]:
        t = tables[name]
        return list(t[t["year"] == year].to_dict("records"))

    iso = [IsoRow(category=str(r["category"]),
                  co2e_by_gas_t={g: _z(r[f"{g.lower()}_co2e_t"]) for g in ("CO2", "CH4", "N2O", "HFCs", "PFCs",
                                                                            "SF6", "NF3")},
                  mass_by_gas_t={g: _z(r[f"{g.lower()}_t"]) for g in ("CO2", "CH4", "N2O", "SF6", "NF3")},
                  co2e_only_t=_z(r["co2e_only_t"]), co2e_t=_z(r["co2e_t"]), biogenic_co2_t=_z(r["biogenic_co2_t"]),
                  removals_co2e_t=_z(r["removals_co2e_t"]), memo_co2e_t=_z(r["memo_co2e_t"]))
           for r in rows("iso14064")]
    tot = rows("totals")[0]
    intensity = rows("intensity") if not tables["intensity"].empty else []
    qy = None
    if quota is not None:
        for q in quota.years:
            if q.year == year:
                qy = QuotaYearModel(allocated_t=q.allocated_t, emissions_t=_f(q.verified_t),
                                    emissions_verified=quota.verified, balance_t=_f(q.balance_t))
    return YearReport(
        year=year, period_start=dt.date(year, 1, 1), period_end=dt.date(year, 12, 31), iso=iso,
        totals=Totals(**{k: _z(tot[k]) for k in Totals.model_fields}),
        scopes=[ScopeRow(scope=str(r["scope"]), co2e_t=_z(r["co2e_t"])) for r in rows("scopes")],
        by_gas=[GasRow(gas=str(r["gas"]), mass_t=_f(r["t_gas"]), co2e_t=_z(r["co2e_t"])) for r in rows("by_gas")],
        indirect_coverage=[CoverageRow(category=str(r["category"]), quantified=bool(r["quantified"]),
                                       co2e_t=_f(r["co2e_t"]), share=_f(r["share"]),
                                       exclusion_reason=_s(r["exclusion_reason"]))
                           for r in rows("indirect_coverage")],
        uncertainty=[UncertaintyRow(category=str(r["category"]), co2e_t=_z(r["co2e_t"]),
                                    quantified_t=_z(r["quantified_t"]), quantified_share=_f(r["quantified_share"]),
                                    u95_pct=_f(r["u95_pct"]))  # already in % (Inventory.uncertainty)
                     for r in rows("uncertainty")],
        top_sources=[TopSource(activity=str(r["activity"]), category=str(r["category"]), co2e_t=_z(r["co2e_t"]),
                               share=_f(r["share"])) for r in rows("top_sources")],
        intensity=(Intensity(co2e_t=_z(intensity[0]["co2e_t"]), output=_z(intensity[0]["output"]),
                             output_unit=str(intensity[0]["output_unit"]),
                             co2e_t_per_unit=_z(intensity[0]["co2e_t_per_unit"])) if intensity else None),
        quota=qy,
        monte_carlo=_monte_carlo(inv, year),
    )


def _monte_carlo(inv: Inventory, year: int) -> MonteCarloYear | None:
    mc = inv.monte_carlo_result
    if mc is None:
        return None
    s = mc.summary[mc.summary["year"] == year]
    h = mc.histogram()
    h = h[h["year"] == year]
    c = mc.contributors[mc.contributors["year"] == year].sort_values("variance_share", ascending=False).head(10)
    return MonteCarloYear(
        draws=int(mc.draws), seed=mc.seed,
        rows=[MonteCarloRow(category=str(r["category"]), co2e_t=_z(r["co2e_t"]), mean_co2e_t=_z(r["mean_co2e_t"]),
                            p2_5_co2e_t=_z(r["p2_5_co2e_t"]), p97_5_co2e_t=_z(r["p97_5_co2e_t"]),
                            u_lower_pct=_f(r["u_lower_pct"]), u_upper_pct=_f(r["u_upper_pct"]),
                            quantified_share=_f(r["quantified_share"])) for r in s.to_dict("records")],
        histogram=[HistogramBin(lower_t=float(r["bin_lower"]), upper_t=float(r["bin_upper"]), count=int(r["count"]))
                   for r in h.to_dict("records")],
        contributors=[Contributor(parameter=str(r["parameter"]), kind=str(r["kind"]),
                                  distribution=str(r["distribution"]), variance_share=_z(r["variance_share"]))
                      for r in c.to_dict("records")])


def _sources(inv: Inventory) -> list[SourceRow]:
    """One :class:`SourceRow` per detail row, each field converted column by column (as :func:`_f`, :func:`_z`
    and :func:`_s` would convert the cell) and the rows validated in one call."""
    d = inv.detail()
    n = len(d)

    def cells(name: str) -> list[Any]:
        return d[name].tolist() if name in d.columns else [None] * n

    def floats(name: str, zero: bool = False) -> list[Any]:
        col = d[name] if name in d.columns else None
        if col is not None and col.dtype == np.float64:
            arr = col.to_numpy()
            finite = np.isfinite(arr)
            if zero:  # _z: blank or not finite → 0.0, and -0.0 → 0.0 (``-0.0 or 0.0``)
                out: list[Any] = (np.where(finite, arr, 0.0) + 0.0).tolist()
                return out
            values = arr.astype(object)
            values[~finite] = None
            return list(values)
        return [_z(x) for x in cells(name)] if zero else [_f(x) for x in cells(name)]

    def ints(name: str) -> list[int | None]:
        return [None if v is None else int(v) for v in floats(name)]

    def texts(name: str) -> list[str | None]:
        return [_s(x) for x in cells(name)]

    def required(name: str) -> list[str]:
        return [str(x) for x in cells(name)]

    def given(name: str) -> list[str]:  # ``str(r.get(name) or "")``
        return [str(x or "") for x in cells(name)]

    def per_text(values: list[str], f: Any) -> list[Any]:  # once per distinct text (validation copies lists)
        memo: dict[str, Any] = {}
        return [memo[x] if x in memo else memo.setdefault(x, f(x)) for x in values]

    columns: dict[str, list[Any]] = {
        "year": ints("year"), "sheet": texts("sheet"), "row": ints("row"), "description": texts("description"),
        "activity": required("activity"), "quantity": floats("quantity"), "unit": given("unit"),
        "category": required("iso_category"), "scope": required("ghgp_scope"), "method": given("method"),
        "tier": given("tier"), "factor_ids": per_text(given("factor_ids"), lambda x: [i for i in x.split(";") if i]),
        **{k: floats(k, zero=True) for k in ("co2_t", "ch4_t", "n2o_t", "hfcs_co2e_t", "pfcs_co2e_t", "sf6_t",
                                             "nf3_t", "co2e_only_t", "co2e_t", "biogenic_co2_t", "memo_co2e_t")},
        "scope2_market_co2e_t": floats("scope2_market_co2e_t"), "energy_tj": floats("energy_tj"),
        "notes": per_text(given("notes"), split_notes),
        "data_document": texts("data_document"), "data_provider": texts("data_provider"),
        "data_method": texts("data_method"),
    }
    names = list(columns)
    rows = [dict(zip(names, values, strict=True)) for values in zip(*columns.values(), strict=True)]
    return _SOURCE_ROWS().validate_python(rows)


@functools.cache
def _SOURCE_ROWS() -> TypeAdapter[list[SourceRow]]:  # noqa: N802 - a constant built on first use
    return TypeAdapter(list[SourceRow])


def split_notes(text: str) -> list[str]:
    """The engine's ``"; "``-joined notes as a list, a ``;`` inside parentheses kept in its note.

    >>> split_notes("a (b; c); d")
    ['a (b; c)', 'd']
    """
    return list(_split_notes(text))


@functools.lru_cache(maxsize=65536)
def _split_notes(text: str) -> tuple[str, ...]:
    """:func:`split_notes`, once per distinct text (many rows carry the same notes)."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == ";" and depth == 0:
            out.append(text[start:i])
            start = i + 1
    out.append(text[start:])
    return tuple(n.strip() for n in out if n.strip())


def _applicability(inv: Inventory) -> ApplicabilityModel | None:
    a = inv.applicability
    if a is None:
        return None
    return ApplicabilityModel(
        status=a.status, as_of=a.as_of, group=a.group, data_year=a.data_year, emissions_tco2e=_f(a.emissions_tco2e),
        toe=_f(a.toe), facility_list=a.facility_list,
        criteria=[CriterionModel(rule=c.rule, value=_f(c.value), threshold=c.threshold, unit=c.unit, met=c.met,
                                 citation=c.citation) for c in a.criteria],
        deadlines=[DeadlineModel(group=d.group, due=d.due, covers=list(d.covers), recipient=dict(d.recipient),
                                 verified=d.verified, citation=d.citation) for d in a.deadlines],
        explanation={lang: a.explain(lang) for lang in ("en", "vi")},
    )


def _boundary_text(boundary: str, inv: Inventory) -> dict[str, str]:
    """The rule's words for a quota boundary, by language."""
    from .rules import rule

    as_of = inv.applicability.as_of if inv.applicability else dt.date.today()
    spec = rule("quota.boundary", as_of).value["boundaries"].get(boundary, {})
    return {lang: str(spec.get(lang, boundary)) for lang in ("en", "vi")}


def build_report(inv: Inventory) -> ReportModel:
    """The report model of an inventory: per-year blocks, sources, factors, applicability, quota, provenance."""
    # each table once (``inv.tables()`` would add the quota frame, computed again below)
    tables = {"iso14064": inv.iso_table(), "totals": inv.totals(), "scopes": inv.scope_table(),
              "by_gas": inv.by_gas(), "indirect_coverage": inv.indirect_coverage(),
              "uncertainty": inv.uncertainty(), "top_sources": inv.top_sources(), "intensity": inv.intensity(),
              "factors": inv.factors_used()}
    quota = inv.quota()
    years = inv.years()
    prov = inv.provenance()
    q = None
    if quota is not None:
        q = QuotaModel(facility=quota.facility, decision=quota.decision,
                       source="workbook" if quota.citation.startswith("allocation") else "decision",
                       citation=quota.citation, total_allocated_t=quota.total_allocated_t,
                       total_emissions_t=_f(quota.total_verified_t), balance_t=_f(quota.balance_t),
                       emissions_verified=quota.verified, offset_cap_t=quota.offset_cap_t,
                       offset_cap_citation=quota.offset_cap_citation, surrender_deadline=quota.surrender_deadline,
                       boundary=quota.boundary, boundary_categories=list(quota.boundary_categories),
                       boundary_is_default=quota.boundary_is_default, boundary_citation=quota.boundary_citation,
                       boundary_text=_boundary_text(quota.boundary, inv),
                       outside_t={int(k): float(v) for k, v in quota.outside_t.items()},
                       outside_categories=list(quota.outside_categories))
    changes = [Change(year=int(r["year"]), previous_year=int(r["previous_year"]), co2e_t=_z(r["co2e_t"]),
                      previous_co2e_t=_z(r["co2e_t"] - r["change_vs_previous_t"]),
                      change_t=_z(r["change_vs_previous_t"]), change_pct=_f(r["change_vs_previous_pct"]))
               for r in inv.change_vs_previous().to_dict("records")] if len(years) > 1 else []
    factor_files = [str(v) for k, v in prov.items() if str(k).startswith("factor_file_")]
    rec = None
    if inv.recalculation is not None:
        r = inv.recalculation
        rec = RecalculationModel(
            threshold_pct=float(r.threshold_pct), base_year=r.base_year,
            previous_factor_dataset_version=_s(getattr(r.previous, "factor_dataset_version", None)),
            previous_gwp_set=_s(getattr(r.previous, "gwp_set", None)), required=bool(r.required),
            previous_factors_as_of=getattr(r.previous, "factors_as_of", None),
            rows=[RecalculationRow(year=int(x["year"]), category=str(x["category"]),
                                   original_co2e_t=_f(x.get("original_co2e_t")),
                                   recalculated_co2e_t=_f(x.get("recalculated_co2e_t")),
                                   difference_co2e_t=_f(x.get("difference_co2e_t")),
                                   difference_pct=_f(x.get("difference_pct")),
                                   reasons=[c for c in str(x.get("reasons") or "").split(";") if c],
                                   significant=None if x.get("significant") is None else bool(x["significant"]),
                                   recomputed=bool(x.get("recomputed", True)))
                  for x in r.table.to_dict("records")])
    from .neutrality import balance_model
    from .plan import plan_model
    from .procedure import checklist

    qc = [] if inv.qc_log is None else [
        QcCheck(check=str(r["check"]), checked_by=str(r["checked_by"]), date=r["date"], result=str(r["result"]),
                errors_found=_s(r["errors_found"]), action_taken=_s(r["action_taken"]), sheet=_s(r["sheet"]),
                row=None if _f(r["row"]) is None else int(r["row"]))
        for r in inv.qc_log.to_dict("records")]
    checks = [ChecklistRow(check=str(r["check"]), status=str(r["status"]), items=list(r["items"]),
                           more=int(r["more"]), years=[int(y) for y in r["years"]],
                           due=dt.date.fromisoformat(r["due"]) if isinstance(r["due"], str) else None,
                           reference=str(r["reference"]))
              for r in checklist(inv).to_dict("records")]
    return ReportModel(
        recalculation=rec,
        qc_log=qc,
        checklist=checks,
        neutrality=balance_model(inv),
        plan=plan_model(inv.plan_result, inv.applicability.as_of if inv.applicability else None),
        facility=_facility(inv),
        years=[_year_block(inv, y, tables, quota) for y in years],
        change_vs_previous=changes,
        sources=_sources(inv),
        factors=[FactorRef(factor_id=str(r["factor_id"]), activity=_s(r["activity"]), gas=_s(r["gas"]),
                           value=_f(r["value"]), unit=_s(r["unit"]), source_id=_s(r["source_id"]),
                           table=_s(r["table"]), tier=str(r["tier"]))
                 for r in tables["factors"].to_dict("records")],
        applicability=_applicability(inv),
        quota=q,
        warnings=inv.warnings(),
        provenance=Provenance(
            ghgcalc_version=str(prov.get("ghgcalc_version") or ""),
            factor_dataset_version=str(prov.get("factor_dataset_version") or ""),
            gwp_set=inv.gwp_set, gwp_values=inv.gwp_values(),
            input_file=_s(prov.get("input_file")), input_sha256=_s(prov.get("input_sha256")),
            run_at_utc=_s(prov.get("run_at_utc")), rules_as_of=_s(prov.get("rules_as_of")),
            default_combustion_sector=_s(prov.get("default_combustion_sector")), factor_files=factor_files,
            factors_as_of=_s(prov.get("factors_as_of"))),
    )
