r"""Reduction plan and what-if: measures that change activity data from a year on, applied in order.

Decree 06/2022/NĐ-CP Art. 12 (as amended) asks listed facilities to plan
mitigation measures. :func:`plan` takes an inventory and a list of measures
(dicts, a frame, or the ``measures`` sheet of the facility workbook, one row
each) and recomputes the emissions per year after each measure, on the
inventory's own result rows: the engine's per-row values are linear in the
activity quantity, so a row scaled by a share emits that share, and a new fuel
or refrigerant is computed by :func:`ghgcalc.calculate` for one TJ or one kg and
scaled. Measures are applied in the order given, each to what the measures
before it left, so two measures touching the same source never remove the same
tonne twice; the plan's ``notes`` name every such overlap.

Measure kinds (``kind``, ids), their fields and formulas (:math:`E` t CO2e of
the rows concerned, :math:`M` MWh of grid electricity bought in the year
*before any measure*, :math:`L` the MWh the measures before left):

* ``electricity_saving`` (VFDs, LED …): ``pct`` of :math:`M`;
  MWh saved :math:`= \min(pct/100 \times M, L)`; each grid row is scaled by
  :math:`1 - saved/L` (Circular 38/2023/TT-BCT App. II formula 3: :math:`E = AD
  \times EF_{grid}`, linear in :math:`AD`).
* ``solar_rooftop``: :math:`kwp \times yield\_kwh\_per\_kwp / 1000` MWh a year
  displace grid electricity, at most :math:`L`; the annual yield per kWp is the
  user's (``yield_source`` cites it: a PV yield study, the inverter log …).
  Self-generated renewable electricity emits nothing (Circular 38 App. II §2).
* ``dppa``: ``pct`` of :math:`M` (at most :math:`L`) bought under a direct power
  purchase agreement (Decree 80/2024/NĐ-CP) whose generator's factor is
  ``ef_market`` [t CO2/MWh]; those MWh become ``contract_electricity`` rows.
  The electricity still comes through the national grid, so the location-based
  total Decree 06 counts (grid factor) is unchanged; the market-based scope 2
  (GHG Protocol Scope 2 Guidance 2015, ch. 6) falls by
  :math:`MWh \times (EF_{grid} - ef\_market)`. The plan reports both.
* ``fuel_switch``: ``from_activity`` → ``to_activity`` (FO → natural gas or
  rice husk …) for a ``share`` (0-1, default 1) of the fuel's energy; the new
  fuel supplies the same useful heat: :math:`TJ_{new} = TJ_{old} \times share /
  efficiency\_ratio` (new boiler efficiency / old, default 1).
* ``boiler_efficiency``: the boiler burning ``from_activity`` goes from
  ``efficiency_before`` to ``efficiency_after`` [%] for a ``share`` of that fuel
  (default 1). At the same useful heat :math:`Q = \eta \times F` (efficiency
  as output/input, the direct method of EN 12952-15:2003 and ASME PTC 4-2013),
  the fuel becomes :math:`F \times \eta_{before}/\eta_{after}`, so the rows are
  scaled by :math:`1 - share \times (1 - \eta_{before}/\eta_{after})`.
* ``refrigerant_change``: ``from_activity`` → ``to_activity`` (R-22 → R-32)
  for a ``share`` of the mass topped up, same mass. R-22 is an ozone-depleting
  memo item outside the total; R-32 is an HFC inside it: the total *rises*.
* ``biogas_capture``: ``pct`` of the wastewater CH4 (rows of ``from_activity``,
  default every wastewater activity) captured under a cover and burnt: CH4
  falls by :math:`pct/100 \times CH_4`; burnt, it gives :math:`CH_4^{captured}
  \times 44/16` t of biogenic CO2 reported outside the total (IPCC 2006 Vol. 5
  Ch. 6 Eq. 6.4 term :math:`R`; Circular 38 App. II §2 item 5.2, the factor
  ``co2_per_ch4_combusted`` of the dataset).

Every measure has ``measure`` (an id), ``kind``, ``from_year`` and may have
``description`` (the words shown in reports), ``capital_cost``,
``lifetime_years``, ``annual_cost`` (net, negative for a saving),
``discount_rate_pct`` and ``currency`` (one for the whole plan, default VND).
The annual cost of a measure is :math:`C \times CRF + annual\_cost` with the
capital recovery factor :math:`CRF = r / (1 - (1+r)^{-n})` (IPCC AR5 WGIII
Annex II, A.II.3.1), :math:`1/n` when :math:`r = 0` (straight line); the cost
per tonne is that over the year's abatement, and the marginal abatement cost
curve (:attr:`Plan.mac`) orders the measures of a year by it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .errors import InputError, Problem

if TYPE_CHECKING:
    from .inventory import Inventory
    from .report_model import PlanModel

KINDS: tuple[str, ...] = ("electricity_saving", "solar_rooftop", "dppa", "fuel_switch", "boiler_efficiency",
                          "refrigerant_change", "biogas_capture")
#: Result columns that scale with the activity quantity.
SCALED: tuple[str, ...] = ("quantity", "co2_t", "ch4_t", "n2o_t", "hfcs_co2e_t", "pfcs_co2e_t", "sf6_t", "nf3_t",
                           "co2e_t", "biogenic_co2_t", "memo_co2e_t", "scope2_market_co2e_t", "removals_co2e_t",
                           "ch4_co2e_t", "energy_tj")
GRID = "grid_electricity"
CONTRACT = "contract_electricity"
WASTEWATER = ("industrial_wastewater", "domestic_wastewater")
_REQUIRED: dict[str, tuple[str, ...]] = {
    "electricity_saving": ("pct",), "solar_rooftop": ("kwp", "yield_kwh_per_kwp", "yield_source"),
    "dppa": ("pct", "ef_market"), "fuel_switch": ("from_activity", "to_activity"),
    "boiler_efficiency": ("from_activity", "efficiency_before", "efficiency_after"),
    "refrigerant_change": ("from_activity", "to_activity"), "biogas_capture": ("pct",)}
#: Number fields of a measure.
NUMBERS: tuple[str, ...] = ("from_year", "pct", "kwp", "yield_kwh_per_kwp", "ef_market", "share", "efficiency_ratio",
                            "efficiency_before", "efficiency_after", "capital_cost", "lifetime_years", "annual_cost",
                            "discount_rate_pct")
#: Percent fields (0-100) and share fields (0-1).
_PERCENT = ("pct", "efficiency_before", "efficiency_after")
_SHARE = ("share",)
DEFAULT_CURRENCY = "VND"


@dataclass(frozen=True)
class Plan:
    """The outcome of a plan (frames of ids and numbers; words only in renderers).

    ``emissions``: per year the total [t CO2e] ``baseline_t``, after each
    measure in order (``after_<measure>_t``), ``with_plan_t``, ``abatement_t``
    and the market-based scope 2 without and with the plan
    (``baseline_scope2_market_t``, ``with_plan_scope2_market_t``).
    ``measures``: per year and measure the ``abatement_t`` (against what the
    measures before it left), ``abatement_scope2_market_t``, ``annual_cost``,
    ``cost_per_t``. ``definitions``: the measures as given (one row each, in
    order). ``status``: the Decree 06 status (:func:`ghgcalc.applicability`,
    latest year) of the ``baseline`` and ``with_plan`` scenarios; ``criteria``:
    each listing criterion of both with its value, threshold (from the rules
    data), unit and whether it is met. ``quota``: per year of the quota phase
    the allocation and the balance without and with the plan (empty without a
    quota). ``mac``: the marginal abatement cost curve of ``mac_year``, the
    measures ordered by cost per tonne with their cumulative abatement.
    ``notes``: what a reader must know (``code``, ``measure``, ``other``,
    ``activity``, ``years``): ``overlap``, ``market_only``, ``raises_total``,
    ``no_source``, ``after_inventory``. ``scenario``: the result rows with the
    plan applied.
    """

    emissions: pd.DataFrame
    measures: pd.DataFrame
    status: pd.DataFrame
    scenario: pd.DataFrame
    definitions: pd.DataFrame = field(default_factory=pd.DataFrame)
    criteria: pd.DataFrame = field(default_factory=pd.DataFrame)
    quota: pd.DataFrame = field(default_factory=pd.DataFrame)
    mac: pd.DataFrame = field(default_factory=pd.DataFrame)
    mac_year: int | None = None
    notes: list[dict[str, Any]] = field(default_factory=list)
    currency: str = DEFAULT_CURRENCY

    def summary(self, lang: str = "en") -> str:
        """Per year the totals without and with the plan, each measure's abatement, the Decree 06 status,
        the quota balance and the notes."""
        from . import l10n
        from .applicability import _STATUS

        n = l10n.num
        out = []
        first = int(self.definitions["from_year"].min()) if "from_year" in self.definitions else 0
        starts = dict(zip(self.definitions.get("measure", []), self.definitions.get("from_year", []), strict=False))
        for e in self.emissions.itertuples(index=False):
            if e.year < first:  # before any measure: nothing to show
                continue
            out.append(l10n.t("plan.summary.year", lang, year=e.year, baseline=n(e.baseline_t, lang),
                              with_plan=n(e.with_plan_t, lang), abatement=n(e.abatement_t, lang)))
            for m in self.measures[self.measures["year"] == e.year].itertuples(index=False):
                if e.year < starts.get(m.measure, first):
                    continue
                cost = m.cost_per_t
                out.append(l10n.t("plan.summary.measure", lang, order=m.order, measure=self.label(m.measure),
                                  kind=l10n.t(f"plan.kind.{m.kind}", lang), abatement=n(m.abatement_t, lang))
                           + ("" if cost is None or cost != cost else
                              " " + l10n.t("plan.summary.cost", lang, cost=n(cost, lang, 0), currency=self.currency)))
        st = self.status.set_index("scenario")
        words = _STATUS.get(lang, _STATUS["en"])
        out.append(l10n.t("plan.summary.status", lang, year=st.loc["with_plan", "data_year"],
                          baseline=words.get(str(st.loc["baseline", "status"]), ""),
                          with_plan=words.get(str(st.loc["with_plan", "status"]), ""),
                          emissions=n(st.loc["with_plan", "emissions_tco2e"], lang),
                          toe=n(st.loc["with_plan", "toe"], lang)))
        for q in self.quota.itertuples(index=False):
            out.append(l10n.t("plan.summary.quota", lang, year=q.year, allocated=n(q.allocated_t, lang, 0),
                              baseline=n(q.balance_baseline_t, lang, 0, sign=True),
                              with_plan=n(q.balance_with_plan_t, lang, 0, sign=True)))
        out += [note_text(x, self, lang) for x in self.notes]
        return "\n".join(out)

    def label(self, measure: str) -> str:
        """The words of a measure (its description), else its id."""
        d = self.definitions
        if "description" in d and "measure" in d:
            hit = d.loc[d["measure"] == measure, "description"]
            if len(hit) and isinstance(hit.iloc[0], str) and hit.iloc[0].strip():
                return str(hit.iloc[0]).strip()
        return str(measure)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The plan's tables by id (what ``write`` puts in a sheet each)."""
        out = {"emissions": self.emissions, "measures": self.measures, "status": self.status,
               "criteria": self.criteria, "definitions": self.definitions}
        if not self.quota.empty:
            out["quota"] = self.quota
        if not self.mac.empty:
            out["mac"] = self.mac
        if self.notes:
            out["notes"] = pd.DataFrame(self.notes)
        return out

    def write(self, path: str | Path) -> Path:
        """The tables to .xlsx (a sheet each), .json or a folder of CSV."""
        from .consolidation import write_tables

        return write_tables(self.tables(), path)


def note_text(note: dict[str, Any], p: Plan, lang: str) -> str:
    """A plan note in ``lang``."""
    from . import l10n

    years = ", ".join(str(y) for y in note.get("years") or [])
    act = l10n.activity(str(note.get("activity") or ""), lang) if note.get("activity") else ""
    others = ", ".join(p.label(o) for o in note.get("other") or [])
    return l10n.t(f"plan.note.{note['code']}", lang, measure=p.label(str(note["measure"])), other=others,
                  activity=act, years=years)


def read_measures(path: str | Path) -> pd.DataFrame:
    """A measures table from .xlsx (the sheet ``measures``, else the first) or .csv; headers are the field ids
    (or the workbook template's headers). Number cells are checked; each row keeps its file, sheet and row."""
    p = Path(path)
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        from .io.workbook import read_measures_sheet

        table = read_measures_sheet(p)
        if table is not None:
            return table
    from .io.inputs import read_csv_table, unreadable_table

    try:
        if p.suffix.lower() == ".csv":
            table = read_csv_table(p, dtype=object, keep_default_na=True)
            sheet = None
        else:
            sheets = pd.read_excel(p, sheet_name=None, dtype=object, engine="calamine")
            sheet = next(iter(sheets))
            table = sheets[sheet]
    except InputError:
        raise
    except Exception as exc:  # any reader failure: not a readable table
        raise unreadable_table(p, hint="give the measures as .xlsx or .csv with measure, kind, from_year …") from exc
    table = table.rename(columns=lambda c: str(c).strip().lower()).dropna(how="all")
    table["_row"] = [int(i) + 2 for i in table.index]
    table["_file"], table["_sheet"] = p.name, sheet
    problems: list[Problem] = []
    for c in NUMBERS:
        if c in table:
            num = pd.to_numeric(table[c], errors="coerce")
            bad = num.isna() & table[c].notna()
            for i in np.flatnonzero(bad.to_numpy()):
                problems.append(Problem(int(table["_row"].iloc[i]), c, "not a number", file=p.name, sheet=sheet,
                                        code="not_a_number", value=table[c].iloc[i]))
            table[c] = num
    if problems:
        raise InputError(problems)
    return table.reset_index(drop=True)


def _where(table: pd.DataFrame, i: int) -> dict[str, Any]:
    """Where row ``i`` of a measures table is: the file, sheet and spreadsheet row it was read from."""
    def get(c: str) -> Any:
        v = table[c].iloc[i] if c in table else None
        return None if v is None or (isinstance(v, float) and np.isnan(v)) else v

    row = get("_row")
    return {"row": int(row) if row is not None else i + 1, "file": get("_file"),
            "sheet": get("_sheet") if "_row" in table else "measures"}


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, float) and np.isnan(v)) or (isinstance(v, str) and not v.strip()) \
        or v is pd.NA


def check_measures(measures: Any) -> pd.DataFrame:
    """The measures as a frame, checked: columns, kinds, each kind's fields, ranges, unique ids, one currency.

    Every problem names the file, sheet, row and column it was read from (a table from the workbook or a
    file carries them; dicts are numbered from 1)."""
    from .activities import resolve

    table = measures if isinstance(measures, pd.DataFrame) else pd.DataFrame(list(measures))
    table = table.reset_index(drop=True).copy()
    where0 = _where(table, 0) if len(table) else {"row": "-", "file": None, "sheet": "measures"}
    problems = [Problem("-", col, "missing column", file=where0["file"], sheet=where0["sheet"], code="missing_column")
                for col in ("measure", "kind", "from_year") if col not in table]
    if problems:
        raise InputError(problems, hint="each measure needs measure, kind, from_year")
    if table.empty:
        raise InputError([Problem("-", "-", "no measures", file=where0["file"], sheet=where0["sheet"],
                                  code="empty")], hint="give at least one measure (one row each)")
    not_numbers: set[tuple[int, str]] = set()  # cells already named "not a number": not also "missing"
    for c in NUMBERS:
        if c in table:
            num = pd.to_numeric(table[c], errors="coerce")
            for k in np.flatnonzero((num.isna() & table[c].notna() & ~table[c].map(_blank)).to_numpy()):
                problems.append(Problem(**_where(table, int(k)), column=c, message="not a number",
                                        code="not_a_number", value=table[c].iloc[k]))
                not_numbers.add((int(k), c))
            table[c] = num
    seen: dict[str, int] = {}
    for i in range(len(table)):
        r = table.iloc[i]
        at = _where(table, i)
        mid = "" if _blank(r["measure"]) else str(r["measure"]).strip()
        if not mid:
            problems.append(Problem(**at, column="measure", message="the measure needs an id", code="missing"))
        elif mid in seen:
            problems.append(Problem(**at, column="measure", message=f"two measures with one id (also row "
                                    f"{seen[mid]})", code="invalid", value=mid))
        else:
            seen[mid] = at["row"]
        if _blank(r["from_year"]) and (i, "from_year") not in not_numbers:
            problems.append(Problem(**at, column="from_year", message="the year the measure starts is missing",
                                    code="missing"))
        kind = r["kind"]
        if kind not in KINDS:
            problems.append(Problem(**at, column="kind", message="unknown measure kind", code="unknown_value",
                                    value=kind, accepted=", ".join(KINDS)))
            continue
        for col in _REQUIRED[str(kind)]:
            if (col not in table or _blank(r[col])) and (i, col) not in not_numbers:
                problems.append(Problem(**at, column=col, message=f"required for {kind}", code="missing"))
        for col in ("from_activity", "to_activity"):
            if col in table and not _blank(r[col]) and kind not in ("electricity_saving", "solar_rooftop", "dppa") \
                    and resolve(str(r[col])) is None:
                problems.append(Problem(**at, column=col, message="not an activity of the catalogue",
                                        code="unknown_activity", value=r[col],
                                        accepted="an activity id or alias (ghgcalc factors search TEXT)"))
        for col in _PERCENT:
            if col in table and not _blank(r[col]) and not 0 < float(r[col]) <= 100:
                problems.append(Problem(**at, column=col, message="a percentage above 0 and at most 100",
                                        code="invalid", value=r[col], accepted="0 < value ≤ 100"))
        for col in _SHARE:
            if col in table and not _blank(r[col]) and not 0 < float(r[col]) <= 1:
                problems.append(Problem(**at, column=col, message="a share above 0 and at most 1 (0.5 = half)",
                                        code="invalid", value=r[col], accepted="0 < value ≤ 1"))
        for col in ("kwp", "yield_kwh_per_kwp", "lifetime_years", "efficiency_ratio"):
            if col in table and not _blank(r[col]) and not float(r[col]) > 0:
                problems.append(Problem(**at, column=col, message="must be above 0", code="zero", value=r[col]))
        for col in ("capital_cost", "ef_market", "discount_rate_pct"):
            if col in table and not _blank(r[col]) and float(r[col]) < 0:
                problems.append(Problem(**at, column=col, message="must not be negative", code="negative",
                                        value=r[col]))
        if kind == "boiler_efficiency" and not any(_blank(r.get(c)) for c in ("efficiency_before",
                                                                               "efficiency_after")) \
                and float(r["efficiency_after"]) <= float(r["efficiency_before"]):
            problems.append(Problem(**at, column="efficiency_after", message="the efficiency after the measure "
                                    "must be above the efficiency before it", code="invalid",
                                    value=r["efficiency_after"]))
        if "capital_cost" in table and not _blank(r["capital_cost"]) and (
                "lifetime_years" not in table or _blank(r["lifetime_years"])):
            problems.append(Problem(**at, column="lifetime_years", message="a capital cost needs the years it is "
                                    "spread over", code="missing"))
    if "currency" in table:
        given = {str(c).strip() for c in table["currency"] if not _blank(c)}
        if len(given) > 1:
            problems.append(Problem(**where0, column="currency", message="the measures' costs are in more than one "
                                    "currency", code="invalid", value=", ".join(sorted(given)),
                                    accepted="one currency for the whole plan"))
    if problems:
        raise InputError(problems, hint="correct these measures")
    return table


def _mwh(rows: pd.DataFrame) -> np.ndarray:
    from .units import conversion_factor

    f = rows["unit"].astype(str).map(lambda u: conversion_factor(u, "MWh"))
    out: np.ndarray = rows["quantity"].to_numpy(float) * f.to_numpy(float)
    return out


def _kg(rows: pd.DataFrame) -> np.ndarray:
    from .units import conversion_factor

    f = rows["unit"].astype(str).map(lambda u: conversion_factor(u, "kg"))
    out: np.ndarray = rows["quantity"].to_numpy(float) * f.to_numpy(float)
    return out


def _scale(res: pd.DataFrame, mask: np.ndarray, share: np.ndarray, columns: tuple[str, ...] = SCALED) -> None:
    """Multiply the quantity-linear columns of the rows in ``mask`` by ``share`` (per row), in place."""
    for c in columns:
        if c in res:  # the column as one array, scaled where masked and set back (no per-column .loc set-up)
            values = res[c].to_numpy(dtype=float, copy=True)
            values[mask] *= share
            res[c] = values


def _per_unit(activity: str, unit: str, inv: Inventory, sector: str) -> pd.Series:
    from .engine import calculate

    one = calculate(pd.DataFrame([{"activity": activity, "quantity": 1.0, "unit": unit}]), gwp=inv.gwp_set,  # type: ignore[arg-type]
                    default_sector=sector, user_factors=inv.user_factors)
    return one.iloc[0]


def _num(m: pd.Series, col: str, default: float) -> float:
    v = m.get(col)
    return default if _blank(v) else float(v)


def _mass_factor_ch4_to_co2(activity: str) -> float:
    """t CO2 per t CH4 burnt, from the dataset (Circular 38/2023/TT-BCT App. II §2 item 5.2: 44/16)."""
    from .factors import shipped_registry

    found = shipped_registry().select(activity, "parameter", technology="co2_per_ch4_combusted",
                                      exact_technology=True)
    if found is None:  # pragma: no cover - the shipped dataset holds it for both wastewater activities
        raise InputError([Problem("-", "from_activity", "no CO2-per-CH4-burnt factor for this activity",
                                  sheet="measures", value=activity)])
    return float(found.value)


def _apply(res: pd.DataFrame, m: pd.Series, base_grid: pd.Series, inv: Inventory,
           sector: str) -> tuple[pd.DataFrame, set[tuple[str, int]]]:
    """``res`` after measure ``m``, and the (activity, year) of the rows it changed."""
    from .activities import resolve

    res = res.copy()
    years = pd.to_numeric(res["year"], errors="coerce").to_numpy()
    on = years >= int(m["from_year"])
    kind = str(m["kind"])
    acts = res["activity"].astype(str).to_numpy()

    def touched(mask: np.ndarray) -> set[tuple[str, int]]:
        return {(a, int(y)) for a, y in zip(acts[mask], years[mask], strict=True)}

    if kind in ("electricity_saving", "solar_rooftop", "dppa"):
        grid = (acts == GRID) & on
        if not grid.any():
            return res, set()
        mwh = pd.Series(_mwh(res[grid]), index=res.index[grid])
        left = mwh.groupby(years[grid]).sum()
        if kind == "solar_rooftop":
            from .units import conversion_factor

            # kWp x kWh/kWp is kWh; divided by the kWh in a MWh (exactly 1000.0; x 0.001 would round otherwise)
            kwh = float(m["kwp"]) * float(m["yield_kwh_per_kwp"])
            cut = pd.Series(kwh / conversion_factor("MWh", "kWh"), index=left.index)
        else:
            cut = float(m["pct"]) / 100 * base_grid.reindex(left.index).fillna(0)
        moved = (np.minimum(cut, left) / left.where(left > 0)).fillna(0.0)
        share = pd.Series(years[grid]).map(moved).to_numpy(float)
        keys = touched(grid)
        if kind == "dppa":
            new = res[grid].copy()
            _scale(new, np.ones(len(new), dtype=bool), share)
            new["activity"] = CONTRACT
            new["scope2_market_co2e_t"] = _mwh(new) * float(m["ef_market"])
            new["notes"] = f"measure {m['measure']}: DPPA electricity"
            new = new[share > 0]
            _scale(res, grid, 1 - share)
            return pd.concat([res, new], ignore_index=True), keys
        _scale(res, grid, 1 - share)
        return res, keys
    if kind == "biogas_capture":
        chosen = (resolve(str(m["from_activity"])) or str(m["from_activity"])) \
            if not _blank(m.get("from_activity")) else None
        rows = (np.isin(acts, [chosen] if chosen else list(WASTEWATER))) & on
        if not rows.any():
            return res, set()
        captured = res.loc[rows, "ch4_t"].to_numpy(float) * float(m["pct"]) / 100
        gwp = np.divide(res.loc[rows, "ch4_co2e_t"].to_numpy(float), res.loc[rows, "ch4_t"].to_numpy(float),
                        out=np.zeros(int(rows.sum())), where=res.loc[rows, "ch4_t"].to_numpy(float) > 0)
        mf = np.array([_mass_factor_ch4_to_co2(a) for a in acts[rows]])
        res.loc[rows, "ch4_t"] = res.loc[rows, "ch4_t"].to_numpy(float) - captured
        res.loc[rows, "ch4_co2e_t"] = res.loc[rows, "ch4_co2e_t"].to_numpy(float) - captured * gwp
        res.loc[rows, "co2e_t"] = res.loc[rows, "co2e_t"].to_numpy(float) - captured * gwp
        res.loc[rows, "biogenic_co2_t"] = res.loc[rows, "biogenic_co2_t"].fillna(0).to_numpy(float) + captured * mf
        return res, touched(rows)
    src = resolve(str(m["from_activity"])) or str(m["from_activity"])
    rows = (acts == src) & on
    if not rows.any():
        return res, set()
    keys = touched(rows)
    share = _num(m, "share", 1.0)
    if kind == "boiler_efficiency":
        saved = share * (1 - float(m["efficiency_before"]) / float(m["efficiency_after"]))
        _scale(res, rows, np.full(int(rows.sum()), 1 - saved))
        return res, keys
    dst = resolve(str(m["to_activity"])) or str(m["to_activity"])
    moved_rows = res[rows].copy()
    if kind == "fuel_switch":
        amount, unit = moved_rows["energy_tj"].to_numpy(float) * share / _num(m, "efficiency_ratio", 1.0), "TJ"
    else:
        amount, unit = _kg(moved_rows) * share, "kg"
    one = _per_unit(dst, unit, inv, sector)
    new = moved_rows.copy()
    new["activity"], new["unit"], new["quantity"] = dst, unit, amount
    for c in SCALED[1:]:
        if c in new and c in one.index:
            v = pd.to_numeric(one[c], errors="coerce")
            new[c] = amount * (0.0 if pd.isna(v) else float(v))
    for c in ("iso_category", "ghgp_scope", "method", "factor_ids", "tier"):
        if c in new and c in one.index:
            new[c] = one[c]
    new["notes"] = f"measure {m['measure']}: {share:.0%} of {src} replaced by {dst}"
    _scale(res, rows, np.full(int(rows.sum()), 1 - share))
    keys |= {(dst, int(y)) for y in years[rows]}
    return pd.concat([res, new], ignore_index=True), keys


def _totals(res: pd.DataFrame, column: str = "co2e_t") -> pd.Series:
    y = pd.to_numeric(res["year"], errors="coerce")
    return pd.to_numeric(res[column], errors="coerce").fillna(0.0).groupby(y).sum()


def annual_cost(m: pd.Series) -> float | None:
    """The measure's cost per year: capital × capital recovery factor + net annual cost (None without costs).

    >>> round(annual_cost(pd.Series({"capital_cost": 1000.0, "lifetime_years": 10, "discount_rate_pct": 10})), 2)
    162.75
    """
    capital = None if _blank(m.get("capital_cost")) else float(m["capital_cost"])
    annual = None if _blank(m.get("annual_cost")) else float(m["annual_cost"])
    if capital is None and annual is None:
        return None
    crf = 0.0
    if capital is not None:
        n = float(m["lifetime_years"])
        r = _num(m, "discount_rate_pct", 0.0) / 100
        crf = r / (1 - (1 + r) ** -n) if r > 0 else 1 / n
    return (capital or 0.0) * crf + (annual or 0.0)


def plan(inventory: Inventory, measures: Any, *, as_of: dt.date | None = None) -> Plan:
    """Apply ``measures`` (dicts, a frame or a read ``measures`` sheet; see the module text) to ``inventory``
    in order, and compare the emissions, the Decree 06 status and the quota balance without and with them."""
    from .applicability import applicability
    from .report import SECTOR_BY_TYPE, _facility_for_rules

    table = check_measures(measures)
    currency = next((str(c).strip() for c in table.get("currency", pd.Series(dtype=object)) if not _blank(c)),
                    DEFAULT_CURRENCY)
    fac = dict(inventory.facility)
    ftype = str(fac.get("facility_type") or "industrial")
    ftype = ftype if ftype in SECTOR_BY_TYPE else "other"
    sector = str(fac.get("sector") or SECTOR_BY_TYPE[ftype])
    res = inventory.results.copy()
    years = pd.to_numeric(res["year"], errors="coerce")
    inv_years = sorted(int(y) for y in years.dropna().unique())
    grid = res["activity"].astype(str) == GRID
    base_grid = pd.Series(_mwh(res[grid]), index=res.index[grid]).groupby(years[grid]).sum()
    emissions = pd.DataFrame({"baseline_t": _totals(res)})
    base_market = _totals(res, "scope2_market_co2e_t")
    rows: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    touched_by: dict[tuple[str, int], list[str]] = {}
    for _, m in table.iterrows():
        mid, start = str(m["measure"]).strip(), int(m["from_year"])
        before, before_market = _totals(res), _totals(res, "scope2_market_co2e_t")
        res, keys = _apply(res, m, base_grid, inventory, sector)
        after = _totals(res).reindex(before.index).fillna(0.0)
        after_market = _totals(res, "scope2_market_co2e_t").reindex(before.index).fillna(0.0)
        emissions[f"after_{mid}_t"] = after
        overlap: dict[tuple[str, ...], list[int]] = {}
        for act, y in sorted(keys):
            earlier = touched_by.get((act, y), [])
            if earlier:
                overlap.setdefault((act, *earlier), []).append(y)
        for (act, *earlier), ys in overlap.items():
            notes.append({"code": "overlap", "measure": mid, "other": list(dict.fromkeys(earlier)), "activity": act,
                          "years": sorted(set(ys))})
        for k in keys:
            touched_by.setdefault(k, []).append(mid)
        if start > max(inv_years):
            notes.append({"code": "after_inventory", "measure": mid, "other": [], "activity": None,
                          "years": [start]})
        elif not keys:
            notes.append({"code": "no_source", "measure": mid, "other": [], "activity": None, "years": []})
        yearly_cost = annual_cost(m)
        for y in before.index:
            active = y >= start
            abated = float(before[y] - after[y]) if active else 0.0
            abated_market = float(before_market[y] - after_market[y]) if active else 0.0
            cost = yearly_cost if active else None
            rows.append({"year": int(y), "measure": mid, "kind": str(m["kind"]), "abatement_t": abated,
                         "abatement_scope2_market_t": abated_market, "annual_cost": cost,
                         "cost_per_t": cost / abated if cost is not None and abated > 0 else None})
        active_rows = [r for r in rows if r["measure"] == mid and r["year"] >= start]
        if m["kind"] == "dppa" and active_rows:
            notes.append({"code": "market_only", "measure": mid, "other": [], "activity": GRID,
                          "years": [r["year"] for r in active_rows]})
        raised = [r["year"] for r in active_rows if r["abatement_t"] < -1e-9]
        if raised:
            notes.append({"code": "raises_total", "measure": mid, "other": [], "activity": None, "years": raised})
    emissions["with_plan_t"] = _totals(res).reindex(emissions.index).fillna(0.0)
    emissions["abatement_t"] = emissions["baseline_t"] - emissions["with_plan_t"]
    emissions["baseline_scope2_market_t"] = base_market.reindex(emissions.index).fillna(0.0)
    emissions["with_plan_scope2_market_t"] = _totals(res, "scope2_market_co2e_t").reindex(emissions.index).fillna(0.0)
    emissions = emissions.rename_axis("year").reset_index()
    emissions["year"] = emissions["year"].astype(int)
    out = pd.DataFrame(rows)
    out["order"] = out.groupby("year").cumcount() + 1
    status, criteria = [], []
    day = as_of or (inventory.applicability.as_of if inventory.applicability else dt.date.today())
    for label, r in (("baseline", inventory.results), ("with_plan", res)):
        a = applicability(_facility_for_rules(fac, ftype, r, r), as_of=day)
        status.append({"scenario": label, "data_year": a.data_year, "status": str(a.status),
                       "emissions_tco2e": a.emissions_tco2e, "toe": a.toe,
                       "criteria_met": ";".join(c.rule for c in a.criteria if c.met)})
        criteria += [{"scenario": label, "rule": c.rule, "value": c.value, "threshold": c.threshold, "unit": c.unit,
                      "met": c.met, "citation": c.citation, "description": c.description,
                      "description_vi": c.description_vi} for c in a.criteria]
    mac_year, mac = _mac(out)
    keep = [c for c in ("measure", "kind", "from_year", "description", *[c for c in NUMBERS if c != "from_year"],
                        "from_activity", "to_activity", "yield_source", "currency") if c in table]
    return Plan(emissions=emissions, measures=out, status=pd.DataFrame(status), scenario=res,
                definitions=table[keep].reset_index(drop=True), criteria=pd.DataFrame(criteria),
                quota=_quota(inventory, res), mac=mac, mac_year=mac_year, notes=notes, currency=currency)


def _quota(inventory: Inventory, scenario: pd.DataFrame) -> pd.DataFrame:
    """Per year of the quota phase: the allocation, emissions in the boundary and balance, without and with."""
    base = inventory.quota()
    if base is None:
        return pd.DataFrame()
    with_plan = inventory.quota(results=scenario)
    assert with_plan is not None
    after = {y.year: y for y in with_plan.years}
    return pd.DataFrame([{"year": y.year, "allocated_t": y.allocated_t, "emissions_baseline_t": y.verified_t,
                          "emissions_with_plan_t": after[y.year].verified_t, "balance_baseline_t": y.balance_t,
                          "balance_with_plan_t": after[y.year].balance_t} for y in base.years])


def _mac(measures: pd.DataFrame) -> tuple[int | None, pd.DataFrame]:
    """The marginal abatement cost curve of the latest year with abatement: measures with a cost and a positive
    abatement, cheapest per tonne first, each a step as wide as its abatement."""
    active = measures[measures["abatement_t"] > 1e-9]
    if active.empty:
        return None, pd.DataFrame()
    year = int(active["year"].max())
    m = measures[(measures["year"] == year) & (measures["abatement_t"] > 1e-9) & measures["cost_per_t"].notna()]
    m = m.sort_values(["cost_per_t", "order"], kind="stable")
    end = m["abatement_t"].cumsum()
    return year, pd.DataFrame({"measure": m["measure"].to_numpy(), "kind": m["kind"].to_numpy(),
                               "abatement_t": m["abatement_t"].to_numpy(float),
                               "cost_per_t": m["cost_per_t"].to_numpy(float),
                               "annual_cost": m["annual_cost"].to_numpy(float),
                               "cumulative_start_t": (end - m["abatement_t"]).to_numpy(float),
                               "cumulative_end_t": end.to_numpy(float)})


def _opt(x: Any) -> float | None:
    """A finite float, or None."""
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if np.isfinite(v) else None


def plan_model(p: Plan | None, as_of: dt.date | None = None) -> PlanModel | None:
    """The report model's plan block (None without a plan): ids and numbers, words only in renderers."""
    from .report_model import (
        MacStep,
        PlanCriterion,
        PlanMeasure,
        PlanMeasureYear,
        PlanModel,
        PlanNote,
        PlanQuotaYear,
        PlanStatus,
        PlanYear,
    )

    if p is None:
        return None
    cost_fields = ("capital_cost", "lifetime_years", "discount_rate_pct", "annual_cost")
    skip = {"measure", "kind", "from_year", "description", "currency", *cost_fields}
    measures = []
    for i, r in enumerate(p.definitions.to_dict("records"), start=1):
        params: dict[str, float | str] = {}
        for k, v in r.items():
            if k in skip or _blank(v):
                continue
            params[k] = float(v) if k in NUMBERS else str(v).strip()
        desc = None if _blank(r.get("description")) else str(r["description"]).strip()
        measures.append(PlanMeasure(measure=str(r["measure"]).strip(), order=i, kind=str(r["kind"]),
                                    from_year=int(r["from_year"]), description=desc, parameters=params,
                                    annualised_cost=annual_cost(pd.Series(r)),
                                    **{k: _opt(r.get(k)) for k in cost_fields}))
    by_year = {y: g for y, g in p.measures.groupby("year")}
    years = [PlanYear(year=int(e["year"]), baseline_t=float(e["baseline_t"]), with_plan_t=float(e["with_plan_t"]),
                      abatement_t=float(e["abatement_t"]),
                      baseline_scope2_market_t=float(e["baseline_scope2_market_t"]),
                      with_plan_scope2_market_t=float(e["with_plan_scope2_market_t"]),
                      measures=[PlanMeasureYear(measure=str(x["measure"]), abatement_t=float(x["abatement_t"]),
                                                abatement_scope2_market_t=float(x["abatement_scope2_market_t"]),
                                                annual_cost=_opt(x["annual_cost"]), cost_per_t=_opt(x["cost_per_t"]))
                                for x in by_year[e["year"]].to_dict("records")])
             for e in p.emissions.to_dict("records")]
    status = [PlanStatus(scenario=str(r["scenario"]), data_year=None if _blank(r["data_year"]) else int(r["data_year"]),
                         status=str(r["status"]), emissions_tco2e=_opt(r["emissions_tco2e"]), toe=_opt(r["toe"]))
              for r in p.status.to_dict("records")]
    criteria = []
    if not p.criteria.empty:
        c = p.criteria
        for r in c[c["scenario"] == "baseline"].to_dict("records"):
            w = c[(c["scenario"] == "with_plan") & (c["rule"] == r["rule"])]
            after = w.iloc[0] if len(w) else None
            criteria.append(PlanCriterion(
                rule=str(r["rule"]), description={"en": str(r["description"]), "vi": str(r["description_vi"])},
                threshold=float(r["threshold"]), unit=str(r["unit"]), citation=str(r["citation"]),
                value_baseline=_opt(r["value"]), value_with_plan=None if after is None else _opt(after["value"]),
                met_baseline=None if r["met"] is None else bool(r["met"]),
                met_with_plan=None if after is None or after["met"] is None else bool(after["met"])))
    quota = [PlanQuotaYear(year=int(r["year"]), allocated_t=float(r["allocated_t"]),
                           **{k: _opt(r[k]) for k in ("emissions_baseline_t", "emissions_with_plan_t",
                                                      "balance_baseline_t", "balance_with_plan_t")})
             for r in p.quota.to_dict("records")]
    mac = [MacStep.model_validate({k: (str(v) if k in ("measure", "kind") else float(v)) for k, v in r.items()})
           for r in p.mac.to_dict("records")]
    notes = [PlanNote(code=str(n["code"]), measure=str(n["measure"]), other=[str(o) for o in n.get("other") or []],
                      activity=None if n.get("activity") is None else str(n["activity"]),
                      years=[int(y) for y in n.get("years") or []]) for n in p.notes]
    return PlanModel(currency=p.currency, measures=measures, years=years, status=status, criteria=criteria,
                     quota=quota, mac_year=p.mac_year, mac=mac, notes=notes)


def plan_model_tables(pm: PlanModel) -> dict[str, pd.DataFrame]:
    """The report model's plan as flat id tables (the CSV folder): ``plan_measures`` (one row a measure, its
    fields as ``parameters.<id>``), ``plan_years`` (per year and measure, with the year's totals), ``plan_mac``,
    ``plan_status`` (the scenarios and each listing criterion), ``plan_quota`` and ``plan_notes`` when present."""
    def flat(d: dict[str, Any]) -> dict[str, Any]:
        return {**{k: v for k, v in d.items() if k != "parameters"},
                **{f"parameters.{k}": v for k, v in (d.get("parameters") or {}).items()}}

    out = {"plan_measures": pd.DataFrame([{**flat(x.model_dump()), "currency": pm.currency} for x in pm.measures]),
           "plan_years": pd.DataFrame([{"year": y.year, "baseline_t": y.baseline_t, "with_plan_t": y.with_plan_t,
                                        "year_abatement_t": y.abatement_t, **x.model_dump()}
                                       for y in pm.years for x in y.measures]),
           "plan_status": pd.DataFrame([s.model_dump() for s in pm.status]),
           "plan_criteria": pd.DataFrame([{**c.model_dump(exclude={"description"})} for c in pm.criteria])}
    if pm.mac:
        out["plan_mac"] = pd.DataFrame([{"year": pm.mac_year, **s.model_dump()} for s in pm.mac])
    if pm.quota:
        out["plan_quota"] = pd.DataFrame([q.model_dump() for q in pm.quota])
    if pm.notes:
        out["plan_notes"] = pd.DataFrame([{**n.model_dump(), "other": ";".join(n.other),
                                           "years": ";".join(map(str, n.years))} for n in pm.notes])
    return out
