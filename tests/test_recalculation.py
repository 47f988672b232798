"""Base year and recalculation (ISO 14064-1:2018 clause 6.4; Circular 38/2023/TT-BCT Art. 22)."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import ghgcalc
from ghgcalc.cli import main
from ghgcalc.errors import GhgcalcError
from ghgcalc.recalculation import default_threshold_pct, read_previous

FAC = {"name": "Nhà máy thử", "base_year": 2022}
DIESEL = {"activity": "gas_diesel_oil", "unit": "t", "year": 2022, "sector": "manufacturing_construction"}


def inventory(rows: list[dict[str, object]], facility: dict[str, object] | None = None,
              gwp: str = "AR5") -> ghgcalc.Inventory:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ghgcalc.GhgcalcWarning)
        res = ghgcalc.calculate(pd.DataFrame(rows), gwp=gwp)
    return ghgcalc.Inventory(facility=dict(facility or FAC), results=res)


def diesel_co2e(t: float) -> float:
    return float(inventory([{**DIESEL, "quantity": t}]).results["co2e_t"].iloc[0])


def published_2022() -> dict[str, object]:
    """The 2022 report as published in early 2023: the 2022 grid factor was not out, 2021's was used."""
    return {"facility": {"name": "Nhà máy thử", "base_year": "2022"}, "gwp_set": "AR5",
            "tables": {"provenance": [{"item": "factor_dataset_version", "value": "2026.1"}],
                       "detail": [
                           {"activity": "grid_electricity", "quantity": 1000.0, "unit": "MWh", "year": 2022,
                            "iso_category": "2.1", "factor_ids": "vn.dcc.grid.2021",
                            "co2e_t": 722.1},  # 1000 MWh x 0.7221 t/MWh
                           {"activity": "gas_diesel_oil", "quantity": 10.0, "unit": "t", "year": 2022,
                            "iso_category": "1.1", "factor_ids": ";".join(
                                inventory([{**DIESEL, "quantity": 10}]).results["factor_ids"].astype(str)),
                            "co2e_t": diesel_co2e(10)},
                           {"activity": "grid_electricity", "quantity": 900.0, "unit": "MWh", "year": 2021,
                            "iso_category": "2.1", "factor_ids": "vn.dcc.grid.2021", "co2e_t": 649.89}]}}


def current() -> ghgcalc.Inventory:
    """Today: the 2022 grid factor (0.6766) is announced and a diesel invoice of 2 t was found missing."""
    return inventory([{"activity": "grid_electricity", "quantity": 1000, "unit": "MWh", "year": 2022},
                      {**DIESEL, "quantity": 12}])


def test_new_grid_factor_and_corrected_data_are_recomputed_with_their_reasons() -> None:
    rec = ghgcalc.recalculate(published_2022(), current())
    t = rec.table.set_index(["year", "category"])
    # grid: 1000 MWh x (0.6766 - 0.7221) t/MWh = -45.5 t
    grid = t.loc[(2022, "2.1")]
    assert grid["original_co2e_t"] == pytest.approx(722.1)
    assert grid["recalculated_co2e_t"] == pytest.approx(676.6)
    assert grid["difference_co2e_t"] == pytest.approx(-45.5)
    assert grid["reasons"] == "factor_change"
    # diesel: 12 t instead of 10 t, same factors: +20 %
    d = t.loc[(2022, "1.1")]
    assert d["recalculated_co2e_t"] == pytest.approx(1.2 * d["original_co2e_t"])
    assert d["reasons"] == "data_correction"
    total = t.loc[(2022, "total")]
    expected = -45.5 + 0.2 * diesel_co2e(10)
    assert total["difference_co2e_t"] == pytest.approx(expected)
    assert total["difference_pct"] == pytest.approx(expected / (722.1 + diesel_co2e(10)) * 100)
    assert total["reasons"] == "factor_change;data_correction"
    # |-39.1| / 754.0 = 5.2 % >= 5 % (the policy default): the base year must be recalculated
    assert default_threshold_pct() == 5.0
    assert bool(total["significant"]) and rec.required and rec.base_year_required
    trig = rec.triggers
    assert "vn.dcc.grid.2021 -> vn.dcc.grid.2022" in set(trig.loc[trig["reason"] == "factor_change", "detail"])
    assert "quantity 10 t -> 12 t" in set(trig.loc[trig["reason"] == "data_correction", "detail"])
    assert set(trig.loc[trig["reason"] == "factor_dataset", "detail"]) == {
        f"2026.1 -> {current().results.attrs['factor_dataset_version']}"}
    # a year the current workbook does not hold is shown, not recomputed
    y21 = t.loc[(2021, "total")]
    assert not y21["recomputed"] and pd.isna(y21["recalculated_co2e_t"]) and not y21["significant"]
    text = rec.explain()
    assert "SIGNIFICANT" in text and "base year 2022: recalculate" in text


def test_threshold_is_configurable() -> None:
    rec = ghgcalc.recalculate(published_2022(), current(), threshold_pct=10)
    assert not rec.required
    cur = current()
    cur.facility["recalculation_threshold_pct"] = 10
    assert not ghgcalc.recalculate(published_2022(), cur).required
    with pytest.raises(GhgcalcError, match="must be positive"):
        ghgcalc.recalculate(published_2022(), current(), threshold_pct=0)


def test_sources_added_and_removed_and_gwp_change() -> None:
    prev = inventory([{**DIESEL, "quantity": 10}, {"activity": "R-410A", "quantity": 5, "unit": "kg", "year": 2022}])
    cur = inventory([{**DIESEL, "quantity": 10},
                     {"activity": "grid_electricity", "quantity": 100, "unit": "MWh", "year": 2022}], gwp="AR6")
    rec = ghgcalc.recalculate(prev, cur)
    s = rec.sources.set_index("activity")
    assert s.loc["grid_electricity", "reasons"] == "source_added"
    assert s.loc["grid_electricity", "original_co2e_t"] == 0
    assert s.loc["grid_electricity", "recalculated_co2e_t"] == pytest.approx(67.66)  # 100 MWh x 0.6766
    assert s.loc["R-410A", "reasons"] == "source_removed"
    assert s.loc["R-410A", "recalculated_co2e_t"] == 0
    assert s.loc["gas_diesel_oil", "reasons"] == "method_change"  # AR5 -> AR6 moves its CH4 and N2O
    assert "gwp_set AR5 -> AR6" in set(rec.triggers["detail"])


def test_no_change_no_trigger() -> None:
    inv = current()
    rec = ghgcalc.recalculate(inv, inv)
    assert rec.triggers.empty
    assert (rec.table["difference_co2e_t"].abs() < 1e-9).all() and not rec.required


def test_report_model_layout_is_read() -> None:
    data = {"schema_version": "1.0.0", "facility": {"name": "X", "base_year": 2022, "consolidation": None},
            "provenance": {"gwp_set": "AR5", "factor_dataset_version": "2026.2", "ghgcalc_version": "0.1.0"},
            "sources": [{"year": 2022, "activity": "grid_electricity", "quantity": 1000.0, "unit": "MWh",
                         "category": "2.1", "factor_ids": ["vn.dcc.grid.2022"], "co2e_t": 676.6}]}
    prev = read_previous(data)
    assert prev.layout == "report_model 1.0.0" and prev.base_year == 2022
    assert prev.sources[0].factor_ids == ["vn.dcc.grid.2022"]
    rec = ghgcalc.recalculate(prev, inventory([{"activity": "grid_electricity", "quantity": 1000, "unit": "MWh",
                                                "year": 2022}]))
    assert rec.table.iloc[-1]["difference_co2e_t"] == pytest.approx(0.0, abs=1e-9)


def test_bad_previous_files(tmp_path: Path) -> None:
    with pytest.raises(GhgcalcError, match="not found"):
        read_previous(tmp_path / "missing.json")
    (tmp_path / "bad.json").write_text("{oops", encoding="utf-8")
    with pytest.raises(GhgcalcError, match="not a JSON report"):
        read_previous(tmp_path / "bad.json")
    (tmp_path / "other.json").write_text(json.dumps({"a": 1}), encoding="utf-8")
    with pytest.raises(GhgcalcError, match="no source rows"):
        read_previous(tmp_path / "other.json")


def test_cli_previous(tmp_path: Path) -> None:
    prev = tmp_path / "last_report.json"
    runner = CliRunner()
    r = runner.invoke(main, ["report", "examples/brick_kiln.xlsx", "-o", str(prev)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(main, ["report", "examples/brick_kiln.xlsx", "--previous", str(prev)])
    assert r.exit_code == 0, r.output
    assert "Recalculation of earlier years against the report as published" in r.output
    assert "no recalculation is required" in r.output
    r = runner.invoke(main, ["report", "examples/brick_kiln.xlsx", "--previous", str(tmp_path / "nope.json")])
    assert r.exit_code == 1 and "previous report not found" in r.output
    r = runner.invoke(main, ["report", "examples/brick_kiln.xlsx", "examples/cement_plant.xlsx", "-o",
                             str(tmp_path / "{stem}.json"), "--previous", str(prev)])
    assert r.exit_code == 2


def test_example_base_year_recalculation() -> None:
    # examples/hai_phong_garment: the 2022 report used 2,200 MWh x 0.7221 (the 2021 grid factor) = 1,588.62 t;
    # today 2,400 MWh x 0.6766 (the 2022 factor) = 1,623.84 t (+35.22 t)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ghgcalc.GhgcalcWarning)
        inv = ghgcalc.Inventory.from_file("examples/hai_phong_garment.xlsx")
    rec = ghgcalc.recalculate("examples/hai_phong_garment_report_2022.json", inv)
    t = rec.table.set_index(["year", "category"])
    assert t.loc[(2022, "2.1"), "original_co2e_t"] == pytest.approx(1588.62)
    assert t.loc[(2022, "2.1"), "recalculated_co2e_t"] == pytest.approx(1623.84)
    assert t.loc[(2022, "2.1"), "reasons"] == "factor_change;data_correction"
    assert t.loc[(2022, "1.4"), "reasons"] == "source_added"
    assert rec.base_year == 2022 and rec.threshold_pct == 5 and rec.base_year_required
    assert list(rec.table["year"].unique()) == [2022]  # the years of the earlier report only
