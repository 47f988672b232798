"""`--lang vi` leaves no English: lookup, factors list, the rare errors of plan/verify/consolidate, explain()."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from ghgcalc.errors import _ENGLISH, GhgcalcError, InputError, vietnamese
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
    agri = next(x for x in lines if x.startswith("ipcc2006.v2.t3_3_1.ch4.gas_diesel_oil.agriculture "))
    assert re.search(r" máy nông nghiệp +4,15  kg CH4/TJ ", agri), agri  # IPCC 2006 Vol. 2 Table 3.3.1
    every = run("--lang", "vi", "factors", "list").output.splitlines()  # the whole dataset, the id column aside
    assert len(every) > 900 and not english("\n".join(x.split(" ", 1)[1] for x in every[1:]))
    res = run("factors", "list", "--activity", "diesel", "--lang", "en")
    assert res.output.splitlines()[0].startswith("Factor id")
    assert " 74,100  kg CO2/TJ  2006 IPCC Guidelines " in res.output
    res = run("factors", "list", "--activity", "nosuch", env={"GHGCALC_LANG": "vi"})
    assert res.exit_code == 1 and "không có hệ số nào khớp" in res.output


# ------------------------------------------------------------------ rare errors of plan, verify, consolidate
def _raised(fn, *args, **kwargs) -> GhgcalcError:
    with pytest.raises(GhgcalcError) as info:
        fn(*args, **kwargs)
    return info.value


def _assert_vietnamese(exc: GhgcalcError) -> str:
    """The error as a Vietnamese reader sees it: each message and hint translated (no fallback), no English left."""
    if isinstance(exc, InputError):
        for p in exc.problems:
            assert vietnamese(p.message) not in (None, p.message), p.message
    else:
        assert vietnamese(exc.message) not in (None, exc.message), exc.message
    if exc.hint:
        assert vietnamese(exc.hint) not in (None, exc.hint), exc.hint
    text = exc.render("vi")
    assert not english(text), (english(text), text)
    return text


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """A one-row inventory of 10 t diesel in 2025, and one of the same row without a year."""
    from ghgcalc.inventory import Inventory

    d = tmp_path_factory.mktemp("tiny")
    (d / "a.csv").write_text("activity,quantity,unit,year\ndiesel,10,t,2025\n", encoding="utf-8")
    (d / "b.csv").write_text("activity,quantity,unit\ndiesel,10,t\n", encoding="utf-8")
    return d, Inventory.from_file(d / "a.csv"), Inventory.from_file(d / "b.csv")


def test_plan_errors_read_in_vietnamese(tmp_path):
    from ghgcalc.plan import check_measures, read_measures

    garbage = tmp_path / "m.ods"
    garbage.write_bytes(b"\x00not a spreadsheet")
    texts = [_assert_vietnamese(_raised(read_measures, garbage))]
    bad = tmp_path / "m.csv"
    bad.write_text("measure,kind,from_year\nm1,fuel_switch,next year\n", encoding="utf-8")
    texts.append(_assert_vietnamese(_raised(read_measures, bad)))
    texts.append(_assert_vietnamese(_raised(check_measures, [{"measure": "m1"}])))
    texts.append(_assert_vietnamese(_raised(check_measures, pd.DataFrame(columns=["measure", "kind", "from_year"]))))
    rows = [{"measure": "m1", "kind": "electricity_saving", "from_year": 2026, "pct": 140},
            {"measure": "m1", "kind": "nosuch", "from_year": None},
            {"measure": None, "kind": "fuel_switch", "from_year": 2026, "from_activity": "dầu gì đó"},
            {"measure": "m3", "kind": "boiler_efficiency", "from_year": 2026, "from_activity": "coal",
             "efficiency_before": 80, "efficiency_after": 70, "capital_cost": 5, "currency": "VND"},
            {"measure": "m4", "kind": "electricity_saving", "from_year": 2026, "pct": 5, "share": 2,
             "kwp": 0, "ef_market": -1, "currency": "USD"},
            {"measure": "m5", "kind": "electricity_saving", "from_year": "x", "pct": 5}]
    exc = _raised(check_measures, rows)
    codes = {(p.column, p.code) for p in exc.problems}
    assert {("pct", "invalid"), ("measure", "invalid"), ("kind", "unknown_value"), ("measure", "missing"),
            ("from_year", "missing"), ("to_activity", "missing"), ("from_activity", "unknown_activity"),
            ("efficiency_after", "invalid"), ("lifetime_years", "missing"), ("share", "invalid"), ("kwp", "zero"),
            ("ef_market", "negative"), ("currency", "invalid"), ("from_year", "not_a_number")} <= codes, codes
    texts.append(_assert_vietnamese(exc))
    assert "dòng 2, cột 'measure': hai biện pháp trùng mã (mã này đã có ở dòng 1)" in texts[-1]  # dicts from 1
    assert "dòng 3, cột 'to_activity': bắt buộc với biện pháp loại 'fuel_switch'" in texts[-1]
    assert vietnamese("no CO2-per-CH4-burnt factor for this activity")  # raised only if the dataset lost a row
    assert all(t.startswith("2 lỗi") or "lỗi trong dữ liệu vào" in t for t in texts)


def test_verification_errors_read_in_vietnamese(tmp_path, tiny):
    from ghgcalc.verification import read_submitted, read_submitted_factors, verify

    garbage = tmp_path / "s.xlsx"
    garbage.write_bytes(b"PK\x03\x04 broken")
    other = tmp_path / "s.txt"
    other.write_text("x", encoding="utf-8")
    sheet = pd.DataFrame({"year": ["2025", "năm ngoái", "2025", "2025", "2025"],
                          "category": ["1.1", "1.1", "9.9", "1.1", "1.1"],
                          "gas": ["CO2", "CO2", "CO2", "khí lạ", "CO2"], "t_co2e": [1, 1, 1, 1, "nhiều"]})
    excs = [_raised(read_submitted, tmp_path / "none.csv"), _raised(read_submitted, garbage),
            _raised(read_submitted, other), _raised(read_submitted, {"facility": {}}),
            _raised(read_submitted, {"years": [{"year": 2025, "iso": [{"category": "ở đâu"}]}]}),
            _raised(read_submitted, pd.DataFrame({"year": [2025]})), _raised(read_submitted, sheet),
            _raised(read_submitted, pd.DataFrame({"year": [None], "category": [None], "gas": [None],
                                                  "t_co2e": [None]})),
            _raised(read_submitted_factors, garbage)]
    book = tmp_path / "f.xlsx"
    with pd.ExcelWriter(book) as w:
        sheet.head(1).to_excel(w, sheet_name="lines", index=False)
        pd.DataFrame({"activity": ["diesel"]}).to_excel(w, sheet_name="factors", index=False)
    excs.append(_raised(read_submitted_factors, book))
    with pd.ExcelWriter(book) as w:
        sheet.head(1).to_excel(w, sheet_name="lines", index=False)
        pd.DataFrame({"activity": ["diesel", "diesel"], "gas": ["CO2", "CO2"], "value": ["nhiều", 74100],
                      "unit": ["kg/TJ", "kg/TJ"], "year": [2025, "năm nay"]}).to_excel(w, sheet_name="factors",
                                                                                    index=False)
    excs.append(_raised(read_submitted_factors, book))
    excs.append(_raised(verify, sheet.head(1), tiny[1], materiality_pct=-1))
    texts = [_assert_vietnamese(e) for e in excs]
    assert "tệp s.txt: không đọc được loại tệp '.txt'" in texts[2]
    assert "(chấp nhận: CO2, CH4, N2O, HFCs, PFCs, SF6, NF3, tổng)" in texts[6]
    assert texts[-1] == "ngưỡng trọng yếu -1: hãy ghi một tỷ lệ phần trăm lớn hơn 0"
    assert vietnamese("-o x.pdf: write the findings as .md, .html, .docx, .xlsx or .csv") == \
        "-o x.pdf: hãy ghi kết quả thẩm định ra tệp .md, .html, .docx, .xlsx hoặc .csv"


def test_consolidation_and_recalculation_errors_read_in_vietnamese(tmp_path, tiny):
    from ghgcalc.consolidation import consolidate, site_share, write_tables
    from ghgcalc.recalculation import as_published, read_previous, recalculate

    folder, inv, no_year = tiny
    excs = [_raised(site_share, {}, "nosuch", own=True),
            _raised(site_share, {"ownership_pct": "150"}, "equity_share", own=False, file="b.xlsx"),
            _raised(site_share, {}, "equity_share", own=False),
            _raised(site_share, {}, "equity_share", own=False, file="b.xlsx"),
            _raised(site_share, {}, "operational_control", own=False, file="b.xlsx"),
            _raised(site_share, {}, "financial_control", own=False, file="b.xlsx"),
            _raised(site_share, {"operational_control": "có lẽ"}, "operational_control", own=False),
            _raised(site_share, {"financial_control": "có lẽ"}, "financial_control", own=False),
            _raised(site_share, {"financial_control": "joint"}, "financial_control", own=False),
            _raised(site_share, {"operational_control": "joint"}, "operational_control", own=False),
            _raised(consolidate, [], "operational_control"),
            _raised(consolidate, [("a.csv", inv), ("a.csv", inv)], "operational_control"),
            _raised(consolidate, [("b.csv", no_year)], "operational_control"),
            _raised(write_tables, {"sites": pd.DataFrame({"site": ["a"]})}, tmp_path / "x.pdf")]
    broken = tmp_path / "bad.json"
    broken.write_text("{", encoding="utf-8")
    listed = tmp_path / "list.json"
    listed.write_text("[1]", encoding="utf-8")
    excs += [_raised(read_previous, tmp_path / "none.json"), _raised(read_previous, broken),
             _raised(read_previous, listed), _raised(read_previous, {"facility": {}}),
             _raised(recalculate, inv, inv, threshold_pct=-1),
             _raised(as_published, folder / "a.csv", dt.date(2025, 6, 30))]
    texts = [_assert_vietnamese(e) for e in excs]
    assert texts[2].endswith("→ hãy ghi tỷ lệ phần vốn của tổ chức tại cơ sở này, theo % (ví dụ 40), vào trường "
                             "'ownership_pct' ở sheet thông tin cơ sở của sổ tính")
    assert "tệp b.xlsx, sheet 'facility', cột 'ownership_pct': '150' không phải là tỷ lệ phần trăm" in texts[1]
    assert texts[17] == ("báo cáo kỳ trước: không tìm thấy dòng nguồn phát thải nào (không có 'sources' hay "
                         "'tables.detail')\n  → hãy đưa tệp report.json do lệnh `ghgcalc report ... -o report.json` "
                         "ghi ra")


def test_cli_usage_errors_of_plan_and_report_read_in_vietnamese(tiny):
    folder = tiny[0]
    res = run("--lang", "vi", "plan", str(folder / "a.csv"))
    assert res.exit_code == 2 and "a.csv không có sheet 'measures': hãy đưa các biện pháp bằng tùy chọn " \
                                  "--measures TỆP" in res.output
    res = run("report", str(folder / "a.csv"), "--previous", "p.json", "--previous-as-of", "2025-01-01",
              env={"GHGCALC_LANG": "vi"})
    assert res.exit_code == 2 and "chỉ dùng một trong hai: --previous (tệp báo cáo)" in res.output
    res = run("verify", str(folder / "a.csv"), "--against", str(folder / "a.csv"), "-o", "f.pdf", "--lang", "vi")
    assert res.exit_code == 2 and "-o f.pdf: hãy ghi kết quả thẩm định ra tệp" in res.output


# ------------------------------------------------------------------ Recalculation.explain(lang)
def _explain_as_before(self) -> str:
    """Recalculation.explain() as it was before it took a language: the English must stay byte-identical."""
    lines = [f"Recalculation against {self.previous.origin or 'the previous report'} "
             f"(factors {self.previous.factor_dataset_version or '?'} -> {self.current_factor_dataset_version}, "
             f"GWP {self.previous.gwp_set or '?'} -> {self.current_gwp_set}; significance threshold "
             f"{self.threshold_pct:g} %; base year {self.base_year if self.base_year is not None else 'not set'})"]
    lines.append(f"  {'year':>6} {'category':>8} {'original':>14} {'recalculated':>14} {'difference':>12} "
                 f"{'%':>7}  reasons")
    for r in self.table.itertuples(index=False):
        rec = f"{r.recalculated_co2e_t:14,.1f}" if r.recomputed else f"{'not recomputed':>14}"
        diff = f"{r.difference_co2e_t:12,.1f}" if r.recomputed else f"{'':>12}"
        pct = f"{r.difference_pct:7.2f}" if r.recomputed and pd.notna(r.difference_pct) else f"{'':>7}"
        flag = "  SIGNIFICANT" if r.category == "total" and r.significant else ""
        lines.append(f"  {r.year:>6} {r.category:>8} {r.original_co2e_t:14,.1f} {rec} {diff} {pct}  "
                     f"{r.reasons}{flag}")
    for t in self.triggers.itertuples(index=False):
        lines.append(f"  - {t.year} {t.reason}: " + " ".join(x for x in (t.activity, t.detail) if x))
    if self.base_year_required:
        lines.append(f"  base year {self.base_year}: recalculate (ISO 14064-1:2018 clause 6.4; "
                     "Circular 38/2023/TT-BCT Art. 22)")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def recalculations(tmp_path_factory):
    """Three comparisons: the garment example's published 2022 report, the same as of 01/03/2023, and a
    2021-2022 report of which today's workbook holds 2022 only, with more diesel, another GWP and no base year."""
    import ghgcalc
    from ghgcalc.recalculation import as_published, recalculate

    garment = ghgcalc.Inventory.from_file("examples/hai_phong_garment.xlsx")
    d = tmp_path_factory.mktemp("recalc")
    (d / "then.csv").write_text("activity,quantity,unit,year,sector\n"
                                "gas_diesel_oil,10,t,2021,manufacturing_construction\n"
                                "gas_diesel_oil,1000,t,2022,manufacturing_construction\n", encoding="utf-8")
    (d / "now.csv").write_text("activity,quantity,unit,year,sector\n"
                               "gas_diesel_oil,1200,t,2022,manufacturing_construction\n", encoding="utf-8")
    then = ghgcalc.Inventory.from_file(d / "then.csv", gwp="AR4")
    now = ghgcalc.Inventory.from_file(d / "now.csv", gwp="AR5")
    return [recalculate("examples/hai_phong_garment_report_2022.json", garment),
            recalculate(as_published("examples/hai_phong_garment.xlsx", dt.date(2023, 3, 1)), garment),
            recalculate(then, now)]


def test_explain_in_english_is_unchanged(recalculations):
    for rec in recalculations:
        assert rec.explain() == rec.explain("en") == _explain_as_before(rec)
    assert "not recomputed" in recalculations[2].explain() and "not set" in recalculations[2].explain()


def test_explain_in_vietnamese(recalculations):
    published, as_of, partial = (r.explain("vi") for r in recalculations)
    for text in (published, as_of, partial):
        assert not english(text), (english(text), text)
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", text.replace("hai_phong_garment", "")), text  # no reason codes
    lines = published.splitlines()
    assert lines[0].startswith("Tính toán lại so với examples/hai_phong_garment_report_2022.json (bộ hệ số ")
    assert lines[1].split() == ["năm", "hạng", "mục", "đã", "báo", "cáo", "tính", "lại", "chênh", "lệch", "%", "lý",
                                "do"]
    # the 2022 total: 1,690.9 t as published, 1,782.3 t today, +91.4 t = 5.40 % of 1,690.9 ≥ 5 %: significant
    total = next(x for x in lines if "Tổng cộng" in x)
    assert total.split()[:7] == ["2022", "Tổng", "cộng", "1.690,9", "1.782,3", "91,4", "5,40"]
    assert total.endswith("bổ sung nguồn phát thải  ĐÁNG KỂ")
    assert "  - 2022 điều chỉnh số liệu hoạt động: Dầu diesel (DO) (1.1) số lượng 18.000 lít → 21.000 lít" in lines
    assert lines[-1] == ("  năm cơ sở 2022: phải tính toán lại (ISO 14064-1:2018, điều 6.4; "
                         "Thông tư 38/2023/TT-BCT, Điều 22)")
    # as of 01/03/2023 the 2021 grid factor 0.7221 t CO2/MWh was the latest; today 2022's 0.6766
    assert "theo các hệ số đã công bố đến ngày 01/03/2023" in as_of.splitlines()[0]
    assert re.search(r"Điện lưới mua vào \(2\.1\) 0,7221 t CO2/MWh — .+ → 0,6766 t CO2/MWh — Công văn 327", as_of)
    assert "không tính lại được" in partial and "năm cơ sở chưa xác định" in partial
    assert "  - 2021 thay đổi phương pháp: GWP AR4 → AR5" in partial.splitlines()
    with pytest.raises(ValueError, match="language 'fr'"):
        recalculations[0].explain("fr")


# ------------------------------------------------------------------ the command line's own lines
def test_what_the_commands_wrote_is_said_in_vietnamese(tmp_path):
    kiln, cement = "examples/brick_kiln.xlsx", "examples/cement_plant.xlsx"
    res = run("--lang", "vi", "template", "-o", str(tmp_path / "t.xlsx"))
    assert res.exit_code == 0 and res.output == f"đã ghi {tmp_path / 't.xlsx'}\n"
    rows = tmp_path / "rows.csv"
    rows.write_text("activity,quantity,unit,year,sector\ngas_diesel_oil,1200,t,2022,manufacturing_construction\n",
                    encoding="utf-8")
    res = run("calculate", str(rows), "-o", str(tmp_path / "c.csv"), "--lang", "vi")
    assert res.exit_code == 0 and res.output.startswith(f"đã ghi {tmp_path / 'c.csv'}: 1 dòng (AR5, bộ hệ số ")
    res = run("--lang", "vi", "report", kiln, cement, "-o", str(tmp_path / "{stem}.md"))
    assert res.exit_code == 0 and "đã ghi báo cáo của 2/2 tệp vào" in res.output and "wrote" not in res.output
    res = run("report", kiln, cement, env={"GHGCALC_LANG": "vi"})  # the batch table, in words
    lines = res.output.splitlines()
    assert re.match(r"Tệp +Tên cơ sở +Mã số thuế +Năm +Tổng \(t CO2tđ\) +Nghị định 06 +Nhóm +Hạn nộp", lines[0])
    kiln_line = next(x for x in lines if x.startswith("brick_kiln.xlsx"))
    assert "không thuộc diện phải kiểm kê" in kiln_line and re.search(r" 1\.161,9 ", kiln_line)
    assert re.search(r"phải kiểm kê +B +01/12/2027 +11$", lines[-1]), lines[-1]
    assert not english(res.output.replace("(example)", "")) and "not_covered" not in res.output
    res = run("report", kiln, cement)
    assert res.output.split()[:3] == ["file", "name", "tax_code"]  # English keeps the ids (as test_batch)


def test_factors_show_and_search_in_vietnamese():
    res = run("--lang", "vi", "factors", "show", "ipcc2006.v2.t1_4.co2.gas_diesel_oil")
    assert res.exit_code == 0, res.output
    shown = dict(x.strip().split(": ", 1) for x in res.output.splitlines())
    # IPCC 2006 Vol. 2 Ch. 1 Table 1.4: 74,100 kg CO2/TJ, 95 % interval 72,600-74,800
    assert shown["Giá trị"] == "74.100"
    assert shown["Cận dưới (95 %)"] == "72.600" and shown["Cận trên (95 %)"] == "74.800"
    assert shown["Hoạt động"] == "Dầu diesel (DO) (gas_diesel_oil)" and shown["Loại"] == "hệ số phát thải"
    assert shown["Bảng / điều khoản"] == "Tập 2 Chương 1 Bảng 1.4" and shown["Hiệu lực từ"] == "01/01/2006"
    assert shown["Ghi chú"] == "chỉ có bằng tiếng Anh (xem bằng --lang en)"  # the dataset's note is English
    assert not english("\n".join(v for k, v in shown.items() if k not in ("Mã hệ số", "Địa chỉ web")))
    res = run("factors", "show", "ipcc2006.v2.t1_4.co2.gas_diesel_oil")
    assert "     factor_id: ipcc2006.v2.t1_4.co2.gas_diesel_oil" in res.output and "value: 74100.0" in res.output
    res = run("--lang", "vi", "factors", "search", "dầu diesel")
    assert res.exit_code == 0 and re.match(r"gas_diesel_oil +nhiên liệu +Dầu diesel \(DO\)", res.output)
    res = run("factors", "search", "zzzz", env={"GHGCALC_LANG": "vi"})
    assert res.exit_code == 1 and res.output == "không có hoạt động nào khớp với 'zzzz'\n"


def test_other_errors_a_command_can_meet_read_in_vietnamese(tmp_path):
    """Rules by date, units, technology choice, factor files, quotas, GWP sets, refrigerants, large tables, the OS."""
    import ghgcalc
    from ghgcalc.data import load_factor_file
    from ghgcalc.lists import quota_balance, resolve_quota_boundary
    from ghgcalc.methods.refrigerants import mass_balance, screening

    head = "factor_id,activity,gas,value,unit,kind,source_id,valid_from\n"
    files = {"dup.csv": head + "x,gas_diesel_oil,CO2,74000,kg CO2/TJ,ef,ipcc2006,2020-01-01\n"
                               "x,gas_diesel_oil,CO2,74000,kg CO2/TJ,ef,ipcc2006,2021-01-01\n",
             "ovl.csv": head + "x,gas_diesel_oil,CO2,74000,kg CO2/TJ,ef,ipcc2006,2020-01-01\n"
                               "y,gas_diesel_oil,CO2,74100,kg CO2/TJ,ef,ipcc2006,2021-01-01\n"}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "bin.csv").write_bytes(b"factor_id\n\xff\xfe\n")
    day = dt.date(2026, 11, 23)
    excs = [*(_raised(load_factor_file, tmp_path / n) for n in ("dup.csv", "ovl.csv", "bin.csv", "none.csv")),
            _raised(resolve_quota_boundary, "everything", as_of=day),
            _raised(quota_balance, "Không có thật", {2025: 1.0}, as_of=day),
            _raised(quota_balance, "0104297034-001", {2025: -1.0, 2026: 1.0}, as_of=day),
            _raised(ghgcalc.calculate, pd.DataFrame({"activity": ["diesel"], "quantity": [1], "unit": ["t"]}),
                    gwp="AR9"),
            _raised(mass_balance, "R-410A", inventory_start=0, inventory_end=10, purchased=1),
            _raised(mass_balance, "R-410A", inventory_start=-1, inventory_end=0, purchased=1),
            _raised(screening, "R-999X", charge=1, equipment="chillers"),
            _raised(screening, "R-410A", charge=1, equipment="tủ lạnh"),
            _raised(screening, "R-410A", charge=1, equipment="chillers", leak_rate=2)]
    texts = [_assert_vietnamese(e) for e in excs]
    assert texts[0] == "dup.csv: mã hệ số (factor_id) bị trùng ['x']"
    assert texts[4].startswith("phạm vi tính hạn ngạch (quota_boundary) 'everything' không có trong danh sách")
    cli = [run("--lang", "vi", "report", "examples/brick_kiln.xlsx", "--as-of", "2099-01-01"),
           run("--lang", "vi", "lookup", "Công ty Cổ phần Dệt 10-10", "--as-of", "2020-01-01")]
    lime = tmp_path / "lime.csv"
    lime.write_text("activity,quantity,unit,year\nlime_production,10,t,2025\n", encoding="utf-8")
    units = tmp_path / "units.csv"
    units.write_text(f"activity,quantity,unit,year\ndiesel,10,{'x' * 80},2025\ndiesel,5,-5 kg,2025\n",
                     encoding="utf-8")
    cli += [run("--lang", "vi", "report", str(lime)), run("--lang", "vi", "report", str(units)),
            run("--lang", "vi", "calculate", str(tmp_path / "none.csv"), "-o", str(tmp_path / "o.csv")),
            run("--lang", "vi", "calculate", str(lime), "-o", str(tmp_path / "o.txt"))]
    (tmp_path / "plain").write_text("", encoding="utf-8")
    cli.append(run("--lang", "vi", "template", "-o", str(tmp_path / "plain" / "t.xlsx")))  # a file as a folder
    for res in cli:
        assert res.exit_code == 1 and res.output.startswith("lỗi: "), res.output
        assert not english(res.output), (english(res.output), res.output)
    assert "có hiệu lực từ ngày 18/01/2022" in cli[1].output
    assert "Vôi sản xuất (khí CO2) có hệ số riêng theo từng công nghệ, loại: dolomitic, high_calcium\n" \
           "  → hãy thêm cột 'technology' ghi một trong các giá trị đó" in cli[2].output
    assert "giá trị không hợp lệ" not in cli[2].output + cli[3].output  # no fallback to the problem's kind


def test_quota_balance_explain_in_both_languages():
    from ghgcalc.lists import quota_balance

    day = dt.date(2026, 11, 23)
    # Na Dương, Decision 699: 1,035,566 + 1,134,493 = 2,170,059 t allocated; 2,100,000 verified: 70,059 t surplus
    surplus = quota_balance("0104297034-001", {2025: 1_000_000, 2026: 1_100_000}, as_of=day)
    assert surplus.explain().splitlines()[2:] == [
        "- 2025: allocated 1,035,566 t CO2e, verified 1,000,000 t, surplus 35,566 t",
        "- 2026: allocated 1,134,493 t CO2e, verified 1,100,000 t, surplus 34,493 t",
        "- surplus over the phase 70,059 t (may be banked or traded)", "- surrender by 31/12/2027"]
    assert surplus.explain("vi").splitlines()[2:] == [
        "- năm 2025: được phân bổ 1.035.566 t CO2tđ, đã thẩm tra 1.000.000 t, dư 35.566 t",
        "- năm 2026: được phân bổ 1.134.493 t CO2tđ, đã thẩm tra 1.100.000 t, dư 34.493 t",
        "- Dư trong giai đoạn: 70.059 t CO2tđ (có thể chuyển sang giai đoạn sau hoặc giao dịch).",
        "- Nộp trả hạn ngạch trước ngày 31/12/2027."]
    # 2,500,000 verified: 329,941 t short; credits may cover 30 % of the allocation, 651,018 t
    short = quota_balance("0104297034-001", {2025: 1_200_000, 2026: 1_300_000}, as_of=day).explain("vi")
    assert "- Thiếu trong giai đoạn: 329.941 t CO2tđ; tín chỉ các-bon được bù trừ tối đa 651.018 t CO2tđ" in short
    half = quota_balance("0104297034-001", {2025: 1_200_000}, as_of=day).explain("vi")
    assert "- năm 2026: được phân bổ 1.134.493 t CO2tđ, chưa có số liệu" in half.splitlines()
    for text in (surplus.explain("vi"), short, half):
        assert not english(text.replace("(a)", "").replace("điểm a ", "")), (english(text), text)  # point a
        assert text.startswith("Công ty nhiệt điện Na Dương: Hạn ngạch phân bổ theo Quyết định 699/QĐ-BNNMT")


def test_a_batch_says_its_failures_in_vietnamese(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("activity,quantity,unit\nFO,-1,t\n", encoding="utf-8")
    (tmp_path / "plain").write_text("", encoding="utf-8")  # a file where the outputs' folder should be
    res = run("--lang", "vi", "report", str(bad), "examples/brick_kiln.xlsx",
              "-o", str(tmp_path / "plain" / "{stem}.json"))
    assert res.exit_code == 1
    lines = res.output.splitlines()
    assert lines[0] == "đã ghi báo cáo của 0/2 tệp vào" and lines[-1] == "2/2 tệp vào bị lỗi"
    assert f"lỗi: brick_kiln.xlsx: tệp đã tồn tại: {tmp_path / 'plain'}" in lines  # EEXIST, said by the catalogue
    assert "số lượng -1 là số âm" in res.output and not english(res.output)


def test_version_in_the_run_language():
    from ghgcalc import __version__

    assert run("--version").output == f"ghgcalc, version {__version__}\n"
    assert run("--lang", "vi", "--version").output == f"ghgcalc, phiên bản {__version__}\n"
    assert run("--version", env={"GHGCALC_LANG": "vi"}).output == f"ghgcalc, phiên bản {__version__}\n"


def test_what_an_option_takes_is_named_in_vietnamese():
    text = run("report", "--help", "--lang", "vi").output
    for spec in ("-o, --output ĐƯỜNG_DẪN", "--year SỐ_NGUYÊN", "--factors TỆP", "--previous-as-of NĂM-THÁNG-NGÀY",
                 "--monte-carlo SỐ_LẦN", "--max-workbook-mb SỐ", "-j, --jobs SỐ_NGUYÊN", "--gwp [AR4|AR5|AR5_CCF|AR6]"):
        assert f"  {spec} " in text or f"  {spec}\n" in text, spec
    assert not re.search(r"\b(TEXT|FILE|PATH|INTEGER|FLOAT|RANGE|DRAWS|YYYY)\b|%Y", text)
    assert "--as-of NĂM-THÁNG-NGÀY" in run("lookup", "--help", "--lang", "vi").output
    assert "--as-of [%Y-%m-%d]" in run("lookup", "--help").output  # English as click writes it


def test_a_reader_that_stops_early_gets_no_error_line():
    """`ghgcalc factors list | head`: the pipe closes before the list is written; no 'lỗi:' line follows."""
    import os
    import subprocess
    import sys

    read, write = os.pipe()
    os.close(read)  # the reader has gone before the first line is written
    try:
        res = subprocess.run([sys.executable, "-m", "ghgcalc", "--lang", "vi", "factors", "list", "--activity",
                              "diesel"], stdout=write, stderr=subprocess.PIPE, text=True, check=False)
    finally:
        os.close(write)
    assert res.returncode == 1 and res.stderr == ""


def test_error_and_warning_prefixes_come_from_the_catalogue_and_bug_lines_read_as_before(monkeypatch, tmp_path):
    """The prefixes are catalogue entries (say.error, say.warning); the bug message leaves the exception's
    English text out in Vietnamese. English byte for byte as before."""
    import ghgcalc.report

    missing = str(tmp_path / "none.xlsx")
    assert run("report", missing).output.startswith("error: ")
    assert run("--lang", "vi", "report", missing).output.startswith("lỗi: ")

    def broken(*args, **kwargs):
        raise ValueError("an internal mistake")

    monkeypatch.setattr(ghgcalc.report, "build_inventory", broken)
    en = run("report", "examples/brick_kiln.xlsx")
    assert en.exit_code == 70 and en.output == (
        "internal error in ghgcalc (ValueError: an internal mistake): this is a bug, please report it to the ghgcalc "
        "maintainers with the command you ran; rerun with --debug for the traceback\n")
    vi = run("--lang", "vi", "report", "examples/brick_kiln.xlsx")
    assert vi.exit_code == 70 and vi.output == (
        "lỗi nội bộ của ghgcalc (ValueError): đây là lỗi của chương trình, xin báo cho nhóm phát triển ghgcalc kèm "
        "lệnh đã chạy; chạy lại với --debug để xem traceback\n")


def test_quota_boundary_is_said_in_each_language_from_the_rule():
    """The boundary line of explain(lang) takes the rule's words of that language (boundary_texts, one per LANGS)."""
    from ghgcalc.l10n import LANGS
    from ghgcalc.lists import quota_balance, resolve_quota_boundary

    day = dt.date(2026, 11, 23)
    q = quota_balance("0104297034-001", {2025: 1_000_000}, as_of=day)
    bid, spec, _ = resolve_quota_boundary(as_of=day)
    assert set(q.boundary_texts) == set(LANGS) and q.boundary_texts["en"] == q.boundary_text == spec["en"]
    assert spec["vi"] in q.explain("vi").splitlines()[1], q.explain("vi")
    assert spec["vi"] != spec["en"] and spec["en"] not in q.explain("vi")
