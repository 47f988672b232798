"""Write an Inventory's tables: xlsx (with charts), CSV folder, JSON, Markdown, HTML, terminal text.

Writers only format; every number comes from :class:`ghgcalc.inventory.Inventory`.
Files are written to a temporary name and renamed. User text that starts with
``=``, ``+``, ``-`` or ``@`` is written as text, never as a formula.
"""

from __future__ import annotations

import html
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from ..errors import UsageError
from ..i18n import L, fmt
from ..inventory import Inventory
from .atomic import atomic_path

FORMULA_START = ("=", "+", "-", "@")


def safe_text(value: Any) -> Any:
    """A string that a spreadsheet would run as a formula, made inert for CSV."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write(inv: Inventory, out: str | Path) -> Path:
    """Write by the output's suffix: .xlsx, .json, .md, .html, or a folder (CSV per table)."""
    p = Path(out)
    suffix = p.suffix.lower()
    if suffix == ".xlsx":
        return write_xlsx(inv, p)
    if suffix == ".json":
        return write_json(inv, p)
    if suffix in (".md", ".markdown"):
        return _write_text(p, to_markdown(inv))
    if suffix in (".html", ".htm"):
        return _write_text(p, to_html(inv))
    if suffix == ".docx":
        from .form06_docx import write_docx

        return write_docx(inv, p)
    if suffix == "" or str(out).endswith(("/", "\\")):
        return write_csv_dir(inv, p)
    raise UsageError(f"unsupported output {p.name!r}: use .xlsx, .json, .md, .html, .docx or a folder/")


def _write_text(p: Path, text: str) -> Path:
    with atomic_path(p) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return p


# ------------------------------------------------------------------ xlsx
def write_xlsx(inv: Inventory, path: Path) -> Path:
    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    for name, table in inv.tables().items():
        ws = wb.create_sheet(name[:31])
        _write_sheet(ws, table)
        if name == "iso14064":
            _chart(ws, table, "ISO 14064-1 (t CO2e)", rows=len(table) - 3)
        if name == "top_sources" and len(table):
            _chart(ws, table, "Top sources (t CO2e)", rows=len(table), value_col="co2e_t")
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path


def _write_sheet(ws: Any, table: pd.DataFrame) -> None:
    """One table on one sheet: bold header, numbers as numbers, text never as a formula."""
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for j, col in enumerate(table.columns, start=1):
        c = ws.cell(1, j, str(col))
        c.font, c.fill = bold, fill
        ws.column_dimensions[get_column_letter(j)].width = max(12, min(60, len(str(col)) + 2))
    for i, row in enumerate(table.itertuples(index=False), start=2):
        for j, v in enumerate(row, start=1):
            cell = ws.cell(i, j)
            if isinstance(v, float) and math.isnan(v):
                continue
            if hasattr(v, "item"):
                v = v.item()
            if isinstance(v, (int, float, bool)) or v is None:
                cell.value = v
                if isinstance(v, float):
                    cell.number_format = "#,##0.000"
            else:
                cell.value = str(v)
                cell.data_type = "s"  # never a formula
    ws.freeze_panes = "A2"


def write_table(table: pd.DataFrame, path: Path, sheet: str = "table") -> Path:
    """One table to .xlsx or .csv (formula-safe), atomically."""
    with atomic_path(path) as tmp:
        if path.suffix.lower() == ".xlsx":
            wb = Workbook()
            ws = wb.active
            assert ws is not None
            ws.title = sheet
            _write_sheet(ws, table)
            wb.save(tmp)
        else:
            (table.map(safe_text) if len(table) else table).to_csv(tmp, index=False, encoding="utf-8")
    return path


def _chart(ws: Any, table: pd.DataFrame, title: str, rows: int, value_col: str | None = None) -> None:
    cols = list(table.columns)
    vcol = cols.index(value_col) + 1 if value_col else next(i for i, c in enumerate(cols, 1) if "t CO2" in str(c))
    chart = BarChart()
    chart.type = "bar"
    chart.title = title
    data = Reference(ws, min_col=vcol, min_row=1, max_row=rows + 1)
    cats = Reference(ws, min_col=1 if value_col else 2, min_row=2, max_row=rows + 1)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    chart.height, chart.width = 9, 18
    ws.add_chart(chart, f"{get_column_letter(len(cols) + 2)}2")


# ------------------------------------------------------------------ csv / json
def write_csv_dir(inv: Inventory, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in inv.tables().items():
        write_table(table, folder / f"{name}.csv")
    return folder


def to_json_data(inv: Inventory) -> dict[str, Any]:
    tables = {k: json.loads(v.to_json(orient="records", force_ascii=False, date_format="iso"))
              for k, v in inv.tables().items()}
    return {"facility": {k: str(v) for k, v in inv.facility.items()},
            "totals": inv.totals(), "gwp_set": inv.gwp_set,
            "applicability": inv.applicability.to_dict() if inv.applicability else None,
            "explanation": inv.applicability.explain(inv.lang) if inv.applicability else None, "tables": tables}


def write_json(inv: Inventory, path: Path) -> Path:
    return _write_text(path, json.dumps(to_json_data(inv), ensure_ascii=False, indent=2, default=str))


# ------------------------------------------------------------------ markdown / html (Form 06 layout)
def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return "" if math.isnan(v) else f"{v:,.3f}"
    return "" if v is None else str(v)


def _md_table(t: pd.DataFrame, cols: list[str] | None = None) -> str:
    t = t[cols] if cols else t
    head = "| " + " | ".join(map(str, t.columns)) + " |"
    sep = "|" + "---|" * len(t.columns)
    body = ["| " + " | ".join(_fmt(v).replace("|", "/") for v in row) + " |" for row in t.itertuples(index=False)]
    return "\n".join([head, sep, *body])


def _sections(inv: Inventory) -> list[tuple[str, list[tuple[str, Any]]]]:
    """Form 06 sections as (heading, [(subheading, text or DataFrame)])."""
    lab = L[inv.lang]
    f = inv.facility
    ng = lab["not_given"]
    vi = inv.lang == "vi"
    info = pd.DataFrame([
        {"": "Tên cơ sở / Facility" if vi else "Facility", " ": f.get("name", "")},
        {"": "Địa chỉ / Address" if vi else "Address", " ": f.get("address", ng)},
        {"": "Mã số thuế / Tax code" if vi else "Tax code", " ": f.get("tax_code", ng)},
        {"": "Người đại diện / Legal representative" if vi else "Legal representative",
         " ": f.get("legal_representative", ng)},
        {"": "Ngành nghề / Business field" if vi else "Business field", " ": f.get("business_field", ng)},
    ])
    detail = inv.detail()
    ad_cols = [c for c in ("_sheet", "activity", "quantity", "unit", "year") if c in detail.columns]
    method = detail[["activity", "tier", "factors_used"]].drop_duplicates()
    appl = inv.applicability.explain(inv.lang) if inv.applicability else ""
    years = inv.years()
    results: list[tuple[str, Any]] = [(f"{lab['results']} — ISO 14064-1 ({inv.gwp_set})", inv.iso_table())]
    if len(years) > 1:
        results += [(f"{lab['results']} {y}", inv.iso_table(y)) for y in years]
        results.append((lab["per_year"], inv.per_year()))
    results += [(lab["coverage"], inv.indirect_coverage()), ("GHG Protocol", inv.scope_table()),
                (lab["by_gas"], inv.by_gas()), (lab["top"], inv.top_sources())]
    quota = inv.quota()
    return [
        (lab["s1"], [("", info)]),
        (lab["s2"], [(lab["boundary"], f.get("boundary_notes", ng)),
                     (lab["technology"], f.get("technology_notes", ng)),
                     (lab["sources"], f.get("sources_notes", ng)),
                     (lab["data_system"], f.get("data_system_notes", ng))]),
        (lab["s3"], [(lab["method"], method), (lab["activity_data"], detail[ad_cols]), *results,
                     (lab["reliability"], lab["uncertainty_note"]), ("", inv.uncertainty())]),
        (lab["applicability"], [("", appl)]),
        *([("Quota / Hạn ngạch", [("", quota.explain()), ("", quota.to_frame())])] if quota is not None else []),
        (lab["provenance"], [("", inv.provenance())]),
    ]


def to_markdown(inv: Inventory) -> str:
    lab = L[inv.lang]
    out = [f"# {lab['report_title']}", f"*{lab['form06']}* — {inv.facility.get('name', '')}", ""]
    for heading, parts in _sections(inv):
        out += [f"## {heading}", ""]
        for sub, body in parts:
            if sub:
                out += [f"### {sub}", ""]
            out += [_md_table(body) if isinstance(body, pd.DataFrame) else str(body), ""]
    out += [f"**{lab['signature']}**", ""]
    return "\n".join(out)


def _svg_bars(table: pd.DataFrame, label: str, value: str) -> str:
    rows = [(str(r[label]), float(r[value])) for _, r in table.iterrows() if float(r[value]) > 0]
    if not rows:
        return ""
    top = max(v for _, v in rows)
    h = 22 * len(rows) + 10
    bars = []
    for i, (name, v) in enumerate(rows):
        w = 360 * v / top
        y = 5 + 22 * i
        bars.append(f'<text x="0" y="{y + 14}" font-size="12">{html.escape(name[:38])}</text>'
                    f'<rect x="260" y="{y}" width="{w:.1f}" height="16" fill="#2f6f9f"/>'
                    f'<text x="{265 + w:.1f}" y="{y + 13}" font-size="11">{v:,.1f}</text>')
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="720" height="{h}">{"".join(bars)}</svg>'


def _td(v: Any) -> str:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return f"<td class='n'>{_fmt(v)}</td>"
    return f"<td>{html.escape(_fmt(v))}</td>"


def to_html(inv: Inventory) -> str:
    lab = L[inv.lang]
    css = ("body{font-family:sans-serif;max-width:1100px;margin:auto;padding:1em}table{border-collapse:collapse;"
           "font-size:12px;margin:.5em 0}td,th{border:1px solid #999;padding:2px 6px}th{background:#ddebf7}"
           "td.n{text-align:right}pre{white-space:pre-wrap}@media print{body{max-width:none}}")
    title = html.escape(lab["report_title"])
    out = [f"<!doctype html><html lang='{inv.lang}'><head><meta charset='utf-8'><title>{title}"
           f"</title><style>{css}</style></head><body>",
           f"<h1>{html.escape(lab['report_title'])}</h1><p><em>{html.escape(lab['form06'])}</em> — "
           f"{html.escape(str(inv.facility.get('name', '')))}</p>"]
    iso = inv.iso_table()
    out.append(_svg_bars(iso.iloc[:-3], iso.columns[1], iso.columns[9]))
    for heading, parts in _sections(inv):
        out.append(f"<h2>{html.escape(heading)}</h2>")
        for sub, body in parts:
            if sub:
                out.append(f"<h3>{html.escape(sub)}</h3>")
            if isinstance(body, pd.DataFrame):
                head = "".join(f"<th>{html.escape(str(c))}</th>" for c in body.columns)
                rows = "".join("<tr>" + "".join(_td(v) for v in r) + "</tr>" for r in body.itertuples(index=False))
                out.append(f"<table><tr>{head}</tr>{rows}</table>")
            else:
                out.append(f"<pre>{html.escape(str(body))}</pre>")
    out.append(f"<p><strong>{html.escape(lab['signature'])}</strong></p></body></html>")
    return "\n".join(out)


def summary(inv: Inventory) -> str:
    """A readable summary for the terminal, numbers written as the report's language writes them."""
    lab = L[inv.lang]
    t = inv.totals()
    iso = inv.iso_table()
    years = inv.years()
    per_year = [inv.iso_table(y).iloc[:, 9] for y in years] if len(years) > 1 else []

    def n(x: float, spec: str = ",.1f") -> str:
        return fmt(x, inv.lang, spec)

    lines = [f"{inv.facility.get('name', '')} — {lab['report_title']} ({inv.gwp_set}, {lab['co2e']})", ""]
    if per_year:
        lines.append(f"  {'':>4}  {'':<45} " + " ".join(f"{y:>12}" for y in years))
    for i, r in iso.iterrows():
        total = r.iloc[9]
        if total or r.iloc[1] in (lab["direct"], lab["indirect"], lab["total"]):
            values = " ".join(f"{n(col.iloc[i]):>12}" for col in per_year) if per_year else f"{n(total):>14}"
            lines.append(f"  {str(r.iloc[0]):>4}  {str(r.iloc[1]):<45} {values}")
    lines += ["", f"  {lab['biogenic']}: {n(t['biogenic_co2_t'])}", f"  {lab['memo']}: {n(t['memo_co2e_t'])}"]
    if len(inv.years()) > 1:
        py = inv.per_year()
        total = py[py["iso_category"] == "total"].iloc[0]
        lines += ["", f"  {lab['per_year']}: " + "; ".join(f"{y}: {n(total[str(y)])}" for y in inv.years())
                  + (f" ({'change' if inv.lang == 'en' else 'thay đổi'} {n(total['change'], '+,.1f')}) {lab['co2e']}"
                     if "change" in py.columns else "")]
    sc = inv.scope_table()
    lines += [""] + [f"  {r.iloc[0]:<30} {n(r.iloc[1]):>14} {lab['co2e']}" for _, r in sc.iterrows()]
    if inv.applicability:
        lines += ["", inv.applicability.explain(inv.lang)]
    quota = inv.quota()
    if quota is not None:
        lines += ["", quota.explain()]
    for w in inv.results.attrs.get("warnings", []):
        lines.append(f"  ! {w}")
    table = inv.provenance()
    prov = dict(zip(table["item"], table["value"], strict=True))
    lines += ["", f"  ghgcalc {prov.get('ghgcalc_version')}, factors {prov.get('factor_dataset_version')}, "
                  f"input {prov.get('input_file')} sha256 {str(prov.get('input_sha256'))[:12]}…"]
    return "\n".join(lines)
