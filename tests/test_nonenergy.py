"""Refrigerants, process, wastewater, waste, indirect categories: hand calculations from the cited tables."""

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ghgcalc
from ghgcalc import GhgcalcError, InputError
from ghgcalc.data import load_gwp
from ghgcalc.methods import refrigerants


def calc(rows, **kw):
    return ghgcalc.calculate(pd.DataFrame(rows), **kw)


def test_clinker_tier1_and_tier2():
    # national: 0.525 t CO2/t clinker (Decision 2626 App. II 1.1), chosen before IPCC (Circular 38 Art. 18)
    national = calc([{"activity": "clinker_production", "quantity": 1000, "unit": "t"}]).iloc[0]
    assert national["co2_t"] == pytest.approx(525.0) and national["tier"] == "national"
    # IPCC Tier 1: 0.52 t CO2/t clinker (Vol. 3 Eq. 2.1, EFDB 213926): 1,000 t -> 520 t
    # Tier 2: 0.65 CaO x 0.785 x CKD 1.02 = 0.520455 t/t -> 520.455 t (Eq. 2.2)
    r = calc([{"activity": "clinker_production", "quantity": 1000, "unit": "t"},
              {"activity": "clanhke", "quantity": 1000, "unit": "t", "cao_content": 0.65},
              {"activity": "clanhke", "quantity": 1000, "unit": "t", "cao_content": 0.65, "ckd_factor": 1.05}],
             factor_priority=["facility", "ipcc_default"])
    assert r["co2_t"].tolist() == pytest.approx([520.0, 520.455, 1000 * 0.65 * 0.785 * 1.05])
    assert (r["iso_category"] == "1.3").all()


def test_clinker_non_carbonate_cao_and_ckd_without_cao():
    # Tier 2 (IPCC 2006 Vol. 3 Eq. 2.2, §2.2.1.2): CaO from slag/fly ash is not calcined and is subtracted:
    # (0.66 - 0.02) x 0.785 (CO2/CaO) x CKD 1.02 (default) = 0.512448 t CO2/t -> 1,000 t: 512.448 t
    r = calc([{"activity": "clinker_production", "quantity": 1000, "unit": "t", "cao_content": 0.66,
               "cao_non_carbonate": 0.02}]).iloc[0]
    assert r["co2_t"] == pytest.approx(1000 * (0.66 - 0.02) * 0.785 * 1.02)
    assert "non-carbonate CaO 0.02" in r["notes"] and r["tier"] == "facility"
    # the Tier 1 factor (Decision 2626 0.525, IPCC 0.52) already holds CKD 1.02: a CKD factor alone is refused,
    # never silently ignored nor multiplied in a second time; the same for non-carbonate CaO alone
    with pytest.raises(InputError, match="ckd_factor.*cao_content"):
        calc([{"activity": "clinker_production", "quantity": 1000, "unit": "t", "ckd_factor": 1.05}])
    with pytest.raises(InputError, match="cao_non_carbonate.*cao_content"):
        calc([{"activity": "clinker_production", "quantity": 1000, "unit": "t", "cao_non_carbonate": 0.01}])
    with pytest.raises(InputError, match="more than the clinker's CaO"):
        calc([{"activity": "clinker_production", "quantity": 1, "unit": "t", "cao_content": 0.6,
               "cao_non_carbonate": 0.7}])


def test_carbonates_lime_and_steel():
    # limestone 100 t x purity 0.9 x 0.43971 (Table 2.1) = 39.5739; soda ash 10 t x 0.41492 = 4.1492
    # dolomitic lime 50 t x 0.77 (Table 2.4 and Decision 2626 II 1.5) = 38.5;
    # EAF steel 100 t x 0.06 (Decision 2626 App. II 3.2, national, before IPCC Table 4.1's 0.08) = 6
    r = calc([{"activity": "đá vôi", "quantity": 100, "unit": "t", "fraction": 0.9},
              {"activity": "soda_ash", "quantity": 10000, "unit": "kg"},
              {"activity": "lime_production", "quantity": 50, "unit": "t", "technology": "dolomitic"},
              {"activity": "crude_steel", "quantity": 100, "unit": "t", "technology": "eaf"}])
    assert r["co2_t"].tolist() == pytest.approx([39.5739, 4.1492, 38.5, 6.0])
    bof = calc([{"activity": "thép thô", "quantity": 100, "unit": "t", "technology": "bof"}])
    assert bof["co2_t"].iloc[0] == pytest.approx(247.0)  # Decision 2626 App. II 3.1: 2.47 t/t
    ipcc = calc([{"activity": "thép thô", "quantity": 100, "unit": "t", "technology": "bof"}],
                factor_priority=["ipcc_default"])
    assert ipcc["co2_t"].iloc[0] == pytest.approx(146.0)  # IPCC Vol. 3 Table 4.1: 1.46 t/t


def test_impossible_process_values_name_the_row():
    with pytest.raises(InputError) as e:
        calc([{"activity": "limestone", "quantity": 1, "unit": "t", "fraction": 1.2}])
    assert e.value.first.column == "fraction"
    with pytest.raises(InputError, match="mass"):
        calc([{"activity": "limestone", "quantity": 1, "unit": "MWh"}])


def test_seafood_wastewater_lagoon():
    # 120,000 m3/yr x 2,500 mg/L COD = 2.5 kg/m3 -> 300,000 kg COD
    # x 0.25 kg CH4/kg COD (Bo) x 0.8 (MCF anaerobic deep lagoon, Table 6.8) = 60,000 kg = 60 t CH4
    r = calc([{"activity": "nước thải", "quantity": 120000, "unit": "m3", "cod": 2500, "cod_unit": "mg/L",
               "treatment": "anaerobic_deep_lagoon"}]).iloc[0]
    assert r["ch4_t"] == pytest.approx(60.0)
    assert r["co2e_t"] == pytest.approx(60.0 * 28)
    assert "vn.qd2626.IV_4_9" in r["factor_ids"]  # the national MCF (Decision 2626 App. IV 4.9), same 0.8


def test_wastewater_units_bod_nitrogen_and_recovery():
    # 1,000,000 L = 1,000 m3; COD 2 kg/m3 (same as 2000 mg/L); aerobic not well managed MCF 0.3
    a = calc([{"activity": "industrial_wastewater", "quantity": 1_000_000, "unit": "L", "cod": 2,
               "cod_unit": "kg/m3", "treatment": "aerobic_not_well_managed"}]).iloc[0]
    assert a["ch4_t"] == pytest.approx(1000 * 2 * 0.25 * 0.3 / 1000)
    # BOD basis: 1,000 m3 x 0.5 kg/m3 x 0.6 x 0.5 (septic, Table 6.3) = 150 kg
    b = calc([{"activity": "domestic_wastewater", "quantity": 1000, "unit": "m3", "bod": 500,
               "treatment": "septic_system"}]).iloc[0]
    assert b["ch4_t"] == pytest.approx(0.15)
    # N2O: 1,000 m3 x 40 mg/L N = 40 kg N x 0.005 x 44/28 = 0.3142857 kg
    c = calc([{"activity": "industrial_wastewater", "quantity": 1000, "unit": "m3", "cod": 100,
               "treatment": "aerobic_well_managed", "nitrogen": 40}]).iloc[0]
    assert c["ch4_t"] == 0
    assert c["n2o_t"] == pytest.approx(40 * 0.005 * 1.571428571 / 1000)
    # recovery: 60 t generated, 20 t recovered -> 40 t; all recovered -> 0, never negative
    rows = [{"activity": "nước thải", "quantity": 120000, "unit": "m3", "cod": 2500, "treatment":
             "anaerobic_deep_lagoon", "ch4_recovered": rec, "ch4_recovered_unit": "t"} for rec in (20, 60, 80)]
    assert calc(rows)["ch4_t"].tolist() == pytest.approx([40.0, 0.0, 0.0])


def test_wastewater_guidelines_vintage():
    """Domestic, centralised aerobic plant: MCF 0 in 2006 Table 6.3, 0.03 in the 2019 Refinement.

    1,000 m3 x 0.2 kg BOD/m3 x 0.6 kg CH4/kg BOD x MCF; the vintage is in the notes, and a parameter
    the 2019 rows do not hold keeps its 2006 value with a note.
    """
    df = pd.DataFrame({"activity": ["domestic_wastewater"] * 3, "quantity": [1000.0] * 3, "unit": ["m3"] * 3,
                       "bod": [200.0] * 3, "bod_unit": ["mg/L"] * 3,
                       "treatment": ["aerobic_well_managed", "aerobic_well_managed", "anaerobic_digester_sludge"],
                       "guidelines": ["2006", 2019, "2019"]})
    r = ghgcalc.calculate(df)
    assert r["ch4_t"].tolist() == pytest.approx([0.0, 1000 * 0.2 * 0.6 * 0.03 / 1000, 1000 * 0.2 * 0.6 * 0.8 / 1000])
    assert "IPCC 2006 Guidelines" in r["notes"].iloc[0] and "IPCC 2019 Refinement" in r["notes"].iloc[1]
    assert "ipcc2019.v5.t6_3.mcf.aerobic_well_managed" in r["factor_ids"].iloc[1]
    assert "anaerobic_digester_sludge: 2006 value" in r["notes"].iloc[2]
    with pytest.raises(InputError) as e:
        ghgcalc.calculate(df.assign(guidelines="1996"))
    assert e.value.problems[0].column == "guidelines"


def test_wastewater_sludge_removed_and_recovered_ch4_burnt():
    # IPCC 2006 Vol. 5 Eq. 6.4: CH4 = (TOW - S) x Bo x MCF - R, national Bo 0.25 (Decision 2626 App. IV 4.6) and
    # MCF 0.8 (App. IV 4.9, deep lagoon). TOW = 10,000 m3 x 2 kg COD/m3 = 20,000 kg; S = 5 t = 5,000 kg COD
    # -> (20,000 - 5,000) x 0.25 x 0.8 = 3,000 kg = 3.0 t CH4; R = 1 t -> 2.0 t.
    # R burnt: 1 t x 44/16 = 2.75 t CO2 (Circular 38/2023 App. II §2 item 5.2), biogenic, outside co2e_t.
    base = {"activity": "industrial_wastewater", "quantity": 10_000, "unit": "m3", "treatment": "anaerobic_deep_lagoon"}
    r = calc([base | {"cod": "2000 mg/L", "sludge_removed": "5 t", "ch4_recovered": "1 t"},
              base | {"cod": 2, "cod_unit": "g/L", "sludge_removed": 5000, "sludge_removed_unit": "kg"},
              base | {"cod": "2 g/L", "cod_unit": "g/L"}])
    assert r["ch4_t"].tolist() == pytest.approx([2.0, 3.0, 4.0])
    assert r["biogenic_co2_t"].tolist() == pytest.approx([2.75, 0.0, 0.0])
    assert r["co2e_t"].iloc[0] == pytest.approx(2.0 * 28)  # AR5; the biogenic CO2 is not in the total
    assert "S = 5000 kg COD removed as sludge" in r["notes"].iloc[0]
    assert "vn.tt38.ii_2_5_2.co2_per_ch4.industrial_wastewater" in r["factor_ids"].iloc[0]
    with pytest.raises(InputError, match="keep one unit"):  # the cell and the unit column disagree
        calc([base | {"cod": "2000 mg/L", "cod_unit": "g/L"}])
    with pytest.raises(InputError, match="more than"):  # 25 t COD removed from 20 t carried
        calc([base | {"cod": 2000, "sludge_removed": "25 t"}])
    with pytest.raises(InputError, match="sludge_removed_unit"):
        calc([base | {"cod": 2000, "sludge_removed": 5}])


def test_wastewater_2019_plant_n2o():
    # 2019 Refinement Table 6.8A: centralised aerobic plant 0.016 kg N2O-N/kg N entering the plant:
    # 1,000 m3 x 40 mg N/L (0.04 kg/m3) x 0.016 x 44/28 = 1.005714 kg N2O. CH4: BOD 0.2 kg/m3 x Bo 0.6
    # (Decision 2626 App. IV 4.1) x MCF 0.03 (2019 Table 6.3) x 1,000 m3 = 3.6 kg.
    row = {"activity": "domestic_wastewater", "quantity": 1000, "unit": "m3", "bod": 200,
           "treatment": "aerobic_well_managed", "nitrogen_influent": 40}
    r = calc([row | {"guidelines": 2019}, row | {"guidelines": 2006},
              row | {"guidelines": 2019, "treatment": "anaerobic_reactor"}])
    assert r["n2o_t"].tolist() == pytest.approx([1000 * 0.04 * 0.016 * 44 / 28 / 1000, 0.0, 0.0])
    assert r["ch4_t"].iloc[0] == pytest.approx(1000 * 0.2 * 0.6 * 0.03 / 1000)
    assert "ipcc2019.v5.t6_8a.n2o_plant.aerobic_well_managed.domestic" in r["factor_ids"].iloc[0]
    assert "plant N2O" in r["notes"].iloc[0]
    assert "nitrogen_influent not used" in r["notes"].iloc[1]
    assert "no plant N2O factor for anaerobic_reactor" in r["notes"].iloc[2]
    asked = calc([row | {"guidelines": 2019, "nitrogen_influent": None}]).iloc[0]
    assert "give nitrogen_influent" in asked["notes"] and asked["n2o_t"] == 0


def test_wastewater_needs_cod_and_treatment():
    with pytest.raises(InputError, match="COD"):
        calc([{"activity": "industrial_wastewater", "quantity": 1, "unit": "m3", "treatment": "anaerobic_reactor"}])
    with pytest.raises(InputError, match="treatment"):
        calc([{"activity": "industrial_wastewater", "quantity": 1, "unit": "m3", "cod": 1}])
    with pytest.raises(InputError, match="volume"):
        calc([{"activity": "industrial_wastewater", "quantity": 1, "unit": "t", "cod": 1,
               "treatment": "anaerobic_reactor"}])


def test_composting_and_incineration():
    # 100 t wet waste composted: 4 g CH4/kg -> 0.4 t CH4; 0.24 g N2O/kg -> 0.024 t (EFDB 615013, 615017)
    r = calc([{"activity": "compost", "quantity": 100, "unit": "t", "technology": "wet"},
              {"activity": "waste_incineration", "quantity": 200, "unit": "t", "technology": "industrial"}])
    assert r["ch4_t"].iloc[0] == pytest.approx(0.4) and r["n2o_t"].iloc[0] == pytest.approx(0.024)
    assert r["n2o_t"].iloc[1] == pytest.approx(200 * 100e-6)  # 100 g N2O/t


def test_indirect_categories_carry_iso_and_scope3():
    r = calc([{"activity": "business_travel", "quantity": 10000, "unit": "km", "ef_co2e": 0.15, "ef_unit": "kg/km",
               "ef_source": "DESNZ 2024"},
              {"activity": "upstream_transport", "quantity": 5000, "unit": "tkm", "ef_co2e": 0.1, "ef_unit": "kg/tkm",
               "ef_source": "carrier"},
              {"activity": "waste_offsite", "quantity": 20, "unit": "t", "ef_co2e": 0.5, "ef_unit": "t/t",
               "ef_source": "landfill operator"}])
    assert r["co2e_t"].tolist() == pytest.approx([1.5, 0.5, 10.0])
    assert r["iso_category"].astype(str).tolist() == ["3.5", "3.1", "4.3"]
    assert r["ghgp_scope"].astype(str).tolist() == ["3.6", "3.4", "3.5"]
    with pytest.raises(InputError, match="needs a factor: your own"):
        calc([{"activity": "business_travel", "quantity": 1, "unit": "km"}])


def test_removals_are_never_netted():
    r = calc([{"activity": "removal_onsite", "quantity": 100, "unit": "count", "ef_co2e": 0.02,
               "ef_unit": "t/count", "ef_source": "site survey"},
              {"activity": "diesel", "quantity": 1, "unit": "t", "sector": "energy_industries"}])
    assert r["removals_co2e_t"].iloc[0] == pytest.approx(2.0)
    assert r["co2e_t"].iloc[0] == 0
    assert r["co2e_t"].sum() == pytest.approx(calc([{"activity": "diesel", "quantity": 1, "unit": "t",
                                                      "sector": "energy_industries"}])["co2e_t"].sum())


def test_refrigerant_mass_balance_methods_feed_calculate():
    full = refrigerants.mass_balance("R-410A", inventory_start=50, inventory_end=20, purchased=100, returned=10,
                                     capacity_new=30, capacity_retired=10, year=2025)
    # (50 - 20) + (100 - 10) + (10 - 30) = 100 kg
    assert full["quantity"].iloc[0] == 100
    simple = refrigerants.simplified_mass_balance("R-32", charged_new=40, capacity_new=35, serviced=12,
                                                  capacity_disposed=20, recovered=15)
    assert simple["quantity"].iloc[0] == 5 + 12 + 5
    screen = refrigerants.screening("R-404A", charge=200, equipment="industrial_refrigeration")
    assert screen["quantity"].iloc[0] == pytest.approx(200 * 0.25)
    assert "0.25" in screen["description"].iloc[0]
    r = ghgcalc.calculate(pd.concat([full, simple, screen], ignore_index=True))
    assert r["hfcs_co2e_t"].iloc[0] == pytest.approx(0.1 * 1923.5)


@pytest.mark.parametrize("call", [
    lambda: refrigerants.screening("R-404A", charge=10, equipment="chillers", leak_rate=1.5),
    lambda: refrigerants.screening("R-404A", charge=-1, equipment="chillers"),
    lambda: refrigerants.screening("R-404A", charge=1, equipment="spaceship"),
    lambda: refrigerants.mass_balance("R-22", inventory_start=0, inventory_end=100, purchased=0),
    lambda: refrigerants.mass_balance("R-999", inventory_start=1, inventory_end=0, purchased=0),
])
def test_refrigerant_errors(call):
    with pytest.raises(GhgcalcError):
        call()


gwps = load_gwp()


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(["R-404A", "R-407A", "R-407C", "R-410A", "R-507A"]), st.sampled_from(["AR4", "AR5", "AR6"]),
       st.floats(min_value=0.01, max_value=1e5))
def test_blend_gwp_is_weighted_sum(blend, gwp_set, kg):
    from ghgcalc.data import load_blends

    comp = load_blends()
    comp = comp[comp["refrigerant"] == blend]
    table = gwps[gwps["gwp_set"] == gwp_set].set_index("gas")["value"]
    expected = kg / 1000 * float((comp["mass_fraction"] * comp["component"].map(table)).sum())
    r = calc([{"activity": blend, "quantity": kg, "unit": "kg"}], gwp=gwp_set).iloc[0]
    assert r["co2e_t"] == pytest.approx(expected, rel=1e-12)


@settings(max_examples=30, deadline=None)
@given(st.floats(min_value=1, max_value=1e6), st.floats(min_value=1, max_value=1e4))
def test_fully_recovered_stream_emits_nothing(volume, cod):
    row = {"activity": "industrial_wastewater", "quantity": volume, "unit": "m3", "cod": cod,
           "treatment": "anaerobic_reactor"}
    generated = calc([row])["ch4_t"].iloc[0]
    r = calc([dict(row, ch4_recovered=generated, ch4_recovered_unit="t")]).iloc[0]
    assert r["ch4_t"] == pytest.approx(0, abs=1e-9 * max(generated, 1))


def test_industry_default_cod_and_wastewater_per_tonne():
    # IPCC 2006 Vol. 5 Table 6.9, fish processing: COD 2.5 kg/m3; 14 m3/t as transcribed (range 8-18)
    # 1,000 t of product x 14 m3/t x 2.5 kg/m3 x 0.25 x 0.8 (deep lagoon) = 7,000 kg CH4
    r = calc([{"activity": "nước thải", "quantity": 1000, "unit": "t", "industry": "fish_processing",
               "treatment": "anaerobic_deep_lagoon"},
              {"activity": "nước thải", "quantity": 5000, "unit": "m3", "industry": "dairy",
               "treatment": "anaerobic_reactor"}])
    assert r["ch4_t"].tolist() == pytest.approx([7.0, 5000 * 2.7 * 0.25 * 0.8 / 1000])
    assert "ipcc2006.v5.t6_9.w.fish_processing" in r["factor_ids"].iloc[0]
    with pytest.raises(InputError) as e:
        calc([{"activity": "nước thải", "quantity": 1, "unit": "t", "industry": "rocket_fuel",
               "treatment": "anaerobic_reactor"}])
    assert e.value.first.column == "industry"


def test_transport_as_distance_with_a_load():
    # 1,200 km with 15 t = 18,000 t·km x 0.1 kg CO2e/t·km = 1.8 t; 300 km x 4 passengers x 0.15 kg/pkm = 0.18 t
    r = calc([{"activity": "upstream_transport", "quantity": 1200, "unit": "km", "load": 15, "load_unit": "t",
               "ef_co2e": 0.1, "ef_unit": "kg/tkm", "ef_source": "carrier"},
              {"activity": "business_travel", "quantity": 300, "unit": "km", "load": 4, "load_unit": "passenger",
               "ef_co2e": 0.15, "ef_unit": "kg/pkm", "ef_source": "x"},
              {"activity": "upstream_transport", "quantity": 18000, "unit": "tkm",
               "ef_co2e": 0.1, "ef_unit": "kg/tkm", "ef_source": "carrier"}])
    assert r["co2e_t"].tolist() == pytest.approx([1.8, 0.18, 1.8])
    with pytest.raises(InputError, match="fit"):
        calc([{"activity": "upstream_transport", "quantity": 1200, "unit": "km", "ef_co2e": 0.1, "ef_unit": "kg/tkm",
               "ef_source": "carrier"}])


def test_coal_mine_methane():
    # Circular 38/2023 App. II §2 item 5.1/5.4: E = PQ x EF x CF; national EF first (Decision 2626 App. I 2.1-2.4),
    # CF 0.67 kg CH4/m3 (IPCC 2006 Vol. 2 Ch. 4, 20 °C, 1 atm). 1,000,000 t underground: 1.5789 m3/t x 0.67
    # = 1,057.863 t CH4; post-mining 0.1697 x 0.67 = 113.699 t; surface 0.05375 x 0.67 = 36.0125 t; post 113.699 t
    rows = [{"activity": a, "quantity": 1_000_000, "unit": "t"} for a in
            ("underground_coal_mining", "post_mining_underground", "surface_coal_mining", "post_mining_surface")]
    r = calc(rows)
    assert r["ch4_t"].tolist() == pytest.approx([1057.863, 113.699, 36.0125, 113.699])
    assert (r["iso_category"] == "1.4").all() and (r["ghgp_scope"] == "1").all() and (r["tier"] == "national").all()
    assert r["co2e_t"].iloc[0] == pytest.approx(1057.863 * 28)  # AR5
    # IPCC Tier 1 averages (Eqs. 4.1.3, 4.1.4, 4.1.7, 4.1.8: 18, 2.5, 1.2, 0.1 m3/t) when national is left out:
    ipcc = calc(rows, factor_priority=["facility", "ipcc_default"])
    assert ipcc["ch4_t"].tolist() == pytest.approx([18 * 670, 2.5 * 670, 1.2 * 670, 0.1 * 670])
    # the mine's own factor (m3/t) comes first
    own = calc([rows[0] | {"ef_ch4": 3.0, "ef_unit": "m3/t", "ef_source": "mine survey 2025"}]).iloc[0]
    assert own["ch4_t"] == pytest.approx(3.0 * 670) and own["tier"] == "facility"
    # items 5.2-5.3: 1,000,000 m3 CH4 flared at CE 0.98: 670 t CH4 x 0.98 x 44/16 = 1,805.65 t CO2 (fossil, in the
    # total); unburnt 670 x 0.02 = 13.4 t CH4. 10 t CH4 used in an engine at CE 0.995: 27.3625 t CO2, 0.05 t CH4
    burnt = calc([{"activity": "coal_mine_methane_flared", "quantity": 1_000_000, "unit": "m3",
                   "combustion_efficiency": 0.98},
                  {"activity": "coal_mine_methane_utilised", "quantity": 10, "unit": "t",
                   "combustion_efficiency": 0.995}])
    assert burnt["co2_t"].tolist() == pytest.approx([670 * 0.98 * 2.75, 10 * 0.995 * 2.75])
    assert burnt["ch4_t"].tolist() == pytest.approx([13.4, 0.05])
    assert burnt["co2e_t"].iloc[0] == pytest.approx(1805.65 + 13.4 * 28)
    # 1,000 Nm3 of CH4 flared at CE 0.98 (issue 11 point 3: Nm3 is an amount of gas, not a volume at 20 °C):
    # 1,000 x 44.615 mol/Nm3 (101,325 Pa / (8.314463 x 273.15 K)) x 16.043 g/mol = 0.71576 t CH4;
    # CO2 0.71576 x 0.98 x 2.75 = 1.92897 t; unburnt 0.71576 x 0.02 = 0.014315 t
    t_ch4 = 1000 * 101325 / (8.314462618 * 273.15) * 16.043e-6
    nm3 = calc([{"activity": "coal_mine_methane_flared", "quantity": 1000, "unit": "Nm3",
                 "combustion_efficiency": 0.98}]).iloc[0]
    assert (nm3["co2_t"], nm3["ch4_t"]) == pytest.approx((t_ch4 * 0.98 * 2.75, t_ch4 * 0.02))
    assert "iupac.molar_mass.ch4.coal_mine_methane" in nm3["factor_ids"]
    with pytest.raises(InputError, match="combustion_efficiency"):
        calc([{"activity": "coal_mine_methane_flared", "quantity": 1, "unit": "m3"}])
    with pytest.raises(InputError, match="item 5.5"):  # never silently ignored
        calc([rows[2] | {"ef_co2": 1.0, "ef_unit": "kg/t", "ef_source": "site survey 2025"}])
    with pytest.raises(InputError, match="coal mined in t"):
        calc([{"activity": "underground_coal_mining", "quantity": 1, "unit": "m3"}])


def test_burned_waste_co2_from_decision_2626_composition():
    """IPCC 2006 Vol. 5 Eq. 5.1/5.2, CO2 = M x dm x CF x FCF x OF x 44/12, Decision 2626 App. IV values."""
    rows = pd.DataFrame([
        # plastics (3.1 dm 100 %, 3.8 CF 75 %, 3.15 FCF 100 %), incineration OF 100 % (3.20):
        # 10 x 1.00 x 0.75 x 1.00 x 1.00 x 44/12 = 27.5 t fossil CO2
        {"activity": "waste_incineration", "quantity": 10, "unit": "t", "technology": "continuous_stoker",
         "waste_type": "plastics"},
        # textiles (3.2 dm 80 %, 3.9 CF 50 %, 3.16 FCF 20 %): 10 x 0.8 x 0.5 x 44/12 = 14.667 t of CO2,
        # 20 % fossil = 2.9333 t, 80 % biogenic = 11.7333 t
        {"activity": "waste_incineration", "quantity": 10, "unit": "t", "technology": "continuous_stoker",
         "waste_type": "textiles"},
        # wood burned in the open (3.3 dm 85 %, 3.10 CF 50 %, OF 71 % (3.23), no FCF in the decision):
        # 10 x 0.85 x 0.5 x 0.71 x 44/12 = 11.0642 t, all biogenic
        {"activity": "open_burning", "quantity": 10, "unit": "t", "waste_type": "wood"},
        # paper sent off site to incineration (3.7 dm 90 %, 3.14 CF 46 %, 3.19 FCF 1 %), 1,000 kg:
        # 1 x 0.9 x 0.46 x 1.00 x 44/12 = 1.518 t; fossil 0.01518 t (category 4.3)
        {"activity": "waste_offsite", "quantity": 1000, "unit": "kg", "treatment": "incineration",
         "technology": "continuous_stoker", "waste_type": "paper"},
    ])
    r = ghgcalc.calculate(rows)
    c = 44 / 12
    assert r["co2_t"].tolist() == pytest.approx([27.5, 10 * 0.8 * 0.5 * c * 0.2, 0.0, 0.9 * 0.46 * c * 0.01])
    assert r["biogenic_co2_t"].tolist() == pytest.approx([0.0, 10 * 0.8 * 0.5 * c * 0.8,
                                                          10 * 0.85 * 0.5 * 0.71 * c, 0.9 * 0.46 * c * 0.99])
    assert "vn.qd2626.IV_3_15" in r["factor_ids"].iloc[0] and r["tier"].iloc[0] == "national"
    assert "all its CO2 taken as biogenic" in r["notes"].iloc[2]
    assert r["iso_category"].iloc[3] == "4.3"
    # an unknown component is refused, naming the column and the choices
    with pytest.raises(ghgcalc.InputError) as e:
        ghgcalc.calculate(pd.DataFrame([{"activity": "open_burning", "quantity": 1, "unit": "t",
                                         "waste_type": "rubber"}]))
    assert e.value.problems[0].column == "waste_type" and "plastics" in e.value.problems[0].message
