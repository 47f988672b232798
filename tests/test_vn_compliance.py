"""Vietnam-native compliance: the facility list, quotas, national-first factors, Form 06 as .docx."""

import datetime as dt
from pathlib import Path

import docx
import pandas as pd
import pytest
from click.testing import CliRunner

import ghgcalc
from ghgcalc import GhgcalcError
from ghgcalc.cli import main
from ghgcalc.lists import core_name, lookup, plain, quota_balance
from ghgcalc.report import build_inventory

DAY = dt.date(2026, 11, 23)
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_list_lookup_by_exact_name_accentless_name_and_near_miss():
    exact = lookup("Công ty Cổ phần Dệt 10-10", as_of=DAY)
    assert exact.status == "found" and exact.entry["serial"] == "198" and exact.matched_by == "exact name"
    bare = lookup("CONG TY CO PHAN DET 10-10", as_of=DAY)
    assert bare.status == "found" and "accents ignored" in bare.matched_by
    near = lookup("Công ty CP gang thép Cao Bằng", as_of=DAY)
    assert near.status == "candidates"
    assert near.candidates[0]["name"] == "Công ty Cổ phần gang thép Cao Bằng"
    assert lookup("Công ty TNHH Không Có Thật XYZ", as_of=DAY).status == "not_found"


def test_list_lookup_by_tax_code_and_by_date():
    # Decision 42/2026 has no tax codes: a tax code is resolved through the quota decision's name
    m = lookup(tax_code="0104297034-001", as_of=DAY)
    assert m.status in ("found", "candidates")
    assert "Na Dương" in (m.entry or m.candidates[0])["name"]
    # before 25/09/2026 the list in force is 13/2024, which ghgcalc does not hold
    assert lookup("Công ty Cổ phần Dệt 10-10", as_of=dt.date(2026, 9, 24)).status == "unavailable"
    own = pd.DataFrame({"name": ["Nhà máy A"], "tax_code": ["123"]})
    assert lookup(tax_code="123", facility_list=own).status == "found"


def test_applicability_finds_the_list_entry():
    a = ghgcalc.applicability({"name": "Cong ty Co phan Det 10-10", "facility_type": "industrial"}, as_of=DAY)
    assert a.status == "obliged" and a.list_match is not None and a.list_match.entry["serial"] == "198"
    assert "42/2026" in a.explain()


def test_quota_facility_is_group_b_with_its_allocation():
    a = ghgcalc.applicability({"name": "Công ty nhiệt điện Na Dương", "tax_code": "0104297034-001",
                               "facility_type": "thermal_power", "listed": True}, as_of=DAY)
    assert a.group == "B" and a.quota["quota_2025"] == "1035566"


def test_quota_balance_surplus_and_shortfall():
    # Na Dương: 1,035,566 (2025) + 1,134,493 (2026) = 2,170,059 t allocated (Decision 699/QĐ-BNNMT)
    surplus = quota_balance("0104297034-001", {2025: 1_000_000, 2026: 1_100_000}, as_of=DAY)
    assert surplus.balance_t == pytest.approx(2_170_059 - 2_100_000)
    assert surplus.surrender_deadline == dt.date(2027, 12, 31)
    short = quota_balance("0104297034-001", {2025: 1_200_000, 2026: 1_300_000}, as_of=DAY)
    assert short.balance_t == pytest.approx(2_170_059 - 2_500_000)
    assert short.offset_cap_t == pytest.approx(0.30 * 2_170_059)  # credits ≤ 30 % of the allocation
    assert "shortfall" in short.explain() and "Art. 19" in short.explain()
    with pytest.raises(GhgcalcError):
        quota_balance("0000000000", {2025: 1})
    with pytest.raises(GhgcalcError):
        quota_balance("0104297034-001", {2025: -1})


def test_quota_balance_counts_the_direct_sources_only():
    # Decree 06/2022 Art. 19(5)(a) as amended by Decree 119/2025 (Art. 1 cl. 16): the quota surrendered
    # must cover the inventory result "từ các nguồn phát thải trực tiếp" (direct sources): ISO category 1.
    rows = pd.DataFrame({
        "year": [2025, 2025, 2025, 2025, 2026, 2026],
        "iso_category": ["1.1", "1.3", "2.1", "3.1", "1.1", "2.1"],
        "co2e_t": [600_000.0, 400_000.0, 70_000.0, 5_000.0, 1_050_000.0, 90_000.0],
    })
    b = quota_balance("0104297034-001", rows, as_of=DAY)
    # 2025: 1,035,566 - (600,000 + 400,000) = 35,566 surplus; 2026: 1,134,493 - 1,050,000 = 84,493
    assert [y.verified_t for y in b.years] == [1_000_000, 1_050_000]
    assert [y.balance_t for y in b.years] == pytest.approx([35_566, 84_493])
    assert b.boundary == "direct" and b.boundary_categories == ("1",) and b.boundary_is_default
    assert b.outside_t == {2025: 75_000, 2026: 90_000}
    text = b.explain()
    assert "quota_boundary=direct, default" in text and "Art. 19" in text and "categories 2, 3" in text
    assert set(b.to_frame()["boundary"]) == {"direct"}
    # the user's choice: categories 1-2, 2025: 1,035,566 - 1,070,000 = -34,434 (shortfall), stated as a choice
    wide = quota_balance("0104297034-001", rows, as_of=DAY, quota_boundary="direct_and_imported_energy")
    assert wide.years[0].balance_t == pytest.approx(-34_434) and not wide.boundary_is_default
    assert "chosen with quota_boundary" in wide.explain()
    with pytest.raises(GhgcalcError, match="quota_boundary"):
        quota_balance("0104297034-001", rows, as_of=DAY, quota_boundary="everything")


def test_cement_example_quota_counts_category_1():
    # issue 11: on all categories 2025 showed a 49,345 t shortfall; on category 1 alone a 23,167 t surplus
    inv = build_inventory(EXAMPLES / "cement_plant.xlsx", as_of=DAY)
    q = inv.quota()
    res = inv.results
    direct_2025 = res.loc[(res["year"] == 2025) & res["iso_category"].astype(str).str.startswith("1"), "co2e_t"].sum()
    assert q.years[0].verified_t == pytest.approx(direct_2025)
    assert round(q.years[0].balance_t) == 23_167
    assert round(inv.quota(quota_boundary="direct_and_imported_energy").years[0].balance_t) == -49_345


def test_name_normalisation():
    assert plain("Công ty TNHH Đường Biên Hòa") == "cong ty tnhh duong bien hoa"
    assert core_name("Công ty Cổ phần Xi măng Mai Sơn") == "xi mang mai son"


def test_two_year_docx_has_three_sections_tables_and_numbers(tmp_path):
    inv = build_inventory(EXAMPLES / "dong_thap_pangasius.xlsx", lang="vi", as_of=DAY)
    out = tmp_path / "bao_cao.docx"
    res = CliRunner().invoke(main, ["report", str(EXAMPLES / "dong_thap_pangasius.xlsx"), "-o", str(out),
                                    "--lang", "vi", "--as-of", "2026-11-23"])
    assert res.exit_code == 0, res.output
    d = docx.Document(str(out))
    heads = [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]
    for h in ("I. THÔNG TIN VỀ CƠ SỞ", "II. HOẠT ĐỘNG SẢN XUẤT VÀ SỐ LIỆU HOẠT ĐỘNG",
              "III. KẾT QUẢ KIỂM KÊ KHÍ NHÀ KÍNH"):
        assert h in heads
    texts = [p.text for p in d.paragraphs]
    assert "BÁO CÁO KẾT QUẢ KIỂM KÊ KHÍ NHÀ KÍNH CHO NĂM 2025 VÀ 2026" in texts
    assert any("hồ kỵ khí" in t for t in texts)  # the user's text flows into section II
    cells = {c.text for t in d.tables for row in t.rows for c in row.cells}
    signature = cells | set(texts)  # the signature block is paragraphs now (kept with the last content)
    assert any("ĐẠI DIỆN CỦA CƠ SỞ" in c for c in signature)
    assert any("(Ký, ghi rõ họ tên, đóng dấu)" in c for c in signature)
    for year in (2025, 2026):  # each year's total, in Vietnamese digits, 1 decimal
        total = inv.totals(year=year)["co2e_t"].iloc[0]
        assert f"{total:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".") in cells


def test_lookup_cli():
    r = CliRunner().invoke(main, ["lookup", "Công ty Cổ phần Dệt 10-10", "--as-of", "2026-11-23"])
    assert r.exit_code == 0 and "198" in r.output
    r = CliRunner().invoke(main, ["lookup", "Không có thật ABC", "--as-of", "2026-11-23"])
    assert r.exit_code == 1


def test_quota_boundary_facility_field_is_checked():
    from ghgcalc.checks import facility_fields

    fields, problems = facility_fields({"name": "X", "quota_boundary": "Loại 1-2"})
    assert fields["quota_boundary"] == "direct_and_imported_energy" and not problems
    _, problems = facility_fields({"name": "X", "quota_boundary": "everything"})
    assert problems[0][0] == "quota_boundary" and "direct_and_imported_energy" in problems[0][4]
