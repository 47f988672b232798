"""Hostile and oversized workbooks are refused before they are parsed, quickly, naming the file (issue 14)."""

import os
import struct
import subprocess
import sys
import time
import zipfile

import openpyxl
import pytest
from click.testing import CliRunner

from ghgcalc import InputError
from ghgcalc.cli import main
from ghgcalc.io.workbook import read_workbook, write_template
from ghgcalc.io.xlsx import HostileFile, sheet_members


@pytest.fixture
def workbook(tmp_path):
    """A filled one-row workbook (the template, a facility name and a diesel row)."""
    path = tmp_path / "plant.xlsx"
    write_template(path, "en")
    wb = openpyxl.load_workbook(path)
    wb["facility"].cell(3, 3, "Test plant")
    for j, v in enumerate(("diesel", 10, "t", 2025), start=1):
        wb["stationary"].cell(4, j, v)
    wb.save(path)
    return path


def rewrite(path, replace, extra=()):
    """Copy the archive with some members replaced (name → bytes, or name → iterable of chunks) or added."""
    out = path.with_name("hostile.xlsx")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED,
                                                                            compresslevel=1) as zout:
        for info in zin.infolist():
            data = replace.get(info.filename, zin.read(info.filename))
            if isinstance(data, bytes):
                zout.writestr(info.filename, data)
            else:
                with zout.open(info.filename, "w", force_zip64=True) as fh:
                    for chunk in data:
                        fh.write(chunk)
        for name, data in extra:
            zout.writestr(name, data)
    return out


def stationary(path):
    return sheet_members(path)["stationary"]


def refused(path, **kw):
    start = time.perf_counter()
    with pytest.raises(HostileFile) as e:
        read_workbook(path, **kw)
    assert time.perf_counter() - start < 5, "a hostile file is refused in seconds"
    assert e.value.first.file == path.name
    return e.value


def test_honest_zip_bomb_is_refused_from_the_directory(workbook):
    # 300 MB of spaces compress to a few hundred KB and the archive declares the 300 MB honestly:
    # more than the default 200 MB limit, refused from the zip directory without inflating anything.
    member = stationary(workbook)
    bomb = rewrite(workbook, {member: (b" " * (1 << 20) for _ in range(300))})
    assert bomb.stat().st_size < 2_000_000
    err = refused(bomb)
    assert "300.0 MB" in str(err) and "200.0 MB" in str(err) and "--max-workbook-mb" in str(err)


def test_raising_the_limit_reads_a_big_but_genuine_workbook(workbook):
    # a 3 MB comment after the sheet data (hex: compresses only 2x): refused at 2 MB, read at 5 MB.
    member = stationary(workbook)
    with zipfile.ZipFile(workbook) as zf:
        xml = zf.read(member)
    comment = b"<!--" + os.urandom(3 << 19).hex().encode() + b"-->"
    padded = rewrite(workbook, {member: xml.replace(b"</worksheet>", comment + b"</worksheet>")})
    assert "more than the limit of 2.0 MB" in str(refused(padded, max_workbook_mb=2))
    assert read_workbook(padded, max_workbook_mb=5).activities["activity"].tolist() == ["diesel"]


def test_ratio_of_a_member_is_limited(workbook):
    # 150 MB of spaces: under the 200 MB limit, but it unpacks ~1,000x (XML compresses 10-20x)
    member = stationary(workbook)
    bomb = rewrite(workbook, {member: (b" " * (1 << 20) for _ in range(150))})
    assert "compression bomb" in str(refused(bomb))


def _patch_sizes(path, name, declared):
    """Make the archive declare ``declared`` uncompressed bytes for ``name`` (local header and directory)."""
    raw = bytearray(path.read_bytes())
    encoded = name.encode()
    local = raw.find(b"PK\x03\x04")
    while local >= 0:
        n = struct.unpack("<H", raw[local + 26:local + 28])[0]
        if raw[local + 30:local + 30 + n] == encoded:
            raw[local + 22:local + 26] = struct.pack("<I", declared)
        local = raw.find(b"PK\x03\x04", local + 4)
    central = raw.find(b"PK\x01\x02")
    while central >= 0:
        n = struct.unpack("<H", raw[central + 28:central + 30])[0]
        if raw[central + 46:central + 46 + n] == encoded:
            raw[central + 24:central + 28] = struct.pack("<I", declared)
        central = raw.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(raw))


def test_zip_bomb_that_lies_about_its_size(workbook):
    # the member inflates to 250 MB but its directory entry declares 1 KB: counted while inflating
    member = stationary(workbook)
    bomb = rewrite(workbook, {member: (b"\n" * (1 << 20) for _ in range(250))})
    _patch_sizes(bomb, member, 1024)
    assert bomb.stat().st_size < 2_000_000
    assert "declares" in str(refused(bomb))


def test_sheet_with_a_million_junk_rows(workbook):
    member = stationary(workbook)
    with zipfile.ZipFile(workbook) as zf:
        xml = zf.read(member)
    junk = b"".join(b'<row r="%d" ht="15" customHeight="1"/>' % r for r in range(5, 1_048_577))
    bomb = rewrite(workbook, {member: xml.replace(b"</sheetData>", junk + b"</sheetData>")})
    err = refused(bomb)
    assert err.first.sheet == "stationary"
    assert "more than the limit of 200,000 rows" in str(err) and "--max-sheet-rows" in str(err)


def test_one_far_away_cell_is_refused_before_the_grid_is_built(workbook):
    # the reader holds a sheet as a grid from A1: a cell at XFD1048576 would be 17 billion cells
    member = stationary(workbook)
    with zipfile.ZipFile(workbook) as zf:
        xml = zf.read(member)
    far = b"<row r='190000'><c r='XFD190000' t='n'><v>1</v></c></row></sheetData>"
    err = refused(rewrite(workbook, {member: xml.replace(b"</sheetData>", far)}))
    assert err.first.sheet == "stationary" and "16,384 columns" in str(err)


def test_entity_bomb_and_external_entity_are_refused(workbook):
    member = stationary(workbook)
    with zipfile.ZipFile(workbook) as zf:
        xml = zf.read(member)
    lol = b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    xxe = b'<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    for dtd in (lol, xxe):
        bad = rewrite(workbook, {member: xml.replace(b"<worksheet", dtd + b"<worksheet", 1)})
        assert "DTD" in str(refused(bad))


def test_too_many_members(workbook):
    bad = rewrite(workbook, {}, extra=[(f"xl/media/x{i}.bin", b"") for i in range(1_200)])
    assert "1,2" in str(refused(bad)) and "parts" in str(refused(bad))


def test_error_value_in_a_number_cell_names_its_place(workbook):
    wb = openpyxl.load_workbook(workbook)
    wb["stationary"].cell(4, 2, "#DIV/0!")  # openpyxl stores it as an error value (t="e")
    wb.save(workbook)
    with pytest.raises(InputError) as e:
        read_workbook(workbook)
    p = e.value.first
    assert (p.sheet, p.row, p.column) == ("stationary", 4, "quantity") and "#DIV/0!" in p.message


def test_cli_names_the_file_and_the_option(workbook):
    res = CliRunner().invoke(main, ["report", str(workbook), "--max-workbook-mb", "0.01"])
    assert res.exit_code == 1
    assert "plant.xlsx" in res.output and "--max-workbook-mb" in res.output
    res = CliRunner().invoke(main, ["report", str(workbook), "--max-sheet-rows", "1"])
    assert res.exit_code == 1 and "more than the limit of 1 rows per sheet" in res.output, res.output
    assert CliRunner().invoke(main, ["report", str(workbook), "--max-workbook-mb", "50"]).exit_code == 0


def test_screening_table_is_guarded_too(workbook):
    # `ghgcalc check` reads a facilities table with openpyxl: the same archive checks run first
    from ghgcalc.io.inputs import read_facilities_table

    bomb = rewrite(workbook, {stationary(workbook): (b" " * (1 << 20) for _ in range(210))})
    with pytest.raises(HostileFile, match="more than the limit of 200.0 MB"):
        read_facilities_table(bomb)


@pytest.mark.slow
def test_a_genuine_100k_row_workbook_is_still_read(workbook):
    # 100,000 stationary rows written straight into the sheet XML (as Excel would, inline text):
    # under every default limit, read whole; every 10th quantity typed as text.
    member = stationary(workbook)
    with zipfile.ZipFile(workbook) as zf:
        xml = zf.read(member)
    rows = []
    for r in range(4, 100_004):
        text = b'<c r="B%d" t="inlineStr"><is><t>%d.5</t></is></c>' % (r, r)
        q = text if r % 10 == 0 else b'<c r="B%d"><v>%d</v></c>' % (r, r)
        rows.append(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>diesel</t></is></c>%s'
                    b'<c r="C%d" t="inlineStr"><is><t>t</t></is></c><c r="D%d"><v>2025</v></c></row>' % (r, r, q, r, r))
    start = xml.index(b'<row r="4"')
    end = xml.index(b"</sheetData>")
    big = rewrite(workbook, {member: xml[:start] + b"".join(rows) + xml[end:]})
    acts = read_workbook(big).activities
    assert len(acts) == 100_000
    assert acts["_row"].iloc[[0, -1]].tolist() == [4, 100_003]
    # sum of r for r = 4..100,003, plus 0.5 for each of the 10,000 rows typed as text
    assert acts["quantity"].sum() == pytest.approx(sum(range(4, 100_004)) + 0.5 * 10_000)
    assert set(acts["activity"]) == {"diesel"} and set(acts["year"]) == {2025}


def test_formulas_saved_by_a_spreadsheet_program_are_read(workbook):
    # Excel/LibreOffice save each formula with its value: read as the value. Never calculated (no
    # <v>, or an empty one on a number) is refused, also a shared formula; an empty text result
    # (t="str", <v></v>, e.g. =IF(A1="","",…)) is a blank cell.
    member = stationary(workbook)
    with zipfile.ZipFile(workbook) as zf:
        xml = zf.read(member)
    row5 = (b'<row r="5"><c r="A5" t="inlineStr"><is><t>diesel</t></is></c><c r="B5"><f>2*3</f><v>6</v></c>'
            b'<c r="C5" t="inlineStr"><is><t>t</t></is></c><c r="D5"><v>2025</v></c>'
            b'<c r="J5" t="str"><f>IF(B5&gt;9,"big","")</f><v></v></c></row>')
    saved = rewrite(workbook, {member: xml.replace(b"</sheetData>", row5 + b"</sheetData>")})
    acts = read_workbook(saved).activities
    assert acts["quantity"].tolist() == [10, 6] and acts["description"].isna().all()
    row6 = (b'<row r="6"><c r="A6" t="inlineStr"><is><t>diesel</t></is></c><c r="B6"><f t="shared" si="0"/></c>'
            b'<c r="C6" t="inlineStr"><is><t>t</t></is></c><c r="D6"><f>2000+25</f><v></v></c></row>')
    never = rewrite(workbook, {member: xml.replace(b"</sheetData>", row5 + row6 + b"</sheetData>")})
    with pytest.raises(InputError) as e:
        read_workbook(never)
    assert [(p.row, p.column, p.code) for p in e.value.problems] == [
        (6, "quantity", "formula_without_value"), (6, "year", "formula_without_value")]
    assert "=2000+25" in e.value.problems[1].message


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="peak memory read from /proc")
def test_refusals_stay_within_500_mb(workbook):
    # a part that inflates to 600 MB while declaring 1 KB, and one cell at XFD1048576: refused by a
    # fresh process whose peak resident memory stays under 500 MB (a whole-member read would not)
    member = stationary(workbook)
    liar = rewrite(workbook, {member: (b"\n" * (1 << 20) for _ in range(600))})
    _patch_sizes(liar, member, 1024)
    liar = liar.rename(liar.with_name("liar.xlsx"))
    with zipfile.ZipFile(workbook) as zf:
        xml = zf.read(member)
    far = rewrite(workbook, {member: xml.replace(b"</sheetData>",
                                                 b"<row r='1048576'><c r='XFD1048576'><v>1</v></c></row></sheetData>")})
    code = ("import re, sys\nfrom ghgcalc.io.workbook import read_workbook\nfrom ghgcalc.io.xlsx import HostileFile\n"
            "for f in sys.argv[1:]:\n    try:\n        read_workbook(f)\n    except HostileFile as e:\n"
            "        print(e.first.code)\n"
            "print(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))\n")
    run = subprocess.run([sys.executable, "-c", code, str(liar), str(far)], capture_output=True, text=True,
                         timeout=120, check=True)
    *codes, peak_kb = run.stdout.split()
    assert codes == ["too_large", "too_large"]
    assert int(peak_kb) < 500 * 1024
