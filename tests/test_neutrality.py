"""Carbon-neutrality balance (ISO 14068-1:2023) on the boundary, with the Decree 119 offset cap.

examples/hai_phong_garment.xlsx 2026: 2 700 MWh x 0.6592 t CO2/MWh = 1 779.84 t + diesel and LPG
96.85 t + R-410A 38.47 t = 1 915.16 t CO2e; 2022: 1 782.30 t.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import ghgcalc
from ghgcalc.errors import InputError
from ghgcalc.neutrality import neutrality

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "hai_phong_garment.xlsx"


@pytest.fixture(scope="module")
def inv() -> ghgcalc.Inventory:
    return ghgcalc.Inventory.from_file(EXAMPLE)


def _credit(serial: str, q: float, year: int = 2026) -> dict[str, object]:
    return {"registry": "test registry", "serial": serial, "vintage": 2024, "type": "test", "quantity_t": q,
            "retired_for_year": year}


def test_balance_on_the_boundary(inv: ghgcalc.Inventory) -> None:
    footprint = inv.totals(2026)["co2e_t"].iloc[0]
    assert footprint == pytest.approx(2700 * 0.6592 + 96.85 + 38.47, abs=0.01)
    exact = [_credit("A-1", 1000.0), _credit("A-2", footprint - 1000.0)]
    t = neutrality(inv, exact, base_year=2022, has_plan=True).set_index("year")
    assert t.loc[2026, "balance_t"] == pytest.approx(0.0, abs=1e-9) and t.loc[2026, "claim"] == "neutral"
    assert t.loc[2026, "reduction_vs_base_t"] == pytest.approx(1782.30 - 1915.16, abs=0.01)  # emissions rose
    assert t.loc[2025, "claim"] == "not_neutral" and t.loc[2025, "reason"] == "balance_positive"
    # the same credits without a reduction plan: no claim (ISO 14068-1 asks reductions first)
    t = neutrality(inv, exact, has_plan=False).set_index("year")
    assert (t.loc[2026, "claim"], t.loc[2026, "reason"]) == ("not_neutral", "no_reduction_plan")
    # one tonne short
    short = [_credit("A-1", footprint - 1.0)]
    t = neutrality(inv, short, has_plan=True).set_index("year")
    assert t.loc[2026, "balance_t"] == pytest.approx(1.0) and t.loc[2026, "claim"] == "not_neutral"


def test_offset_cap_of_decree_119_and_duplicates(inv: ghgcalc.Inventory) -> None:
    t = neutrality(inv, [_credit("A-1", 2000.0)], has_plan=True, allocation_t={2026: 5000.0}).set_index("year")
    assert t.loc[2026, "offset_cap_t"] == pytest.approx(0.30 * 5000)  # 30 % of the allocation
    assert t.loc[2026, "credits_over_cap_t"] == pytest.approx(2000 - 1500)
    with pytest.raises(InputError) as err:
        neutrality(inv, [_credit("A-1", 10.0), _credit("A-1", 10.0)])
    assert err.value.problems[0].column == "serial"
