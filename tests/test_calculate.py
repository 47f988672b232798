"""calculate(): each method against hand arithmetic from the cited tables."""

import warnings

import pandas as pd
import pytest

import ghgcalc
from ghgcalc import InputError

MFG = "manufacturing_construction"


def calc(rows, **kw):
    return ghgcalc.calculate(pd.DataFrame(rows), **kw)


def test_diesel_boiler_by_mass_ar5():
    # IPCC 2006 Vol.2: NCV 43.0 TJ/Gg (T1.2), CO2 74,100 kg/TJ (T1.4), CH4 3 / N2O 0.6 kg/TJ (T2.3)
    # 10 t = 0.01 Gg -> 0.43 TJ; CO2 = 0.43 x 74.1 = 31.863 t; CH4 = 0.43 x 0.003 = 0.00129 t;
    # N2O = 0.43 x 0.0006 = 0.000258 t; CO2e(AR5) = 31.863 + 0.00129 x 28 + 0.000258 x 265 = 31.96749
    r = calc([{"activity": "diesel", "quantity": 10, "unit": "t", "sector": MFG}]).iloc[0]
    assert r["co2_t"] == pytest.approx(31.863, rel=1e-12)
    assert r["ch4_t"] == pytest.approx(0.00129, rel=1e-12)
    assert r["n2o_t"] == pytest.approx(0.000258, rel=1e-12)
    assert r["co2e_t"] == pytest.approx(31.96749, rel=1e-12)
    assert r["energy_tj"] == pytest.approx(0.43, rel=1e-12)  # Circular 38 App. II table 1.1 "total (TJ)"
    # Circular 38 Art. 18: the national factor (Decision 2626 App. I 1.28, same value) before the IPCC one;
    # no national NCV exists, so the NCV is IPCC's (its id is among factor_ids; tier is that of the EFs)
    assert r["tier"] == "national"
    assert "Decision 2626" in r["tier_reason"] and "Art. 18" in r["tier_reason"]
    assert "vn.qd2626.I_1_28" in r["factor_ids"] and "ipcc2006.v2.t1_2.ncv.gas_diesel_oil" in r["factor_ids"]
    ipcc = calc([{"activity": "diesel", "quantity": 10, "unit": "t", "sector": MFG}],
                factor_priority=["facility", "ipcc_default"]).iloc[0]
    assert ipcc["tier"] == "ipcc_default" and ipcc["co2e_t"] == r["co2e_t"]
    assert "ipcc2006.v2.t1_4.co2.gas_diesel_oil" in ipcc["factor_ids"]
    assert (r["iso_category"], r["ghgp_scope"]) == ("1.1", "1")


def test_gwp_sets_change_co2e_only():
    rows = [{"activity": "diesel", "quantity": 10, "unit": "t", "sector": MFG}]
    ar4 = calc(rows, gwp="AR4").iloc[0]
    ar6 = calc(rows, gwp="AR6").iloc[0]
    assert ar4["co2e_t"] == pytest.approx(31.863 + 0.00129 * 25 + 0.000258 * 298, rel=1e-12)
    # AR6: diesel combustion CH4 is fossil, 29.8 (AR6 WG1 Table 7.15)
    assert ar6["co2e_t"] == pytest.approx(31.863 + 0.00129 * 29.8 + 0.000258 * 273, rel=1e-12)
    assert ar4["co2_t"] == ar6["co2_t"]
    assert calc(rows, gwp="AR6").attrs["gwp_set"] == "AR6"


def test_fuel_oil_by_volume_through_density():
    # 1,000 L FO = 1000/158.987294928 bbl / 6.66 bbl/t (EIA) = 0.944410 t;
    # x 40.4 TJ/Gg (T1.2) x 77.4 t CO2/TJ (T1.4)
    t = 1000 / 158.987294928 / 6.66
    r = calc([{"activity": "dầu FO", "quantity": 1000, "unit": "lít", "sector": MFG}]).iloc[0]
    assert r["co2_t"] == pytest.approx(t * 0.0404 * 77.4, rel=1e-12)
    assert "eia.density.residual_fuel_oil" in r["factor_ids"]


def test_rice_husk_is_biogenic():
    # 500 t husk: 11.6 TJ/Gg x 0.5 Gg = 5.8 TJ; CO2 100,000 kg/TJ -> 580 t biogenic, outside co2e
    # CH4 30 kg/TJ (T2.3) -> 0.174 t; N2O 4 kg/TJ -> 0.0232 t; co2e = 0.174x28 + 0.0232x265 = 11.02
    r = calc([{"activity": "trấu", "quantity": 500, "unit": "tấn", "sector": MFG}]).iloc[0]
    assert r["biogenic_co2_t"] == pytest.approx(580)
    assert r["co2_t"] == 0
    assert r["co2e_t"] == pytest.approx(11.02, rel=1e-12)


def test_energy_input_skips_ncv():
    # 1 TJ of natural gas: 56.1 t CO2 (T1.4), CH4 1 kg (T2.3) -> 0.001 t
    r = calc([{"activity": "natural_gas", "quantity": 1000, "unit": "GJ", "sector": MFG}]).iloc[0]
    assert r["co2_t"] == pytest.approx(56.1)
    assert r["ch4_t"] == pytest.approx(0.001)


def test_mobile_road_diesel():
    # 1,000 L diesel: 1000/158.987294928/7.46 t x 43.0 TJ/Gg = TJ; CH4 3.9, N2O 3.9 kg/TJ (T3.2.2)
    tj = 1000 / 158.987294928 / 7.46 * 0.043
    r = calc([{"activity": "DO", "quantity": 1000, "unit": "L", "sector": "road_transport"}]).iloc[0]
    assert r["co2_t"] == pytest.approx(tj * 74.1, rel=1e-12)
    assert r["n2o_t"] == pytest.approx(tj * 0.0039, rel=1e-12)
    assert r["iso_category"] == "1.2" and r["method"] == "combustion_mobile"


def test_road_gasoline_technology():
    # Decision 2626 App. I 1.50/1.51 gives one road-gasoline factor (33 / 3.2 kg/TJ); IPCC Table 3.2.2 splits
    # by technology, so with IPCC defaults forced the technology must be named
    national = calc([{"activity": "xăng", "quantity": 1, "unit": "TJ", "sector": "road_transport"}]).iloc[0]
    assert national["ch4_t"] == pytest.approx(0.033) and "vn.qd2626.I_1_50" in national["factor_ids"]
    with pytest.raises(InputError, match="technology"):
        calc([{"activity": "xăng", "quantity": 100, "unit": "L", "sector": "road_transport"}],
             factor_priority=["ipcc_default"])
    r = calc([{"activity": "xăng", "quantity": 1, "unit": "TJ", "sector": "road_transport",
               "technology": "oxidation_catalyst"}], factor_priority=["ipcc_default"]).iloc[0]
    assert r["ch4_t"] == pytest.approx(0.025) and r["n2o_t"] == pytest.approx(0.008)


def test_grid_electricity_by_year():
    # 1,000 MWh in 2022 x 0.6766 t/MWh (letter 327/BĐKH-PTCBT) = 676.6 t
    r = calc([{"activity": "điện", "quantity": 1000, "unit": "MWh", "year": 2022},
              {"activity": "điện", "quantity": 500000, "unit": "kWh", "year": 2023}])
    assert r["co2e_t"].tolist() == pytest.approx([676.6, 329.6])
    assert r["tier"].tolist() == ["national", "national"]
    assert r["scope2_market_co2e_t"].tolist() == pytest.approx([676.6, 329.6])
    assert (r["iso_category"] == "2.1").all() and (r["ghgp_scope"] == "2").all()


def test_unannounced_grid_year_is_never_silent():
    rows = [{"activity": "grid_electricity", "quantity": 1, "unit": "MWh", "year": 2024}]
    with warnings.catch_warnings():  # collected in attrs, never emitted (not thread-safe)
        warnings.simplefilter("error")
        r = calc(rows)
    assert r["co2e_t"].iloc[0] == pytest.approx(0.6592)
    assert "2024" in r["notes"].iloc[0]
    assert any("no grid factor announced for 2024" in w for w in r.attrs["warnings"])
    with pytest.raises(InputError, match="no grid emission factor is announced"):
        calc(rows, grid_fallback="error")


def test_missing_year_for_grid_is_an_error():
    with pytest.raises(InputError, match="year"):
        calc([{"activity": "grid_electricity", "quantity": 1, "unit": "MWh"}])


def test_market_based_is_reported_beside_location_based():
    r = calc([{"activity": "contract_electricity", "quantity": 200, "unit": "MWh", "year": 2023,
               "ef_market": 0.0, "ef_market_unit": "t CO2/MWh"}]).iloc[0]
    assert r["co2e_t"] == pytest.approx(200 * 0.6592)
    assert r["scope2_market_co2e_t"] == 0


def test_user_factor_overrides_and_is_marked():
    r = calc([{"activity": "than cám", "quantity": 100, "unit": "t", "sector": MFG,
               "ncv": 24.5, "ncv_unit": "GJ/t", "ef_co2": 95000, "ef_unit": "kg/TJ",
               "ef_source": "lab2024"}]).iloc[0]
    # 100 t x 24.5 GJ/t = 2.45 TJ x 95 t/TJ = 232.75 t CO2 (both measured)
    assert r["co2_t"] == pytest.approx(232.75)
    assert r["tier"].startswith("facility")
    assert "user.lab2024.co2" in r["factor_ids"]


def test_factor_priority_can_force_ipcc():
    rows = [{"activity": "grid_electricity", "quantity": 1, "unit": "MWh", "year": 2023}]
    with pytest.raises(InputError):
        calc(rows, factor_priority=["ipcc_default"])


def test_steam_boiler_method():
    # Circular 38 App. II formula 4: 2,776 kJ/kg / 0.85 x 74,100 kg/TJ = 0.24200 t CO2/t steam
    r = calc([{"activity": "steam", "quantity": 100, "unit": "t", "enthalpy_kj_per_kg": 2776,
               "boiler_efficiency": 0.85, "boiler_fuel": "diesel"}]).iloc[0]
    assert r["co2_t"] == pytest.approx(100 * 2776e3 * 1e-9 / 0.85 * 74.1, rel=1e-12)
    assert r["iso_category"] == "2.2"


def test_refrigerant_blend_and_memo():
    r = calc([{"activity": "R410A", "quantity": 10, "unit": "kg"},
              {"activity": "R-22", "quantity": 5, "unit": "kg"},
              {"activity": "R-717", "quantity": 50, "unit": "kg"},
              {"activity": "SF6", "quantity": 1, "unit": "kg"}])
    # R-410A: 0.01 t x (0.5 x 677 + 0.5 x 3170) = 19.235 t CO2e (AR5)
    assert r["hfcs_co2e_t"].iloc[0] == pytest.approx(19.235)
    # R-22 (HCFC-22, 1760): 8.8 t CO2e as a memo item, not in the total
    assert r["co2e_t"].iloc[1] == 0 and r["memo_co2e_t"].iloc[1] == pytest.approx(8.8)
    assert r["co2e_t"].iloc[2] == 0  # ammonia is not a GHG
    assert r["sf6_t"].iloc[3] == pytest.approx(0.001) and r["co2e_t"].iloc[3] == pytest.approx(23.5)


def test_order_index_and_attrs_kept():
    df = pd.DataFrame({"activity": ["diesel", "điện"], "quantity": [1.0, 1.0], "unit": ["t", "MWh"],
                       "sector": [MFG, None], "year": [2023, 2023]}, index=["b", "a"])
    r = ghgcalc.calculate(df)
    assert list(r.index) == ["b", "a"]
    assert r.attrs["factor_dataset_version"] and r.attrs["ghgcalc_version"] == ghgcalc.__version__


def test_long_form_sums_to_wide():
    rows = [{"activity": "diesel", "quantity": 3, "unit": "t", "sector": MFG},
            {"activity": "R-404A", "quantity": 2, "unit": "kg"}]
    wide = calc(rows)
    long = calc(rows, form="long")
    assert long.loc[long["in_total"], "co2e_t"].sum() == pytest.approx(wide["co2e_t"].sum(), rel=1e-12)
    assert set(long["gas"]) >= {"CO2", "CH4", "N2O", "HFC-125", "HFC-143a", "HFC-134a"}


def test_default_sector():
    r = calc([{"activity": "diesel", "quantity": 1, "unit": "t"}], default_sector=MFG)
    assert r["ch4_t"].iloc[0] == pytest.approx(0.043 * 0.003)


def test_no_warning_for_announced_years():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        calc([{"activity": "điện", "quantity": 1, "unit": "MWh", "year": 2023}])


def test_uncertainty_from_table_limits():
    # IPCC 2006 Vol. 2 Table 1.2 NCV 43.0 (41.4-43.3) and Table 1.4 CO2 74,100 (72,600-74,800) for gas/diesel oil;
    # the national factor of Decision 2626 equals the IPCC default and takes its limits.
    # U = sqrt((1.9 / 86)^2 + (2,200 / 148,200)^2) = 2.6617 %; CH4/N2O limits are not encoded (coverage < 1)
    r = calc([{"activity": "diesel", "quantity": 10, "unit": "t", "sector": MFG}]).iloc[0]
    expected = ((1.9 / 86) ** 2 + (2200 / 148200) ** 2) ** 0.5 * 100
    assert r["u95_pct"] == pytest.approx(expected, rel=1e-9)
    assert r["u95_coverage"] == pytest.approx(31.863 / 31.96749, rel=1e-9)
    grid = calc([{"activity": "điện", "quantity": 1, "unit": "MWh", "year": 2023}]).iloc[0]
    assert pd.isna(grid["u95_pct"]) and grid["u95_coverage"] == 0  # no published range for the grid factor


def test_inventory_uncertainty_combines_in_quadrature():
    from ghgcalc.inventory import Inventory
    from ghgcalc.uncertainty import combine

    res = calc([{"activity": "diesel", "quantity": 10, "unit": "t", "sector": MFG},
                {"activity": "than cám", "quantity": 10, "unit": "t", "sector": MFG}])
    table = Inventory({"name": "x"}, res).uncertainty().set_index("category")
    q = res["co2e_t"] * res["u95_coverage"]
    expected = ((res["u95_pct"] * q) ** 2).sum() ** 0.5 / q.sum()
    assert table.loc["total", "u95_pct"] == pytest.approx(expected, rel=1e-9)
    assert combine(pd.Series([1.0, 1.0]), pd.Series([10.0, 10.0])) == pytest.approx(10 / 2 ** 0.5)


def test_user_uncertainty_of_activity_data_and_factors():
    # grid factor: no published range; the user states 5 % for the factor and 2 % for the meter
    r = calc([{"activity": "điện", "quantity": 100, "unit": "MWh", "year": 2023, "ef_uncertainty_pct": 5,
               "ad_uncertainty_pct": 2},
              {"activity": "diesel", "quantity": 10, "unit": "t", "sector": MFG, "ad_uncertainty_pct": 3}])
    assert r["u95_pct"].iloc[0] == pytest.approx((5**2 + 2**2) ** 0.5)
    assert r["u95_coverage"].iloc[0] == 1.0
    factors = ((1.9 / 86) ** 2 + (2200 / 148200) ** 2) ** 0.5 * 100
    assert r["u95_pct"].iloc[1] == pytest.approx((factors**2 + 3**2) ** 0.5)


def test_user_factor_table_is_chosen_first():
    site = pd.DataFrame([{"factor_id": "site.co2.diesel", "activity": "gas_diesel_oil", "gas": "CO2",
                          "value": 73000, "unit": "kg CO2/TJ", "kind": "ef", "source_id": "site_lab_2025",
                          "valid_from": "2025-01-01", "region": "VN"}])
    r = calc([{"activity": "diesel", "quantity": 10, "unit": "t", "sector": MFG}], user_factors=site).iloc[0]
    assert r["co2_t"] == pytest.approx(0.43 * 73.0)  # 10 t x 43.0 TJ/Gg x 73,000 kg/TJ
    assert r["tier"].startswith("facility") and "site.co2.diesel" in r["factor_ids"]
    with pytest.raises(ghgcalc.DataError, match="kind"):
        calc([{"activity": "diesel", "quantity": 1, "unit": "t", "sector": MFG}],
             user_factors=site.assign(kind="magic"))


def test_steam_from_biomass_boiler_is_biogenic_co2():
    # Issue 11 point 1: 1,000 t steam, 2,776 kJ/kg, efficiency 0.85, boiler fuel rice husk
    # (other primary solid biomass). Heat of fuel = 1,000 t x 2,776 kJ/kg / 0.85 = 3.265882 TJ.
    # Decision 2626 App. I items 1.19-1.21 (energy industries): CO2 100,000, CH4 30, N2O 4 kg/TJ.
    # CO2 3.265882 x 100 t/TJ = 326.588 t biogenic (outside co2e_t); CH4 0.0979765 t, N2O 0.0130635 t
    # in the total: AR5 0.0979765 x 28 + 0.0130635 x 265 = 2.74334 + 3.46184 = 6.20518 t CO2e.
    tj = 1000 * 2776e3 * 1e-9 / 0.85
    r = calc([{"activity": "steam", "quantity": 1000, "unit": "t", "enthalpy_kj_per_kg": 2776,
               "boiler_efficiency": 0.85, "boiler_fuel": "trấu"}]).iloc[0]
    assert r["biogenic_co2_t"] == pytest.approx(tj * 100, rel=1e-12)
    assert r["co2_t"] == 0
    assert r["co2e_t"] == pytest.approx(tj * 0.030 * 28 + tj * 0.004 * 265, rel=1e-12)
    assert r["scope2_market_co2e_t"] == pytest.approx(r["co2e_t"], rel=1e-12)
    assert "biogenic" in r["notes"] and "vn.qd2626.I_1_19" in r["factor_ids"]


def test_ar6_methane_split_fossil_and_non_fossil():
    # Issue 11 point 5. AR6 WG1 Ch. 7 Table 7.15: fossil CH4 29.8, non-fossil CH4 27.0 (Table 7.SM.7: 27.9).
    rows = [
        # natural gas, 1 TJ, manufacturing: CH4 1 kg/TJ (Table 2.3) -> 0.001 t x 29.8 = 0.0298 t CO2e (fossil)
        {"activity": "natural_gas", "quantity": 1, "unit": "TJ", "sector": MFG},
        # rice husk, 1 TJ, manufacturing: CH4 30 kg/TJ (Decision 2626 App. I 1.40) -> 0.03 x 27.0 = 0.81 (non-fossil)
        {"activity": "trấu", "quantity": 1, "unit": "TJ", "sector": MFG},
        # 1,000 m3 at COD 2 kg/m3, Bo 0.25, MCF 0.8: 0.4 t CH4 x 27.0 = 10.8 (wastewater: non-fossil)
        {"activity": "industrial_wastewater", "quantity": 1000, "unit": "m3", "cod": 2, "cod_unit": "kg/m3",
         "treatment": "anaerobic_deep_lagoon"},
        # 1 t CH4 leaked from a natural-gas pipe: fugitive fossil -> 29.8; from a biogas digester: 27.0
        {"activity": "methane_release", "quantity": 1, "unit": "t", "fuel": "natural_gas"},
        {"activity": "methane_release", "quantity": 1, "unit": "t"},
    ]
    ar6, ar5 = calc(rows, gwp="AR6"), calc(rows, gwp="AR5")
    assert ar6["ch4_co2e_t"].tolist() == pytest.approx([0.001 * 29.8, 0.03 * 27.0, 0.4 * 27.0, 29.8, 27.0])
    assert ar6["notes"].str.contains("fossil origin").all()
    assert [("non-fossil" in n) for n in ar6["notes"]] == [False, True, True, False, True]
    # AR5 has one CH4 value (28): no split, no note
    assert ar5["ch4_co2e_t"].tolist() == pytest.approx([0.028, 0.84, 11.2, 28.0, 28.0])
    assert not ar5["notes"].str.contains("CH4 GWP").any()
    # the gas stays CH4: masses are the same under both sets
    assert ar6["ch4_t"].tolist() == pytest.approx(ar5["ch4_t"].tolist())


def test_ar6_split_values_come_from_the_dataset(monkeypatch):
    from ghgcalc import engine

    table = engine.load_gwp().copy()
    table.loc[table["gas"] == "CH4_fossil", "value"] = 100.0
    monkeypatch.setattr(engine, "load_gwp", lambda: table)
    r = calc([{"activity": "natural_gas", "quantity": 1, "unit": "TJ", "sector": MFG}], gwp="AR6").iloc[0]
    assert r["ch4_co2e_t"] == pytest.approx(0.001 * 100.0) and "GWP 100" in r["notes"]


def test_ar6_split_by_gas_table_adds_up_to_the_total():
    # 1 TJ natural gas (CH4 0.001 t fossil x 29.8) + 1 TJ rice husk (0.03 t non-fossil x 27.0): CH4 0.8398 t CO2e
    rows = [{"activity": "natural_gas", "quantity": 1, "unit": "TJ", "sector": MFG, "year": 2025},
            {"activity": "trấu", "quantity": 1, "unit": "TJ", "sector": MFG, "year": 2025}]
    r = calc(rows, gwp="AR6")
    by_gas = ghgcalc.Inventory(facility={}, results=r).by_gas(year=2025).set_index("gas")["co2e_t"]
    assert by_gas["CH4"] == pytest.approx(0.001 * 29.8 + 0.03 * 27.0)
    assert by_gas.sum() == pytest.approx(r["co2e_t"].sum())


def test_vietnamese_coal_grades_and_the_ncv_warning():
    from ghgcalc.activities import resolve

    assert [resolve(n) for n in ("than cám 5", "than cám 3b", "Than cám", "cám 6a")] == \
        ["coal_fines_5", "coal_fines_3", "coal_fines", "coal_fines_6"]
    # TCVN 8910 grades burn with the anthracite factors: 100 t x 26.7 TJ/Gg (IPCC Table 1.2; no cited NCV for the
    # grade) = 2.67 TJ x 98,300 kg CO2/TJ (Decision 2626 App. I 1.25) = 262.461 t CO2, with a warning asking for a
    # measured NCV; measured 22 GJ/t: 2.2 TJ x 98.3 t/TJ = 216.26 t, no warning
    r = calc([{"activity": "than cám 5", "quantity": 100, "unit": "t", "sector": MFG},
              {"activity": "than cám 3b", "quantity": 100, "unit": "t", "sector": MFG, "ncv": 22, "ncv_unit": "GJ/t"}])
    assert r["co2_t"].tolist() == pytest.approx([262.461, 216.26])
    assert "no cited NCV" in r["notes"].iloc[0] and "no cited NCV" not in r["notes"].iloc[1]
    assert len(r.attrs["warnings"]) == 1 and "give a measured ncv" in r.attrs["warnings"][0]


def test_toe_of_coal_grades_and_of_a_range():
    import datetime as dt

    from ghgcalc.toe import energy_to_toe

    # MOIT 3505/BCT-KHCN: than cám grades 1-2 0.70, 5-6 0.50 toe/t; coke 0.70-0.75 toe/t, the lower end used
    lines = energy_to_toe(pd.DataFrame([{"carrier": "than cám 1", "quantity": 100, "unit": "t"},
                                        {"carrier": "than cám 5", "quantity": 100, "unit": "t"},
                                        {"carrier": "than cốc", "quantity": 1400, "unit": "t"}]))
    assert [ln.toe for ln in lines] == pytest.approx([70.0, 50.0, 980.0])
    assert "0.7-0.75" in lines[2].route
    # the applicability notes give the upper end: 1,400 t x 0.75 = 1,050 toe, over the 1,000 toe criterion
    a = ghgcalc.applicability({"name": "X", "facility_type": "industrial",
                               "energy": [{"carrier": "coke", "quantity": 1400, "unit": "t"}]},
                              as_of=dt.date(2026, 11, 23))
    assert a.toe == pytest.approx(980.0)
    assert any("1050.0 toe at the upper end" in n for n in a.notes)


def test_gas_volumes_at_reference_conditions():
    # Issue 11 point 3. Nm3: 0 °C, Sm3: 15 °C, both at 101.325 kPa (ISO 13443); ideal gas: 1 Nm3 holds
    # 288.15 / 273.15 = 1.054915 Sm3 of gas. Natural gas NCV per volume: MOIT 3505/BCT-KHCN 0.90 toe per
    # 1,000 m3, read per Sm3: 0.90 x 41.868 GJ / 1,000 = 37.6812 MJ/Sm3. CO2 56,100 kg/TJ (Table 1.4).
    ncv = 0.90 * 41.868e-3 / 1000  # TJ per Sm3
    rows = [{"activity": "natural_gas", "quantity": 1000, "unit": u, "sector": MFG} for u in ("Sm3", "Nm3", "m3")]
    r = calc(rows)
    assert r["energy_tj"].tolist() == pytest.approx([1000 * ncv, 1000 * ncv * 288.15 / 273.15, 1000 * ncv])
    assert r["co2_t"].iloc[0] == pytest.approx(1000 * ncv * 56.1)  # 2.1139 t CO2
    # a plain m3 has no reference conditions: read as Sm3, with a warning and a note
    assert any("no reference conditions" in w for w in r.attrs["warnings"])
    assert "read as Sm3" in r["notes"].iloc[2] and "vn.moit3505.ncv.natural_gas" in r["factor_ids"].iloc[2]
    # the NCV per volume now agrees with the TOE screen's coefficient (the 33.6 vs 37.7 MJ/m3)
    from ghgcalc.toe import energy_to_toe

    screen = energy_to_toe(pd.DataFrame([{"carrier": "natural_gas", "quantity": 1000, "unit": "m3"}]))
    assert screen[0].toe == pytest.approx(r["energy_tj"].iloc[2] * 1e3 / 41.868)  # 0.90 toe either way


def test_biogas_by_volume_needs_its_ch4_fraction():
    # 1,000 Nm3 of biogas at 60 % CH4: 600 Nm3 x 44.615 mol/Nm3 (101,325 Pa / (8.314463 x 273.15 K))
    # x 16.043 g/mol (C 12.011 + 4 x 1.008) = 429.45 kg CH4; x 50.4 TJ/Gg (IPCC Table 1.2, per mass of CH4)
    # = 0.021645 TJ; CO2 x 54,600 kg/TJ = 1.1818 t, biogenic (= 429.45 kg x 44/16)
    kg_ch4 = 600 * 101325 / (8.314462618 * 273.15) * 16.043 / 1000
    row = {"activity": "biogas", "quantity": 1000, "unit": "Nm3", "sector": MFG, "ch4_fraction": 0.6}
    r = calc([row]).iloc[0]
    assert r["energy_tj"] == pytest.approx(kg_ch4 * 50.4e-6, rel=1e-9)
    assert r["biogenic_co2_t"] == pytest.approx(kg_ch4 * 50.4e-6 * 54.6, rel=1e-9) and r["co2_t"] == 0
    assert "CH4 fraction 0.6" in r["notes"]
    with pytest.raises(InputError, match="ch4_fraction"):
        calc([{k: v for k, v in row.items() if k != "ch4_fraction"}])


def test_lpg_by_volume_liquid_or_gas():
    # LPG in m3 is the liquid (US EIA 11.6 barrels per t), with a warning; LPG metered as gas (Sm3)
    # needs the supplier's NCV per Sm3: 100 Sm3 x 93 MJ/Sm3 = 9.3 GJ x 63,100 kg CO2/TJ = 0.58683 t
    r = calc([{"activity": "LPG", "quantity": 1, "unit": "m3", "sector": MFG},
              {"activity": "LPG", "quantity": 100, "unit": "Sm3", "sector": MFG, "ncv": 93, "ncv_unit": "MJ/Sm3"}])
    assert any("read as a volume of liquid" in w for w in r.attrs["warnings"])
    assert r["co2_t"].iloc[1] == pytest.approx(100 * 93e-6 * 63.1)
    with pytest.raises(InputError, match="ncv_unit"):
        calc([{"activity": "LPG", "quantity": 100, "unit": "Nm3", "sector": MFG}])


def test_a_row_with_nothing_in_the_total_has_no_uncertainty_and_no_crash():
    # rice husk in road transport: IPCC has no mobile CH4/N2O factor for it, and its CO2 is biogenic
    # (outside the total): 1 t x 11.6 TJ/Gg / 1000 x 100,000 kg CO2/TJ / 1000 = 1.16 t biogenic CO2
    r = ghgcalc.calculate(pd.DataFrame({"activity": ["trấu"], "quantity": [1.0], "unit": ["t"],
                                        "sector": ["road_transport"]}))
    assert r["co2e_t"].iloc[0] == 0 and r["biogenic_co2_t"].iloc[0] == pytest.approx(1.16, rel=1e-12)
    assert r["u95_pct"].isna().iloc[0] and r["u95_coverage"].iloc[0] == 0
