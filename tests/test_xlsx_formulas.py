"""`report -o r.xlsx --formulas`: the detail sheet's live formulas give ghgcalc's numbers.

The workbook's formulas are evaluated here by a small evaluator of the subset
the writer emits (cell references across sheets, numbers, + - * /, SUM,
SUMIFS with equality criteria), so the check needs nothing but openpyxl; where
LibreOffice is installed a slow test also lets it recalculate the workbook.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.utils import column_index_from_string

from ghgcalc.cli import main
from ghgcalc.l10n import t
from ghgcalc.render.xlsx import write_xlsx
from ghgcalc.report import build_inventory
from ghgcalc.report_model import ReportModel

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NAMES = sorted(p.stem for p in EXAMPLES.glob("*.xlsx"))
REL = 1e-9


# ---------------------------------------------------------------- a small formula evaluator
_TOKEN = re.compile(r"""\s*(?:
    (?P<ref>(?:'(?:[^']|'')+'!)?\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)
  | (?P<num>\d+(?:\.\d+)?(?:E[+-]?\d+)?)
  | (?P<func>SUM|SUMIFS)\(
  | (?P<str>"[^"]*")
  | (?P<op>[-+*/(),])
)""", re.X)


class Evaluator:
    """Values of a workbook's cells, computing the formulas the xlsx writer emits."""

    def __init__(self, path: Path) -> None:
        self.wb = openpyxl.load_workbook(path)  # formulas as text
        self.cache: dict[tuple[str, int, int], Any] = {}

    def value(self, sheet: str, row: int, col: int) -> Any:
        key = (sheet, row, col)
        if key not in self.cache:
            v = self.wb[sheet].cell(row, col).value
            if isinstance(v, str) and v.startswith("="):
                v = self._eval(v[1:], sheet)
            self.cache[key] = v
        return self.cache[key]

    def _tokens(self, text: str) -> list[tuple[str, str]]:
        out, pos = [], 0
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            assert m and m.end() > pos, f"cannot read formula at {text[pos:]!r}"
            kind = m.lastgroup
            assert kind is not None
            out.append((kind, m.group(kind)))
            pos = m.end()
        return out

    def _eval(self, text: str, sheet: str) -> Any:
        self.toks, self.i, self.sheet = self._tokens(text), 0, sheet
        v = self._expr()
        assert self.i == len(self.toks), f"trailing tokens in {text!r}"
        return v

    def _peek(self) -> tuple[str, str] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def _take(self) -> tuple[str, str]:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def _expr(self) -> Any:
        v = self._term()
        while self._peek() in (("op", "+"), ("op", "-")):
            op = self._take()[1]
            w = self._term()
            v = _n(v) + _n(w) if op == "+" else _n(v) - _n(w)
        return v

    def _term(self) -> Any:
        v = self._factor()
        while self._peek() in (("op", "*"), ("op", "/")):
            op = self._take()[1]
            w = self._factor()
            v = _n(v) * _n(w) if op == "*" else _n(v) / _n(w)
        return v

    def _factor(self) -> Any:
        kind, text = self._take()
        if (kind, text) == ("op", "-"):
            return -_n(self._factor())
        if (kind, text) == ("op", "("):
            v = self._expr()
            assert self._take() == ("op", ")")
            return v
        if kind == "num":
            return float(text)
        if kind == "str":
            return text[1:-1]
        if kind == "ref":
            cells = self._cells(text)
            assert len(cells) == 1, f"a range {text} outside a function"
            return cells[0]
        if kind == "func":
            args: list[Any] = []
            while True:
                nxt = self._peek()
                if nxt is not None and nxt[0] == "ref" and self.toks[self.i + 1] in (("op", ","), ("op", ")")):
                    args.append(self._cells(self._take()[1]))
                else:
                    args.append(self._expr())
                sep = self._take()
                if sep == ("op", ")"):
                    break
                assert sep == ("op", ","), sep
            return _sum(args) if text == "SUM" else _sumifs(args)
        raise AssertionError(f"unexpected token {text!r}")

    def _cells(self, ref: str) -> list[Any]:
        sheet = self.sheet
        if "!" in ref:
            quoted, ref = ref.rsplit("!", 1)
            sheet = quoted[1:-1].replace("''", "'")
        a, _, b = ref.replace("$", "").partition(":")
        (c1, r1), (c2, r2) = _rc(a), _rc(b or a)
        saved = (self.toks, self.i, self.sheet)
        vals = [self.value(sheet, r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]
        self.toks, self.i, self.sheet = saved
        return vals


def _rc(ref: str) -> tuple[int, int]:
    m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    assert m, ref
    return column_index_from_string(m.group(1)), int(m.group(2))


def _n(v: Any) -> float:
    if isinstance(v, list):
        assert len(v) == 1
        v = v[0]
    if v is None or v == "":
        return 0.0
    assert isinstance(v, (int, float)), f"arithmetic on text {v!r}"
    return float(v)


def _sum(args: list[Any]) -> float:
    total = 0.0
    for a in args:
        for v in a if isinstance(a, list) else [a]:
            total += float(v) if isinstance(v, (int, float)) else 0.0
    return total


def _matches(cell: Any, crit: Any) -> bool:
    if isinstance(crit, list):
        crit = crit[0]
    if isinstance(cell, (int, float)) and isinstance(crit, (int, float)):
        return float(cell) == float(crit)
    return str(cell).casefold() == str(crit).casefold() and cell is not None


def _sumifs(args: list[Any]) -> float:
    target, pairs = args[0], args[1:]
    assert isinstance(target, list) and len(pairs) % 2 == 0
    total = 0.0
    for k, v in enumerate(target):
        if all(_matches(pairs[j][k], pairs[j + 1]) for j in range(0, len(pairs), 2)):
            total += float(v) if isinstance(v, (int, float)) else 0.0
    return total


# ---------------------------------------------------------------- fixtures
@cache
def _model(name: str) -> ReportModel:
    return build_inventory(EXAMPLES / f"{name}.xlsx", as_of=dt.date(2026, 11, 23)).report()


@cache
def _written(name: str, lang: str, folder: str) -> Path:
    out = Path(folder) / f"{name}.{lang}.xlsx"
    write_xlsx(_model(name), out, lang, formulas=True)
    return out


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("xlsx_formulas"))


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=REL, abs_tol=1e-9)


def _header_col(ws: Any, row: int, label: str) -> int:
    for c in range(1, ws.max_column + 1):
        if ws.cell(row, c).value == label:
            return c
    raise AssertionError(f"no column {label!r} in {ws.title}")


def _check_values(m: ReportModel, lang: str, value: Any) -> int:
    """Compare every formula-carried number with the model; ``value(sheet, row, col)`` reads the workbook.

    Returns how many numbers were compared.
    """
    checked = 0
    gases = ("CO2", "CH4", "N2O", "HFCs", "PFCs", "SF6", "NF3")
    for y in m.years:
        sheet = f"{t('sheet_name.iso', lang)} {y.year}"[:31]
        for i, r in enumerate(y.iso):
            row = 3 + i  # title in row 1, header in row 2
            assert value(sheet, row, 1) == r.category
            for j, g in enumerate(gases):
                assert _close(value(sheet, row, 3 + j), r.co2e_by_gas_t[g]), (y.year, r.category, g)
            assert _close(value(sheet, row, 10), r.co2e_only_t)
            assert _close(value(sheet, row, 11), r.co2e_t), (y.year, r.category)
            checked += 9
        sub = 3 + len(y.iso) + 2  # a blank row and the subtotal header
        for k, v in enumerate((y.totals.direct_co2e_t, y.totals.indirect_co2e_t, y.totals.co2e_t)):
            assert _close(value(sheet, sub + k, 11), v), (y.year, k)
            checked += 1
    detail = t("sheet_name.detail", lang)[:31]
    return checked + _check_detail(m, lang, detail, value)


def _check_detail(m: ReportModel, lang: str, detail: str, value: Any) -> int:
    checked = 0
    labels = {"total": t("col.co2e_t", lang)}
    for g in ("CO2", "CH4", "N2O", "HFCs", "PFCs", "SF6", "NF3"):
        labels[g] = t("xf.col.co2e", lang, gas=t(f"gas.{g}", lang))
    labels["co2e_only"] = t("xf.col.co2e", lang, gas=t("col.co2e_only_t", lang))
    labels["biogenic"], labels["memo"] = t("xf.col.biogenic", lang), t("xf.col.memo", lang)
    # CH4 is checked through the row total: its GWP may be the row's own (AR6 fossil CH4)
    attrs = {"CO2": "co2_t", "CH4": None, "N2O": "n2o_t", "HFCs": "hfcs_co2e_t", "PFCs": "pfcs_co2e_t",
             "co2e_only": "co2e_only_t", "total": "co2e_t", "biogenic": "biogenic_co2_t", "memo": "memo_co2e_t"}
    gwp = m.provenance.gwp_values
    return checked + _check_rows(m, detail, value, labels, attrs, gwp)


def _check_rows(m: ReportModel, detail: str, value: Any, labels: dict[str, str], attrs: dict[str, str | None],
                gwp: dict[str, float]) -> int:
    checked = 0
    header = {value(detail, 1, c): c for c in range(1, 60) if value(detail, 1, c)}
    for i, x in enumerate(m.sources):
        r = 2 + i
        assert value(detail, r, 1) == x.year and _close(value(detail, r, 6) or 0.0, x.quantity or 0.0)
        for key, attr in attrs.items():
            col = header.get(labels[key])
            if col is None:  # the gas occurs in no row of this report
                assert attr is None or getattr(x, attr) == 0.0
                continue
            got = _n(value(detail, r, col))
            if attr is not None:
                expected = getattr(x, attr) * (gwp[key] if key in ("CO2", "N2O") else 1.0)
                assert _close(got, expected), (x.activity, x.year, key, got, expected)
                checked += 1
    return checked


# ---------------------------------------------------------------- tests
@pytest.mark.parametrize("name", NAMES)
def test_formulas_give_ghgcalcs_numbers(name: str, folder: str) -> None:
    m = _model(name)
    ev = Evaluator(_written(name, "vi", folder))
    checked = _check_values(m, "vi", ev.value)
    assert checked >= 12 * len(m.years)


def test_english_workbook_formulas_too(folder: str) -> None:
    m = _model("dong_thap_pangasius")
    ev = Evaluator(_written("dong_thap_pangasius", "en", folder))
    assert _check_values(m, "en", ev.value) > 40


def test_product_rows_are_formulas_of_the_factor_cells(folder: str) -> None:
    """Brick kiln anthracite: CO2 coefficient = NCV 26.7 TJ/Gg (IPCC 2006 V2 T1.2) × 98,300 kg CO2/TJ
    (Decision 2626 App. I 1.25) × 10⁻⁶ = 2.62461 t CO2/t; 400 t → 1,049.844 t CO2."""
    path = _written("brick_kiln", "en", folder)
    ev = Evaluator(path)
    ws = ev.wb[t("sheet_name.detail", "en")]
    header = {ws.cell(1, c).value: c for c in range(1, ws.max_column + 1)}
    r = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 6).value == 400)  # the anthracite row
    coef = ws.cell(r, header[t("xf.col.coef", "en", gas="CO2")]).value
    assert isinstance(coef, str) and coef.startswith("=") and "'Factors'!" in coef.replace(
        f"'{t('sheet_name.factors', 'en')}'!", "'Factors'!")
    factors = ev.wb[t("sheet_name.factors", "en")]
    refs = [int(x) for x in re.findall(r"\$D\$(\d+)", coef)]
    assert sorted(factors.cell(k, 1).value for k in refs) == ["ipcc2006.v2.t1_2.ncv.anthracite", "vn.qd2626.I_1_25"]
    c = header[t("xf.col.coef", "en", gas="CO2")]
    assert ev.value(ws.title, r, c) == pytest.approx(26.7 * 98300 * 1e-6, rel=1e-12)
    assert ev.value(ws.title, r, c + 1) == pytest.approx(400 * 2.62461, rel=1e-12)
    assert "product of the listed factors" in ws.cell(r, header[t("xf.col.how", "en")]).value


def test_methods_that_are_no_product_carry_an_effective_coefficient_and_say_so(folder: str) -> None:
    """Pangasius wastewater 2025: (120,000 m³ × COD 2.5 kg/m³ − 30,000 kg COD removed as sludge) × Bo 0.25 × MCF 0.8
    = 54 t CH4 → 0.00045 t/m³ (the sludge term makes it no product of factors): the CH4 coefficient is ghgcalc's
    t CH4 ÷ m³, a value, and the row says so."""
    m = _model("dong_thap_pangasius")
    x = next(x for x in m.sources if x.activity == "industrial_wastewater" and x.year == 2025)
    ev = Evaluator(_written("dong_thap_pangasius", "en", folder))
    ws = ev.wb[t("sheet_name.detail", "en")]
    header = {ws.cell(1, c).value: c for c in range(1, ws.max_column + 1)}
    r = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == 2025 and ws.cell(r, 6).value == 120000)
    c = header[t("xf.col.coef", "en", gas="CH4")]
    assert isinstance(ws.cell(r, c).value, float)  # a value, not a formula
    assert ws.cell(r, c).value == pytest.approx(x.ch4_t / 120000, rel=1e-12)
    assert ws.cell(r, c).value == pytest.approx((120000 * 2.5 - 30000) * 0.25 * 0.8 / 1000 / 120000)
    assert ws.cell(r, c + 1).value.endswith(f"'{t('sheet_name.gwp', 'en')}'!$B$3")  # × the CH4 GWP cell
    assert ev.value(ws.title, r, c + 1) == pytest.approx(54 * 28)  # AR5 CH4 GWP 28
    assert "effective coefficient" in ws.cell(r, header[t("xf.col.how", "en")]).value


def test_ar6_fossil_ch4_takes_its_own_gwp_cell(folder: str) -> None:
    """Binh Duong (AR6): diesel CH4 weighted 29.8 (fossil, AR6 WG1 Table 7.15), not the general 27.9."""
    ev = Evaluator(_written("binh_duong_electronics", "en", folder))
    gwp = ev.wb[t("sheet_name.gwp", "en")]
    values = {gwp.cell(r, 1).value: gwp.cell(r, 2).value for r in range(2, gwp.max_row + 1)}
    assert values["CH4"] == 27.9
    assert [v for k, v in values.items() if k and k.startswith("CH4 (")] == [29.8]


def test_cli_formulas_option(tmp_path: Path) -> None:
    out, plain = tmp_path / "r.xlsx", tmp_path / "plain.xlsx"
    args = ["report", str(EXAMPLES / "cement_plant.xlsx"), "--as-of", "2026-11-23", "--lang", "vi"]
    res = CliRunner().invoke(main, [*args, "-o", str(out), "--formulas"])
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(main, [*args, "-o", str(plain)])
    assert res.exit_code == 0, res.output

    def formulas(p: Path) -> int:
        wb = openpyxl.load_workbook(p)
        return sum(isinstance(c.value, str) and c.value.startswith("=")
                   for ws in wb for row in ws.iter_rows() for c in row)

    assert formulas(out) > 50 and formulas(plain) == 0
    assert t("sheet_name.gwp", "vi") in openpyxl.load_workbook(out).sheetnames


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
@pytest.mark.parametrize("name", ["binh_duong_electronics", "dong_thap_pangasius"])
def test_libreoffice_recalculates_the_same_numbers(name: str, folder: str, tmp_path: Path) -> None:
    src = _written(name, "vi", folder)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "xlsx", "--outdir", str(tmp_path / "out"), str(src)],
                   check=True, capture_output=True, timeout=120)
    wb = openpyxl.load_workbook(tmp_path / "out" / src.name, data_only=True)

    def value(sheet: str, row: int, col: int) -> Any:
        return wb[sheet].cell(row, col).value

    assert _check_values(_model(name), "vi", value) > 40


# ---------------------------------------------------------------- the product finder, as a property
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from ghgcalc.render.xlsx_formulas import row_terms  # noqa: E402
from ghgcalc.report_model import FactorRef, SourceRow  # noqa: E402

OIL_BARREL_L = 158.987294928  # 42 US gallons × 3.785411784 L


def _row(quantity: float, unit: str, co2_t: float, factor_ids: list[str]) -> SourceRow:
    zero = dict.fromkeys(("ch4_t", "n2o_t", "hfcs_co2e_t", "pfcs_co2e_t", "sf6_t", "nf3_t", "co2e_only_t",
                          "biogenic_co2_t", "memo_co2e_t"), 0.0)
    return SourceRow(year=2025, sheet="stationary", row=4, description=None, activity="gas_diesel_oil",
                     quantity=quantity, unit=unit, category="1.1", scope="scope1", method="combustion_stationary",
                     tier="national", factor_ids=factor_ids, co2_t=co2_t, co2e_t=co2_t,
                     scope2_market_co2e_t=None, energy_tj=None, notes=[], **zero)


def _factor(fid: str, gas: str | None, value: float, unit: str) -> FactorRef:
    return FactorRef(factor_id=fid, activity="gas_diesel_oil", gas=gas, value=value, unit=unit,
                     source_id="x", table="y", tier="national")


@settings(deadline=None)  # the first example loads pint's registry and an example's report
@given(litres=st.floats(1.0, 1e7), ncv=st.floats(1.0, 60.0), density=st.floats(5.0, 9.0),
       ef=st.floats(1.0, 1e5))
def test_litres_through_density_and_ncv_are_found_as_a_product(litres: float, ncv: float, density: float,
                                                                ef: float) -> None:
    """L ÷ (L per barrel) ÷ (barrels per t) → t; × 10⁻³ → Gg; × NCV TJ/Gg → TJ; × EF kg/TJ → kg; × 10⁻³ → t."""
    co2_t = litres / OIL_BARREL_L / density / 1000 * ncv * ef / 1000
    factors = [_factor("ncv", None, ncv, "TJ/Gg"), _factor("density", None, density, "oil_barrel/t"),
               _factor("ef", "CO2", ef, "kg CO2/TJ")]
    by_id = {f.factor_id: f for f in factors}
    m = _model("brick_kiln")
    term = row_terms(_row(litres, "L", co2_t, ["ef", "ncv", "density"]), m, by_id).terms["CO2"]
    assert dict(term.factors) == {"ncv": 1, "density": -1, "ef": 1}
    assert term.scale == pytest.approx(1e-6 / OIL_BARREL_L, rel=1e-9)
    assert litres * term.coefficient * 1.0 == pytest.approx(co2_t, rel=1e-9)
    # a result the listed factors do not give (here 0.1 % more) is never written as their product
    off = row_terms(_row(litres, "L", co2_t * 1.001, ["ef", "ncv", "density"]), m, by_id).terms["CO2"]
    assert not off.is_product and off.coefficient == pytest.approx(co2_t * 1.001 / litres, rel=1e-12)
