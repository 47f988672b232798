"""The report model: per year, ids not labels, a published JSON Schema, locale only in the renderers."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import jsonschema
import pytest

import ghgcalc
from ghgcalc import l10n
from ghgcalc.io.report_writers import summary, to_json
from ghgcalc.report import build_inventory
from ghgcalc.report_model import SCHEMA_VERSION, ReportModel, report_json_schema

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
DAY = dt.date(2026, 11, 23)
SCHEMA_FILE = Path(ghgcalc.__file__).parent / "schemas" / f"report-{SCHEMA_VERSION}.schema.json"
NAMES = sorted(p.stem for p in EXAMPLES.glob("*.xlsx"))


@pytest.fixture(scope="module")
def inventories() -> dict[str, ghgcalc.Inventory]:
    return {n: build_inventory(EXAMPLES / f"{n}.xlsx", as_of=DAY) for n in NAMES}


def test_published_schema_is_the_models_schema() -> None:
    assert json.loads(SCHEMA_FILE.read_text("utf-8")) == report_json_schema(), \
        "regenerate ghgcalc/schemas/ (python -c 'from ghgcalc.report_model import …') and bump SCHEMA_VERSION"


def test_every_example_json_validates_and_round_trips(inventories: dict[str, ghgcalc.Inventory]) -> None:
    schema = json.loads(SCHEMA_FILE.read_text("utf-8"))
    for name, inv in inventories.items():
        text = to_json(inv.report())
        assert "NaN" not in text and "Infinity" not in text, name
        data = json.loads(text)
        jsonschema.validate(data, schema)
        assert ReportModel.model_validate_json(text) == inv.report(), name
        assert data["schema_version"] == SCHEMA_VERSION


def test_two_years_are_two_blocks_never_a_sum(inventories: dict[str, ghgcalc.Inventory]) -> None:
    inv = inventories["dong_thap_pangasius"]
    m = inv.report()
    assert [y.year for y in m.years] == [2025, 2026]
    by_year = inv.results.groupby("year")["co2e_t"].sum()
    for y in m.years:
        assert y.totals.co2e_t == pytest.approx(by_year[y.year])
        assert sum(r.co2e_t for r in y.iso) == pytest.approx(y.totals.co2e_t)
        assert y.period_start == dt.date(y.year, 1, 1) and y.period_end == dt.date(y.year, 12, 31)
        scopes = {s.scope: s.co2e_t for s in y.scopes}
        assert scopes["scope1"] == pytest.approx(y.totals.direct_co2e_t)
    (change,) = m.change_vs_previous
    assert change.change_t == pytest.approx(by_year[2026] - by_year[2025])
    assert "totals" not in m.model_dump()  # no top-level figure that could be a two-year sum


def test_intensity_is_each_years_emissions_over_that_years_output(inventories: dict[str, ghgcalc.Inventory]) -> None:
    m = inventories["cement_plant"].report()
    for y, output in ((2025, 1_200_000), (2026, 1_150_000)):
        block = m.year(y)
        assert block.intensity is not None and block.intensity.output == output
        assert block.intensity.co2e_t_per_unit == pytest.approx(block.totals.co2e_t / output)
        assert 0.85 < block.intensity.co2e_t_per_unit < 0.95  # one year of clinker, not two


def test_a_single_output_with_two_years_gives_no_intensity() -> None:
    inv = build_inventory(EXAMPLES / "cement_plant.xlsx", as_of=DAY)
    inv.facility["production_output"] = 1_200_000.0  # which year? refused rather than guessed
    assert inv.intensity().empty
    (warning,) = [w for w in inv.warnings() if "production_output" in w]
    assert "2025, 2026" in warning
    assert l10n.translate(warning, "vi").startswith("sản lượng chưa ghi cho năm 2025, 2026")


def test_gas_columns_add_up_when_a_source_has_only_co2e(inventories: dict[str, ghgcalc.Inventory]) -> None:
    y = inventories["binh_duong_electronics"].report().year(2025)
    travel = next(r for r in y.iso if r.category == "3.5")
    assert travel.co2e_only_t == pytest.approx(travel.co2e_t) and sum(travel.co2e_by_gas_t.values()) == 0
    for r in y.iso:
        assert sum(r.co2e_by_gas_t.values()) + r.co2e_only_t == pytest.approx(r.co2e_t, abs=1e-6)


def test_uncertainty_total_says_how_much_it_covers(inventories: dict[str, ghgcalc.Inventory]) -> None:
    y = inventories["cement_plant"].report().year(2025)
    total = next(u for u in y.uncertainty if u.category == "total")
    clinker = next(u for u in y.uncertainty if u.category == "1.3")
    assert clinker.quantified_share == 0  # Decision 2626 clinker factor: no published range
    assert total.quantified_share is not None and total.quantified_share < 0.5
    assert total.quantified_t == pytest.approx(sum(u.quantified_t for u in y.uncertainty if u.category != "total"))


def test_missing_form06_fields_are_listed(inventories: dict[str, ghgcalc.Inventory]) -> None:
    m = inventories["dong_thap_pangasius"].report()
    assert "legal_representative" in m.facility.missing
    text = summary(inventories["dong_thap_pangasius"], "vi")
    assert "Chưa nhập trường của Mẫu số 06: người đại diện theo pháp luật" in text


def test_quota_balance_states_its_boundary(inventories: dict[str, ghgcalc.Inventory]) -> None:
    q = inventories["cement_plant"].report().quota
    assert q is not None and q.boundary == "direct" and q.boundary_categories == ["1"]
    assert not q.emissions_verified
    assert "trực tiếp" in q.boundary_text["vi"]


def test_tables_carry_ids_and_label_turns_them_into_words(inventories: dict[str, ghgcalc.Inventory]) -> None:
    iso = inventories["dong_thap_pangasius"].iso_table(year=2025)
    assert {"year", "category", "co2e_t", "ch4_co2e_t", "co2e_only_t"} <= set(iso.columns)
    vi = iso.pipe(ghgcalc.label, "vi")
    assert "Hạng mục ISO 14064-1" in vi.columns and "Tổng (t CO2tđ)" in vi.columns
    assert vi["Hạng mục ISO 14064-1"].iloc[0] == "1.1 Đốt nhiên liệu tĩnh"
    assert vi["Tổng (t CO2tđ)"].tolist() == iso["co2e_t"].tolist()  # numbers stay numbers


def test_vietnamese_terminal_has_no_english_and_writes_vietnamese_numbers(
        inventories: dict[str, ghgcalc.Inventory]) -> None:
    english = [l10n.t(k, "en") for k in ("doc.total", "doc.direct", "scope.scope1", "cat.1.1", "doc.biogenic")]
    for name, inv in inventories.items():
        text = summary(inv, "vi")
        for word in english:
            assert word not in text, (name, word)
        assert not re.search(r"\d,\d{3}\.\d", text), name  # 1,234.5 is English
        for y in inv.report().years:
            assert l10n.num(y.totals.co2e_t, "vi") in text, name  # 1.234,5
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", text.replace(inv.report().provenance.input_file or "", "")), name


def test_numbers_dates_and_units_by_locale() -> None:
    assert l10n.num(1234567.891, "vi") == "1.234.567,9" and l10n.num(1234567.891, "en") == "1,234,567.9"
    assert l10n.num(-0.04, "vi") == "0,0"
    assert l10n.sig(41.868, "vi") == "41,868" and l10n.sig(98300, "vi") == "98.300"
    assert l10n.date(dt.date(2027, 3, 31), "vi") == "31/03/2027"
    assert l10n.unit("m**3", "vi") == "m³" and l10n.unit("L", "vi") == "lít" and l10n.unit("pkm", "vi") == "người.km"
    assert l10n.factor_citation(98300, "kg CO2/TJ", "vn_qd_2626_2022", "Appendix I, item 1.25", "vi") == \
        "98.300 kg CO2/TJ — Quyết định 2626/QĐ-BTNMT, Phụ lục I, mục 1.25"


def test_every_catalogue_key_exists_in_both_languages() -> None:
    en, vi = l10n._catalogue("en")[0], l10n._catalogue("vi")[0]
    assert set(en) == set(vi)
    for key, text in en.items():  # the same placeholders on both sides
        assert set(re.findall(r"\{(\w+)\}", text)) == set(re.findall(r"\{(\w+)\}", vi[key])), key


def test_schema_command_prints_the_report_schema() -> None:
    from click.testing import CliRunner

    from ghgcalc.cli import main

    out = CliRunner().invoke(main, ["schema", "--report"])
    assert out.exit_code == 0 and json.loads(out.output)["title"] == "ghgcalc inventory report"


ENGLISH = re.compile(r"\b(the|of|and|no|not|for|used|give|with|per|from|factor|is|by|in|at|supply|treatment|fuel)\b")


def test_engine_notes_and_warnings_read_in_vietnamese(inventories: dict[str, ghgcalc.Inventory]) -> None:
    """Every note, warning and applicability line of the examples has a Vietnamese pattern in vi.po."""
    for name, inv in inventories.items():
        m = inv.report()
        texts = [*m.warnings, *(n for s in m.sources for n in s.notes)]
        texts += m.applicability.explanation["vi"].splitlines() if m.applicability else []
        for text in texts:
            vi = l10n.translate(text, "vi")
            assert not ENGLISH.search(vi) and not re.search(r"\b[a-z]+_[a-z_]+\b", vi), (name, vi)


def test_refrigerant_factor_is_its_blend_gwp_with_the_composition(inventories: dict[str, ghgcalc.Inventory]) -> None:
    """R-410A = 50 % HFC-32 + 50 % HFC-125 (ASHRAE 34); AR6 Table 7.SM.7: 771 and 3,740 → 2,255.5."""
    m = inventories["binh_duong_electronics"].report()
    f = next(x for x in m.factors if x.factor_id == "ashrae34.R-410A")
    assert f.value == pytest.approx(0.5 * 771 + 0.5 * 3740) and f.unit == "t CO2e/t" and f.source_id == "ashrae_34"
    assert "HFC-32 50 % + HFC-125 50 %" in (f.table or "")


def test_recalculation_against_the_published_report_reaches_the_report() -> None:
    """hai_phong_garment: the 2022 report as published against 2022 computed today (ISO 14064-1:2018 6.4)."""
    from ghgcalc.render.markup import to_markdown

    inv = build_inventory(EXAMPLES / "hai_phong_garment.xlsx", as_of=DAY)
    rec = ghgcalc.recalculate(EXAMPLES / "hai_phong_garment_report_2022.json", inv)
    inv.attach_recalculation(rec)
    r = inv.report().recalculation
    assert r is not None and r.required and r.threshold_pct == 5
    total = next(x for x in r.rows if x.year == 2022 and x.category == "total")
    assert total.difference_co2e_t == pytest.approx(total.recalculated_co2e_t - total.original_co2e_t)
    assert total.difference_pct == pytest.approx(100 * total.difference_co2e_t / total.original_co2e_t)
    text = to_markdown(inv.report(), "vi")
    assert "Tính toán lại các năm trước so với báo cáo đã nộp" in text and "bổ sung nguồn phát thải" in text


def test_monte_carlo_reaches_the_report_per_year() -> None:
    """report --monte-carlo: each year's total and categories by Approach 2, same seed → same numbers."""
    from click.testing import CliRunner

    from ghgcalc.cli import main
    from ghgcalc.render.markup import to_html

    inv = build_inventory(EXAMPLES / "cement_plant.xlsx", as_of=DAY)
    inv.attach_monte_carlo(draws=1_000, seed=3)
    m = inv.report()
    for y in m.years:
        assert y.monte_carlo is not None and y.monte_carlo.draws == 1_000 and y.monte_carlo.seed == 3
        total = next(r for r in y.monte_carlo.rows if r.category == "total")
        assert total.co2e_t == pytest.approx(y.totals.co2e_t)
        assert total.p2_5_co2e_t < total.mean_co2e_t < total.p97_5_co2e_t
        assert sum(b.count for b in y.monte_carlo.histogram) == 1_000
    html = to_html(m, "vi")
    assert "Phân bố tổng phát thải năm 2026 theo Monte Carlo" in html and html.count("<svg") >= 4
    again = build_inventory(EXAMPLES / "cement_plant.xlsx", as_of=DAY)
    again.attach_monte_carlo(draws=1_000, seed=3)
    assert again.report().years[0].monte_carlo == m.years[0].monte_carlo
    res = CliRunner().invoke(main, ["report", str(EXAMPLES / "brick_kiln.xlsx"), "--monte-carlo", "500", "--seed",
                                    "1", "--lang", "vi", "--as-of", "2026-11-23"])
    assert res.exit_code == 0 and "Monte Carlo trung bình" in res.output
