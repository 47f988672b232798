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
    every activity row says whether it was measured or estimated, and how.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from .data import load_blends

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
}
#: Rows named in a failing check's detail, at most.
SHOWN = 10


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, float) and v != v) or str(v).strip() in ("", "nan", "None", "<NA>")


def _where(res: pd.DataFrame, mask: pd.Series) -> str:
    rows = res[mask]
    sheet = rows["_sheet"].astype(str) if "_sheet" in rows else pd.Series("", index=rows.index)
    row = rows["_row"].astype(str) if "_row" in rows else pd.Series(rows.index.astype(str), index=rows.index)
    names = [f"{s} row {r}" if s else f"row {r}" for s, r in zip(sheet, row, strict=True)]
    more = f" and {len(names) - SHOWN} more" if len(names) > SHOWN else ""
    return ", ".join(names[:SHOWN]) + more


def checklist(inv: Inventory) -> pd.DataFrame:
    """Pass/fail of each pre-submission check (see the module doc); id-keyed, no prose."""
    from .report_model import FORM06_FIELDS

    fac = inv.facility
    res = inv.results
    out: list[tuple[str, str, str]] = []

    missing = [k for k in FORM06_FIELDS if _blank(fac.get(k))]
    out.append(("form06_fields", "fail" if missing else "pass", ";".join(missing)))

    a = inv.applicability
    if a is not None and a.deadlines:
        d = min(a.deadlines, key=lambda x: x.due)
        lacking = [y for y in d.covers if y not in inv.years()]
        out.append(("reporting_years", "fail" if lacking else "pass",
                    f"due {d.due.isoformat()} covers {','.join(map(str, d.covers))}"
                    + (f"; no data for {','.join(map(str, lacking))}" if lacking else "")))
    else:
        out.append(("reporting_years", "not_applicable", "no reporting deadline applies"))

    out.append(("base_year", "fail" if _blank(fac.get("base_year")) else "pass", str(fac.get("base_year") or "")))
    out.append(("gwp_set", "fail" if _blank(fac.get("gwp")) else "pass", inv.gwp_set))

    cov = inv.indirect_coverage()
    unexplained = cov[~cov["quantified"].astype(bool) & cov["exclusion_reason"].map(_blank)]
    detail = ""
    if len(unexplained):
        years = ",".join(str(int(y)) for y in sorted(set(unexplained["year"])))
        detail = ";".join(dict.fromkeys(unexplained["category"].astype(str))) + f" ({years})"
    out.append(("indirect_exclusions", "fail" if len(unexplained) else "pass", detail))

    used = inv.factors_used()
    blends = load_blends()
    cited_blends = {f"ashrae34.{r}" for r, src in zip(blends["refrigerant"], blends["source_id"], strict=True) if src}
    uncited = used[(used["tier"] != "own") & used["source_id"].map(_blank)]
    own = used[used["tier"] == "own"]["factor_id"].astype(str)
    # a row's own factor is named user.<its ef_source>.<gas>; a blend composition cites its source in the dataset
    own_unnamed = own[~own.str.match(r"^user\.[^.]+\.") & ~own.isin(cited_blends)]
    bad = [*uncited["factor_id"], *own_unnamed]
    out.append(("factors_cited", "fail" if bad else "pass", ";".join(map(str, bad))))

    def record(check: str, cols: tuple[str, ...]) -> None:
        present = [c for c in cols if c in res]
        if not present:
            out.append((check, "fail", f"no {' or '.join(cols)} column"))
            return
        empty = pd.Series(True, index=res.index)
        for c in present:
            empty &= res[c].map(_blank)
        out.append((check, "fail" if empty.any() else "pass", _where(res, empty) if empty.any() else ""))

    record("data_sources", ("data_document", "data_provider"))
    record("data_method", ("data_method",))
    frame = pd.DataFrame(out, columns=["check", "status", "detail"])
    frame["reference"] = frame["check"].map(REFERENCES)
    return frame


def format_checklist(frame: pd.DataFrame) -> str:
    """``PASS form06_fields`` / ``FAIL data_sources: stationary row 4 …`` lines for the terminal."""
    lines = []
    for r in frame.itertuples(index=False):
        mark = {"pass": "PASS", "fail": "FAIL"}.get(str(r.status), "N/A ")
        lines.append(f"  {mark} {r.check}" + (f": {r.detail}" if r.detail else "") + f"  ({r.reference})")
    return "\n".join(lines)
