"""Build the Decision 2626/QĐ-BTNMT files in ``emission_factors/vn/``.

Usage::

    python scripts/build_vn_2626.py path/to/vn-decision-2626-factors.csv

Input: a transcription of the 322 factors of Decision 2626/QĐ-BTNMT (10/10/2022),
one row per factor with its appendix, item number, variant, names, gas, emission
source, value (as printed and numeric), unit, tier and type (``nh``: applied
directly to activity data; ``hc``: a correction coefficient or parameter).

Outputs:

* ``../reference/decision_2626_2022_list.csv``: every factor of the decision, with the
  ghgcalc ``factor_id`` it became, if any;
* ``decision_2626_2022.csv``: the factor rows ghgcalc applies (tier
  ``national``), in the dataset schema. Only per-unit emission factors of
  activities ghgcalc computes, the wastewater parameters its method uses
  (Bo, MCF, N2O-N per N) and the waste parameters of Appendix IV (landfill MCF,
  DOC, DOCf, F; dry matter, carbon and fossil carbon fractions and oxidation
  factors of burned waste) are taken; correction coefficients are never applied
  as emission factors.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "emission_factors" / "vn"
COLUMNS = [
    "factor_id", "activity", "gas", "sector", "technology", "region", "value", "unit",
    "lower", "upper", "kind", "source_id", "table", "ef_id", "edition_year",
    "valid_from", "valid_to", "notes",
]
FUELS = {
    "anthracite coal": "anthracite", "sub-bituminous coal": "sub_bituminous_coal", "crude oil": "crude_oil",
    "diesel oil": "gas_diesel_oil", "fuel oil": "residual_fuel_oil", "natural gas": "natural_gas",
    "biomass": "other_primary_solid_biomass", "charcoal": "charcoal", "liquefied petroleum gas":
    "liquefied_petroleum_gases", "jet kerosene": "jet_kerosene", "aviation gasoline": "aviation_gasoline",
    "gasoline": "motor_gasoline", "kerosene": "other_kerosene",
}
SECTORS = {
    "Energy industry": "energy_industries", "Manufacturing and construction industry": "manufacturing_construction",
    "Trade and services": "commercial_institutional", "Civil": "residential_agriculture",
    "Agriculture, forestry and fisheries": "residential_agriculture", "Road transportation": "road_transport",
    "Railways": "railways", "Inland waterway and maritime transportation": "navigation",
    "Domestic air transportation": "domestic_aviation", "Domestic aviation": "domestic_aviation",
}
# (appendix, item, variant) -> (activity, technology, kind, unit written for pint)
OTHER = {
    ("I", "2.1", "1"): ("underground_coal_mining", "", "parameter", "m**3/t"),
    ("I", "2.2", "1"): ("post_mining_underground", "", "parameter", "m**3/t"),
    ("I", "2.3", "1"): ("surface_coal_mining", "", "parameter", "m**3/t"),
    ("I", "2.4", "1"): ("post_mining_surface", "", "parameter", "m**3/t"),
    ("II", "1.1", "1"): ("clinker_production", "", "ef", "t CO2/t"),
    ("II", "1.4", "1"): ("lime_production", "high_calcium", "ef", "t CO2/t"),
    ("II", "1.5", "1"): ("lime_production", "dolomitic", "ef", "t CO2/t"),
    ("II", "1.6", "1"): ("glass_production", "", "ef", "t CO2/t"),
    ("II", "2.7", "1"): ("nitric_acid_production", "medium_pressure", "ef", "kg N2O/t"),
    ("II", "3.1", "1"): ("crude_steel", "bof", "ef", "t CO2/t"),
    ("II", "3.2", "1"): ("crude_steel", "eaf", "ef", "t CO2/t"),
    ("IV", "2.1", "1"): ("composting", "dry", "ef", "g CH4/kg"),
    ("IV", "2.2", "1"): ("composting", "wet", "ef", "g CH4/kg"),
    ("IV", "2.3", "1"): ("composting", "dry", "ef", "g N2O/kg"),
    ("IV", "2.4", "1"): ("composting", "wet", "ef", "g N2O/kg"),
    ("IV", "2.5", "1"): ("anaerobic_digestion", "dry", "ef", "g CH4/kg"),
    ("IV", "2.6", "1"): ("anaerobic_digestion", "wet", "ef", "g CH4/kg"),
    ("IV", "3.21", "1"): ("waste_incineration", "continuous_stoker", "ef", "kg CH4/Gg"),
    ("IV", "3.21", "2"): ("waste_incineration", "continuous_fluidised_bed", "ef", "kg CH4/Gg"),
    ("IV", "3.21", "3"): ("waste_incineration", "semi_continuous_stoker", "ef", "kg CH4/Gg"),
    ("IV", "3.21", "4"): ("waste_incineration", "semi_continuous_fluidised_bed", "ef", "kg CH4/Gg"),
    ("IV", "3.21", "5"): ("waste_incineration", "batch_stoker", "ef", "kg CH4/Gg"),
    ("IV", "3.21", "6"): ("waste_incineration", "batch_fluidised_bed", "ef", "kg CH4/Gg"),
    ("IV", "3.22", "1"): ("waste_incineration", "continuous_stoker", "ef", "g N2O/t"),
    ("IV", "3.22", "2"): ("waste_incineration", "continuous_fluidised_bed", "ef", "g N2O/t"),
    ("IV", "3.22", "3"): ("waste_incineration", "semi_continuous_stoker", "ef", "g N2O/t"),
    ("IV", "3.22", "4"): ("waste_incineration", "semi_continuous_fluidised_bed", "ef", "g N2O/t"),
    ("IV", "3.22", "5"): ("waste_incineration", "batch_stoker", "ef", "g N2O/t"),
    ("IV", "3.22", "6"): ("waste_incineration", "batch_fluidised_bed", "ef", "g N2O/t"),
    ("IV", "3.24", "1"): ("open_burning", "", "ef", "g CH4/t"),
    ("IV", "3.25", "1"): ("open_burning", "", "ef", "g N2O/t"),
    ("IV", "4.1", "1"): ("domestic_wastewater", "bod", "parameter", "kg CH4/kg"),
    ("IV", "4.2", "1"): ("domestic_wastewater", "aerobic_not_well_managed", "parameter", "dimensionless"),
    ("IV", "4.3", "1"): ("domestic_wastewater", "septic_system", "parameter", "dimensionless"),
    ("IV", "4.4", "1"): ("domestic_wastewater", "untreated_sea_river_lake", "parameter", "dimensionless"),
    ("IV", "4.5", "1"): ("domestic_wastewater", "effluent_n2o", "parameter", "kg/kg"),
    ("IV", "4.6", "1"): ("industrial_wastewater", "cod", "parameter", "kg CH4/kg"),
    ("IV", "4.7", "1"): ("industrial_wastewater", "aerobic_not_well_managed", "parameter", "dimensionless"),
    ("IV", "4.8", "1"): ("industrial_wastewater", "anaerobic_shallow_lagoon", "parameter", "dimensionless"),
    ("IV", "4.9", "1"): ("industrial_wastewater", "anaerobic_deep_lagoon", "parameter", "dimensionless"),
    ("IV", "4.10", "1"): ("industrial_wastewater", "untreated_sea_river_lake", "parameter", "dimensionless"),
}


# Appendix IV parameters of waste (kind "parameter"), one item -> the (activity, technology) rows it
# gives: landfill MCF by site type (items 1.1-1.8), DOC by waste type (1.9-1.16), DOCf by degradability
# (1.17-1.19: wood; paper, textiles, nappies; food, garden as the item names them), CH4 share of
# landfill gas F (1.20); dry matter (3.1-3.7), carbon fraction (3.8-3.14), fossil carbon fraction
# (3.15-3.19) of incinerated waste by component and the oxidation factors (3.20 incineration, 3.23 open
# burning). The components' composition is kept under waste_incineration and serves open burning too.
WASTE_PARAMS = {
    ("IV", "1.1", "1"): [("waste_offsite", "mcf/unmanaged_deep")],
    ("IV", "1.2", "1"): [("waste_offsite", "mcf/unmanaged_shallow")],
    ("IV", "1.3", "1"): [("waste_offsite", "mcf/managed_anaerobic")],
    ("IV", "1.4", "1"): [("waste_offsite", "mcf/managed_semi_aerobic")],
    ("IV", "1.5", "1"): [("waste_offsite", "mcf/poorly_managed_semi_aerobic")],
    ("IV", "1.6", "1"): [("waste_offsite", "mcf/managed_active_aeration")],
    ("IV", "1.7", "1"): [("waste_offsite", "mcf/poorly_managed_active_aeration")],
    ("IV", "1.8", "1"): [("waste_offsite", "mcf/uncategorised")],
    ("IV", "1.9", "1"): [("waste_offsite", "doc/food")],
    ("IV", "1.10", "1"): [("waste_offsite", "doc/garden")],
    ("IV", "1.11", "1"): [("waste_offsite", "doc/paper")],
    ("IV", "1.12", "1"): [("waste_offsite", "doc/wood")],
    ("IV", "1.13", "1"): [("waste_offsite", "doc/textiles")],
    ("IV", "1.14", "1"): [("waste_offsite", "doc/nappies")],
    ("IV", "1.15", "1"): [("waste_offsite", "doc/sludge_domestic"), ("waste_offsite", "doc/sludge_industrial")],
    ("IV", "1.16", "1"): [("waste_offsite", "doc/industrial")],
    ("IV", "1.17", "1"): [("waste_offsite", "docf/wood")],
    ("IV", "1.18", "1"): [("waste_offsite", "docf/paper"), ("waste_offsite", "docf/textiles"),
                          ("waste_offsite", "docf/nappies")],
    ("IV", "1.19", "1"): [("waste_offsite", "docf/food"), ("waste_offsite", "docf/garden")],
    ("IV", "1.20", "1"): [("waste_offsite", "f")],
    **{("IV", f"3.{i}", "1"): [("waste_incineration", f"dm/{w}")] for i, w in
       enumerate(("plastics", "textiles", "wood", "nappies", "food", "garden", "paper"), start=1)},
    **{("IV", f"3.{i}", "1"): [("waste_incineration", f"cf/{w}")] for i, w in
       enumerate(("plastics", "textiles", "wood", "nappies", "food", "garden", "paper"), start=8)},
    **{("IV", f"3.{i}", "1"): [("waste_incineration", f"fcf/{w}")] for i, w in
       enumerate(("plastics", "textiles", "nappies", "garden", "paper"), start=15)},
    ("IV", "3.20", "1"): [("waste_incineration", "of")],
    ("IV", "3.23", "1"): [("open_burning", "of")],
}
#: Units of the parameters as printed ("%" or "-") written for pint.
PARAM_UNITS = {"%": "percent", "-": "dimensionless"}


def fuel_of(name_en: str) -> list[str]:
    m = re.search(r"emission factor of (.+)$", name_en)
    if not m:
        return []
    fuel = m.group(1).strip()
    if fuel == "all fuels":
        return ["jet_kerosene", "aviation_gasoline"]
    return [FUELS[fuel]] if fuel in FUELS else []


def main(path: str) -> None:
    src = list(csv.DictReader(open(path, encoding="utf-8")))
    factors: list[dict[str, str]] = []
    listing: list[dict[str, str]] = []
    seen: dict[tuple[str, str, str, str], str] = {}
    for r in src:
        key = (r["appendix"], r["item_no"], r["variant"])
        ids: list[str] = []
        targets: list[tuple[str, str, str, str, str]] = []  # activity, gas, sector, technology, kind/unit
        if r["factor_type"] == "nh" and r["appendix"] == "I" and r["emission_source_en"] in SECTORS:
            for act in fuel_of(r["factor_name_en"]):
                targets.append((act, r["gas"], SECTORS[r["emission_source_en"]], "", "ef"))
        elif key in OTHER and r["value"] != "":
            act, tech, kind, _ = OTHER[key]
            gas = "" if kind == "parameter" and OTHER[key][3] == "dimensionless" else r["gas"]
            targets.append((act, gas, "", tech, kind))
        elif key in WASTE_PARAMS and r["value"] != "":
            targets += [(act, "", "", tech, "parameter") for act, tech in WASTE_PARAMS[key]]
        for act, gas, sector, tech, kind in targets:
            dedupe = (act, gas, sector, tech)
            if dedupe in seen:
                ids.append(seen[dedupe])
                continue
            unit = (OTHER[key][3] if key in OTHER else PARAM_UNITS[r["unit_en"].strip()] if key in WASTE_PARAMS
                    else f"kg {gas}/TJ")
            suffix = (tech.rsplit("/", 1)[-1] if key in WASTE_PARAMS else act) if len(targets) > 1 else ""
            fid = f"vn.qd2626.{r['appendix']}_{r['item_no'].replace('.', '_')}" + (
                f"_{r['variant']}" if r["variant"] != "1" else "") + (f".{suffix}" if suffix else "")
            note = r["factor_name_en"] + (" (country-specific, Tier 2)" if "*" in r["factor_name_en"] else "")
            factors.append({c: "" for c in COLUMNS} | {
                "factor_id": fid, "activity": act, "gas": gas, "sector": sector, "technology": tech,
                "region": "VN", "value": r["value"], "unit": unit, "kind": kind, "source_id": "vn_qd_2626_2022",
                "table": f"Appendix {r['appendix']}, item {r['item_no']}" + (
                    f" ({r['variant']})" if r["variant"] != "1" else ""),
                "edition_year": "2022", "valid_from": "2022-10-10", "notes": note.replace("*", "").strip(),
            })
            seen[dedupe] = fid
            ids.append(fid)
        listing.append({
            "appendix": r["appendix"], "item_no": r["item_no"], "variant": r["variant"], "gas": r["gas"],
            "factor_name_vi": r["factor_name_vi"], "factor_name_en": r["factor_name_en"],
            "emission_source_en": r["emission_source_en"], "value_as_printed": r["value_as_printed"],
            "value": r["value"], "unit_en": r["unit_en"], "tier": r["tier"], "factor_type": r["factor_type"],
            "ghgcalc_factor_id": ";".join(ids),
        })
    with (OUT / "decision_2626_2022.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(factors)
    with (OUT.parent / "reference" / "decision_2626_2022_list.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, list(listing[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(listing)
    print(f"decision_2626_2022.csv: {len(factors)} rows; list: {len(listing)} rows")


if __name__ == "__main__":
    main(sys.argv[1])
