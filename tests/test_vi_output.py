"""`--lang vi` leaves no English: lookup, factors list, the rare errors of plan/verify/consolidate, explain()."""

from __future__ import annotations

import re

from click.testing import CliRunner

from ghgcalc.cli import main
from ghgcalc.errors import _ENGLISH
from ghgcalc.lists import ListMatch

DAY = "2026-11-23"
#: English words of the messages these tests cover, beyond the detector of ghgcalc.errors.
MORE_ENGLISH = re.compile(
    r"\b(list|found|exactly|closest|names?|quota|appendix|address|industry|province|ministry|tax|code|accents|"
    r"ignored|exact|rows|linked|entry|supplied|value|technology|source|table|factors?|these|correct|measures?|"
    r"site|twice|once|percentage|share|above|most|least|currency|capital|cost|years?|spread|efficiency|after|"
    r"before|kind|report|lines|submitted|output|unsupported|consolidate|needed|each|every|should|fill|gas|"
    r"category|recalculation|original|recalculated|difference|reasons|significant|base|threshold|significance|"
    r"total|recomputed|unknown|readable|approach|percent|joint|only|applies|given|reduction|measure|kind|"
    r"materiality|findings|given|burnt|activity|catalogue|id|alias|half|negative|above|starts|currency|plan)\b",
    re.IGNORECASE)


def english(text: str) -> list[str]:
    """English words left in ``text`` once quoted values, commands, file names and ids are set aside."""
    bare = re.sub(r"'[^'\n]*'|`[^`\n]*`|\S*[_./@\\]\S*|--\S+", " ", text)
    return [m.group(0) for rx in (_ENGLISH, MORE_ENGLISH) for m in rx.finditer(bare)]


def test_the_english_detector_finds_what_it_should():
    assert set(english("not found exactly on Decision 42/2026; closest names: X")) == {
        "not", "found", "exactly", "on", "closest", "names"}
    assert english("không có tên trong danh mục của Quyết định 42/2026/QĐ-TTg, cột 'from_year', tệp a.xlsx") == []


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env or {"GHGCALC_LANG": ""})


def test_lookup_in_vietnamese():
    res = run("--lang", "vi", "lookup", "Công ty Cổ phần Dệt 10-10", "--as-of", DAY)
    assert res.exit_code == 0, res.output
    assert res.output.startswith("có tên trong danh mục của Quyết định 42/2026/QĐ-TTg (trùng đúng tên): "
                                 "Công ty Cổ phần Dệt 10-10, phụ lục II, số thứ tự 198\n")
    assert "Số thứ tự: 198" in res.output and "Ngành, lĩnh vực: Dệt sợi" in res.output
    assert not english(res.output) and "industry_vi" not in res.output
    # Decision 699/QĐ-BNNMT allocates 1,035,566 t (2025) and 1,134,493 t (2026) to Na Dương
    res = run("lookup", "--tax-code", "0104297034-001", "--as-of", DAY, env={"GHGCALC_LANG": "vi"})
    assert res.exit_code == 0, res.output
    assert ("hạn ngạch phát thải khí nhà kính (Quyết định 699/QĐ-BNNMT): Công ty nhiệt điện Na Dương: "
            "năm 2025: 1.035.566, năm 2026: 1.134.493 tấn CO2tđ") in res.output
    assert "các tên gần nhất: Công ty Nhiệt điện Na Dương - TKV (Tỉnh Lạng Sơn)" in res.output
    assert not english(res.output)
    res = run("lookup", "Dệt 10-10", "--as-of", "2026-09-01", "--lang", "vi")  # 13/2024 is not shipped
    assert res.exit_code == 1 and res.output.startswith("ghgcalc chưa có dữ liệu danh mục của Quyết định 13/2024")


def test_lookup_in_english_keeps_its_sentences_and_labels_the_fields():
    res = run("lookup", "cong ty co phan det 10-10", "--as-of", DAY)
    assert res.output.startswith("on the list of Decision 42/2026/QĐ-TTg (name, accents ignored): "
                                 "Công ty Cổ phần Dệt 10-10, appendix II no. 198\n")
    assert "  industry: Dệt sợi" in res.output and "industry_vi" not in res.output
    res = run("lookup", "--tax-code", "0104297034-001", "--as-of", DAY)
    assert ("quota (Decision 699/QĐ-BNNMT): Công ty nhiệt điện Na Dương: 2025 1,035,566, 2026 1,134,493 t CO2e"
            in res.output)


def test_every_way_a_facility_is_matched_reads_in_vietnamese():
    entry = {"name": "Nhà máy Bình Minh", "appendix": "II", "serial": "7"}
    hows = ["tax code 0101", "exact name", "name, accents ignored",
            "name, name of tax code 0104297034-001 in Decision 699",
            "exact name, name of tax code 0104297034-001 in Decision 699"]
    for how in hows:
        text = ListMatch("42/2026/QĐ-TTg", "found", entry, matched_by=how).describe("vi")
        assert not english(text), text
        assert ListMatch("42/2026/QĐ-TTg", "found", entry, matched_by=how).describe() == \
            f"on the list of Decision 42/2026/QĐ-TTg ({how}): Nhà máy Bình Minh, appendix II no. 7"
    text = ListMatch("42/2026/QĐ-TTg", "not_found", matched_by="the list has no tax codes; search by name").describe(
        "vi")
    assert text == ("không có tên trong danh mục của Quyết định 42/2026/QĐ-TTg (danh mục không ghi mã số thuế; "
                    "hãy tìm theo tên)")
    assert "0104297034-001" in ListMatch("x", "found", entry, matched_by=hows[3]).describe("vi")


def test_factors_list_in_vietnamese():
    res = run("--lang", "vi", "factors", "list", "--activity", "diesel")
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0].split("  ")[0] == "Mã hệ số" and "Giá trị" in lines[0] and "Bảng / điều khoản" in lines[0]
    # IPCC 2006 Vol. 2 Ch. 1 Table 1.4: gas/diesel oil 74,100 kg CO2/TJ, written 74.100 in Vietnamese
    row = next(x for x in lines if x.startswith("ipcc2006.v2.t1_4.co2.gas_diesel_oil "))
    assert re.search(r" 74\.100  kg CO2/TJ  Hướng dẫn IPCC 2006 +Tập 2 Chương 1 Bảng 1\.4$", row), row
    vn = next(x for x in lines if x.startswith("vn.moit3505.toe.do_mass "))
    assert " 1,02  TOE/t " in vn and "Công văn 3505/BCT-KHCN" in vn
    # the id column aside, and the technology ids the catalogue does not name yet (agriculture, industry …)
    plain = [x.split(" ", 1)[1] for x in lines[1:] if re.match(r"^\S+ +≈?[\d.,]+  ", x)]
    assert len(plain) > 30 and not english("\n".join(plain))
    res = run("factors", "list", "--activity", "diesel", "--lang", "en")
    assert res.output.splitlines()[0].startswith("Factor id")
    assert " 74,100  kg CO2/TJ  2006 IPCC Guidelines " in res.output
    res = run("factors", "list", "--activity", "nosuch", env={"GHGCALC_LANG": "vi"})
    assert res.exit_code == 1 and "không có hệ số nào khớp" in res.output
