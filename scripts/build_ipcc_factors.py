"""Build the IPCC 2006 energy factor files in ``emission_factors/ipcc2006/``.

Usage::

    python scripts/build_ipcc_factors.py path/to/ipcc-efdb-defaults.csv

Inputs:

* the IPCC Emission Factor Database (EFDB) export of "2006 IPCC default" rows
  (columns ``ef_id, ipcc_2006_category, gas, fuel_2006, description,
  technologies, conditions, value, unit, source`` ...);
* ``scripts/ipcc2006_table_1_2_1_3_limits.csv``: the lower and upper limits of
  the 95 % confidence intervals printed in 2006 IPCC Guidelines Vol. 2 Ch. 1
  Table 1.2 (NCV) and Table 1.3 (carbon content), which the EFDB export lacks.

Table 1.4 (CO2 emission factors) is built in the Guidelines from Table 1.3 as
``carbon content x 44/12 x 1000`` rounded to three significant figures; the
script applies the same rule to the Table 1.3 limits to fill the Table 1.4
limits, and only where the rule reproduces the EFDB default exactly.

The output files are committed; rerun the script only when the EFDB export or
the limits file changes, and bump ``emission_factors/VERSION``.
"""

from __future__ import annotations

import csv
import math
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "emission_factors" / "ipcc2006"
LIMITS = Path(__file__).with_name("ipcc2006_table_1_2_1_3_limits.csv")

COLUMNS = [
    "factor_id", "activity", "gas", "sector", "technology", "region", "value", "unit",
    "lower", "upper", "kind", "source_id", "table", "ef_id", "edition_year",
    "valid_from", "valid_to", "notes",
]
GASES = {"CARBON DIOXIDE": "CO2", "METHANE": "CH4", "NITROUS OXIDE": "N2O"}
SECTORS = {
    "2.2": "energy_industries",
    "2.3": "manufacturing_construction",
    "2.4": "commercial_institutional",
    "2.5": "residential_agriculture",
}
SPECIAL = {
    "Gas Oil": "gas_diesel_oil",
    "Diesel Oil": "gas_diesel_oil",
    "Coke Oven Coke and Lignite Coke": "coke_oven_coke_and_lignite_coke",
    "Natural Gas Liquids (NGLs)": "natural_gas_liquids",
}
# Where the EFDB repeats a value under two names that ghgcalc merges, keep this one.
PREFERRED_DUPLICATE = "Diesel Oil"


def fuel_id(name: str) -> str:
    """Snake-case id of an IPCC 2006 Table 1.2 fuel name."""
    if name in SPECIAL:
        return SPECIAL[name]
    name = name.replace("&", " ").replace("/", " ")
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def sig3(x: float) -> float:
    """Round to three significant figures."""
    digits = 3 - int(math.floor(math.log10(abs(x)))) - 1
    return round(x, digits)


def fmt(x: float) -> str:
    return f"{x:.10g}"


def row(**kw: str) -> dict[str, str]:
    base = {c: "" for c in COLUMNS}
    base.update(
        region="", source_id="ipcc2006", edition_year="2006", valid_from="2006-01-01"
    )
    base.update(kw)
    return base


def write(name: str, rows: list[dict[str, str]]) -> None:
    rows.sort(key=lambda r: r["factor_id"])
    ids = [r["factor_id"] for r in rows]
    assert len(ids) == len(set(ids)), f"duplicate ids in {name}"
    with (OUT / name).open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{name}: {len(rows)} rows")


def keep(r: dict[str, str], seen: set[tuple[str, ...]], key: tuple[str, ...]) -> bool:
    """Drop the non-preferred twin of a merged fuel name (Gas Oil / Diesel Oil)."""
    if r["fuel_2006"] == "Gas Oil":
        return False
    if key in seen:
        return False
    seen.add(key)
    return True


def main(efdb_path: str) -> None:
    efdb = list(csv.DictReader(open(efdb_path, encoding="utf-8")))
    limits = {r["fuel"]: r for r in csv.DictReader(open(LIMITS, encoding="utf-8"))}
    twin_ids: dict[tuple[str, str, str], str] = {}
    for r in efdb:
        if r["fuel_2006"] == "Gas Oil":
            twin_ids[(r["source"], r["gas"], r["technologies"])] = r["ef_id"]

    def twin_note(r: dict[str, str]) -> str:
        if r["fuel_2006"] != PREFERRED_DUPLICATE:
            return ""
        other = twin_ids.get((r["source"], r["gas"], r["technologies"]))
        return f"same value as EFDB {other} (Gas Oil)" if other else ""

    # Table 1.2: NCV
    ncv_rows: list[dict[str, str]] = []
    seen: set[tuple[str, ...]] = set()
    for r in efdb:
        if not r["source"].endswith("Table 1.2") or "NCV" not in r["description"]:
            continue
        fid = fuel_id(r["fuel_2006"])
        if not keep(r, seen, (fid,)):
            continue
        lim = limits.get(fid)
        lower = upper = ""
        note = twin_note(r)
        if lim and float(lim["ncv_default_TJ_per_Gg"]) == float(r["value"]):
            lower, upper = lim["ncv_lower"], lim["ncv_upper"]
        elif lim:
            note = (note + "; " if note else "") + (
                "95% limits not encoded: the limits transcription disagrees with the EFDB default")
        ncv_rows.append(row(
            factor_id=f"ipcc2006.v2.t1_2.ncv.{fid}", activity=fid, value=r["value"],
            unit="TJ/Gg", lower=lower, upper=upper, kind="ncv",
            table="Vol. 2 Ch. 1 Table 1.2", ef_id=r["ef_id"], notes=note,
        ))
    write("v2_ch1_table_1_2_ncv.csv", ncv_rows)

    # Table 1.4: CO2 emission factors (same value in every stationary sector; take 1.A.1 rows)
    co2_rows: list[dict[str, str]] = []
    seen = set()
    for r in efdb:
        if not r["source"].endswith("Volume 2: Energy, Tables 1.4 and 2.2"):
            continue
        if r["gas"] != "CARBON DIOXIDE":
            continue
        fid = fuel_id(r["fuel_2006"])
        if not keep(r, seen, (fid,)):
            continue
        lim = limits.get(fid, {})
        lower = upper = ""
        note = twin_note(r)
        cdef = lim.get("carbon_default_kg_per_GJ")
        if cdef and sig3(float(cdef) * 44 / 12 * 1000) == float(r["value"]):
            lower = fmt(sig3(float(lim["carbon_lower"]) * 44 / 12 * 1000))
            upper = fmt(sig3(float(lim["carbon_upper"]) * 44 / 12 * 1000))
            note = (note + "; " if note else "") + (
                "95% limits from Table 1.3 carbon-content limits x 44/12, 3 s.f. (the Table 1.4 construction)")
        co2_rows.append(row(
            factor_id=f"ipcc2006.v2.t1_4.co2.{fid}", activity=fid, gas="CO2",
            value=r["value"], unit="kg CO2/TJ", lower=lower, upper=upper, kind="ef",
            table="Vol. 2 Ch. 1 Table 1.4", ef_id=r["ef_id"], notes=note,
        ))
    write("v2_ch1_table_1_4_co2.csv", co2_rows)

    # Tables 2.2-2.5: CH4 and N2O, stationary, by sector
    st_rows: list[dict[str, str]] = []
    seen = set()
    for r in efdb:
        m = re.search(r"Volume 2: Energy, Table (2\.[2-5])$", r["source"])
        if not m or r["gas"] not in ("METHANE", "NITROUS OXIDE"):
            continue
        fid, gas, t = fuel_id(r["fuel_2006"]), GASES[r["gas"]], m.group(1)
        if not keep(r, seen, (fid, gas, t)):
            continue
        st_rows.append(row(
            factor_id=f"ipcc2006.v2.t{t.replace('.', '_')}.{gas.lower()}.{fid}",
            activity=fid, gas=gas, sector=SECTORS[t], value=r["value"],
            unit=f"kg {gas}/TJ", kind="ef", table=f"Vol. 2 Ch. 2 Table {t}",
            ef_id=r["ef_id"], notes=twin_note(r),
        ))
    write("v2_ch2_tables_2_2_to_2_5_stationary.csv", st_rows)

    # Vol. 2 Ch. 3: mobile CH4 and N2O
    mob_rows: list[dict[str, str]] = []
    seen = set()
    for r in efdb:
        m = re.search(r"Volume 2: Energy, Table (3\.2\.2|3\.3\.1|3\.4\.1|3\.5\.3)$", r["source"])
        if not m or r["gas"] not in ("METHANE", "NITROUS OXIDE"):
            continue
        t = m.group(1)
        fid, gas = fuel_id(r["fuel_2006"]), GASES[r["gas"]]
        tech = r["technologies"]
        if t == "3.2.2":
            sector = "road_transport"
            tech = {"Oxidaton Catalyst": "oxidation_catalyst"}.get(tech, tech)
        elif t == "3.3.1":
            sector = "off_road"
            tech = tech.replace("Off-Road Source:", "").replace("Engine type: Motor gasoline,", "")
        elif t == "3.4.1":
            sector = "railways"
        else:
            sector = "navigation"
        tech = re.sub(r"[^a-z0-9]+", "_", tech.lower()).strip("_")
        if not keep(r, seen, (fid, gas, sector, tech)):
            continue
        suffix = f".{tech}" if tech else ""
        mob_rows.append(row(
            factor_id=f"ipcc2006.v2.t{t.replace('.', '_')}.{gas.lower()}.{fid}{suffix}",
            activity=fid, gas=gas, sector=sector, technology=tech, value=r["value"],
            unit=f"kg {gas}/TJ", kind="ef", table=f"Vol. 2 Ch. 3 Table {t}",
            ef_id=r["ef_id"], notes="; ".join(x for x in (twin_note(r), r["conditions"]) if x),
        ))
    write("v2_ch3_mobile_ch4_n2o.csv", mob_rows)


if __name__ == "__main__":
    main(sys.argv[1])
