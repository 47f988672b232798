"""An inventory "as published then" and "as of now": the factor editions known on a day.

The dataset keeps every edition (``valid_from``/``valid_to``) and, where a document came out after the period
its factor covers, the document's date (``published`` in ``sources.yaml``): the 2022 grid factor, valid for
2022, was announced by Official Letter 327/BĐKH-PTCBT on 19/03/2024, so a 2022 report sent in March 2023 had
to use the 2021 factor (0.7221 t CO2/MWh) where today's inventory uses 0.6766.
"""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import ghgcalc
from ghgcalc.cli import main
from ghgcalc.data import load_factor_table
from ghgcalc.factors import known_mask
from ghgcalc.recalculation import as_published, recalculate

GARMENT = Path(__file__).resolve().parents[1] / "examples" / "hai_phong_garment.xlsx"
MARCH_2023 = dt.date(2023, 3, 31)


def calc(rows: list[dict[str, object]], on: dt.date | None) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ghgcalc.GhgcalcWarning)
        return ghgcalc.calculate(pd.DataFrame(rows), factors_as_of=on)


def test_known_mask_follows_valid_from_and_the_documents_dates() -> None:
    table = load_factor_table().set_index("factor_id", drop=False)
    known = known_mask(table, MARCH_2023)
    # grid factors: valid for their year, known when their letter came out
    assert known["vn.dcc.grid.2021"] and not known["vn.dcc.grid.2022"] and not known["vn.dcc.grid.2023"]
    assert known_mask(table, dt.date(2024, 3, 19))["vn.dcc.grid.2022"]
    # Decision 2626/QĐ-BTNMT took effect on 10/10/2022
    assert known["vn.qd2626.I_1_28"] and not known_mask(table, dt.date(2022, 10, 9))["vn.qd2626.I_1_28"]


def test_calculate_as_of_a_day_uses_the_factors_published_by_then() -> None:
    rows = [{"activity": "grid_electricity", "quantity": 100, "unit": "MWh", "year": 2022},
            {"activity": "diesel", "quantity": 1, "unit": "TJ", "year": 2022, "sector": "manufacturing_construction"}]
    now, then, before_2626 = calc(rows, None), calc(rows, MARCH_2023), calc(rows, dt.date(2022, 6, 30))
    # 100 MWh x 0.6766 (2022 factor, Letter 327/BĐKH-PTCBT) and x 0.7221 (2021 factor, the latest known in 2023)
    assert now["co2e_t"].iloc[0] == pytest.approx(67.66) and then["co2e_t"].iloc[0] == pytest.approx(72.21)
    assert then["factor_ids"].iloc[0] == "vn.dcc.grid.2021" and then.attrs["factors_as_of"] == "2023-03-31"
    assert "factors_as_of" not in now.attrs
    # diesel before Decision 2626: the IPCC 2006 defaults (Vol. 2 Tables 1.4, 2.3); the same values here:
    # 74,100 kg CO2 + 3 kg CH4 x 28 + 0.6 kg N2O x 265 per TJ = 74.343 t CO2e
    assert before_2626["factor_ids"].iloc[1].startswith("ipcc2006.v2.t1_4.co2")
    assert now["factor_ids"].iloc[1].startswith("vn.qd2626")
    assert before_2626["co2e_t"].iloc[1] == pytest.approx(74.343) == now["co2e_t"].iloc[1]


def test_recalculate_as_published_then_against_now() -> None:
    inv = ghgcalc.Inventory.from_file(GARMENT, as_of=dt.date(2026, 11, 23))
    then = as_published(GARMENT, MARCH_2023, as_of=dt.date(2026, 11, 23))
    assert {s.year for s in then.sources} == {2022} and then.factors_as_of == MARCH_2023
    rec = recalculate(then, inv)
    t = rec.table.set_index("category")
    # electricity 2022: 2,400 MWh x 0.7221 = 1,733.04 then; x 0.6766 = 1,623.84 now: -109.2 t, factor change only
    assert t.loc["2.1", "original_co2e_t"] == pytest.approx(2400 * 0.7221)
    assert t.loc["2.1", "recalculated_co2e_t"] == pytest.approx(2400 * 0.6766)
    assert t.loc["2.1", "reasons"] == "factor_change" and t.loc["1.1", "reasons"] == ""
    assert t.loc["total", "difference_co2e_t"] == pytest.approx(2400 * (0.6766 - 0.7221))
    inv.attach_recalculation(rec)
    assert inv.report().recalculation.previous_factors_as_of == MARCH_2023


def test_cli_previous_as_of() -> None:
    r = CliRunner().invoke(main, ["report", str(GARMENT), "--previous-as-of", "2023-03-31", "--as-of", "2026-11-23"])
    assert r.exit_code == 0, r.output
    assert "Earlier years as published then and as of now" in r.output
    assert "2022  2.1 Imported electricity" in r.output and "1,733.0 →      1,623.8 (-109.2; -6.3 %)" in r.output
    vi = CliRunner().invoke(main, ["report", str(GARMENT), "--previous-as-of", "2023-03-31", "--lang", "vi"])
    assert "Các năm trước như có thể báo cáo vào ngày 31/03/2023, với các hệ số phát thải đã công bố" in vi.output
    both = CliRunner().invoke(main, ["report", str(GARMENT), "--previous-as-of", "2023-03-31", "--previous",
                                     str(GARMENT.with_name("hai_phong_garment_report_2022.json"))])
    assert both.exit_code == 2 and "not both" in both.output
    early = CliRunner().invoke(main, ["report", str(GARMENT), "--previous-as-of", "2021-06-30"])
    assert early.exit_code == 1 and "no year before 2021" in early.output


def test_cli_factors_as_of_is_in_the_provenance(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    r = CliRunner().invoke(main, ["report", str(GARMENT), "--factors-as-of", "2023-03-31", "-o", str(out)])
    assert r.exit_code == 0, r.output
    model = ghgcalc.ReportModel.model_validate_json(out.read_text("utf-8"))
    assert model.provenance.factors_as_of == "2023-03-31"
    grid = {s.year: s.factor_ids for s in model.sources if s.activity == "grid_electricity"}
    assert grid == {2022: ["vn.dcc.grid.2021"], 2025: ["vn.dcc.grid.2021"], 2026: ["vn.dcc.grid.2021"]}
