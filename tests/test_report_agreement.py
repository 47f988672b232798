"""Every output of every example shows the same numbers: each year's ISO 14064-1 categories, direct and
indirect lines and total agree to the last shown digit (t CO2e, 1 decimal) in the terminal summary, the
xlsx, the JSON and the Form 06 document (docx, html, md).

Each output is read back as a reader would meet it: the terminal text, the workbook's cells (openpyxl),
the JSON (json), the docx tables (python-docx), the html tables (html.parser) and the md tables, and
every figure is compared as the text the report's language writes (``l10n.num``: 1.234,5 in
Vietnamese) with the JSON's value written the same way.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import docx
import openpyxl
import pytest

from ghgcalc import l10n
from ghgcalc.inventory import Inventory
from ghgcalc.io.report_writers import summary, write
from ghgcalc.l10n import t
from ghgcalc.report import build_inventory

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NAMES = sorted(p.stem for p in EXAMPLES.glob("*.xlsx"))
AS_OF = dt.date(2026, 11, 23)
CODE = re.compile(r"^(\d(?:\.\d+)?|2-6)$")
TOTAL = "total"
#: {year: {category code, "1", "2-6" or TOTAL: the number as shown}}
Shown = dict[int, dict[str, str]]


@cache
def _inv(name: str) -> Inventory:
    return build_inventory(EXAMPLES / f"{name}.xlsx", as_of=AS_OF)


@cache
def _outputs(name: str, lang: str, folder: str) -> dict[str, Path]:
    out = {s: Path(folder) / f"{name}.{lang}.{s}" for s in ("json", "xlsx", "docx", "html", "md")}
    for p in out.values():
        write(_inv(name), p, lang)
    return out


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("agreement"))


# ------------------------------------------------------------------ readers
def from_json(path: Path, lang: str) -> Shown:
    data = json.loads(path.read_text("utf-8"))
    out: Shown = {}
    for y in data["years"]:
        shown = {r["category"]: l10n.num(r["co2e_t"], lang) for r in y["iso"]}
        tot = y["totals"]
        shown.update({"1": l10n.num(tot["direct_co2e_t"], lang), "2-6": l10n.num(tot["indirect_co2e_t"], lang),
                      TOTAL: l10n.num(tot["co2e_t"], lang)})
        out[y["year"]] = shown
    return out


def from_terminal(text: str, lang: str) -> Shown:
    """The summary's results block: a header of years, then one line per category with a number per year."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.split() and all(re.fullmatch(r"\d{4}", w)
                                                                         for w in line.split()))
    years = [int(w) for w in lines[start].split()]
    out: Shown = {y: {} for y in years}
    for line in lines[start + 1:]:
        if not line.strip():
            break
        words = line.split()
        numbers, label = words[-len(years):], words[:-len(years)]
        key = label[0] if CODE.match(label[0]) else (TOTAL if " ".join(label) == t("doc.total", lang) else None)
        assert key is not None, f"a line of the results block without a category: {line!r}"
        for y, n in zip(years, numbers, strict=True):
            out[y][key] = n
    return out


def from_xlsx(path: Path, lang: str) -> Shown:
    wb = openpyxl.load_workbook(path)
    out: Shown = {}
    for ws in wb:
        m = re.fullmatch(re.escape(t("sheet_name.iso", lang)) + r" (\d{4})", ws.title)
        if not m:
            continue
        total_col = next(c for c in range(1, ws.max_column + 1) if ws.cell(2, c).value == t("col.co2e_t", lang))
        shown: dict[str, str] = {}
        for r in range(3, ws.max_row + 1):
            code, name, value = ws.cell(r, 1).value, ws.cell(r, 2).value, ws.cell(r, total_col).value
            if not isinstance(value, (int, float)):
                continue
            key = code if isinstance(code, str) and CODE.match(code) else (
                TOTAL if name == t("doc.total", lang) else None)
            if key is not None:
                assert ws.cell(r, total_col).number_format == "#,##0.0"  # shown to 1 decimal
                shown[key] = l10n.num(value, lang)
        out[int(m.group(1))] = shown
    return out


def _from_tables(tables: list[tuple[str, list[list[str]]]], lang: str, years: list[int], gwp_set: str) -> Shown:
    """The results tables among (caption, rows): code first, t CO2e last; the total row has no code."""
    out: Shown = {}
    for y in years:
        caption = t("doc.results_year", lang, year=y, gwp_set=gwp_set)
        found = [rows for cap, rows in tables if cap.strip() == caption]
        assert len(found) == 1, f"{len(found)} results tables captioned {caption!r}"
        shown: dict[str, str] = {}
        for row in found[0][1:]:
            cells = [c.replace("*", "").strip() for c in row]
            key = cells[0] if CODE.match(cells[0]) else (TOTAL if cells[1] == t("doc.total", lang) else None)
            if key is not None:
                shown[key] = cells[-1]
        out[y] = shown
    return out


def md_tables(text: str) -> list[tuple[str, list[list[str]]]]:
    tables: list[tuple[str, list[list[str]]]] = []
    caption, rows = "", None
    for line in text.splitlines():
        if line.startswith("|"):
            if rows is None:
                rows = []
                tables.append((caption, rows))
            if not re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", line.strip()):
                rows.append([c for c in line.strip()[1:-1].split("|")])
        else:
            rows = None
            if line.strip():
                caption = line.strip().strip("*")
    return tables


class _HtmlTables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[str, list[list[str]]]] = []
        self._caption: list[str] | None = None
        self._cell: list[str] | None = None
        self._rows: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._rows = []
            self.tables.append(("", self._rows))
        elif tag == "caption":
            self._caption = []
        elif tag == "tr":
            self._rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption" and self._caption is not None:
            self.tables[-1] = ("".join(self._caption), self._rows)
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None:
            self._rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._caption is not None:
            self._caption.append(data)
        if self._cell is not None:
            self._cell.append(data)


def html_tables(text: str) -> list[tuple[str, list[list[str]]]]:
    p = _HtmlTables()
    p.feed(text)
    return p.tables


def docx_tables(path: Path) -> list[tuple[str, list[list[str]]]]:
    d = docx.Document(str(path))
    body = d.element.body
    out: list[tuple[str, list[list[str]]]] = []
    caption = ""
    tables = iter(d.tables)
    for el in body.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(x.text or "" for x in el.iter() if x.tag.endswith("}t"))
            if text.strip():
                caption = text
        elif tag == "tbl":
            table = next(tables)
            out.append((caption, [[c.text for c in row.cells] for row in table.rows]))
    return out


# ------------------------------------------------------------------ the test
def _check(name: str, lang: str, folder: str) -> None:
    inv = _inv(name)
    paths = _outputs(name, lang, folder)
    model = inv.report()
    years = [y.year for y in model.years]
    reference = from_json(paths["json"], lang)
    assert sorted(reference) == years
    shown = {
        "terminal": from_terminal(summary(inv, lang), lang),
        "xlsx": from_xlsx(paths["xlsx"], lang),
        "md": _from_tables(md_tables(paths["md"].read_text("utf-8")), lang, years, model.provenance.gwp_set),
        "html": _from_tables(html_tables(paths["html"].read_text("utf-8")), lang, years, model.provenance.gwp_set),
        "docx": _from_tables(docx_tables(paths["docx"]), lang, years, model.provenance.gwp_set),
    }
    zero = l10n.num(0.0, lang)
    for fmt, got in shown.items():
        assert sorted(got) == years, (fmt, sorted(got))
        for y in years:
            ref, values = reference[y], got[y]
            for key in ("1", "2-6", TOTAL):
                assert values.get(key) == ref[key], (name, lang, fmt, y, key, values.get(key), ref[key])
            for key, v in values.items():
                assert v == ref[key], (name, lang, fmt, y, key, v, ref[key])
            # a category that shows a number anywhere is in every output (outputs may leave out zero rows)
            for key, v in ref.items():
                if v != zero:
                    assert key in values, (name, lang, fmt, y, key, v)
            assert len(values) >= 4  # some categories, the direct and indirect lines and the total


@pytest.mark.parametrize("name", NAMES)
def test_every_output_shows_the_same_numbers_vi(name: str, folder: str) -> None:
    _check(name, "vi", folder)


@pytest.mark.parametrize("name", ["cement_plant", "hai_phong_garment"])
def test_every_output_shows_the_same_numbers_en(name: str, folder: str) -> None:
    _check(name, "en", folder)


def test_readers_find_what_they_read() -> None:
    """The terminal reader reads numbers in the report's format and refuses a line it cannot place."""
    vi = (f"x\n\n        2025   2026\n  1.1  Đốt    1.234,5   0,0\n     1  Trực tiếp   1.234,5   0,0\n"
          f"        {t('doc.total', 'vi')}   1.300,0   7,1\n\n")
    got = from_terminal(vi, "vi")
    assert got == {2025: {"1.1": "1.234,5", "1": "1.234,5", TOTAL: "1.300,0"},
                   2026: {"1.1": "0,0", "1": "0,0", TOTAL: "7,1"}}
    with pytest.raises(AssertionError):
        from_terminal("x\n\n   2025\n   Something else   1,0\n", "vi")
    assert md_tables("**Cap**\n\n| Mã | Tổng |\n|---|---:|\n| **1** | **2,0** |\n") == [
        ("Cap", [[" Mã ", " Tổng "], [" **1** ", " **2,0** "]])]
