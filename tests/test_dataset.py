"""The shipped dataset: every file valid, values as in the cited tables."""

import csv
import datetime as dt

import pandas as pd
import pytest

from ghgcalc import data
from ghgcalc.errors import DataError


def test_every_factor_row_validates():
    table = data.load_factor_table()
    assert len(table) > 550
    assert table["factor_id"].is_unique
    assert set(table["tier"]) <= set(data.TIERS)


def test_sources_and_version():
    assert data.dataset_version()
    sources = data.load_sources()
    table = data.load_factor_table()
    assert set(table["source_id"]) <= set(sources)
    assert set(data.load_gwp()["source_id"]) <= set(sources)


def test_table_1_2_and_1_4_cover_every_fuel_with_bounds():
    t = data.load_factor_table()
    ncv = t[(t["kind"] == "ncv") & (t["source_id"] == "ipcc2006")]
    co2 = t[(t["kind"] == "ef") & (t["gas"] == "CO2") & (t["source_id"] == "ipcc2006")]
    assert len(ncv) == 52  # every NCV row of Table 1.2 in the EFDB export
    assert set(ncv["activity"]) <= set(co2["activity"])
    # bounds wherever the limits transcription agrees with the EFDB default
    assert ncv["lower"].notna().sum() >= 48
    assert co2["lower"].notna().sum() >= 48
    row = co2.set_index("activity").loc["gas_diesel_oil"]
    assert (row["value"], row["lower"], row["upper"]) == (74100, 72600, 74800)
    row = ncv.set_index("activity").loc["gas_diesel_oil"]
    assert (row["value"], row["lower"], row["upper"]) == (43.0, 41.4, 43.3)


def test_values_match_the_efdb_export(efdb):
    """Every IPCC row with an ef_id has the EFDB value of that id."""
    t = data.load_factor_table()
    ipcc = t[t["ef_id"] != ""]
    ref = efdb.set_index("ef_id")["value"]
    assert len(ipcc) > 500
    for fid, ef_id, value, lo, hi in zip(ipcc["factor_id"], ipcc["ef_id"], ipcc["value"], ipcc["lower"],
                                         ipcc["upper"], strict=True):
        text = ref[ef_id]
        try:
            assert float(text) == pytest.approx(value, rel=1e-12), fid
        except ValueError:  # a range printed as text (Table 7.9: "x = 7-25"): the bounds are its ends, in %
            assert f"x = {lo * 100:g}-{hi * 100:g}" in text, fid


@pytest.mark.parametrize(("activity", "sector", "gas", "value"), [
    ("other_bituminous_coal", "manufacturing_construction", "CH4", 10),   # Table 2.3
    ("other_bituminous_coal", "residential_agriculture", "CH4", 300),     # Table 2.5
    ("natural_gas", "commercial_institutional", "CH4", 5),                # Table 2.4
    ("wood_wood_waste", "energy_industries", "N2O", 4),                   # Table 2.2
    ("gas_diesel_oil", "road_transport", "N2O", 3.9),                     # Table 3.2.2
    ("gas_diesel_oil", "railways", "N2O", 28.6),                          # Table 3.4.1
])
def test_spot_values(activity, sector, gas, value):
    t = data.load_factor_table()
    hit = t[(t["activity"] == activity) & (t["sector"] == sector) & (t["gas"] == gas) & (t["source_id"] == "ipcc2006")]
    assert list(hit["value"]) == [value]


def test_grid_factors_by_year():
    t = data.load_factor_table()
    grid = t[(t["activity"] == "grid_electricity") & (t["kind"] == "ef")].set_index("factor_id")["value"]
    assert grid["vn.dcc.grid.2022"] == 0.6766  # letter 327/BĐKH-PTCBT
    assert grid["vn.dcc.grid.2023"] == 0.6592  # letter 1726/BĐKH-PTCBT
    assert len(grid) == 10  # 2014-2023; 2024 not announced


def test_gwp_reference_values():
    g = data.load_gwp().set_index(["gas", "gwp_set"])["value"]
    assert g[("CH4", "AR5")] == 28 and g[("N2O", "AR5")] == 265
    assert g[("HFC-134a", "AR5")] == 1300 and g[("SF6", "AR5")] == 23500
    assert g[("CH4", "AR6")] == 27.9 and g[("CH4_fossil", "AR6")] == 29.8
    assert g[("CH4_non_fossil", "AR6")] == 27.0
    assert g[("CH4", "AR4")] == 25 and g[("N2O", "AR4")] == 298
    assert g[("CH4", "AR5_CCF")] == 34


def test_blend_gwp_is_weighted_sum_of_components():
    blends = data.load_blends()
    g = data.load_gwp()
    ar5 = g[g["gwp_set"] == "AR5"].set_index("gas")["value"]
    r410a = blends[blends["refrigerant"] == "R-410A"]
    gwp = float((r410a["mass_fraction"] * r410a["component"].map(ar5)).sum())
    assert gwp == pytest.approx(0.5 * 677 + 0.5 * 3170)  # 1923.5; published rounded 1924


def _write(tmp_path, rows):
    path = tmp_path / "f.csv"
    with path.open("w", newline="") as fh:
        w = csv.DictWriter(fh, data.FACTOR_COLUMNS)
        w.writeheader()
        w.writerows(rows)
    return path


def _row(**kw):
    base = dict.fromkeys(data.FACTOR_COLUMNS, "")
    base.update(factor_id="site.ef.1", activity="gas_diesel_oil", gas="CO2", value="74000",
                unit="kg CO2/TJ", kind="ef", source_id="site_lab_2024", valid_from="2024-01-01")
    base.update(kw)
    return base


def test_user_factor_file_is_validated(tmp_path):
    frame = data.load_factor_file(_write(tmp_path, [_row()]))
    assert frame["tier"].tolist() == ["facility"]
    assert frame["valid_from"].iloc[0] == dt.date(2024, 1, 1)


@pytest.mark.parametrize(("bad", "words"), [
    ({"unit": "bananas/TJ"}, "does not parse"),
    ({"unit": "kg CH4/TJ"}, "not a mass of CO2"),
    ({"value": "abc"}, "value"),
    ({"kind": "magic"}, "kind"),
    ({"valid_from": "2024-13-01"}, "valid_from"),
    ({"lower": "80000", "upper": "90000"}, "outside its bounds"),
])
def test_bad_user_factor_rows_are_rejected(tmp_path, bad, words):
    with pytest.raises(DataError, match=words):
        data.load_factor_file(_write(tmp_path, [_row(**bad)]))


def test_duplicates_and_overlaps_are_rejected(tmp_path):
    with pytest.raises(DataError, match="duplicate factor_id"):
        data.load_factor_file(_write(tmp_path, [_row(), _row(value="1")]))
    with pytest.raises(DataError, match="overlapping"):
        data.load_factor_file(_write(tmp_path, [_row(), _row(factor_id="site.ef.2", valid_from="2025-01-01")]))


def test_dataset_frames_are_not_empty():
    assert isinstance(data.load_activities(), pd.DataFrame) and len(data.load_activities()) > 50


def test_decision_2626_factors_match_the_decision_list():
    """Every national factor ghgcalc applies is one of the decision's, with the same value; 'hc' rows never."""
    t = data.load_factor_table()
    national = t[t["source_id"] == "vn_qd_2626_2022"].set_index("factor_id")
    listing = pd.read_csv(data.dataset_dir() / "reference" / "decision_2626_2022_list.csv", dtype=str,
                          keep_default_na=False)
    assert len(listing) == 322
    linked = listing[listing["ghgcalc_factor_id"] != ""]
    for ids, value, ftype in zip(linked["ghgcalc_factor_id"], linked["value"], linked["factor_type"], strict=True):
        for fid in ids.split(";"):
            assert national.loc[fid, "value"] == pytest.approx(float(value)), fid
            if national.loc[fid, "kind"] == "ef":
                assert ftype == "nh", f"{fid}: a correction coefficient applied as an emission factor"
    assert set(national.index) <= {i for ids in linked["ghgcalc_factor_id"] for i in ids.split(";")}
    # spot checks against the decision: BOF 2.47 and EAF 0.06 t CO2/t crude steel (App. II 3.1, 3.2)
    assert national.loc["vn.qd2626.II_3_1", "value"] == 2.47
    assert national.loc["vn.qd2626.II_3_2", "value"] == 0.06
    assert national.loc["vn.qd2626.II_1_1", "value"] == 0.525


def test_lists_match_their_decisions():
    lists = data.dataset_dir() / "lists"
    facilities = pd.read_csv(lists / "vn_decision_42_2026_facilities.csv", dtype=str)
    assert len(facilities) == 2441  # Decision 42/2026/QĐ-TTg
    assert facilities["ministry_en"].value_counts().to_dict() == {
        "Industry and Trade": 1916, "Construction": 411, "Agriculture and Environment": 61, "Transport": 53}
    quotas = pd.read_csv(lists / "vn_decision_699_2026_quotas.csv", dtype={"tax_code": str})
    assert len(quotas) == 110
    # totals of the pilot quota approved by Decision 263/QĐ-TTg
    assert quotas["quota_2025"].sum() == 243_082_392
    assert quotas["quota_2026"].sum() == 268_391_454


def test_grid_factors_agree_with_the_transcribed_letters():
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "shared" / "data" / "vn-grid-and-gwp-from-app.csv"
    if not path.is_file():
        pytest.skip("transcription not available beside the repository")
    app = pd.read_csv(path)
    grid = app[(app["dataset"] == "grid_emission_factor") & app["value"].notna()]
    t = data.load_factor_table().set_index("factor_id")
    for year, value in zip(grid["set_or_year"], grid["value"], strict=True):
        assert t.loc[f"vn.dcc.grid.{year}", "value"] == value
