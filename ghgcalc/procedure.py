"""The pre-submission checklist of an inventory (Circular 38/2023/TT-BCT Art. 17-22; Decree 06/2022 Art. 11(1)).

:func:`checklist` evaluates what a report must hold before it is submitted and
returns one row per check: ``check`` (id), ``status`` (``pass``, ``fail`` or
``not_applicable``), ``detail`` (ids and values: the rows, fields or years at
fault) and ``reference``. The checks:

``form06_fields``
    the facility fields Form 06 sections I-II ask for are filled;
``reporting_years``
    the years the next report covers (Decree 06/2022 Art. 11) have data;
``base_year``
    a base year is stated (ISO 14064-1:2018 clause 6.4; Circular 38 Art. 22);
``gwp_set``
    the GWP set is stated, not left to the default;
``indirect_exclusions``
    every ISO 14064-1 indirect subcategory not quantified has its reason;
``factors_cited``
    every factor used names its source document (``sources.yaml``; a row's own
    factor, its ``ef_source``);
``data_sources``
    every activity row says where its number comes from (document or provider,
    Circular 38 Art. 17);
``data_method``
    every activity row says whether it was measured or estimated, and how;
``qc_log``
    a quality-control log is kept (Circular 38/2023/TT-BCT Art. 20: at least one
    check, each with who, when and the result; a check that found errors says
    how they were handled);
``quality_aspects``
    the six statements Form 06 III.4 asks for are written: reliability,
    completeness and uncertainty of the emission information and data, and of the
    inventory results (:data:`QUALITY_ASPECTS`).

Each row also carries its findings as ids (``items``: field ids, years, ISO
categories, factor ids or ``sheet:row`` places; ``more``: how many were left
out; ``years``; ``due``), so a renderer words them in any language.

:func:`qc_log` checks the rows of a workbook's ``qc_log`` sheet.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

import pandas as pd

from .data import load_blends
from .errors import Problem
from .textnorm import label

if TYPE_CHECKING:
    from .inventory import Inventory

#: Citation of each check.
REFERENCES = {
    "form06_fields": "Decree 06/2022/NĐ-CP Appendix II Form 06, sections I-II",
    "reporting_years": "Decree 06/2022/NĐ-CP Art. 11 (as amended by Decree 119/2025)",
    "base_year": "ISO 14064-1:2018 clause 6.4; Circular 38/2023/TT-BCT Art. 22",
    "gwp_set": "Circular 38/2023/TT-BCT Art. 19 (GWP of each gas)",
    "indirect_exclusions": "ISO 14064-1:2018 clause 5.2.3 (exclusions justified)",
    "factors_cited": "Circular 38/2023/TT-BCT Art. 18 (emission factors and their source)",
    "data_sources": "Circular 38/2023/TT-BCT Art. 17 (activity data and their source)",
    "data_method": "Circular 38/2023/TT-BCT Art. 17 (activity data measured or estimated)",
    "qc_log": "Circular 38/2023/TT-BCT Art. 20 (quality control)",
    "quality_aspects": "Decree 06/2022/NĐ-CP Appendix II Form 06, section III.4",
}
#: Facility fields of Form 06 III.4: reliability, completeness and uncertainty of the emission information and
#: data, and of the inventory results.
QUALITY_ASPECTS: tuple[str, ...] = (
    "reliability_data_notes", "completeness_data_notes", "uncertainty_data_notes",
    "reliability_results_notes", "completeness_results_notes", "uncertainty_results_notes")
#: Results of a quality-control check, by id, with the words a person may type for each.
QC_RESULTS: dict[str, tuple[str, ...]] = {
    "pass": ("pass", "passed", "ok", "đạt", "dat"),
    "errors_found": ("errors_found", "errors found", "error", "errors", "có sai sót", "co sai sot", "sai sót",
                     "sai sot", "không đạt", "khong dat"),
}
#: Columns of a checked quality-control log.
QC_COLUMNS = ("check", "checked_by", "date", "result", "errors_found", "action_taken", "sheet", "row")
#: Rows named in a failing check's detail, at most.
SHOWN = 10


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, float) and v != v) or str(v).strip() in ("", "nan", "None", "<NA>")


def _where(res: pd.DataFrame, mask: pd.Series) -> str:
    rows = res[mask]
    sheet = rows["_sheet"].astype(str) if "_sheet" in rows else pd.Series("", index=rows.index)
    row = rows["_row"].astype(str) if "_row" in rows else pd.Series(rows.index.astype(str), index=rows.index)
    names = [f"{s} row {r}" if s else f"row {r}" for s, r in zip(sheet.tolist(), row.tolist(), strict=True)]
    more = f" and {len(names) - SHOWN} more" if len(names) > SHOWN else ""
    return ", ".join(names[:SHOWN]) + more


def checklist(inv: Inventory) -> pd.DataFrame:
    """Pass/fail of each pre-submission check (see the module doc); id-keyed, no prose.

    Columns: ``check``, ``status``, ``detail`` (the findings as one line of ids), ``reference``, and the
    findings apart: ``items`` (list of ids), ``more`` (items left out), ``years``, ``due`` (ISO date or None).
    """
    from .report_model import FORM06_FIELDS

    fac = inv.facility
    res = inv.results
    out: list[dict[str, Any]] = []

    def add(check: str, status: str, detail: str, items: list[str] | None = None, *, more: int = 0,
            years: list[int] | None = None, due: str | None = None) -> None:
        out.append({"check": check, "status": status, "detail": detail, "items": list(items or []), "more": more,
                    "years": list(years or []), "due": due})

    missing = [k for k in FORM06_FIELDS if _blank(fac.get(k))]
    add("form06_fields", "fail" if missing else "pass", ";".join(missing), missing)

    a = inv.applicability
    if a is not None and a.deadlines:
        d = min(a.deadlines, key=lambda x: x.due)
        lacking = [y for y in d.covers if y not in inv.years()]
        add("reporting_years", "fail" if lacking else "pass",
            f"due {d.due.isoformat()} covers {','.join(map(str, d.covers))}"
            + (f"; no data for {','.join(map(str, lacking))}" if lacking else ""),
            [str(y) for y in lacking], years=list(d.covers), due=d.due.isoformat())
    else:
        add("reporting_years", "not_applicable", "no reporting deadline applies")

    base = fac.get("base_year")
    add("base_year", "fail" if _blank(base) else "pass", str(base or ""),
        [] if _blank(base) else [str(int(float(str(base)))) if re.fullmatch(r"\d+(\.0)?", str(base)) else str(base)])
    add("gwp_set", "fail" if _blank(fac.get("gwp")) else "pass", inv.gwp_set, [inv.gwp_set])

    cov = inv.indirect_coverage()
    unexplained = cov[~cov["quantified"].astype(bool) & cov["exclusion_reason"].map(_blank)]
    detail = ""
    cats: list[str] = []
    years: list[int] = []
    if len(unexplained):
        years = sorted(int(y) for y in set(unexplained["year"]))
        cats = list(dict.fromkeys(unexplained["category"].astype(str)))
        detail = ";".join(cats) + f" ({','.join(map(str, years))})"
    add("indirect_exclusions", "fail" if len(unexplained) else "pass", detail, cats, years=years)

    used = inv.factors_used()
    blends = load_blends()
    cited_blends = {f"ashrae34.{r}" for r, src in zip(blends["refrigerant"], blends["source_id"], strict=True) if src}
    uncited = used[(used["tier"] != "own") & used["source_id"].map(_blank)]
    own = used[used["tier"] == "own"]["factor_id"].astype(str)
    # a row's own factor is named user.<its ef_source>.<gas>; a blend composition cites its source in the dataset
    own_unnamed = own[~own.str.match(r"^user\.[^.]+\.") & ~own.isin(cited_blends)]
    bad = [str(b) for b in (*uncited["factor_id"], *own_unnamed)]
    add("factors_cited", "fail" if bad else "pass", ";".join(bad), bad)

    def record(check: str, cols: tuple[str, ...]) -> None:
        present = [c for c in cols if c in res]
        if not present:
            add(check, "fail", f"no {' or '.join(cols)} column", [f"column:{c}" for c in cols])
            return
        empty = pd.Series(True, index=res.index)
        for c in present:
            empty &= res[c].map(_blank)
        places = _places(res, empty)
        add(check, "fail" if empty.any() else "pass", _where(res, empty) if empty.any() else "",
            places[:SHOWN], more=max(0, len(places) - SHOWN))

    record("data_sources", ("data_document", "data_provider"))
    record("data_method", ("data_method",))

    log = inv.qc_log
    if log is None or log.empty:
        add("qc_log", "fail", "no quality-control log")
    else:
        found = log[log["result"] == "errors_found"]
        add("qc_log", "pass", f"{len(log)} checks; {len(found)} found errors",
            [str(len(log)), str(len(found))])
    aspects = [k for k in QUALITY_ASPECTS if _blank(fac.get(k))]
    add("quality_aspects", "fail" if aspects else "pass", ";".join(aspects), aspects)
    frame = pd.DataFrame(out, columns=["check", "status", "detail", "items", "more", "years", "due"])
    frame.insert(3, "reference", frame["check"].map(REFERENCES))
    return frame


def _places(res: pd.DataFrame, mask: pd.Series) -> list[str]:
    """``sheet:row`` of the rows in ``mask`` (``:row`` without a sheet), in order."""
    rows = res[mask]
    sheet = rows["_sheet"].astype(str) if "_sheet" in rows else pd.Series("", index=rows.index)
    row = rows["_row"].astype(str) if "_row" in rows else pd.Series(rows.index.astype(str), index=rows.index)
    return [f"{s}:{r}" for s, r in zip(sheet.tolist(), row.tolist(), strict=True)]


def qc_result(value: Any) -> str | None:
    """The result id (``pass``, ``errors_found``) of what a person typed, or None."""
    text = label(value)
    for rid, words in QC_RESULTS.items():
        if text in words:
            return rid
    return None


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def qc_log(raw: pd.DataFrame, *, file: str | None = None, sheet: str | None = None
           ) -> tuple[pd.DataFrame, list[Problem]]:
    """The checked rows of a quality-control log (Circular 38/2023/TT-BCT Art. 20), and what is wrong in them.

    ``raw``: the sheet's rows (``check``, ``checked_by``, ``date``, ``result``, ``errors_found``,
    ``action_taken``; blank cells None) with their spreadsheet row in ``_row``. Each row needs the check, who
    did it, a date (a date cell, ``15/01/2026`` or ``2026-01-15``) and a result (``pass`` or
    ``errors_found``, also ``đạt`` / ``có sai sót``); a check that found errors needs the errors and the
    action taken. Returns the rows with ``result`` as an id and ``date`` as a date, ``sheet`` and ``row``.
    """
    problems: list[Problem] = []
    rows: list[dict[str, Any]] = []
    accepted = {"date": "a date: 15/01/2026 or 2026-01-15", "result": "pass, errors_found (đạt, có sai sót)"}
    for rec in raw.to_dict("records"):
        r = rec.get("_row", len(rows) + 1)

        def bad(column: str, message: str, code: str = "missing", value: Any = None, r: Any = r) -> None:
            problems.append(Problem(r, column, message, file=file, sheet=sheet, code=code, value=value,
                                    accepted=accepted.get(column)))

        text = {k: None if _blank(rec.get(k)) else str(rec.get(k)).strip()
                for k in ("check", "checked_by", "errors_found", "action_taken")}
        for k, what in (("check", "the check done"), ("checked_by", "who did the check")):
            if text[k] is None:
                bad(k, f"write {what}")
        read: dict[str, Any] = {}  # the date and the result: each missing, unreadable or read
        for k, parse, missing, kind, code in (
                ("date", _date, "write the date of the check", "a date", "invalid"),
                ("result", qc_result, "write the result: pass or errors_found", "a result", "unknown_value")):
            value = rec.get(k)
            read[k] = None if _blank(value) else parse(value)
            if _blank(value):
                bad(k, missing)
            elif read[k] is None:
                bad(k, f"{value!r} is not {kind}", code, str(value))
        day, result = read["date"], read["result"]
        if result == "errors_found":
            for k, what in (("errors_found", "the errors found"), ("action_taken", "how they were handled")):
                if text[k] is None:
                    bad(k, f"the check found errors: write {what}")
        rows.append({"check": text["check"], "checked_by": text["checked_by"], "date": day, "result": result,
                     "errors_found": text["errors_found"], "action_taken": text["action_taken"], "sheet": sheet,
                     "row": int(r) if str(r).isdigit() else None})
    return pd.DataFrame(rows, columns=list(QC_COLUMNS)), problems


def format_checklist(frame: pd.DataFrame) -> str:
    """``PASS form06_fields`` / ``FAIL data_sources: stationary row 4 …`` lines for the terminal."""
    lines = []
    for r in frame.itertuples(index=False):
        mark = {"pass": "PASS", "fail": "FAIL"}.get(str(r.status), "N/A ")
        lines.append(f"  {mark} {r.check}" + (f": {r.detail}" if r.detail else "") + f"  ({r.reference})")
    return "\n".join(lines)
