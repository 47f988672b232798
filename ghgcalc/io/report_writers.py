"""Write an inventory's report by the output's suffix: .docx (Form 06), .xlsx, .html, .md, .json, or a CSV folder.

Every writer renders the one :class:`~ghgcalc.report_model.ReportModel` of the
inventory (:meth:`ghgcalc.Inventory.report`) in the report's language; none
computes. Files are written to a temporary name and renamed. Text that a
spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, carriage
return at the start) is written as text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook

from ..inventory import Inventory
from ..report_model import ReportModel, SourceRow
from .atomic import atomic_path
from .outputs import check_writable, is_folder

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: Any) -> Any:
    """A string that a spreadsheet would run as a formula, made inert for CSV.

    A carriage return becomes a line feed: the CSV writer quotes a cell holding a line feed but not
    one holding only a carriage return, which a spreadsheet then reads as the start of a new row
    (whose first cell could be a formula).
    """
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_START):
        value = "'" + value
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value


def _safe_column(col: pd.Series) -> pd.Series | None:
    """``col.map(safe_text)``, or ``None`` when that changes nothing: a number column has no text, and a text
    column is guarded once per distinct text that needs it."""
    if pd.api.types.is_numeric_dtype(col.dtype) or pd.api.types.is_bool_dtype(col.dtype):
        return None
    if pd.api.types.infer_dtype(col, skipna=True) in ("string", "empty"):  # text and blanks only: stays as it is
        changed = {v: g for v in pd.unique(col) if isinstance(v, str) and (g := safe_text(v)) != v}
        return col.map(lambda v: changed.get(v, v) if isinstance(v, str) else v) if changed else None
    return col.map(safe_text)


def write(inv: Inventory, out: str | Path, lang: str | None = None, formulas: bool = False) -> Path:
    """Write ``inv``'s report to ``out`` in ``lang`` (default: the inventory's), by the output's suffix.

    ``formulas``: the .xlsx detail sheet carries live formulas (quantity × factors × GWP, ISO category totals
    by SUMIFS) for a verifier to audit; other outputs ignore it.
    """
    p = Path(out)
    check_writable(out)  # before the report is built
    language = lang or inv.lang
    model = inv.report()
    suffix = p.suffix.lower()
    if is_folder(out):
        return write_csv_dir(model, p)
    with atomic_path(p) as tmp:
        if suffix == ".xlsx":
            from ..render.xlsx import write_xlsx

            write_xlsx(model, tmp, language, formulas=formulas)
        elif suffix == ".docx":
            from ..render.docx import write_docx

            write_docx(model, tmp, language)
        elif suffix == ".json":
            tmp.write_text(to_json(model), encoding="utf-8")
        elif suffix in (".md", ".markdown"):
            from ..render.markup import to_markdown

            tmp.write_text(to_markdown(model, language), encoding="utf-8")
        else:
            from ..render.markup import to_html

            tmp.write_text(to_html(model, language), encoding="utf-8")
    return p


def to_json(model: ReportModel) -> str:
    """The report model as JSON (validates against :func:`ghgcalc.report_model.report_json_schema`)."""
    return model.model_dump_json(indent=2) + "\n"


def summary(inv: Inventory, lang: str | None = None) -> str:
    """The terminal summary of ``inv`` in ``lang`` (default: the inventory's)."""
    from ..render.terminal import summary as render

    return render(inv.report(), lang or inv.lang)


# ------------------------------------------------------------------ csv
def model_tables(model: ReportModel) -> dict[str, pd.DataFrame]:
    """The report model as flat tables with id columns and a ``year`` column (what the CSV folder holds)."""
    def per_year(attr: str) -> pd.DataFrame:
        rows = [{"year": y.year, **_flat(x.model_dump())} for y in model.years for x in getattr(y, attr)]
        return pd.DataFrame(rows)

    out = {"iso14064": per_year("iso"), "scopes": per_year("scopes"), "by_gas": per_year("by_gas"),
           "indirect_coverage": per_year("indirect_coverage"), "uncertainty": per_year("uncertainty"),
           "top_sources": per_year("top_sources"),
           "totals": pd.DataFrame([{"year": y.year, **y.totals.model_dump()} for y in model.years]),
           "sources": _sources_table(model),
           "factors": pd.DataFrame([f.model_dump() for f in model.factors])}
    if model.change_vs_previous:
        out["change_vs_previous"] = pd.DataFrame([c.model_dump() for c in model.change_vs_previous])
    intensity = [{"year": y.year, **y.intensity.model_dump()} for y in model.years if y.intensity is not None]
    if intensity:
        out["intensity"] = pd.DataFrame(intensity)
    quota = [{"year": y.year, **y.quota.model_dump()} for y in model.years if y.quota is not None]
    if quota:
        out["quota"] = pd.DataFrame(quota)
    if model.neutrality is not None:  # the ISO 14068-1 balance per year and the credits retired
        n = model.neutrality
        out["neutrality"] = pd.DataFrame([{**y.model_dump(), "base_year": n.base_year,
                                           "reduction_plan": n.reduction_plan} for y in n.years])
        out["credits"] = pd.DataFrame([c.model_dump() for c in n.credits])
    if model.plan is not None:  # the reduction plan: measures, abatement per year and measure, MAC, status
        from ..plan import plan_model_tables

        out.update(plan_model_tables(model.plan))
    prov = {"schema_version": model.schema_version, **model.provenance.model_dump()}
    out["provenance"] = pd.DataFrame([{"item": k, "value": json.dumps(v, ensure_ascii=False)
                                       if isinstance(v, (dict, list)) else v} for k, v in prov.items()])
    return out


def _sources_table(model: ReportModel) -> pd.DataFrame:
    """The sources as :func:`_flat` of each row's ``model_dump()`` would give them, built column by column
    (a source row holds no nested model; its lists are joined with ``;``)."""
    sources = model.sources
    if not sources:
        return pd.DataFrame([])
    columns: dict[str, list[Any]] = {}
    for name in SourceRow.model_fields:
        values = [getattr(s, name) for s in sources]
        columns[name] = [";".join(map(str, v)) for v in values] if type(values[0]) is list else values
    return pd.DataFrame(columns)


def _flat(d: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in d.items():
        if type(v) is dict:
            for kk, vv in v.items():
                out[f"{k}.{kk}"] = vv
        elif type(v) is list:
            out[k] = ";".join(map(str, v))
        else:
            out[k] = v
    return out


def write_csv_dir(model: ReportModel, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in model_tables(model).items():
        write_table(table, folder / f"{name}.csv")
    return folder


def write_table(table: pd.DataFrame, path: Path, sheet: str = "table") -> Path:
    """One table to .xlsx or .csv (formula-safe), atomically."""
    with atomic_path(path) as tmp:
        if path.suffix.lower() == ".xlsx":
            wb = Workbook()
            ws = wb.active
            assert ws is not None
            ws.title = sheet
            for j, col in enumerate(table.columns, start=1):
                ws.cell(1, j, str(col))
            for i, row in enumerate(table.itertuples(index=False), start=2):
                for j, v in enumerate(row, start=1):
                    if v is None or (isinstance(v, float) and v != v):
                        continue
                    v = v.item() if hasattr(v, "item") else v
                    cell = ws.cell(i, j)
                    cell.value = v if isinstance(v, (int, float, bool)) else str(v)
                    if isinstance(cell.value, str):
                        cell.data_type = "s"
            ws.freeze_panes = "A2"
            wb.save(tmp)
        else:
            safe = {c: v for c in table.columns if (v := _safe_column(table[c])) is not None}
            (table.assign(**safe) if len(table) and safe else table).to_csv(tmp, index=False, encoding="utf-8")
    return path
