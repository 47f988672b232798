"""Build ``emission_factors/gwp/gwp100.csv`` from the globalwarmingpotentials dataset.

Usage::

    python scripts/build_gwp.py path/to/globalwarmingpotentials.csv

The input is the CC0 dataset openclimatedata/globalwarmingpotentials (one row per
species, one column per metric). Only the GWP-100 columns of AR4, AR5, AR5 with
climate-carbon feedback and AR6 are kept, for the Kyoto gases (CO2, CH4, N2O,
HFCs, PFCs, SF6, NF3) and the ozone-depleting refrigerants that inventories
report as memo items. Rerun only when the input changes; bump VERSION.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "emission_factors" / "gwp" / "gwp100.csv"
SETS = {
    "AR4GWP100": ("AR4", "ipcc_ar4_wg1", "AR4 WG1 Ch. 2 Table 2.14"),
    "AR5GWP100": ("AR5", "ipcc_ar5_wg1", "AR5 WG1 Ch. 8 Table 8.A.1"),
    "AR5CCFGWP100": ("AR5_CCF", "ipcc_ar5_wg1", "AR5 WG1 Ch. 8 Table 8.7 and Table 8.SM.16"),
    "AR6GWP100": ("AR6", "ipcc_ar6_wg1", "AR6 WG1 Ch. 7 Table 7.SM.7"),
}
#: AR6 WG1 Ch. 7 Table 7.15 (not in the input dataset): GWP-100 of CH4 by origin. ghgcalc applies the
#: fossil value to fossil-fuel combustion and fugitive fossil CH4, the non-fossil value to biomass, waste
#: and wastewater CH4, as the GHG Protocol's table of AR6 values does.
AR6_CH4_BY_ORIGIN = (
    ("CH4_fossil", "29.8", "fossil CH4 (includes the CO2 of its oxidation): fossil-fuel combustion and fugitive "
                           "fossil CH4 under gwp='AR6'"),
    ("CH4_non_fossil", "27.0", "non-fossil (biogenic) CH4: biomass combustion, waste and wastewater under gwp='AR6'"),
)
PFCS = {"CF4", "C2F6", "C3F8", "cC4F8", "C4F10", "C5F12", "C6F14", "C7F16", "C8F18", "C10F18"}
MEMO = {"HCFC22", "HCFC123", "HCFC124", "HCFC141b", "HCFC142b", "CFC11", "CFC12", "CFC113", "CFC115"}


def group(species: str) -> str | None:
    if species in ("CH4", "N2O", "SF6", "NF3"):
        return species
    if re.fullmatch(r"HFC\d+[a-z]*", species):
        return "HFC"
    if species in PFCS:
        return "PFC"
    if species in MEMO:
        return "ODS"
    return None


def name(species: str) -> str:
    m = re.fullmatch(r"(HFC|HCFC|CFC)(\d+[a-z]*)", species)
    return f"{m.group(1)}-{m.group(2)}" if m else species


def main(path: str) -> None:
    lines = [ln for ln in open(path, encoding="utf-8") if not ln.startswith("#")]
    rows = []
    for s in SETS.values():
        rows.append({"gas": "CO2", "gwp_set": s[0], "value": "1", "group": "CO2",
                     "source_id": s[1], "table": s[2], "notes": "reference gas, 1 by definition"})
    for r in csv.DictReader(lines):
        g = group(r["Species"])
        if g is None:
            continue
        for col, (gset, src, table) in SETS.items():
            if r[col]:
                rows.append({"gas": name(r["Species"]), "gwp_set": gset, "value": r[col], "group": g,
                             "source_id": src, "table": table, "notes": ""})
    for gas, value, note in AR6_CH4_BY_ORIGIN:
        rows.append({"gas": gas, "gwp_set": "AR6", "value": value, "group": "CH4", "source_id": "ipcc_ar6_wg1",
                     "table": "AR6 WG1 Ch. 7 Table 7.15", "notes": note})
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, ["gas", "gwp_set", "value", "group", "source_id", "table", "notes"],
                           lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{OUT.name}: {len(rows)} rows")


if __name__ == "__main__":
    main(sys.argv[1])
