"""Decree 06/2022/NĐ-CP applicability: must this facility inventory, under which rule, by when.

The obligation attaches to being named on the Prime Minister's list (Decision
01/2022 → 13/2024 → 42/2026/QĐ-TTg). The Art. 6 criteria (≥ 3,000 tCO2e; ≥ 1,000
TOE for thermal power/industry, freight transport and commercial buildings;
≥ 65,000 t/yr of solid-waste treatment) are how the list is built: a facility
that meets one but is not listed is *likely to be listed*, not obliged. Every
threshold, date and deadline is read from the dated rules data
(:mod:`ghgcalc.rules`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .checks import facility_fields
from .errors import InputError, Problem, RuleNotInForceError
from .factors import shipped_registry
from .l10n import num
from .lists import ListMatch, lookup, quota_entry
from .rules import RuleValue, criteria_names, rule, rule_spec
from .toe import ToeLine, energy_to_toe, toe_table

FacilityType = Literal["thermal_power", "industrial", "freight_transport", "commercial_building",
                       "solid_waste_treatment", "other"]
Status = Literal["obliged", "likely_listed", "not_covered", "not_assessed"]


class Facility(BaseModel):
    """What applicability needs to know about a facility (any field may be missing)."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    name: str
    facility_type: FacilityType = "other"
    annual_emissions_tco2e: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    activities: pd.DataFrame | None = None
    energy: pd.DataFrame | list[dict[str, Any]] | None = None
    waste_capacity_t_per_year: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    listed: bool | None = None
    sector_group: Literal["thermal_power", "iron_steel", "cement"] | None = None
    quota_from: int | None = None
    tax_code: str | None = None
    province: str | None = None
    data_year: int | None = None

    @field_validator("sector_group", mode="before")
    @classmethod
    def _blank_group(cls, v: Any) -> Any:
        return None if v in ("", "none", None) else v


@dataclass(frozen=True)
class Criterion:
    """One Art. 6 criterion checked against the facility's value."""

    rule: str
    description: str
    value: float | None
    threshold: float
    unit: str
    met: bool | None
    citation: str
    description_vi: str = ""


@dataclass(frozen=True)
class Deadline:
    """A reporting deadline and what the report covers."""

    group: str
    due: dt.date
    covers: tuple[int, ...]
    recipient: dict[str, str]
    verified: bool
    citation: str


@dataclass
class Applicability:
    """The answer for one facility on one date."""

    facility: str
    as_of: dt.date
    status: Status
    criteria: list[Criterion]
    group: str | None
    deadlines: list[Deadline]
    facility_list: str
    emissions_tco2e: float | None = None
    toe: float | None = None
    toe_lines: list[ToeLine] = field(default_factory=list)
    list_match: ListMatch | None = None
    quota: dict[str, str] | None = None
    data_year: int | None = None
    report_content: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def explain(self, lang: str = "en") -> str:
        """A paragraph a person can read, with the legal references."""
        return _explain(self, lang)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (for JSON)."""
        out = {k: v for k, v in self.__dict__.items()}
        out["as_of"] = self.as_of.isoformat()
        out["criteria"] = [c.__dict__ for c in self.criteria]
        out["deadlines"] = [{**d.__dict__, "due": d.due.isoformat()} for d in self.deadlines]
        out["toe_lines"] = [t.__dict__ for t in self.toe_lines]
        out["list_match"] = self.list_match.__dict__ if self.list_match else None
        return out


def applicability(facility: Facility | dict[str, Any], as_of: dt.date | None = None, *,
                  facility_list: pd.DataFrame | None = None) -> Applicability:
    """Decide whether a facility must inventory under Decree 06/2022, as the rules stood on ``as_of``.

    Parameters
    ----------
    facility : Facility or dict
        ``name``, ``facility_type`` and any of ``annual_emissions_tco2e`` [t CO2e],
        ``activities`` (a frame for :func:`ghgcalc.calculate`), ``energy`` (rows of
        ``carrier, quantity, unit``), ``waste_capacity_t_per_year`` [t/yr],
        ``listed``, ``sector_group``, ``quota_from``, ``tax_code``, ``province``.
    as_of : date, optional
        The date the rules are read at (default: today).
    facility_list : DataFrame, optional
        The Prime Minister's list to check membership against (``name``, optional
        ``tax_code``, ``province_vi``); by default the list in force on ``as_of``
        when ghgcalc holds it (Decision 42/2026/QĐ-TTg), looked up by tax code or
        by name and province, accents ignored.

    Returns
    -------
    Applicability
        ``status`` (``obliged``, ``likely_listed``, ``not_covered``,
        ``not_assessed``), every criterion with value, threshold, unit and
        citation, the group (A/B/C), the next deadlines and the report content.
    """
    fac = _facility(facility)
    return _decide(fac, as_of, facility_list, None)


def _decide(fac: Facility, as_of: dt.date | None, facility_list: pd.DataFrame | None,
            toe_lines: list[ToeLine] | None) -> Applicability:
    """:func:`applicability` of a validated facility; ``toe_lines`` when the caller converted its energy."""
    as_of = as_of or dt.date.today()
    criteria_in_force = rule("criteria.emissions", as_of)  # raises before Decree 06 / beyond the encoded rules
    try:
        lst = rule("facility_list", as_of)
        list_text = f"{lst.value['decision']} (in force from {lst.since:%d/%m/%Y})"
    except RuleNotInForceError:
        list_text = f"no list issued yet (criteria in force since {criteria_in_force.since:%d/%m/%Y})"
    notes: list[str] = []
    emissions, data_year = _emissions(fac, notes)
    has_energy = fac.energy is not None or toe_lines is not None
    if toe_lines is None:
        toe_lines = energy_to_toe(_energy_frame(fac.energy)) if fac.energy is not None else []
    toe = sum(t.toe for t in toe_lines) if has_energy else None
    upper_extra = 0.0
    for t in toe_lines:
        if t.route.startswith("no MOIT"):
            notes.append(f"{t.carrier}: {t.route}")
        elif "the table gives" in t.route:  # a range in the MOIT table (coke 0.70-0.75 toe/t)
            row = shipped_registry().lookup(t.factor_id)
            extra = t.toe * (float(row["upper"]) / float(row["value"]) - 1)
            upper_extra += extra
            notes.append(f"{t.carrier}: {t.route}: {t.toe:.1f} toe; {t.toe + extra:.1f} toe at the upper end")
    if toe is not None and upper_extra:
        notes.append(f"energy use with the upper ends of the MOIT ranges: {toe + upper_extra:.1f} toe/year")
    checked = [_criterion(name, fac, as_of, emissions, toe) for name in criteria_names()]
    criteria = [c for c in checked if c is not None]
    met = [c for c in criteria if c.met]
    unknown = [c for c in criteria if c.met is None]
    match = None
    if fac.listed is None and (fac.name or fac.tax_code):
        try:
            match = lookup(fac.name, province=fac.province or "", tax_code=fac.tax_code or "", as_of=as_of,
                           facility_list=facility_list)
        except RuleNotInForceError:
            match = None  # no list issued yet on that date
        if match is not None:
            notes.append(match.describe())
            if match.status == "found":
                fac = fac.model_copy(update={"listed": True})
    quota = None
    if fac.tax_code or fac.name:
        try:
            quota = quota_entry(tax_code=fac.tax_code or "", name=fac.name, as_of=as_of)
        except RuleNotInForceError:
            quota = None
    if quota is not None:
        group_map = {"0": "thermal_power", "1": "iron_steel", "2": "cement"}
        fac = fac.model_copy(update={"sector_group": fac.sector_group or group_map.get(quota["group_index"])})
        notes.append(f"allocated a quota by Decision 699/QĐ-BNNMT: {float(quota['quota_2025']):,.0f} t CO2e (2025), "
                     f"{float(quota['quota_2026']):,.0f} t CO2e (2026)")
    if fac.listed:
        status: Status = "obliged"
    elif met:
        status = "likely_listed"
    elif unknown:
        status = "not_assessed"
    else:
        status = "not_covered"
    group, deadlines, content = _reporting(fac, as_of, status)
    return Applicability(
        facility=fac.name, as_of=as_of, status=status, criteria=criteria, group=group,
        deadlines=deadlines, facility_list=list_text,
        emissions_tco2e=emissions, toe=toe, toe_lines=toe_lines, data_year=data_year,
        report_content=content, notes=notes, list_match=match, quota=quota,
    )


def _facility(facility: Facility | dict[str, Any]) -> Facility:
    if isinstance(facility, Facility):
        return facility
    try:
        return Facility(**facility)
    except ValidationError as exc:
        raise InputError([Problem(row=str(facility.get("name", "facility")), column=".".join(map(str, e["loc"])),
                                  message=f"{e['input']!r} is not accepted ({e['msg'].lower()})"
                                  if e.get("type") != "missing" else "is missing",
                                  code="missing" if e.get("type") == "missing" else "invalid",
                                  value=e.get("input") if isinstance(e.get("input"), (str, int, float)) else None)
                          for e in exc.errors()],
                         hint="facility_type is one of thermal_power, industrial, freight_transport, "
                              "commercial_building, solid_waste_treatment, other") from exc


def _energy_frame(energy: pd.DataFrame | list[dict[str, Any]] | None) -> pd.DataFrame:
    frame = energy if isinstance(energy, pd.DataFrame) else pd.DataFrame(energy or [])
    missing = {"carrier", "quantity", "unit"} - set(frame.columns)
    if missing and len(frame):
        raise InputError([Problem("energy", c, "required column is missing") for c in sorted(missing)])
    return frame


def _emissions(fac: Facility, notes: list[str]) -> tuple[float | None, int | None]:
    if fac.annual_emissions_tco2e is not None:
        return fac.annual_emissions_tco2e, fac.data_year
    if fac.activities is None:
        return None, fac.data_year
    from .engine import calculate

    res = calculate(fac.activities)
    notes += [str(w) for w in res.attrs.get("warnings", [])]
    if "year" in res and res["year"].notna().any():
        year = int(res["year"].max())
        notes.append(f"emissions of {year}, the latest year in the activity data")
        return facility_emissions(res[res["year"] == year]), year
    return facility_emissions(res), fac.data_year


def facility_emissions(results: pd.DataFrame) -> float:
    """t CO2e that count for the emission criterion: the ISO 14064-1 categories the rules name (1 and 2).

    Value-chain categories 3-6 are reported but do not make a facility eligible
    (Circular 38/2023/TT-BCT Art. 16 lists the direct sources and electricity and steam).
    """
    cats = {str(c) for c in rule_spec("criteria.emissions")["iso_categories"]}
    major = results["iso_category"].astype(str).str.split(".").str[0]
    return float(results.loc[major.isin(cats).to_numpy(), "co2e_t"].sum())


def _criterion(name: str, fac: Facility, as_of: dt.date, emissions: float | None,
               toe: float | None) -> Criterion | None:
    spec = rule_spec(name)
    types = spec.get("facility_types")
    if types and fac.facility_type not in types:
        return None
    r: RuleValue = rule(name, as_of)
    if name == "criteria.emissions":
        value = emissions
    elif name == "criteria.waste_capacity":
        value = fac.waste_capacity_t_per_year
    else:
        value = toe
    threshold = float(r.value)
    return Criterion(rule=name, description=r.description, description_vi=r.description_vi, value=value,
                     threshold=threshold, unit=r.unit,
                     met=None if value is None else value >= threshold, citation=r.citation())


def _reporting(fac: Facility, as_of: dt.date, status: Status
               ) -> tuple[str | None, list[Deadline], dict[str, str]]:
    r = rule("reporting", as_of)
    groups: dict[str, dict[str, Any]] = r.value["groups"]
    if fac.sector_group and "B" in groups and fac.sector_group in groups["B"].get("sector_groups", []):
        group = "B"
    elif fac.quota_from is not None and "C" in groups:
        group = "C"
    else:
        group = "A"
    content = dict(r.value.get("content", {}))
    if status in ("not_covered", "not_assessed"):
        return None, [], content
    g = groups[group]
    month, day = (int(x) for x in str(g["deadline"]).split("-"))
    year = int(g["first_submission_year"])
    while dt.date(year, month, day) < as_of:
        year += int(g["cycle_years"])
    deadlines = []
    for y in (year, year + int(g["cycle_years"])):
        covers = tuple(x for x in range(y - 2, y) if x >= int(g["first_inventory_year"]))
        deadlines.append(Deadline(group=group, due=dt.date(y, month, day), covers=covers,
                                  recipient=dict(g["recipient"]), verified=bool(g["verified"]),
                                  citation=f"Decree 06/2022/NĐ-CP {g['clause']}"))
    return group, deadlines, content


_STATUS = {
    "en": {"obliged": "named on the list: must inventory", "likely_listed": "likely to be listed: prepare an inventory",
           "not_covered": "not covered by the listing criteria", "not_assessed": "not assessed: data missing"},
    "vi": {"obliged": "có tên trong danh mục: phải kiểm kê", "likely_listed": "nhiều khả năng được đưa vào danh mục: "
           "nên chuẩn bị kiểm kê", "not_covered": "không thuộc tiêu chí của danh mục",
           "not_assessed": "chưa đánh giá được: thiếu số liệu"},
}


def _num(x: float, lang: str) -> str:
    return num(x, lang)


_UNIT_VI = {"t CO2e/year": "t CO2tđ/năm", "toe/year": "TOE/năm", "t/year": "t/năm"}
_CITE_VI = (("Decree", "Nghị định"), ("Decision", "Quyết định"), ("as amended by", "được sửa đổi bởi"),
            ("Art.", "Điều"), ("cl.", "khoản"), (" and ", " và "))


def cite(text: str, lang: str) -> str:
    """A legal citation in the report's language.

    >>> cite("Decree 06/2022/NĐ-CP, Art. 6, cl. 2", "vi")
    'Nghị định 06/2022/NĐ-CP, Điều 6, khoản 2'
    """
    if lang != "vi":
        return text
    for en, vi in _CITE_VI:
        text = text.replace(en, vi)
    return text


def _explain(a: Applicability, lang: str) -> str:
    vi = lang == "vi"
    listed = a.facility_list.replace("in force from", "hiệu lực từ").replace(
        "no list issued yet (criteria in force since", "chưa ban hành danh mục (tiêu chí áp dụng từ") \
        if vi else a.facility_list
    lines = [f"{a.facility}: {_STATUS[lang][a.status]} ({'tại ngày' if vi else 'as of'} {a.as_of:%d/%m/%Y}; "
             f"{'danh mục' if vi else 'list'} {listed})."]
    for c in a.criteria:
        unit = _UNIT_VI.get(c.unit, c.unit) if vi else c.unit
        if c.value is None:
            lines.append(f"- {c.description_vi if vi else c.description}: {'chưa có số liệu' if vi else 'no data'} "
                         f"({'ngưỡng' if vi else 'threshold'} {_num(c.threshold, lang)} {unit}; "
                         f"{cite(c.citation, lang)})")
        else:
            op = "≥" if c.met else "<"
            said = []  # the year the figure is of (never an unlabelled figure), and what it counts
            if a.data_year is not None and c.rule != "criteria.waste_capacity":
                said.append(f"{'năm' if vi else 'year'} {a.data_year}")
            if c.rule == "criteria.emissions":
                cats = "–".join(str(x) for x in rule_spec(c.rule).get("iso_categories", []))
                said += [f"{'hạng mục' if vi else 'ISO 14064-1 categories'} {cats}"] if cats else []
            what = f" ({', '.join(said)})" if said else ""
            lines.append(f"- {_num(c.value, lang)} {unit}{what} {op} {_num(c.threshold, lang)} {unit} "
                         f"({cite(c.citation, lang)})")
    for d in a.deadlines:
        cov = ", ".join(map(str, d.covers)) or "—"
        who = d.recipient["vi" if vi else "en"]
        if vi:
            lines.append(f"- Nhóm {d.group}: nộp báo cáo trước ngày {d.due:%d/%m/%Y} cho {who}, gồm kết quả năm {cov}"
                         f"{' (đã được thẩm tra)' if d.verified else ''} ({cite(d.citation, lang)}).")
        else:
            lines.append(f"- Group {d.group}: report due before {d.due:%d %B %Y} to the {who}, covering {cov}"
                         f"{' (verified)' if d.verified else ''} ({d.citation}).")
    if a.deadlines and a.report_content:
        lines.append(f"- {a.report_content.get(lang, '')}")
    notes = [a.list_match.describe(lang) if a.list_match and n == a.list_match.describe() else n for n in a.notes]
    lines += [f"- {n}" for n in notes]
    return "\n".join(lines)


_ENERGY_COL = re.compile(r"^\s*(?P<carrier>.+?)\s*\[(?P<unit>[^\]]+)\]\s*$")


def screen(facilities: pd.DataFrame, as_of: dt.date | None = None, lang: Literal["en", "vi"] = "en") -> pd.DataFrame:
    """Screen many facilities (one row each) for the Decree 06/2022 criteria.

    Columns: ``name``, ``facility_type`` and any of ``annual_emissions_tco2e``,
    ``waste_capacity_t_per_year``, ``listed``, ``sector_group``, ``quota_from``,
    and energy columns named ``carrier [unit]`` (e.g. ``grid_electricity [MWh]``,
    ``DO [t]``, ``FO [L]``). Returns one row per facility, sorted by status then
    emissions, with the criteria met and an explanation.
    """
    if "name" not in facilities.columns:
        raise InputError([Problem("header", "name", "required column is missing",
                                  file=facilities.attrs.get("source_file"), code="missing_column")])
    energy_cols = {c: m for c in facilities.columns if (m := _ENERGY_COL.match(str(c)))}
    plain = [c for c in ("facility_type", "annual_emissions_tco2e", "waste_capacity_t_per_year", "listed",
                         "sector_group", "quota_from", "tax_code", "province") if c in facilities.columns]
    lines, toe_problems = _screen_toe(facilities, energy_cols)
    src = facilities.attrs.get("source_file")
    rows = []
    problems: list[Problem] = []
    columns = {c: facilities[c].tolist() for c in ["name", "_row", *plain] if c in facilities.columns}
    for pos in range(len(facilities)):
        label = columns["_row"][pos] if "_row" in columns else pos
        name = columns["name"][pos]
        blank_name = name is None or (isinstance(name, float) and pd.isna(name))
        data: dict[str, Any] = {"name": "" if blank_name else str(name)}
        for c in plain:
            v = columns[c][pos]
            if v is None or (isinstance(v, float) and pd.isna(v)) or v == "":
                continue
            data[c] = str(v) if c in ("tax_code", "province", "facility_type", "sector_group") else v
        data, found = facility_fields(data)  # ids from labels and spellings; anything else refused with the list
        if found:
            problems += [Problem(label, key, msg, file=src, code=code, value=v if isinstance(v, (str, int, float))
                                 else str(v), accepted=acc) for key, code, msg, v, acc in found]
            continue
        try:
            fac = _facility(data)
            if pos in toe_problems:
                raise InputError(toe_problems[pos])
            a = _decide(fac, as_of, None, lines.get(pos))
        except InputError as exc:
            problems += [Problem(label, p.column, p.message, file=src, code=p.code, value=p.value, accepted=p.accepted)
                         for p in exc.problems]
            continue
        rows.append({
            "name": a.facility, "status": a.status,
            "criteria_met": "; ".join(f"{c.rule} ({c.citation})" for c in a.criteria if c.met),
            "emissions_tco2e": a.emissions_tco2e, "toe": a.toe, "group": a.group,
            "next_deadline": a.deadlines[0].due if a.deadlines else None,
            "explanation": a.explain(lang),
        })
    if problems:
        raise InputError(problems)
    order = {"obliged": 0, "likely_listed": 1, "not_assessed": 2, "not_covered": 3}
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    out["_o"] = out["status"].map(order)
    return out.sort_values(["_o", "emissions_tco2e"], ascending=[True, False], kind="stable").drop(columns="_o") \
        .reset_index(drop=True)


def _screen_toe(facilities: pd.DataFrame, energy_cols: dict[Any, re.Match[str]]
                ) -> tuple[dict[int, list[ToeLine]], dict[int, list[Problem]]]:
    """TOE lines of every facility of a screening table, converted in one column-wise pass.

    Returns the lines by facility position (only facilities with energy data)
    and the problems of the facilities whose energy rows are wrong.
    """
    parts = []
    for order, (col, m) in enumerate(energy_cols.items()):
        values = facilities[col].tolist()
        keep = [i for i, v in enumerate(values)
                if not (v is None or (isinstance(v, float) and pd.isna(v)) or v == "")]
        parts.append(pd.DataFrame({"pos": keep, "order": order, "carrier": m["carrier"],
                                   "quantity": pd.Series([values[i] for i in keep], dtype=object), "unit": m["unit"]}))
    if not parts:
        return {}, {}
    energy = pd.concat(parts, ignore_index=True).sort_values(["pos", "order"], kind="stable").reset_index(drop=True)
    problems: dict[int, list[Problem]] = {}
    try:
        table = toe_table(energy)
    except InputError as exc:
        pos = energy["pos"].to_numpy()
        for p in exc.problems:
            problems.setdefault(int(pos[int(str(p.row))]), []).append(p)
        energy = energy[~energy["pos"].isin(list(problems))].reset_index(drop=True)
        table = toe_table(energy)
    lines: dict[int, list[ToeLine]] = {}
    for pos, *line in zip(energy["pos"].tolist(), table["carrier"], table["quantity"], table["unit"], table["toe"],
                          table["route"], table["factor_id"], strict=True):
        lines.setdefault(pos, []).append(ToeLine(*line))
    return lines, problems
