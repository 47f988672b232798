"""Base year and recalculation (ISO 14064-1:2018 clause 6.4; Circular 38/2023/TT-BCT Art. 22).

``recalculate(previous, current)`` compares a report published earlier (its JSON,
read by :func:`read_previous`) with today's inventory of the same facility. For
every year of the earlier report it sets the CO2e as published beside the CO2e
of the same year computed with today's methods, factors and data (the year's
rows of the current workbook), source by source, and names why they differ:

``factor_change``
    a source uses other factors now (a new grid factor, a revised Decision 2626
    value, another dataset edition);
``method_change``
    another GWP set;
``data_correction``
    the activity data of a source were corrected (an error found);
``source_added`` / ``source_removed``
    a source is counted now that was not, or no longer (a structural change of
    the boundary, or an omission found);
``boundary_change``
    the facility's consolidation approach or boundary description changed.

A year whose total moves by at least the significance threshold (the facility's
``recalculation_threshold_pct``, else the policy default in
``emission_factors/rules/recalculation.yaml``) must be recalculated; the base
year (facility field ``base_year``) is flagged apart. Earlier years absent from
the current workbook cannot be recomputed: their rows say so.

Without the earlier report, :func:`as_published` rebuilds it from today's
workbook "as published then": the years before a date, computed with the factor
editions published by that date (``valid_from`` and the documents' ``published``
dates, :func:`ghgcalc.factors.known_mask`); ``recalculate(as_published(path,
date), inv)`` then shows what today's factors change ("as of now").

Frames are keyed by ids (year, ISO category, activity, reason codes); labels
belong to the renderers.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field

from .data import dataset_dir
from .errors import GhgcalcError

if TYPE_CHECKING:
    from .inventory import Inventory

#: Reason codes, in the order they are listed.
REASONS = ("boundary_change", "method_change", "factor_change", "data_correction", "source_added", "source_removed")


class PreviousSource(BaseModel):
    """One source row of an earlier report, as far as recalculation needs it."""

    model_config = ConfigDict(extra="ignore")

    year: int | None
    activity: str
    quantity: float | None = None
    unit: str = ""
    category: str
    factor_ids: list[str] = Field(default_factory=list)
    co2e_t: float


class PreviousReport(BaseModel):
    """What recalculation reads from an earlier report, whatever the JSON layout it came in."""

    model_config = ConfigDict(extra="ignore")

    facility_name: str = ""
    tax_code: str | None = None
    base_year: int | None = None
    consolidation: str | None = None
    boundary_notes: str | None = None
    gwp_set: str = ""
    factor_dataset_version: str = ""
    ghgcalc_version: str = ""
    sources: list[PreviousSource]
    #: the file it was read from and the layout (``report_model`` with its schema version, or ``tables``)
    origin: str = ""
    layout: str = ""
    #: set by :func:`as_published`: the day whose factor editions the earlier years were computed with
    factors_as_of: dt.date | None = None


@lru_cache(maxsize=1)
def default_threshold_pct() -> float:
    """The policy's default significance threshold [% of a year's total]."""
    with (dataset_dir() / "rules" / "recalculation.yaml").open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return float(data["significance_threshold_pct"]["value"])


def read_previous(source: str | Path | dict[str, Any] | Inventory | PreviousReport) -> PreviousReport:
    """An earlier report as :class:`PreviousReport`: a ``report.json`` path, its parsed dict, or an Inventory.

    Two JSON layouts are read: the report model (``schema_version``, ``facility``,
    ``sources``, ``provenance``) and the earlier table dump (``facility``,
    ``gwp_set``, ``tables.detail``, ``tables.provenance``).
    """
    from .inventory import Inventory

    if isinstance(source, PreviousReport):
        return source
    if isinstance(source, Inventory):
        return _from_inventory(source)
    origin = ""
    if isinstance(source, (str, Path)):
        path = Path(source)
        origin = str(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise GhgcalcError(f"{path}: previous report not found",
                               hint="give the report.json written by `ghgcalc report ... -o report.json`") from exc
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise GhgcalcError(f"{path}: not a JSON report ({exc})",
                               hint="give the report.json written by `ghgcalc report ... -o report.json`") from exc
    else:
        data = source
    if not isinstance(data, dict):
        raise GhgcalcError(f"{origin or 'previous report'}: a report JSON is an object",
                           hint="give the report.json written by `ghgcalc report ... -o report.json`")
    if "schema_version" in data and "sources" in data:
        rep = _from_report_model(data)
    elif isinstance(data.get("tables"), dict) and "detail" in data["tables"]:
        rep = _from_tables(data)
    else:
        raise GhgcalcError(f"{origin or 'previous report'}: no source rows found (neither 'sources' nor "
                           "'tables.detail')",
                           hint="give the report.json written by `ghgcalc report ... -o report.json`")
    return rep.model_copy(update={"origin": origin})


def _int(x: Any) -> int | None:
    try:
        return None if x in (None, "", "None", "nan") else int(float(x))
    except (TypeError, ValueError):
        return None


def _text(x: Any) -> str | None:
    s = "" if x is None else str(x).strip()
    return None if s in ("", "None", "nan") else s


def _from_report_model(d: dict[str, Any]) -> PreviousReport:
    fac = d.get("facility") or {}
    prov = d.get("provenance") or {}
    sources = [PreviousSource(year=_int(s.get("year")), activity=str(s["activity"]), quantity=s.get("quantity"),
                              unit=str(s.get("unit") or ""), category=str(s.get("category")),
                              factor_ids=list(s.get("factor_ids") or []), co2e_t=float(s.get("co2e_t") or 0.0))
               for s in d["sources"]]
    return PreviousReport(facility_name=str(fac.get("name") or ""), tax_code=_text(fac.get("tax_code")),
                          base_year=_int(fac.get("base_year")), consolidation=_text(fac.get("consolidation")),
                          boundary_notes=_text(fac.get("boundary_notes")), gwp_set=str(prov.get("gwp_set") or ""),
                          factor_dataset_version=str(prov.get("factor_dataset_version") or ""),
                          ghgcalc_version=str(prov.get("ghgcalc_version") or ""), sources=sources,
                          layout=f"report_model {d.get('schema_version')}")


def _from_tables(d: dict[str, Any]) -> PreviousReport:
    fac = d.get("facility") or {}
    prov = {str(r.get("item")): r.get("value") for r in d["tables"].get("provenance") or []}
    sources = [PreviousSource(year=_int(r.get("year")), activity=str(r["activity"]), quantity=r.get("quantity"),
                              unit=str(r.get("unit") or ""), category=str(r.get("iso_category")),
                              factor_ids=[i for i in str(r.get("factor_ids") or "").split(";") if i],
                              co2e_t=float(r.get("co2e_t") or 0.0))
               for r in d["tables"]["detail"]]
    return PreviousReport(facility_name=str(fac.get("name") or ""), tax_code=_text(fac.get("tax_code")),
                          base_year=_int(fac.get("base_year")), consolidation=_text(fac.get("consolidation")),
                          boundary_notes=_text(fac.get("boundary_notes")),
                          gwp_set=str(d.get("gwp_set") or prov.get("gwp_set") or ""),
                          factor_dataset_version=str(prov.get("factor_dataset_version") or ""),
                          ghgcalc_version=str(prov.get("ghgcalc_version") or ""), sources=sources, layout="tables")


def as_published(source: str | Path, on: dt.date, **options: Any) -> PreviousReport:
    """The inventory of the workbook ``source`` as it could be published on ``on``.

    The years before ``on``'s year, computed with the factor editions published by ``on``
    (``build_inventory(source, factors_as_of=on)``): e.g. a 2022 report made in March 2023 had the
    2021 grid factor only. ``options`` go to :func:`ghgcalc.report.build_inventory` (``gwp``, ``as_of`` …).
    Its ``origin`` names the file and the date.
    """
    from .report import build_inventory

    inv = build_inventory(source, factors_as_of=on, **options)
    rep = _from_inventory(inv)
    earlier = [s for s in rep.sources if s.year is not None and s.year < on.year]
    if not earlier:
        raise GhgcalcError(f"{Path(source).name} has no year before {on.year} to recompute as of {on.isoformat()}",
                           hint="give a date after the end of the earlier year, e.g. the day that report was sent")
    return rep.model_copy(update={"sources": earlier, "origin": f"{Path(source).name} as of {on.isoformat()}",
                                  "layout": f"as_published {on.isoformat()}",
                                  "factors_as_of": on})


def _from_inventory(inv: Inventory) -> PreviousReport:
    r = inv.results
    sources = [PreviousSource(year=_int(y), activity=str(a), quantity=float(q), unit=str(u), category=str(c),
                              factor_ids=[i for i in str(f).split(";") if i], co2e_t=float(e))
               for y, a, q, u, c, f, e in zip(r["year"] if "year" in r else [None] * len(r), r["activity"],
                                              r["quantity"], r["unit"], r["iso_category"], r["factor_ids"],
                                              r["co2e_t"], strict=True)]
    f = inv.facility
    return PreviousReport(facility_name=str(f.get("name") or ""), tax_code=_text(f.get("tax_code")),
                          base_year=_int(f.get("base_year")), consolidation=_text(f.get("consolidation")),
                          boundary_notes=_text(f.get("boundary_notes")), gwp_set=inv.gwp_set,
                          factor_dataset_version=str(r.attrs.get("factor_dataset_version") or ""),
                          ghgcalc_version=str(r.attrs.get("ghgcalc_version") or ""), sources=sources,
                          layout="inventory")


@dataclass
class Recalculation:
    """Earlier years as published and as computed today, with the reasons they differ (id-keyed frames)."""

    #: year, category (ISO 14064-1; "total" for the year), original_co2e_t, recalculated_co2e_t, difference_co2e_t,
    #: difference_pct, reasons (codes joined by ";"), significant (the year's total moved by ≥ the threshold),
    #: recomputed (False: the year has no rows in the current workbook)
    table: pd.DataFrame
    #: year, activity, category, original_co2e_t, recalculated_co2e_t, difference_co2e_t, reasons, detail
    sources: pd.DataFrame
    #: year, reason, activity, detail: each trigger found (ids and values, no prose)
    triggers: pd.DataFrame
    threshold_pct: float
    base_year: int | None
    previous: PreviousReport = field(repr=False)
    current_factor_dataset_version: str = ""
    current_gwp_set: str = ""

    @property
    def required(self) -> bool:
        """True when some year (the base year included) moved by at least the threshold."""
        t = self.table
        return bool(t.loc[t["category"] == "total", "significant"].fillna(False).any())

    @property
    def base_year_required(self) -> bool:
        """True when the base year is among the recomputed years and moved by at least the threshold."""
        if self.base_year is None:
            return False
        t = self.table
        hit = t[(t["category"] == "total") & (t["year"] == self.base_year)]
        return bool(len(hit) and hit["significant"].fillna(False).iloc[0])

    def explain(self, lang: str = "en") -> str:
        """Plain-text summary for the terminal, in ``lang``.

        ``en`` (the default) shows the ids as they are (reason codes, activity ids, the triggers' details);
        ``vi`` takes its words from the catalogue (``recalc.explain.*``, ``recalc.<reason>``), names activities
        and factors, and writes numbers and dates as Vietnamese does (1.234,5; 31/03/2023).
        """
        from . import l10n

        if lang not in l10n.LANGS:
            raise ValueError(f"language {lang!r}: use one of {', '.join(l10n.LANGS)}")
        en = lang == "en"

        def w(key: str, **params: Any) -> str:
            return l10n.t(f"recalc.explain.{key}", lang, **params)

        def fmt(x: float, decimals: int, grouped: bool = True) -> str:
            if not en:
                return l10n.num(x, lang, decimals)
            return f"{x:,.{decimals}f}" if grouped else f"{x:.{decimals}f}"

        prev = self.previous
        origin = prev.origin or w("previous")
        if not en and prev.origin and prev.factors_as_of is not None:
            origin = w("as_of", file=prev.origin.rsplit(" as of ", 1)[0], date=l10n.date(prev.factors_as_of, lang))
        lines = [w("head", origin=origin, before=prev.factor_dataset_version or "?",
                   after=self.current_factor_dataset_version, gwp_before=prev.gwp_set or "?",
                   gwp_after=self.current_gwp_set,
                   pct=f"{self.threshold_pct:g}" if en else l10n.sig(self.threshold_pct, lang),
                   base=self.base_year if self.base_year is not None else w("no_base"))]
        labels = [w(k) for k in ("year", "category", "original", "recalculated", "difference", "pct")]
        widths = [max(d, len(x)) for d, x in zip((6, 8, 14, 14, 12, 7), labels, strict=True)]
        widths[3] = max(widths[3], len(w("not_recomputed")))
        total = "total" if en else l10n.t("doc.total", lang)
        widths[1] = max(widths[1], *(len(total if c == "total" else str(c)) for c in self.table["category"]))
        lines.append("  " + " ".join(x.rjust(n) for x, n in zip(labels, widths, strict=True)) + "  " + w("reasons"))
        for r in self.table.itertuples(index=False):
            cat = total if r.category == "total" else r.category
            rec = fmt(r.recalculated_co2e_t, 1) if r.recomputed else w("not_recomputed")
            diff = fmt(r.difference_co2e_t, 1) if r.recomputed else ""
            pct = fmt(r.difference_pct, 2, grouped=False) if r.recomputed and pd.notna(r.difference_pct) else ""
            reasons = r.reasons if en else ", ".join(_reason(c, lang) for c in str(r.reasons).split(";") if c)
            flag = "  " + w("significant") if r.category == "total" and r.significant else ""
            cells = (str(r.year), str(cat), fmt(r.original_co2e_t, 1), rec, diff, pct)
            lines.append("  " + " ".join(x.rjust(n) for x, n in zip(cells, widths, strict=True))
                         + f"  {reasons}{flag}")
        for t in self.triggers.itertuples(index=False):
            if en:
                lines.append(f"  - {t.year} {t.reason}: " + " ".join(x for x in (t.activity, t.detail) if x))
                continue
            what = " ".join(x for x in (_activity(str(t.activity), lang), _detail(str(t.reason), str(t.detail), lang))
                            if x)
            lines.append(f"  - {t.year} {_reason(str(t.reason), lang)}" + (f": {what}" if what else ""))
        if self.base_year_required:
            lines.append("  " + w("base_year", year=self.base_year))
        return "\n".join(lines)


def _reason(code: str, lang: str) -> str:
    """A reason code in words of ``lang`` (``recalc.<code>``; the code itself if the catalogue has none)."""
    from . import l10n

    return l10n.t(f"recalc.{code}", lang) if l10n.has(f"recalc.{code}", lang) else code


def _activity(text: str, lang: str) -> str:
    """``gas_diesel_oil (1.1)`` of a trigger as ``Dầu diesel (1.1)``."""
    from . import l10n

    if not text:
        return ""
    activity, _, rest = text.partition(" (")
    return l10n.activity(activity, lang) + (f" ({rest}" if rest else "")


def _detail(reason: str, detail: str, lang: str) -> str:
    """A trigger's detail (ids and values) in ``lang``: factors cited, quantities in local numbers, arrows."""
    from . import l10n

    if not detail:
        return ""
    before, sep, after = detail.partition(" -> ")
    if reason == "boundary_change":
        key = f"recalc.explain.changed_{detail.split()[0]}"
        return l10n.t(key, lang) if l10n.has(key, lang) else detail
    if reason == "data_correction" and before.startswith("quantity "):
        def quantities(text: str) -> str:
            return re.sub(r"(-?\d[\d.e+-]*) (\S+?)(?=,|$)",
                          lambda m: f"{l10n.sig(float(m[1]), lang)} {l10n.unit(m[2], lang)}", text)
        return l10n.t("recalc.explain.quantity", lang, before=quantities(before.removeprefix("quantity ")),
                      after=quantities(after))
    if reason == "method_change":
        before = "GWP " + before.removeprefix("gwp_set ")
    if reason == "factor_change":
        before, after = _factors(before, lang), _factors(after, lang)
    return f"{before} → {after}" if sep else detail


def _factors(ids: str, lang: str) -> str:
    """Factor ids joined by ``;`` as citations (value, unit, source, table); an id the dataset lacks as written."""
    from . import l10n
    from .errors import FactorNotFoundError
    from .factors import shipped_registry

    out = []
    for fid in (x for x in ids.split(";") if x):
        if fid.startswith("user."):  # the facility's own factor, named by its ef_source as the user wrote it
            out.append(l10n.t("recalc.explain.own_factor", lang, source=fid[5:].rsplit(".", 1)[0]))
            continue
        try:
            row = shipped_registry().lookup(fid)
        except FactorNotFoundError:
            out.append(fid)
            continue
        out.append(l10n.factor_citation(float(row["value"]), str(row["unit"]), str(row["source_id"]),
                                        str(row["table"]), lang))
    return "; ".join(out) or "—"


def recalculate(previous: str | Path | dict[str, Any] | Inventory | PreviousReport, current: Inventory, *,
                threshold_pct: float | None = None, base_year: int | None = None) -> Recalculation:
    """Recompute the years of an earlier report on today's methods and factors, and say why they differ.

    Parameters
    ----------
    previous : path, dict, Inventory or PreviousReport
        The report published earlier (``report.json``; see :func:`read_previous`).
    current : Inventory
        Today's inventory of the same facility; its rows of an earlier year are
        that year's data as known today.
    threshold_pct : float, optional
        Significance threshold [% of the year's total]; default the facility's
        ``recalculation_threshold_pct``, else the policy default (5 %).
    base_year : int, optional
        Default the facility's ``base_year``, else the previous report's.
    """
    prev = read_previous(previous)
    fac = current.facility
    thr = threshold_pct if threshold_pct is not None else _float(fac.get("recalculation_threshold_pct"))
    thr = thr if thr is not None else default_threshold_pct()
    if not thr > 0:
        raise GhgcalcError(f"recalculation threshold {thr} % must be positive",
                           hint="set recalculation_threshold_pct, e.g. 5")
    base = base_year if base_year is not None else _int(fac.get("base_year"))
    base = base if base is not None else prev.base_year

    res = current.results
    cur_years = res["year"].astype("Int64") if "year" in res else pd.Series(pd.NA, index=res.index, dtype="Int64")
    cur = pd.DataFrame({"year": cur_years.to_numpy(), "activity": res["activity"].astype(str).to_numpy(),
                        "iso_category": res["iso_category"].astype(str).to_numpy(),
                        "unit": res["unit"].astype(str).to_numpy(),
                        "quantity": res["quantity"].to_numpy(dtype=float),
                        "factor_ids": res["factor_ids"].astype(str).to_numpy(),
                        "co2e_t": res["co2e_t"].to_numpy(dtype=float)})
    old = pd.DataFrame([{"year": s.year, "activity": s.activity, "iso_category": s.category, "unit": s.unit,
                         "quantity": s.quantity, "factor_ids": ";".join(s.factor_ids), "co2e_t": s.co2e_t}
                        for s in prev.sources],
                       columns=["year", "activity", "iso_category", "unit", "quantity", "factor_ids", "co2e_t"])
    old["year"] = old["year"].astype("Int64")
    prev_years = sorted(int(y) for y in old["year"].dropna().unique())
    known_years = {int(y) for y in cur["year"].dropna().unique()}

    triggers: list[dict[str, Any]] = []
    general: list[str] = []
    if prev.gwp_set and prev.gwp_set != current.gwp_set:
        general.append("method_change")
        triggers += [{"year": y, "reason": "method_change", "activity": "",
                      "detail": f"gwp_set {prev.gwp_set} -> {current.gwp_set}"} for y in prev_years]
    for key in ("consolidation", "boundary_notes"):
        before, now = getattr(prev, key), _text(fac.get(key))
        if before is not None and before != now:
            general.append("boundary_change")
            triggers += [{"year": y, "reason": "boundary_change", "activity": "", "detail": f"{key} changed"}
                         for y in prev_years]
    cur_version = str(res.attrs.get("factor_dataset_version") or "")

    src_rows: list[dict[str, Any]] = []
    for year in prev_years:
        recomputed = year in known_years
        o = old[old["year"] == year]
        c = cur[cur["year"] == year]
        og = _by_source(o)
        cg = _by_source(c) if recomputed else og.iloc[0:0]
        keys = list(dict.fromkeys([*og.index, *(cg.index if recomputed else [])]))
        for key in keys:
            activity, cat = key
            before = og.loc[key] if key in og.index else None
            now = cg.loc[key] if key in cg.index else None
            found: dict[str, str] = {}  # reason -> detail (ids and values)
            if recomputed and before is None:
                found["source_added"] = ""
            elif recomputed and now is None:
                found["source_removed"] = ""
            elif recomputed and before is not None and now is not None:
                fo, fn = set(before["ids"]), set(now["ids"])
                if fo != fn:
                    found["factor_change"] = f"{';'.join(sorted(fo - fn))} -> {';'.join(sorted(fn - fo))}"
                if not _same_quantities(before["quantities"], now["quantities"]):
                    found["data_correction"] = f"quantity {_q(before['quantities'])} -> {_q(now['quantities'])}"
            o_e = float(before["co2e_t"]) if before is not None else 0.0
            n_e = (float(now["co2e_t"]) if now is not None else 0.0) if recomputed else float("nan")
            if recomputed and not found and "method_change" in general and abs(n_e - o_e) > 1e-9 * max(abs(o_e), 1):
                found["method_change"] = ""
            reasons = _ordered(list(found))
            triggers += [{"year": year, "reason": r, "activity": f"{activity} ({cat})", "detail": found[r]}
                         for r in reasons if r != "method_change"]
            src_rows.append({"year": year, "activity": activity, "iso_category": cat, "original_co2e_t": o_e,
                             "recalculated_co2e_t": n_e, "difference_co2e_t": n_e - o_e,
                             "reasons": ";".join(reasons), "detail": "; ".join(d for d in found.values() if d)})
    sources = pd.DataFrame(src_rows, columns=["year", "activity", "iso_category", "original_co2e_t",
                                              "recalculated_co2e_t", "difference_co2e_t", "reasons", "detail"])
    table = _category_table(sources, prev_years, known_years, general, thr)
    trig = pd.DataFrame(triggers, columns=["year", "reason", "activity", "detail"])
    if prev.factor_dataset_version and cur_version and prev.factor_dataset_version != cur_version:
        trig = pd.concat([trig, pd.DataFrame([{"year": y, "reason": "factor_dataset", "activity": "",
                                               "detail": f"{prev.factor_dataset_version} -> {cur_version}"}
                                              for y in prev_years])], ignore_index=True)
    trig = trig.sort_values(["year"], kind="stable").reset_index(drop=True)
    table = table.rename(columns={"iso_category": "category"})
    sources = sources.rename(columns={"iso_category": "category"})
    return Recalculation(table=table, sources=sources, triggers=trig, threshold_pct=float(thr), base_year=base,
                         previous=prev, current_factor_dataset_version=cur_version, current_gwp_set=current.gwp_set)


def _float(x: Any) -> float | None:
    try:
        return None if x in (None, "") else float(x)
    except (TypeError, ValueError):
        return None


def _by_source(frame: pd.DataFrame) -> pd.DataFrame:
    """Per (activity, category): CO2e, the factor ids used, and the quantities by unit."""
    if frame.empty:
        return pd.DataFrame(columns=["co2e_t", "ids", "quantities"],
                            index=pd.MultiIndex.from_tuples([], names=["activity", "iso_category"]))
    out = {}
    for key, g in frame.groupby(["activity", "iso_category"], sort=False):
        ids = sorted({i for s in g["factor_ids"] for i in str(s).split(";") if i and i != "nan"})
        q = g.groupby("unit")["quantity"].sum(min_count=1).to_dict()
        out[key] = {"co2e_t": float(g["co2e_t"].sum()), "ids": ids, "quantities": q}
    return pd.DataFrame.from_dict(out, orient="index")


def _same_quantities(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if set(a) != set(b):
        return False
    for u, qa in a.items():
        qb = b[u]
        if pd.isna(qa) or pd.isna(qb):
            continue
        if abs(float(qa) - float(qb)) > 1e-9 * max(abs(float(qa)), 1.0):
            return False
    return True


def _q(q: dict[str, Any]) -> str:
    return ", ".join(f"{float(v):g} {u}" for u, v in q.items() if pd.notna(v))


def _ordered(codes: list[str]) -> list[str]:
    return sorted(set(codes), key=lambda c: REASONS.index(c) if c in REASONS else len(REASONS))


def _category_table(sources: pd.DataFrame, years: list[int], known: set[int], general: list[str],
                    thr: float) -> pd.DataFrame:
    rows = []
    for year in years:
        s = sources[sources["year"] == year]
        recomputed = year in known
        cats = sorted(set(s["iso_category"]), key=lambda c: [int(p) if p.isdigit() else 0 for p in c.split(".")])
        year_rows = []
        for cat, mask in [*((c, s["iso_category"] == c) for c in cats), ("total", pd.Series(True, index=s.index))]:
            part = s[mask]
            o = float(part["original_co2e_t"].sum())
            n = float(part["recalculated_co2e_t"].sum()) if recomputed else float("nan")
            codes = [c for r in part["reasons"] for c in str(r).split(";") if c]
            if cat == "total":
                codes += [g for g in general if g == "boundary_change"]
            year_rows.append({"year": year, "iso_category": cat, "original_co2e_t": o, "recalculated_co2e_t": n,
                              "difference_co2e_t": n - o,
                              "difference_pct": (n - o) / o * 100 if o else float("nan"),
                              "reasons": ";".join(_ordered(codes)), "recomputed": recomputed})
        total = year_rows[-1]
        significant = bool(recomputed and total["original_co2e_t"] and
                           abs(total["difference_co2e_t"]) / abs(total["original_co2e_t"]) * 100 >= thr)
        for r in year_rows:
            r["significant"] = significant
        rows += year_rows
    out = pd.DataFrame(rows, columns=["year", "iso_category", "original_co2e_t", "recalculated_co2e_t",
                                      "difference_co2e_t", "difference_pct", "reasons", "significant", "recomputed"])
    out["year"] = out["year"].astype("Int64")
    return out
