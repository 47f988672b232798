"""Several sites, one organisation (ISO 14064-1:2018 5.1; GHG Protocol Corporate Standard ch. 3)."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

import ghgcalc
from ghgcalc import l10n
from ghgcalc.cli import main
from ghgcalc.consolidation import consolidate, portfolio
from ghgcalc.errors import GhgcalcError, InputError


def site(mwh_by_year: dict[int, float], **facility: object) -> ghgcalc.Inventory:
    rows = [{"activity": "grid_electricity", "quantity": q, "unit": "MWh", "year": y} for y, q in mwh_by_year.items()]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ghgcalc.GhgcalcWarning)
        res = ghgcalc.calculate(pd.DataFrame(rows))
    return ghgcalc.Inventory(facility={"name": "site", **facility}, results=res)


# grid factors (DCC): 2022 0.6766, 2023 0.6592 t CO2/MWh
OWN = site({2022: 1000, 2023: 1000}, name="Own plant")  # 676.6 t (2022), 659.2 t (2023)
JV = site({2022: 500, 2023: 500}, name="JV", ownership_pct=40, operational_control="no",
          financial_control="joint")  # 338.3 t, 329.6 t
SUB = site({2023: 200}, name="Subsidiary", ownership_pct=30, operational_control="có",
           financial_control="yes")  # 131.84 t


def org_total(c: ghgcalc.consolidation.Consolidation, year: int) -> float:
    t = c.totals
    return float(t[(t["site"] == "organisation") & (t["year"] == year)]["consolidated_co2e_t"].iloc[0])


def test_three_approaches_by_hand() -> None:
    sites = [("own.xlsx", OWN), ("jv.xlsx", JV), ("sub.xlsx", SUB)]
    op = consolidate(sites, "operational_control")
    # operational control: own 659.2 + subsidiary 131.84 (operated), JV 0
    assert org_total(op, 2023) == pytest.approx(659.2 + 131.84)
    assert org_total(op, 2022) == pytest.approx(676.6)
    fin = consolidate(sites, "financial_control")
    # financial control: own 659.2 + JV jointly controlled at its equity 40 % x 329.6 + subsidiary 100 %
    assert org_total(fin, 2023) == pytest.approx(659.2 + 0.4 * 329.6 + 131.84)
    eq = consolidate(sites, "equity_share")
    # equity share: own 100 % + JV 40 % + subsidiary 30 %
    assert org_total(eq, 2023) == pytest.approx(659.2 + 0.4 * 329.6 + 0.3 * 131.84)
    assert org_total(eq, 2022) == pytest.approx(676.6 + 0.4 * 338.3)
    s = eq.sites.set_index("site")
    assert s.loc["jv", "share"] == 0.4 and s.loc["jv", "basis"] == "equity 40 %"
    # every year apart, never summed over years; the organisation's rows by ISO category add to its total
    assert set(eq.totals["year"]) == {2022, 2023}
    cat = eq.by_category[eq.by_category["year"] == 2023]
    assert cat["consolidated_co2e_t"].sum() == pytest.approx(org_total(eq, 2023))


def test_sites_must_state_what_the_approach_needs() -> None:
    bare = site({2023: 100}, name="Bare")
    with pytest.raises(InputError, match="operational_control") as exc:
        consolidate([("own.xlsx", OWN), ("bare.xlsx", bare)], "operational_control")
    assert "bare.xlsx" in str(exc.value)
    with pytest.raises(InputError, match="ownership_pct"):
        consolidate([("own.xlsx", OWN), ("bare.xlsx", bare)], "equity_share")
    odd = site({2023: 100}, name="Odd", ownership_pct=140)
    with pytest.raises(InputError, match="percentage"):
        consolidate([("own.xlsx", OWN), ("odd.xlsx", odd)], "equity_share")
    with pytest.raises(GhgcalcError, match="unknown consolidation approach"):
        consolidate([("own.xlsx", OWN)], "control")
    with pytest.raises(GhgcalcError, match="given twice"):
        consolidate([("own.xlsx", OWN), ("own.xlsx", OWN)], "equity_share")


def test_portfolio_rows_per_workbook_and_year() -> None:
    out = portfolio([("own.xlsx", OWN), ("sub.xlsx", SUB)])
    assert list(zip(out["file"], out["year"], strict=True)) == [("own.xlsx", 2022), ("own.xlsx", 2023),
                                                                 ("sub.xlsx", 2023)]
    assert out.loc[out["file"] == "sub.xlsx", "co2e_t"].iloc[0] == pytest.approx(131.84)
    assert "tax_code" in out["missing_fields"].iloc[0] and "name" not in out["missing_fields"].iloc[0].split(";")
    assert "uncertainty_results_notes" in out["missing_fields"].iloc[0].split(";")  # Form 06 III.4 too


def test_cli_consolidate_and_summary(tmp_path: Path) -> None:
    books = ["examples/mekong_foods/head_office_plant.xlsx", "examples/mekong_foods/long_an_joint_venture.xlsx"]
    r = CliRunner().invoke(main, ["report", *books, "--consolidate", "equity_share", "-o", str(tmp_path / "org.xlsx"),
                                  "--summary", str(tmp_path / "summary.csv")])
    assert r.exit_code == 0, r.output
    assert "equity share 40 %; likely to be listed (group A)" in r.output and "Organisation" in r.output
    wb = load_workbook(tmp_path / "org.xlsx")
    assert wb.sheetnames == ["Sites", "By site", "By category"]
    summary = pd.read_csv(tmp_path / "summary.csv")
    assert list(summary["year"]) == [2025, 2026, 2025, 2026]
    r = CliRunner().invoke(main, ["report", books[1], books[0], "--consolidate", "operational_control"])
    assert r.exit_code == 0, r.output  # the first workbook's own "no" is kept (a blank there would mean yes)
    assert "long_an_joint_venture    0 %  no operational control" in r.output


BOOKS = ["examples/mekong_foods/head_office_plant.xlsx", "examples/mekong_foods/long_an_joint_venture.xlsx"]


def test_organisation_report_in_every_format_and_both_languages(tmp_path: Path) -> None:
    """Equity share: the plant 100 %, the joint venture 40 % of its own inventory, each year apart."""
    from docx import Document

    outs = [str(tmp_path / f"org.{lang}.{x}") for lang in ("vi", "en") for x in ("docx", "xlsx", "html", "md", "json")]
    for lang in ("vi", "en"):
        r = CliRunner().invoke(main, ["report", *BOOKS, "--consolidate", "equity_share", "--lang", lang,
                                      *[a for o in outs if f".{lang}." in o for a in ("-o", o)]])
        assert r.exit_code == 0, r.output
    jv = ghgcalc.Inventory.from_file(BOOKS[1])
    jv_2025 = float(jv.totals().set_index("year").loc[2025, "co2e_t"])
    own_2025 = float(ghgcalc.Inventory.from_file(BOOKS[0]).totals().set_index("year").loc[2025, "co2e_t"])
    org_2025 = own_2025 + 0.4 * jv_2025  # 5,591.7 + 0.4 x 9,022.5 = 9,200.7
    assert org_2025 == pytest.approx(9200.7, abs=0.05)
    md_vi = (tmp_path / "org.vi.md").read_text("utf-8")
    assert "Hợp nhất theo tỷ lệ sở hữu (TCVN ISO 14064-1:2018, mục 5.1" in md_vi
    assert "| Long An Starch JV Co., Ltd. (example) | 40 % | tỷ lệ sở hữu 40 % | nhiều khả năng được đưa vào danh " \
           "mục (nhóm A) | 31/03/2027 |" in md_vi
    assert f"| **Toàn doanh nghiệp** |  | **{l10n.num(org_2025, 'vi')}** |" in md_vi
    assert "| **Total** | **9,200.7** | **9,614.1** |" in (tmp_path / "org.en.md").read_text("utf-8")
    html_vi = (tmp_path / "org.vi.html").read_text("utf-8")
    assert "Phát thải hợp nhất theo cơ sở (t CO2tđ)" in html_vi and "equity" not in html_vi
    doc = "\n".join(p.text for p in Document(str(tmp_path / "org.vi.docx")).paragraphs)
    assert "kiểm kê khí nhà kính của doanh nghiệp" in doc
    wb = load_workbook(tmp_path / "org.vi.xlsx")
    assert wb.sheetnames == ["Cơ sở", "Theo cơ sở", "Theo hạng mục"]
    values = [c.value for row in wb["Theo cơ sở"].iter_rows() for c in row]
    assert pytest.approx(org_2025, abs=1e-6) in values and 0.4 in values  # numbers stay numbers
    # JSON keeps the id tables (sites, totals, by_category, by_site)
    assert set(json.loads((tmp_path / "org.vi.json").read_text("utf-8"))) == {"sites", "totals", "by_category",
                                                                               "by_site"}
